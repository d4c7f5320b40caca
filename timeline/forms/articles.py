"""Pasted articles into sources: the paste form, the metadata form, and the save.

Step one reads the pasted HTML or text (or an uploaded .html/.txt file) with
`timeline.ingest.article.extract_article`; step two shows the metadata it found in an editable
form, with the extracted plain text. The pasted HTML is never rendered and never stored: only
the extracted text travels to step two, signed, so that what is saved in ``Source.text`` is
exactly what the extraction produced.
"""

from __future__ import annotations

import datetime
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare, salted_hmac

from timeline.ingest.article import (
    EMPTY_MESSAGE,
    MAX_TEXT_BYTES,
    TOO_LARGE_MESSAGE,
    ArticleError,
    ArticleMetadata,
    extract_article,
)
from timeline.models import Source, Timeline, language_validator
from timeline.services.sources import existing_source
from timeline.suggestions.dating import dateline_year
from timeline.text.urlnorm import validate_web_url

UPLOAD_SUFFIXES = {".html", ".htm", ".txt"}
TEXT_SALT = "timeline.articles.extracted-text"


def text_signature(text: str) -> str:
    return salted_hmac(TEXT_SALT, text).hexdigest()


class TimelineChoiceField(forms.ModelChoiceField):
    def __init__(self, user, **kwargs):
        super().__init__(
            label="Suggest events for",
            queryset=Timeline.objects.editable_by(user).order_by("title"),
            to_field_name="slug",
            empty_label="Choose a timeline",
            error_messages={
                "required": "Choose the timeline the events are for.",
                "invalid_choice": "Choose one of the timelines you edit.",
            },
            help_text="Only timelines you may edit.",
            **kwargs,
        )


class ArticlePasteForm(forms.Form):
    url = forms.CharField(
        label="Address (URL)",
        max_length=2000,
        required=False,
        validators=[validate_web_url],
        help_text="Optional: where the article was published. It is recorded, never fetched.",
        widget=forms.URLInput(attrs={"autocomplete": "off"}),
    )
    content = forms.CharField(
        label="Article",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=(
            "Paste the article as plain text, or its HTML (the page's source). Up to 2 MB. "
            "Only its text is kept."
        ),
    )
    file = forms.FileField(
        label="Or upload the article",
        required=False,
        help_text="An .html or .txt file of up to 2 MB, in UTF-8.",
        widget=forms.ClearableFileInput(attrs={"accept": ".html,.htm,.txt,text/html,text/plain"}),
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["timeline"] = TimelineChoiceField(user)
        # Binary content gets the article reader's message, not Django's "Null characters".
        self.fields["content"].validators = []

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if PurePath(upload.name or "").suffix.lower() not in UPLOAD_SUFFIXES:
            raise ValidationError(
                "Upload an .html or .txt file (got “%(name)s”).",
                code="file_type",
                params={"name": upload.name},
            )
        if upload.size > MAX_TEXT_BYTES:
            raise ValidationError(TOO_LARGE_MESSAGE, code="too_large")
        return upload

    def clean(self):
        cleaned = super().clean()
        content = cleaned.get("content") or ""
        upload = cleaned.get("file")
        if "file" in self.errors:
            return cleaned
        if upload and content.strip():
            self.add_error(
                "file", "Paste the article or upload a file, not both: clear one of them."
            )
            return cleaned
        if not upload and not content.strip():
            self.add_error("content", ValidationError(EMPTY_MESSAGE, code="empty"))
            return cleaned
        url = cleaned.get("url", "").strip() if "url" not in self.errors else ""
        field = "file" if upload else "content"
        try:
            raw = upload.read() if upload else content
            cleaned["article"] = extract_article(raw, url=url)
        except ArticleError as error:
            self.add_error(field, ValidationError(str(error), code="article"))
        return cleaned


class SourceMetadataForm(forms.Form):
    title = forms.CharField(
        label="Headline", max_length=500, error_messages={"required": "Give the source a title."}
    )
    publisher = forms.CharField(label="Publisher", max_length=200, required=False)
    author = forms.CharField(label="Author", max_length=300, required=False)
    published_on = forms.DateField(
        label="Published on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Relative dates in the article (“on Saturday”) are read from this day.",
    )
    published_time = forms.TimeField(
        label="Published at (UTC)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    language = forms.CharField(
        label="Language",
        max_length=16,
        required=False,
        validators=[language_validator],
        help_text="A code such as en, hi or ur.",
    )
    url = forms.CharField(
        label="Address (URL)",
        max_length=2000,
        required=False,
        validators=[validate_web_url],
        widget=forms.URLInput(attrs={"autocomplete": "off"}),
    )
    text = forms.CharField(
        label="Article text, as read",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "readonly": True}),
        help_text="The plain text the events are suggested from; this is what is stored.",
        error_messages={"required": "The article text is missing; paste the article again."},
    )
    text_signature = forms.CharField(widget=forms.HiddenInput, required=False)
    # A dateline without a year: what was made of it, and whether the editor must say.
    dateline_note = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
    dateline_needs_date = forms.BooleanField(widget=forms.HiddenInput, required=False)

    existing: Source | None = None

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["timeline"] = TimelineChoiceField(user)
        self.fields["text"].validators = []

    @classmethod
    def initial_for(cls, article: ArticleMetadata, timeline: Timeline | None) -> dict:
        published_on = published_time = None
        note, needs_date = "", False
        if article.published_at is None and article.yearless_date is not None:
            resolved, note = dateline_year(article.yearless_date, timeline)
            published_on, needs_date = resolved.date, resolved.date is None
        if article.published_at is not None:
            if article.date_precision == "minute":
                moment = article.published_at.astimezone(datetime.UTC)
                published_on, published_time = moment.date(), moment.time().replace(second=0)
            else:
                published_on = article.published_at.date()
        return {
            "title": article.title[:500],
            "publisher": article.publisher[:200],
            "author": article.author[:300],
            "published_on": published_on,
            "published_time": published_time,
            "language": article.language,
            "url": article.url,
            "text": article.text,
            "text_signature": text_signature(article.text),
            "timeline": timeline.slug if timeline else None,
            "dateline_note": note,
            "dateline_needs_date": needs_date,
        }

    def clean_text(self):
        # Browsers send a textarea's line breaks as CRLF; the signature was made over LF.
        return self.cleaned_data["text"].replace("\r\n", "\n")

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text")
        if text is not None and not constant_time_compare(
            text_signature(text), cleaned.get("text_signature") or ""
        ):
            self.add_error(
                "text",
                ValidationError(
                    "This text is not the one read from the pasted article; paste the article "
                    "again.",
                    code="signature",
                ),
            )
        needs_date = cleaned.get("dateline_needs_date") and not cleaned.get("published_on")
        if needs_date and "published_on" not in self.errors:
            self.add_error(
                "published_on",
                ValidationError(
                    "Enter the publication date: the dateline gives no year.",
                    code="dateline_year",
                ),
            )
        if cleaned.get("published_time") and not cleaned.get("published_on"):
            self.add_error("published_on", "Give the day as well as the time.")
        if "url" not in self.errors:
            self.existing = existing_source(cleaned.get("url", ""))
        return cleaned

    def duplicate_error(self) -> None:
        self.add_error(
            "url",
            ValidationError(
                "A source with this address already exists: “%(title)s”. Use the existing "
                "source, or change the address.",
                code="duplicate_url",
                params={"title": self.existing.title},
            ),
        )

    def source_values(self) -> dict:
        """The validated metadata as the plain values ``services.sources`` takes."""
        data = self.cleaned_data
        names = ("url", "title", "publisher", "author", "language", "text")
        return {name: data[name] for name in names} | {"published_at": self.published_at()}

    def published_at(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("published_on")
        if day is None:
            return None
        moment = self.cleaned_data.get("published_time") or datetime.time(0, 0)
        return datetime.datetime.combine(day, moment.replace(second=0), tzinfo=datetime.UTC)
