# Vigil: `make demo` and `make test` are all a fresh machine needs (Python >= 3.11 and the package registries).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.vigil-installed
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export STREAMLIT_BROWSER_GATHER_USAGE_STATS := false

.PHONY: install demo test bench lint chromium clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]' --config-settings editable_mode=compat
	@touch $(STAMP)

install: $(STAMP)

chromium:
	@bash scripts/ensure-chromium.sh

demo: $(STAMP)
	$(BIN)/vigil demo

test: $(STAMP) chromium
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev,bench]' --config-settings editable_mode=compat
	$(BIN)/python -m benchmarks.run_all

lint: $(STAMP)
	$(BIN)/python -m pip install -q ruff==0.17.6
	$(BIN)/ruff check vigil store flows risk_framework models dashboard reports tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .prefect tests/artifacts
