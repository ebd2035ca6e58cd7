# Casebook. `make demo` and `make test` are all a fresh machine needs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_CHILDREN ?= 600
DEMO_SEED ?= 1
# Development commands run with DEBUG on (a dev secret key is generated into var/).
DEV := DEBUG=true

.PHONY: help setup deps demo run test test-fast check lint bench bench-pages clean

help:
	@echo "make demo   - set up, load a synthetic local authority and serve it on http://127.0.0.1:$(PORT)"
	@echo "make test   - install what the tests need and run the whole suite (browser tests included)"
	@echo "make setup  - create .venv, install Python and npm dependencies, migrate the SQLite database"
	@echo "make bench  - build large synthetic databases and print page timings and query counts"

$(VENV)/.installed: pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required"; exit 1; }
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend/build/app.css: node_modules/.installed frontend/app.scss
	npm run --silent build

deps: $(VENV)/.installed frontend/build/app.css

setup: deps
	$(DEV) $(PY) manage.py migrate --no-input

demo: setup
	$(DEV) $(PY) manage.py load_demo --children $(DEMO_CHILDREN) --seed $(DEMO_SEED) --if-empty
	@$(DEV) $(PY) manage.py demo_logins
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The DfE-rule validators need pandas<2 and numpy<1.25: their own Python 3.11 environment,
# run by casebook.statutory_returns as a subprocess.
DFE_VENV := .venv-dfe
$(DFE_VENV)/.installed: requirements-dfe.txt
	[ -x $(DFE_VENV)/bin/python ] || $(PYTHON) -m venv $(DFE_VENV)
	$(DFE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dfe.txt
	touch $@

dfe-validators: $(DFE_VENV)/.installed
.PHONY: dfe-validators

run: setup
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Browser tests need Debian's chromium (never a downloaded browser).
/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Install Debian's chromium: sudo apt-get install chromium"; exit 1; fi

test: deps /usr/bin/chromium $(DFE_VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings_test >/dev/null
	$(PY) -m pytest -q $(PYTEST_ARGS)
	$(PY) -m bandit -q -c pyproject.toml -r casebook config --severity-level high
	$(PY) -m casebook.core.audit_dependencies

test-fast: deps
	$(PY) -m pytest -q -m "not browser" -x $(PYTEST_ARGS)

# Page timings at 600 and 60,000 children, the returns' export and validation times at 10,000
# and 60,000, then the load test (50 workers against gunicorn and
# PostgreSQL on 127.0.0.1, LOAD_SECONDS long) and the crash test (SIGKILL during saves).
LOAD_SECONDS ?= 120
bench: deps $(DFE_VENV)/.installed
	$(DEV) $(PY) -m bench $(BENCH_ARGS)
	$(DEV) $(PY) -m bench.returns
	$(DEV) $(PY) -m bench.load --seconds $(LOAD_SECONDS)
	$(DEV) $(PY) -m bench.crash

bench-pages: deps
	$(DEV) $(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules frontend/build var/staticfiles
