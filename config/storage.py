"""The production storage of static files: whitenoise's compressed manifest storage, whose
URLs are worked out once per name and process.

A `{% static %}` tag asks the storage for its file's URL: the manifest's hashed name, joined to
STATIC_URL and quoted. The manifest is read once, when the process starts, and never changes
while it runs, so neither does the answer; a reader's page asks for about ten of them.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)  # raises for a file not in the manifest
            return url
