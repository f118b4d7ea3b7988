"""PDF speed: bare text extraction of two libraries against vbparser, on the same PDFs.

Run: ``python benchmarks/pdf.py [--repeat N] [--ocr]``

The PDFs are digital ones, from two producers: the seeds (``$VBPARSER_SHARED/seeds`` or
``../shared/seeds``) and corpus documents typeset by fpdf2 (``tests/pdf_fixtures.py``),
plus the renderings in ``corpora/renderings/docs``; the same seeds and corpus
documents printed to PDF by Chromium (``print_plan``; skipped with a note when Debian's
chromium is missing); and the same again written as .docx and exported by LibreOffice
Writer (``tests/office_fixtures.py``, the closest stand-in for Word's exports; skipped
with a note when LibreOffice is missing). The producers differ in what bare extraction
costs: Chromium writes each line as dozens of positioned runs, fpdf2 one run per line,
so pdfium loads a Chromium page more slowly. Each producer gets its own table. For each method the time
of the whole set is taken as the best of ``--repeat`` runs, the methods taking turns run
by run, and printed as seconds per page with its ratio to the fastest bare extraction of
that producer:

* bare pdfplumber: ``page.extract_text()`` on every page;
* bare pypdfium2: ``textpage.get_text_range()`` on every page;
* vbparser's PDF loader with each engine (text with layout: columns, bold, furniture,
  paragraphs, one block per line with its page) — the numbers behind the engine choice;
* ``vbparser.load`` (loader + normalisation) and ``vbparser.parse`` (everything: sections,
  metadata, legal references, deadlines, subjects).

The design's budget is "within 2x of the fastest bare extraction". ``--ocr`` adds the
seconds per page of recognising a scanned page with Tesseract.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import vbparser
from tests import office_fixtures as office
from tests import pdf_fixtures as fx
from vbparser.config import Config
from vbparser.loaders import load_path
from vbparser.loaders.pdf import load_pdf

SHARED = Path(os.environ.get("VBPARSER_SHARED", REPO.parent / "shared"))


def _plan_texts() -> list[tuple[str, str, bool]]:
    """(name, text, is a seed) of the plans both producers typeset."""
    seeds = [(p.stem, load_path(p).text, True) for p in sorted((SHARED / "seeds").glob("*.txt"))]
    corpus = [(p.stem, load_path(p).text, False)
              for p in sorted(REPO.glob("corpora/campaign_*/docs/*.txt"))[:12]]
    return seeds + corpus


def digital_pdfs() -> list[tuple[str, bytes]]:
    """The fpdf2 PDFs to time: seeds and corpus documents, and the corpus renderings."""
    out = []
    for name, text, seed in _plan_texts():
        layout = (fx.layout_for(text, columns=False) if seed else
                  fx.layout_for(text, running_header="Kế hoạch", footer="trang"))
        out.append((name, fx.render_plan(text, layout)))
    out += [(p.stem, p.read_bytes()) for p in sorted(REPO.glob("corpora/renderings/docs/*.pdf"))]
    if not out:
        out.append(("sample", fx.render_plan(fx.SAMPLE_PLAN)))
    return out


def printed_pdfs() -> list[tuple[str, bytes]]:
    """The same seeds and corpus documents printed by Chromium (empty without chromium)."""
    if fx.chromium() is None:
        return []
    texts = _plan_texts() or [("sample", fx.SAMPLE_PLAN, False)]
    return [(name, fx.print_plan(text)) for name, text, _ in texts]


def exported_pdfs() -> list[tuple[str, bytes]]:
    """The same seeds and corpus documents written as .docx and exported by LibreOffice
    Writer, in one ``soffice`` call (empty without LibreOffice)."""
    if office.libreoffice() is None:
        return []
    texts = _plan_texts() or [("sample", fx.SAMPLE_PLAN, False)]
    pdfs = office.export_pdfs({name: office.plan_docx(text) for name, text, _ in texts})
    return list(pdfs.items())


def bare_pdfplumber(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def bare_pdfium(data: bytes) -> None:
    document = pdfium.PdfDocument(data)
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    document.close()


def _once(fn: Callable[[bytes], object], pdfs: list[tuple[str, bytes]]) -> float:
    start = time.perf_counter()
    for _, data in pdfs:
        fn(data)
    return time.perf_counter() - start


def interleaved(methods: list[tuple[str, Callable[[bytes], object], int]],
                pdfs: list[tuple[str, bytes]]) -> dict[str, float]:
    """Best total time of each method, the methods taking turns round by round (a method
    with ``n`` runs takes part in the first ``n`` rounds), so that a slow spell of a
    shared machine falls on all of them alike rather than on one."""
    times: dict[str, list[float]] = {name: [] for name, _, _ in methods}
    for round_ in range(max(n for _, _, n in methods)):
        for name, fn, n in methods:
            if round_ < n:
                times[name].append(_once(fn, pdfs))
    return {name: min(values) for name, values in times.items()}


def ocr_seconds_per_page(pdfs: list[tuple[str, bytes]]) -> float:
    """Seconds per page to recognise a scan of the first PDF (one worker, default dpi)."""
    scanned = fx.scan(pdfs[0][1])
    pages = len(pdfium.PdfDocument(scanned))
    start = time.perf_counter()
    load_pdf(scanned, "scan", Config(ocr_workers=1))
    return (time.perf_counter() - start) / pages


def table(label: str, pdfs: list[tuple[str, bytes]], repeat: int,
          engines: bool) -> dict[str, float]:
    """Time every method on ``pdfs``, print a table of seconds per page and ratios to the
    faster bare extraction, and return the ratios (``engines``: also time the loader with
    each engine)."""
    pages = sum(len(pdfium.PdfDocument(data)) for _, data in pdfs)
    for _, data in pdfs:  # warm up: imports, caches, the text pipeline's data
        vbparser.parse(data)
    slow = max(1, repeat // 3)
    plumber_cfg = Config(pdf_engine="pdfplumber")
    methods: list[tuple[str, Callable[[bytes], object], int]] = [
        (BARE_PLUMBER, bare_pdfplumber, slow),
        (BARE_PDFIUM, bare_pdfium, repeat),
        (LOADER, lambda d: load_pdf(d, "x"), repeat),
    ]
    if engines:
        methods.append((LOADER_PLUMBER, lambda d: load_pdf(d, "x", plumber_cfg), slow))
    methods += [(LOAD, vbparser.load, repeat), (PARSE, vbparser.parse, repeat)]
    seconds = {name: value / pages for name, value in interleaved(methods, pdfs).items()}
    fastest = min(seconds[BARE_PLUMBER], seconds[BARE_PDFIUM])
    print(f"\n{label}: {len(pdfs)} digital PDFs, {pages} pages; best of {repeat} runs "
          f"(pdfplumber: {slow})")
    print(f"{'method':46s} {'s/page':>10s} {'x fastest bare':>15s}")
    for name, value in seconds.items():
        print(f"{name:46s} {value:10.5f} {value / fastest:15.2f}")
    return {name: value / fastest for name, value in seconds.items()}


def verdict(label: str, ratios: dict[str, float]) -> str:
    parse = ratios[PARSE]
    return (f"{label}: loader {ratios[LOADER]:.2f}x, full parse {parse:.2f}x the fastest bare "
            f"extraction -> {'within' if parse <= 2 else 'NOT within'} 2x; the text stages "
            f"after loading cost {ratios[PARSE] - ratios[LOAD]:.2f}x on their own")


BARE_PLUMBER = "bare pdfplumber  page.extract_text()"
BARE_PDFIUM = "bare pypdfium2   textpage.get_text_range()"
LOADER = "vbparser loader, engine pdfium (default)"
LOADER_PLUMBER = "vbparser loader, engine pdfplumber"
LOAD = "vbparser.load    loader + normalisation"
PARSE = "vbparser.parse   full parse"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ocr", action="store_true", help="also time OCR of a scanned page")
    args = parser.parse_args(argv)
    if not fx.fonts_available():
        print("the DejaVu fonts are missing: apt-get install fonts-dejavu-core", file=sys.stderr)
        return 1
    pdfs = digital_pdfs()
    typeset = table("typeset by fpdf2", pdfs, args.repeat, engines=True)
    print(f"\nengine: pdfium's layout costs {typeset[LOADER]:.2f}x its bare text, pdfplumber's "
          f"{typeset[LOADER_PLUMBER]:.1f}x; bare pdfplumber is "
          f"{typeset[BARE_PLUMBER] / typeset[BARE_PDFIUM]:.0f}x slower than bare pypdfium2 "
          "-> pdfium by default, pdfplumber as Config(pdf_engine='pdfplumber')")
    printed = printed_pdfs()
    verdicts = [verdict("typeset by fpdf2", typeset)]
    if printed:
        verdicts.append(verdict("printed by Chromium",
                                table("printed by Chromium", printed, args.repeat, False)))
    else:
        print("\nprinted by Chromium: skipped, Debian's chromium is not installed")
    exported = exported_pdfs()
    if exported:
        label = "exported by LibreOffice Writer"
        verdicts.append(verdict(label, table(label, exported, args.repeat, False)))
    else:
        print("\nexported by LibreOffice Writer: skipped, LibreOffice is not installed "
              "(libreoffice-writer-nogui)")
    print("\nbudget (design.md: within 2x of the fastest bare extraction):")
    for line in verdicts:
        print("  " + line)
    if args.ocr:
        print(f"\nOCR (Tesseract vie, 300 dpi, one worker): {ocr_seconds_per_page(pdfs):.2f} s/page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
