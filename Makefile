# The two commands a newcomer runs: `make demo` and `make test`. Everything installs from this repository's files.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python

.PHONY: demo test lint typecheck conformance bench bench-diff bench-convert ci clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

## demo: install speclift in .venv, validate the bundled v2 samples (some mistakes are deliberate), convert a v0 one,
## then migrate the whole samples/ tree into build/demo (git-ignored) and print the migration report
demo: $(VENV)/.installed
	@echo "$$ speclift validate samples/azureml-v2 samples/polyaxon-v1"
	@$(BIN)/speclift validate samples/azureml-v2 samples/polyaxon-v1 || true
	@echo
	@echo "$$ speclift convert samples/polyaxon-v0/experiment.yml"
	@$(BIN)/speclift convert samples/polyaxon-v0/experiment.yml || true
	@echo
	@echo "$$ speclift scan samples"
	@$(BIN)/speclift scan samples || true
	@echo
	@rm -rf build/demo
	@echo "$$ speclift convert samples --out build/demo --report build/demo/report.md"
	@$(BIN)/speclift convert samples --out build/demo --report build/demo/report.md 2>/dev/null || true
	@echo
	@echo "$$ cat build/demo/report.md"
	@cat build/demo/report.md

## test: install the test extras and run the whole test suite
test: $(VENV)/.installed-test
	$(BIN)/pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check speclift tests benchmarks conformance
	$(BIN)/ruff format --check speclift tests benchmarks conformance

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

## conformance: the official tools (own virtual environments) judge the corpus and speclift's verdicts
conformance: $(VENV)/.installed-test
	$(PY) conformance/run.py

## bench: throughput against check-jsonschema and the azure-ai-ml loaders (see benchmarks/README.md)
bench: $(VENV)/.installed-test
	$(PY) benchmarks/bench_validate.py

## bench-diff: `speclift diff` against DeepDiff on 2,000 generated pairs (see benchmarks/README.md)
bench-diff: $(VENV)/.installed-test
	$(PY) benchmarks/bench_diff.py

## bench-convert: tree conversion against a bare ruamel.yaml round trip of the same files (see benchmarks/README.md)
bench-convert: $(VENV)/.installed-test
	$(PY) benchmarks/bench_convert.py

ci: test lint typecheck conformance

clean:
	rm -rf $(VENV) .venvs build dist .pytest_cache .mypy_cache .ruff_cache
