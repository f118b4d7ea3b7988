"""PDF speed: bare text extraction of two libraries against vbparser, on the same PDFs.

Run: ``python benchmarks/pdf.py [--repeat N] [--ocr]``

The PDFs are digital ones: the seeds (``$VBPARSER_SHARED/seeds`` or ``../shared/seeds``)
and corpus documents typeset by ``tests/pdf_fixtures.py``, plus the renderings in
``corpora/renderings/docs``. For each method the time of the whole set is taken as the
best of ``--repeat`` runs, and printed as seconds per page with its ratio to the fastest
bare extraction:

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
from tests import pdf_fixtures as fx
from vbparser.config import Config
from vbparser.loaders import load_path
from vbparser.loaders.pdf import load_pdf

SHARED = Path(os.environ.get("VBPARSER_SHARED", REPO.parent / "shared"))


def digital_pdfs() -> list[tuple[str, bytes]]:
    """The PDFs to time: rendered seeds and corpus documents, and corpus renderings."""
    out = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        text = load_path(path).text
        out.append((path.stem, fx.render_plan(text, fx.layout_for(text, columns=False))))
    for path in sorted(REPO.glob("corpora/campaign_*/docs/*.txt"))[:12]:
        text = load_path(path).text
        layout = fx.layout_for(text, running_header="Kế hoạch", footer="trang")
        out.append((path.stem, fx.render_plan(text, layout)))
    out += [(p.stem, p.read_bytes()) for p in sorted(REPO.glob("corpora/renderings/docs/*.pdf"))]
    if not out:
        out.append(("sample", fx.render_plan(fx.SAMPLE_PLAN)))
    return out


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


def best(fn: Callable[[bytes], object], pdfs: list[tuple[str, bytes]], repeat: int) -> float:
    """Best total time, over ``repeat`` runs, of ``fn`` on every PDF."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _, data in pdfs:
            fn(data)
        times.append(time.perf_counter() - start)
    return min(times)


def ocr_seconds_per_page(pdfs: list[tuple[str, bytes]]) -> float:
    """Seconds per page to recognise a scan of the first PDF (one worker, default dpi)."""
    scanned = fx.scan(pdfs[0][1])
    pages = len(pdfium.PdfDocument(scanned))
    start = time.perf_counter()
    load_pdf(scanned, "scan", Config(ocr_workers=1))
    return (time.perf_counter() - start) / pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ocr", action="store_true", help="also time OCR of a scanned page")
    args = parser.parse_args(argv)
    if not fx.fonts_available():
        print("the DejaVu fonts are missing: apt-get install fonts-dejavu-core", file=sys.stderr)
        return 1
    pdfs = digital_pdfs()
    pages = sum(len(pdfium.PdfDocument(data)) for _, data in pdfs)
    for _, data in pdfs:  # warm up: imports, caches, the text pipeline's data
        vbparser.parse(data)
    plumber_cfg = Config(pdf_engine="pdfplumber")
    methods: list[tuple[str, Callable[[bytes], object], int]] = [
        ("bare pdfplumber  page.extract_text()", bare_pdfplumber, max(1, args.repeat // 3)),
        ("bare pypdfium2   textpage.get_text_range()", bare_pdfium, args.repeat),
        ("vbparser loader, engine pdfium (default)", lambda d: load_pdf(d, "x"), args.repeat),
        ("vbparser loader, engine pdfplumber", lambda d: load_pdf(d, "x", plumber_cfg),
         max(1, args.repeat // 3)),
        ("vbparser.load    loader + normalisation", vbparser.load, args.repeat),
        ("vbparser.parse   full parse", vbparser.parse, args.repeat),
    ]
    seconds = {name: best(fn, pdfs, repeat) / pages for name, fn, repeat in methods}
    fastest = min(seconds[methods[0][0]], seconds[methods[1][0]])
    print(f"{len(pdfs)} digital PDFs, {pages} pages; best of {args.repeat} runs "
          f"(pdfplumber: {max(1, args.repeat // 3)})")
    print(f"{'method':46s} {'s/page':>10s} {'x fastest bare':>15s}")
    for name, value in seconds.items():
        print(f"{name:46s} {value:10.5f} {value / fastest:15.2f}")
    loader = seconds[methods[2][0]] / fastest
    print(f"\nengine: pdfium's layout costs {loader:.2f}x its bare text, pdfplumber's "
          f"{seconds[methods[3][0]] / fastest:.1f}x; bare pdfplumber is "
          f"{seconds[methods[0][0]] / seconds[methods[1][0]]:.0f}x slower than bare pypdfium2 "
          "-> pdfium by default, pdfplumber as Config(pdf_engine='pdfplumber')")
    parse = seconds[methods[5][0]] / fastest
    verdict = "within" if parse <= 2 else "NOT within"
    print(f"budget: loader {loader:.2f}x, full parse {parse:.2f}x the fastest bare extraction "
          f"-> the full parse is {verdict} 2x; the text stages after loading cost "
          f"{(seconds[methods[5][0]] - seconds[methods[4][0]]) / fastest:.2f}x on their own")
    if args.ocr:
        print(f"\nOCR (Tesseract vie, 300 dpi, one worker): {ocr_seconds_per_page(pdfs):.2f} s/page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
