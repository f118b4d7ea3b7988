"""The ``vbparser`` command: a thin layer over the public API.

``main(argv)`` returns an exit code and never lets a user mistake end in a traceback:
``VbparserError`` becomes a one-line ``error:`` message and exit code 2.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Protocol, Self, runtime_checkable

import typer
from rich.console import Console
from rich.table import Table

from vbparser._version import __version__
from vbparser.errors import ConfigError, VbparserError

if TYPE_CHECKING:
    from rich.progress import TaskID

    from vbparser import Document
    from vbparser.batch import BatchProgress, BatchSummary

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
    files: Annotated[list[Path], typer.Argument(help="Documents to parse (.txt, .md, .docx, .pdf, .htm/.html; .doc, .rtf, .odt with LibreOffice).")],
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


def _write_docs(docs: list[Document], fmt: OutFormat, output: Path | None) -> None:
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


def _write_csv(docs: list[Document], output: Path | None) -> None:
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
    max_depth: Annotated[int | None, typer.Option("--max-depth", min=1, help="Score sections only down to this depth (2: the top two levels).")] = None,
) -> None:
    """Score vbparser against gold annotations: precision, recall and F1 per field."""
    from vbparser.evaluate import evaluate, flatten

    thresholds = _thresholds(min_f1 or [])
    report = evaluate(gold, docs or (), transform=flatten if flattened else None,
                      max_depth=max_depth)
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


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    xlsx = "xlsx"


class _BatchDisplay:
    """Progress of a batch on stderr: a live bar on a terminal, else a line per commit."""

    def __init__(self, console: Console) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.console = console
        self.bar = Progress(TextColumn("batch"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[eta]}"),
                            TextColumn("{task.fields[note]}"), console=console,
                            disable=not console.is_terminal)
        self.task: TaskID | None = None
        self.printed = (0.0, 0)  # when the last plain line was printed, and its count

    def __enter__(self) -> Self:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def update(self, p: BatchProgress) -> None:
        import time
        from datetime import timedelta

        rate = f"{p.rate:.1f} documents/s" if p.rate else ""
        eta = (f"ETA {timedelta(seconds=round(p.eta))}" if p.eta is not None and p.done < p.total
               else "")
        note = f"{p.failed} failed, {p.skipped} skipped"
        if self.task is None:
            self.task = self.bar.add_task("batch", total=p.total, rate="", eta="", note="")
        self.bar.update(self.task, completed=p.done, rate=rate, eta=eta, note=note)
        when, count = self.printed
        if not self.console.is_terminal and p.committed > count and (
                count == 0 or time.monotonic() - when >= 2):
            self.console.print(f"committed {p.committed}: {p.done}/{p.total} done "
                               f"({note}) {rate} {eta}".rstrip())
            self.printed = (time.monotonic(), p.committed)


def _print_summary(summary: BatchSummary, db: Path) -> None:
    p = summary.progress
    out = Console(highlight=False, soft_wrap=True)
    out.print(f"parsed {p.parsed} · failed {p.failed} · skipped {p.skipped} "
              f"({summary.duplicates} duplicates) · {p.total} inputs in "
              f"{summary.seconds:.1f} s · {summary.rate:.1f} documents/s")
    if summary.replaced:
        out.print(f"{summary.replaced} stored by another build of vbparser: parsed again, "
                  "their old rows replaced")
    for title, counts in (("errors", summary.errors_by_type),
                          ("warnings by code", summary.warnings_by_code)):
        if counts:
            items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            out.print(f"{title}: " + ", ".join(f"{k} {n}" for k, n in items))
    peak = max(summary.peak_rss_kb.values(), default=0)
    memory = f" · peak worker memory {peak / 1024:.0f} MiB" if peak else ""
    out.print(f"store: {db}{memory}")


@app.command("batch")
def batch_cmd(
    inputs: Annotated[list[Path], typer.Argument(help="Folders, files and .zip archives of documents.")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB store to write (created when missing).")],
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: one per CPU).")] = None,
    engine: Annotated[Engine, typer.Option("--engine", help="local: a process pool; dask: dask.distributed.")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address tcp://HOST:PORT (default with --engine dask: a local cluster of --jobs processes).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0, help="Seconds one document may take; 0: no limit.")] = 600.0,
    retry_errors: Annotated[bool, typer.Option("--retry-errors", help="Parse again the inputs that failed in earlier runs.")] = False,
    fail_on_error: Annotated[bool, typer.Option("--fail-on-error", help="Exit 1 when a document failed.")] = False,
) -> None:
    """Parse every document under INPUTS into a DuckDB store; run it again to resume.

    Folders are walked for .txt, .md, .docx, .pdf and .zip. Documents already in the store
    (same content, parsed by this build of vbparser) are skipped; those another build
    parsed are parsed again and replaced; a document that fails is recorded in the errors
    table.
    """
    from vbparser.batch import BatchOptions, run_batch

    options = BatchOptions(jobs=jobs, engine=engine.value, scheduler=scheduler,
                           timeout=timeout or None, retry_errors=retry_errors)
    with _BatchDisplay(err) as display:
        summary = run_batch(inputs, db, options, progress=display.update)
    _print_summary(summary, db)
    if fail_on_error and summary.progress.failed:
        raise typer.Exit(1)


@app.command("export")
def export_cmd(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write into (created when missing).")],
    db: Annotated[Path, typer.Option("--db", help="The DuckDB store written by vbparser batch.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="parquet and csv: one file per table; xlsx: one workbook, a sheet per table.")] = ExportFormat.parquet,
) -> None:
    """Export every table of a store (documents, sections, ..., errors, findings)."""
    from vbparser.store import export_store

    written = export_store(db, out_dir, fmt.value)
    err.print(f"wrote {', '.join(p.name for p in written)} to {out_dir}/")


@app.command("check")
def check_cmd(
    inputs: Annotated[list[Path] | None, typer.Argument(help="Plans to check: files, or folders walked for .txt, .md, .docx, .pdf.")] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Also write an HTML report (plan tree, deadline timeline, findings) here.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    upper: Annotated[list[Path] | None, typer.Option("--upper", help="Take this plan as the upper plan of the --lower given with it (repeatable, in pairs).")] = None,
    lower: Annotated[list[Path] | None, typer.Option("--lower", help="The lower plan of the --upper given with it.")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="Also write the findings into this DuckDB store (made by `vbparser batch`).")] = None,
) -> None:
    """Link plans to the plans they implement and check them across levels.

    Prints one finding per problem (rule, severity, message, quotes from both plans).
    Exit code 1 when a finding is an error, 0 otherwise, 2 for a usage mistake.
    """
    from vbparser.compare.check import run_check

    code = run_check(inputs or [], report=report, fmt=fmt, upper=upper or [],
                     lower=lower or [], out=sys.stdout, err=err, db=db)
    if code:
        raise typer.Exit(code)


@runtime_checkable
class _ShownError(Protocol):
    """An error that prints itself and carries its exit code (typer's vendored click)."""

    exit_code: int

    def show(self) -> None:
        """Print the error to stderr."""


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
        if isinstance(exc, _ShownError) and isinstance(exc.exit_code, int):
            exc.show()
            return exc.exit_code
        raise
    return code if isinstance(code, int) else 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
