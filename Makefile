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
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))

.PHONY: run serve test test-sqlite test-postgres lint check bench static backup restore clean

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

# Back up the database DATABASE_URL names (SQLite by default) into backups/, or restore one:
#   make backup                      -> backups/timeline-<time>.dump
#   make restore FILE=backups/timeline-20250511-090000.dump   (replaces everything; asks first)
backup: $(VENV)/.installed
	$(BIN)/python manage.py backup_database $(FILE)

restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/<file>.dump"; exit 2; }
	$(BIN)/python manage.py restore_database $(FILE)
