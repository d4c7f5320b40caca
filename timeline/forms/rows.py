"""The event form's repeating rows: actors with their roles, and citations with their sources.

Plain formsets keyed by what the rows are (actor and role; source), not model formsets keyed by
row id: a concurrent edit may have removed a row, and "Overwrite with mine" must still save the
editor's rows instead of failing on a vanished id.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from timeline.dates import DateParseError, Precision, parse_partial_date
from timeline.forms.fields import (
    SOURCE_REF_RE,
    find_by_name,
)
from timeline.models import (
    QUOTE_MAX_LENGTH,
    Actor,
    ActorKind,
    ActorRole,
    Source,
    Stance,
)
from timeline.services.events import ActorPart, CitationItem
from timeline.services.sources import NewSource
from timeline.text.urlnorm import normalize_url, validate_web_url


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

    def has_changed(self):
        # An added row with no name is blank whatever its role and kind say: it is ignored.
        return bool((self["actor"].value() or "").strip())

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
    new_source_published = forms.CharField(
        label="Published on",
        max_length=100,
        required=False,
        help_text="Like the event's date: 2025, May 2025 or 10 May 2025.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
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
        label="Stance",
        choices=Stance.choices,
        initial=Stance.ASSERTS,
        required=False,
        widget=forms.RadioSelect,
    )

    existing_source: Source | None = None

    NEW_FIELDS = (
        "new_source_url",
        "new_source_title",
        "new_source_publisher",
        "new_source_published",
    )

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The sources this editor may cite by reference: the ones they may see (issue 13); a
        # source named by its address is found whoever may see it (they know the article).
        self.sources = sources if sources is not None else Source.objects.all()

    # What an editor types into a citation row; the stance alone does not make a row.
    TEXT_FIELDS = ("source", "quote", "attribution", *NEW_FIELDS)

    def has_changed(self):
        return any((self[name].value() or "").strip() for name in self.TEXT_FIELDS)

    def clean_stance(self):
        return self.cleaned_data["stance"] or Stance.ASSERTS

    def clean_new_source_published(self):
        text = self.cleaned_data["new_source_published"].strip()
        if not text:
            return None
        try:
            published = parse_partial_date(text)
        except DateParseError as error:
            raise ValidationError(str(error), code="date") from error
        return published

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
            source = self.sources.filter(pk=int(match.group(1))).first()
        elif "://" in ref:
            source = Source.objects.filter(normalized_url=normalize_url(ref)).first()
        else:
            matches = list(self.sources.filter(title__iexact=ref)[:2])
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
        published = cleaned.get("new_source_published")
        cleaned["new_source"] = NewSource(
            title=cleaned["new_source_title"],
            url=url,
            publisher=cleaned.get("new_source_publisher", ""),
            published_on=published.date if published else None,
            published_precision=min(published.precision, Precision.DAY) if published else None,
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

    def citation_key(self):
        """What makes two rows the same citation: one source, the same words, same claimant."""
        source = self.source_key()
        if source is None:
            return None
        data = self.cleaned_data
        return (source, data["quote"].strip(), data["attribution"].strip(), data["stance"])


class BaseCitationFormSet(RowFormSet):
    row_name = "citation"

    def clean(self):
        # One source may be cited several times (a claim and its denial in one article), but
        # the same citation twice is a slip.
        seen = set()
        for form in wanted_rows(self):
            key = form.citation_key()
            if key is not None and key in seen:
                form.add_error(
                    "quote",
                    "This repeats another citation of the same source word for word: change "
                    "the quote, who says it or the stance, or remove this row.",
                )
            seen.add(key)


CitationFormSet = forms.formset_factory(
    CitationForm, formset=BaseCitationFormSet, extra=1, can_delete=True
)
