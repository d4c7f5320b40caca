"""Django admin for every model: search, filters, inlines and history (django-simple-history)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from timeline.models import (
    Actor,
    Citation,
    Event,
    EventActor,
    EventType,
    Period,
    Place,
    Source,
    Tag,
    Timeline,
)


@admin.register(Timeline)
class TimelineAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["editors"]


@admin.register(EventType)
class EventTypeAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "slug",
        "colour",
        "cameo_code",
        "acled_event_type",
        "acled_sub_event_type",
    ]
    search_fields = ["label", "slug", "cameo_code", "acled_event_type", "acled_sub_event_type"]
    list_filter = ["acled_event_type"]
    prepopulated_fields = {"slug": ["label"]}


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country_code"]
    list_filter = ["kind", "country_code"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country_code", "latitude", "longitude"]
    list_filter = ["country_code"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


class EventActorInline(admin.TabularInline):
    model = EventActor
    extra = 1
    autocomplete_fields = ["actor"]


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 1
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "attribution", "stance"]


class DeletedFilter(admin.SimpleListFilter):
    title = "deleted"
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("no", "Not deleted"), ("yes", "Deleted")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.alive()
        if self.value() == "yes":
            return queryset.deleted()
        return queryset


class EventAdminForm(forms.ModelForm):
    """Carries the version the page was loaded at and refuses the save if it is stale."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Event
        fields = [
            "timeline",
            "title",
            "summary",
            "event_type",
            "place",
            "status",
            "date",
            "precision",
            "approximate",
            "time",
            "utc_offset",
            "end_date",
            "end_precision",
            "position",
            "notes",
            "language",
            "deleted_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # The admin saves inside a transaction: the lock holds until the save commits.
            saved = (
                Event.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if saved != cleaned.get("loaded_version"):
                raise ValidationError(
                    "Someone else saved this event (now version %(version)s) after you opened "
                    "it. Copy your changes, reload the page to see theirs, then apply yours "
                    "again; nothing was saved.",
                    code="stale",
                    params={"version": saved},
                )
        return cleaned


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    form = EventAdminForm
    list_display = ["title", "timeline", "date", "precision", "event_type", "status", "deleted_at"]
    list_filter = ["timeline", "status", "event_type", "precision", DeletedFilter]
    search_fields = ["title", "summary", "notes", "citations__quote", "actors__name"]
    list_select_related = ["timeline", "event_type"]
    autocomplete_fields = ["place"]
    readonly_fields = ["version", "created_by", "updated_by", "created_at", "updated_at"]
    inlines = [EventActorInline, CitationInline]
    date_hierarchy = "date"
    fieldsets = [
        (None, {"fields": ["timeline", "title", "summary", "event_type", "place", "status"]}),
        (
            "Date",
            {
                "fields": [
                    ("date", "precision", "approximate"),
                    ("time", "utc_offset"),
                    ("end_date", "end_precision"),
                    "position",
                ]
            },
        ),
        ("Editorial", {"fields": ["notes", "language", "deleted_at"]}),
        ("Record", {"fields": [*readonly_fields, "loaded_version"]}),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        else:
            obj.version += 1
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "published_at", "url"]
    list_filter = ["publisher", "language"]
    search_fields = ["title", "publisher", "author", "url", "text"]
    date_hierarchy = "published_at"


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ["event", "source", "attribution", "stance"]
    list_filter = ["stance"]
    search_fields = ["quote", "attribution", "event__title", "source__title"]
    autocomplete_fields = ["event", "source"]
    list_select_related = ["event", "source"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "timeline"]
    list_filter = ["timeline"]
    search_fields = ["name"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["title", "timeline", "start_date", "end_date"]
    list_filter = ["timeline"]
