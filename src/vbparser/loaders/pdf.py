"""PDF: the text layer with its layout, OCR for scanned pages, typed errors for bad files.

Two engines read the text layer into positioned line fragments (``pdf_layout.Fragment``):

* ``pdfium`` (default): pypdfium2's text page. Its text already comes in lines; each
  line costs a handful of calls (the loose boxes of its first and last characters, the
  font weight, the number of text runs to find wide gaps), so the layout adds little to
  bare extraction — see ``benchmarks/pdf.py`` for the numbers behind the choice.
* ``pdfplumber``: words with font names and boxes, grouped into rows; about 40 times
  slower, kept as an option (``Config(pdf_engine="pdfplumber")``) and as a cross-check.

Pages with no text layer (scans), or a document whose text layer is not Vietnamese
(fonts without a Unicode map), are rendered with pypdfium2 and recognised by Tesseract
(``ocr.py``); a VB104 warning then gives the pages and the mean confidence.

Everything goes through pypdfium2 first: the signature check, opening (password, damage,
truncation), and the page count against ``Config.max_pages`` before any page is read.
No pdfium or pdfplumber object leaves this module; the loader closes what it opens.
"""

from __future__ import annotations

import ctypes
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from vbparser.config import Config
from vbparser.errors import (EncryptedPdfError, LoadError, OcrError, PageLimitError, PdfError,
                             warning_message)
from vbparser.loaders import Loaded, sha256
from vbparser.loaders.encoding import is_syllable
from vbparser.loaders.pdf_layout import Fragment, Page, group_rows, layout, split_wide_gaps
from vbparser.model import Source, Warning

try:  # pypdfium2 and pdfplumber are core dependencies; keep the message clear if absent
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
except ImportError as exc:  # pragma: no cover
    raise ImportError("reading PDF needs pypdfium2: pip install pypdfium2") from exc

_LINE = re.compile(r"[^\r\n]+")
_WORD = re.compile(r"[^\W\d_]+")
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag
_ERR_PASSWORD = 4  # FPDF_ERR_PASSWORD
_SAMPLE_WORDS = 120
_MIN_PAGE_CHARS = 10


@dataclass(frozen=True, slots=True)
class _Read:
    """What an engine read: pages, and the pages that hold images but (almost) no text."""

    pages: list[Page]
    image_only: list[int]


def load_pdf(data: bytes, name: str | None, config: Config | None = None) -> Loaded:
    """Read a PDF held in memory into text with layout and per-line page provenance.

    Raises:
        PdfError: not a PDF, damaged or truncated (``EncryptedPdfError`` and
            ``PageLimitError`` are subclasses for those two cases).
        OcrError: the document needs OCR and Tesseract is missing or fails.
        LoadError: the file is empty or has no text at all.
    """
    cfg = config or Config()
    label = name or "<bytes>"
    _check_signature(data, label)
    document = _open(data, label, cfg.pdf_password)
    try:
        count = len(document)
        if count > cfg.max_pages:
            raise PageLimitError(f"{label}: the PDF has {count} pages, more than the limit of "
                                 f"{cfg.max_pages} (Config.max_pages)")
        if count == 0:
            raise PdfError(f"{label}: the PDF has no pages")
        warnings = [Warning("VB105", warning_message("VB105"))] if _encrypted(document) else []
        read = _read(document, data, cfg, label)
        pages, ocr_warnings = _recognise_if_needed(document, read, cfg, label)
    finally:
        document.close()
    text, blocks = layout(pages)
    if not text.strip():
        raise LoadError(f"{label}: the PDF has no text (blank pages, or images and OCR off)")
    source = Source(path=name, format="pdf", sha256=sha256(data), pages=count, encoding=None)
    return Loaded(text, source, blocks, tuple(warnings + ocr_warnings))


def _check_signature(data: bytes, label: str) -> None:
    """Refuse empty files and files that are not PDFs whatever their name says."""
    if not data.strip():
        raise LoadError(f"{label}: the file is empty")
    if b"%PDF-" not in data[:1024]:
        raise PdfError(f"{label}: not a PDF file despite its name ({_what(data)})")


def _what(data: bytes) -> str:
    head = data[:16]
    if head.startswith(b"PK\x03\x04"):
        return "it is a ZIP archive, perhaps a .docx; rename it"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "it is a legacy Office file, perhaps a .doc"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "it is an image; wrap it in a PDF or OCR it first"
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return "it is a web page (HTML)"
    sample = data[:4096]
    if sum(b < 9 or 13 < b < 32 for b in sample) < 0.01 * len(sample):
        return "it is plain text; rename it to .txt"
    return "it does not start with %PDF-"


def _open(data: bytes, label: str, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _ERR_PASSWORD:
            if password:
                raise EncryptedPdfError(f"{label}: the password given does not open this "
                                        "encrypted PDF") from None
            raise EncryptedPdfError(f"{label}: the PDF is encrypted with a password; give it "
                                    "as Config(pdf_password=...) to read it") from None
        raise PdfError(f"{label}: the PDF is damaged or truncated and cannot be read "
                       f"({_reason(exc)})") from None


def _reason(exc: Exception) -> str:
    return str(exc).replace("Failed to load document ", "").strip("(). ") or type(exc).__name__


def _encrypted(document: pdfium.PdfDocument) -> bool:
    return int(pdfium_c.FPDF_GetSecurityHandlerRevision(document.raw)) != -1


def _read(document: pdfium.PdfDocument, data: bytes, cfg: Config, label: str) -> _Read:
    if cfg.pdf_engine == "pdfplumber":
        return _read_pdfplumber(data, cfg.pdf_password, label)
    return _read_pdfium(document, label)


# --- pdfium ---------------------------------------------------------------------------


class _TextPage:
    """Char-level queries on one pdfium text page, with reused ctypes buffers."""

    def __init__(self, raw: object, top: float) -> None:
        self.raw = raw
        self.top = top  # the page's top in PDF space
        self.rect = pdfium_c.FS_RECTF()
        self.name = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()
        self.edges = [ctypes.c_double() for _ in range(4)]

    def box(self, index: int) -> tuple[float, float, float, float]:
        """Loose box of a character: left, right, top, bottom (top-left origin)."""
        pdfium_c.FPDFText_GetLooseCharBox(self.raw, index, self.rect)
        r = self.rect
        return r.left, r.right, self.top - r.top, self.top - r.bottom

    def bold(self, index: int) -> bool:
        if pdfium_c.FPDFText_GetFontWeight(self.raw, index) >= 600:
            return True
        pdfium_c.FPDFText_GetFontInfo(self.raw, index, self.name, 128, ctypes.byref(self.flags))
        return b"bold" in self.name.value.lower() or bool(self.flags.value & _FORCE_BOLD)

    def runs(self, start: int, count: int) -> list[tuple[float, float]]:
        """Horizontal extents of the text runs pdfium sees in a character range."""
        n = pdfium_c.FPDFText_CountRects(self.raw, start, count)
        if n <= 1:
            return []
        left, top, right, bottom = self.edges
        out = []
        for k in range(n):
            pdfium_c.FPDFText_GetRect(self.raw, k, left, top, right, bottom)
            out.append((left.value, right.value))
        return out


def _read_pdfium(document: pdfium.PdfDocument, label: str) -> _Read:
    pages, image_only = [], []
    for index in range(len(document)):
        try:
            page = document[index]
        except pdfium.PdfiumError as exc:
            raise PdfError(f"{label}: page {index + 1} of the PDF is damaged ({exc})") from None
        try:
            read = _pdfium_page(page, index + 1)
            if sum(len(f.text) for f in read.fragments) < _MIN_PAGE_CHARS and _has_image(page):
                image_only.append(index + 1)
        finally:
            page.close()
        pages.append(read)
    return _Read(pages, image_only)


def _pdfium_page(page: pdfium.PdfPage, number: int) -> Page:
    left, bottom, right, top = page.get_bbox()
    textpage = page.get_textpage()
    try:
        chars = _TextPage(textpage.raw, top)
        text = textpage.get_text_range()
        fragments = []
        for match in _LINE.finditer(text):
            fragments.extend(_pdfium_line(chars, match.group(), match.start(), number, left))
    finally:
        textpage.close()
    return Page(number, right - left, top - bottom, tuple(fragments))


def _pdfium_line(chars: _TextPage, line: str, start: int, number: int,
                 origin: float) -> list[Fragment]:
    stripped = line.strip()
    if not stripped:
        return []
    first = start + len(line) - len(line.lstrip())
    last = first + len(stripped) - 1
    cuts = _cuts(chars, stripped, first)
    out = []
    for a, b in zip([first, *cuts], [*cuts, last + 1]):
        piece = line[a - start:b - start]
        lead = len(piece) - len(piece.lstrip())
        text = piece.strip()
        if text:
            i0, i1 = a + lead, a + lead + len(text) - 1
            x0, _, t0, b0 = chars.box(i0)
            _, x1, t1, b1 = chars.box(i1)
            bold = chars.bold(i0) and chars.bold(i1)
            out.append(Fragment(number, x0 - origin, x1 - origin, min(t0, t1), max(b0, b1),
                                text, bold))
    return out


def _cuts(chars: _TextPage, text: str, first: int) -> list[int]:
    """Indexes where a line splits into columns: at spaces inside wide gaps between runs."""
    runs = chars.runs(first, len(text))
    if len(runs) < 2:
        return []
    _, _, top, bottom = chars.box(first)
    gap = 1.8 * (bottom - top)
    wide = [(a[1], b[0]) for a, b in zip(runs, runs[1:]) if b[0] - a[1] > gap]
    if not wide:
        return []
    cuts = []
    for k, ch in enumerate(text):
        if ch == " ":
            x0, x1, _, _ = chars.box(first + k)
            if any(lo - 1 <= x0 and x1 <= hi + 1 for lo, hi in wide):
                if not cuts or cuts[-1] != first + k:
                    cuts.append(first + k)
    return cuts


def _has_image(page: pdfium.PdfPage) -> bool:
    image = pdfium_c.FPDF_PAGEOBJ_IMAGE
    return any(True for _ in page.get_objects(filter=(image,), max_depth=2))


# --- pdfplumber -------------------------------------------------------------------------


def _read_pdfplumber(data: bytes, password: str | None, label: str) -> _Read:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    pages, image_only = [], []
    try:
        with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                read = _plumber_page(page, number)
                if sum(len(f.text) for f in read.fragments) < _MIN_PAGE_CHARS and page.images:
                    image_only.append(number)
                page.close()
                pages.append(read)
    except (PdfminerException, PDFSyntaxError) as exc:
        raise PdfError(f"{label}: pdfplumber cannot read the PDF ({exc})") from None
    return _Read(pages, image_only)


def _plumber_page(page: object, number: int) -> Page:
    words = page.dedupe_chars().extract_words(  # type: ignore[attr-defined]
        extra_attrs=["fontname"], keep_blank_chars=False, use_text_flow=False)
    fragments = [Fragment(number, w["x0"], w["x1"], w["top"], w["bottom"], w["text"],
                          "bold" in w["fontname"].lower()) for w in words]
    rows = group_rows(fragments)
    merged = tuple(f for row in rows for f in split_wide_gaps(row))
    return Page(number, float(page.width), float(page.height), merged)  # type: ignore[attr-defined]


# --- OCR --------------------------------------------------------------------------------


def _recognise_if_needed(document: pdfium.PdfDocument, read: _Read, cfg: Config,
                         label: str) -> tuple[list[Page], list[Warning]]:
    """Replace pages without usable text by their OCR; return pages and warnings."""
    numbers, reason = _ocr_plan(read, cfg)
    if not numbers:
        return read.pages, []
    has_text = reason == "no text" and len(numbers) < len(read.pages) and any(
        p.fragments for p in read.pages if p.number not in numbers)
    try:
        from vbparser.loaders.ocr import recognise

        images = _images(document, numbers, cfg.ocr_dpi)
        workers = min(cfg.ocr_workers or os.cpu_count() or 1, len(numbers))
        result = recognise(images, cfg.ocr_language, cfg.ocr_dpi, workers, cfg.ocr_timeout)
    except OcrError as exc:
        if has_text:  # a scanned appendix must not cost the text of the other pages
            return read.pages, [Warning("VB106", f"{warning_message('VB106')}: pages "
                                        f"{_ranges(numbers)} ({exc})")]
        raise OcrError(f"{label}: the PDF has {reason} and needs OCR, but {exc}") from None
    by_number = {p.number: p for p in result.pages}
    pages = [by_number.get(p.number, p) for p in read.pages]
    message = (f"{warning_message('VB104')}: pages {_ranges(numbers)} ({reason}), "
               f"mean confidence {result.confidence:.0f}%")
    return pages, [Warning("VB104", message)]


def _ocr_plan(read: _Read, cfg: Config) -> tuple[list[int], str]:
    """Which pages to recognise, and why."""
    if cfg.ocr == "never":
        return [], ""
    every = [p.number for p in read.pages]
    if cfg.ocr == "always":
        return every, "OCR forced"
    if _garbage(read.pages):
        return every, "a text layer that is not readable Vietnamese"
    return read.image_only, "no text layer"


def _garbage(pages: list[Page]) -> bool:
    """Whether the text layer is mostly not Vietnamese syllables (a font with no Unicode map).

    Judges up to ``_SAMPLE_WORDS`` distinct words with non-ASCII letters, taken across the
    whole document; fewer than 20 such words (English, or no text) are not judged.
    """
    words: set[str] = set()
    for page in pages:
        for frag in page.fragments:
            words.update(w for w in _WORD.findall(frag.text) if not w.isascii())
    if len(words) < 20:
        return False
    sample = sorted(words)[:: max(1, len(words) // _SAMPLE_WORDS)]
    valid = sum(1 for w in sample if is_syllable(w))
    return valid < 0.5 * len(sample)


def _images(document: pdfium.PdfDocument, numbers: list[int], dpi: int) -> Iterator[object]:
    """Render pages lazily for OCR, as greyscale PGM (no compression to pay for)."""
    from vbparser.loaders.ocr import PageImage

    scale = dpi / 72
    for number in numbers:
        page = document[number - 1]
        try:
            bitmap = page.render(scale=scale, grayscale=True)
            image = bitmap.to_pil()
            out = io.BytesIO()
            image.convert("L").save(out, format="PPM")
            width, height = page.get_size()
        finally:
            page.close()
        yield PageImage(number, out.getvalue(), scale, width, height)


def _ranges(numbers: list[int]) -> str:
    """Compact page ranges.

    >>> _ranges([1, 2, 3, 5])
    '1-3, 5'
    """
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(out)
