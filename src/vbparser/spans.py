"""Offset maps between a derived text and the text it was derived from.

Every normalisation step returns its new text together with an ``OffsetMap`` that
gives, for each position in the new text, the position in the old text it came from.
Maps compose, so ``Document.text`` positions map back to the loader's text and from
there to pages and paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import itemgetter
from typing import TypeAlias

Span: TypeAlias = tuple[int, int]


class OffsetMap:
    """Positions of a derived text mapped to positions in its source text.

    ``to_src[i]`` is the source position of derived character ``i``; the list has one
    extra entry, the source length, so that span ends map cleanly. Inserted characters
    map to the source position they were inserted before. Positions rise with ``i``
    except where a step sets text out of order (``normalize.grids``).
    """

    __slots__ = ("_length", "_to_src")

    def __init__(self, to_src: list[int] | None, length: int | None = None) -> None:
        # None stands for the identity map of ``length`` characters: most steps change
        # nothing in most documents, and composing with them must cost nothing.
        self._to_src = to_src
        self._length = len(to_src) - 1 if to_src is not None else int(length or 0)

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """Return the map of a step that changed nothing.

        >>> OffsetMap.identity(3).to_source(2)
        2
        """
        return cls(None, length)

    @property
    def is_identity(self) -> bool:
        return self._to_src is None

    def __len__(self) -> int:
        return self._length

    def to_source(self, pos: int) -> int:
        """Map one derived position to its source position."""
        if self._to_src is None:
            if not 0 <= pos <= self._length:
                raise IndexError(pos)
            return pos
        return self._to_src[pos]

    def span_to_source(self, span: Span) -> Span:
        """Map a derived ``[start, end)`` span to the source span that covers it.

        >>> m = OffsetMap([0, 2, 3, 4])  # derived "bcd" from source "abcd"... shifted
        >>> m.span_to_source((1, 3))
        (2, 4)
        """
        start, end = span
        if end <= start:
            pos = self.to_source(start)
            return (pos, pos)
        if self._to_src is None:
            return (self.to_source(start), self.to_source(end - 1) + 1)
        # where a step set text out of its source's order (a grid table's row, its cells'
        # wrapped pieces joined), the span covers every piece
        pieces = self._to_src[start:end]
        return (min(pieces), max(pieces) + 1)

    def then(self, inner: OffsetMap) -> OffsetMap:
        """Compose: ``self`` maps C→B and ``inner`` maps B→A; the result maps C→A."""
        if self._to_src is None:
            return inner
        if inner._to_src is None:
            return self
        if len(self._to_src) == 1:
            return OffsetMap([inner._to_src[self._to_src[0]]])
        return OffsetMap(list(itemgetter(*self._to_src)(inner._to_src)))


class TextBuilder:
    """Build a derived text piece by piece while recording where each piece came from."""

    __slots__ = ("_map", "_parts")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._map: list[int] = []

    def copy(self, source: str, start: int, end: int) -> None:
        """Append ``source[start:end]`` unchanged."""
        if end > start:
            self._parts.append(source[start:end])
            self._map.extend(range(start, end))

    def put(self, text: str, src_start: int, src_end: int | None = None) -> None:
        """Append ``text`` that replaces ``source[src_start:src_end]``.

        When the replacement has the same length as the replaced slice, characters map
        one to one; otherwise every new character maps to ``src_start``.
        """
        if not text:
            return
        self._parts.append(text)
        if src_end is not None and src_end - src_start == len(text):
            self._map.extend(range(src_start, src_end))
        else:
            self._map.extend([src_start] * len(text))

    def finish(self, source_length: int) -> tuple[str, OffsetMap]:
        """Return the derived text and its map (with the end sentinel added)."""
        self._map.append(source_length)
        return "".join(self._parts), OffsetMap(self._map)


def line_end(text: str, pos: int) -> int:
    """Where the line holding ``pos`` ends: its line break, or the end of ``text``."""
    end = text.find("\n", pos)
    return len(text) if end == -1 else end


def rewrite(
    text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str],
    group: int | str = 0,
) -> tuple[str, OffsetMap]:
    """Replace ``group`` of every match of ``pattern`` (the whole match by default) by
    ``repl(match)`` and track offsets.

    >>> new, m = rewrite("a**b**", re.compile(r"\\*\\*"), lambda _: "")
    >>> new, m.to_source(1)
    ('ab', 3)
    >>> rewrite("1 . Họp", re.compile(r"\\d(?P<gap> )\\."), lambda _: "", "gap")[0]
    '1. Họp'
    """
    out = TextBuilder()
    last = 0
    for match in pattern.finditer(text):
        start, end = match.span(group)
        out.copy(text, last, start)
        out.put(repl(match), start, end)
        last = end
    if last == 0 and not out._parts:  # no match: nothing changed
        return text, OffsetMap.identity(len(text))
    out.copy(text, last, len(text))
    return out.finish(len(text))
