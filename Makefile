# Kompeten: `make run` serves the app with a demo city, `make test` runs the linters and the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
FLASK = $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
DEMO_EMPLOYEES ?= 1500

.PHONY: run test install install-dev translations worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed translations
install-dev: $(VENV)/.installed-dev translations

translations: | $(BIN)/python
	$(BIN)/pybabel compile -d lms/translations -D messages -f
	$(BIN)/pybabel compile -d lms/translations -D wtforms -f

run: install
	$(FLASK) db upgrade
	$(FLASK) lms install-frameworks
	$(FLASK) lms demo --if-empty --employees $(DEMO_EMPLOYEES)
	$(FLASK) run --host $(HOST) --port $(PORT)

# Runs the background jobs when LMS_BROKER_URL is set (e.g. redis://127.0.0.1:6379/0); give the web app the same.
worker: install
	$(BIN)/celery -A lms.worker worker --loglevel=info --concurrency=2

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
