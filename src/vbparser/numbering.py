"""Section labels and the outline they build (issue 3).

A plan numbers its parts with a ladder of schemes — ``I.`` → ``1.`` → ``1.1.`` →
``1.1.1.`` → ``a)`` → ``(1)`` — but documents skip rungs and reorder them, so depth is
not read from a fixed ladder: an :class:`Outline` keeps the stack of labels currently
open and places each new label as the next sibling of an open label of its scheme
("2." after "1."), or as the first child of the innermost open one ("a)" after "2.2.").
Markdown heading depth and indentation play no part (seed 000 marks ``2.`` with ``##``
and ``I.`` with ``####``).

In *strict* mode, used on flattened text where any "1." inside a sentence could be a
label, a label is accepted only when it continues the outline; in lenient mode, used on
line starts, a label out of sequence (a numbering slip) is still taken as a sibling.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from vbparser import data

_ROMAN = {"I": 1, "V": 5, "X": 10}
# The label groups of ``LINE_LABEL`` and ``FLAT_LABEL`` (a bullet is no label).
_LABEL_GROUPS = frozenset({"roman", "num", "num2", "letter", "paren", "article"})


class Label(NamedTuple):
    """A section label found in the text.

    A named tuple rather than a frozen dataclass: a plan has hundreds of labels, and a
    tuple is built several times faster.

    Attributes:
        kind: ``roman``, ``arabic``, ``decimal``, ``letter``, ``paren``, ``article``
            (a Quyết định's "Điều 1.") or ``bullet``.
        text: the label as it appears in a section path: ``II``, ``1``, ``1.1``, ``a``,
            ``(1)``, ``Điều 1``.
        parts: its numbers: ``(2,)`` for ``II``, ``(1, 1)`` for ``1.1``, the alphabet
            position for a letter.
        start: offset of the label's first character.
        end: offset just after the label and its punctuation (``1.1.`` → after the dot).
    """

    kind: str
    text: str
    parts: tuple[int, ...]
    start: int
    end: int

    @property
    def scheme(self) -> str:
        """The numbering scheme: kind, plus the part count of a decimal (``decimal2``)."""
        if self.kind == "decimal":
            return f"decimal{len(self.parts)}"
        if self.kind == "paren":
            return "paren-letter" if self.text[1].isalpha() else "paren-number"
        return self.kind


def roman_value(numeral: str) -> int:
    """Return the value of a Roman numeral.

    >>> roman_value("IV"), roman_value("XII")
    (4, 12)
    """
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(numeral) and _ROMAN[numeral[i + 1]] > value else value
    return total


def counter_text(value: int, fmt: str) -> str:
    """Write a list counter the way Word does in its common formats (``numFmt``).

    >>> counter_text(4, "upperRoman"), counter_text(2, "lowerLetter")
    ('IV', 'b')
    """
    if fmt in ("upperRoman", "lowerRoman"):
        roman = roman_numeral(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        letter = letters[(value - 1) % 26] * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def roman_numeral(value: int) -> str:
    """Write a number as a Roman numeral.

    >>> roman_numeral(14)
    'XIV'
    """
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for number, letters in numerals:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


@cache
def _letters() -> tuple[dict[str, int], frozenset[int]]:
    markers = data.load("section_markers")
    order = {letter: i for i, letter in enumerate(markers["letters"])}
    optional = frozenset(order[letter] for letter in markers["optional_letters"])
    return order, optional


def letter_index(letter: str) -> int:
    """Return a letter's position in the alphabet plans number with (a=0, b=1, đ=4).

    >>> letter_index("a"), letter_index("đ"), letter_index("e")
    (0, 4, 5)
    """
    return _letters()[0][letter]


def label_from_match(match: re.Match[str], offset: int = 0) -> Label | None:
    """Build a :class:`Label` from a ``LINE_LABEL`` or ``FLAT_LABEL`` match.

    Args:
        match: the match; its groups say which scheme matched.
        offset: added to the match positions (when matching inside a slice).

    Returns:
        The label, or None when the match is a bullet.

    >>> from vbparser.patterns import LINE_LABEL
    >>> label_from_match(LINE_LABEL.match("1.1. Tập thể"))
    Label(kind='decimal', text='1.1', parts=(1, 1), start=0, end=4)
    """
    kind = match.lastgroup  # each scheme's alternative holds one group, closed last
    if kind is None or kind not in _LABEL_GROUPS:
        return None
    name, text, parts = _label_value(kind, match.group(kind))
    start = match.start(kind) + offset
    return Label(name, text, parts, start - 1 if kind == "paren" else start, match.end() + offset)


@lru_cache(maxsize=1024)
def _label_value(group: str, value: str) -> tuple[str, str, tuple[int, ...]]:
    """(kind, text, parts) of a label whose ``group`` of the label pattern matched ``value``.

    Cached: a plan repeats a few dozen label values ("1", "1.1", "a") many times.
    """
    if group == "roman":
        return "roman", value, (roman_value(value),)
    if group == "article":  # "Điều 1" (``patterns.article_patterns``)
        word, number = value.split()
        return "article", f"{word} {number}", (int(number),)
    if group == "letter":
        return "letter", value, (letter_index(value),)
    if group == "paren":
        return "paren", f"({value})", (letter_index(value) + 1 if value.isalpha() else int(value),)
    parts = tuple(map(int, value.split(".")))
    return "decimal" if len(parts) > 1 else "arabic", value, parts


def follows(previous: Label, label: Label) -> bool:
    """Whether ``label`` is the next label after ``previous`` in the same scheme.

    >>> from vbparser.patterns import LINE_LABEL
    >>> a, b = (label_from_match(LINE_LABEL.match(t)) for t in ("d) x", "e) y"))
    >>> follows(a, b)  # "đ" may be skipped
    True
    """
    if previous.kind != label.kind or previous.parts[:-1] != label.parts[:-1]:
        return False  # another scheme (a decimal's part count is in its parts)
    if label.kind == "paren" and previous.text[1].isalpha() != label.text[1].isalpha():
        return False  # "(a)" and "(1)" are two schemes
    if label.kind != "letter":
        return label.parts[-1] == previous.parts[-1] + 1
    _, optional = _letters()
    step = previous.parts[-1] + 1
    while step < label.parts[-1] and step in optional:
        step += 1
    return label.parts[-1] == step


def is_first(label: Label) -> bool:
    """Whether ``label`` opens a list: ``I``, ``1``, ``1.1``, ``a``, ``(1)``."""
    return label.parts[-1] == (0 if label.kind == "letter" else 1)


def _numbers(label: Label) -> tuple[int, ...] | None:
    return label.parts if label.kind in ("arabic", "decimal") else None


class Outline:
    """The stack of open labels; :meth:`place` puts each new label in it.

    >>> from vbparser.patterns import LINE_LABEL
    >>> outline = Outline()
    >>> [outline.place(label_from_match(LINE_LABEL.match(t)))
    ...  for t in ("I. A", "1. B", "1.1. C", "a) D", "2. E", "II. F")]
    [1, 2, 3, 4, 2, 1]
    >>> outline.path()
    ('II',)
    """

    __slots__ = ("stack", "strict")

    def __init__(self, strict: bool = False) -> None:
        self.strict = strict
        self.stack: list[Label] = []

    def path(self) -> tuple[str, ...]:
        """The path of the innermost open label."""
        return tuple([label.text for label in self.stack])

    def place(self, label: Label) -> int | None:
        """Place ``label`` and return its depth (1 = top level), or None if rejected.

        Only strict outlines reject: a label that neither continues an open list nor
        opens a new one under the innermost label.
        """
        index = self._index(label)
        if index is None:
            return None
        del self.stack[index:]
        self.stack.append(label)
        return index + 1

    def _index(self, label: Label) -> int | None:
        kind = label.kind
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].kind == kind and follows(self.stack[i], label):
                return i
        if label.kind == "roman" and is_first(label):
            return 0  # "I." always opens the outline, whatever was taken for a label before
        opens = is_first(label) and self._nests(label)
        if opens and not self.strict:
            return len(self.stack)
        scheme = label.scheme
        same = [i for i, open_label in enumerate(self.stack) if open_label.scheme == scheme]
        if opens and not same:
            return len(self.stack)
        if self.strict:
            return None
        return same[-1] if same else len(self.stack)

    def _nests(self, label: Label) -> bool:
        """A decimal label nests under the innermost open number it extends."""
        if label.kind != "decimal":
            return True
        for open_label in reversed(self.stack):
            numbers = _numbers(open_label)
            if numbers is not None:
                return numbers == label.parts[:-1]
        return True
