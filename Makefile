# MIA — two commands: `make run` and `make test`. Python >= 3.11 is the only prerequisite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
ASSETS := var/assets/mia/css/mia.css
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format assets install bench worker messages clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json | $(STAMP)
	cd frontend && ../$(BIN)/npm ci --no-audit --no-fund --loglevel=error

$(ASSETS): frontend/node_modules/.package-lock.json frontend/build.py $(wildcard frontend/scss/*.scss)
	$(PY) frontend/build.py $(BIN)/node

assets: $(ASSETS)

run: $(ASSETS)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) build_booklets
	BASE_URL=http://$(HOST):$(PORT) $(MANAGE) ensure_dev_admin
	BASE_URL=http://$(HOST):$(PORT) $(MANAGE) ensure_demo_member
	$(MANAGE) runserver $(HOST):$(PORT)

worker: $(STAMP)
	$(MANAGE) db_worker

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint $(ASSETS)
	$(MANAGE) makemigrations --check --dry-run --settings=mia.settings.test
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

messages: $(STAMP)
	$(MANAGE) makemessages -l de -l tr -l ar -l uk -l en --ignore=.venv --ignore=frontend --ignore=var --ignore=tests
	$(MANAGE) compilemessages --ignore=.venv

bench: $(ASSETS)
	$(PY) bench/run.py

clean:
	rm -rf var/assets var/static var/test-assets frontend/node_modules
