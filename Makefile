# Two entry points (see README): `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The portal with demo data: migrate, load the demo world, then web + Celery worker + beat.
# `make run PORT=8080` serves on another port; links in e-mails follow it unless SITE_URL says otherwise.
PORT ?= 8000
run: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py demo
	DEBUG=$${DEBUG:-1} SITE_URL=$${SITE_URL:-http://localhost:$(PORT)} $(BIN)/python manage.py dev --adres 127.0.0.1:$(PORT)

# The whole test suite. Browser tests need /usr/bin/chromium; scripts/chromium installs it when it can.
test: $(STAMP)
	$(BIN)/python scripts/ensure_chromium.py
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var/*
