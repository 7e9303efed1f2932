# Quick start: `make run` builds the graph from documents/; `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test validate stress clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/zwgk build documents --out out

test: $(STAMP)
	$(BIN)/python -m pytest

# build documents/ and validate it with shapes/; writes out/validation.xml (JUnit) for CI systems
validate: $(STAMP)
	$(BIN)/zwgk build documents --out out
	$(BIN)/zwgk validate out/zwgk.trig --junit-file out/validation.xml

# the kill-at-random acceptance test: 50 kills of a 201-document build into the on-disk store (~8 min)
stress: $(STAMP)
	$(BIN)/python -m pytest -m slow -s tests/test_commit.py

clean:
	rm -rf out $(VENV) .pytest_cache
