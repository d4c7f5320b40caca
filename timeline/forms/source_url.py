"""Adding a source by its URL alone: the page is fetched and read by the archive job."""

from __future__ import annotations

from django import forms

from timeline.forms.articles import TimelineChoiceField
from timeline.text.urlnorm import validate_web_url


class SourceUrlForm(forms.Form):
    url = forms.CharField(
        label="URL",
        max_length=2000,
        validators=[validate_web_url],
        error_messages={"required": "Give the article's address, starting with https://."},
        help_text="The article is fetched, archived and read; its events are suggested.",
        widget=forms.URLInput(attrs={"autocomplete": "off", "placeholder": "https://"}),
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("prefix", "by_url")
        super().__init__(*args, **kwargs)
        self.fields["timeline"] = TimelineChoiceField(user, required=False)
        self.fields["timeline"].label = "Timeline for its events"
        self.fields["timeline"].empty_label = "Decide later"
        self.fields["timeline"].help_text = "Optional: the timeline the events are for."

    def clean_url(self):
        return self.cleaned_data["url"].strip()
