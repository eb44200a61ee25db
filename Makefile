# Set-up is automatic: every target creates .venv and installs the project.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out

.PHONY: demo test bench clean compile

PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# An editable install that puts this folder on sys.path, as an installed
	@# package would be found: setuptools' default import hook costs every
	@# command 10 to 15 ms of start-up. Older or newer setuptools without
	@# that mode get the default.
	$(PIP) -e '.[test]' --config-settings editable_mode=compat || $(PIP) -e '.[test]'
	@touch $(STAMP)

# Byte-compile what changed: with PYTHONDONTWRITEBYTECODE set, every run
# would compile the edited modules again (20 ms a process in `make bench`).
compile: $(STAMP)
	@$(BIN)/python -m compileall -q handouts cli.py

demo: compile
	$(BIN)/handouts check
	$(BIN)/handouts check --lang es
	$(BIN)/handouts build --out-dir $(OUT)
	@echo "Handouts and decks are in $(OUT)/; every file is listed in $(OUT)/manifest.json"

test: compile
	$(BIN)/python -m pytest

bench: compile
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(OUT) build dist *.egg-info
