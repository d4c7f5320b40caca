"""Editor forms: the event form with its actor and citation formsets, and the timeline form.

Each form turns what an editor typed into the plain values the services in
`timeline.services` save; every refusal is a message next to the field that caused it.

Actors and citations use plain formsets keyed by what they are (actor and role; source), not
model formsets keyed by row id: a concurrent edit may have removed a row, and "Overwrite with
mine" must still save the editor's rows instead of failing on a vanished id.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.urls import reverse

from timeline.dates import DateParseError, PartialDate, Precision, parse_partial_date
from timeline.models import (
    QUOTE_MAX_LENGTH,
    Actor,
    ActorKind,
    ActorRole,
    Event,
    EventType,
    Place,
    PublicationStatus,
    Source,
    Stance,
    Timeline,
)
from timeline.services import ActorPart, CitationItem, EventChanges, NewSource
from timeline.urlnorm import normalize_url, validate_web_url

# /timelines/new/ is the page that creates a timeline.
RESERVED_SLUGS = {"new"}
SOURCE_REF_RE = re.compile(r"\[#(\d+)\]\s*$")


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


class EventForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Give the event a title."}
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown: **bold**, *italic*, [a link](https://example.org).",
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
    notes = forms.CharField(
        label="Editors' notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="How the date was established, open questions. Not shown to readers.",
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
            "status": event.status,
            "notes": event.notes,
            "version": event.version,
        }

    def clean_version(self) -> int:
        # A missing or garbled version cannot match a saved one: the save becomes a conflict
        # (shown side by side), never an error hidden in an invisible field.
        text = self.cleaned_data["version"].strip()
        # ASCII digits only: str.isdigit() also accepts "²", which int() then refuses.
        return int(text) if re.fullmatch(r"[0-9]+", text) else 0

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
        }
        return EventChanges(
            values=values, new_place_name=place_name if place_name and not place else ""
        )


def wanted_rows(formset) -> list:
    """The valid rows an editor keeps: every initial row and each filled-in extra, not removed."""
    return [
        form
        for index, form in enumerate(formset.forms)
        if (index < formset.initial_form_count() or form.has_changed())
        and form.is_valid()
        and not form.cleaned_data.get("DELETE")
    ]


class RowFormSet(forms.BaseFormSet):
    """A formset whose removal checkbox says what it removes."""

    row_name = "row"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = f"Remove this {self.row_name}"


class EventActorForm(forms.Form):
    actor = forms.CharField(
        label="Actor",
        max_length=200,
        required=False,
        help_text="Pick a known actor or type a new name.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label="Role", choices=ActorRole.choices, initial=ActorRole.INITIATOR)
    new_kind = forms.ChoiceField(
        label="Kind, if new", choices=ActorKind.choices, initial=ActorKind.OTHER
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        name = cleaned.get("actor", "").strip()
        if not name:
            self.add_error("actor", "Name the actor, or remove this row.")
            return cleaned
        cleaned["actor_obj"] = find_by_name(Actor, name)
        return cleaned

    def part(self) -> ActorPart:
        data = self.cleaned_data
        return ActorPart(
            role=data["role"],
            actor=data["actor_obj"],
            new_name=data["actor"].strip(),
            new_kind=data["new_kind"],
        )


class BaseActorFormSet(RowFormSet):
    row_name = "actor"

    def clean(self):
        seen = set()
        for form in wanted_rows(self):
            key = (form.cleaned_data["actor"].strip().casefold(), form.cleaned_data["role"])
            if key in seen:
                form.add_error("actor", "This actor already has this role in the event.")
            seen.add(key)


ActorFormSet = forms.formset_factory(
    EventActorForm, formset=BaseActorFormSet, extra=1, can_delete=True
)


class CitationForm(forms.Form):
    source = forms.CharField(
        label="Source",
        max_length=600,
        required=False,
        help_text="Type to search the sources, or leave empty and describe a new one below.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    new_source_url = forms.CharField(label="URL", max_length=2000, required=False)
    new_source_title = forms.CharField(label="Headline", max_length=500, required=False)
    new_source_publisher = forms.CharField(label="Publisher", max_length=200, required=False)
    new_source_published = forms.DateField(
        label="Published on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    use_existing_source = forms.BooleanField(label="Cite the existing source", required=False)
    quote = forms.CharField(
        label="Quote",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The exact words from the source that support the event.",
        validators=[
            MaxLengthValidator(
                QUOTE_MAX_LENGTH,
                message=(
                    "The quote is too long: at most %(limit_value)d characters (this one has "
                    "%(show_value)d). Quote the sentences that support the event."
                ),
            )
        ],
    )
    attribution = forms.CharField(
        label="Said by",
        max_length=300,
        required=False,
        help_text="Who says it, e.g. “Indian officials”. Empty: the source itself.",
    )
    stance = forms.ChoiceField(
        label="Stance", choices=Stance.choices, initial=Stance.ASSERTS, widget=forms.RadioSelect
    )

    existing_source: Source | None = None

    NEW_FIELDS = (
        "new_source_url",
        "new_source_title",
        "new_source_publisher",
        "new_source_published",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        ref = cleaned.get("source", "").strip()
        describes_new = any(cleaned.get(name) for name in self.NEW_FIELDS)
        if ref:
            cleaned["source_obj"] = self._find_source(ref)
        elif describes_new:
            self._clean_new_source(cleaned)
        elif not self.errors:
            self.add_error(
                "source", "Choose a source for this citation, or describe a new one below."
            )
        return cleaned

    def _find_source(self, ref: str) -> Source | None:
        match = SOURCE_REF_RE.search(ref)
        source = None
        if match:
            source = Source.objects.filter(pk=int(match.group(1))).first()
        elif "://" in ref:
            source = Source.objects.filter(normalized_url=normalize_url(ref)).first()
        else:
            matches = list(Source.objects.filter(title__iexact=ref)[:2])
            source = matches[0] if len(matches) == 1 else None
        if source is None:
            self.add_error(
                "source",
                ValidationError(
                    "No source matches “%(ref)s”. Pick one of the suggestions, or leave this "
                    "empty and describe a new source below.",
                    code="unknown_source",
                    params={"ref": ref},
                ),
            )
        return source

    def _clean_new_source(self, cleaned) -> None:
        url = cleaned.get("new_source_url", "").strip()
        if url:
            try:
                validate_web_url(url)
            except ValidationError as error:
                self.add_error("new_source_url", error)
                return
            self.existing_source = Source.objects.filter(normalized_url=normalize_url(url)).first()
            if self.existing_source is not None:
                if cleaned.get("use_existing_source"):
                    cleaned["source_obj"] = self.existing_source
                    return
                self.add_error(
                    "new_source_url",
                    ValidationError(
                        "A source with this URL already exists: “%(title)s”. Tick “Cite the "
                        "existing source” to cite it.",
                        code="duplicate_url",
                        params={"title": self.existing_source.title},
                    ),
                )
                return
        if not cleaned.get("new_source_title", "").strip():
            self.add_error("new_source_title", "Give the new source its headline.")
            return
        cleaned["source_obj"] = None
        cleaned["new_source"] = NewSource(
            title=cleaned["new_source_title"],
            url=url,
            publisher=cleaned.get("new_source_publisher", ""),
            published_on=cleaned.get("new_source_published"),
        )

    def item(self) -> CitationItem:
        data = self.cleaned_data
        return CitationItem(
            quote=data["quote"].strip(),
            attribution=data["attribution"].strip(),
            stance=data["stance"],
            source=data.get("source_obj"),
            new_source=data.get("new_source"),
        )

    def source_key(self):
        data = self.cleaned_data
        if data.get("source_obj") is not None:
            return ("source", data["source_obj"].pk)
        if data.get("new_source") and data["new_source"].url:
            return ("url", normalize_url(data["new_source"].url))
        return None


class BaseCitationFormSet(RowFormSet):
    row_name = "citation"

    def clean(self):
        seen = set()
        for form in wanted_rows(self):
            key = form.source_key()
            if key is not None and key in seen:
                form.add_error(
                    "source",
                    "This source is already cited for this event: put both quotes in one citation.",
                )
            seen.add(key)


CitationFormSet = forms.formset_factory(
    CitationForm, formset=BaseCitationFormSet, extra=1, can_delete=True
)


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
    ):
        self.event = event
        self.key = str(event.pk) if event is not None and event.pk else "new"
        # Not "event-<pk>-...": the card being edited uses those ids (e.g. its title heading).
        auto_id = f"edit-{self.key}-%s"
        # A new event may start filled in (from a suggested event, see timeline.suggestions).
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
        if data is not None and extra_rows:
            data = data.copy()
            total = f"{extra_rows}-TOTAL_FORMS"
            count = data.get(total) or "0"
            # A garbled count is left for the formset to report, not turned into a crash.
            if re.fullmatch(r"[0-9]+", count):
                data[total] = str(int(count) + 1)
        self.form = EventForm(data, initial=initial, auto_id=auto_id, label_suffix="")
        rows = {"auto_id": auto_id, "form_kwargs": {"label_suffix": ""}}
        self.actors = ActorFormSet(data, initial=actors, prefix="actors", **rows)
        self.citations = CitationFormSet(data, initial=citations, prefix="citations", **rows)
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


class TimelineForm(forms.ModelForm):
    editors = forms.ModelMultipleChoiceField(
        label="Editors",
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People who may change this timeline (admins always may).",
    )

    class Meta:
        model = Timeline
        fields = ["title", "slug", "summary", "language", "editors"]
        labels = {"title": "Title", "slug": "Address", "summary": "Summary"}
        help_texts = {
            "slug": "Part of the timeline's web address: lower-case letters, digits, hyphens.",
            "summary": "Markdown.",
        }
        error_messages = {
            "title": {"required": "Give the timeline a title."},
            "slug": {
                "unique": "Another timeline already uses this address.",
                "required": "Give the timeline an address, e.g. sudan-talks-2025.",
            },
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(
                "“%(slug)s” is reserved for a page of the site; choose another address.",
                code="reserved",
                params={"slug": slug},
            )
        return slug
