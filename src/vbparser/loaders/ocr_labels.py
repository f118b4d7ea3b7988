"""Numbering labels set apart from their text, read again on a scanned page.

Word draws the number of an automatic list ("I.", "2.", "a)") and then a tab, so on the
page a label stands alone, a wide gap before its text. Tesseract's Vietnamese model,
with no word beside it to go by, reads such a lone label as a word with marks ("I." as
"L", "II." as "IL", "III." as "HỆ", "2." as "SÃ"), and the section it opens is lost. So
the first word of a line that is followed by a tab's gap and is no label
(``label_places``; labels as ``patterns.LINE_LABEL`` reads them) is cropped, enlarged,
and read again with the other such words of the page, set one below another on a strip,
by a model without marks (``eng`` when installed) kept to the characters of labels
(``LABEL_CHARACTERS``); a reading that is a label replaces the first, the one the label
above at its indent calls for first (``relabel``). A serif "II" or "III", whose serifs
join, is read with one "I" too few ("H.", or "II." for "III."): labels of ones are
written with as many "I" as their image has upright strokes (``counted_ones``), and a
label of two digits whose middle stop was lost ("11." for "1.1.") is mended by the label
above it at its indent (``dotted``). Table cells are left alone: their row numbers are
read with their cells (``ocr_cells``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from vbparser.loaders.ocr_cells import one_below_another
from vbparser.loaders.ocr_repair import marks_only
from vbparser.loaders.ocr_rules import INK
from vbparser.loaders.pdf_fragments import Fragment
from vbparser.patterns import LINE_LABEL

__all__ = ["LABEL_CHARACTERS", "Words", "by_crop", "counted_ones", "dotted", "label_places",
           "misread_labels", "relabel", "stems", "strip"]

Words = list[tuple[Fragment, float, tuple[str, ...]]]  # a word, its confidence, its line
# a number standing alone, its stop lost ("2", "1.2"), which ``LINE_LABEL`` wants
_BARE_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}")
# what a label is written with, the only characters the second reading may give: with
# "T", "[" and "L" among them, Tesseract reads a lone serif "I." as "[." or "IT."
LABEL_CHARACTERS = "IVX0123456789.)(-+abcdeghikmnopqrstuvxy"
# "I.", "II.", "III." as Tesseract reads a lone serif one: "L", "H.", "IL", "[."
_ONES = re.compile(r"[IlLH|\[\]!]{1,3}[.,;:)]?|I{1,3}[.)]")
_STEM = 0.7       # of a label's height: an upright stroke of "I" runs through most of it
_STOPS = ",;:»"   # what Tesseract reads a label's stop as
_INDENT = 4.0     # points: labels whose left edges are this close stand at one indent
_LONGEST = 4      # characters: a label read as a word is no longer
_TAB = 1.5        # the gap after a label, in heights of the label: a tab, no space
_TALL = 0.5       # of its text's height: a label is no shorter (a speck of dirt is)
_PAD = 3.0        # points of paper around a label's box in its crop
_ENLARGED = 12.5  # pixels a point a lone label is read at, enlarged (900 dpi): better
_GAP = 12.0       # points of paper between two crops on the strip


def label_places(words: Words) -> list[int]:
    """The indexes of the words that open a line a tab's gap before its text and are
    short enough to be a label, and about as tall as the text. The text may be the rest of the word's line, or a line
    of its own that the word stands level with (Tesseract may read a lone label as a
    line apart).

    >>> def w(x0, x1, text, line=("1", "1", "1"), top=100.0):
    ...     return Fragment(1, x0, x1, top, top + 10, text), 90.0, line
    >>> two, three, four, five = (("1", "1", str(n)) for n in range(2, 6))
    >>> label_places([w(70, 76, "L"), w(110, 150, "MỤC"), w(70, 80, "1.", two),
    ...               w(110, 150, "Kiểm", two), w(70, 76, "Số", three), w(79, 99, "06", three),
    ...               w(70, 80, "IL", four, 200), w(110, 150, "ĐỐI", five, 201)])
    [0, 2, 6]
    """
    firsts: dict[tuple[str, ...], int] = {}
    for k, (_, _, line) in enumerate(words):
        if line[0] != "cell":  # a table cell's words are read with their cells
            firsts.setdefault(line, k)
    out = []
    for k in firsts.values():
        word = words[k][0]
        text = _after(words, k)
        if len(word.text) > _LONGEST or text is None:
            continue
        height = word.bottom - word.top
        # a label is about as tall as its text's letters; a speck ("_", ".") is not
        if height >= _TALL * (text.bottom - text.top) and text.x0 - word.x1 > _TAB * height:
            out.append(k)
    return sorted(out)


def _after(words: Words, k: int) -> Fragment | None:
    """The word after the one at ``k``: the next of its line, or, when it is alone on its
    line, the nearest word to its right that stands level with it."""
    word, _, line = words[k]
    same = [w for w, _, key in words[k + 1:k + 3] if key == line and _wordlike(w.text)]
    if same:
        return same[0]
    middle = (word.top + word.bottom) / 2
    return min((w for w, _, _ in words if w.top <= middle <= w.bottom and w.x0 > word.x1
                and _wordlike(w.text)), key=lambda w: w.x0, default=None)


def _wordlike(text: str) -> bool:
    """Whether a word has a letter or a digit, not counting marks read alone ("ˆ")."""
    return any(c.isalnum() for c in text) and not marks_only(text)


def _kind(text: str) -> str | None:
    """The kind of label a word is, by the project's label grammar
    (``patterns.LINE_LABEL``'s groups: "roman", "num", "letter", "paren", "bullet"; a
    number without its stop is "num"), or None when it is no label.

    >>> [_kind(t) for t in ("IV.", "1.2.", "2", "a)", "(1)", "-", "SÃ", "l", "1.1")]
    ['roman', 'num', 'num', 'letter', 'paren', 'bullet', None, None, 'num']
    """
    if _BARE_NUMBER.fullmatch(text):
        return "num"
    found = LINE_LABEL.match(text + " ")
    return found.lastgroup if found is not None and found.end() == len(text) else None


def misread_labels(words: Words, places: list[int]) -> list[int]:
    """The words at label places (``label_places``) that are no label: labels Tesseract
    may have misread."""
    return [k for k in places if _kind(words[k][0].text) is None]


def counted_ones(words: Words, places: list[int], image: Any, scale: float) -> Words:
    """``words`` with the labels at ``places`` read as "I.", "II." or "III." (or as what
    Tesseract makes of them alone, "L", "H.", "IL", before a part's title in capitals)
    written with as many "I" as their image has stems (``stems``): a serif "II" or
    "III", the serifs joined, is read as one letter fewer ("H.", "II.") as readily as
    anything."""
    out = list(words)
    for k in places:
        word, confidence, line = out[k]
        if not _ONES.fullmatch(word.text):
            continue
        title = _after(out, k)
        if not re.fullmatch(r"I{1,3}[.)]", word.text) and not (title and title.text.isupper()):
            continue  # "l." may be a misread "1." unless a part's title follows
        count = stems(image, word, scale)
        if 1 <= count <= 3:
            stop = ")" if word.text.endswith(")") else "."
            out[k] = (word._replace(text="I" * count + stop), confidence, line)
    return out


def dotted(words: Words, places: list[int]) -> Words:
    """``words`` with a label of two digits at ``places`` read without its middle stop
    ("11." for "1.1.") mended where the label above at its indent calls for it
    (``_called_for``): "1." (its first item) or "1.1." (the one before it).

    >>> def w(top, text):
    ...     return Fragment(1, 85, 95, top, top + 10, text), 90.0, ("1", "1", str(top))
    >>> words = [w(100, "1."), w(120, "11."), w(140, "12."), w(160, "2."), w(180, "11.")]
    >>> [t.text for t, _, _ in dotted(words, [0, 1, 2, 3, 4])]
    ['1.', '1.1.', '1.2.', '2.', '11.']
    """
    out = list(words)
    for k in places:
        word, confidence, line = out[k]
        digits = re.fullmatch(r"([1-9])([1-9])\.", word.text)
        if digits is not None and f"{digits[1]}.{digits[2]}." in _called_for(out, k):
            out[k] = (word._replace(text=f"{digits[1]}.{digits[2]}."), confidence, line)
    return out


def stems(image: Any, box: Fragment, scale: float) -> int:
    """How many upright strokes run through most of a box's height in a page image
    (``scale`` pixels a point): runs of columns inked over 70% of the rows.

    >>> from PIL import Image, ImageDraw
    >>> page = Image.new("L", (200, 100), 255)
    >>> for x in (20, 40, 60):
    ...     ImageDraw.Draw(page).rectangle([x, 20, x + 5, 60], fill=0)
    >>> stems(page, Fragment(1, 15, 70, 20, 60, "II."), 1.0)
    3
    """
    import numpy as np

    crop = np.asarray(image.crop((round(box.x0 * scale), round(box.top * scale),
                                  round(box.x1 * scale), round(box.bottom * scale))))
    if crop.size == 0:
        return 0
    tall = (crop < INK).sum(axis=0) >= _STEM * crop.shape[0]
    return int(tall[0]) + int(np.count_nonzero(tall[1:] & ~tall[:-1]))


def strip(image: Any, boxes: Iterable[Fragment], scale: float) -> tuple[Any, list[float]]:
    """The crops of the boxes (page points; ``scale`` pixels a point), enlarged and set one
    below another with blank paper between them (``ocr_cells.one_below_another``); and
    the strip's pixel row at which each crop's share of the strip ends, to tell which
    crop a word read on the strip belongs to."""
    from PIL import Image

    times = max(1, round(_ENLARGED / scale))
    crops = []
    for box in boxes:
        crop = image.crop((round((box.x0 - _PAD) * scale), round((box.top - _PAD) * scale),
                           round((box.x1 + _PAD) * scale), round((box.bottom + _PAD) * scale)))
        crops.append(crop.resize((crop.width * times, crop.height * times),
                                 Image.Resampling.LANCZOS))
    gap = round(_GAP * scale)
    out, tops = one_below_another(crops, gap, gap)
    return out, [top + crop.height + gap / 2 for crop, top in zip(crops, tops)]


def by_crop(read: Words, ends: list[float]) -> dict[int, tuple[str, float]]:
    """The words read on a strip (``strip``), joined by the crop they stand over (by its
    index; ``ends``: the strip's row at which each crop's share ends), with the lowest
    confidence among them."""
    texts: dict[int, tuple[str, float]] = {}
    for word, confidence, _ in read:
        middle = (word.top + word.bottom) / 2
        crop = next((n for n, end in enumerate(ends) if middle < end), None)
        if crop is not None:
            text, lowest = texts.get(crop, ("", 100.0))
            texts[crop] = (text + word.text, min(lowest, confidence))
    return texts


def as_label(text: str) -> str | None:
    """A word read as a label, its closing stop misread as a comma, colon, semicolon or
    "»" mended ("1;" → "1."); None when it is none.

    >>> as_label("1;"), as_label("(2)"), as_label("SÃ"), as_label("l"), as_label("I")
    ('1.', '(2)', None, None, None)
    """
    if text[-1:] in _STOPS:
        text = text[:-1] + "."
    return text if _kind(text) is not None else None


def relabel(words: Words, at: list[int], read: Words, ends: list[float]) -> Words:
    """``words`` with the word at each index of ``at`` mended as a label when only its
    stop was misread (``as_label``), or else read again as the words ``read`` on the
    strip (boxes in strip pixels) that stand over its crop (``ends``) when those,
    joined, are a label (with the stop the first reading had, if the second lost it).
    Of the two, the one the label above at its indent calls for is taken
    (``_called_for``); else a letter's or a part's label read again, the mended one,
    what the label above calls for, the one read again, in that order.

    >>> line = ("1", "1", "1")
    >>> words = [(Fragment(1, 70, 76, 100, 110, "SÃ"), 40.0, line),
    ...          (Fragment(1, 110, 150, 100, 110, "Kết"), 96.0, line)]
    >>> read = [(Fragment(1, 30, 60, 40, 80, "2."), 91.0, ("1", "1", "1"))]
    >>> [w.text for w, _, _ in relabel(words, [0], read, [120.0])]
    ['2.', 'Kết']
    """
    texts = by_crop(read, ends)
    out = list(words)
    for n, k in enumerate(at):
        word, confidence, line = out[k]
        mended = as_label(word.text)  # "3," for "3.": only its stop misread
        again = as_label(texts.get(n, ("", 0.0))[0])
        if again is not None and again[-1].isalnum() and word.text[-1:] in _STOPS + ".)":
            again += ")" if word.text[-1] == ")" else "."  # the stop lost on the strip
        if again is not None and again[0].islower() and again[-1] == ".":
            again = None  # "d." for "2.": a letter's label closes with ")"
        title = _after(out, k)
        after = title.text if title is not None else ""
        # no number is called for before a part's title in capitals, or where a lone
        # "I" may stand ("IL": ``counted_ones``)
        called = () if after.isupper() or (mended is again is None and _ONES.fullmatch(
            word.text)) else _called_for(out, k)
        text = (next((t for t in (mended, again) if t is not None and t in called), None)
                or (again if again is not None and not again[0].isdigit() else None)
                or mended or (called[0] if called else again))
        if text is not None:
            out[k] = (word._replace(text=text), confidence, line)
    return out


def _called_for(words: Words, k: int) -> tuple[str, ...]:
    """The labels that the label right above the word at ``k``, at its indent, calls
    for: the next number at its level or the first below it ("1.2." or "1.1.1." after
    "1.1."), or "1." after a part's Roman label; none when the word right above at that
    indent is no such label, or there is none (on the page). Word sets an automatic
    list's labels at one indent, which Tesseract's reading of a lone digit ("2." as
    "4.") is checked by.

    >>> def w(top, text):
    ...     return Fragment(1, 85, 95, top, top + 10, text), 90.0, ("1", "1", str(top))
    >>> [_called_for([w(100, above), w(120, "Ạ.")], 1) for above in ("1.1.", "II.", "Chi")]
    [('1.2.', '1.1.1.'), ('1.',), ()]
    """
    word = words[k][0]
    for above, _, _ in reversed(words[:k]):
        if abs(above.x0 - word.x0) > _INDENT or above.top >= word.top:
            continue
        kind = _kind(above.text)
        if kind == "roman":
            return ("1.",)
        if kind != "num" or not above.text.endswith("."):
            return ()
        *head, last = above.text[:-1].split(".")
        return (".".join([*head, str(int(last) + 1)]) + ".", f"{above.text}1.")
    return ()
