"""What the editor forms share: how sources and dates are written in a field, and finding an
actor or place by the name typed.
"""

from __future__ import annotations

import re

from django.db.models import Q

from timeline.dates import DateParseError, PartialDate, parse_partial_date
from timeline.models import (
    Source,
)

# /timelines/new/ is the page that creates a timeline.
RESERVED_SLUGS = {"new"}
# ASCII digits, at most 18: int() of thousands of digits raises, and no id is that long.
SOURCE_REF_RE = re.compile(r"\[#([0-9]{1,18})\]\s*$")


def source_ref(source: Source) -> str:
    """How a source is written in the Source field: its title and id, e.g. 'Ceasefire [#3]'."""
    return f"{source.title} [#{source.pk}]"


def date_text(partial: PartialDate) -> str:
    """The editable text of a date; approximation has its own checkbox."""
    return PartialDate(partial.date, partial.precision, partial.time, partial.utc_offset).display()


def date_feedback(text: str) -> dict:
    """How a typed date was read, for the line of feedback under a date field."""
    if not (text or "").strip():
        return {"ok": None, "message": ""}
    try:
        return {"ok": True, "message": f"Understood as: {parse_partial_date(text).display()}"}
    except DateParseError as error:
        return {"ok": False, "message": str(error)}


def find_by_name(model, text: str):
    """An actor or place whose name or slug is exactly ``text`` (ignoring case), or None."""
    text = text.strip()
    return model.objects.filter(Q(name__iexact=text) | Q(slug__iexact=text)).first()
