# Two commands on a fresh machine with python3 and make:
#   make publish   builds the shipped editions into output/
#   make test      runs the whole test suite
# Both create the virtual environment .venv/ on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: publish test check extract update clean distclean

publish: $(STAMP)
	$(BIN)/letter extract --check
	$(BIN)/letter build

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/letter extract --check

extract: $(STAMP)
	$(BIN)/letter extract

update: $(STAMP)
	$(BIN)/letter update

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf output

distclean: clean
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis
