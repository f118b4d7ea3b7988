"""Opening a store's DuckDB file and keeping its tables in step with the schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from vbparser.errors import StoreError
from vbparser.store.schema import SCHEMA, Column

if TYPE_CHECKING:
    import duckdb


def connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the store's file.

    Raises:
        StoreError: DuckDB cannot open it (another process writes it, not a DuckDB file).
    """
    import duckdb

    try:
        # One thread: the writer shares the machine with the parsing workers.
        return duckdb.connect(str(path), read_only=read_only, config={"threads": 1})
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"{path}: cannot open the store ({first})") from None


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the missing tables, and add the columns of fields new to the model."""
    for name, columns in SCHEMA.items():
        cols = ", ".join(_definition(c) for c in columns)
        con.execute(f'CREATE TABLE IF NOT EXISTS "{name}" ({cols})')
        have = {row[0] for row in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
            [name]).fetchall()}
        for c in columns:
            if c.name not in have:  # a field added to the model since the store was made
                con.execute(f'ALTER TABLE "{name}" ADD COLUMN {_definition(c)}')


def _definition(column: Column) -> str:
    default = f" DEFAULT {column.default}" if column.default else ""
    return f'"{column.name}" {column.sql}{default}'
