# Set-up is automatic: every target creates .venv and installs the project.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out

.PHONY: demo test test-oldest bench clean compile

PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

# The exact versions CI tested (constraints.txt): the set every `make` installs.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# An editable install that puts this folder on sys.path, as an installed
	@# package would be found: setuptools' default import hook costs every
	@# command 10 to 15 ms of start-up. Older or newer setuptools without
	@# that mode get the default.
	$(PIP) -c constraints.txt -e '.[test]' --config-settings editable_mode=compat \
	  || $(PIP) -c constraints.txt -e '.[test]'
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

# The oldest versions pyproject.toml allows (constraints-oldest.txt), in a
# second environment: the renderers' and the speed-ups' tests must pass there too.
OLD     := .venv-oldest
OLDSTAMP := $(OLD)/.installed-stamp
OLDEST_TESTS ?= tests/test_speedups.py tests/test_seam.py tests/test_pdf.py \
  tests/test_tagged.py tests/test_parent_tree.py tests/test_draft_mark.py tests/test_deck.py \
  tests/test_deck_fit.py tests/test_deck_portable.py tests/test_golden.py \
  tests/test_typesetting.py tests/test_plain_words.py tests/test_templates.py \
  tests/test_properties.py tests/test_languages.py tests/test_build.py

$(OLDSTAMP): pyproject.toml constraints-oldest.txt
	@test -x $(OLD)/bin/python || $(PYTHON) -m venv $(OLD)
	$(OLD)/bin/python -m pip install --quiet --disable-pip-version-check \
	  -c constraints-oldest.txt -e '.[test]' --config-settings editable_mode=compat
	@touch $(OLDSTAMP)

test-oldest: $(OLDSTAMP)
	$(OLD)/bin/python -m pytest -p no:cacheprovider $(OLDEST_TESTS)

bench: compile
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(OUT) build dist *.egg-info $(OLD)
