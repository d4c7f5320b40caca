"""The timeline form: title, slug, summary, language, default order and editors."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from timeline.forms.fields import (
    RESERVED_SLUGS,
)
from timeline.models import (
    SUMMARY_MAX_LENGTH,
    Timeline,
    length_limit,
)


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
        fields = [
            "title",
            "slug",
            "summary",
            "what_we_know",
            "language",
            "default_event_status",
            "default_order",
            "editors",
        ]
        labels = {
            "title": "Title",
            "slug": "Address",
            "summary": "Summary",
            "what_we_know": "What we know",
            "default_event_status": "New events start as",
            "default_order": "Readers start with",
        }
        widgets = {"default_order": forms.RadioSelect}
        help_texts = {
            "slug": (
                "Part of the timeline's web address: lower-case letters, digits, hyphens. "
                "Left empty, it is made from the title."
            ),
            "summary": f"Markdown. Up to {SUMMARY_MAX_LENGTH:,} characters.",
            "what_we_know": (
                "Markdown. Pinned above the events for readers of a developing story, with the "
                "time it was last changed. Leave empty for none."
            ),
            "default_event_status": (
                "What the Status of a new event is set to in the event form. A live story may "
                "publish as it goes; drafts are shown to editors only."
            ),
            "default_order": "A story followed as it happens usually reads newest first; "
            "readers can switch either way.",
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
        self.fields["slug"].required = False
        # Not sent (an older form, a script): keep what the timeline has.
        self.fields["default_event_status"].required = False
        self.fields["default_order"].required = False
        if not self.instance.pk:
            # static/js/editor.js fills the address from the title until the editor changes it
            # (only for a new timeline: a published address is in shared links).
            self.fields["slug"].widget.attrs["data-slug-from"] = self["title"].auto_id
        self.fields["what_we_know"].widget.attrs["rows"] = 4
        self.fields["summary"].widget.attrs["rows"] = 4
        # The limits are checked on save, with a message: a browser's maxlength would cut a
        # pasted text silently.
        for name, what in (("summary", "The summary"), ("what_we_know", "What we know")):
            self.fields[name].widget.attrs.pop("maxlength", None)
            self.fields[name].validators = [length_limit(SUMMARY_MAX_LENGTH, what)]

    def clean_default_event_status(self):
        return self.cleaned_data["default_event_status"] or self.instance.default_event_status

    def clean_default_order(self):
        return self.cleaned_data.get("default_order") or self.instance.default_order

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if not slug:
            if self.instance.pk:
                return self.instance.slug
            return self._slug_from_title()
        if slug in RESERVED_SLUGS:
            raise ValidationError(
                "“%(slug)s” is reserved for a page of the site; choose another address.",
                code="reserved",
                params={"slug": slug},
            )
        return slug

    def _slug_from_title(self) -> str:
        base = slugify(self.data.get(self.add_prefix("title"), ""))[:90].strip("-")
        if not base:
            raise ValidationError(
                "Give the timeline an address, e.g. sudan-talks-2025.", code="required"
            )
        slug, n = base, 1
        while slug in RESERVED_SLUGS or Timeline.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug
