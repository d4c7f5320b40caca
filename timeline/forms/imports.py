"""The upload form of the import page."""

from __future__ import annotations

from django import forms

from timeline.formats.import_files import FORMAT_CHOICES, check_size
from timeline.formats.records import ImportFileError


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="export.json from a timeline, a TimelineJS3 JSON file, a CSV with the "
        "columns of events.csv, an ACLED export or a GDELT events file. Up to 10 MB (larger "
        "ACLED and GDELT files: the import_timeline command).",
        error_messages={"required": "Choose a file to import."},
    )
    format = forms.ChoiceField(label="Format", choices=FORMAT_CHOICES, initial="auto")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except ImportFileError as error:
            raise forms.ValidationError(
                f"The file {error.problems[0].message}.", code="too_big"
            ) from None
        return upload
