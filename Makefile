# Two commands on a fresh machine: `make` builds dist/, `make test` runs the tests
# (and builds the documentation site into site/, strictly: a broken link fails).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: all build test test-fast check clean

all: build

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,docs]'
	touch $(BIN)/activate

build: $(BIN)/activate
	$(BIN)/python build.py

check: $(BIN)/activate
	$(BIN)/python build.py check

test: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site
	$(BIN)/python -m pytest -n auto --durations=15

# While you work: ruff, then every test that builds no edition (not marked slow).
test-fast: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n auto -m "not slow"

clean:
	rm -rf dist site $(VENV)
