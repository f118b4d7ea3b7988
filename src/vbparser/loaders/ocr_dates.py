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
brackets and stops around it), and a first reading that was a whole date itself only
when it is surer ("12/12/2023." read first at 81, then as "4/12/2023." at 0); else the
first stays as it was read.

A date can also lose its slashes and come apart: "11/12/2023" in a table's cell read
as "1.17 122020 ziei" (confidence 8, 0 and 0). Such a run, a word of digits and stops
read unsure with the unsure words next to it on its line, up to ``_RUN`` words holding
at least ``_RUN_DIGITS`` digits between them, is read again as one crop, and replaces
the run's words only when it reads as a date with its year.
"""

from __future__ import annotations

import re

from vbparser.loaders.ocr_labels import Words, by_crop
from vbparser.loaders.pdf_fragments import Fragment

__all__ = ["DATE_CHARACTERS", "doubtful_dates", "redated", "spanned"]

DATE_CHARACTERS = "0123456789/.,;:()-"
# Tesseract's confidence in a date it read right: 95-97 on the corpus's noisy scans.
_SURE = 93.0
# A word that holds a date, or did before a digit was misread: a slash beside a digit.
_DATELIKE = re.compile(r"\d/|/\d")
# A date read again: day/month, day/month/year, with a bracket before it and stops after.
_DATE = re.compile(
    r"\(?(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])(?:/(?P<year>(?:19|20)\d\d))?[.,;:)]*")
# A date come apart: a word of digits and stops (``_NUMERIC``) with the unsure words
# beside it, up to ``_RUN`` words holding ``_RUN_DIGITS`` digits or more.
_NUMERIC = re.compile(r"[\d.,:;]*\d[\d.,:;]*")
_RUN = 3
_RUN_DIGITS = 5


def doubtful_dates(words: Words) -> list[list[int]]:
    """The runs of words (indexes, left to right) to read again: each word that holds a
    date, or did, read with less than ``_SURE``; and each date come apart, a word of
    digits and stops read unsure with the unsure words beside it (see the module).

    >>> from vbparser.loaders.pdf_fragments import Fragment
    >>> line = ("1", "1", "1")
    >>> words = [(Fragment(1, 50 * k, 50 * k + 40, 0, 10, text), conf, line) for k, (text, conf)
    ...          in enumerate([("15/12/2023.", 90.5), ("ngày", 60.0), ("03/12/2023.", 96.8),
    ...                        ("Ô2/12J2U2..", 0.0), ("mục", 96.0), ("1.2.", 40.0)])]
    >>> doubtful_dates(words)
    [[0], [3]]
    >>> apart = [(Fragment(1, x0, x1, 0, 10, text), conf, line) for x0, x1, text, conf in
    ...          [(200, 220, "ngày", 96.0), (224, 242, "1.17", 8.0), (243, 276, "122020", 0.0),
    ...           (278, 291, "ziei", 0.0), (300, 320, "Chi", 95.0)]]
    >>> doubtful_dates(apart)
    [[1, 2, 3]]
    """
    runs: list[list[int]] = []
    taken: set[int] = set()
    for k, (word, confidence, _) in enumerate(words):
        if k in taken or confidence >= _SURE:
            continue
        if _DATELIKE.search(word.text):
            runs.append([k])
        elif _NUMERIC.fullmatch(word.text):
            run = _run(words, k)
            if sum(c.isdigit() for n in run for c in words[n][0].text) >= _RUN_DIGITS:
                runs.append(run)
                taken.update(run)
    return runs


def _run(words: Words, k: int) -> list[int]:
    """``words[k]`` with the unsure words next to it on its line, each less than its
    height from the next, up to ``_RUN`` in all."""
    word, _, line = words[k]
    height = word.bottom - word.top
    run = [k]
    for step in (-1, 1):
        n = k + step
        while (0 <= n < len(words) and len(run) < _RUN and words[n][2] == line
               and words[n][1] < _SURE and not _DATELIKE.search(words[n][0].text)):
            near = words[n][0]
            if max(near.x0 - words[n - step][0].x1, words[n - step][0].x0 - near.x1) > height:
                break
            run.append(n)
            n += step
    return sorted(run)


def spanned(words: Words, run: list[int]) -> Fragment:
    """The first word of ``run`` stretched over the box of the whole run."""
    first = words[run[0]][0]
    return first._replace(x1=words[run[-1]][0].x1, top=min(words[k][0].top for k in run),
                          bottom=max(words[k][0].bottom for k in run))


def redated(words: Words, runs: list[list[int]], read: Words, ends: list[float]) -> Words:
    """``words`` with each run of ``runs`` replaced by what was read of its crop on the
    strip (``read``, boxes in strip pixels; ``ends``: the strip's row at which each
    crop's share ends) when that is a whole date, one word over the run's box; a run of
    several words only by a date with its year.

    >>> from vbparser.loaders.pdf_fragments import Fragment
    >>> line = ("1", "1", "1")
    >>> words = [(Fragment(1, 0, 40, 0, 10, "Ô2/12J2U2.."), 0.0, line),
    ...          (Fragment(1, 50, 90, 0, 10, "31/12/2U2"), 35.0, line),
    ...          (Fragment(1, 100, 118, 0, 10, "1.17"), 8.0, line),
    ...          (Fragment(1, 119, 152, 0, 10, "122020"), 0.0, line),
    ...          (Fragment(1, 160, 200, 0, 10, "12/12/2023."), 81.6, line)]
    >>> read = [(Fragment(1, 10, 90, 10, 40, "02/12/2023."), 91.0, line),
    ...         (Fragment(1, 10, 90, 60, 90, "31/12/2"), 40.0, line),
    ...         (Fragment(1, 10, 90, 110, 140, "11/12/2023"), 90.0, line),
    ...         (Fragment(1, 10, 90, 160, 190, "4/12/2023."), 0.0, line)]
    >>> [(w.text, w.x0, w.x1) for w, _, _ in redated(words, [[0], [1], [2, 3], [4]], read,
    ...                                               [50.0, 100.0, 150.0, 200.0])]
    [('02/12/2023.', 0, 40), ('31/12/2U2', 50, 90), ('11/12/2023', 100, 152), ('12/12/2023.', 160, 200)]
    """
    texts = by_crop(read, ends)
    out: list[tuple[Fragment, float, tuple[str, ...]] | None] = list(words)
    for n, run in enumerate(runs):
        again, sure = texts.get(n, ("", 0.0))
        match = _DATE.fullmatch(again)
        if match is None or (len(run) > 1 and match.group("year") is None):
            continue
        if _DATE.fullmatch(words[run[0]][0].text) and sure <= words[run[0]][1]:
            continue  # a date read as a date at first: only a surer reading replaces it
        _, confidence, line = words[run[0]]
        out[run[0]] = (spanned(words, run)._replace(text=again), confidence, line)
        for k in run[1:]:
            out[k] = None
    return [w for w in out if w is not None]
