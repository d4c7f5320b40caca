"""The map's marks and its table of places as markup, written here rather than by template
loops: a map of 500 places is 500 links and 500 table rows, which Django's template engine
takes hundreds of milliseconds to render and this takes a few. Every text is escaped.

Mark links are relative to the map's own address (`?place=...&type=...`): the page and its
htmx fragment are always at `/timelines/<slug>/map/`, and a relative link keeps the SVG small.
"""

from __future__ import annotations

from html import escape  # Django's escape without its lazy-text check: these are all str

from django.utils.safestring import SafeString, mark_safe


def _relative(url: str) -> str:
    return url[url.index("?") :] if "?" in url else url


def marks_svg(drawing) -> SafeString:
    """The soft areas first, all of them, so that no area lies over another place's point and
    takes its clicks; then one link per place with its point (or pie) and label."""
    parts = ['<g class="map-areas" aria-hidden="true">']
    for mark in drawing.marks:
        if mark.area_radius:
            parts.append(
                f'<circle class="p{mark.area_precision}" cx="{mark.x}" cy="{mark.y}" '
                f'r="{mark.area_radius}" fill="{escape(mark.colour)}"/>'
            )
    parts.append("</g>")
    for mark in drawing.marks:
        parts.append(
            f'<a href="{escape(_relative(mark.url))}" class="p{mark.precision}">'
            f"<title>{escape(mark.accessible_name)}</title>"
        )
        for colour, d in mark.slices:
            if d:
                parts.append(f'<path d="{d}" fill="{escape(colour)}"/>')
            else:
                parts.append(
                    f'<circle cx="{mark.x}" cy="{mark.y}" r="{mark.radius:g}" '
                    f'fill="{escape(colour)}"/>'
                )
        if mark.labelled:
            parts.append(f'<text x="{mark.label_x}" y="{mark.y}" dy="4">{escape(mark.name)}</text>')
        parts.append("</a>")
    return mark_safe("".join(parts))  # noqa: S308 -- every interpolated text is escaped above


def place_rows(places, *, place_url) -> SafeString:
    """The table's body: place (narrowing the list, and its own page), count, types, precision,
    coordinates."""
    rows = []
    for place in places:
        narrowed = escape(place.url)
        rows.append(
            f'<tr><th scope="row"><a href="{narrowed}" hx-get="{narrowed}"><bdi>'
            f"{escape(place.name)}</bdi></a> "
            f'<a class="meta" href="{escape(place_url(place.slug))}">(place page)</a></th>'
            f'<td class="number">{place.count}</td><td>{escape(place.type_text)}</td>'
            f"<td>{escape(place.precision_text)}</td>"
            f"<td>{place.latitude:.2f}, {place.longitude:.2f}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 -- every interpolated text is escaped above
