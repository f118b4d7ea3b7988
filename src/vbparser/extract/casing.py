"""Names read from capitals, written the way the document itself writes them.

A header names its body in capitals ("ĐẢNG ỦY KHỐI DOANH NGHIỆP TỈNH"), and title-casing
each word gives a name no one writes ("Khối Doanh Nghiệp Tỉnh"). The body text usually
names the same body in ordinary case ("Đảng ủy Khối Doanh nghiệp tỉnh"), so each run of
title-cased words takes the case of its first mention there. A header's abbreviation
("CÔNG TY CP", "TRƯỜNG THPT") is written out where the body text writes it out ("Công ty
cổ phần", "Trường Trung học phổ thông"): a word that is no Vietnamese syllable matches
words whose initials spell it.
"""

from __future__ import annotations

import re

from vbparser.loaders.encoding import is_syllable
from vbparser.normalize.fold import match_text, strip_marks
from vbparser.patterns import ROMAN

# The longest abbreviation written out ("THPT": four words).
_LONGEST_INITIALS = 5
_ROMAN = re.compile(ROMAN)


def recase(name: str, text: str, fold: str) -> str:
    """``name`` with each run of title-cased words after the first of the run written as
    the document writes that run (or its longest leading part) where it is not in
    capitals; words the document never writes otherwise stay as they are.

    ``fold`` is ``match_text(text)`` (the same length as ``text``).

    >>> text = "Đảng ủy Khối Doanh nghiệp tỉnh lãnh đạo"
    >>> recase("Đảng ủy Khối Doanh Nghiệp Tỉnh Kim Sa", text, match_text(text))
    'Đảng ủy Khối Doanh nghiệp tỉnh Kim Sa'
    >>> text = "Đảng ủy Công ty cổ phần Cấp nước Bình Nguyên"
    >>> recase("Đảng ủy Công Ty Cp Cấp Nước Bình Nguyên", text, match_text(text))
    'Đảng ủy Công ty cổ phần Cấp nước Bình Nguyên'
    >>> text = "Đảng ủy Chi cục Hải quan khu vực XIX ban hành"
    >>> recase("Đảng ủy Chi cục Hải quan khu vực Xix", text, match_text(text))
    'Đảng ủy Chi cục Hải quan khu vực XIX'
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
    for k in range(1, len(out)):  # a numeral alone after a word: "khu vực Xix" → "XIX"
        if _titled(out[k]) and len(out[k]) > 1 and _ROMAN.fullmatch(out[k].upper()) and (
                written := _written(out[k - 1:k + 1], text, fold, None)) and \
                written[1] == out[k].upper():
            out[k] = written[1]
    return " ".join(out)


def _titled(word: str) -> bool:
    """A capital and then lower case only ("Doanh", "Y"): what title-casing gives."""
    return word[:1].isupper() and word[1:] == word[1:].lower()


def _initials(word: str) -> bool:
    """Whether ``word`` may be an abbreviation title-cased ("Cp", "Thpt"): a few letters
    that make no Vietnamese syllable."""
    return 2 <= len(word) <= _LONGEST_INITIALS and word.isalpha() and not is_syllable(word)


def _word_pattern(word: str) -> str:
    folded = re.escape(match_text(word))
    if not _initials(word):
        return f"({folded})"
    return rf"({folded}|\w+(?:\s+\w+){{{len(word) - 1}}})"


def _spelled(word: str, mention: str) -> bool:
    """Whether ``mention`` is ``word`` itself or words whose initials spell it."""
    parts = mention.split()
    return len(parts) == 1 or strip_marks("".join(p[0] for p in parts)).lower() == (
        strip_marks(word).lower())


def _written(run: list[str], text: str, fold: str, at: int | None) -> list[str] | None:
    """Each word of ``run`` as the first mention of the run in ``text`` that is not all
    capitals writes it (and whose word ``at`` starts with a capital, unless ``at`` is
    None), or None; an abbreviation may be written out there (several words)."""
    pattern = r"(?<!\w)" + r"\s+".join(map(_word_pattern, run)) + r"(?!\w)"
    for found in re.finditer(pattern, fold):
        mention = [" ".join(text[found.start(k):found.end(k)].split())
                   for k in range(1, len(run) + 1)]
        if not all(_spelled(w, m) for w, m in zip(run, mention, strict=True)):
            continue
        if (at is None or mention[at][:1].isupper()) and not all(
                w.isupper() for m in mention for w in m.split()):
            return mention
    return None
