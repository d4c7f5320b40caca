"""Validators, choices and helpers every model module shares."""

from __future__ import annotations

import functools

from django.core.validators import (
    MaxLengthValidator,
    RegexValidator,
)
from django.db import models
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

from timeline.dates import Precision

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Enter a colour as #RRGGBB, for example #b91c1c.", code="colour"
)
country_validator = RegexValidator(
    r"^([A-Z]{2})?$", "Enter a two-letter ISO country code in capitals, e.g. IN.", code="country"
)
language_validator = RegexValidator(
    r"^([a-z]{2,3}(-[A-Za-z0-9]{2,8})*)?$",
    "Enter a language code such as en, hi, ur or pt-BR.",
    code="language",
)

# The chronological order of events, defined once: by first day, coarser before finer on the
# same first day, by time of day, then the editors' order among events of the same date (see
# `PartialDate.sort_key`, whose leading items are the first three), then the id.
CHRONOLOGICAL = ("date", "precision", "time", "position", "id")
# The fields that make an event's date: its start (a PartialDate) and the end of its span.
EVENT_DATE_FIELDS = (
    "date",
    "precision",
    "time",
    "utc_offset",
    "approximate",
    "end_date",
    "end_precision",
)
# What places an event among the others, less the id.
CHRONOLOGICAL_PLACE = CHRONOLOGICAL[:-1]
# An event's date as the order reads it: editing these puts it at the end of its new date.
CHRONOLOGICAL_DATE = CHRONOLOGICAL[:3]


def chronological_place(event) -> tuple:
    """The values that place `event` among the others (`CHRONOLOGICAL`, less the id)."""
    return tuple(getattr(event, name) for name in CHRONOLOGICAL_PLACE)


# Languages written right to left, for dir="rtl" on user text.
RTL_LANGUAGES = {"ar", "fa", "he", "ps", "sd", "ug", "ur", "yi", "dv", "ckb"}


# Every free-text field has a limit (issue 13), shown in its form; CharFields have max_length.
SUMMARY_MAX_LENGTH = 5_000  # rendered as Markdown: its cost grows with the text
NOTES_MAX_LENGTH = 5_000
ALIASES_MAX_LENGTH = 2_000
DESCRIPTION_MAX_LENGTH = 2_000
SOURCE_TEXT_MAX_LENGTH = 2_000_000  # an article's text: pasted articles are up to 2 MB


def length_limit(limit: int, what: str) -> MaxLengthValidator:
    """A max-length check whose message says which text is too long, and by how much."""
    return MaxLengthValidator(
        limit,
        message=f"{what} is too long: at most %(limit_value)d characters (this has "
        "%(show_value)d).",
    )


def text_direction(language: str) -> str:
    return "rtl" if (language or "").split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def _day_or_coarser(precision: int) -> Precision:
    # A span is shown to the day: a time of day would need the time itself.
    return min(Precision(precision), Precision.DAY)


def split_aliases(aliases: str) -> list[str]:
    return [line.strip() for line in (aliases or "").splitlines() if line.strip()]


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


# --- Timeline -----------------------------------------------------------------------------


class GeoPrecision(models.IntegerChoices):
    """How exactly a place locates an event, in ACLED's codes (its ``geo_precision`` column)."""

    TOWN = 1, "Town or exact place"
    NEAR_TOWN = 2, "Near a town, or part of a region"
    REGION = 3, "Region, province or natural feature"


class QuickLoading:
    """Model mixin: rows read with every column become instances without `Model.__init__`.

    `__init__` sets each column through the model's attribute (a Python call per column) and
    sends `pre_init` and `post_init`: for a page's 137 instances it was a tenth of the
    chronology's uncached CPU. A row of the model's plain columns (Django's own
    `DeferredAttribute` descriptors on every one, no `__init__` of the model's own, nobody
    listening to those signals) needs none of it: the values go straight into the instance's
    `__dict__`, as `__init__` would leave them. Anything else (deferred columns, a listener)
    goes through Django's `from_db`.
    """

    @classmethod
    def from_db(cls, db, field_names, values):
        attnames = _plain_attnames(cls)
        if (
            attnames is None
            or len(values) != len(attnames)
            or pre_init.has_listeners(cls)
            or post_init.has_listeners(cls)
        ):
            return super().from_db(db, field_names, values)
        instance = cls.__new__(cls)
        instance.__dict__.update(zip(attnames, values, strict=True))
        state = instance._state = ModelState()
        state.adding = False
        state.db = db
        return instance


@functools.cache
def _plain_attnames(model) -> tuple[str, ...] | None:
    """The model's column attribute names in field order, if loading them needs no code."""
    if model.__init__ is not models.Model.__init__:
        return None
    names = tuple(field.attname for field in model._meta.concrete_fields)
    plain = all(
        type(getattr(model, name, None)) in (DeferredAttribute, ForeignKeyDeferredAttribute)
        for name in names
    )
    return names if plain else None
