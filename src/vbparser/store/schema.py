"""The tables of a store, derived from the model, and the rows of one document.

Columns come from the model's dataclasses, so a field added to the model becomes a
column (``db.ensure_schema`` adds it to an existing store). Entity tables have the
columns of ``Document.to_frames()`` plus ``ordinal``, the entity's position in its
document; ``documents`` flattens the source and the metadata (``issuer_name``,
``signer_position``...) and keeps nested lists (``recipients``) as JSON text.
"""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

from vbparser._build import parser_build
from vbparser._version import __version__
from vbparser.model import Deadline, LegalRef, Meta, Section, Source, Subject, Warning

ENTITY_TABLES: dict[str, type] = {"sections": Section, "legal_refs": LegalRef,
                                  "deadlines": Deadline, "subjects": Subject,
                                  "warnings": Warning}
TABLES = ("documents", *ENTITY_TABLES, "errors", "findings")
ORDER = {"documents": "path, sha256", "errors": "path", "findings": "doc_id, rule"}


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its DuckDB type and where its value sits in a ``to_dict()`` item.

    ``kind`` is ``value`` (as is), ``json`` (encoded as a JSON string), ``start`` or
    ``end`` (one half of a ``[start, end)`` span). A column with a ``default`` (an SQL
    expression) is filled by DuckDB, never by rows.
    """

    name: str
    sql: str
    key: tuple[str, ...]
    kind: str = "value"
    default: str | None = None


Entry = tuple[str | None, str, dict[str, list[tuple[Any, ...]]]]
"""The rows of one input: (sha256, path, rows per table in ``value_columns`` order)."""


@dataclass(frozen=True, slots=True)
class Rows:
    """Whole inputs' rows, ready to insert: one Arrow table per table name.

    Built by ``pack`` in the worker, so that the parent process only inserts.
    """

    keys: tuple[str, ...]  # sha256 of the inputs (for replacing their old error rows)
    paths: tuple[str, ...]
    tables: dict[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """How many inputs these rows hold."""
        return len(self.paths)


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


def _stored_at(name: str) -> Column:
    """A timestamp DuckDB fills in: when the row was committed (UTC)."""
    return Column(name, "TIMESTAMP", (), default="(now() AT TIME ZONE 'UTC')")


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
            Column("parser_build", "VARCHAR", ("parser_build",)),
            _stored_at("parsed_at")]


def _plain(*spec: tuple[str, str]) -> list[Column]:
    return [Column(name, sql, (name,)) for name, sql in spec]


def _schema() -> dict[str, list[Column]]:
    head = _plain(("doc_id", "VARCHAR"), ("ordinal", "BIGINT"))
    schema = {"documents": _documents_columns()}
    schema.update({name: head + _columns_of(cls) for name, cls in ENTITY_TABLES.items()})
    schema["errors"] = _plain(
        ("sha256", "VARCHAR"), ("doc_id", "VARCHAR"), ("path", "VARCHAR"),
        ("error_type", "VARCHAR"), ("message", "VARCHAR"), ("seconds", "DOUBLE"),
        ("vbparser_version", "VARCHAR"), ("parser_build", "VARCHAR"))
    schema["errors"].append(_stored_at("failed_at"))
    # One finding of a consistency rule; ``evidence`` is a JSON list of quotes
    # ({"doc_id", "span", "quote"}) from the document and the upper plan it is checked against.
    schema["findings"] = _plain(
        ("finding_id", "VARCHAR"), ("rule", "VARCHAR"), ("severity", "VARCHAR"),
        ("doc_id", "VARCHAR"), ("other_doc_id", "VARCHAR"), ("message", "VARCHAR"),
        ("evidence", "VARCHAR"), ("span_start", "BIGINT"), ("span_end", "BIGINT"))
    schema["findings"].append(_stored_at("created_at"))
    return schema


SCHEMA: dict[str, list[Column]] = _schema()


def value_columns(table: str) -> list[Column]:
    """The columns of ``table`` that rows carry (all but those DuckDB fills in)."""
    return [c for c in SCHEMA[table] if c.default is None]


_VALUES = {name: value_columns(name) for name in SCHEMA}


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


def document_rows(doc: dict[str, Any], seconds: float) -> Entry:
    """Turn a document's ``to_dict()`` into its rows for every table.

    Args:
        doc: ``Document.to_dict()`` (the one serialiser).
        seconds: how long the parse took.
    """
    sha = doc["source"]["sha256"]
    doc_id = sha[:16]
    top = {**doc, "doc_id": doc_id, "chars": len(doc.get("text") or ""),
           "parse_seconds": seconds, "vbparser_version": __version__,
           "parser_build": parser_build(),
           **{f"n_{name}": len(doc.get(name) or ()) for name in ENTITY_TABLES}}
    tables = {"documents": [_row(top, _VALUES["documents"])]}
    for name in ENTITY_TABLES:
        cols = _VALUES[name]
        tables[name] = [_row(item, cols, (doc_id, i)) for i, item in enumerate(doc.get(name) or ())]
    return sha, doc["source"].get("path") or "", tables


def error_rows(sha256: str | None, path: str, error_type: str, message: str,
               seconds: float = 0.0) -> Entry:
    """The errors-table row of an input that could not be parsed.

    >>> error_rows(None, "a.txt", "LoadError", "a.txt: the file is empty")[2]["errors"][0][:4]
    (None, None, 'a.txt', 'LoadError')
    """
    row = (sha256, sha256[:16] if sha256 else None, path, error_type, message, seconds,
           __version__, parser_build())
    return sha256, path, {"errors": [row]}


def _arrow_type(sql: str) -> Any:
    import pyarrow as pa

    if sql.endswith("[]"):
        return pa.list_(_arrow_type(sql[:-2]))
    return {"VARCHAR": pa.string(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
            "BOOLEAN": pa.bool_()}[sql]


def _arrow_table(name: str, rows: list[tuple[Any, ...]]) -> Any:
    import pyarrow as pa

    columns = _VALUES[name]
    data = list(zip(*rows, strict=True))
    return pa.Table.from_arrays([pa.array(list(values), type=_arrow_type(col.sql))
                                 for col, values in zip(columns, data, strict=True)],
                                names=[c.name for c in columns])


def pack(entries: list[Entry]) -> Rows:
    """Build the Arrow tables of whole inputs' rows.

    Raises:
        pyarrow.ArrowException, TypeError, ValueError: a value does not fit its column.
    """
    tables = {}
    for name in SCHEMA:
        rows = [row for _, _, by_table in entries for row in by_table.get(name, ())]
        if rows:
            tables[name] = _arrow_table(name, rows)
    return Rows(tuple(sha for sha, _, _ in entries if sha), tuple(p for _, p, _ in entries),
                tables)


def pack_safely(entries: list[Entry]) -> tuple[Rows, dict[int, str]]:
    """``pack``, turning each input whose values do not fit into an errors row.

    The usual case costs one ``pack``; only when it fails are inputs packed one by one.

    Returns:
        The rows, and the message of each input (by position) stored as an error instead.
    """
    with suppress(Exception):  # else find the inputs at fault below
        return pack(entries), {}
    fixed, refused = [], {}
    for i, entry in enumerate(entries):
        try:
            pack([entry])
            fixed.append(entry)
        except Exception as exc:  # noqa: BLE001 - recorded in errors instead
            sha, path, _ = entry
            refused[i] = f"{path}: a value does not fit the store ({exc})"
            fixed.append(error_rows(sha, path, "StoreError", refused[i]))
    return pack(fixed), refused
