# One command source: CI (.ci/run) calls these same targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo serve test lint types check bench schemas clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/skillc demo

# The service on the embedded defaults (SQLite in SKILLC_HOME, the simulated sample account);
# Ctrl-C stops it. Add a user first: `.venv/bin/skillc users add you@example.com --password-stdin`.
serve: $(STAMP)
	$(BIN)/skillc serve --port $${PORT:-8000}

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check compiler tests bench tools
	$(BIN)/ruff format --check compiler tests bench tools
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy

check: lint types test

bench: $(STAMP)
	$(BIN)/python -m bench

schemas: $(STAMP)
	$(BIN)/python -m compiler.schemas_gen

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
