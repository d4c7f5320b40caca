"""The place part of the event form: the event's own geographic precision, and the
coordinates, country and precision of a place typed for the first time.

The gazetteer (timeline.maps.gazetteer, through `/editor/places/gazetteer/`) fills the new
place's fields when the editor picks a match; the editor can still correct them, and without
JavaScript types them. They apply only when the place is new: a known place keeps its own.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from timeline.forms.fields import find_by_name
from timeline.models import GeoPrecision, Place
from timeline.models.common import country_validator

PRECISION_CHOICES = [(str(value), label) for value, label in GeoPrecision.choices]


def _coordinate(label: str, limit: int) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-limit),
        max_value=Decimal(limit),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "invalid": f"Enter the {label.lower()} in decimal degrees, e.g. 34.37.",
            "min_value": f"A {label.lower()} is between -{limit} and {limit}.",
            "max_value": f"A {label.lower()} is between -{limit} and {limit}.",
            "max_decimal_places": "Six decimal places at most (about 10 cm).",
            "max_digits": f"A {label.lower()} is between -{limit} and {limit}.",
        },
    )


class PlaceFieldsForm(forms.Form):
    geo_precision = forms.TypedChoiceField(
        label="How exactly the place locates this event",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "As the place says")] + PRECISION_CHOICES,
        help_text="Choose a coarser precision when the report places the event only loosely.",
    )
    place_latitude = _coordinate("Latitude", 90)
    place_longitude = _coordinate("Longitude", 180)
    place_country = forms.CharField(
        label="Country code",
        required=False,
        max_length=2,
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 3}),
        help_text="Two letters (IN, PK); for a disputed area, the one that administers it.",
    )
    place_precision = forms.TypedChoiceField(
        label="Precision of the new place",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Not known")] + PRECISION_CHOICES,
    )

    def clean_place_country(self):
        code = self.cleaned_data["place_country"].strip().upper()
        country_validator(code)  # after upper-casing: "pk" is as good as "PK"
        return code

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("place_latitude"), cleaned.get("place_longitude")
        if (latitude is None) != (longitude is None) and not self.has_error("place_latitude"):
            missing = "place_longitude" if longitude is None else "place_latitude"
            if not self.has_error(missing):
                self.add_error(
                    missing,
                    ValidationError(
                        "Give both the latitude and the longitude, or neither.", code="pair"
                    ),
                )
        name = (cleaned.get("place") or "").strip()
        existing = find_by_name(Place, name) if name else None
        own = cleaned.get("geo_precision")
        of_place = existing.geo_precision if existing else cleaned.get("place_precision")
        if own and of_place and own < of_place:
            self.add_error(
                "geo_precision",
                ValidationError(
                    "An event can be located less exactly than its place, not more: "
                    "%(place)s is “%(label)s”.",
                    code="finer_than_place",
                    params={"place": name, "label": GeoPrecision(of_place).label},
                ),
            )
        return cleaned

    def new_place_details(self) -> dict:
        """What a new place is created with (the service ignores it for a known place)."""
        data = self.cleaned_data
        return {
            "latitude": data.get("place_latitude"),
            "longitude": data.get("place_longitude"),
            "country_code": data.get("place_country") or "",
            "geo_precision": data.get("place_precision"),
        }
