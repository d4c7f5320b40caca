"""The event form, and `EventEditor`: the form with its actor and citation formsets.

Each form turns what an editor typed into the plain values the services in
`timeline.services.events` save; every refusal is a message next to the field that caused it.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from timeline.dates import DateParseError, PartialDate, Precision, parse_partial_date
from timeline.forms.fields import (
    date_feedback,
    date_text,
    find_by_name,
    source_ref,
)
from timeline.forms.places import PlaceFieldsForm
from timeline.forms.rows import ActorFormSet, CitationFormSet, wanted_rows
from timeline.models import (
    NOTES_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TAG_MAX_LENGTH,
    TAGS_PER_EVENT,
    ActorKind,
    ActorRole,
    Event,
    EventType,
    Place,
    PublicationStatus,
    Source,
    Stance,
    length_limit,
)
from timeline.services.events import ActorPart, CitationItem, EventChanges
from timeline.services.tags import tag_slug


class EventForm(PlaceFieldsForm):
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Give the event a title."}
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        # A validator, not max_length: a browser's maxlength would cut a paste silently.
        validators=[length_limit(SUMMARY_MAX_LENGTH, "The summary")],
        help_text=(
            "Markdown: **bold**, *italic*, [a link](https://example.org). "
            f"Up to {SUMMARY_MAX_LENGTH:,} characters."
        ),
    )
    date = forms.CharField(
        label="Date",
        max_length=100,
        help_text=(
            "For example 1972, May 2025, 10 May 2025, 2025-05-10 or 10 May 2025 17:00 +05:30."
        ),
        error_messages={"required": "Enter a date, for example 10 May 2025."},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    approximate = forms.BooleanField(label="Approximate", required=False)
    end_date = forms.CharField(
        label="Until",
        max_length=100,
        required=False,
        help_text="Only for events that span a period; same forms as the start.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    event_type = forms.ModelChoiceField(
        label="Type",
        queryset=EventType.objects.all(),
        empty_label="Choose a type",
        error_messages={"required": "Choose the kind of event."},
    )
    place = forms.CharField(
        label="Place",
        max_length=200,
        required=False,
        help_text="Pick a known place or type a new one.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label="Status",
        choices=PublicationStatus.choices,
        initial=PublicationStatus.DRAFT,
        help_text="Drafts are shown to this timeline's editors only.",
    )
    tags = forms.CharField(
        label="Tags",
        required=False,
        # Room for every tag at its longest; the count and each length are checked in clean_tags.
        validators=[length_limit(TAGS_PER_EVENT * (TAG_MAX_LENGTH + 2), "The tags")],
        help_text=(
            "Separated by commas, for example: ceasefire, Kashmir. "
            f"Up to {TAGS_PER_EVENT} tags of up to {TAG_MAX_LENGTH} characters each."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    notes = forms.CharField(
        label="Editors' notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[length_limit(NOTES_MAX_LENGTH, "The notes")],
        help_text=(
            "How the date was established, open questions. Not shown to readers. "
            f"Up to {NOTES_MAX_LENGTH:,} characters."
        ),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_for(cls, event: Event) -> dict:
        end = event.partial_end_date
        return {
            "title": event.title,
            "summary": event.summary,
            "date": date_text(event.partial_date),
            "approximate": event.approximate,
            "end_date": end.display() if end else "",
            "event_type": event.event_type_id,
            "place": event.place.name if event.place_id else "",
            "geo_precision": event.geo_precision,
            "status": event.status,
            "notes": event.notes,
            "tags": ", ".join(tag.name for tag in event.tags.all()),
            "version": event.version,
        }

    def clean_tags(self) -> list[str]:
        """The tags as names: spaces tidied, blanks dropped, one of each (as a tag's slug)."""
        names: dict[str, str] = {}
        for part in self.cleaned_data["tags"].split(","):
            name = " ".join(part.split())
            if not name:
                continue
            if len(name) > TAG_MAX_LENGTH:
                raise ValidationError(
                    "The tag “%(start)s…” is %(length)s characters long; "
                    "a tag has at most %(limit)s.",
                    code="tag_length",
                    params={"start": name[:30], "length": len(name), "limit": TAG_MAX_LENGTH},
                )
            names.setdefault(tag_slug(name), name)
        if len(names) > TAGS_PER_EVENT:
            raise ValidationError(
                "%(count)s tags: an event has at most %(limit)s. Remove some, or merge them.",
                code="tag_count",
                params={"count": len(names), "limit": TAGS_PER_EVENT},
            )
        return list(names.values())

    def clean_version(self) -> int:
        # A missing or garbled version cannot match a saved one: the save becomes a conflict
        # (shown side by side), never an error hidden in an invisible field.
        text = self.cleaned_data["version"].strip()
        # ASCII digits only: str.isdigit() also accepts "²", which int() then refuses.
        return int(text) if re.fullmatch(r"[0-9]{1,18}", text) else 0

    def clean_date(self):
        try:
            return parse_partial_date(self.cleaned_data["date"])
        except DateParseError as error:
            raise ValidationError(str(error), code="date") from error

    def clean_end_date(self):
        text = self.cleaned_data["end_date"].strip()
        if not text:
            return None
        try:
            end = parse_partial_date(text)
        except DateParseError as error:
            raise ValidationError(str(error), code="date") from error
        if end.precision is Precision.MINUTE:
            raise ValidationError(
                "An end date has no time of day: give the day, month or year it ends.",
                code="end_time",
            )
        return end

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date"), cleaned.get("end_date")
        if start and end and end.end_of_period() < start.date:
            self.add_error(
                "end_date",
                ValidationError(
                    "The end (%(end)s) is before the start (%(start)s).",
                    code="end_before_start",
                    params={"end": end.display(), "start": date_text(start)},
                ),
            )
        return cleaned

    def changes(self) -> EventChanges:
        data = self.cleaned_data
        start: PartialDate = data["date"]
        end: PartialDate | None = data["end_date"]
        place_name = data["place"].strip()
        place = find_by_name(Place, place_name) if place_name else None
        values = {
            "title": data["title"].strip(),
            "summary": data["summary"],
            "notes": data["notes"],
            "event_type": data["event_type"],
            "place": place,
            "date": start.date,
            "precision": int(start.precision),
            "time": start.time,
            "utc_offset": start.utc_offset,
            "approximate": start.approximate or data["approximate"],
            "end_date": end.date if end else None,
            "end_precision": int(end.precision) if end else None,
            "status": data["status"],
            "geo_precision": data.get("geo_precision"),
        }
        return EventChanges(
            values=values,
            tags=tuple(data["tags"]),
            new_place_name=place_name if place_name and not place else "",
            new_place_details=self.new_place_details() if place_name and not place else {},
        )


# Every row, the first or one added later, starts with the same choices (a row whose only
# content is these defaults is blank and ignored: see forms.rows).
ROW_DEFAULTS = {
    "actors": {"role": ActorRole.INITIATOR, "new_kind": ActorKind.OTHER},
    "citations": {"stance": Stance.ASSERTS},
}
MAX_ROWS = 100


def row_defaults(data) -> None:
    """Fill the choices a row was sent without (an added row, a radio left unchosen)."""
    for prefix, defaults in ROW_DEFAULTS.items():
        count = data.get(f"{prefix}-TOTAL_FORMS") or "0"
        # At most a few digits: int() refuses thousands of them (issue 13's fuzz test).
        if not re.fullmatch(r"[0-9]{1,6}", count):
            continue
        for index in range(min(int(count), MAX_ROWS)):
            for name, value in defaults.items():
                key = f"{prefix}-{index}-{name}"
                if not data.get(key):
                    data[key] = value


class EventEditor:
    """The event form and its actor and citation formsets, bound and validated together."""

    def __init__(
        self,
        data=None,
        *,
        event: Event | None = None,
        extra_rows: str = "",
        initial: dict | None = None,
        initial_actors: list | None = None,
        initial_citations: list | None = None,
        user=None,
        default_status: str = "",
    ):
        self.event = event
        self.key = str(event.pk) if event is not None and event.pk else "new"
        # Not "event-<pk>-...": the card being edited uses those ids (e.g. its title heading).
        auto_id = f"edit-{self.key}-%s"
        # A new event may start filled in (from a suggested event, see timeline.suggestions.review).
        actors, citations = initial_actors, initial_citations
        if event is not None and event.pk:
            initial = EventForm.initial_for(event)
            actors = [
                {"actor": ea.actor.name, "role": ea.role, "new_kind": ea.actor.kind}
                for ea in event.event_actors.all()
            ]
            citations = [
                {
                    "source": source_ref(c.source),
                    "quote": c.quote,
                    "attribution": c.attribution,
                    "stance": c.stance,
                }
                for c in event.citations.all()
            ]
        if data is not None:
            # A bound formset must not compare its rows with the saved ones: after a concurrent
            # edit they no longer line up, and a blank extra row would look "changed".
            actors = citations = None
        if data is not None:
            data = data.copy()
            if extra_rows:
                total = f"{extra_rows}-TOTAL_FORMS"
                count = data.get(total) or "0"
                # A garbled count is left for the formset to report, not turned into a crash.
                if re.fullmatch(r"[0-9]{1,4}", count):
                    data[total] = str(int(count) + 1)
            row_defaults(data)
        if event is None and default_status:
            initial = {"status": default_status, **(initial or {})}
        self.form = EventForm(data, initial=initial, auto_id=auto_id, label_suffix="")
        if default_status:
            label = PublicationStatus(default_status).label.lower()
            self.form.fields["status"].help_text = (
                f"New events in this timeline start as {label} (set in “Edit timeline”). "
                "Drafts are shown to this timeline's editors only."
            )
        rows = {"auto_id": auto_id, "form_kwargs": {"label_suffix": ""}}
        self.actors = ActorFormSet(data, initial=actors, prefix="actors", **rows)
        citation_rows = {**rows, "form_kwargs": {**rows["form_kwargs"], "sources": None}}
        if user is not None:
            citation_rows["form_kwargs"]["sources"] = Source.objects.visible_to(user)
        self.citations = CitationFormSet(
            data, initial=citations, prefix="citations", **citation_rows
        )
        fields = self.form.fields
        self._ask(fields["date"], "timeline:date_preview", f"edit-{self.key}-date-feedback", 400)
        self._ask(fields["end_date"], "timeline:date_preview", f"edit-{self.key}-end-feedback", 400)
        self._suggest(fields["place"], "timeline:place_suggestions", self.place_list_id)
        for form in self.actors.forms:
            self._suggest(form.fields["actor"], "timeline:actor_suggestions", self.actor_list_id)
        for form in self.citations.forms:
            self._suggest(form.fields["source"], "timeline:source_suggestions", self.source_list_id)

    @staticmethod
    def _ask(field, url_name: str, target_id: str, delay: int) -> None:
        """Have htmx send what is typed to a helper and show the answer in ``target_id``."""
        field.widget.attrs.update(
            {
                "hx-get": reverse(url_name),
                "hx-trigger": f"input changed delay:{delay}ms",
                "hx-target": f"#{target_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )

    def _suggest(self, field, url_name: str, list_id: str) -> None:
        self._ask(field, url_name, list_id, 250)
        field.widget.attrs["list"] = list_id

    @property
    def place_list_id(self) -> str:
        return f"edit-{self.key}-place-options"

    @property
    def actor_list_id(self) -> str:
        return f"edit-{self.key}-actor-options"

    @property
    def source_list_id(self) -> str:
        return f"edit-{self.key}-source-options"

    def is_valid(self) -> bool:
        # Validate all three so every error shows at once.
        results = [self.form.is_valid(), self.actors.is_valid(), self.citations.is_valid()]
        return all(results)

    @property
    def has_errors(self) -> bool:
        return self.form.is_bound and not self.is_valid()

    def changes(self) -> EventChanges:
        return self.form.changes()

    def actor_parts(self) -> list[ActorPart]:
        return [form.part() for form in wanted_rows(self.actors)]

    def citation_items(self) -> list[CitationItem]:
        return [form.item() for form in wanted_rows(self.citations)]

    def feedback(self, name: str) -> dict:
        form = self.form
        if form.is_bound and form.errors.get(name):
            return date_feedback("")  # the field's error message says it already
        text = form.data.get(name, "") if form.is_bound else form.initial.get(name, "")
        return date_feedback(text)

    @property
    def date_feedback(self) -> dict:
        return self.feedback("date")

    @property
    def end_feedback(self) -> dict:
        return self.feedback("end_date")

    @property
    def expected_version(self) -> int | None:
        return self.form.cleaned_data.get("version")
