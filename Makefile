# Two commands set everything up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

# The project's own corpus and a project-local index, unless the caller says otherwise.
export IC_CORPUS_DIR ?= $(CURDIR)/corpus
export IC_INDEX_DIR ?= $(CURDIR)/.index
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: install run ingest serve test eval bench bench-scale bench-load bench-cold bench-reingest browser scale-text clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# torch first, pinned: the CPU wheel; an unpinned resolve pulls a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

ingest: install
	$(BIN)/ic-assistant ingest

run: ingest
	$(BIN)/ic-assistant serve

serve: install
	$(BIN)/ic-assistant serve

# Debian's Chromium for the browser tests; they skip, saying why, where it cannot be installed.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  fi; } || echo "note: could not install chromium; browser tests will be skipped"

test: install browser
	$(BIN)/python -m pytest
	$(BIN)/python -m evals --gate --out-dir test-artifacts/eval

eval: install
	$(BIN)/python -m evals

bench: install
	$(BIN)/python -m bench

# Big indexes (stand-in vectors over python3-doc pages): tens of minutes at 100k chunks, so not in `bench`.
bench-scale: install scale-text
	$(BIN)/python -m bench --scale 1000,10000,100000

# Debian's python3-doc: the HTML pages the scale benchmark parses and repeats (it stops, saying so, without them).
scale-text:
	@ls -d /usr/share/doc/python3*/html >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3-doc >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq python3-doc >/dev/null; \
	  fi; } || echo "note: could not install python3-doc"

# 40 concurrent clients, 200 questions against `ic-assistant serve` on loopback (about a minute).
bench-load: install
	$(BIN)/python -m bench --load

# An ingest that finds 1,000 small documents unchanged (about fifteen seconds).
bench-reingest: install
	$(BIN)/python -m bench --reingest 1000

# Fresh-process `ic-assistant ask` and `serve` (to HTTP 200), ONNX and torch engines (about two minutes).
bench-cold: install
	$(BIN)/python -m bench --cold

clean:
	rm -rf $(VENV) .index .index-general test-artifacts
