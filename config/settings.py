"""One settings module, driven by the environment.

DJANGO_ENV picks the profile: "development" (the default: SQLite, DEBUG, a throwaway key) or
"production" (refuses to start without a real SECRET_KEY, secure cookies, HSTS). Everything
else comes from plain environment variables; see README.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEVELOPMENT_SECRET_KEY = "development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "Production needs a real SECRET_KEY (at least 50 random characters) in the environment."
    )

DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
    ).split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "simple_history",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "timeline",
]

MIDDLEWARE = [
    # Behind make serve's nginx only: it adds the default security headers (front_headers.py).
    "timeline.front_headers.FrontSecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "timeline.database_outage.DatabaseOutageMiddleware",
    # HEAD is a GET without the body, for every view (and for cached pages too).
    "timeline.head_requests.HeadAsGetMiddleware",
    # Before sessions and the rest: a cached reader page is answered with no work but its check.
    "timeline.caching.responses.ReaderCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Pages shown to a logged-in user (drafts among them) are never stored by any cache.
    "timeline.caching.private_pages.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0,
        conn_health_checks=env_bool("DATABASE_HEALTH_CHECKS", True),
    )
}
POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if POSTGRESQL and env_bool("DATABASE_POOL", True):
    # psycopg 3's pool keeps connections open across requests; Django checks them out per request.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", "1")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
        # How long a request waits for a connection: rides out a quick database restart, then
        # the request gets the 503 page (timeline.database_outage) instead of hanging.
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "5")),
        # The pool retries a lost server with exponential backoff (1, 2, 4, 8 s...); giving up
        # after a few seconds lets the next request start a fresh attempt, so the app is back
        # within seconds of the database, not a long backoff step later.
        "reconnect_timeout": float(os.environ.get("DATABASE_POOL_RECONNECT_TIMEOUT", "3")),
    }
PREPARE_THRESHOLD = os.environ.get("DATABASE_PREPARE_THRESHOLD", "5")
if POSTGRESQL and PREPARE_THRESHOLD:
    # Parameters sent apart from the SQL (server-side binding), so a statement's text is the
    # same whatever its values, and psycopg prepares it from its fifth run on a connection:
    # PostgreSQL then plans the chronology's page query (about 1 ms of planning) once per
    # connection, not per request, and Python no longer quotes values into the SQL. Behind
    # PgBouncer in transaction mode this needs PgBouncer 1.21 or later with
    # max_prepared_statements set; or set DATABASE_PREPARE_THRESHOLD="" to turn both off.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=int(PREPARE_THRESHOLD)
    )
RANDOM_PAGE_COST = os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1")
if POSTGRESQL and RANDOM_PAGE_COST:
    # The planner's price of reading a page out of order, for this app's sessions: 1.1, the
    # usual value for SSDs and for data held in memory (PostgreSQL's default, 4, assumes
    # spinning disks). At 4 the planner joins each card's actors by reading the whole actor
    # table once per card (a hash join); at 1.1 it looks them up by key, and the chronology's
    # page query runs in a fifth of the time. Sent once per connection, as a startup option
    # (behind PgBouncer, list "options" in its ignore_startup_parameters or set this to "").
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c random_page_cost={float(RANDOM_PAGE_COST)}"
    )
if POSTGRESQL:
    # Django's backend with psycopg's fast timestamp loader (config/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "config.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
    # Tests use a database file too, not Django's shared in-memory one: the test server's threads
    # (a live stream polling beside an editor's request) then each have their own connection, as
    # in production, instead of sharing one that SQLite refuses to write while another reads.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "timeline.caching.redis_cache.RedisCache",  # one client per pool
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "timeline"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Room for every event card of a large chronology (Django's default is 300).
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "20000"))},
        }
    }
# Where a cached reader page's content version comes from: "database" (one small query per
# request; correct with any cache, even one per process) or "cache" (a token in the cache,
# replaced after every edit's commit: no query on a hit, but every app process must share the
# cache, as with Redis). See timeline.caching.responses.
CONTENT_VERSION_SOURCE = os.environ.get(
    "CONTENT_VERSION_SOURCE", "cache" if REDIS_URL else "database"
)
if CONTENT_VERSION_SOURCE not in {"cache", "database"}:
    raise ImproperlyConfigured("CONTENT_VERSION_SOURCE must be 'cache' or 'database'.")
# Reader-page caches: whole responses (timeline.caching.responses) and fragments (event cards in
# timeline.caching.cards, a chronology's facets and header per content version). Their keys carry
# the content version, so these timeouts only bound memory, never correctness; 0 turns one off.
RESPONSE_CACHE_TIMEOUT = int(os.environ.get("RESPONSE_CACHE_TIMEOUT", "3600"))
FRAGMENT_CACHE_TIMEOUT = int(os.environ.get("FRAGMENT_CACHE_TIMEOUT", str(7 * 24 * 3600)))
# Each WSGI process also keeps the finished bytes of the reader pages it sent last, up to this
# many bytes, and answers a hit from them once the version read for that request matches
# (timeline.caching.front; 0: off). Only a speed-up: the version still comes from the database
# or the shared cache on every request.
RESPONSE_MEMORY_BYTES = int(os.environ.get("RESPONSE_MEMORY_BYTES", str(32 * 1024 * 1024)))
# Each process also keeps the parts it read or stored (cards, fragments, facets: keys that name
# one content for good) up to this many bytes, in front of the shared cache
# (timeline.caching.parts; 0: off).
PART_MEMORY_BYTES = int(os.environ.get("PART_MEMORY_BYTES", str(16 * 1024 * 1024)))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Reverse proxies whose X-Forwarded-For is believed for the client's address (login limits):
# comma-separated addresses or networks, e.g. "127.0.0.1,10.0.0.0/8". Empty: the peer address.
TRUSTED_PROXIES = [
    item.strip() for item in os.environ.get("TRUSTED_PROXIES", "").split(",") if item.strip()
]

# Mail (password reset): the console in development, SMTP in production, from the environment.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "timeline@localhost")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "timeline:index"
LOGOUT_REDIRECT_URL = "timeline:index"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Development and tests serve static files straight from static/; production from collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "config.storage.ManifestStaticStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Snapshots (WARC files) go through the default storage: files under MEDIA_ROOT unless STORAGES
# names another backend (an S3-compatible one is a settings change). Never served directly: the
# app serves them as downloads after its own checks.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"

# Background jobs: Django's tasks API (django-tasks), stored in the database; `manage.py
# db_worker` runs them. TASKS_BACKEND=immediate runs each job inside the request (tests only).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("TASKS_BACKEND") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# The safe fetcher (timeline/evidence/fetcher.py), the only code that makes outbound requests.
# FETCH_ALLOW_HOSTS: comma-separated host:port pairs let through whatever their address (test
# servers, newsroom intranets); nothing else reaches a private or local address.
FETCH_ALLOW_HOSTS = [
    entry.strip() for entry in os.environ.get("FETCH_ALLOW_HOSTS", "").split(",") if entry.strip()
]
# Ports fetched without an allow-list entry (fixed: widening it is a code change).
FETCH_PORTS = (80, 443)
FETCH_CONTACT_URL = os.environ.get(
    "FETCH_CONTACT_URL", "https://github.com/search?q=timeline+newsroom+archiver"
)
FETCH_USER_AGENT = f"Timeline/1.0 (newsroom source archiver; +{FETCH_CONTACT_URL})"
# Seconds between the attempts of a fetch that failed for a passing reason (timeout, 5xx).
FETCH_RETRY_DELAYS = [
    int(value) for value in os.environ.get("FETCH_RETRY_DELAYS", "30,120,600").split(",") if value
]
# check_sources politeness: at most this many requests a second to one host, and workers.
FETCH_HOST_RATE = float(os.environ.get("FETCH_HOST_RATE", "1"))
FETCH_CONCURRENCY = int(os.environ.get("FETCH_CONCURRENCY", "4"))

# Uploads and request bodies: imports may be up to 10 MB; anything larger is refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024

# Security headers that hold in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The front server (make serve's nginx) adds the headers above to every response that asks for
# nothing else, and the app leaves them out of those (timeline/front_headers.py). Only where
# such a front server is sure to be in front: deploy/serve.py sets it for its own app.
SECURITY_HEADERS_FROM_FRONT = env_bool("SECURITY_HEADERS_FROM_FRONT", False)

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Cookies go back over https only. SECURE_COOKIES=0 is for plain http on this machine alone
    # (`make serve` on loopback, deploy/serve.py): a browser never returns a Secure cookie over
    # http, so logging in would fail there with a CSRF error.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

# Live updates (timeline/live/; README "Live updates and the change feed").
# The hub re-reads followed timelines this often: the only wake-up on SQLite, a safety net
# behind PostgreSQL's NOTIFY.
LIVE_POLL_SECONDS = float(
    os.environ.get(
        "LIVE_POLL_SECONDS",
        "30" if POSTGRESQL else "1",
    )
)
LIVE_HEARTBEAT_SECONDS = float(os.environ.get("LIVE_HEARTBEAT_SECONDS", "20"))
LIVE_MAX_SECONDS = float(os.environ.get("LIVE_MAX_SECONDS", "600"))  # then the browser resumes
LIVE_RETRY_MS = int(os.environ.get("LIVE_RETRY_MS", "2000"))
LIVE_REPLAY_LIMIT = int(os.environ.get("LIVE_REPLAY_LIMIT", "500"))
CHANGE_FEED_PAGE_SIZE = int(os.environ.get("CHANGE_FEED_PAGE_SIZE", "100"))
# Seconds a front cache (nginx, deploy/nginx.conf.template) may serve a public reader page
# before revalidating it with the app (sent as X-Accel-Expires, which nginx reads and strips;
# browsers still revalidate every time). 0: the front cache stores nothing.
FRONT_CACHE_SECONDS = int(os.environ.get("FRONT_CACHE_SECONDS", "1"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
