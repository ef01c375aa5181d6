# Two commands on a fresh machine:  `make run`  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test lint install install-test clean

$(BIN)/monitor: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/monitor
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/monitor
install-test: $(VENV)/.test-deps

## run: install, then start the daemon on ./feeds.yaml with the store in db/monitor.db
run: install
	$(BIN)/monitor run

## test: install with the test extra, lint with ruff, type-check the fact core, run the whole test suite
test: install-test
	$(BIN)/ruff check monitor tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: install-test
	$(BIN)/ruff check monitor tests benchmarks tools

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
