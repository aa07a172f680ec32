# Everything installs from pinned, hashed files: requirements.lock (Python) and
# tests/browser/package-lock.json (axe-core). `make serve` and `make test` are all a
# fresh machine needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build validate test test-fast schema lock bench clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr $(HOST) --livereload

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

validate: $(STAMP)
	$(BIN)/pmo-hub validate

schema: $(STAMP)
	$(BIN)/pmo-hub schema

test: $(STAMP)
	$(BIN)/python -m pytest -n 2

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow and not browser"

# Re-pin after editing requirements.in (needs network access to PyPI).
lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28 requirements.in -o requirements.lock

bench: $(STAMP)
	$(BIN)/python benchmarks/build_benchmark.py

clean:
	rm -rf site .cache
