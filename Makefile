# Slant — every target creates the venv from pinned requirements first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv serve test test-fast evaluate bench models clean container-check

$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip==26.3
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

venv: $(BIN)/.installed

serve: venv  ## run the service on the default reference corpus at http://$(HOST):$(PORT)
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $${SLANT_WORKERS:-2} "service:create_app()"

test: venv  ## the whole test suite
	$(BIN)/python -m pytest

test-fast: venv
	$(BIN)/python -m pytest -m "not slow and not browser and not container"

evaluate: venv  ## score the extractors on ../shared/data (writes nothing; see docs/evaluation.md)
	$(BIN)/python -m service.evaluate

models: venv  ## rebuild the shipped reference models from ../shared/data
	$(BIN)/python scripts/build_models.py

bench: venv  ## every benchmark in turn, ~5 min (BENCH_QUICK=1: ~1 min); see docs/performance.md
	PY=$(BIN)/python benchmarks/run_all.sh

container-check: venv  ## lint, build and run the Docker image for real (needs root; see scripts/container-check.sh)
	scripts/container-check.sh

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
