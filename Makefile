# Two entry points for people: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# argostranslate -> stanza -> torch. Installing a pinned torch first stops pip from choosing the
# newest build (several GB of CUDA packages on Linux). Elsewhere, a CPU-only build can be asked for
# with e.g. TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu".
TORCH_SPEC ?= torch==2.13.0
TORCH_PIP_ARGS ?=
ARGS ?= seeds/
ONLY ?=

.PHONY: run test test-quick bench lint clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -c "import torch" 2>/dev/null || $(BIN)/python -m pip install --quiet "$(TORCH_SPEC)" $(TORCH_PIP_ARGS)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# Bytecode now, as pip does for installed packages (an editable install is not compiled).
	$(BIN)/python -m compileall -q reader
	touch $@

run: $(VENV)/.installed
	$(BIN)/reader $(ARGS)

test: $(VENV)/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Without the slow tests (the benchmarks' quick run, the wheel build, the differential test
# against argostranslate): for the edit-test loop. CI runs them all.
test-quick: $(VENV)/.installed
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

bench: $(VENV)/.installed
	$(BIN)/python -m bench $(if $(ONLY),--only $(ONLY))

lint: $(VENV)/.installed
	$(BIN)/ruff check reader tests bench
	$(BIN)/ruff format --check reader tests bench
	$(BIN)/mypy reader

clean-venv:
	rm -rf $(VENV)
