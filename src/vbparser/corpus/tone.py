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
# A word ending in a toned o/u followed by a bare a/e/y: "hóa", "khỏe", "Ủy", "thủy".
_OPEN_SYLLABLE = re.compile(
    r"(?<![^\W\d_])(?P<onset>[^\W\d_]*?)(?P<first>[òóỏõọÒÓỎÕỌùúủũụÙÚỦŨỤ])"
    r"(?P<second>[aeyAEY])(?![^\W\d_])")


def _move(match: re.Match[str], only_uy: bool) -> str:
    onset, first, second = match.group("onset", "first", "second")
    base_first, tone = unicodedata.normalize("NFD", first)[0], unicodedata.normalize(
        "NFD", first)[1:]
    is_uy = base_first in "uU"
    if is_uy != (second in "yY"):  # only o+a, o+e and u+y are open two-vowel rimes
        return match.group(0)
    if is_uy and onset[-1:] in ("q", "Q"):  # "qu" + y: the u belongs to the consonant
        return match.group(0)
    if only_uy and not is_uy:
        return match.group(0)
    if not tone or any(ch not in _TONES for ch in tone):
        return match.group(0)
    return onset + base_first + unicodedata.normalize("NFC", second + tone)


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
    return _OPEN_SYLLABLE.sub(lambda m: _move(m, only_uy), text)
