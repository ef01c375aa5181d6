# Two commands on a fresh machine:  `make run`  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# pytest-xdist workers for `make test`: 4 on a 2-core machine keeps both cores busy while
# tests wait on subprocesses, sockets and sleeps.  `make test TEST_WORKERS=0` runs serially.
TEST_WORKERS ?= 4

.PHONY: run test lint install install-test clean

# The venv's packages are installed by uv (from PyPI, ~10x faster than pip) when it can be
# had, else by pip; the venv keeps pip either way.  monitor's dependencies are compiled to
# bytecode at install, as pip does (`monitor` starts fast even where PYTHONDONTWRITEBYTECODE
# is set); the test extra's tools are compiled by `make test` as they are imported.
$(BIN)/monitor: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv && $(BIN)/uv pip install --python $(BIN)/python --quiet \
	    --compile-bytecode -e . || $(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/monitor
	[ -x $(BIN)/uv ] && $(BIN)/uv pip install --python $(BIN)/python --quiet -e '.[test]' \
	    || $(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/monitor
install-test: $(VENV)/.test-deps

## run: install, then start the daemon on ./feeds.yaml with the store in db/monitor.db
run: install
	$(BIN)/monitor run

## test: install with the test extra, lint with ruff, type-check monitor/ (mypy --strict),
## run the whole test suite on $(TEST_WORKERS) parallel workers (work-stealing, so one long
## test does not leave the others queued behind it).
## Bytecode is written even where PYTHONDONTWRITEBYTECODE is set: the suite starts some 400
## `monitor` processes and $(TEST_WORKERS) workers that import every test module, and without
## it each of them compiles monitor/ (and pytest rewrites tests/) from source again.  A
## collection of the suite runs beside mypy to write the rewritten tests once, before the
## workers start (it prints nothing: the run after it reports any collection error).
test: export PYTHONDONTWRITEBYTECODE :=
test: install-test
	$(BIN)/ruff check monitor tests benchmarks tools
	$(BIN)/python -m compileall -q monitor tests
	$(BIN)/pytest -q --collect-only >/dev/null 2>&1 & warm=$$!; \
	    $(BIN)/mypy; status=$$?; wait $$warm; exit $$status
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist worksteal

lint: install-test
	$(BIN)/ruff check monitor tests benchmarks tools

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
