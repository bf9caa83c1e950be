# Two commands on a fresh machine:  `make run` (install, index the bundled plans, start the UI)
# and `make test` (install, run every test). Everything installs from package registries only.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install browser-deps run test ingest clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# CPU torch first: sentence-transformers would otherwise pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python app.py

# Debian's Chromium and its driver, for the browser test (root installs them; others are told how).
browser-deps:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "browser test needs: sudo apt-get install chromium chromium-driver"; fi; fi

test: install browser-deps
	$(BIN)/python -m pytest

ingest: install
	$(BIN)/planbot ingest

clean:
	rm -rf data/index data/cache
