# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint browser vnu messages gettext clean bench bench-fault bench-load

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# gettext's msgfmt/xgettext for `make messages` and the test that the committed .mo is fresh.
gettext:
	@command -v msgfmt >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }

install: $(VENV)/.installed gettext

## make run: install, migrate, load the demo newsroom and serve it on 127.0.0.1:8000 (SQLite)
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv >/dev/null 2>&1 || true
	@DEBUG=1 $(BIN)/python manage.py demo_logins --address $(HOST):$(PORT)
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: the whole suite; SQLite by default, PostgreSQL when DATABASE_URL is set
test: install browser vnu
	$(BIN)/python -m pytest

## make browser: Debian's Chromium for the browser tests (never a downloaded browser),
## and axe-core from npm, pinned by package-lock.json, for the accessibility checks
browser: node_modules/.installed
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

## make vnu: the Nu Html Checker (vnu.jar from the vnu-jar npm package, pinned; install
## scripts off, so no JRE is downloaded) and Debian's Java to run it
vnu: node_modules/.installed
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }

## make messages: collect the interface's strings into locale/*/django.po, then compile the .mo
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l fa -l ps --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

## make bench ARTICLES=10000: fill a PostgreSQL archive and measure it (bench/README.md)
ARTICLES ?= 1000
bench: install
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(BIN)/python bench/bench.py --articles $(ARTICLES)

## make bench-fault: restart a throwaway PostgreSQL while replies are posted; none may be lost
bench-fault: install
	$(BIN)/python bench/db_fault.py

## make bench-load: 200 concurrent reply posts; the stored replies must equal the accepted answers
bench-load: install
	$(BIN)/python bench/reply_load.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media staticfiles .pytest_cache
