"""PDF: the text layer with its layout, OCR for scanned pages, typed errors for bad files.

Two engines read the text layer into positioned line fragments (``pdf_layout.Fragment``):

* ``pdfium`` (default): pypdfium2's text page. Its text already comes in lines; each
  line costs a handful of calls (the loose boxes of its first and last characters, the
  font weight, the number of text runs to find wide gaps), so the layout adds little to
  bare extraction — see ``benchmarks/pdf.py`` for the numbers behind the choice.
* ``pdfplumber``: words with font names and boxes, in the content stream's order, cut
  into lines where the flow jumps; about 40 times slower, kept as an option
  (``Config(pdf_engine="pdfplumber")``) and as a cross-check: both engines give the same
  text and blocks on every fixture.

``pdf_layout.layout`` turns the fragments into text and blocks. Pages with no text layer
(scans), or a document whose text layer is not Vietnamese (fonts without a Unicode map),
are recognised by Tesseract (``ocr.replace_scanned``), with a VB104 warning.

Everything goes through pypdfium2 first: the signature check, opening (password, damage,
truncation), and the page count against ``Config.max_pages`` before any page is read.
No pdfium or pdfplumber object leaves this module; the loader closes what it opens.
"""

from __future__ import annotations

import ctypes
import io
import re
from dataclasses import dataclass
from typing import Any

from vbparser.config import Config
from vbparser.errors import EncryptedPdfError, LoadError, PageLimitError, PdfError, warning_message
from vbparser.loaders import Loaded, sha256
from vbparser.loaders.ocr import replace_scanned
from vbparser.loaders.pdf_layout import Fragment, Page, layout, wide_gap
from vbparser.model import Source, Warning

try:  # pypdfium2 and pdfplumber are core dependencies; keep the message clear if absent
    import pypdfium2 as pdfium  # type: ignore[import-untyped]
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]
except ImportError as exc:  # pragma: no cover
    raise ImportError("reading PDF needs pypdfium2: pip install pypdfium2") from exc

_FORCE_BOLD = 1 << 18  # PDF font descriptor flag
_ERR_PASSWORD = 4  # FPDF_ERR_PASSWORD
_MIN_PAGE_CHARS = 10
_SPACES = re.compile(" +")
# pdfium's mark for a hyphen that ends a page line before a word goes on in the next
# one, where it writes no line break ("...NĐ" + mark + "CP ...": Chromium breaks a line
# after the hyphen of a document code).
_LINE_END_HYPHEN = "\ufffe"


def _unchecked(function: Any) -> Any:
    """A pdfium function bound without its declared argument types.

    ctypes converts every argument through the declared types, which costs as much as
    the call itself; the few functions called on every line are called through these
    bindings with arguments that need no conversion (the text page handle, ``int``
    indexes, a pointer to the reused ``FS_RECTF``). They all return an ``int``.
    """
    return type(function)(ctypes.cast(function, ctypes.c_void_p).value)


_loose_char_box = _unchecked(pdfium_c.FPDFText_GetLooseCharBox)
_count_rects = _unchecked(pdfium_c.FPDFText_CountRects)
_font_weight = _unchecked(pdfium_c.FPDFText_GetFontWeight)


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
            raise PdfError(f"{label}: the PDF is damaged or truncated (it has no pages)")
        warnings = [Warning("VB105", warning_message("VB105"))] if _encrypted(document) else []
        read = _read(document, data, cfg, label)
        pages, ocr_warnings = replace_scanned(document, read.pages, read.image_only, cfg, label)
    finally:
        document.close()
    text, blocks = layout(pages)
    if not text.strip():
        raise LoadError(f"{label}: the PDF has no text (blank pages, or images and OCR off)")
    source = Source(path=name, format="pdf", sha256=sha256(data), pages=count, encoding=None)
    return Loaded(text, source, blocks, tuple(warnings + ocr_warnings))


def _check_signature(data: bytes, label: str) -> None:
    """Refuse empty files and files that are not PDFs whatever their name says."""
    if not data[:1024].strip() and not data.strip():
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
    """One pdfium text page read into fragments, with reused ctypes buffers.

    Most lines cost four calls: the number of text runs (to find wide gaps), the loose
    boxes of the first and last characters, and the font weight of the first character
    (of the last one too when the first is bold). A line of several runs is cut at the
    spaces inside wide gaps: the boxes of the characters around each run of spaces tell
    the gap, a few calls per space (some producers, such as Chromium, write a line as
    dozens of runs, so reading every run's rectangle would cost far more).
    """

    def __init__(self, raw: object, number: int, top: float, left: float) -> None:
        self.raw = raw
        self.number = number
        self.top = top  # the page's top and left in PDF space
        self.left = left
        self.rect = pdfium_c.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.name = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()
        self.weights: dict[int, bool] = {}  # weight under 600 -> bold by the font's name

    def fragments(self, text: str) -> list[Fragment]:
        """The page's text (lines joined by CRLF, as pdfium gives it) as fragments.

        A line holding pdfium's line-end hyphen mark is two page lines or more: it is cut
        after each mark, which becomes the hyphen it stands for.
        """
        out: list[Fragment] = []
        hyphens = _LINE_END_HYPHEN in text
        pos = 0
        for line in text.split("\r\n"):
            if hyphens and _LINE_END_HYPHEN in line:
                *heads, line = line.split(_LINE_END_HYPHEN)
                for head in heads:
                    self.line(f"{head}-", pos, out)  # the mark's box is the hyphen's
                    pos += len(head) + 1
            self.line(line, pos, out)
            pos += len(line) + 2
        return out

    def line(self, line: str, pos: int, out: list[Fragment]) -> None:
        """Append the fragments of one line, starting at char ``pos``, to ``out``."""
        stripped = line.strip()
        if stripped:
            first = pos + len(line) - len(line.lstrip())
            # only a line with a space can be cut into columns (see ``cuts``)
            if " " in stripped and _count_rects(self.raw, first, len(stripped)) > 1:
                self.split(stripped, first, out)
            else:
                self.fragment(stripped, first, first + len(stripped) - 1, out)

    def fragment(self, text: str, i0: int, i1: int, out: list[Fragment]) -> None:
        """Append the fragment of characters ``i0..i1``: loose boxes of its ends, and weight.

        When the last character lies wholly below the first, pdfium has written two page
        lines as one (a body line and a table cell that starts just below it, as Chromium
        prints them): the text is cut where the characters drop to the lower line.
        """
        raw, rect, ref = self.raw, self.rect, self.rect_ref
        _loose_char_box(raw, i0, ref)
        x0, high, low = rect.left, rect.top, rect.bottom
        if i1 != i0:
            _loose_char_box(raw, i1, ref)
            if rect.top < low:
                cut = self.drop(i0, i1, (low + rect.top) / 2) - i0
                self.line(text[:cut], i0, out)
                self.line(text[cut:], i0 + cut, out)
                return
        bold = self.bold(i0) and (i1 == i0 or self.bold(i1))
        out.append(Fragment(self.number, x0 - self.left, rect.right - self.left,
                            self.top - max(high, rect.top), self.top - min(low, rect.bottom),
                            text, bold))

    def drop(self, i0: int, i1: int, level: float) -> int:
        """The first of the characters ``i0..i1`` whose middle lies below ``level``
        (``i1``'s does, ``i0``'s does not), by bisection: the line above comes first."""
        raw, rect, ref = self.raw, self.rect, self.rect_ref
        while i1 - i0 > 1:
            mid = (i0 + i1) // 2
            _loose_char_box(raw, mid, ref)
            if rect.top + rect.bottom < 2 * level:
                i1 = mid
            else:
                i0 = mid
        return i1

    def bold(self, index: int) -> bool:
        """Bold by the font's weight, or by name and flags when the weight says less.

        pdfium guesses a weight from the stems when the font does not state it, and a
        bold subset font without one can come out under 600 (Chromium's
        "DejaVuSerif-Bold" at 455, its regular face at 380); the name decides then, read
        once a page for each such weight.
        """
        weight = _font_weight(self.raw, index)
        if weight >= 600:
            return True
        if weight > 0:
            known = self.weights.get(weight)
            if known is None:
                known = self.weights[weight] = self.named_bold(index)
            return known
        return self.named_bold(index)

    def named_bold(self, index: int) -> bool:
        pdfium_c.FPDFText_GetFontInfo(self.raw, index, self.name, 128, ctypes.byref(self.flags))
        return b"bold" in self.name.value.lower() or bool(self.flags.value & _FORCE_BOLD)

    def split(self, text: str, first: int, out: list[Fragment]) -> None:
        """Append a line of several text runs (starting at char ``first``), cut at wide
        gaps."""
        cuts = self.cuts(text, first)
        if not cuts:
            self.fragment(text, first, first + len(text) - 1, out)
            return
        for a, b in zip([first, *cuts], [*cuts, first + len(text)]):
            piece = text[a - first:b - first]
            stripped = piece.strip()
            if stripped:
                i0 = a + len(piece) - len(piece.lstrip())
                self.fragment(stripped, i0, i0 + len(stripped) - 1, out)

    def cuts(self, text: str, first: int) -> list[int]:
        """Indexes where a line splits into columns: at the spaces of a wide gap.

        A run of spaces is a gap as wide as from the right edge of the character before
        it to the left edge of the one after it; when that is wider than ``wide_gap``,
        each space of the run whose box lies in the gap is a cut.
        """
        gap = wide_gap(self.height(first))
        cuts = []
        for run in _SPACES.finditer(text, 1, len(text) - 1):
            a, b = run.span()
            lo = self.box(first + a - 1)[1]
            hi = self.box(first + b)[0]
            if hi - lo <= gap:
                continue
            for k in range(a, b):
                x0, x1 = self.box(first + k)
                if lo - 1 <= x0 and x1 <= hi + 1:
                    cuts.append(first + k)
        return cuts

    def height(self, index: int) -> float:
        _loose_char_box(self.raw, index, self.rect_ref)
        return float(self.rect.top - self.rect.bottom)

    def box(self, index: int) -> tuple[float, float]:
        """The left and right edges of a character's loose box."""
        _loose_char_box(self.raw, index, self.rect_ref)
        return self.rect.left, self.rect.right


def _read_pdfium(document: pdfium.PdfDocument, label: str) -> _Read:
    pages, image_only = [], []
    for index in range(len(document)):
        try:
            page = document[index]
        except pdfium.PdfiumError as exc:
            raise PdfError(f"{label}: page {index + 1} of the PDF is damaged ({exc})") from None
        try:
            read = _pdfium_page(page, index + 1)
            if _textless(read) and _has_image(page):
                image_only.append(index + 1)
        finally:
            page.close()
        pages.append(read)
    return _Read(pages, image_only)


def _pdfium_page(page: pdfium.PdfPage, number: int) -> Page:
    left, bottom, right, top = page.get_bbox()
    textpage = page.get_textpage()
    try:
        fragments = _TextPage(textpage.raw, number, top, left).fragments(
            textpage.get_text_range())
    finally:
        textpage.close()
    return Page(number, right - left, top - bottom, tuple(fragments))


def _textless(page: Page) -> bool:
    """Whether a page has (almost) no text: a scan, or a blank page."""
    frags = page.fragments
    return len(frags) < 3 and sum(len(f.text) for f in frags) < _MIN_PAGE_CHARS


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
                if _textless(read) and page.images:
                    image_only.append(number)
                page.close()
                pages.append(read)
    except (PdfminerException, PDFSyntaxError) as exc:
        raise PdfError(f"{label}: pdfplumber cannot read the PDF ({exc})") from None
    return _Read(pages, image_only)


def _plumber_page(page: object, number: int) -> Page:
    """Words in the PDF's own order, cut into line fragments where the flow jumps.

    Following the content stream (``use_text_flow``), as pdfium does, keeps the cells of
    a header table apart even when their lines share a baseline.
    """
    words = page.dedupe_chars().extract_words(  # type: ignore[attr-defined]
        extra_attrs=["fontname"], keep_blank_chars=False, use_text_flow=True)
    fragments: list[Fragment] = []
    for w in words:
        word = Fragment(number, w["x0"], w["x1"], w["top"], w["bottom"], w["text"],
                        "bold" in w["fontname"].lower())
        last = fragments[-1] if fragments else None
        if last is not None and _same_line(last, word):
            fragments[-1] = Fragment(number, last.x0, word.x1, min(last.top, word.top),
                                     max(last.bottom, word.bottom), f"{last.text} {word.text}",
                                     last.bold and word.bold)
        else:
            fragments.append(word)
    return Page(number, float(page.width), float(page.height),  # type: ignore[attr-defined]
                tuple(fragments))


def _same_line(last: Fragment, word: Fragment) -> bool:
    height = max(last.height, word.height)
    return (abs(word.top - last.top) < 0.5 * height
            and -1 <= word.x0 - last.x1 < wide_gap(height))
