# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make run    virtualenv, install, migrate, demo data, serve on http://127.0.0.1:8000 (SQLite)
#   make test   virtualenv, dev dependencies, the whole suite on SQLite and on PostgreSQL
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL used by `make test` (trust auth on this machine); tests create test_* databases.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/timeline
PYTEST_ARGS ?=
PYTEST_WORKERS ?= 2
# `make bench`: BENCH_SCALE=full adds the 1,000,000-event search step (long); quick skips HTTP.
BENCH_SCALE ?= default
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tl_perf_bench

.PHONY: run serve serve-app test test-sqlite test-postgres lint check bench static backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Serving the demo at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production on this machine (README "Production serving"): nginx (deploy/nginx.conf.template:
# static files, a short cache of anonymous pages, SSE unbuffered, rate limits) in front of
# gunicorn with uvicorn workers (config/asgi.py; 2 x cores + 1 or WEB_CONCURRENCY) and the job
# worker; deploy/serve.py runs the three and stops them together. Installs Debian's nginx-light
# when it can (as root with apt-get); otherwise says how. Without SECRET_KEY in the environment
# a random one is made once in .secret_key (not committed). No TLS here, so no redirect to
# https unless SECURE_SSL_REDIRECT=1. RATE_LIMIT_RPS=0 turns the rate limit off.
serve: $(VENV)/.installed | .secret_key
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || ! command -v apt-get >/dev/null \
		|| [ "$$(id -u)" != 0 ] || apt-get install -y -qq nginx-light >/dev/null 2>&1 \
		|| (apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null) \
		|| echo "nginx could not be installed here"
	@export DJANGO_ENV=production SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}" \
		ALLOWED_HOSTS="$${ALLOWED_HOSTS:-$(HOST),localhost,127.0.0.1}" \
		SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" HOST="$(HOST)" PORT="$(PORT)" && \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0 && \
	$(BIN)/python manage.py migrate --noinput --verbosity 0 && \
	exec $(BIN)/python deploy/serve.py

# The app server alone (gunicorn, config/gunicorn.py, sync workers), as before nginx: for a
# machine whose front server is somewhere else.
serve-app: $(VENV)/.installed | .secret_key
	@export DJANGO_ENV=production SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}" \
		ALLOWED_HOSTS="$${ALLOWED_HOSTS:-$(HOST),localhost,127.0.0.1}" \
		SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" HOST="$(HOST)" PORT="$(PORT)" && \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0 && \
	$(BIN)/python manage.py migrate --noinput --verbosity 0 && \
	echo "Serving with production settings at http://$(HOST):$(PORT)/ (Ctrl-C stops it)" && \
	exec $(BIN)/gunicorn --config config/gunicorn.py

.secret_key: | $(BIN)/python
	umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))" > $@

# Benchmarks against PostgreSQL (BENCH_DATABASE_URL; it creates <name>, <name>_100k, <name>_1m):
# prints a table and writes bench/RESULTS.md. About 10 minutes on 2 cores; BENCH_SCALE=full adds
# search over 1,000,000 events.
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || ! command -v apt-get >/dev/null || [ "$$(id -u)" != 0 ] \
		|| (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)) \
		|| echo "wrk could not be installed: using the Python load generator"
	$(BIN)/python -m bench --scale $(BENCH_SCALE) --database-url $(BENCH_DATABASE_URL)

test: test-sqlite test-postgres

test-sqlite: $(VENV)/.installed-dev node_modules/.installed
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-dev node_modules/.installed
	@echo "== test suite on PostgreSQL ($(TEST_POSTGRES_URL)) =="
	@$(BIN)/python -c "import psycopg,sys; psycopg.connect('$(TEST_POSTGRES_URL)'.rsplit('/',1)[0]+'/postgres').close()" \
		|| (echo "PostgreSQL is not answering at $(TEST_POSTGRES_URL): start it (see README)"; exit 1)
	DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) --create-db $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(VENV)/.installed-dev
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Copy front-end files from their npm packages into static/ (no CDN).
static: node_modules/.installed
	cp node_modules/htmx.org/dist/htmx.min.js static/js/htmx.min.js
	mkdir -p static/map
	cp node_modules/world-atlas/countries-10m.json node_modules/world-atlas/countries-50m.json \
		node_modules/world-atlas/countries-110m.json static/map/
	cp node_modules/world-atlas/LICENSE static/map/LICENSE-world-atlas
	cp node_modules/htmx-ext-sse/dist/sse.min.js static/js/htmx-ext-sse.min.js

# Back up the database DATABASE_URL names (SQLite by default) into backups/, or restore one:
#   make backup                      -> backups/timeline-<time>.dump
#   make restore FILE=backups/timeline-20250511-090000.dump   (replaces everything; asks first)
backup: $(VENV)/.installed
	$(BIN)/python manage.py backup_database $(FILE)

restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/<file>.dump"; exit 2; }
	$(BIN)/python manage.py restore_database $(FILE)
