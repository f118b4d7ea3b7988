"""Matching keys: the same text in one tone-mark convention and one case.

Plans spell the same word two ways ("Tỉnh uỷ" / "Tỉnh ủy", "hoá" / "hóa"). Spans always
point into the text as written; matching goes through ``match_text``, which returns a
string of the *same length* (so a regex match on it is a valid span of the original)
with lower case and the tone mark moved to the first vowel of oa/oe/uy.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _build_tone_moves() -> dict[str, tuple[str, str]]:
    """Map "oà" → ("ò", "a") and so on, for old-style tone placement."""
    moves: dict[str, tuple[str, str]] = {}
    for first in "ou":
        for second in "aey":
            for tone in _TONES:
                old = first + unicodedata.normalize("NFC", second + tone)
                new = unicodedata.normalize("NFC", first + tone) + second
                moves[old] = (new[0], new[1])
    return moves


_MOVES = _build_tone_moves()
# The pair must end the syllable and must not follow "q" ("quý" is right as it is). Every
# o/u + toned a/e/y pair is in _MOVES, so a character class finds them; it is several times
# faster than an alternation of the thirty pairs.
_OLD_STYLE = re.compile(
    "[ou](?<!q[ou])[" + "".join(sorted({pair[1] for pair in _MOVES})) + r"](?!\w)")


def match_text(text: str) -> str:
    """Lower-case ``text`` and move old-style tone marks, keeping its length.

    >>> match_text("Tỉnh Uỷ, hoá, quý, khoẻ")
    'tỉnh ủy, hóa, quý, khỏe'
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a few non-Vietnamese letters change length
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return _OLD_STYLE.sub(lambda m: "".join(_MOVES[m.group(0)]), lowered)


@lru_cache(maxsize=32)
def folded(text: str) -> str:
    """``match_text`` of a whole document's text, computed once and shared by the stages.

    Slices of the result are the folded slices of ``text`` (the length is kept), so a
    stage folds a line as ``folded(doc.text)[a:b]`` instead of folding it again.
    """
    return match_text(text)


def fold_slice(text: str, fold: str | None, start: int, end: int | None) -> str:
    """``match_text(text[start:end])``, sliced from ``fold`` (the fold of the whole
    ``text``) when the caller has it.

    >>> text = "Tỉnh Uỷ Bắc Sơn"
    >>> fold_slice(text, folded(text), 0, 7) == fold_slice(text, None, 0, 7) == "tỉnh ủy"
    True
    """
    return fold[start:end] if fold is not None else match_text(text[start:end])


def fold_found(text: str, part: str, start: int, end: int) -> str:
    """``match_text(part)`` for a ``part`` read from ``text[start:end]`` (a title).

    Where ``part`` is written there as is, it is sliced from ``folded(text)`` instead of
    folded again (the same string when ``part`` is cut at white space or punctuation);
    a part rebuilt from the text (words rejoined with single spaces) is folded anew.

    >>> text = "1. Đối tượng: Tập thể lãnh đạo"
    >>> fold_found(text, "Đối tượng", 0, len(text)), fold_found(text, "Đối  tượng", 0, 9)
    ('đối tượng', 'đối  tượng')
    """
    at = text.find(part, start, end)
    return folded(text)[at:at + len(part)] if at >= 0 else match_text(part)


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """A comparison key: NFC, Đ for Ð, ``match_text``, spaces collapsed, ends trimmed.

    >>> key(" Ban Thường vụ  Tỉnh uỷ ") == key("ban thường vụ tỉnh ủy")
    True
    """
    text = unicodedata.normalize("NFC", text).replace("\u00d0", "Đ").replace("\u00f0", "đ")
    return " ".join(match_text(text).split())


@lru_cache(maxsize=65536)
def ascii_key(text: str) -> str:
    """Strip every diacritic (and map đ to d) for loose look-ups; never for spans.

    >>> ascii_key("Đảng ủy xã")
    'dang uy xa'
    """
    folded = unicodedata.normalize("NFD", key(text).replace("đ", "d"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def strip_marks(text: str) -> str:
    """``text`` with the marks taken off its letters, as an OCR for another language or a
    keyboard without Vietnamese writes it (not of the same length: for matching short
    labels, never for spans).

    >>> strip_marks("Đảng ủy xã Bình Long")
    'Dang uy xa Binh Long'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
