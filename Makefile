# vbparser — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out/demo

# Debian packages: Tesseract, its Vietnamese model and its orientation model (osd) for
# scanned PDFs, the DejaVu fonts
# the PDF test fixtures are typeset in, Chromium for the HTML report's browser test
# (driven by Playwright from pip; no browser is ever downloaded) and for printed PDF
# fixtures, and LibreOffice Writer, which exports .docx fixtures to PDF as a word
# processor does.
SYSTEM_DEPS := tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd tesseract-ocr-eng fonts-dejavu-core chromium libreoffice-writer-nogui

.PHONY: demo test install system-deps bench schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Install the missing ones only (checked with dpkg -s), with sudo when not root; warn
# instead on a system without apt-get.
system-deps:
	@missing=""; \
	for p in $(SYSTEM_DEPS); do \
	  dpkg -s $$p 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "warning: please install$$missing (no apt-get here); OCR and PDF tests need them" >&2; \
	  exit 0; \
	fi; \
	sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	echo "installing system packages:$$missing"; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing

# Re-install whenever pyproject.toml changes (system packages are checked every time).
$(STAMP): pyproject.toml | $(BIN)/python system-deps
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: system-deps $(STAMP)

test: $(STAMP)
	$(BIN)/python -m ruff check src tests benchmarks
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q

# The main job on corpora/: batch every plan into a DuckDB store, check the two campaigns
# across levels (findings into the store, an HTML report), export the tables to Parquet.
# `check` exits 1 when it finds errors — the corpus has planted ones — so 1 is expected.
demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/vbparser batch corpora/campaign_a/docs corpora/campaign_b/docs corpora/renderings/docs \
	  --db $(OUT)/results.duckdb
	$(BIN)/vbparser check corpora/campaign_a corpora/campaign_b --db $(OUT)/results.duckdb \
	  --report $(OUT)/report.html --format csv > $(OUT)/findings.csv || [ $$? -eq 1 ]
	$(BIN)/vbparser export --db $(OUT)/results.duckdb --format parquet $(OUT)/parquet
	@echo "Results: store $(OUT)/results.duckdb, report $(OUT)/report.html," \
	  "findings $(OUT)/findings.csv, tables $(OUT)/parquet/"

bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

schema: $(STAMP)
	$(BIN)/python -m vbparser.schema

clean:
	rm -rf $(VENV) out .pytest_cache
