# Quick start: `make run` builds the graph from documents/; `make lab` opens the notebooks in JupyterLab;
# `make test` runs every check.  The commands are in .venv/bin/ (or `source .venv/bin/activate`).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run lab test validate stress engines clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/zwgk build documents --out out

# JupyterLab from the venv on notebooks/ (jupyterlab is a dependency); builds out/ first when there is none.
# The kernel runs in notebooks/ and finds the data in this folder (build_graph/project.py; or set ZWGK_HOME).
lab: $(STAMP)
	test -f out/zwgk.trig || $(BIN)/zwgk build documents --out out
	$(BIN)/jupyter lab notebooks/

test: $(STAMP)
	$(BIN)/python -m pytest

# build documents/ and validate it with shapes/; writes out/validation.xml (JUnit) for CI systems
validate: $(STAMP)
	$(BIN)/zwgk build documents --out out
	$(BIN)/zwgk validate out/zwgk.trig --junit-file out/validation.xml

# the slow acceptance tests, not in `make test`: 50 kills at random of a 201-document build into the on-disk
# store (10-15 min on 2 cores) and HermiT on 100 synthetic plans (~90 s)
stress: $(STAMP)
	$(BIN)/python -m pytest -m slow -s tests/test_commit.py tests/test_ontology.py

# the second engines the tests compare against (Debian/Ubuntu, as root or with sudo): Jena (SHACL and parsing),
# serdi, rapper; without them those tests are skipped, naming this command
ENGINE_PACKAGES := default-jre-headless libapache-jena-java serdi raptor2-utils
engines:
	@if dpkg -s $(ENGINE_PACKAGES) >/dev/null 2>&1; then echo "second engines installed: $(ENGINE_PACKAGES)"; \
	else $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y --no-install-recommends $(ENGINE_PACKAGES); fi

clean:
	rm -rf out $(VENV) .pytest_cache
