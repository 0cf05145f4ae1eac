# Kompeten: `make run` serves the app with a demo city, `make test` runs the linters and the whole suite.
# Both first check (as root on Debian/Ubuntu: install) the system packages, then install the locked Python
# dependencies into .venv; nothing is reinstalled or rebuilt while its inputs are unchanged.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
UV = $(BIN)/uv
FLASK = $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
DEMO_EMPLOYEES ?= 1500
SYSTEM_DEPS = $(PYTHON) scripts/system_deps.py --venv $(VENV)
LOCK = $(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock"
TRANSLATIONS = $(patsubst %.po,%.mo,$(wildcard lms/translations/*/LC_MESSAGES/*.po))

.PHONY: run test audit worker system-deps system-deps-tests install install-dev translations lock lock-upgrade clean
.NOTPARALLEL:

run: system-deps install
	$(FLASK) lms serve --host $(HOST) --port $(PORT) --demo-employees $(DEMO_EMPLOYEES)

test: system-deps-tests install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest

# Known vulnerabilities of the locked packages (pip-audit, PyPI's advisory feed) fail, except those listed with
# their reason in requirements/audit-exceptions.txt; so does a package it could not check (--strict): an audit
# that cannot reach its service fails instead of passing.
AUDIT_EXCEPTIONS = requirements/audit-exceptions.txt
audit: $(VENV)/.installed-dev
	$(BIN)/pip-audit --strict --require-hashes --disable-pip --progress-spinner off \
	  $(shell sed -n 's/^\([A-Za-z0-9][A-Za-z0-9._-]*\)[[:space:]].*/--ignore-vuln \1/p' $(AUDIT_EXCEPTIONS)) \
	  -r requirements/run.lock -r requirements/dev.lock

# Runs the background jobs when LMS_BROKER_URL is set (e.g. redis://127.0.0.1:6379/0); give the web app the same.
worker: system-deps install
	$(BIN)/celery -A kompeten.worker worker --loglevel=info --concurrency=2

system-deps:
	@$(SYSTEM_DEPS)

system-deps-tests:
	@$(SYSTEM_DEPS) --tests

install: $(VENV)/.installed-run translations
install-dev: $(VENV)/.installed-dev translations
translations: $(TRANSLATIONS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv (which installs the locks), the build backend and Babel (compiles the translations), pinned with hashes.
$(VENV)/.tools: requirements/tools.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $<
	touch $@

# requirements/run.lock for the app, requirements/dev.lock for the app and its tests.
$(VENV)/.installed-%: requirements/%.lock pyproject.toml $(VENV)/.tools
	$(UV) pip install --quiet --compile-bytecode --python $(BIN)/python --require-hashes -r $<
	$(UV) pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	touch $@

%.mo: %.po $(VENV)/.tools
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

# After changing a dependency in pyproject.toml: pins what changed and keeps every other version.
lock: $(VENV)/.tools
	$(LOCK) --extra dev pyproject.toml -o requirements/dev.lock
	$(LOCK) pyproject.toml -c requirements/dev.lock -o requirements/run.lock
	$(LOCK) requirements/tools.in -c requirements/dev.lock -o requirements/tools.lock

# Takes the newest releases the ranges in pyproject.toml allow; run make test before committing the locks.
lock-upgrade: LOCK += --upgrade
lock-upgrade: lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
