# bignoise: `make demo` runs the pipeline end to end on a synthetic dump set, then on one written as
# platform-native API responses (`make demo-native` alone); `make test` runs lint and the whole
# test suite.
# All set everything up from the lock files first.
PYTHON ?= python3.11
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
COMPAT_VENV := tests/compat/duckdb1/.venv
DEMO := data/demo
DEMO_NATIVE := data/demo-native

export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_COMPILE_BYTECODE := 1
export GX_ANALYTICS_ENABLED := False
export DAGSTER_HOME ?= $(CURDIR)/data/dagster_home

DBT_SOURCES := $(shell find dbt_project -name '*.sql' -o -name '*.yml' -o -name '*.csv' 2>/dev/null | grep -v -e '/target/' -e '/logs/')

.PHONY: setup demo demo-native test lint ui clean

setup: $(VENV)/.synced $(COMPAT_VENV)/.synced dbt_project/target/manifest.json $(DAGSTER_HOME)/dagster.yaml

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --quiet
	touch $@

# A DuckDB 1.x client, to prove BI drivers that embed DuckDB 1.x can open the served database.
$(COMPAT_VENV)/.synced: tests/compat/duckdb1/uv.lock | $(UV)
	$(UV) sync --frozen --quiet --project tests/compat/duckdb1
	touch $@

# The dbt manifest, read by the Dagster definitions at import time.
dbt_project/target/manifest.json: $(VENV)/.synced $(DBT_SOURCES)
	cd dbt_project && ../$(BIN)/dbt parse --quiet
	touch $@

# Dagster's instance for `make ui`: no telemetry, and one run at a time (one DuckDB writer).
$(DAGSTER_HOME)/dagster.yaml: Makefile
	mkdir -p $(DAGSTER_HOME)
	printf 'telemetry:\n  enabled: false\nconcurrency:\n  runs:\n    max_concurrent_runs: 1\n' > $@

demo: setup
	rm -rf $(DEMO)/dumps $(DEMO)/truth
	$(BIN)/bignoise generate --out $(DEMO)/dumps --truth $(DEMO)/truth --creators 300 --seed 7
	$(BIN)/bignoise run --dumps $(DEMO)/dumps --warehouse $(DEMO)/warehouse
	$(BIN)/bignoise top --warehouse $(DEMO)/warehouse
	$(MAKE) --no-print-directory demo-native

# The demo's second half: synthetic data written as platform-native API responses (YouTube Data
# API, Instagram Graph API, TikTok Research API: synthetic/native_writers.py), in a folder and
# warehouse of its own. Fewer creators than the canonical half: the generator writes one small
# file per response (~110 per creator), so 40 creators are ~4,500 files (~30 s of ingestion).
NATIVE_CREATORS ?= 40
demo-native: setup
	rm -rf $(DEMO_NATIVE)/dumps $(DEMO_NATIVE)/truth
	$(BIN)/bignoise generate --native --out $(DEMO_NATIVE)/dumps --truth $(DEMO_NATIVE)/truth --creators $(NATIVE_CREATORS) --seed 7
	$(BIN)/bignoise run --dumps $(DEMO_NATIVE)/dumps --warehouse $(DEMO_NATIVE)/warehouse
	$(BIN)/bignoise top --warehouse $(DEMO_NATIVE)/warehouse

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint --processes 2 dbt_project

test: lint
	$(BIN)/pytest -p no:cacheprovider

# The Dagster UI on http://127.0.0.1:3000, over the demo's dumps and warehouse (what `make demo`
# wrote), unless BIGNOISE_DUMPS_DIR / BIGNOISE_WAREHOUSE_DIR say otherwise.
ui: setup
	BIGNOISE_DUMPS_DIR=$${BIGNOISE_DUMPS_DIR:-$(CURDIR)/$(DEMO)/dumps} \
	BIGNOISE_WAREHOUSE_DIR=$${BIGNOISE_WAREHOUSE_DIR:-$(CURDIR)/$(DEMO)/warehouse} \
	$(BIN)/dagster dev -h 127.0.0.1 -p 3000

clean:
	rm -rf $(VENV) $(TOOLS) $(COMPAT_VENV) data dbt_project/target dbt_project/logs
