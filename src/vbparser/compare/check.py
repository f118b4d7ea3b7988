"""What ``vbparser check`` does: find the plans, compare them, print and report.

Kept out of ``cli.py`` so that the command stays a thin layer. User mistakes (a missing
file, an unknown format, an unpaired ``--upper``) raise ``ConfigError``/``LoadError``,
which the CLI prints on one line with exit code 2.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from vbparser.errors import ConfigError, LoadError
from vbparser.loaders import DOCUMENT_SUFFIXES

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console

SUFFIXES = DOCUMENT_SUFFIXES
FORMATS = ("table", "json", "csv")


def find_inputs(inputs: Sequence[Path]) -> list[Path]:
    """Files to check: the files given, and the documents under the folders given.

    Raises:
        LoadError: an input does not exist.
    """
    out: list[Path] = []
    for item in inputs:
        if item.is_dir():
            out += sorted(p for p in item.rglob("*") if p.is_file()
                          and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
        elif item.is_file():
            out.append(item)
        else:
            raise LoadError(f"{item} does not exist")
    return out


def _pairs(upper: Sequence[Path], lower: Sequence[Path]) -> list[tuple[Path, Path]]:
    if len(upper) != len(lower):
        raise ConfigError("--upper and --lower come in pairs: give each --upper with a --lower")
    for path in (*upper, *lower):
        if not path.is_file():
            raise LoadError(f"{path} does not exist")
    return list(zip(upper, lower, strict=True))


def _jsonable(df: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    # Columns are the findings' field names, so every key is a str (the stubs say Hashable).
    for row in cast("list[dict[str, Any]]", df.to_dict("records")):
        for name in ("also", "details"):
            row[name] = json.loads(row[name] or "[]" if name == "also" else row[name] or "{}")
        for name in ("lower_span", "upper_span"):
            row[name] = list(row[name]) if isinstance(row[name], tuple | list) else None
        rows.append(row)
    return rows


def print_findings(df: pd.DataFrame, fmt: str, out: TextIO) -> None:
    """Print the findings as a table, JSON (a list of objects) or CSV."""
    if fmt == "json":
        out.write(json.dumps(_jsonable(df), ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        frame = df.copy()
        for name in ("lower_span", "upper_span"):
            frame[name] = [json.dumps(list(v)) if isinstance(v, tuple | list) else None
                           for v in frame[name]]
        frame.to_csv(out, index=False)
    else:
        _print_table(df, out)


def _print_table(df: pd.DataFrame, out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"vbparser check: {len(df)} finding(s)", show_lines=True)
    for col in ("severity", "rule", "plan", "finding", "evidence"):
        table.add_column(col, overflow="fold")
    colours = {"error": "red", "warning": "yellow", "notice": "blue"}
    for row in df.to_dict("records"):
        quote = row["lower_quote"] if isinstance(row["lower_quote"], str) else ""
        if isinstance(row["upper_quote"], str):
            quote += f"\n↑ {row['upper_quote']}"
        plan = f"{row['lower_label'] or ''}\n{Path(str(row['lower_path'] or '')).name}"
        sev = row["severity"]
        table.add_row(f"[{colours.get(sev, 'white')}]{sev}[/]", row["rule"], plan,
                      row["message"], quote.strip())
    Console(file=out, highlight=False, soft_wrap=False, width=160).print(table)


def save_findings(df: pd.DataFrame, docs: Sequence[Any], db: Path) -> int:
    """Write the findings into a store's ``findings`` table, in one transaction.

    Earlier findings of the checked documents are replaced, so checking again never
    duplicates rows. Returns the number of rows written.
    """
    from vbparser.compare.findings import to_store_frame
    from vbparser.compare.plans import doc_id
    from vbparser.store.db import connect, ensure_schema

    frame = to_store_frame(df)
    checked = sorted({doc_id(d) for d in docs})
    con = connect(db, read_only=False)
    try:
        ensure_schema(con)
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM findings WHERE doc_id IN (SELECT unnest(?))", [checked])
        if len(frame):
            con.register("new_findings", frame)
            cols = ", ".join(f'"{c}"' for c in frame.columns)
            con.execute(f"INSERT INTO findings ({cols}) SELECT {cols} FROM new_findings")
        con.execute("COMMIT")
    finally:
        con.close()
    return len(frame)


def run_check(inputs: Sequence[Path], *, report: Path | None, fmt: str,
              upper: Sequence[Path], lower: Sequence[Path], out: TextIO,
              err: Console, db: Path | None = None) -> int:
    """Check the plans and return the exit code: 1 when a finding is an error, else 0.

    Raises:
        ConfigError: a bad option value.
        LoadError: an input cannot be found or read.
    """
    from vbparser.api import parse
    from vbparser.compare import compare
    from vbparser.compare.report import write_report

    if fmt not in FORMATS:
        raise ConfigError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    pairs = _pairs(upper, lower)
    paths = find_inputs(inputs)
    for up, low in pairs:
        paths += [p for p in (up, low) if p.resolve() not in {q.resolve() for q in paths}]
    if not paths:
        raise ConfigError("no documents to check: give files or folders "
                          f"({', '.join(SUFFIXES)}), or --upper A --lower B")
    docs = [parse(p) for p in paths]
    df = compare(docs, pairs=[(str(u), str(lo)) for u, lo in pairs])
    print_findings(df, fmt, out)
    counts = df["severity"].value_counts().to_dict() if len(df) else {}
    links = len(df.attrs.get("links", []))
    summary = ", ".join(f"{counts.get(s, 0)} {s}(s)" for s in ("error", "warning", "notice"))
    err.print(f"checked {len(docs)} document(s), {links} link(s): {summary}")
    if report is not None:
        write_report(df, docs, report)
        err.print(f"report: {report}")
    if db is not None:
        err.print(f"store: {save_findings(df, docs, db)} finding(s) written to {db}")
    return 1 if counts.get("error") else 0
