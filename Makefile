# Two commands on a fresh machine: `make` builds dist/, `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: all build test check clean

all: build

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/activate

build: $(BIN)/activate
	$(BIN)/python build.py

check: $(BIN)/activate
	$(BIN)/python build.py check

test: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n auto

clean:
	rm -rf dist $(VENV)
