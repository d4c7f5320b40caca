"""Natural Earth's countries (npm `world-atlas`, copied into static/map/ by `make static`),
decoded from TopoJSON once per process, and the Line of Control taken from them.

world-atlas 2.0.2 redistributes Natural Earth 4.1's admin-0 countries, which draw boundaries
where control lies on the ground (Natural Earth's "de facto" view). In Kashmir that puts the
India–Pakistan boundary on the Line of Control, ending at point NJ9842; the Siachen Glacier,
held by India and claimed by Pakistan, is a unit of its own; Aksai Chin, held by China and
claimed by India, lies within China. The Line of Control is therefore the stretch of the arc
India and Pakistan share north of the Chenab (about 32.78° N, where the Working Boundary
ends), up to NJ9842; the arcs around the Siachen unit are drawn as disputed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings

#: Files of world-atlas, finest first, and the widest view (degrees of longitude) each serves:
#: a finer file over a wider view would only add points the drawing drops.
RESOLUTIONS = (
    ("countries-10m.json", 12.0),
    ("countries-50m.json", 60.0),
    ("countries-110m.json", 360.0),
)
LOC_SOUTH_END = 32.78  # latitude where the India–Pakistan arc leaves the Working Boundary
INDIA, PAKISTAN, SIACHEN = "India", "Pakistan", "Siachen Glacier"


def atlas_dir() -> Path:
    return Path(settings.BASE_DIR) / "static" / "map"


@dataclass
class Country:
    name: str
    #: polygons, each a list of rings, each a list of signed arc indices (TopoJSON's ~i reverses)
    polygons: list[list[list[int]]]
    bbox: tuple[float, float, float, float]


@dataclass
class Atlas:
    name: str
    arcs: list[list[tuple[float, float]]]
    arc_bboxes: list[tuple[float, float, float, float]]
    countries: list[Country]
    line_of_control: list[tuple[float, float]] = field(default_factory=list)
    disputed_arcs: set[int] = field(default_factory=set)
    loc_arcs: set[int] = field(default_factory=set)


def _decode_arcs(topology) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _bbox(points) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def ring_points(arcs, ring: list[int]) -> list[tuple[float, float]]:
    """A ring's points from its arcs (each arc's first point repeats the previous arc's last)."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


@cache
def load_atlas(file_name: str) -> Atlas:
    with open(atlas_dir() / file_name, encoding="utf-8") as handle:
        topology = json.load(handle)
    arcs = _decode_arcs(topology)
    arc_bboxes = [_bbox(arc) for arc in arcs]
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        indices = [i if i >= 0 else ~i for polygon in polygons for ring in polygon for i in ring]
        boxes = [arc_bboxes[i] for i in indices]
        bbox = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        name = (geometry.get("properties") or {}).get("name", "")
        countries.append(Country(name=name, polygons=polygons, bbox=bbox))
    atlas = Atlas(file_name, arcs, arc_bboxes, countries)
    _find_disputed(atlas)
    return atlas


def _arc_set(country: Country) -> set[int]:
    return {i if i >= 0 else ~i for polygon in country.polygons for ring in polygon for i in ring}


def _find_disputed(atlas: Atlas) -> None:
    """The Line of Control and the Siachen unit's edges, from the arcs the countries share."""
    by_name = {c.name: _arc_set(c) for c in atlas.countries}
    if INDIA not in by_name or PAKISTAN not in by_name:
        return
    line: list[tuple[float, float]] = []
    for index in sorted(by_name[INDIA] & by_name[PAKISTAN]):
        arc = atlas.arcs[index]
        if arc[0][1] > arc[-1][1]:
            arc = arc[::-1]  # from south to north
        start = next((n for n, p in enumerate(arc) if p[1] >= LOC_SOUTH_END), None)
        if start is not None and arc[-1][1] > LOC_SOUTH_END:
            line = arc[start:]
            atlas.loc_arcs.add(index)
    atlas.line_of_control = line
    atlas.disputed_arcs = by_name.get(SIACHEN, set())


def atlas_for_span(span_degrees: float) -> Atlas:
    for file_name, widest in RESOLUTIONS:
        if span_degrees <= widest:
            return load_atlas(file_name)
    return load_atlas(RESOLUTIONS[-1][0])
