# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint browser vnu edge messages clean bench bench-fault bench-load

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

## make run: install, migrate, load the demo newsroom and serve it on 127.0.0.1:8000 (SQLite)
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@# The compiled catalogues are committed: recompiled only where gettext's msgfmt exists.
	@if command -v msgfmt >/dev/null; then DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules >/dev/null; \
	else echo "msgfmt not found: serving the committed translations (locale/*/LC_MESSAGES/django.mo)"; fi
	@DEBUG=1 $(BIN)/python manage.py demo_logins --address $(HOST):$(PORT)
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: the whole suite; SQLite by default, PostgreSQL when DATABASE_URL is set.
## Needs gettext (msgfmt: the catalogues are checked), Chromium and npm (browser and axe tests).
## Two workers (pytest-xdist): the suite waits on image processing children and browsers.
TEST_WORKERS ?= 2
test: install browser edge vnu
	@scripts/system-packages "make test" gettext
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

## make browser: Debian's Chromium for the browser tests (never a downloaded browser),
## axe-core and the Nu HTML Checker (vnu-jar, run with Java) from npm, pinned by
## package-lock.json, and Noto fonts so Dari and Pashto screenshots show every letter
browser: node_modules/.installed
	@scripts/system-packages "The browser tests" chromium default-jre-headless fonts-noto-core

node_modules/.installed: package.json package-lock.json
	@scripts/system-packages "axe-core (npm ci)" npm
	npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

## make edge: Debian's Varnish and its xkey module, for tests/test_varnish.py (deploy/varnish.vcl)
edge:
	@scripts/system-packages "The edge-cache tests" varnish varnish-modules

## make vnu: the Nu Html Checker (vnu.jar from the vnu-jar npm package, pinned; npm's
## install scripts off, so no JRE is downloaded) and Debian's Java to run it
vnu: node_modules/.installed
	@scripts/system-packages "The HTML checker (tests/test_vnu.py)" default-jre-headless

## make messages: collect the interface's strings into locale/*/django.po, then compile the .mo
messages: install
	@scripts/system-packages "make messages" gettext
	DEBUG=1 $(BIN)/python manage.py makemessages -l fa -l ps --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

## make bench ARTICLES=10000: fill a PostgreSQL archive and measure it (bench/README.md)
ARTICLES ?= 1000
bench: install
	@scripts/system-packages "make bench" wrk
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
