# The two commands a newcomer runs: `make demo` and `make test`. Everything installs from this repository's files.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python

.PHONY: demo test test-latest pins lint typecheck conformance bench bench-validate bench-diff bench-convert ci clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Installs take the tested set in constraints.txt; `make test-latest` checks the newest releases instead.
$(VENV)/.installed: $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

## demo: install speclift in .venv, validate the bundled v2 samples (some mistakes are deliberate), convert a v0 one,
## then migrate the whole samples/ tree into build/demo (git-ignored) and print the migration report
demo: $(VENV)/.installed
	@echo "$$ speclift validate samples/azureml-v2 samples/polyaxon-v1"
	@echo "# samples/ carries deliberate mistakes (marked \"# mistake:\"), so the findings below are expected"
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

## test-latest: the suite against the newest release of every dependency, in its own environment (.venv-latest)
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade pip
	.venv-latest/bin/python -m pip install --quiet --upgrade -e '.[test]'
	mkdir -p build
	.venv-latest/bin/python -m pip list --format=freeze | grep -v '^speclift' > build/latest-versions.txt || true
	.venv-latest/bin/pytest -q

## pins: refresh constraints.txt from the newest releases (then run `make test` and commit both)
pins:
	rm -rf build/pins-venv
	$(PYTHON) -m venv build/pins-venv
	build/pins-venv/bin/python -m pip install --quiet --upgrade pip
	build/pins-venv/bin/python -m pip install --quiet '.[test]'
	build/pins-venv/bin/python -m pip freeze --exclude-editable | grep -v -i '^speclift' > build/frozen.txt
	# Python 3.10 resolves older releases of some packages: their pins (`; python_version < "3.11"`) are kept by hand
	# and the newer pin gets the other half of the marker; a "# Python 3.10 only" pin stays unless the freeze has one
	awk -F'==' 'NR == FNR { n = tolower($$1); if ($$0 ~ /python_version < "3.11"/) { old[n] = 1; print } \
	    else if ($$0 ~ /# Python 3.10 only/) only310[n] = $$0; next } \
	  { n = tolower($$1); frozen[n] = 1; if (n in old) print $$0 "; python_version >= \"3.11\""; else print } \
	  END { for (n in only310) if (!(n in frozen)) print only310[n] }' constraints.txt build/frozen.txt > build/merged.txt
	{ head -n 1 constraints.txt; LC_ALL=C sort -f -u build/merged.txt; } > build/constraints.txt
	mv build/constraints.txt constraints.txt
	rm -rf build/pins-venv

lint: $(VENV)/.installed-test
	$(BIN)/ruff check speclift tests benchmarks conformance
	$(BIN)/ruff format --check speclift tests benchmarks conformance

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

## conformance: the official tools (own virtual environments) judge the corpus and speclift's verdicts
conformance: $(VENV)/.installed-test
	$(PY) conformance/run.py

## bench: the three speed ratios side by side in one run: single-file validate against check-jsonschema, validate
## throughput against a bare libyaml parse, convert --out against a bare ruamel.yaml round trip (benchmarks/README.md)
bench: $(VENV)/.installed-test
	$(PY) benchmarks/bench_ratios.py

## bench-validate: throughput against check-jsonschema and the azure-ai-ml loaders (see benchmarks/README.md)
bench-validate: $(VENV)/.installed-test
	$(PY) benchmarks/bench_validate.py

## bench-diff: `speclift diff` against DeepDiff on 2,000 generated pairs (see benchmarks/README.md)
bench-diff: $(VENV)/.installed-test
	$(PY) benchmarks/bench_diff.py

## bench-convert: tree conversion against a bare ruamel.yaml round trip of the same files (see benchmarks/README.md)
bench-convert: $(VENV)/.installed-test
	$(PY) benchmarks/bench_convert.py

ci: test lint typecheck conformance

clean:
	rm -rf $(VENV) .venv-latest .venvs build dist .pytest_cache .mypy_cache .ruff_cache
