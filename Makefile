# Set-up is automatic: every target creates .venv and installs the project.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out

.PHONY: demo test bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@# Byte-compile now: with PYTHONDONTWRITEBYTECODE set, every run would recompile.
	$(BIN)/python -m compileall -q handouts cli.py
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/handouts check
	$(BIN)/handouts check --lang es
	$(BIN)/handouts build --out-dir $(OUT)
	@echo "Handouts and decks are in $(OUT)/; every file is listed in $(OUT)/manifest.json"

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(OUT) build *.egg-info
