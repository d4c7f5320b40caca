"""The map's geometry without the web: the atlas, the Line of Control, the SVG's size."""

from __future__ import annotations

import random

import pytest

from timeline.maps.atlas import load_atlas
from timeline.maps.drawing import Mark, TypeShare, draw


@pytest.mark.parametrize("file_name", ["countries-10m.json", "countries-50m.json"])
def test_line_of_control_runs_from_the_chenab_to_nj9842(file_name):
    line = load_atlas(file_name).line_of_control
    (south_lon, south_lat), (north_lon, north_lat) = line[0], line[-1]
    assert 32.75 < south_lat < 32.9 and 74.2 < south_lon < 74.8  # near the Chenab
    assert abs(north_lat - 35.11) < 0.05 and abs(north_lon - 77.05) < 0.05  # NJ9842
    assert len(line) > 20


def test_the_110m_atlas_has_no_line_of_control_to_draw():
    # At 1:110m Natural Earth has no Siachen unit and the line is not worth drawing apart.
    atlas = load_atlas("countries-110m.json")
    assert atlas.disputed_arcs == set()


def mark(name, lat, lon, count=1, precisions=None, types=None):
    return Mark(
        name=name,
        slug=name.lower(),
        latitude=lat,
        longitude=lon,
        precisions=precisions or {1: count},
        count=count,
        types=types or [TypeShare("statement", "Statement", "#334155", count)],
        url=f"?place={name.lower()}",
    )


def test_a_map_of_kashmir_draws_the_line_of_control_and_labels_it():
    drawing = draw([mark("Uri", 34.08, 74.05), mark("Poonch", 33.77, 74.09)])
    assert drawing.atlas_name == "countries-10m.json"
    assert drawing.line_of_control.startswith("M")
    assert drawing.loc_label is not None


def test_the_view_holds_every_mark_with_a_margin():
    drawing = draw([mark("A", 30.0, 70.0), mark("B", 32.0, 75.0)])
    for m in drawing.marks:
        assert 0 < m.x < drawing.width and 0 < m.y < drawing.height
        assert min(m.x, drawing.width - m.x) > 0.1 * drawing.width


def test_five_hundred_places_make_less_than_150_kb_of_svg():
    rng = random.Random(1)
    types = [TypeShare(f"t{i}", f"Type number {i}", "#123456", 2) for i in range(6)]
    marks = [
        mark(
            f"Place {i}",
            rng.uniform(20, 37),
            rng.uniform(66, 90),
            count=20,
            precisions={1: 18, 3: 2},
            types=types,
        )
        for i in range(500)
    ]
    drawing = draw(marks)
    size = len(drawing.land) + len(drawing.disputed) + len(drawing.line_of_control)
    size += len(str(drawing.marks_svg))
    assert size < 150_000


def test_nothing_to_draw_without_marks():
    assert draw([]) is None
