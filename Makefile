# Two commands on a fresh machine with python3 and make:
#   make publish   builds the shipped editions into output/
#   make test      runs the whole test suite
# Both create the virtual environment .venv/ on first use. Two more look at the build:
#   make screenshots  builds, then a PNG of every page at 1280 and 375 px in output/screenshots/
#                     (needs Debian's chromium, fonts-noto-core and fonts-noto-cjk)
#   make validate     builds, then runs the Nu HTML Checker over output/ (needs java and npm)
# .ci/run installs what they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

VNU    := node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: publish test check extract update screenshots validate clean distclean

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

screenshots: $(STAMP)
	$(BIN)/letter build
	$(BIN)/python tools/screenshots.py

validate: $(STAMP) $(VNU)
	$(BIN)/letter build
	$(BIN)/python tools/validate.py output

$(VNU): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(VNU)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf output

distclean: clean
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis node_modules
