# make run: set everything up, migrate, load demo data, start web, worker and beat.
# make test: set everything up and run every check.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The first Python 3.12+ found: on PATH, then pyenv's.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	v=$$(command -v $$p 2>/dev/null) && $$v -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && echo $$v && break; done)

help:
	@echo "make run    set up, migrate, load demo data, start web + worker + beat on http://127.0.0.1:$(PORT)/"
	@echo "make test   set up and run every check (ruff, migrations, pytest incl. browser and worker tests)"
	@echo "make bench  time each role's pages at factor 1 and 10 (build the data once: make bench-data)"

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed: none found" >&2; exit 1; }
	test -x $(VENV)/bin/pip || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $@

static/vendor/.installed: package.json package-lock.json bin/vendor.mjs $(wildcard assets/*.js)
	npm ci --no-audit --no-fund --loglevel=error
	node bin/vendor.mjs
	touch $@

.env:
	printf 'DEBUG=true\n' > .env

setup: $(VENV)/.installed static/vendor/.installed .env

chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian's Chromium: sudo apt-get install -y chromium" >&2; exit 1; fi; }

# Migrations run as the database owner, which grants the runtime role its privileges; the demo
# data, web, worker and beat log in as the runtime role (only INSERT and SELECT on the audit trail).
# The role is made only on this machine's server (or with CREATE_RUNTIME_ROLE=true), its password
# generated once and kept in .env; elsewhere everything logs in as DATABASE_URL's role.
# Links in e-mails follow the port (PORT=8001 make run) unless SITE_URL is set.
run: setup
	@mkdir -p .run
	@env=$$($(PY) bin/devenv.py pcso --runtime-role) || exit 1; eval "$$env"; export DEBUG=true; \
	export SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}; \
	DATABASE_RUNTIME_ROLE=$$RUNTIME_ROLE $(PY) manage.py migrate --no-input -v 0; \
	export DATABASE_URL=$$RUNTIME_DATABASE_URL; \
	$(PY) manage.py demo_data; \
	$(VENV)/bin/celery -A pcso worker -l info --concurrency 2 > .run/worker.log 2>&1 & worker=$$!; \
	$(VENV)/bin/celery -A pcso beat -l info -s .run/celerybeat-schedule > .run/beat.log 2>&1 & beat=$$!; \
	trap 'kill $$worker $$beat 2>/dev/null' EXIT INT TERM; \
	echo; echo "pcso is at http://127.0.0.1:$(PORT)/  (worker and beat logs in .run/)"; echo; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: setup chromium
	@env=$$($(PY) bin/devenv.py pcso) || exit 1; eval "$$env"; \
	$(VENV)/bin/ruff check . && \
	$(PY) manage.py makemigrations --check --dry-run && \
	$(PY) -m pytest $(PYTEST_ARGS)

# make bench-data once (factor 1 and factor 10 databases, see bench/data.py), then make bench.
bench-data: setup
	@env=$$($(PY) bin/devenv.py pcso) || exit 1; eval "$$env"; $(PY) bench/data.py

bench: setup
	@env=$$($(PY) bin/devenv.py pcso) || exit 1; eval "$$env"; $(PY) bench/run.py && $(PY) bench/audit_seal.py

.PHONY: help setup chromium run lint test bench bench-data
