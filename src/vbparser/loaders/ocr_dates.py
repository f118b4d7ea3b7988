"""Dates Tesseract was unsure of, read again on a scanned page.

A deadline is a date, and a date misread is a deadline silently wrong. On a noisy scan
(grey paper, JPEG, a little blur) Tesseract's Vietnamese model reads most dates right
and sure (confidence 95-97), but now and then one digit goes: "13/12/2023." read as
"15/12/2023." (confidence 90), "02/12/2023." as "Ô2/12J2U2.." (0), "31/12/2023" as
"31/12/2U2" (35). Its confidence tells: a word with a slash beside a digit read with
less than ``_SURE`` is cropped, enlarged and read again with the page's other such
words, set one below another on a strip (``ocr_labels.strip``), by a model without
marks kept to the characters of dates (``DATE_CHARACTERS``). The second reading
replaces the first only when it is a whole date ("13/12/2023.", "02/12", with the
brackets and stops around it); else the first stays as it was read.
"""

from __future__ import annotations

import re

from vbparser.loaders.ocr_labels import Words, by_crop

__all__ = ["DATE_CHARACTERS", "doubtful_dates", "redated"]

DATE_CHARACTERS = "0123456789/.,;:()-"
# Tesseract's confidence in a date it read right: 95-97 on the corpus's noisy scans.
_SURE = 93.0
# A word that holds a date, or did before a digit was misread: a slash beside a digit.
_DATELIKE = re.compile(r"\d/|/\d")
# A date read again: day/month, day/month/year, with a bracket before it and stops after.
_DATE = re.compile(r"\(?(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])(?:/(?:19|20)\d\d)?[.,;:)]*")


def doubtful_dates(words: Words) -> list[int]:
    """The indexes of the words that hold a date, or did, read with less than ``_SURE``.

    >>> from vbparser.loaders.pdf_fragments import Fragment
    >>> line = ("1", "1", "1")
    >>> words = [(Fragment(1, 0, 40, 0, 10, text), conf, line) for text, conf in
    ...          [("15/12/2023.", 90.5), ("ngày", 60.0), ("03/12/2023.", 96.8), ("Ô2/12J2U2..", 0.0)]]
    >>> doubtful_dates(words)
    [0, 3]
    """
    return [k for k, (word, confidence, _) in enumerate(words)
            if confidence < _SURE and _DATELIKE.search(word.text)]


def redated(words: Words, at: list[int], read: Words, ends: list[float]) -> Words:
    """``words`` with the word at each index of ``at`` replaced by what was read of its
    crop on the strip (``read``, boxes in strip pixels; ``ends``: the strip's row at
    which each crop's share ends) when that is a whole date.

    >>> from vbparser.loaders.pdf_fragments import Fragment
    >>> line = ("1", "1", "1")
    >>> words = [(Fragment(1, 0, 40, 0, 10, "Ô2/12J2U2.."), 0.0, line),
    ...          (Fragment(1, 50, 90, 0, 10, "31/12/2U2"), 35.0, line)]
    >>> read = [(Fragment(1, 10, 90, 10, 40, "02/12/2023."), 91.0, line),
    ...         (Fragment(1, 10, 90, 60, 90, "31/12/2"), 40.0, line)]
    >>> [w.text for w, _, _ in redated(words, [0, 1], read, [50.0, 100.0])]
    ['02/12/2023.', '31/12/2U2']
    """
    texts = by_crop(read, ends)
    out = list(words)
    for n, k in enumerate(at):
        again = texts.get(n, "")
        if _DATE.fullmatch(again):
            word, confidence, line = out[k]
            out[k] = (word._replace(text=again), confidence, line)
    return out
