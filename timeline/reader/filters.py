"""The reader's filters for a chronology: type, tag, actor, place, dates, standing and search.

The query string is the state: `?type=a&type=b&actor=x&place=y&from=May 2025&to=2025&standing=
disputed&q=words&sort=date&page=2`. Anything a link or a person can put there is validated by
`ChronologyFilterForm`; what is valid is applied, what is not is reported next to its field and
left out, so a bad parameter never costs the reader the page (and never raises a 500).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils.choices import BaseChoiceIterator
from django.utils.text import Truncator

from timeline.dates import DateParseError, PartialDate, parse_partial_date
from timeline.models import CHRONOLOGICAL, EventActor, PublicationStatus, ReadingOrder, Standing
from timeline.reader.eras import TAG_LEFT_OUT, with_any_tag
from timeline.reader.facets import Facets
from timeline.reader.search import (
    MAX_SEARCH_TERMS,
    QUERY_MAX_LENGTH,
    capped,
    count_terms,
    search_events,
)
from timeline.reader.widgets import IsolatedSelect, ListedCheckboxes

DATE_MAX_LENGTH = 60
# `?order=newest`: the chronological order reversed, so a day's events read from its latest.
NEWEST_FIRST = tuple(f"-{name}" for name in CHRONOLOGICAL)


def _shown(value) -> str:
    return Truncator(str(value)).chars(40)


class FacetChoices(BaseChoiceIterator):
    """A filter's choices from its facets, "Label (count)", written out only when iterated:
    to check a value chosen, or to render the select (which a cached page does not). Django
    takes such an iterator as it is; a list of choices it normalises, item by item, for the
    field and again for its widget (for a timeline's hundreds of actors and places, most of
    the form's cost on every page)."""

    def __init__(self, facets, blank: tuple[str, str] | None = None):
        self.facets = facets
        self.blank = blank

    def __len__(self) -> int:  # a filter with no choices is not shown
        return len(self.facets) + (self.blank is not None)

    def __iter__(self):
        if self.blank is not None:
            yield self.blank
        for facet in self.facets:
            yield facet.value, f"{facet.label} ({facet.count})"


class ReaderChoiceField(forms.ChoiceField):
    """A choice whose error quotes the bad value, shortened: URLs can carry anything."""

    widget = IsolatedSelect

    def validate(self, value):
        try:
            super().validate(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": _shown(value)},
            ) from None


class ReaderMultipleChoiceField(forms.MultipleChoiceField):
    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        for item in value:
            if not self.valid_value(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": _shown(item)},
                )


class PartialDateField(forms.CharField):
    """Text such as "1972", "May 2025" or "10 May 2025", read as a `PartialDate`."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > DATE_MAX_LENGTH:
            raise ValidationError(
                "That is too long to be a date. Try one of: 1972, May 2025, 10 May 2025.",
                code="date_too_long",
            )
        try:
            return parse_partial_date(text)
        except DateParseError as error:
            raise ValidationError(str(error), code="date") from None


class ChronologyFilterForm(forms.Form):
    """Validates a chronology's query string; `filter_events` applies what is valid."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.SearchInput(attrs={"placeholder": "e.g. mediation"}),
        error_messages={
            "max_length": "Search for at most %(limit_value)d characters (this has "
            "%(show_value)d); the search was left out.",
        },
    )
    type = ReaderMultipleChoiceField(
        label="Type",
        required=False,
        widget=ListedCheckboxes,
        error_messages={
            "invalid_choice": "There is no event type “%(value)s” in this timeline; that type "
            "was left out."
        },
    )
    tag = ReaderMultipleChoiceField(
        label="Tag",
        required=False,
        widget=ListedCheckboxes,
        error_messages={"invalid_choice": TAG_LEFT_OUT},
    )
    actor = ReaderChoiceField(
        label="Actor",
        required=False,
        error_messages={
            "invalid_choice": "No event of this timeline involves “%(value)s”; the actor filter "
            "was left out."
        },
    )
    place = ReaderChoiceField(
        label="Place",
        required=False,
        error_messages={
            "invalid_choice": "No event of this timeline happened at “%(value)s”; the place "
            "filter was left out."
        },
    )
    standing = ReaderMultipleChoiceField(
        label="Standing",
        required=False,
        choices=Standing.choices,
        widget=ListedCheckboxes,
        error_messages={
            "invalid_choice": "“%(value)s” is not a standing; choose confirmed, reported, "
            "disputed or unsourced."
        },
    )
    sort = ReaderChoiceField(
        label="Order",
        required=False,
        choices=[("relevance", "Best match first"), ("date", "By date")],
        error_messages={"invalid_choice": "“%(value)s” is not an order; showing best matches."},
    )
    order = ReaderChoiceField(
        label="Order",
        required=False,
        choices=ReadingOrder.choices,
        error_messages={
            "invalid_choice": "“%(value)s” is not an order; choose oldest or newest first."
        },
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=1_000_000,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "The page number must be a whole number; showing the first page.",
            "min_value": "Pages start at 1; showing the first page.",
            "max_value": "There is no such page; showing the first page.",
        },
    )

    def __init__(
        self,
        data,
        *,
        facets: Facets,
        base_url: str,
        editor: bool = False,
        default_order=ReadingOrder.OLDEST,
    ):
        super().__init__(data)
        if editor:
            # Editors only: a reader's list never holds drafts, so readers get no such filter.
            self.fields["status"] = ReaderChoiceField(
                label="Status",
                required=False,
                choices=[("", "Drafts and published"), *PublicationStatus.choices],
                error_messages={
                    "invalid_choice": "“%(value)s” is not a status; choose draft or published."
                },
            )
        self.base_url = base_url
        # The timeline's own default (editors choose it); `?order=` only when it differs.
        self.default_order = default_order
        self.facets = facets
        # "from" and "to" are Python keywords, so these two fields are added by name.
        self.fields["from"] = PartialDateField(
            label="From", required=False, widget=forms.TextInput(attrs={"placeholder": "1972"})
        )
        self.fields["to"] = PartialDateField(
            label="To", required=False, widget=forms.TextInput(attrs={"placeholder": "May 2025"})
        )
        self.order_fields(
            [
                "q",
                "type",
                "tag",
                "actor",
                "place",
                "from",
                "to",
                "standing",
                "status",
                "sort",
                "order",
            ]
        )
        # Each choice says how many of the timeline's events it covers.
        self.fields["type"].choices = FacetChoices(facets.types)
        self.fields["tag"].choices = FacetChoices(facets.tags)
        self.fields["actor"].choices = FacetChoices(facets.actors, ("", "Any actor"))
        self.fields["place"].choices = FacetChoices(facets.places, ("", "Any place"))

    def full_clean(self):
        super().full_clean()
        # The shared hint describes both date fields; Django links an error only when the
        # widget names no description of its own, so name both.
        for name in ("from", "to"):
            described_by = ["date-hint"]
            if self.is_bound and name in self._errors:
                described_by.append(f"{self[name].auto_id}_error")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described_by)

    def clean_q(self):
        query = self.cleaned_data["q"]
        terms = count_terms(query)
        if terms > MAX_SEARCH_TERMS:
            raise ValidationError(
                "Search for at most %(limit)d words or phrases (this has %(count)d); the search "
                "was left out.",
                code="too_many_terms",
                params={"limit": MAX_SEARCH_TERMS, "count": terms},
            )
        return query

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end.end_of_period() < start.date:
            self.add_error(
                "to",
                ValidationError(
                    "“To” (%(end)s) is before “From” (%(start)s); the end date was left out.",
                    code="range_reversed",
                    params={"end": end.display(), "start": start.display()},
                ),
            )
        return cleaned

    # What is valid -------------------------------------------------------------------------

    def valid(self, name: str):
        """The cleaned value of a field, or its empty value when it was missing or invalid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        if name in {"type", "tag", "standing"}:
            if name in self.errors:
                # One unknown value in a shared link should not cost the reader the others.
                field = self.fields[name]
                raw = field.widget.value_from_datadict(self.data, self.files, name) or []
                return [value for value in raw if field.valid_value(value)]
            return self.cleaned_data.get(name) or []
        value = self.cleaned_data.get(name)
        return value if value not in (None, "") else None

    @property
    def query(self) -> str:
        return self.valid("q") or ""

    @property
    def page_number(self) -> int:
        return self.valid("page") or 1

    @property
    def ranked(self) -> bool:
        return bool(self.query) and self.valid("sort") != "date"

    @property
    def date_from(self) -> PartialDate | None:
        return self.valid("from")

    @property
    def date_to(self) -> PartialDate | None:
        return self.valid("to")

    @property
    def order_param(self) -> str:
        """`?order=` as the URL carries it: only an order other than the timeline's default."""
        chosen = self.valid("order")
        return chosen if chosen and chosen != self.default_order else ""

    @property
    def newest_first(self) -> bool:
        return (self.valid("order") or self.default_order) == ReadingOrder.NEWEST

    def order_links(self) -> list[dict]:
        """The two orders as links that keep the filters (the list's order control)."""
        return [
            {
                "label": label,
                "url": self.url(order=None if value == self.default_order else value, page=None),
                "current": (value == ReadingOrder.NEWEST) == self.newest_first,
            }
            for value, label in ReadingOrder.choices
        ]

    @property
    def is_filtered(self) -> bool:
        return bool(self.params(sort=False, order=None))

    def params(self, *, include_page: bool = False, sort: bool = True, **changes) -> list[tuple]:
        """The valid state as query pairs, in a fixed order; `changes` replace values."""
        values = {
            "q": self.query,
            "type": self.valid("type"),
            "tag": self.valid("tag"),
            "actor": self.valid("actor"),
            "place": self.valid("place"),
            "from": self._date_text("from"),
            "to": self._date_text("to"),
            "standing": self.valid("standing"),
            "status": self.valid("status") if "status" in self.fields else None,
            "sort": self.valid("sort") if self.query else None,
            "order": self.order_param or None,
            "page": self.page_number if include_page and self.page_number > 1 else None,
        }
        if not sort:
            values["sort"] = None
        values.update(changes)
        if values["page"] == 1:
            values["page"] = None
        pairs = []
        for name, value in values.items():
            for item in value if isinstance(value, list | tuple) else [value]:
                if item not in (None, ""):
                    pairs.append((name, item))
        return pairs

    def url(self, **changes) -> str:
        """This view's URL with `changes` applied (None removes a parameter)."""
        pairs = self.params(**changes)
        return f"{self.base_url}?{urlencode(pairs)}" if pairs else self.base_url

    def _date_text(self, name: str) -> str | None:
        # Keep the reader's own words ("May 2025") in the URL rather than a rewritten form.
        if self.valid(name) is None:
            return None
        return " ".join(str(self.data.get(name, "")).split())

    def active_filters(self) -> list[dict]:
        """Each applied filter with a link that removes just that one."""
        labels = {
            "type": {f.value: f.label for f in self.facets.types},
            "tag": {f.value: f.label for f in self.facets.tags},
            "actor": {f.value: f.label for f in self.facets.actors},
            "place": {f.value: f.label for f in self.facets.places},
            "standing": dict(Standing.choices),
        }
        active = []
        if self.query:
            active.append({"label": f"Search: “{self.query}”", "url": self.url(q=None)})
        for name in ("type", "tag", "standing"):
            chosen = self.valid(name)
            for value in chosen:
                rest = [v for v in chosen if v != value]
                active.append(
                    {
                        "label": f"{self.fields[name].label}: {labels[name][value]}",
                        "url": self.url(**{name: rest}),
                    }
                )
        labels["status"] = dict(PublicationStatus.choices)
        for name in ("actor", "place", "status"):
            value = self.valid(name) if name in self.fields else None
            if value:
                active.append(
                    {
                        "label": f"{self.fields[name].label}: {labels[name][value]}",
                        "url": self.url(**{name: None}),
                    }
                )
        for name in ("from", "to"):
            value = self.valid(name)
            if value:
                active.append(
                    {
                        "label": f"{self.fields[name].label}: {value.display()}",
                        "url": self.url(**{name: None}),
                    }
                )
        return active

    def error_summary(self) -> list[str]:
        """Every problem in the query string, for the message above the list."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return [
            f"{self.fields[name].label or 'Page'}: {message}"
            for name, errors in self.errors.items()
            for message in errors
        ]


def filter_events(events: QuerySet, form: ChronologyFilterForm, *, language: str) -> QuerySet:
    """Apply the form's valid filters (not the page) and order the result."""
    types = form.valid("type")
    if types:
        events = events.filter(event_type__slug__in=types)
    if form.valid("tag"):
        events = with_any_tag(events, form.valid("tag"))
    actor = form.valid("actor")
    if actor:
        events = events.filter(
            Exists(EventActor.objects.filter(event=OuterRef("pk"), actor__slug=actor))
        )
    place = form.valid("place")
    if place:
        events = events.filter(place__slug=place)
    if form.date_from:
        start = form.date_from.date
        # A span that began earlier but is still running on `from` belongs in the view.
        events = events.filter(Q(date__gte=start) | Q(end_date__gte=start))
    if form.date_to:
        events = events.filter(date__lte=form.date_to.end_of_period())
    status = form.valid("status") if "status" in form.fields else None
    if status:
        events = events.filter(status=status)
    standings = form.valid("standing")
    if standings:
        events = events.with_standing().filter(standing_value__in=standings)
    ordering = NEWEST_FIRST if form.newest_first else CHRONOLOGICAL
    if form.query:
        events = search_events(events, form.query, language=language)
        if form.ranked:
            # The best of the first matches found (see search.capped).
            return capped(events).order_by("-search_rank", *ordering)
        events = capped(events, ordering)
    return events.order_by(*ordering)
