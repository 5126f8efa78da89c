# Cabinet Bot. `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench bench-cluster bench-faults run emulator cluster clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Cabinet Bot needs Python 3.11 or newer as '$(PYTHON)' (make PYTHON=python3.12 ...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/cabinet demo

run: $(STAMP)
	$(BIN)/cabinet run

emulator: $(STAMP)
	$(BIN)/cabinet emulator

# Two workers behind nginx, with a private PostgreSQL and Redis and the emulator, in var/cluster/.
cluster: $(STAMP)
	$(BIN)/cabinet cluster --workers 2 --local

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# The cluster under load with 1, 2 and 4 workers (not part of `make test`): 5 minutes each.
CLUSTER_LOAD_SECONDS ?= 300
bench-cluster: $(STAMP)
	CLUSTER_LOAD_SECONDS=$(CLUSTER_LOAD_SECONDS) $(BIN)/python -m benchmarks.cluster_load

# Faults under load: kill -9 of a worker, PostgreSQL and Redis stopped for 10 s, Bot API 429/502.
bench-faults: $(STAMP)
	$(BIN)/python -m benchmarks.cluster_faults

clean:
	rm -rf $(VENV) var/*.db .mypy_cache .ruff_cache
