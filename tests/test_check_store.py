"""`vbparser check --db`: findings land in the batch store, once per document."""

from __future__ import annotations

from pathlib import Path

import vbparser
from vbparser.cli import main

REPO = Path(__file__).resolve().parent.parent
HIERARCHY = ("a01", "a02", "a05", "a09")  # province → district → commune, with plants


def _docs(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    for path in sorted((REPO / "corpora/campaign_a/docs").glob("*.txt")):
        if path.name.startswith(HIERARCHY):
            (folder / path.name).write_bytes(path.read_bytes())
    return folder


def test_findings_are_written_to_the_store_without_duplicates(tmp_path, capsys):
    plans, db = _docs(tmp_path), tmp_path / "results.duckdb"
    assert main(["batch", str(plans), "--db", str(db), "--jobs", "1"]) == 0
    code = main(["check", str(plans), "--db", str(db), "--format", "json"])
    assert code in (0, 1)
    first = vbparser.open_store(db).table("findings")
    assert len(first) > 0
    documents = vbparser.open_store(db).table("documents")
    assert set(first["doc_id"]) <= set(documents["doc_id"])
    main(["check", str(plans), "--db", str(db), "--format", "json"])
    again = vbparser.open_store(db).table("findings")
    assert len(again) == len(first)
    capsys.readouterr()
