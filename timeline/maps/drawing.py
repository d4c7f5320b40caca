"""The map as SVG: the region the marks cover, with a margin, drawn from Natural Earth.

Pure geometry: marks in, a `MapDrawing` out, which the template writes as SVG. The projection
is equirectangular, its x scaled by the cosine of the view's middle latitude, so shapes near
the centre keep their proportions; a regional map (what a chronology covers) shows no
distortion worth a heavier projection. Every path is clipped to the view and thinned to one
point per `MIN_STEP` pixels, which bounds the SVG's size whatever the data file's detail.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from timeline.maps.atlas import Atlas, atlas_for_span, ring_points

WIDTH = 800.0
MIN_ASPECT, MAX_ASPECT = 0.5, 0.8
MIN_SPAN = 2.5  # degrees of latitude shown at least, so a single place has its surroundings
MARGIN = 0.2  # of the marks' extent, on each side
MIN_STEP = 1.2  # px between kept points of a path
KM_PER_DEGREE = 111.32
#: ACLED's precision codes and the soft area (radius, km) drawn around a place's point.
AREA_KM = {1: 0.0, 2: 25.0, 3: 80.0}
SHORT_PRECISION_LABELS = {0: "of unknown precision", 1: "exact", 2: "near", 3: "regional"}
PRECISION_LABELS = {
    0: "precision not recorded",
    1: "exact place (town)",
    2: "near a town or part of a region",
    3: "region",
}


@dataclass
class TypeShare:
    slug: str
    label: str
    colour: str
    count: int


@dataclass
class Mark:
    """One place: where, how many events, of which types, at which precisions."""

    name: str
    slug: str
    latitude: float
    longitude: float
    precisions: dict[int, int]  # events at each precision (0: not recorded)
    count: int
    types: list[TypeShare]
    url: str = ""
    x: float = 0.0
    y: float = 0.0
    radius: float = 0.0
    area_radius: float = 0.0
    slices: list[tuple[str, str]] = field(default_factory=list)  # (colour, path d) or whole
    labelled: bool = False

    @property
    def precision(self) -> int:
        """The finest precision of its events: a point unless all are known only loosely."""
        return min(self.precisions)

    @property
    def area_precision(self) -> int:
        """The coarsest: how far the soft area around the point reaches."""
        return max(self.precisions)

    @property
    def precision_label(self) -> str:
        if len(self.precisions) == 1:
            return PRECISION_LABELS.get(self.precision, "")
        return ", ".join(
            f"{n} {SHORT_PRECISION_LABELS.get(p, '')}" for p, n in sorted(self.precisions.items())
        )

    @property
    def accessible_name(self) -> str:
        """What the mark's title says (and a screen reader reads): the table has the rest."""
        kinds = "; ".join(f"{t.label}: {t.count}" for t in self.types[:2])
        if len(self.types) > 2:
            kinds += f"; {len(self.types) - 2} more types"
        noun = "event" if self.count == 1 else "events"
        return f"{self.name}: {self.count} {noun} ({kinds}); {self.precision_label}"

    @property
    def label_x(self) -> float:
        return round(self.x + self.radius + 3)

    @property
    def colour(self) -> str:
        return self.types[0].colour if self.types else "#666"


@dataclass
class MapDrawing:
    width: float
    height: float
    bounds: tuple[float, float, float, float]  # west, south, east, north
    land: str
    disputed: str
    line_of_control: str
    loc_label: tuple[float, float, float] | None  # x, y, angle
    marks: list[Mark]
    atlas_name: str
    pies: bool = True

    @property
    def marks_svg(self):
        from timeline.maps.markup import marks_svg

        return marks_svg(self)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


class Projection:
    def __init__(self, west, south, east, north, width):
        self.west, self.north = west, north
        self.kx = math.cos(math.radians((south + north) / 2))
        self.scale = width / ((east - west) * self.kx)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.kx * self.scale, (self.north - lat) * self.scale

    def km(self, km: float) -> float:
        return km / KM_PER_DEGREE * self.scale


def extent(marks: list[Mark]) -> tuple[float, float, float, float]:
    """West, south, east, north of the marks with a margin, at an aspect a page can show."""
    lons = _unwrapped([m.longitude for m in marks])
    lats = [m.latitude for m in marks]
    reach = max(AREA_KM.get(m.area_precision, 0) for m in marks) / KM_PER_DEGREE
    west, east = min(lons) - reach, max(lons) + reach
    south, north = min(lats) - reach, max(lats) + reach
    lat_span = max(north - south, MIN_SPAN)
    kx = math.cos(math.radians((south + north) / 2))
    lon_span = max(east - west, MIN_SPAN / kx)
    lat_span *= 1 + 2 * MARGIN
    lon_span *= 1 + 2 * MARGIN
    # Pad the narrower side so the map keeps a usable shape.
    aspect = lat_span / (lon_span * kx)
    if aspect < MIN_ASPECT:
        lat_span = MIN_ASPECT * lon_span * kx
    elif aspect > MAX_ASPECT:
        lon_span = lat_span / (MAX_ASPECT * kx)
    mid_lon, mid_lat = (west + east) / 2, (south + north) / 2
    south = max(-89.0, mid_lat - lat_span / 2)
    north = min(89.0, mid_lat + lat_span / 2)
    if max(lons) <= 180.0:
        west = max(-180.0, mid_lon - lon_span / 2)
        east = min(180.0, mid_lon + lon_span / 2)
    else:  # across the antimeridian: east is past 180 (Samoa at -172 drawn at 188)
        lon_span = min(lon_span, 360.0)
        west, east = mid_lon - lon_span / 2, mid_lon + lon_span / 2
    return west, south, east, north


def _unwrapped(lons: list[float]) -> list[float]:
    """The longitudes as drawn: where the marks lie either side of the antimeridian and are
    closer across it (Fiji at 178, Samoa at -172), those west of it go on past 180, so the
    view covers the Pacific between them rather than the whole world the other way round."""
    across = [lon + 360.0 if lon < 0 else lon for lon in lons]
    if max(across) - min(across) < max(lons) - min(lons):
        return across
    return lons


def drawn_longitude(longitude: float, bounds) -> float:
    """A longitude inside a view that may run past 180 (see `_unwrapped`)."""
    return longitude + 360.0 if longitude < bounds[0] and bounds[2] > 180.0 else longitude


def _clip_ring(points, xmin, ymin, xmax, ymax):
    """Sutherland–Hodgman: a polygon ring cut to the rectangle."""

    def cut(points, inside, meet):
        out = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(meet(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(meet(previous, current))
        return out

    def at_x(x):
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def at_y(y):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)

    for inside, meet in (
        (lambda p: p[0] >= xmin, at_x(xmin)),
        (lambda p: p[0] <= xmax, at_x(xmax)),
        (lambda p: p[1] >= ymin, at_y(ymin)),
        (lambda p: p[1] <= ymax, at_y(ymax)),
    ):
        if not points:
            break
        points = cut(points, inside, meet)
    return points


def _thin(points):
    kept = []
    for x, y in points:
        if kept and abs(x - kept[-1][0]) < MIN_STEP and abs(y - kept[-1][1]) < MIN_STEP:
            continue
        kept.append((x, y))
    return kept


def _joined(numbers) -> str:
    """Numbers as SVG path data writes them: a minus sign separates as well as a space."""
    text = ""
    for number in numbers:
        item = str(number)
        text += item if not text or item.startswith("-") else " " + item
    return text


def _path(points, *, closed: bool) -> str:
    """Path data in whole pixels, relative after the first point: "M12 40l3-2 4 1z"."""
    rounded = []
    for x, y in points:
        point = (round(x), round(y))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    if len(rounded) < 2:
        return ""
    deltas = []
    for (x0, y0), (x1, y1) in zip(rounded, rounded[1:], strict=False):
        deltas += [x1 - x0, y1 - y0]
    start = f"M{_joined(rounded[0])}"
    return f"{start}l{_joined(deltas)}" + ("z" if closed else "")


class _Frame:
    def __init__(self, atlas: Atlas, bounds, project: Projection, width, height):
        self.atlas, self.project = atlas, project
        self.bounds = bounds
        pad = 8.0
        self.rect = (-pad, -pad, width + pad, height + pad)

    #: Degrees added to the atlas's longitudes: 360 draws it again east of the antimeridian.
    shift = 0.0

    def visible(self, bbox) -> bool:
        west, south, east, north = self.bounds
        west, east = west - self.shift, east - self.shift
        return not (bbox[2] < west or bbox[0] > east or bbox[3] < south or bbox[1] > north)

    def polyline(self, lonlats) -> str:
        """A line's runs inside the view (with the points either side, so it leaves the edge)."""
        xmin, ymin, xmax, ymax = self.rect
        shift = self.shift
        points = [self.project(lon + shift, lat) for lon, lat in lonlats]
        inside = [xmin <= x <= xmax and ymin <= y <= ymax for x, y in points]
        runs, run = [], []
        for i, point in enumerate(points):
            near = inside[i] or (i > 0 and inside[i - 1]) or (i + 1 < len(points) and inside[i + 1])
            if near:
                run.append(point)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        return "".join(_path(_thin(r), closed=False) for r in runs)

    def arc(self, index: int) -> str:
        if not self.visible(self.atlas.arc_bboxes[index]):
            return ""
        return self.polyline(self.atlas.arcs[index])

    def country(self, country) -> str:
        parts = []
        for polygon in country.polygons:
            for ring in polygon:
                # A ring's box is its arcs' boxes together (known since loading): only the
                # rings in view are joined into points.
                boxes = [self.atlas.arc_bboxes[i if i >= 0 else ~i] for i in ring]
                box = (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                )
                if not self.visible(box):
                    continue
                points = ring_points(self.atlas.arcs, ring)
                shift = self.shift
                projected = _clip_ring(
                    [self.project(lon + shift, lat) for lon, lat in points], *self.rect
                )
                parts.append(_path(_thin(projected), closed=True))
        return "".join(parts)


OTHER_COLOUR = "#8c8c8c"
PIE_SLICES = 3  # the two largest types, then the rest together: a mark stays small and legible


def _pie(mark: Mark) -> list[tuple[str, str]]:
    """(colour, path) per slice; a single type is a full circle (path "")."""
    if len(mark.types) == 1:
        return [(mark.types[0].colour, "")]
    shares = mark.types
    if len(shares) > PIE_SLICES:
        rest = sum(t.count for t in shares[PIE_SLICES - 1 :])
        shares = [*shares[: PIE_SLICES - 1], TypeShare("", "Other types", OTHER_COLOUR, rest)]
    slices, angle = [], -math.pi / 2
    cx, cy, r = mark.x, mark.y, mark.radius
    for share in shares:
        sweep = 2 * math.pi * share.count / mark.count
        end = angle + sweep
        x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
        x2, y2 = cx + r * math.cos(end), cy + r * math.sin(end)
        large = 1 if sweep > math.pi else 0
        d = f"M{cx} {cy}L{x1:.0f} {y1:.0f}A{r:g} {r:g} 0 {large} 1 {x2:.0f} {y2:.0f}z"
        slices.append((share.colour, d))
        angle = end
    return slices


LABELLED_MARKS = 12
#: Above this many marks, each takes its most frequent type's colour instead of a pie: a map
#: of hundreds of places stays readable and its SVG small.
MOST_PIES = 100


@dataclass(frozen=True)
class BaseMap:
    """What a map draws beneath its marks, the same for every map of the same extent."""

    height: float
    land: str
    disputed: str
    line_of_control: str
    loc_label: tuple[float, float, float] | None
    atlas_name: str


@lru_cache(maxsize=64)
def base_map(bounds: tuple[float, float, float, float]) -> BaseMap:
    """The countries, disputed edges and Line of Control clipped and projected to `bounds`.

    Pure geometry, a few hundred KB at most: kept per extent in each process (64 extents),
    since clipping the outlines is most of a map's drawing and a timeline's extent only
    changes when a place at its edge does.
    """
    west, south, east, north = bounds
    project = Projection(west, south, east, north, WIDTH)
    height = round((north - south) * project.scale, 1)
    atlas = atlas_for_span(east - west)
    frame = _Frame(atlas, bounds, project, WIDTH, height)
    # Countries are filled and outlined (coasts and boundaries alike); the disputed lines are
    # drawn over them, the Line of Control on a halo that hides the outline beneath it.
    # A view across the antimeridian (east past 180) draws the atlas a second time, shifted.
    land, disputed, loc, loc_label = [], [], "", None
    for shift in (0.0, 360.0) if east > 180.0 else (0.0,):
        frame.shift = shift
        land += [
            d for c in atlas.countries if frame.visible(c.bbox) for d in [frame.country(c)] if d
        ]
        disputed += [d for i in sorted(atlas.disputed_arcs) for d in [frame.arc(i)] if d]
        if atlas.line_of_control and not loc:
            loc = frame.polyline(atlas.line_of_control)
            if loc:
                shifted = [(lon + shift, lat) for lon, lat in atlas.line_of_control]
                loc_label = _line_label(shifted, project, WIDTH, height)
    return BaseMap(height, "".join(land), "".join(disputed), loc, loc_label, atlas.name)


def draw(marks: list[Mark]) -> MapDrawing | None:
    """The map of `marks` (places with coordinates); None when there is nothing to place."""
    if not marks:
        return None
    bounds = extent(marks)
    west, south, east, north = bounds
    project = Projection(west, south, east, north, WIDTH)
    base = base_map(bounds)

    biggest = max(m.count for m in marks)
    for mark in marks:
        x, y = project(drawn_longitude(mark.longitude, bounds), mark.latitude)
        mark.x, mark.y = round(x), round(y)
        mark.radius = round(4.0 + 12.0 * math.sqrt(mark.count / biggest), 1)
        area = project.km(AREA_KM.get(mark.area_precision, 0.0))
        coarse = mark.area_precision > 1
        mark.area_radius = round(max(area, mark.radius * 1.8)) if coarse else 0
        mark.slices = _pie(mark) if len(marks) <= MOST_PIES else [(mark.colour, "")]
    # Largest first, so smaller marks stay on top and reachable.
    marks = sorted(marks, key=lambda m: (-max(m.radius, m.area_radius), m.name))
    for mark in sorted(marks, key=lambda m: -m.count)[:LABELLED_MARKS]:
        mark.labelled = True
    return MapDrawing(
        width=WIDTH,
        height=base.height,
        bounds=bounds,
        land=base.land,
        disputed=base.disputed,
        line_of_control=base.line_of_control,
        loc_label=base.loc_label,
        marks=marks,
        atlas_name=base.atlas_name,
        pies=len(marks) <= MOST_PIES,
    )


def _line_label(line, project, width, height):
    """Where to write "Line of Control": beside its middle visible stretch, along it."""
    points = [project(lon, lat) for lon, lat in line]
    visible = [p for p in points if 20 <= p[0] <= width - 20 and 20 <= p[1] <= height - 20]
    if len(visible) < 4:
        return None
    middle = len(visible) // 2
    (x1, y1), (x2, y2) = visible[max(0, middle - 3)], visible[min(len(visible) - 1, middle + 3)]
    angle = math.degrees(math.atan2(y2 - y1, x2 - x1))
    if angle > 90:
        angle -= 180
    elif angle < -90:
        angle += 180
    x, y = visible[middle]
    return round(x, 1), round(y, 1), round(angle, 1)
