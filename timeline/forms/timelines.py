"""The timeline form: title, slug, summary, language, default order and editors."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from timeline.forms.fields import (
    RESERVED_SLUGS,
)
from timeline.models import (
    Timeline,
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
        fields = ["title", "slug", "summary", "language", "default_order", "editors"]
        labels = {
            "title": "Title",
            "slug": "Address",
            "summary": "Summary",
            "default_order": "Readers start with",
        }
        widgets = {"default_order": forms.RadioSelect}
        help_texts = {
            "slug": "Part of the timeline's web address: lower-case letters, digits, hyphens.",
            "summary": "Markdown.",
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
        # A form posted without it (a script, an older page) keeps the order the timeline has.
        self.fields["default_order"].required = False

    def clean_default_order(self):
        return self.cleaned_data.get("default_order") or self.instance.default_order

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(
                "“%(slug)s” is reserved for a page of the site; choose another address.",
                code="reserved",
                params={"slug": slug},
            )
        return slug
