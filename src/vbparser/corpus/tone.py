"""Tone-mark placement styles for the syllables oa, oe and uy (hóa/hoá, ủy/uỷ).

Plan sources are written with the tone on the first vowel ("ủy", "hóa"), which the
project calls the *new* style (domain.md §7). Real plans often use the other placement
("uỷ", "hoá", the *old* style), and some mix the two (seed 001: "Tỉnh uỷ" beside
"văn hóa"). ``apply_tone`` rewrites text into one of three styles:

- ``new``: unchanged;
- ``old``: every open oa/oe/uy syllable takes the tone on its second vowel;
- ``old_uy``: only the uy syllables move ("uỷ" but "hóa").
"""

from __future__ import annotations

import re
import unicodedata

TONE_STYLES = ("new", "old", "old_uy")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# A toned o/u followed by a bare a/e/y that ends the word: "hóa", "khỏe", "Ủy", "thủy".
# Only the two vowels are matched (a leading lazy group made this the generator's
# hottest regex); the letter before them is checked in ``_move``.
_OPEN_PAIR = re.compile(r"[òóỏõọÒÓỎÕỌùúủũụÙÚỦŨỤ][aeyAEY](?![^\W\d_])")


def _move(text: str, match: re.Match[str], only_uy: bool) -> str:
    pair = match.group()  # exactly two letters (_OPEN_PAIR)
    first, second = pair[0], pair[1]
    decomposed = unicodedata.normalize("NFD", first)
    base_first, tone = decomposed[0], decomposed[1:]
    is_uy = base_first in "uU"
    if is_uy != (second in "yY"):  # only o+a, o+e and u+y are open two-vowel rimes
        return match.group()
    before = text[match.start() - 1] if match.start() else ""
    if is_uy and before in ("q", "Q"):  # "qu" + y: the u belongs to the consonant
        return match.group()
    if before in "aeiouyAEIOUYăâêôơưĂÂÊÔƠƯ" and before:  # part of a longer vowel group
        return match.group()
    if (only_uy and not is_uy) or not tone or any(ch not in _TONES for ch in tone):
        return match.group()
    return base_first + unicodedata.normalize("NFC", second + tone)


def apply_tone(text: str, style: str) -> str:
    """Rewrite ``text`` (written in the new style) into ``style``.

    >>> apply_tone("Tỉnh ủy, văn hóa, khỏe, quý, Ủy ban, ỦY BAN", "old")
    'Tỉnh uỷ, văn hoá, khoẻ, quý, Uỷ ban, UỶ BAN'
    >>> apply_tone("Tỉnh ủy, văn hóa", "old_uy")
    'Tỉnh uỷ, văn hóa'

    Raises:
        ValueError: ``style`` is not one of ``TONE_STYLES``.
    """
    if style == "new":
        return text
    if style not in TONE_STYLES:
        raise ValueError(f"unknown tone style {style!r}; known: {', '.join(TONE_STYLES)}")
    only_uy = style == "old_uy"
    return _OPEN_PAIR.sub(lambda m: _move(text, m, only_uy), text)
