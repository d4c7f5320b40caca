"""WSGI entry point (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from timeline.caching.front import FrontCache  # noqa: E402 - needs the settings module

# Cached reader pages are answered from each process's memory before Django's stack runs, once
# their version (database or Redis) is checked: timeline/caching/front.py.
application = FrontCache(get_wsgi_application())
