# vbparser — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out/demo

.PHONY: demo test install bench schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install whenever pyproject.toml changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

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
