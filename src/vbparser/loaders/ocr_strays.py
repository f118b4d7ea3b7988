"""Words read from what is not print: what a signature's ink leaves on a scanned page.

Coloured ink is taken out before a page is read (``ocr_ink``), but not all of it: where
a ballpoint stroke crossed the seal's ring its ink is as dark as print, and a JPEG
leaves a thin stroke's core all but colourless. Tesseract reads such leftovers as short
words and symbols ("s", "tá:", "+", ":") in the gap between the recipients and the
signer, where they join the two columns' lines or end their region, and as words laid
over the name they touch ("mộ" over "Thị Hạnh"). They are told by how unsure Tesseract
was of them and by where they stand, and left out (``without_guesses``).
"""

from __future__ import annotations

from vbparser.loaders.ocr_labels import Words

__all__ = ["without_guesses"]

# A lone word of up to ``_GUESS_LENGTH`` characters read with less confidence is a
# guess (``without_guesses``).
_GUESS = 20.0
_GUESS_LENGTH = 3
# A word read with less confidence is one too where it stands apart, when it is of
# symbols alone, or where it overlaps a surer word by more than ``_OVERLAP`` of the
# smaller box.
_SYMBOL_GUESS = 80.0
_OVERLAP = 0.25


def without_guesses(words: Words) -> Words:
    """``words`` without what a signature's ink left in the gap between the recipients
    and the signer, which would join the two columns' lines or end their region:

    - a lone letter or short word Tesseract all but guessed (confidence under
      ``_GUESS``; "s", "tá:") that stands apart from the words of its line, more than
      twice its height away;
    - a word of symbols alone read with less confidence than print (under
      ``_SYMBOL_GUESS``; "+", ":" where the stroke crossed the seal's ring) that
      stands so apart from the words beside it, after words of its line: the symbols
      set apart that a plan prints (a list's "-" a tab before its text, the "*" under
      the issuer's name) open their line or its column;
    - a word less sure than a word of another line it overlaps, by more than
      ``_OVERLAP`` of the smaller's box ("mộ" read from strokes under "Thị Hạnh"):
      print is never set over print.

    >>> from vbparser.loaders.pdf_fragments import Fragment
    >>> line = ("1", "1", "1")
    >>> words = [(Fragment(1, 100, 130, 0, 10, "chức"), 96.0, line),
    ...          (Fragment(1, 160, 166, 0, 6, "s"), 0.0, line),
    ...          (Fragment(1, 132, 136, 0, 10, "ở"), 15.0, line),
    ...          (Fragment(1, 200, 206, 0, 7, "+"), 59.0, line),
    ...          (Fragment(1, 20, 26, 20, 27, "*"), 50.0, ("1", "1", "2")),
    ...          (Fragment(1, 200, 230, 20, 30, "2023"), 84.0, ("1", "1", "2")),
    ...          (Fragment(1, 204, 220, 24, 40, "mộ"), 49.0, ("1", "1", "3"))]
    >>> [w.text for w, _, _ in without_guesses(words)]
    ['chức', 'ở', '*', '2023']
    """
    out = []
    for k, (word, conf, key) in enumerate(words):
        if conf < _SYMBOL_GUESS and (_stray(k, words) or _overlaid(k, words)):
            continue
        out.append((word, conf, key))
    return out


def _stray(k: int, words: Words) -> bool:
    """Whether ``words[k]`` is a guessed short word or a less sure word of symbols
    standing apart from the words of its line (``without_guesses``)."""
    word, conf, key = words[k]
    text = word.text
    guess = conf < _GUESS and len(text) <= _GUESS_LENGTH
    if not guess and any(c.isalnum() for c in text):
        return False
    beside = [other for n, (other, _, line) in enumerate(words) if n != k and line == key]
    apart = all(max(other.x0 - word.x1, word.x0 - other.x1) > 2 * (word.bottom - word.top)
                for other in beside)
    if guess:
        return apart
    return apart and any(other.x1 <= word.x0 for other in beside)


def _overlaid(k: int, words: Words) -> bool:
    """Whether ``words[k]`` overlaps a surer word of another line by more than
    ``_OVERLAP`` of the smaller box (``without_guesses``)."""
    word, conf, key = words[k]
    area = (word.x1 - word.x0) * (word.bottom - word.top)
    for other, other_conf, line in words:
        if line == key or other_conf <= conf:
            continue
        wide = min(word.x1, other.x1) - max(word.x0, other.x0)
        high = min(word.bottom, other.bottom) - max(word.top, other.top)
        if wide > 0 and high > 0 and wide * high > _OVERLAP * min(
                area, (other.x1 - other.x0) * (other.bottom - other.top)):
            return True
    return False
