"""Names read from capitals, written the way the document itself writes them.

A header names its body in capitals ("ĐẢNG ỦY KHỐI DOANH NGHIỆP TỈNH"), and title-casing
each word gives a name no one writes ("Khối Doanh Nghiệp Tỉnh"). The body text usually
names the same body in ordinary case ("Đảng ủy Khối Doanh nghiệp tỉnh"), so each run of
title-cased words takes the case of its first mention there.
"""

from __future__ import annotations

import re

from vbparser.normalize.fold import match_text


def recase(name: str, text: str, fold: str) -> str:
    """``name`` with each run of title-cased words after the first of the run written as
    the document writes that run (or its longest leading part) where it is not in
    capitals; words the document never writes otherwise stay as they are.

    ``fold`` is ``match_text(text)`` (the same length as ``text``).

    >>> text = "Đảng ủy Khối Doanh nghiệp tỉnh lãnh đạo"
    >>> recase("Đảng ủy Khối Doanh Nghiệp Tỉnh Kim Sa", text, match_text(text))
    'Đảng ủy Khối Doanh nghiệp tỉnh Kim Sa'
    """
    words = name.split(" ")
    out = list(words)
    i = 0
    while i < len(words):
        if not _titled(words[i]):
            i += 1
            continue
        end = i + 1
        while end < len(words) and _titled(words[end]):
            end += 1
        stop = end
        while stop > i + 1:
            # with the word before the run, its first word's case is read too ("Đảng ủy
            # Các Cơ Quan" → "Đảng ủy các cơ quan"); else the first keeps its capital
            if i > 0 and (written := _written(words[i - 1:stop], text, fold, None)):
                out[i:stop] = written[1:]
                break
            if written := _written(words[i:stop], text, fold, 0):
                out[i + 1:stop] = written[1:]
                break
            stop -= 1
        i = max(stop, i + 1)
    return " ".join(out)


def _titled(word: str) -> bool:
    """A capital and then lower case only ("Doanh", "Y"): what title-casing gives."""
    return word[:1].isupper() and word[1:] == word[1:].lower()


def _written(run: list[str], text: str, fold: str, at: int | None) -> list[str] | None:
    """The words of the first mention of ``run`` in ``text`` that is not all capitals
    (and whose word ``at`` starts with a capital, unless ``at`` is None), or None."""
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(match_text(w)) for w in run) + r"(?!\w)"
    for found in re.finditer(pattern, fold):
        mention = text[found.start():found.end()].split()
        if (at is None or mention[at][:1].isupper()) and not all(w.isupper() for w in mention):
            return mention
    return None
