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


def test_places_either_side_of_the_antimeridian_get_the_pacific_not_the_world():
    suva, apia = mark("Suva", -18.14, 178.44), mark("Apia", -13.83, -171.76)
    drawing = draw([suva, apia])
    west, _, east, _ = drawing.bounds
    assert east - west < 30  # about 10 degrees apart across 180, not 350 the other way
    assert west < 178.44 and east > 360 - 171.76
    for place in drawing.marks:
        assert 0 < place.x < drawing.width and 0 < place.y < drawing.height
    apia_x = next(m.x for m in drawing.marks if m.name == "Apia")
    suva_x = next(m.x for m in drawing.marks if m.name == "Suva")
    assert suva_x < apia_x  # Samoa east of Fiji, as on the globe
    assert drawing.land  # Fiji's and Samoa's islands, drawn from either side of 180


def test_places_on_one_side_of_the_antimeridian_keep_their_longitudes():
    drawing = draw([mark("Poonch", 33.77, 74.09), mark("Uri", 34.08, 74.05)])
    west, _, east, _ = drawing.bounds
    assert -180 <= west < 74.05 and 74.09 < east <= 180
