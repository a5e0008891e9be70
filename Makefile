# Developer entry points. `make` alone lists the targets.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The stamp names a hash of the requirements files' content, not their time: a fresh clone (whose
# files are all new) with a venv installed from the same requirements needs no reinstall.
REQS   := $(sort $(wildcard requirements*.txt))
STAMP  := $(VENV)/.installed-$(shell cat $(REQS) | sha256sum | cut -c1-16)
# Test workers: the CPUs, at most 4 (each test file runs in one worker; its servers are its own).
JOBS   ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ $$n -gt 4 ] && n=4; echo $$n)

.DEFAULT_GOAL := help
.PHONY: help venv demo test lint clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z]+:.*## / {printf "  %-6s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: $(STAMP) ## Create .venv and install requirements-dev.txt (again only when their content changes)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# pip first, as pinned in requirements-dev.txt (the one a venv comes with may be older). The venv's
# python by its real folder: pip writes the path it is run by into the scripts it installs, and a
# .venv that is a symlink to a shared one must not get scripts that point into this checkout.
$(STAMP): | $(BIN)/python
	py=$$(cd $(VENV) && pwd -P)/bin/python && \
	$$py -m pip install --quiet --disable-pip-version-check "$$(grep -m1 '^pip==' requirements-dev.txt)" && \
	$$py -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

demo: venv ## Crawl both bundled sites through the dev server into output/demo.{jsonl,csv}
	$(BIN)/python scripts/demo.py

test: venv ## Run the tests and doctests (in parallel: one worker per CPU, at most 4, a file per worker)
	$(BIN)/pytest -n $(JOBS) --dist loadfile

lint: venv ## ruff (lint and format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy newscrawl devtools

clean: ## Remove caches and what make demo wrote in output/ (keeps .venv and other output)
	rm -rf .pytest_cache .mypy_cache .ruff_cache .scrapy
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +
	rm -rf output/demo.jsonl output/demo.csv output/demo-*.jsonl output/demo-*.csv \
	    output/demo-*.report.json output/demo-*.log output/demo-*.stats.json output/demo-state \
	    output/.demo*.part
