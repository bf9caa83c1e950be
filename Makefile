# Two commands on a fresh machine:  `make run` (install, index the bundled plans, start the UI)
# and `make test` (install, run every test). Everything installs from package registries only.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install reader-deps browser-deps run test ingest clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# CPU torch first: sentence-transformers would otherwise pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: install reader-deps
	$(BIN)/python app.py

# Debian packages the readers use: tesseract (+ Vietnamese) for scanned PDFs, antiword for legacy .doc,
# LibreOffice Writer for .doc without antiword and for the round-trip tests' .docx → PDF.
# Root installs what is missing; others are told how (the app still runs, those formats say what to install).
READER_PKGS := tesseract-ocr tesseract-ocr-vie antiword libreoffice-writer-nogui
reader-deps:
	@if ! command -v tesseract >/dev/null || ! command -v antiword >/dev/null || ! command -v soffice >/dev/null || \
	    ! tesseract --list-langs 2>/dev/null | grep -qx vie; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(READER_PKGS) >/dev/null; \
	  else echo "scanned PDFs and .doc need: sudo apt-get install $(READER_PKGS)"; fi; fi

# Debian's Chromium and its driver, for the browser test (root installs them; others are told how).
browser-deps:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "browser test needs: sudo apt-get install chromium chromium-driver"; fi; fi

test: install reader-deps browser-deps
	$(BIN)/python -m pytest

ingest: install
	$(BIN)/planbot ingest

clean:
	rm -rf data/index data/cache
