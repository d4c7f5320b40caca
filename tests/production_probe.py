"""Run inside a subprocess with DJANGO_ENV=production: request a few pages, print what came back.

The deployment tests cannot switch the settings module of the running test process to
production (it is read once at start-up), so they start this script with the production
environment and assert on the JSON it prints: status codes, headers and cookie attributes.
"""

from __future__ import annotations

import json
import os
import sys

import django


def cookie_attributes(response, name):
    if name not in response.cookies:
        return None
    morsel = response.cookies[name]
    return {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"])}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    get_user_model().objects.create_user("probe", password="a-long-enough-probe-password")

    client = Client(enforce_csrf_checks=False)
    plain_http = client.get("/accounts/login/")
    login_page = client.get("/accounts/login/", secure=True)
    logged_in = client.post(
        "/accounts/login/",
        {"username": "probe", "password": "a-long-enough-probe-password"},
        secure=True,
    )
    report = {
        "plain_http": {"status": plain_http.status_code, "location": plain_http.get("Location")},
        "login_page": {"status": login_page.status_code, "headers": dict(login_page.headers)},
        "csrf_cookie": cookie_attributes(login_page, "csrftoken"),
        "login": {"status": logged_in.status_code},
        "session_cookie": cookie_attributes(logged_in, "sessionid"),
    }
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
