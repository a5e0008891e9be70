# Developer entry points. `make` alone lists the targets.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Test workers: the CPUs, at most 4 (each test file runs in one worker; its servers are its own).
JOBS   ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ $$n -gt 4 ] && n=4; echo $$n)

.DEFAULT_GOAL := help
.PHONY: help venv demo test lint clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z]+:.*## / {printf "  %-6s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: $(STAMP) ## Create .venv and install requirements-dev.txt (again only when requirements change)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(wildcard requirements*.txt) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

demo: venv ## Crawl both bundled sites through the dev server into output/demo.{jsonl,csv}
	$(BIN)/python scripts/demo.py

test: venv ## Run the tests and doctests (in parallel: one worker per CPU, at most 4, a file per worker)
	$(BIN)/pytest -n $(JOBS) --dist loadfile

lint: venv ## ruff (lint and format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy newscrawl devtools

clean: ## Remove caches and demo output (keeps .venv)
	rm -rf .pytest_cache .mypy_cache .ruff_cache .scrapy
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +
	rm -f output/demo.*
