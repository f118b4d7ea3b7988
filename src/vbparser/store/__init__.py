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
column, and opening an older store adds it (``ALTER TABLE``). Workers turn documents
into Arrow tables (``pack``); a ``StoreWriter`` in the parent commits what it has
buffered in one transaction: a document's rows are all in or all out, and a run killed
mid-way loses only what was not yet committed. ``parsed_at``, ``failed_at`` and
``created_at`` are the UTC time of that commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vbparser.errors import ConfigError, LoadError, StoreError
from vbparser.store.db import connect
from vbparser.store.export import EXPORT_FORMATS, export_store
from vbparser.store.schema import (
    ENTITY_TABLES,
    ORDER,
    SCHEMA,
    TABLES,
    Column,
    Entry,
    Rows,
    document_rows,
    error_rows,
    pack,
    pack_safely,
)
from vbparser.store.writer import StoreWriter

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ENTITY_TABLES", "EXPORT_FORMATS", "SCHEMA", "TABLES", "Column", "Entry", "Rows",
           "Store", "StoreError", "StoreWriter", "document_rows", "error_rows", "export_store",
           "open_store", "pack", "pack_safely"]


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
        order = ORDER.get(_check_table(name), "doc_id, ordinal")
        return self.sql(f'SELECT * FROM "{name}" ORDER BY {order}')

    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run a read-only SQL query over the tables and return the result."""
        con = connect(self.path, read_only=True)
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
    con = connect(p, read_only=True)
    con.close()
    return Store(p)
