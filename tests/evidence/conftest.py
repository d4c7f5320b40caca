"""Fixtures of the evidence tests: a local page server the fetcher is allowed to reach."""

from __future__ import annotations

import pytest

from tests.evidence.pages import PageServer


@pytest.fixture
def page_server(settings):
    """A page server on 127.0.0.1 named in FETCH_ALLOW_HOSTS, as a newsroom intranet would be."""
    with PageServer() as server:
        settings.FETCH_ALLOW_HOSTS = [server.authority]
        yield server


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
