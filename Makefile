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
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/handouts check
	@mkdir -p $(OUT)/handouts
	$(BIN)/handouts handout --all --out-dir $(OUT)/handouts
	$(BIN)/handouts handout overview --out-dir $(OUT)/handouts
	@mkdir -p $(OUT)/decks
	$(BIN)/handouts deck --out-dir $(OUT)/decks
	$(BIN)/handouts deck fibromyalgia --minutes 20 --out-dir $(OUT)/decks
	@echo "Handouts are in $(OUT)/handouts/, decks in $(OUT)/decks/"

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(OUT) build *.egg-info
