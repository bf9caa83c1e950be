# Two commands on a fresh machine:  `make run` (install, index the bundled plans, start the UI)
# and `make test` (install, run every test). Everything installs from package registries only.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run test ingest clean

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

test: install
	$(BIN)/python -m pytest

ingest: install
	$(BIN)/planbot ingest

clean:
	rm -rf data/index data/cache
