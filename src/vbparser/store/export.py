"""Exporting a store to Parquet, CSV or an Excel workbook, each file written atomically."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from vbparser.errors import ConfigError
from vbparser.store.db import connect
from vbparser.store.schema import ORDER, SCHEMA, TABLES

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

EXPORT_FORMATS = ("parquet", "csv", "xlsx")
_EXCEL_MAX_ROWS = 1_048_575  # one row of the sheet is the header


def _select(name: str, flatten: bool, drop: Iterable[str] = ()) -> str:
    """SELECT of a table for export; lists become JSON text when ``flatten``."""
    cols = []
    for col in SCHEMA[name]:
        if col.name in drop:
            continue
        quoted = f'"{col.name}"'
        cols.append(f"to_json({quoted}) AS {quoted}" if flatten and col.sql.endswith("[]")
                    else quoted)
    return f'SELECT {", ".join(cols)} FROM "{name}" ORDER BY {ORDER.get(name, "doc_id, ordinal")}'


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

    def copier(query: str) -> Callable[[Path], None]:
        def copy(tmp: Path) -> None:
            con.execute(f"COPY ({query}) TO {_literal(tmp)} ({options})")
        return copy

    for name in TABLES:
        yield _atomic(out / f"{name}.{fmt}", copier(_select(name, flatten=fmt == "csv")))


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
    from vbparser.store import open_store

    store = open_store(db)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out} is a file; export writes into a folder")
    out.mkdir(parents=True, exist_ok=True)
    con = connect(store.path, read_only=True)
    try:
        if fmt == "xlsx":
            return [_write_excel(con, out)]
        return list(_copy_tables(con, out, fmt))
    finally:
        con.close()
