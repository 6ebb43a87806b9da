# SASCOP runbook. Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
ESCALA ?= 1
BENCH_ESCALA ?= 20

.PHONY: run test lint format bench deps servicios navegador clean check-migraciones

$(VENV)/.instalado: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

deps: $(VENV)/.instalado

.env:
	cp .env.example .env
	sed -i "s/^DJANGO_SECRET_KEY=.*/DJANGO_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')/" .env

# Embedded SQLite, seeded and demo data, an admin whose credentials are printed, the site on http://$(HOST):$(PORT)
run: deps .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_catalogos
	$(PY) manage.py seed_roles
	$(PY) manage.py generar_datos_demo --escala $(ESCALA) --si-vacia
	$(PY) manage.py crear_admin --restablecer --url http://$(HOST):$(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests drive the system Chromium; install it when missing (Debian, as root).
navegador:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || { \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)); \
	  else echo "Falta Chromium: instale el paquete 'chromium' (sudo apt-get install chromium)"; exit 1; fi; }

# The whole suite: PostgreSQL when DATABASE_URL is set, else SQLite.
test: deps navegador
	$(PY) -m pytest

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-migraciones: deps
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Benchmarks on PostgreSQL (DATABASE_URL, default the local `test` database): queries per request, p50/p95.
bench: deps
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) bench/run.py --escala $(BENCH_ESCALA)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
