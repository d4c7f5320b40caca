"""ASGI entry point (uvicorn config.asgi:application; `make serve` runs it under gunicorn).

Anonymous readers' live streams (GET /timelines/<slug>/live/ without a session cookie) are
served by timeline.live.asgi beside Django's request stack, which would keep a thread per open
stream; everything else is Django.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_application = get_asgi_application()

from timeline.live.asgi import anonymous_stream, is_anonymous_stream  # noqa: E402


async def application(scope, receive, send):
    if is_anonymous_stream(scope):
        await anonymous_stream(scope, receive, send)
    else:
        await django_application(scope, receive, send)
