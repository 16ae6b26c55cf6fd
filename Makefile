# Two entry points on a fresh machine: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: run test setup bench lint

run: $(STAMP)
	$(BIN)/annals spa
	$(BIN)/annals serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -q

setup: $(STAMP)

# torch first: its CPU wheel lies on this machine's disk; any other torch is a multi-GB download.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

bench: $(STAMP)
	$(BIN)/python -m ops.bench.run_all

lint: $(STAMP)
	$(BIN)/python -m ruff check .
