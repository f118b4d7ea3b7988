"""The embedded store of a batch run: one DuckDB file, one table per entity type.

Tables (``TABLES``):

- ``documents``: one row per distinct content, keyed by ``sha256`` (``doc_id`` is its
  first 16 hex digits, as in ``frames.py``): the source, the metadata flattened
  (``issuer_name``, ``signer_position``...), ``recipients`` as JSON, entity counts, the
  normalised ``text`` that every span indexes, and ``parse_seconds``.
- ``sections``, ``legal_refs``, ``deadlines``, ``subjects``, ``warnings``: ``doc_id``,
  ``ordinal`` (position in the document) and the entity's fields, with ``span`` split
  into ``span_start``/``span_end`` — the columns of ``Document.to_frames()``.
- ``errors``: inputs that could not be parsed: ``path``, ``sha256`` (NULL when the file
  could not even be read), ``error_type`` (the exception's class name, or ``timeout``
  and ``crash`` for a worker stopped by the time limit or lost), ``message``.
- ``findings``: results of the consistency checks across documents (written by the
  check command; empty until then).

Columns come from the model's dataclasses, so a field added to the model becomes a
column, and opening an older store adds it (``ALTER TABLE``). A ``StoreWriter`` commits
the documents it has buffered in one transaction: a document's rows are all in or all
out, and a run killed mid-way loses only what was not yet committed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin, get_type_hints

from vbparser._version import __version__
from vbparser.errors import ConfigError, LoadError, VbparserError
from vbparser.model import Deadline, LegalRef, Meta, Section, Source, Subject, Warning

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

ENTITY_TABLES: dict[str, type] = {"sections": Section, "legal_refs": LegalRef,
                                  "deadlines": Deadline, "subjects": Subject,
                                  "warnings": Warning}
TABLES = ("documents", *ENTITY_TABLES, "errors", "findings")
EXPORT_FORMATS = ("parquet", "csv", "xlsx")
_ORDER = {"documents": "path, sha256", "errors": "path", "findings": "doc_id, rule"}
_EXCEL_MAX_ROWS = 1_048_575  # one row of the sheet is the header


class StoreError(VbparserError, OSError):
    """The store cannot be opened or written (locked by another process, corrupt)."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its DuckDB type and where its value sits in a ``to_dict()`` item.

    ``kind`` is ``value`` (as is), ``json`` (encoded as a JSON string), ``start`` or
    ``end`` (one half of a ``[start, end)`` span).
    """

    name: str
    sql: str
    key: tuple[str, ...]
    kind: str = "value"


@dataclass(frozen=True, slots=True)
class DocRows:
    """The rows one input adds to the store, per table (tuples in column order)."""

    sha256: str | None
    path: str
    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)


# --- schema, derived from the model ------------------------------------------------

def _sql_type(tp: Any) -> tuple[str, str]:
    """Return (DuckDB type, kind) for a model annotation."""
    tp = _unwrap(tp)
    origin, args = get_origin(tp), get_args(tp)
    if tp is bool:
        return "BOOLEAN", "value"
    if tp is int:
        return "BIGINT", "value"
    if tp is float:
        return "DOUBLE", "value"
    if tp is str or (isinstance(tp, type) and issubclass(tp, Enum)):
        return "VARCHAR", "value"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        inner, kind = _sql_type(args[0])
        if kind == "value":
            return inner + "[]", "value"
    if origin is tuple and args and all(a is int for a in args):
        return "BIGINT[]", "value"
    return "VARCHAR", "json"  # nested records: kept whole, as JSON text


def _columns_of(cls: type, key: tuple[str, ...] = (), prefix: str = "") -> list[Column]:
    hints = get_type_hints(cls)
    out: list[Column] = []
    for f in fields(cls):
        tp, name, path = _unwrap(hints[f.name]), prefix + f.name, (*key, f.name)
        sql, kind = _sql_type(tp)
        if f.name == "span" and sql == "BIGINT[]":
            out += [Column(f"{name}_start", "BIGINT", path, "start"),
                    Column(f"{name}_end", "BIGINT", path, "end")]
        elif isinstance(tp, type) and is_dataclass(tp):  # issuer, signer: flattened
            out += _columns_of(tp, path, f"{name}_")
        else:
            out.append(Column(name, sql, path, kind))
    return out


def _unwrap(tp: Any) -> Any:
    if get_origin(tp) in (Union, UnionType):
        return next(a for a in get_args(tp) if a is not type(None))
    return tp


def _documents_columns() -> list[Column]:
    counts = [Column(f"n_{name}", "BIGINT", (f"n_{name}",)) for name in ENTITY_TABLES]
    return [Column("doc_id", "VARCHAR", ("doc_id",)),
            *_columns_of(Source, ("source",)),
            Column("schema_version", "VARCHAR", ("schema_version",)),
            *_columns_of(Meta, ("meta",)),
            Column("steps", "VARCHAR[]", ("steps",)), *counts,
            Column("chars", "BIGINT", ("chars",)), Column("text", "VARCHAR", ("text",)),
            Column("parse_seconds", "DOUBLE", ("parse_seconds",)),
            Column("vbparser_version", "VARCHAR", ("vbparser_version",)),
            Column("parsed_at", "TIMESTAMP", ("parsed_at",))]


def _plain(*spec: tuple[str, str]) -> list[Column]:
    return [Column(name, sql, (name,)) for name, sql in spec]


def _schema() -> dict[str, list[Column]]:
    head = _plain(("doc_id", "VARCHAR"), ("ordinal", "BIGINT"))
    schema = {"documents": _documents_columns()}
    schema.update({name: head + _columns_of(cls) for name, cls in ENTITY_TABLES.items()})
    schema["errors"] = _plain(
        ("sha256", "VARCHAR"), ("doc_id", "VARCHAR"), ("path", "VARCHAR"),
        ("error_type", "VARCHAR"), ("message", "VARCHAR"), ("seconds", "DOUBLE"),
        ("vbparser_version", "VARCHAR"), ("failed_at", "TIMESTAMP"))
    # One finding of a consistency rule; ``evidence`` is a JSON list of quotes
    # ({"doc_id", "span", "quote"}) from the document and the upper plan it is checked against.
    schema["findings"] = _plain(
        ("finding_id", "VARCHAR"), ("rule", "VARCHAR"), ("severity", "VARCHAR"),
        ("doc_id", "VARCHAR"), ("other_doc_id", "VARCHAR"), ("message", "VARCHAR"),
        ("evidence", "VARCHAR"), ("span_start", "BIGINT"), ("span_end", "BIGINT"),
        ("created_at", "TIMESTAMP"))
    return schema


SCHEMA: dict[str, list[Column]] = _schema()


# --- rows ----------------------------------------------------------------------------

def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _value(item: dict[str, Any], col: Column) -> Any:
    value: Any = item
    for key in col.key:
        value = value.get(key) if isinstance(value, dict) else None
    if col.kind == "value" or value is None:
        return value
    if col.kind == "json":
        return json.dumps(value, ensure_ascii=False)
    return value[0] if col.kind == "start" else value[1]


def _row(item: dict[str, Any], columns: list[Column], head: tuple[Any, ...] = ()) -> tuple[Any, ...]:
    return head + tuple(_value(item, col) for col in columns[len(head):])


def document_rows(doc: dict[str, Any], seconds: float) -> DocRows:
    """Turn a document's ``to_dict()`` into its rows for every table.

    Args:
        doc: ``Document.to_dict()`` (the one serialiser).
        seconds: how long the parse took.
    """
    sha = doc["source"]["sha256"]
    doc_id = sha[:16]
    top = {**doc, "doc_id": doc_id, "chars": len(doc.get("text") or ""),
           "parse_seconds": seconds, "vbparser_version": __version__, "parsed_at": _now(),
           **{f"n_{name}": len(doc.get(name) or ()) for name in ENTITY_TABLES}}
    tables = {"documents": [_row(top, SCHEMA["documents"])]}
    for name in ENTITY_TABLES:
        cols = SCHEMA[name]
        tables[name] = [_row(item, cols, (doc_id, i)) for i, item in enumerate(doc.get(name) or ())]
    return DocRows(sha, doc["source"].get("path") or "", tables)


def error_rows(sha256: str | None, path: str, error_type: str, message: str,
               seconds: float = 0.0) -> DocRows:
    """The errors-table row of an input that could not be parsed."""
    row = (sha256, sha256[:16] if sha256 else None, path, error_type, message, seconds,
           __version__, _now())
    return DocRows(sha256, path, {"errors": [row]})


# --- writing -------------------------------------------------------------------------

def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    import duckdb

    try:
        # One thread: the writer shares the machine with the parsing workers.
        return duckdb.connect(str(path), read_only=read_only, config={"threads": 1})
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"{path}: cannot open the store ({first})") from None


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for name, columns in SCHEMA.items():
        cols = ", ".join(f'"{c.name}" {c.sql}' for c in columns)
        con.execute(f'CREATE TABLE IF NOT EXISTS "{name}" ({cols})')
        have = {row[0] for row in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
            [name]).fetchall()}
        for c in columns:
            if c.name not in have:  # a field added to the model since the store was made
                con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{c.name}" {c.sql}')


def _arrow_type(sql: str) -> Any:
    import pyarrow as pa

    if sql.endswith("[]"):
        return pa.list_(_arrow_type(sql[:-2]))
    return {"VARCHAR": pa.string(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
            "BOOLEAN": pa.bool_(), "TIMESTAMP": pa.timestamp("us")}[sql]


def _arrow_table(name: str, rows: list[tuple[Any, ...]]) -> Any:
    import pyarrow as pa

    columns = SCHEMA[name]
    data = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    return pa.Table.from_arrays([pa.array(list(values), type=_arrow_type(col.sql))
                                 for col, values in zip(columns, data, strict=True)],
                                names=[c.name for c in columns])


class StoreWriter:
    """Buffered, transactional writer of a store (one writing process at a time).

    ``add`` buffers the rows of one input; ``flush`` commits everything buffered in one
    transaction. Used as a context manager, it flushes and closes on exit.

    Args:
        path: the DuckDB file (created when missing; its folder must exist).
        retry_errors: let inputs recorded in ``errors`` be parsed again (their old error
            rows are deleted in the transaction that writes the new result).
    """

    def __init__(self, path: str | Path, retry_errors: bool = False) -> None:
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise ConfigError(f"the folder of the store {self.path} does not exist")
        if self.path.is_dir():
            raise ConfigError(f"{self.path} is a folder; give a file name such as results.duckdb")
        self.retry_errors = retry_errors
        self._con = _connect(self.path, read_only=False)
        _ensure_schema(self._con)
        self._buffer: list[DocRows] = []
        self.committed = 0

    def __enter__(self) -> StoreWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.flush()
        finally:
            self.close()

    def done_keys(self) -> set[str]:
        """Keys of inputs already stored: sha256, or ``path:<path>`` for unreadable ones."""
        parts = ["SELECT sha256 FROM documents"]
        if not self.retry_errors:
            parts.append("SELECT coalesce(sha256, 'path:' || path) FROM errors")
        return {row[0] for row in self._con.execute(" UNION ".join(parts)).fetchall()}

    @property
    def pending(self) -> int:
        """How many inputs are buffered and not yet committed."""
        return len(self._buffer)

    def add(self, rows: DocRows) -> None:
        """Buffer the rows of one input."""
        self._buffer.append(rows)

    def flush(self) -> int:
        """Commit the buffered inputs and return how many were committed.

        Should one input's rows fail to store (a value DuckDB refuses), the others are
        committed one by one and that input is recorded in ``errors`` instead.
        """
        batch, self._buffer = self._buffer, []
        if not batch:
            return 0
        try:
            self._commit(batch)
        except Exception:
            for rows in batch:
                self._commit_alone(rows)
        self.committed += len(batch)
        return len(batch)

    def _commit_alone(self, rows: DocRows) -> None:
        try:
            self._commit([rows])
        except Exception as exc:
            self._commit([error_rows(rows.sha256, rows.path, "StoreError",
                                     f"{rows.path}: cannot be stored ({exc})")])

    def _commit(self, batch: list[DocRows]) -> None:
        con = self._con
        con.begin()
        try:
            if self.retry_errors:
                keys = [r.sha256 for r in batch if r.sha256]
                con.execute("DELETE FROM errors WHERE list_contains(?, sha256)", [keys])
            for name in SCHEMA:
                rows = [row for r in batch for row in r.tables.get(name, ())]
                if rows:
                    self._insert(name, rows)
            con.commit()
        except BaseException:
            con.rollback()
            raise

    def _insert(self, name: str, rows: list[tuple[Any, ...]]) -> None:
        view = f"_vbparser_new_{name}"
        self._con.register(view, _arrow_table(name, rows))
        try:
            self._con.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM "{view}"')
        finally:
            self._con.unregister(view)

    def close(self) -> None:
        """Close the connection (buffered rows not flushed are dropped)."""
        self._con.close()


# --- reading -------------------------------------------------------------------------

def _check_table(name: str) -> str:
    if name not in SCHEMA:
        raise ConfigError(f"unknown table {name!r}; tables: {', '.join(TABLES)}")
    return name


@dataclass(frozen=True, slots=True)
class Store:
    """A store opened for reading: every table as a pandas DataFrame.

    Each access reads the file afresh through a short read-only connection, so a store
    can be read between runs without holding a lock.
    """

    path: Path

    def table(self, name: str) -> pd.DataFrame:
        """Return table ``name`` (one of ``TABLES``) in a stable order."""
        order = _ORDER.get(_check_table(name), "doc_id, ordinal")
        return self.sql(f'SELECT * FROM "{name}" ORDER BY {order}')

    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run a read-only SQL query over the tables and return the result."""
        con = _connect(self.path, read_only=True)
        try:
            return con.execute(query, params or []).df()
        finally:
            con.close()

    def counts(self) -> dict[str, int]:
        """Number of rows of every table."""
        union = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in TABLES)
        return {name: int(n) for name, n in self.sql(union).itertuples(index=False)}

    documents = property(lambda self: self.table("documents"), doc="The documents table.")
    sections = property(lambda self: self.table("sections"), doc="The sections table.")
    legal_refs = property(lambda self: self.table("legal_refs"), doc="The legal_refs table.")
    deadlines = property(lambda self: self.table("deadlines"), doc="The deadlines table.")
    subjects = property(lambda self: self.table("subjects"), doc="The subjects table.")
    warnings = property(lambda self: self.table("warnings"), doc="The warnings table.")
    errors = property(lambda self: self.table("errors"), doc="The errors table.")
    findings = property(lambda self: self.table("findings"), doc="The findings table.")


def open_store(path: str | Path) -> Store:
    """Open a store written by ``vbparser batch`` for reading.

    Raises:
        LoadError: there is no store at ``path``.
    """
    p = Path(path)
    if not p.is_file():
        raise LoadError(f"{p}: no such store (create it with: vbparser batch DIR --db {p})")
    con = _connect(p, read_only=True)
    con.close()
    return Store(p)


# --- export --------------------------------------------------------------------------

def _select(name: str, flatten: bool, drop: Iterable[str] = ()) -> str:
    """SELECT of a table for export; lists become JSON text when ``flatten``."""
    cols = []
    for col in SCHEMA[name]:
        if col.name in drop:
            continue
        quoted = f'"{col.name}"'
        cols.append(f"to_json({quoted}) AS {quoted}" if flatten and col.sql.endswith("[]")
                    else quoted)
    return f'SELECT {", ".join(cols)} FROM "{name}" ORDER BY {_ORDER.get(name, "doc_id, ordinal")}'


def _atomic(target: Path, write: Callable[[Path], None]) -> Path:
    """Write through a temporary file in the same folder, then rename over ``target``."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _copy_tables(con: duckdb.DuckDBPyConnection, out: Path, fmt: str) -> Iterator[Path]:
    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
    for name in TABLES:
        query = _select(name, flatten=fmt == "csv")
        yield _atomic(out / f"{name}.{fmt}",
                      lambda tmp, q=query: con.execute(f"COPY ({q}) TO {_literal(tmp)} ({options})"))


def _excel_frame(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # The text column is left out: Excel cells hold at most 32,767 characters.
    frame = con.execute(_select(name, flatten=True, drop=("text",))).df()
    if len(frame) > _EXCEL_MAX_ROWS:
        raise ConfigError(f"table {name} has {len(frame)} rows, more than an Excel sheet "
                          "holds; export it as parquet or csv")
    for col in frame.columns:
        if frame[col].dtype == object or str(frame[col].dtype) in ("str", "string"):
            frame[col] = frame[col].map(
                lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)
    return frame


def _write_excel(con: duckdb.DuckDBPyConnection, out: Path) -> Path:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise ConfigError("xlsx export needs openpyxl: pip install 'vbparser[excel]'") from None
    import pandas as pd

    frames = {name: _excel_frame(con, name) for name in TABLES}

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in frames.items():
                frame.to_excel(writer, sheet_name=name, index=False)

    return _atomic(out / "vbparser.xlsx", write)


def export_store(db: str | Path, out_dir: str | Path, fmt: str) -> list[Path]:
    """Export every table of a store: one file per table, or one workbook for xlsx.

    Each file is written to a temporary name and renamed, so a reader never sees a
    half-written file. List columns stay lists in Parquet and become JSON text in CSV
    and Excel; the Excel workbook leaves out ``documents.text``.

    Args:
        db: the store.
        out_dir: the folder to write into (created when missing).
        fmt: ``parquet``, ``csv`` or ``xlsx``.

    Returns:
        The files written.
    """
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; formats: {', '.join(EXPORT_FORMATS)}")
    store = open_store(db)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out} is a file; export writes into a folder")
    out.mkdir(parents=True, exist_ok=True)
    con = _connect(store.path, read_only=True)
    try:
        if fmt == "xlsx":
            return [_write_excel(con, out)]
        return list(_copy_tables(con, out, fmt))
    finally:
        con.close()
