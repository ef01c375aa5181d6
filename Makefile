# Two commands on a fresh machine:  `make run`  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# pytest-xdist workers for `make test`: 4 on a 2-core machine keeps both cores busy while
# tests wait on subprocesses, sockets and sleeps.  `make test TEST_WORKERS=0` runs serially.
TEST_WORKERS ?= 4

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

## test: install with the test extra, lint with ruff, type-check monitor/ (mypy --strict),
## run the whole test suite on $(TEST_WORKERS) parallel workers (work-stealing, so one long
## test does not leave the others queued behind it)
test: install-test
	$(BIN)/ruff check monitor tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist worksteal

lint: install-test
	$(BIN)/ruff check monitor tests benchmarks tools

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
