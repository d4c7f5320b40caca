"""Deployment settings: Django's checklist is clean, and the headers and cookies prove it.

Production settings are read once per process, so the production side runs in subprocesses
started with DJANGO_ENV=production (see tests/production_probe.py).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent


def production_environ(tmp_path: Path, **extra: str) -> dict[str, str]:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"))
    }
    environ.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="testserver,timeline.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    environ.update(extra)
    return environ


def run_python(args: list[str], environ: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """What a production process answers: collected static files, migrated SQLite, a login."""
    tmp_path = tmp_path_factory.mktemp("production")
    environ = production_environ(tmp_path)
    collected = run_python(["manage.py", "collectstatic", "--noinput", "-v", "0"], environ)
    assert collected.returncode == 0, collected.stderr
    probe = run_python(["-m", "tests.production_probe"], environ)
    assert probe.returncode == 0, probe.stderr
    return json.loads(probe.stdout)


def test_check_deploy_reports_no_issues_with_production_settings(tmp_path):
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_environ(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    "secret_key",
    ["", "short", "development-only-key-never-use-in-production"],
    ids=["missing", "too-short", "the-development-key"],
)
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, secret_key):
    environ = production_environ(tmp_path, SECRET_KEY=secret_key)
    if not secret_key:
        del environ["SECRET_KEY"]
    result = run_python(["manage.py", "check"], environ)
    assert result.returncode != 0
    assert "Production needs a real SECRET_KEY" in result.stderr


def test_production_redirects_plain_http_to_https(production):
    assert production["plain_http"]["status"] == 301
    assert production["plain_http"]["location"].startswith("https://")


def test_production_sends_hsts_for_a_year_with_subdomains(production):
    assert production["login_page"]["status"] == 200
    hsts = production["login_page"]["headers"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts


def test_production_session_cookie_is_secure_and_http_only(production):
    assert production["login"]["status"] == 302
    assert production["session_cookie"] == {"secure": True, "httponly": True}


def test_production_csrf_cookie_is_secure(production):
    assert production["csrf_cookie"]["secure"] is True


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/"])
def test_pages_send_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_content_security_policy_allows_no_inline_script_or_style_and_no_framing(client):
    csp = parse_csp(client.get("/")["Content-Security-Policy"])
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in csp.get(directive, [])
        assert "'unsafe-eval'" not in csp.get(directive, [])
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]


def test_production_sends_the_same_policy(production):
    csp = parse_csp(production["login_page"]["headers"]["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("48201937561", "entirely numeric"),
        ("amina-kashmiri", "too similar"),
    ],
)
def test_weak_passwords_are_refused(password, reason):
    user = UserFactory.build(username="amina-kashmiri")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert reason in " ".join(refused.value.messages)


@pytest.mark.django_db
def test_a_strong_password_is_accepted():
    validate_password("ceasefire along the line of control", UserFactory.build())
