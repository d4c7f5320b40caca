"""The timeline form: title, slug, summary, language and editors."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

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
        fields = ["title", "slug", "summary", "language", "editors"]
        labels = {"title": "Title", "slug": "Address", "summary": "Summary"}
        help_texts = {
            "slug": "Part of the timeline's web address: lower-case letters, digits, hyphens.",
            "summary": f"Markdown. Up to {SUMMARY_MAX_LENGTH:,} characters.",
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
        # The limit is checked on save, with a message: a browser's maxlength would cut a
        # pasted text silently.
        self.fields["summary"].widget.attrs.pop("maxlength", None)
        self.fields["summary"].validators = [length_limit(SUMMARY_MAX_LENGTH, "The summary")]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(
                "“%(slug)s” is reserved for a page of the site; choose another address.",
                code="reserved",
                params={"slug": slug},
            )
        return slug
