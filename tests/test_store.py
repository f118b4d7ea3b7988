"""The DuckDB store: schema from the model, all-or-nothing writes, reading, export."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

import vbparser
from tests.factories import CELL_PLAN
from vbparser.errors import ConfigError, LoadError
from vbparser.store import (
    ENTITY_TABLES,
    SCHEMA,
    TABLES,
    Rows,
    StoreWriter,
    document_rows,
    error_rows,
    export_store,
    open_store,
    pack,
    pack_safely,
)
from vbparser.store.export import _atomic


def _docs(n: int) -> list[vbparser.Document]:
    return [vbparser.parse(CELL_PLAN.format(mark="", n=i + 1, d=i % 9 + 1)) for i in range(n)]


def _rows(doc: vbparser.Document) -> Rows:
    return pack([document_rows(doc.to_dict(), 0.01)])


def _write(db: Path, docs: list[vbparser.Document]) -> None:
    with StoreWriter(db) as store:
        for doc in docs:
            store.add(_rows(doc))


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    db = tmp_path / "s.duckdb"
    _write(db, _docs(3))
    with StoreWriter(db) as store:
        store.add(pack([error_rows("f" * 64, "bad.docx", "LoadError", "bad.docx: truncated")]))
    return db


def test_entity_columns_are_the_frames_columns_plus_ordinal():
    frames = _docs(1)[0].to_frames()
    for name in ENTITY_TABLES:
        cols = [c.name for c in SCHEMA[name] if c.name != "ordinal"]
        assert cols == list(frames[name].columns)
    assert set(TABLES) == set(SCHEMA)


def test_round_trip_matches_the_documents(store_path):
    docs = _docs(3)
    store = open_store(store_path)
    counts = store.counts()
    for name in ENTITY_TABLES:
        assert counts[name] == sum(len(getattr(d, name)) for d in docs)
    assert min(counts["sections"], counts["deadlines"], counts["legal_refs"]) > 0
    assert counts["documents"] == 3 and counts["errors"] == 1 and counts["findings"] == 0
    row = store.documents.set_index("doc_id").loc[docs[1].source.sha256[:16]]
    assert row["number_symbol"] == docs[1].meta.number_symbol == "2-KH/CB"
    assert row["parsed_at"].year >= 2024  # filled by DuckDB at commit
    assert row["issuer_level"] == "branch" and row["text"] == docs[1].text
    assert row["n_deadlines"] == len(docs[1].deadlines)
    deadlines = store.deadlines
    first = deadlines[deadlines.doc_id == docs[1].source.sha256[:16]].iloc[0]
    expected = docs[1].deadlines[0]
    assert (first["span_start"], first["span_end"]) == expected.span
    assert first["due"] == expected.due and first["ordinal"] == 0
    assert list(store.sections.iloc[0]["path"]) == list(docs[0].sections[0].path)


def test_uncommitted_rows_are_not_stored(tmp_path):
    db = tmp_path / "s.duckdb"
    store = StoreWriter(db)
    store.add(_rows(_docs(1)[0]))
    store.close()  # as if killed before the commit
    assert open_store(db).counts()["documents"] == 0


def test_a_document_whose_values_do_not_fit_becomes_an_error_row(tmp_path):
    good, (sha, _, tables) = (document_rows(d.to_dict(), 0.1) for d in _docs(2))
    broken = {**tables, "deadlines": [(*tables["deadlines"][0][:-1], "not a number")]}
    rows, refused = pack_safely([good, (sha, "bad.txt", broken)])
    assert list(refused) == [1] and "bad.txt" in refused[1]
    db = tmp_path / "s.duckdb"
    with StoreWriter(db) as store:
        store.add(rows)
    stored = open_store(db)
    assert list(stored.documents.sha256) == [good[0]]
    assert set(stored.sections.doc_id) == {good[0][:16]}  # nothing of the bad one
    errors = stored.errors
    assert list(errors.error_type) == ["StoreError"] and errors.sha256[0] == sha


def test_rows_duckdb_refuses_are_recorded_and_the_rest_committed(tmp_path):
    import pyarrow as pa

    good = _rows(_docs(1)[0])
    refused = Rows(("e" * 64,), ("odd.txt",),
                   {"warnings": pa.table({"doc_id": ["e" * 16], "ordinal": ["first"]})})
    db = tmp_path / "s.duckdb"
    with StoreWriter(db) as store:
        store.add(good)
        store.add(refused)
        assert store.flush() == 2
    stored = open_store(db)
    assert len(stored.documents) == 1 and stored.warnings.doc_id.ne("e" * 16).all()
    assert list(stored.errors.path) == ["odd.txt"]


def test_done_keys_and_retry(tmp_path):
    db = tmp_path / "s.duckdb"
    doc = _docs(1)[0]
    with StoreWriter(db) as store:
        store.add(_rows(doc))
        store.add(pack([error_rows("e" * 64, "x.docx", "LoadError", "x"),
                        error_rows(None, "locked.txt", "PermissionError", "denied")]))
    with StoreWriter(db) as store:
        assert store.done_keys() == {doc.source.sha256, "e" * 64, "path:locked.txt"}
    with StoreWriter(db, retry_errors=True) as store:
        assert store.done_keys() == {doc.source.sha256}
        store.add(pack([error_rows("e" * 64, "x.docx", "LoadError", "again")]))
    assert list(open_store(db).sql("SELECT message FROM errors WHERE sha256 = ?",
                                   ["e" * 64]).message) == ["again"]


def test_an_older_store_gains_new_columns(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE warnings (doc_id VARCHAR, ordinal BIGINT, code VARCHAR)")
    con.close()
    _write(db, _docs(1))
    columns = list(open_store(db).warnings.columns)
    assert {"message", "span_start", "span_end"} <= set(columns)


@pytest.mark.parametrize("fmt", ["parquet", "csv", "xlsx"])
def test_export_round_trips_row_counts(store_path, tmp_path, fmt):
    out = tmp_path / "out"
    written = export_store(store_path, out, fmt)
    counts = open_store(store_path).counts()
    if fmt == "xlsx":
        assert [p.name for p in written] == ["vbparser.xlsx"]
        sheets = pd.read_excel(written[0], sheet_name=None)
        assert {k: len(v) for k, v in sheets.items()} == counts
        assert "text" not in sheets["documents"].columns  # longer than an Excel cell holds
    else:
        read = pd.read_parquet if fmt == "parquet" else pd.read_csv
        assert {p.stem: len(read(p)) for p in written} == counts
    assert not list(out.glob(".*tmp"))


def test_csv_lists_are_json(store_path, tmp_path):
    (path,) = [p for p in export_store(store_path, tmp_path, "csv") if p.stem == "sections"]
    assert pd.read_csv(path)["path"][0] == '["I"]'


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old")

    def fail(tmp: Path) -> None:
        tmp.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        _atomic(target, fail)
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_reading_mistakes_are_one_line_errors(store_path, tmp_path):
    with pytest.raises(LoadError, match="no such store"):
        open_store(tmp_path / "none.duckdb")
    with pytest.raises(ConfigError, match="tables: documents, sections"):
        open_store(store_path).table("nope")
    with pytest.raises(ConfigError, match="formats: parquet, csv, xlsx"):
        export_store(store_path, tmp_path, "json")
    with pytest.raises(ConfigError, match="does not exist"):
        StoreWriter(tmp_path / "missing" / "s.duckdb")
