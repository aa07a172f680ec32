# Everything installs from pinned, hashed files: requirements.lock (Python) and
# tests/browser/package-lock.json (axe-core). `make serve` and `make test` are all a
# fresh machine needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: the site's timestamps (sitemap, gzip headers, build-info.json) come
# from the last commit, or outside git from the data's reporting date, never the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(strip $(SOURCE_DATE_EPOCH)),)
export SOURCE_DATE_EPOCH
endif
VALIDATE_FORMAT ?= text

.PHONY: serve build validate test test-fast lint format schema lock bench bench-deps clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

# --dirty: a rebuild writes only the pages an edit changed; the plugin makes that exact
# (hooks/pmo_hub/site/dirty.py: the same site as a clean build, byte for byte).
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr $(HOST) --livereload --dirty

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

validate: $(STAMP)
	$(BIN)/pmo-hub validate --format $(VALIDATE_FORMAT)

schema: $(STAMP)
	$(BIN)/pmo-hub schema

test: $(STAMP) browser-deps lint
	$(BIN)/python -m pytest -n 2

# ruff: the code's format, and pyflakes, pycodestyle, import order, bugbear and pyupgrade rules (a
# test defined twice under one name, which Python silently keeps only the last of, among them);
# mypy: the types of hooks/, tests/ and benchmarks/ (tests/browser apart: it has a conftest.py of its
# own). Settings in pyproject.toml. `make format` rewrites the code in ruff's format.
LINTED := hooks tests benchmarks
lint: $(STAMP)
	$(BIN)/ruff format --no-cache --check $(LINTED)
	$(BIN)/ruff check --no-cache $(LINTED)
	MYPYPATH=hooks:tests:benchmarks $(BIN)/mypy --no-incremental hooks tests benchmarks --exclude '^(tests/browser|benchmarks/out)/'
	MYPYPATH=hooks:tests/browser $(BIN)/mypy --no-incremental tests/browser

format: $(STAMP)
	$(BIN)/ruff format --no-cache $(LINTED)
	$(BIN)/ruff check --no-cache --fix $(LINTED)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow and not browser"

# Re-pin after editing requirements.in (needs network access to PyPI).
lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28 requirements.in -o requirements.lock

# Every figure of the performance goals in one table (tens of minutes; BENCH_ARGS=--quick: minutes).
bench: $(STAMP) bench-deps
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

# Lighthouse 12.2.3 from benchmarks/package-lock.json (run with Debian's chromium, never a
# browser of its own; benchmarks/.npmrc: no install scripts, no audit).
BENCH_NPM := benchmarks/node_modules/.package-lock.json
bench-deps: $(BENCH_NPM)
	@test -x /usr/bin/chromium || { echo "bench-deps: /usr/bin/chromium missing: run make browser-deps" >&2; exit 1; }

$(BENCH_NPM): benchmarks/package.json benchmarks/package-lock.json
	cd benchmarks && npm ci
	touch $@

clean:
	rm -rf site .cache

# -- browser tests (tests/browser) ----------------------------------------------------------
# Debian's Chromium (never a browser that a tool downloads itself) and axe-core from the
# lockfile. apt-get needs root, as CI has; elsewhere install the chromium package by hand.
.PHONY: browser-deps screenshots
AXE := tests/browser/node_modules/axe-core/axe.min.js

browser-deps: $(AXE)
	@test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-liberation; }

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund
	touch $@

# PNGs of the main pages (light, dark, print) for a reviewer: screenshots/ (not committed).
screenshots: $(STAMP) browser-deps
	$(BIN)/python tests/browser/screenshots.py screenshots

# -- editor workflow and CI (.github/workflows call these) ---------------------------------
.PHONY: install check-links publish generate quality-summary

install: $(STAMP)

# Every internal link and #anchor of the built site (generated pages link in raw HTML, which
# MkDocs does not check).
check-links: $(STAMP)
	$(BIN)/pmo-hub check-links site

# Build into a new folder, check it, then swap it into DEST atomically: a failed build never
# replaces the published site. DEST becomes a link to .DEST.releases/release-NNNNNN.
publish: $(STAMP)
	@test -n "$(DEST)" || { echo "usage: make publish DEST=/path/the/web/server/serves" >&2; exit 2; }
	$(BIN)/pmo-hub publish --dest "$(DEST)"

# The site's sources for generators that do not run MkDocs hooks: build/docs, build/mkdocs.yml.
generate: $(STAMP)
	$(BIN)/pmo-hub generate --out build/docs --config-out build/mkdocs.yml

# The data-quality summary as Markdown (appended to $$GITHUB_STEP_SUMMARY in CI).
quality-summary: $(STAMP)
	$(BIN)/pmo-hub quality-summary
