"""The uvicorn worker `make serve` runs under gunicorn (deploy/serve.py).

Without a Server or Date header: nginx in front drops both and sends its own, and it stores
every header of a cached page and parses them again on every hit, so two it throws away cost
it on each one (README, "Security headers at the front").
"""

from uvicorn.workers import UvicornWorker


class FrontedUvicornWorker(UvicornWorker):
    CONFIG_KWARGS = {**UvicornWorker.CONFIG_KWARGS, "server_header": False, "date_header": False}
