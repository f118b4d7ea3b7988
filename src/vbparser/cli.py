"""The ``vbparser`` command: a thin layer over the public API.

``main(argv)`` returns an exit code and never lets a user mistake end in a traceback:
``VbparserError`` becomes a one-line ``error:`` message and exit code 2.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from vbparser._version import __version__
from vbparser.errors import ConfigError, VbparserError

app = typer.Typer(
    name="vbparser",
    help="Read Vietnamese plan documents (Kế hoạch) into structured data and check them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class OutFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        print(f"vbparser {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """vbparser: sections, legal bases, deadlines and subjects of Vietnamese plans."""


@app.command("parse")
def parse_cmd(
    files: Annotated[list[Path], typer.Argument(help="Documents to parse (.txt, .md, .docx).")],
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")] = OutFormat.json,
    output: Annotated[Path | None, typer.Option("-o", "--output", help=(
        "Write here instead of standard output (for csv: a folder, one file per table)."))] = None,
    kb: Annotated[list[Path] | None, typer.Option("--kb", help="Extra knowledge-base YAML file.")] = None,
) -> None:
    """Parse documents and print their structured data.

    json prints one object (an array for several files), jsonl one line per document,
    csv a table of documents (with -o DIR, one CSV per entity type).
    """
    from vbparser.api import parse
    from vbparser.config import Config

    config = Config(kb_paths=tuple(kb or ()))
    docs, failed = [], 0
    for path in files:
        try:
            docs.append(parse(path, config))
        except VbparserError as exc:
            err.print(f"error: {exc}")
            failed += 1
    if docs:
        _write_docs(docs, fmt, output)
    if failed:
        raise typer.Exit(2 if not docs else 1)


def _write_docs(docs: list, fmt: OutFormat, output: Path | None) -> None:  # type: ignore[type-arg]
    if fmt is OutFormat.csv:
        _write_csv(docs, output)
        return
    if fmt is OutFormat.jsonl:
        text = "".join(d.to_json(indent=None) + "\n" for d in docs)
    elif len(docs) == 1:
        text = docs[0].to_json() + "\n"
    else:
        text = json.dumps([d.to_dict() for d in docs], ensure_ascii=False, indent=1) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {len(docs)} document(s) to {output}")


def _write_csv(docs: list, output: Path | None) -> None:  # type: ignore[type-arg]
    import pandas as pd

    from vbparser.frames import ENTITY_TYPES

    summary = pd.DataFrame([{
        "doc_id": d.source.sha256[:16], "path": d.source.path, "doc_type": d.meta.doc_type,
        "number_symbol": d.meta.number_symbol, "issuer": d.meta.issuer.name,
        "level": d.meta.issuer.level, "date": d.meta.date, "year": d.meta.year,
        **{name: len(getattr(d, name)) for name in ENTITY_TYPES},
    } for d in docs])
    if output is None:
        summary.to_csv(sys.stdout, index=False)
        return
    if output.exists() and not output.is_dir():
        raise ConfigError(f"{output} is a file; --format csv -o needs a folder")
    output.mkdir(parents=True, exist_ok=True)
    summary.to_csv(output / "documents.csv", index=False)
    for name in ENTITY_TYPES:
        frames = [d.to_frames()[name] for d in docs]
        pd.concat(frames, ignore_index=True).to_csv(output / f"{name}.csv", index=False)
    err.print(f"wrote documents.csv and {len(ENTITY_TYPES)} entity tables to {output}/")


def _thresholds(values: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for value in values:
        name, _, number = value.rpartition("=")
        try:
            out[name or "*"] = float(number)
        except ValueError:
            raise ConfigError(f"--min-f1 takes X or FIELD=X (e.g. sections=0.97), not {value!r}")
    return out


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Argument(help="Gold folder (searched recursively) or file.")],
    docs: Annotated[list[Path] | None, typer.Option("--docs", help="Folder with the documents.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores as JSON here ('-' for stdout).")] = None,
    min_f1: Annotated[list[str] | None, typer.Option("--min-f1", help="Fail (exit 1) when a field's F1 is below X; X or FIELD=X, repeatable.")] = None,
    flattened: Annotated[bool, typer.Option("--flatten", help="Score the documents with every line break turned into a space.")] = False,
    per_doc: Annotated[bool, typer.Option("--per-doc/--total-only", help="Show a row per document.")] = True,
) -> None:
    """Score vbparser against gold annotations: precision, recall and F1 per field."""
    from vbparser.evaluate import evaluate, flatten

    thresholds = _thresholds(min_f1 or [])
    report = evaluate(gold, docs or (), transform=flatten if flattened else None)
    out = Console(highlight=False)
    table = Table(title=f"vbparser eval {gold}" + (" (flattened)" if flattened else ""))
    for col in ("document", "field", "P", "R", "F1", "tp/pred/gold", "notes"):
        table.add_column(col, justify="right" if col in ("P", "R", "F1") else "left")
    rows = list(report.per_document.items()) if per_doc else []
    for name, scores in [*rows, ("TOTAL", report.total)]:
        for field_name, s in scores.items():
            notes = ", ".join(f"{k} {r}/{t}" for k, (r, t) in s.extra.items()
                              if field_name != "meta" or r < t)
            table.add_row(Path(name).name if name != "TOTAL" else "[b]TOTAL[/b]", field_name,
                          f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                          f"{s.tp}/{s.predicted}/{s.expected}", notes)
        table.add_section()
    out.print(table)
    if json_out is not None:
        text = json.dumps(report.to_dict(), ensure_ascii=False, indent=1)
        if str(json_out) == "-":
            print(text)
        else:
            json_out.write_text(text + "\n", encoding="utf-8")
    failing = report.failing(thresholds)
    if failing:
        err.print("below threshold: " + "; ".join(failing))
        raise typer.Exit(1)


@app.command("generate")
def generate_cmd(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the corpus into.")],
    docs: Annotated[int, typer.Option("--docs", min=1, help="How many documents.")] = 100,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same corpus).")] = 1,
) -> None:
    """Write synthetic campaigns of plans with their gold annotations."""
    from rich.progress import Progress

    from vbparser.corpus.generate import generate_corpus

    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("generating", total=docs)
        summary = generate_corpus(out_dir, docs=docs, seed=seed,
                                  progress=lambda n: progress.update(task, completed=n))
    err.print(f"wrote {summary.get('documents', docs)} documents to {out_dir}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` and return the exit code (for tests and ``run``)."""
    try:
        code = app(args=argv, prog_name="vbparser", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except VbparserError as exc:
        err.print(f"error: {exc}")
        return 2
    except (typer.Abort, KeyboardInterrupt):
        err.print("aborted")
        return 130
    except Exception as exc:
        # Usage errors (missing argument, bad option) come from the click that typer
        # vendors; they know how to show themselves and carry their exit code.
        if callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            return int(exc.exit_code)
        raise
    return code if isinstance(code, int) else 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
