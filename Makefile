# Two commands on a fresh machine with python3 and make:
#   make publish   checks the template and the catalogs as CI does, then builds the editions into output/
#   make test      runs ruff (make lint), then the whole test suite (after `npm ci`, where npm is)
#   make bench     times every stage against gettext, translate-toolkit, mdpo, Babel and Chromium
#                  (minutes; its own tools go in benchmarks/.venv, not in the project's)
# Both create the virtual environment .venv/ on first use. Two more look at the build:
#   make screenshots  builds, then a PNG of every page at 1280 and 375 px in output/screenshots/,
#                     and of each PDF edition's first page (needs Debian's chromium, fonts-noto-core,
#                     fonts-noto-cjk and poppler-utils)
#   make validate     builds, then runs the Nu HTML Checker over output/ (needs java and npm)
# .ci/run installs what they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

VNU    := node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: publish test lint check extract update screenshots validate clean distclean bench bench-smoke

publish: $(STAMP)
	$(BIN)/letter extract --check
	$(BIN)/letter check
	$(BIN)/letter build

# The HTML checker's and axe-core's tests need node_modules: installed first where npm is; elsewhere
# those tests skip and say why.
NODE_MODULES := $(if $(shell command -v npm 2>/dev/null),$(VNU))

test: lint $(NODE_MODULES)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

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

BENCH_VENV  := benchmarks/.venv
BENCH_STAMP := $(BENCH_VENV)/.installed

# Byte-compiled first, as pip compiles an installed package (an editable install is not, and where
# PYTHONDONTWRITEBYTECODE is set every run would compile pipeline/ again), like the anchors' code.
bench: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python -m compileall -q pipeline
	$(BIN)/python -m benchmarks

bench-smoke: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python -m benchmarks --smoke

# The anchors (translate-toolkit's pofilter, mdpo's md2po and po2md) and a profiler, kept
# out of the project's dependencies; GNU gettext comes from the system (apt-get install gettext).
$(BENCH_STAMP):
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet translate-toolkit mdpo pyinstrument
	touch $(BENCH_STAMP)

# The environment is installed again when what it is installed from changes: pyproject.toml's tables
# for the package, not [tool.letter], whose settings an editor changes with no network at hand. The
# copy of those tables is rewritten only when they differ, so make sees no change otherwise.
PROJECT := $(VENV)/.project

$(PROJECT): pyproject.toml
	@mkdir -p $(VENV)
	@awk '/^\[/ { keep = ($$0 ~ /^\[(project|build-system|tool\.setuptools)/) } keep' pyproject.toml > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

$(STAMP): $(PROJECT)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf output

distclean: clean
	rm -rf $(VENV) $(BENCH_VENV) benchmarks/work build dist *.egg-info .pytest_cache .hypothesis node_modules
