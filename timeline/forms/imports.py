"""The upload form of the import page, with the filters a GDELT events file may be read with."""

from __future__ import annotations

import datetime
import re

from django import forms

from timeline.formats.gdelt import GdeltFilters, parse_codes
from timeline.formats.import_files import FORMAT_CHOICES, check_size
from timeline.formats.records import ImportFileError

MAX_FILTER_CODES = 30
DAY_MESSAGE = "Enter a day as YYYY-MM-DD, for example 2015-02-18."
FILTER_FIELDS = ("gdelt_countries", "gdelt_cameo", "gdelt_since", "gdelt_until")


def _day_field(label: str, help_text: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=help_text,
        error_messages={"invalid": DAY_MESSAGE},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="export.json from a timeline, a TimelineJS3 JSON file, a CSV with the "
        "columns of events.csv, an ACLED export or a GDELT events file. Up to 10 MB (larger "
        "ACLED and GDELT files: the import_timeline command).",
        error_messages={"required": "Choose a file to import."},
    )
    format = forms.ChoiceField(label="Format", choices=FORMAT_CHOICES, initial="auto")
    gdelt_countries = forms.CharField(
        label="Countries",
        required=False,
        max_length=200,
        help_text=(
            "Keep rows involving these countries, separated by commas: 3-letter CAMEO codes "
            "(IND, PAK) match the actors' countries, 2-letter FIPS codes (IN, PK) the place of "
            f"the action. Up to {MAX_FILTER_CODES} codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    gdelt_cameo = forms.CharField(
        label="CAMEO event codes",
        required=False,
        max_length=200,
        help_text=(
            "Keep rows with these event codes, separated by commas: a root code (19 for "
            f"fighting) or a full one (0871), leading zeros included. Up to {MAX_FILTER_CODES} "
            "codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    gdelt_since = _day_field("From", "Keep rows of this day and later (YYYY-MM-DD).")
    gdelt_until = _day_field("Until", "Keep rows of this day and earlier (YYYY-MM-DD).")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except ImportFileError as error:
            raise forms.ValidationError(
                f"The file {error.problems[0].message}.", code="too_big"
            ) from None
        return upload

    def _codes(self, name: str, pattern: str, example: str, extra_check=None) -> set[str]:
        codes = parse_codes(self.cleaned_data[name])
        wrong = sorted(c for c in codes if not re.fullmatch(pattern, c) or not extra_check(c))
        if wrong:
            raise forms.ValidationError(
                "Not a code: %(wrong)s. Use codes like %(example)s.",
                code="bad_code",
                params={"wrong": ", ".join(wrong), "example": example},
            )
        if len(codes) > MAX_FILTER_CODES:
            raise forms.ValidationError(
                "%(count)s codes: at most %(limit)s.",
                code="too_many_codes",
                params={"count": len(codes), "limit": MAX_FILTER_CODES},
            )
        return codes

    def clean_gdelt_countries(self) -> set[str]:
        return self._codes("gdelt_countries", "[A-Z]{2,3}", "IND, PAK or IN, PK", lambda c: True)

    def clean_gdelt_cameo(self) -> set[str]:
        # CAMEO root codes run from 01 to 20; base and full codes add one or two digits.
        return self._codes(
            "gdelt_cameo", "[0-9]{2,4}", "19, 190 or 0871", lambda c: 1 <= int(c[:2]) <= 20
        )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("gdelt_since"), cleaned.get("gdelt_until")
        if since and until and until < since:
            self.add_error(
                "gdelt_until",
                forms.ValidationError(
                    "This day (%(until)s) is before the first day (%(since)s).",
                    code="until_before_since",
                    params={"until": until.isoformat(), "since": since.isoformat()},
                ),
            )
        return cleaned

    @property
    def filters_given(self) -> list[str]:
        """The names of the GDELT filter fields filled in (valid or not)."""
        return [name for name in FILTER_FIELDS if (self.data.get(name) or "").strip()]

    def gdelt_filters(self) -> GdeltFilters | None:
        """The filters of a valid form; None when none is given."""
        if not self.filters_given:
            return None
        data = self.cleaned_data
        return GdeltFilters(
            countries=data["gdelt_countries"],
            cameo=data["gdelt_cameo"],
            since=data["gdelt_since"],
            until=data["gdelt_until"],
        )


def filters_to_session(filters: GdeltFilters | None) -> dict | None:
    if filters is None:
        return None
    return {
        "countries": sorted(filters.countries),
        "cameo": sorted(filters.cameo),
        "since": filters.since.isoformat() if filters.since else "",
        "until": filters.until.isoformat() if filters.until else "",
    }


def filters_from_session(saved: dict | None) -> GdeltFilters | None:
    if not saved:
        return None
    return GdeltFilters(
        countries=set(saved["countries"]),
        cameo=set(saved["cameo"]),
        since=datetime.date.fromisoformat(saved["since"]) if saved["since"] else None,
        until=datetime.date.fromisoformat(saved["until"]) if saved["until"] else None,
    )


def filters_text(filters: GdeltFilters | None) -> str:
    """The filters as the preview states them."""
    if filters is None:
        return ""
    parts = []
    if filters.countries:
        parts.append("countries " + ", ".join(sorted(filters.countries)))
    if filters.cameo:
        parts.append("CAMEO codes " + ", ".join(sorted(filters.cameo)))
    if filters.since:
        parts.append(f"from {filters.since.isoformat()}")
    if filters.until:
        parts.append(f"until {filters.until.isoformat()}")
    return "; ".join(parts)
