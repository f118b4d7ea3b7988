# vbparser — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out/demo

# Debian packages: Tesseract and its Vietnamese model for scanned PDFs, the DejaVu fonts
# the PDF test fixtures are typeset in, and Chromium for the HTML report's browser test
# (driven by Playwright from pip; no browser is ever downloaded).
SYSTEM_DEPS := tesseract-ocr tesseract-ocr-vie fonts-dejavu-core chromium

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
	$(BIN)/python -m pytest -q

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/vbparser parse $$(find corpora -path '*/docs/*' -type f \( -name '*.txt' -o -name '*.md' -o -name '*.docx' \) | sort) --format csv -o $(OUT)
	$(BIN)/vbparser eval corpora --total-only --json $(OUT)/eval.json
	@echo "Results: $(OUT)/ (documents.csv, sections.csv, legal_refs.csv, deadlines.csv, subjects.csv, warnings.csv, eval.json)"

bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

schema: $(STAMP)
	$(BIN)/python -m vbparser.schema

clean:
	rm -rf $(VENV) out .pytest_cache
