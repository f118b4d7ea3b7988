"""Text recognition of page images with Tesseract (Debian tesseract-ocr + tesseract-ocr-vie).

``replace_scanned`` decides which pages of a PDF need OCR — pages that hold images but
no text, or every page when the text layer is not Vietnamese (a font without a Unicode
map) — renders them with pypdfium2, and swaps in what Tesseract reads, with a VB104
warning giving the pages and the mean confidence. A text layer that is not Vietnamese is
first read as the codes of a legacy Vietnamese font (TCVN3 for .VnTime, VNI for
VNI-Times): when that gives Vietnamese, it is decoded exactly instead (VB107) and only
pages without text go to OCR.

Pages are recognised by ``ocr_tesseract`` (levelled, and turned upright when
they were scanned sideways or upside down), in parallel.
"""

from __future__ import annotations

import os
import re
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import filterfalse
from typing import Any

from vbparser.config import Config
from vbparser.errors import OcrError, warning_message
from vbparser.loaders.encoding import is_bare_syllable, is_syllable
from vbparser.loaders.ocr_pictures import read_pictures
from vbparser.loaders.ocr_repair import name_marks
from vbparser.loaders.ocr_tesseract import PageImage, Prepared, recognise
from vbparser.loaders.pdf_fragments import Page, Picture, page_ranges
from vbparser.loaders.pdf_legacy import legacy_layer
from vbparser.loaders.pdf_objects import has_image
from vbparser.model import Warning

# A part heading's number: a stroke of a bold Roman numeral Tesseract loses ("II. NỘI
# DUNG" after "II. ..." is "III."), or a lone "I" it reads as "1" (``_renumber``).
_NUMBERED_HEADING = re.compile(r"^([IVX]{1,4}|\d{1,2}|[IlH1|ÌÍÏ]{1,3})([.\-]\s+)(.*)$")
# Strokes of a bold "II" or "III" as Tesseract misreads them ("HI." for "III.", "lÌ." for
# "II."): each stands for this many strokes of "I".
_STROKES = {"I": 1, "l": 1, "1": 1, "|": 1, "Ì": 1, "Í": 1, "Ï": 1, "H": 2}
_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8,
                 "IX": 9, "X": 10, "XI": 11, "XII": 12}
_ROMANS = {v: k for k, v in _ROMAN_VALUES.items()}
_WORD = re.compile(r"[^\W\d_]+")
# Line heights evened out over this many recognised lines or more, for lines between
# these shares of the median height (``_even_heights``).
_EVEN_MIN_LINES = 5
_EVEN_BAND = (0.55, 1.7)
_SAMPLE_LINES = 40
_SAMPLE_WORDS = 60
# Codes no text holds: C0 controls other than white space, the replacement character
# and private-use code points. A layer of at least _MIN_CODES characters (spaces aside)
# of which more than _MAX_CODE_SHARE are such codes is not text.
_NON_TEXT = re.compile("[\x00-\x08\x0e-\x1f\ufffd\ue000-\uf8ff]")
_MIN_CODES = 100
_MAX_CODE_SHARE = 0.2
# Why a text layer is not read but recognised again.
_GARBAGE = "a text layer that is not readable Vietnamese"
_UNACCENTED = "a text layer without Vietnamese accents, as an OCR for another language writes"
# A layer is unaccented when, of at least this many sampled words, at most this share
# holds a letter outside ASCII (a Vietnamese text has one word in two so marked) and
# at least this share are toneless Vietnamese syllables (English text: about a third).
_MIN_UNACCENTED_WORDS = 40
_MAX_ACCENTED_SHARE = 0.05
_MIN_TONELESS_SHARE = 0.8


def replace_scanned(document: Any, pages: list[Page], pictured: list[int], cfg: Config,
                    label: str, pictures: Sequence[Picture] = (), damaged: Sequence[int] = ()
                    ) -> tuple[list[Page], list[Warning]]:
    """Replace the pages that need OCR by what Tesseract reads on them.

    Args:
        document: the open pypdfium2 document (rendered here, not closed).
        pages: the pages as the text layer gave them.
        pictured: numbers of the pages that show text only as a picture (no text, but
            an image or glyph outlines).
        pictures: pictures that may hold text on pages with text, read on the pages
            not recognised whole (``ocr_pictures``).
        damaged: numbers of the pages that cannot be loaded, never rendered.
        cfg: ``ocr`` mode, language, resolution, workers and time limit.
        label: the file name for messages.

    Returns:
        The pages, OCR'd ones swapped in, and a VB104 warning (or VB106 when OCR is
        unavailable but other pages have text: a scanned appendix must not cost them),
        after a VB107 one when the text layer was decoded from a legacy font encoding.

    Raises:
        OcrError: OCR is needed for a document with no other text and cannot run.
    """
    # Forced OCR replaces every page anyway; otherwise a layer that is not Vietnamese
    # may be a legacy font's codes, decoded exactly in a fraction of OCR's time.
    garbage = cfg.ocr != "always" and _garbage(pages)
    warnings: list[Warning] = []
    if garbage and (decoded := legacy_layer(pages, _syllable_share)) is not None:
        pages, encoding = decoded
        garbage = False
        warnings.append(Warning("VB107", f"{warning_message('VB107')}: {encoding}"))
    unreadable = _GARBAGE if garbage else None
    if (unreadable is None and cfg.ocr == "auto" and _unaccented(pages)
            and _over_images(document, pages)):
        unreadable = _UNACCENTED
    numbers, reason = _plan(pages, pictured, cfg, unreadable)
    numbers = [n for n in numbers if n not in damaged]
    pictures = [p for p in pictures if p.page not in numbers]
    if not numbers:
        pages, found = read_pictures(document, pages, pictures, cfg, _syllable_share)
        return pages, [*warnings, *found]
    others_have_text = any(p.fragments for p in pages if p.number not in numbers)
    try:
        workers = min(cfg.ocr_workers or os.cpu_count() or 1, len(numbers))
        result = recognise(_images(document, numbers, cfg.ocr_dpi), cfg.ocr_language,
                           cfg.ocr_dpi, workers, cfg.ocr_timeout)
    except OcrError as exc:
        if others_have_text:
            return pages, [*warnings, Warning("VB106", f"{warning_message('VB106')}: "
                                              f"pages {page_ranges(numbers)} ({exc})")]
        raise OcrError(f"{label}: the PDF has {reason} and needs OCR, but {exc}") from None
    by_number = {p.number: p for p in name_marks(_even_heights(_renumber(result.pages)))}
    message = (f"{warning_message('VB104')}: pages {page_ranges(numbers)} ({reason}), "
               f"mean confidence {result.confidence:.0f}%{_prepared_notes(result.prepared)}")
    out, found = read_pictures(document, [by_number.get(p.number, p) for p in pages],
                               pictures, cfg, _syllable_share)
    return out, [*warnings, Warning("VB104", message), *found]


def _prepared_notes(done: dict[int, Prepared]) -> str:
    """What was done to the page images, for the warning.

    >>> _prepared_notes({2: Prepared(180, 0.0), 3: Prepared(0, -2.5),
    ...                  4: Prepared(0, 1.2, True), 5: Prepared(90, 0.4)})
    '; turned upright (clockwise): pages 2 (180°), 5 (90°); levelled: pages 3-5 (up to 2.5°); seal and signature ink left out: page 4'
    """
    notes = []
    turns = [f"{n} ({s.turn}°)" for n, s in done.items() if s.turn]
    if turns:
        notes.append(f"turned upright (clockwise): page{'s' if len(turns) > 1 else ''} "
                     f"{', '.join(turns)}")
    tilted = [n for n, s in done.items() if s.tilt]
    if tilted:
        most = max(abs(done[n].tilt) for n in tilted)
        notes.append(f"levelled: page{'s' if len(tilted) > 1 else ''} {page_ranges(tilted)} "
                     f"(up to {most:g}°)")
    inked = [n for n, s in done.items() if s.inked]
    if inked:
        notes.append(f"seal and signature ink left out: page{'s' if len(inked) > 1 else ''} "
                     f"{page_ranges(inked)}")
    return "".join(f"; {note}" for note in notes)


def _renumber(pages: tuple[Page, ...]) -> list[Page]:
    """Give a repeated Roman heading number the next value ("II." twice: the second is III.),
    a heading numbered "1." its Roman number when the next heading is "II.", and a Roman
    number misread as other strokes the next value when the strokes count to it.

    Only headings in capitals count; a plan never numbers two of them alike, while
    Tesseract often loses one stroke of a bold "II" or "III", or reads a lone "I" as "1".

    >>> from vbparser.loaders.pdf_fragments import Fragment
    >>> lines = ["1. MỤC ĐÍCH, YÊU CẦU", "1. Đánh giá đúng.", "II. NỘI DUNG", "II. THỜI GIAN"]
    >>> page = Page(1, 595, 842, tuple(Fragment(1, 0, 1, 10 * k, 10 * k + 9, t)
    ...                               for k, t in enumerate(lines)))
    >>> [f.text for f in _renumber((page,))[0].fragments]
    ['I. MỤC ĐÍCH, YÊU CẦU', '1. Đánh giá đúng.', 'II. NỘI DUNG', 'III. THỜI GIAN']

    A bold "II" or "III" read as other strokes ("HI.", "lÌ.") is mended where the number
    it would be is the next one due:

    >>> lines = ["I. MỤC ĐÍCH", "lÌ. NỘI DUNG", "HI. THỜI GIAN", "H. NƠI NHẬN"]
    >>> page = Page(1, 595, 842, tuple(Fragment(1, 0, 1, 10 * k, 10 * k + 9, t)
    ...                               for k, t in enumerate(lines)))
    >>> [f.text for f in _renumber((page,))[0].fragments]
    ['I. MỤC ĐÍCH', 'II. NỘI DUNG', 'III. THỜI GIAN', 'H. NƠI NHẬN']
    """
    frags = [list(page.fragments) for page in pages]
    headings = []  # (page, fragment, number, what follows it), in reading order
    for n, lines in enumerate(frags):
        for k in sorted(range(len(lines)), key=lambda i: lines[i].top):
            match = _NUMBERED_HEADING.match(lines[k].text)
            if match and match.group(3).isupper():
                headings.append((n, k, match.group(1), match.group(2) + match.group(3)))
    last = 0
    for at, (n, k, label, rest) in enumerate(headings):
        if label == "1" and at + 1 < len(headings) and headings[at + 1][2] == "II":
            label = "I"
        elif label not in _ROMAN_VALUES and not label.isdigit():
            label = _ROMANS[last + 1] if sum(map(_STROKES.__getitem__, label)) == last + 1 \
                else label  # a misread "I", "II" or "III" where the next number is due
        if label not in _ROMAN_VALUES:
            continue
        value = _ROMAN_VALUES[label]
        if value == last and value + 1 in _ROMANS:
            value += 1
        last = value
        frags[n][k] = frags[n][k]._replace(text=_ROMANS[value] + rest)
    return [replace(page, fragments=tuple(lines)) for page, lines in zip(pages, frags)]


def _even_heights(pages: list[Page]) -> list[Page]:
    """Recognised lines of body text made as tall as the typical line of the pages.

    A recognised line is as tall as its ink: "nhân dân xã; ... Tổ quốc Việt", with its
    accents and descenders, stands half as tall again as "Nam xã.", which goes on
    with it, and the layout, which tells a heading from the body by height, would end
    the paragraph there. A line between ``_EVEN_BAND`` times the median height of all
    the recognised lines is given that height about its middle; taller lines (a title
    in larger type) and shorter ones keep theirs. The median is the document's, not a
    page's: a last page of small print would make its body lines look small.

    >>> from vbparser.loaders.pdf_fragments import Fragment
    >>> lines = [Fragment(1, 90, 530, 100 + 20 * k, 116 + 20 * k, "dòng") for k in range(5)]
    >>> short = Fragment(1, 90, 140, 202, 213, "Nam xã.")
    >>> page = _even_heights([Page(1, 595, 842, (*lines, short))])[0]
    >>> [round(f.bottom - f.top, 1) for f in page.fragments][-1]
    16.0
    """
    heights = [f.bottom - f.top for page in pages for f in page.fragments]
    if len(heights) < _EVEN_MIN_LINES:
        return pages
    typical = statistics.median(heights)
    low, high = _EVEN_BAND[0] * typical, _EVEN_BAND[1] * typical
    out = []
    for page in pages:
        frags = []
        for f in page.fragments:
            height = f.bottom - f.top
            if low <= height <= high and height != typical:
                middle = (f.top + f.bottom) / 2
                f = f._replace(top=middle - typical / 2, bottom=middle + typical / 2)
            frags.append(f)
        out.append(replace(page, fragments=tuple(frags)))
    return out


def _plan(pages: list[Page], pictured: list[int], cfg: Config,
          unreadable: str | None) -> tuple[list[int], str]:
    """Which pages to recognise, and why (``unreadable``: why the text layer is not to
    be read, if it is not)."""
    if cfg.ocr == "never":
        return [], ""
    if cfg.ocr == "always":
        return [p.number for p in pages], "OCR forced"
    if unreadable:
        return [p.number for p in pages], unreadable
    return pictured, "no text layer"


def _garbage(pages: list[Page]) -> bool:
    """Whether the text layer is mostly not Vietnamese syllables, or mostly codes no text
    holds (a font with no Unicode map: its glyph numbers read as control characters).

    >>> from vbparser.loaders.pdf_fragments import Fragment
    >>> codes = "\\x01 \\x04\\x05 \\x05\\x06\\x07\\x05 \\x08\\x07\\x05 \\x13\\x14 \\x06\\x11\\x15"
    >>> lines = [Fragment(1, 0, 1, k, k + 1, codes) for k in range(12)]
    >>> _garbage([Page(1, 595, 842, tuple(lines))])
    True
    """
    share = _syllable_share(pages)
    if share is not None:
        return share < 0.5
    sample = "".join(_sample(pages).split())
    return (len(sample) >= _MIN_CODES
            and len(_NON_TEXT.findall(sample)) > _MAX_CODE_SHARE * len(sample))


def _unaccented(pages: list[Page]) -> bool:
    """Whether the text layer is Vietnamese stripped of its accents ("Ke hoach kiem
    diem"), as a scanner's OCR for another language writes it: hardly a word of the
    sampled lines holds a letter outside ASCII, and the words are toneless syllables.

    >>> from vbparser.loaders.pdf_fragments import Fragment
    >>> lines = [Fragment(1, 0, 1, k, k + 1, "Ke hoach kiem diem danh gia xep loai chat luong")
    ...          for k in range(8)]
    >>> _unaccented([Page(1, 595, 842, tuple(lines))])
    True
    >>> _unaccented([Page(1, 595, 842, tuple(lines[:2]))])  # too few words to judge
    False
    """
    words = [w for w in _WORD.findall(_sample(pages)) if len(w) > 1]
    if len(words) < _MIN_UNACCENTED_WORDS:
        return False
    # most layers stop here, an accented one: the count runs at C speed
    if len(words) - sum(map(str.isascii, words)) > _MAX_ACCENTED_SHARE * len(words):
        return False
    return (sum(1 for w in words if is_bare_syllable(w.lower()))
            >= _MIN_TONELESS_SHARE * len(words))


def _over_images(document: Any, pages: list[Page]) -> bool:
    """Whether the text lies over page images (a scan with a text layer): the first
    page with text holds an image."""
    first = next((p.number for p in pages if p.fragments), None)
    if first is None:
        return False
    page = document[first - 1]
    try:
        return has_image(page)
    finally:
        page.close()


def _sample(pages: list[Page]) -> str:
    """About ``_SAMPLE_LINES`` lines spread over the document, joined by spaces."""
    frags = [f for page in pages for f in page.fragments]
    step = max(1, len(frags) // _SAMPLE_LINES)
    return " ".join([f.text for f in frags[::step]])


def _syllable_share(pages: list[Page]) -> float | None:
    """The share of sampled words that are Vietnamese syllables, or None if too few.

    Judges the distinct words with non-ASCII letters of about ``_SAMPLE_LINES`` lines
    spread over the document; fewer than 20 such words (English, no text) are not judged.
    """
    words = _non_ascii_words(_sample(pages))
    if len(words) < 20:
        return None
    sample = sorted(words)[::max(1, len(words) // _SAMPLE_WORDS)]
    return sum(1 for w in sample if _syllable(w)) / len(sample)


def _non_ascii_words(text: str) -> set[str]:
    """The distinct words (runs of letters) of ``text`` that hold a non-ASCII letter.

    Only the distinct tokens between spaces that hold a non-ASCII character can hold
    one, and most of those are a word on their own: the regex runs on the others only
    (which also splits them at any other white space). Each filter runs at C speed.

    >>> sorted(_non_ascii_words("Số 12/QĐ-TW\\u00a0ngày (Đảng ủy) abc"))
    ['QĐ', 'Số', 'ngày', 'Đảng', 'ủy']
    """
    tokens = set(filterfalse(str.isascii, text.split(" ")))
    words = set(filter(str.isalpha, tokens))
    if rest := tokens - words:
        words.update(filterfalse(str.isascii, _WORD.findall(" ".join(rest))))
    return words


_syllable = lru_cache(maxsize=8192)(is_syllable)  # plans share most of their words


def _images(document: Any, numbers: list[int], dpi: int) -> Iterator[PageImage]:
    """Render pages lazily for OCR (here, as pdfium is not thread-safe)."""
    scale = dpi / 72
    for number in numbers:
        page = document[number - 1]
        try:
            image = page.render(scale=scale).to_pil()  # in colour: seal ink is told by it
            width, height = page.get_size()
        finally:
            page.close()
        yield PageImage(number, image, scale, width, height)


