"""The pdfium engine's document: its pages read one by one (``pdf_pdfium.read_page``),
and the pages pdfium cannot load (a page object broken in a merged file), read as blank
with the others kept; a document none of whose pages loads is refused.
"""

from __future__ import annotations

from vbparser.errors import PdfError
from vbparser.loaders.pdf_fragments import Page, Picture, Read, textless
from vbparser.loaders.pdf_objects import drawn, has_image
from vbparser.loaders.pdf_pdfium import Fonts, pdfium, read_page

_A4 = (595.0, 842.0)  # points: the size of a page known by nothing else


def read_pages(document: pdfium.PdfDocument, label: str) -> Read:
    """Read every page of an open document into fragments, with the numbers of the pages
    that show text only as a picture (``pictured``), for OCR, the lines set aside as
    running across their page (``pdf_turns.notes``), and the pages that cannot be loaded
    (``damaged``), read as blank: the others keep their text (a page object broken in a
    merged file).

    Raises:
        PdfError: no page can be loaded.
    """
    pages: list[Page] = []
    pictured: list[int] = []
    asides: list[tuple[int, str]] = []
    pictures: list[Picture] = []
    damaged: list[int] = []
    fonts: Fonts = {}  # described once for the document, by name
    for index in range(len(document)):
        try:
            page = document[index]
        except pdfium.PdfiumError as exc:
            if len(damaged) == index == len(document) - 1:
                raise _unreadable(label, exc) from None
            damaged.append(index + 1)
            pages.append(Page(index + 1, *_size(document, index, pages), ()))
            continue
        try:
            # a table that goes on from the page before may show no sign of its own
            ruled = bool(pages and pages[-1].rules)
            read, notes, found = read_page(page, index + 1, fonts, ruled)
            if textless(read) and (has_image(page) or drawn(page)):
                pictured.append(index + 1)
        finally:
            page.close()
        pages.append(read)
        asides += [(index + 1, note) for note in notes]
        pictures += found
    return Read(pages, pictured, asides, pictures, tuple(damaged))


def unloadable(document: pdfium.PdfDocument, label: str) -> tuple[int, ...]:
    """The numbers of the pages pdfium cannot load, for an engine that reads a broken
    page as blank and says nothing (pdfplumber).

    Raises:
        PdfError: no page can be loaded.
    """
    out = []
    for index in range(len(document)):
        try:
            document[index].close()
        except pdfium.PdfiumError as exc:
            out.append(index + 1)
            if len(out) == len(document):
                raise _unreadable(label, exc) from None
    return tuple(out)


def _unreadable(label: str, exc: Exception) -> PdfError:
    return PdfError(f"{label}: the PDF is damaged: no page of it can be read ({exc})")


def _size(document: pdfium.PdfDocument, index: int, pages: list[Page]) -> tuple[float, float]:
    """A page's width and height when the page itself cannot be loaded: as the document
    lists it, else the page before's, else A4."""
    try:
        width, height = document.get_page_size(index)
    except pdfium.PdfiumError:
        return (pages[-1].width, pages[-1].height) if pages else _A4
    return float(width), float(height)
