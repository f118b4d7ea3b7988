"""PDF: the text layer with its layout, OCR for scanned pages, typed errors for bad files.

Two engines read the text layer into positioned line fragments (``pdf_fragments.Fragment``):

* ``pdfium`` (default, ``pdf_pdfium``): pypdfium2's text page. Its text already comes in
  lines; each line costs a handful of calls (the loose boxes of its first and last
  characters, its font, the number of text runs to find wide gaps), so the layout adds
  little to bare extraction — see ``benchmarks/pdf.py`` for the numbers behind the choice.
* ``pdfplumber``: words with font names and boxes, in the content stream's order, cut
  into lines where the flow jumps; about 40 times slower, kept as an option
  (``Config(pdf_engine="pdfplumber")``) and as a cross-check: both engines give the same
  text and blocks on every fixture.

``pdf_layout.layout`` turns the fragments into text and blocks. Pages with no text layer
(scans, text drawn as glyph outlines), or a document whose text layer is not Vietnamese
(fonts without a Unicode map), are recognised by Tesseract (``ocr.replace_scanned``),
with a VB104 warning, unless that layer is the codes of a legacy Vietnamese font
(``pdf_legacy``): then it is decoded (VB107). Pictures of text on pages with text are
recognised too (``ocr_pictures``, VB110). Both engines read a page stored turned as it
is shown (``pdf_turns``), and set aside lines that run across their page (VB109).

Everything goes through pypdfium2 first: the signature check, opening (password, damage,
truncation), and the page count against ``Config.max_pages`` before any page is read.
No pdfium or pdfplumber object leaves this module; the loader closes what it opens.
"""

from __future__ import annotations

import io
from typing import Any

from vbparser.config import Config
from vbparser.errors import EncryptedPdfError, LoadError, PageLimitError, PdfError, warning_message
from vbparser.loaders import Loaded, sha256
from vbparser.loaders.ocr import replace_scanned
from vbparser.loaders.ocr_pictures import holed, pictures_of
from vbparser.loaders.pdf_fragments import (
    DRAWN_SEGMENTS,
    Fragment,
    Page,
    Picture,
    Read,
    Rule,
    page_ranges,
    textless,
    wide_gap,
)
from vbparser.loaders.pdf_furniture import page_number
from vbparser.loaders.pdf_layout import layout
from vbparser.loaders.pdf_pages import read_pages, unloadable
from vbparser.loaders.pdf_tables import crossed_walls, is_box, rules_of, table_sign
from vbparser.loaders.pdf_turns import into_cells, upright_chars, upright_rule
from vbparser.model import Source, Warning

try:  # pypdfium2 and pdfplumber are core dependencies; keep the message clear if absent
    import pypdfium2 as pdfium  # type: ignore[import-untyped]
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]
except ImportError as exc:  # pragma: no cover
    raise ImportError("reading PDF needs pypdfium2: pip install pypdfium2") from exc

_ERR_SUCCESS = 0  # FPDF_ERR_SUCCESS
_ERR_PASSWORD = 4  # FPDF_ERR_PASSWORD


# The longest a line set aside as running across its page is quoted in a VB109 warning.
_NOTE_QUOTE = 80


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
        if read.damaged:
            many = "s" if len(read.damaged) > 1 else ""
            warnings.append(Warning("VB112", f"{warning_message('VB112')}: page{many} "
                                             f"{page_ranges(list(read.damaged))}"))
        pages, ocr_warnings = replace_scanned(document, read.pages, read.pictured, cfg, label,
                                              read.pictures, read.damaged)
        # lines set aside from a text layer that was then recognised again go with it
        warnings += _aside([(n, text) for n, text in read.asides
                            if pages[n - 1] is read.pages[n - 1]], count)
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
        reason = _reason(exc)
        raise PdfError(f"{label}: the PDF is damaged or truncated and cannot be read"
                       + (f" ({reason})" if reason else "")) from None


def _reason(exc: Exception) -> str:
    """pdfium's reason for not opening a file, or "" when it gives none: a file its
    parser gives up on can leave the error code at 0, which it words "Success"."""
    if getattr(exc, "err_code", None) == _ERR_SUCCESS:
        return ""
    return str(exc).replace("Failed to load document ", "").strip("(). ") or type(exc).__name__


def _encrypted(document: pdfium.PdfDocument) -> bool:
    return int(pdfium_c.FPDF_GetSecurityHandlerRevision(document.raw)) != -1


def _read(document: pdfium.PdfDocument, data: bytes, cfg: Config, label: str) -> Read:
    if cfg.pdf_engine == "pdfplumber":
        damaged = unloadable(document, label)  # pdfplumber reads them as blank, silently
        return _read_pdfplumber(data, cfg.pdf_password, label)._replace(damaged=damaged)
    return read_pages(document, label)


def _aside(asides: list[tuple[int, str]], pages: int) -> list[Warning]:
    """A VB109 warning quoting the lines set aside as running across their page (a note
    up the margin, a copy's mark), page by page; none for bare page numbers, which
    would go as furniture (``pdf_furniture.page_number``)."""
    quoted = [f"page {number}: {_shortened(text)!r}" for number, text in asides
              if not page_number(text, pages)]
    if not quoted:
        return []
    return [Warning("VB109", f"{warning_message('VB109')}: {'; '.join(quoted)}")]


def _shortened(text: str) -> str:
    return text if len(text) <= _NOTE_QUOTE else f"{text[:_NOTE_QUOTE]}…"


# --- pdfium ---------------------------------------------------------------------------


# --- pdfplumber -------------------------------------------------------------------------


def _read_pdfplumber(data: bytes, password: str | None, label: str) -> Read:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    pages: list[Page] = []
    pictured: list[int] = []
    asides: list[tuple[int, str]] = []
    pictures: list[Picture] = []
    try:
        with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                read, notes, found = _plumber_page(page, number,
                                                   bool(pages and pages[-1].rules))
                if textless(read) and (page.images or _plumber_drawn(page)):
                    pictured.append(number)
                page.close()
                pages.append(read)
                asides += [(number, note) for note in notes]
                pictures += found
    except (PdfminerException, PDFSyntaxError) as exc:
        raise PdfError(f"{label}: pdfplumber cannot read the PDF ({exc})") from None
    return Read(pages, pictured, asides, pictures)


def _plumber_drawn(page: Any) -> bool:
    """Whether a page draws curves of ``DRAWN_SEGMENTS`` points or more: on a page with
    no text, its text drawn as glyph outlines (``pdf_objects.drawn``)."""
    return sum(len(curve.get("pts") or ()) for curve in page.curves) >= DRAWN_SEGMENTS


def _plumber_page(page: object, number: int,
                  ruled: bool) -> tuple[Page, list[str], list[Picture]]:
    """Words in the PDF's own order, cut into line fragments where the flow jumps.

    Following the content stream (``use_text_flow``), as pdfium does, keeps the cells of
    a header table apart even when their lines share a baseline. As with pdfium, a page
    whose fragments show the sign of a data table, or that follows a page with ruled
    lines (``ruled``), has its ruled lines read, and words on either side of a vertical
    rule are not joined (``pdf_pdfium.read_page``). A page whose text runs sideways
    is read turned upright, and lines running across the rest are set aside
    (``pdf_turns.upright_chars``); pictures that may hold text are looked for as the
    pdfium engine does.
    """
    from pdfplumber.utils.text import extract_words

    deduped: Any = page.dedupe_chars()  # type: ignore[attr-defined]
    chars, width, height, turn, notes = upright_chars(deduped.chars, float(deduped.width),
                                                      float(deduped.height))
    words = extract_words(chars, extra_attrs=["fontname"], keep_blank_chars=False,
                          use_text_flow=True, return_chars=True)
    fragments = _plumber_fragments(words, number, [])
    rules: tuple[Rule, ...] = ()
    if ruled or notes or table_sign(fragments, height):
        rules = _plumber_rules(deduped)
        if turn:
            rules = tuple(Rule(*upright_rule(turn, *r, float(deduped.width),
                                             float(deduped.height))) for r in rules)
        walls = crossed_walls(fragments, rules)
        if walls:
            words = [piece for w in words for piece in _cut_word(w, walls)]
            fragments = _plumber_fragments(words, number, walls)
    if notes and rules:  # a cell's text set running up or down
        held, notes = into_cells(notes, rules, number)
        fragments += held
    pictures = []
    if fragments and not turn and holed(fragments, height):  # rendered as shown: upright
        boxes = [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in deduped.images]
        pictures = pictures_of(number, boxes, fragments, width, height)
    return (Page(number, width, height, tuple(fragments), rules), [n.text for n in notes],
            pictures)


def _plumber_fragments(words: list[dict[str, Any]], number: int,
                       walls: list[Rule]) -> list[Fragment]:
    """pdfplumber's words joined into line fragments, never across a wall."""
    fragments: list[Fragment] = []
    for w in words:
        word = Fragment(number, w["x0"], w["x1"], w["top"], w["bottom"], w["text"],
                        "bold" in w["fontname"].lower())
        last = fragments[-1] if fragments else None
        if last is not None and _same_line(last, word) and not _walled(last, word, walls):
            fragments[-1] = Fragment(number, last.x0, word.x1, min(last.top, word.top),
                                     max(last.bottom, word.bottom), f"{last.text} {word.text}",
                                     last.bold and word.bold)
        else:
            fragments.append(word)
    return fragments


def _cut_word(word: dict[str, Any], walls: list[Rule]) -> list[dict[str, Any]]:
    """A word cut into pieces at the walls its characters stand on either side of (the
    texts of two cells set without a gap)."""
    pieces: list[list[dict[str, Any]]] = [[]]
    middle = (word["top"] + word["bottom"]) / 2
    for char in word["chars"]:
        last = pieces[-1][-1] if pieces[-1] else None
        if last is not None and any(
                last["x1"] - 1 <= (w.x0 + w.x1) / 2 <= char["x0"] + 1
                and w.top <= middle <= w.bottom for w in walls):
            pieces.append([])
        pieces[-1].append(char)
    if len(pieces) == 1:
        return [word]
    return [{**word, "x0": cs[0]["x0"], "x1": cs[-1]["x1"], "top": min(c["top"] for c in cs),
             "bottom": max(c["bottom"] for c in cs), "text": "".join(c["text"] for c in cs)}
            for cs in pieces]


def _walled(last: Fragment, word: Fragment, walls: list[Rule]) -> bool:
    """Whether a wall stands between a fragment and the word after it on its line."""
    middle = (word.top + word.bottom) / 2
    return any(last.x1 <= (w.x0 + w.x1) / 2 <= word.x0 and w.top <= middle <= w.bottom
               for w in walls)


def _plumber_rules(page: Any) -> tuple[Rule, ...]:
    """The ruled lines of a page (``pdf_tables.rules_of``): pdfplumber's lines, and its
    rectangles, thin or drawn in outline, with the curves that are rectangles all but
    for rounding (pdfminer takes a box drawn turned for a curve when its corners are off
    by a hair)."""
    out: list[Rule] = []
    for line in page.lines:
        out += rules_of(line["x0"], line["top"], line["x1"], line["bottom"], False)
    for rect in [*page.rects, *filter(_boxlike, page.curves)]:
        if rect.get("fill") or rect.get("stroke"):
            out += rules_of(rect["x0"], rect["top"], rect["x1"], rect["bottom"],
                            is_box(bool(rect.get("stroke")), 5))
    return tuple(out)


def _boxlike(curve: dict[str, Any], hair: float = 0.01) -> bool:
    """Whether a pdfplumber curve is a closed rectangle: four corners (the first again
    at the end, perhaps) each on the edges of its bounding box, within ``hair``."""
    points = curve.get("pts") or []
    if len(points) == 5 and max(map(abs, (points[0][0] - points[4][0],
                                          points[0][1] - points[4][1]))) <= hair:
        points = points[:4]
    return len(points) == 4 and all(
        min(abs(x - curve["x0"]), abs(x - curve["x1"])) <= hair
        and min(abs(y - curve["top"]), abs(y - curve["bottom"])) <= hair for x, y in points)


def _same_line(last: Fragment, word: Fragment) -> bool:
    height = max(last.height, word.height)
    return (abs(word.top - last.top) < 0.5 * height
            and -1 <= word.x0 - last.x1 < wide_gap(height))
