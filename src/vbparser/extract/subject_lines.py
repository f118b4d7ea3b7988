"""Lines of a subject section: the text after each label, folded, and its parentheses.

A ``Line`` knows its section (the deepest that holds it), its label's rank (a bullet, a
number, or none), its fold (``match_text``, same length as the text) and which of its
characters lie outside every parenthesis; the functions here cut titles, sentences and
items from it without copying the document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple

from vbparser.extract.subject_grammar import grammar, kind_of
from vbparser.extract.subject_tables import SubjectCell, subject_cells
from vbparser.model import Document, Section, SubjectCategory
from vbparser.normalize.fold import fold_found, folded
from vbparser.patterns import BULLET_MARKS, LINE_LABEL, UPPER_VI
from vbparser.spans import Span
from vbparser.tables import is_row, is_rule

BULLET_RANK = {mark: 1 if mark == "+" else 0 for mark in BULLET_MARKS}  # "+" under "-"
PLAIN, _NUMBERED = -1, -2  # ranks of unlabelled lines and of numbered labels
# The rank of a numbered line that opens no section: an item of a list a bullet opened
# ("* Trừ các trường hợp sau:" / "1. …"; ``structure._BulletList``), below every bullet.
_LIST_ITEM = 2
TRIM = " \t.;,:"
_MAX_TITLE = 80  # a first line longer than this, without a colon, is body text
# "... 6 tháng). Đối với cấp ủy viên ..." — a full stop before a capital ends a sentence.
_SENTENCE_END = re.compile(rf"\.\s+(?=[{UPPER_VI}])")
# The next non-space character (found without copying the rest of a line).
_NON_SPACE = re.compile(r"\S")
# A parenthesis: ``remark_spans`` steps from one to the next instead of over every character.
_PAREN = re.compile(r"[()]")
# The mark that opens each item of a list written inside one sentence: "trừ: (1) đảng viên
# ...; (2) ...", "trừ: - đảng viên ...; - ...", "trừ: a) ...; b) ..." (bullets: ``BULLET_MARKS``).
INLINE_MARK = re.compile(
    rf"\s*(?:\(\d{{1,2}}\)|\d{{1,2}}\)|[a-zđ]\)|[{re.escape(BULLET_MARKS)}])\s+")

# Line (and the reader's Context and Cues) never leave the subject extractor and are built
# for every line, sentence or heading: named tuples are immutable too, and several times
# cheaper to build than frozen dataclasses.

class Line(NamedTuple):
    """One line of a subject section: its content after the label."""

    begin: int          # offset of the line (label included) in the document
    start: int          # offset of ``text`` in the document
    text: str
    folded: str         # the fold of ``text`` (``match_text``): same length, lower case
    rank: int           # _NUMBERED, PLAIN, or the bullet's rank
    section: Section | None
    top: list[bool]     # top_level(text): outside every parenthesis
    note: Span | None = None  # a table row's "Ghi chú" cell (document offsets)
    note_listed: bool = False  # the cell lists exclusions without a "trừ" before them
    category: SubjectCategory | None = None  # what its row says the subject is rated as


def lines(doc: Document, span: tuple[int, int], owners: list[Section]) -> Iterator[Line]:
    """Lines starting in ``span``, each with its label stripped and its section (the
    deepest of ``owners``, sorted by start, that holds it).

    A table's row gives only its subject cell (``subject_tables``), and nothing when the
    row is the header or its table has no subject column; a Markdown table's rule line
    gives nothing.
    """
    text, fold = doc.text, folded(doc.text)
    starts = [sec.span[0] for sec in owners]
    rows: dict[int, SubjectCell] = {}  # rows of the tables met so far, by where they start
    pos = text.rfind("\n", 0, span[0]) + 1
    while pos < span[1]:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if pos >= span[0]:
            raw = text[pos:end]
            if "|" in raw and is_row(raw) and pos not in rows and not is_rule(raw):
                rows.update(subject_cells(text, fold, pos))
            if (row := rows.get(pos)) is not None:
                if row.span is not None:
                    a, b = row.span
                    yield _cell(text[a:b], pos, a, row.rank, owners, starts,
                                fold)._replace(note=row.note, note_listed=row.listed,
                                               category=row.category)
            elif "|" not in raw or not is_rule(raw):  # a lone row is read as a line
                yield _line(raw, pos, owners, starts, fold)
        pos = end + 1


def _line(raw: str, pos: int, owners: list[Section], starts: list[int], fold: str) -> Line:
    """The line ``raw`` at ``pos``; ``starts`` are where ``owners`` start and ``fold`` is
    the folded document text.

    The line's text is cut at white space and a label, so its slice of ``fold`` is its
    own fold.
    """
    m = LINE_LABEL.match(raw)
    rank, cut = PLAIN, 0
    if m:
        cut = m.end()
        rank = BULLET_RANK[m.group("bullet")] if m.group("bullet") else \
            _NUMBERED if pos in starts else _LIST_ITEM
    cut = word.start() if (word := _NON_SPACE.search(raw, cut)) else len(raw)
    return _cell(raw[cut:].rstrip(), pos, pos + cut, rank, owners, starts, fold)


def _cell(text: str, pos: int, start: int, rank: int, owners: list[Section],
          starts: list[int], fold: str) -> Line:
    """The ``Line`` of ``text``, found at ``start`` in the line that starts at ``pos``: a
    line's content after its label, or a table row's subject cell."""
    i = bisect_right(starts, start)  # the owners starting before the text; the last of
    while i and owners[i - 1].span[1] <= pos:  # them still open is the deepest
        i -= 1
    return Line(pos, start, text, fold[start:start + len(text)], rank,
                 owners[i - 1] if i else None, top_level(text))


def note_of(doc: Document, line: Line) -> Line | None:
    """The ``Line`` of a table row's "Ghi chú" cell, if it has one."""
    if line.note is None:
        return None
    a, b = line.note
    text = doc.text[a:b]
    return Line(line.begin, a, text, folded(doc.text)[a:b], line.rank, line.section,
                top_level(text), None, line.note_listed)


def _title_of(doc: Document, sec: Section) -> str:
    """The head of the section's first line before a colon (for a section with no title)."""
    end = doc.text.find("\n", sec.span[0], sec.span[1])
    line = doc.text[sec.span[0]:end if end >= 0 else sec.span[1]]
    if m := LINE_LABEL.match(line):
        line = line[m.end():]
    head, colon, _ = line.partition(":")
    return head.strip() if colon or len(head) <= _MAX_TITLE else ""


def folded_title(doc: Document, sec: Section) -> str:
    """``match_text`` of the section's title (or ``_title_of`` when it has none).

    A title is cut from its heading line at white space or punctuation, so where it is
    written as is, its slice of the folded text is its fold and nothing is folded again.
    """
    title = sec.title or _title_of(doc, sec)
    return fold_found(doc.text, title, *sec.span) if title else ""


# What ends a title that the list follows on its line: a colon, a dash, or a full stop.
_TITLE_END = re.compile(r"\s*[:.\-–—]")


def title_end(doc: Document, line: Line) -> int:
    """Where the heading ends when the list follows it on its line, else the line's end.

    The structure stage's title tells ("2.1.1. Tổ chức đảng: Đảng bộ ..."); without one,
    a known heading followed by a capitalised word does, as flattened text has it ("a) Tổ
    chức đảng Đảng bộ xã; ..."). An all-caps word ("Tập thể lãnh đạo UBND xã") does not,
    nor does a name after "Tập thể lãnh đạo", the organ of the body it names ("Tập thể
    lãnh đạo Trung tâm Phục vụ hành chính công xã").
    """
    sec, size = line.section, len(line.text)
    if sec is None or not line.begin <= sec.span[0] <= line.start:
        return size
    if sec.title:
        n = len(sec.title)
        same = line.folded[:n] == folded_title(doc, sec)
        # a colon alone after it ("a) Đảng viên, trừ các trường hợp sau:") heads no list,
        # nor one after such a title that the exclusions follow ("..., trừ các trường
        # hợp: đảng viên A; đảng viên B")
        g = grammar()
        if (cue := g.exclusion_cue.search(line.folded, 0, n)) and (
                cue.end() >= n or g.listing.fullmatch(line.folded, cue.end(), n)):
            return size
        if not (same and line.text[n:].strip(" \t:")):
            return size
        # a title the text goes on from with no mark between, as flattened text has it
        # ("1. Đối tượng kiểm điểm Ban Thường vụ ...", "a) Tổ chức đảng Đảng bộ xã; ..."),
        # is a heading unless it names a subject itself: then it is the first part of a
        # line wrapped in the source ("… tại Văn phòng và Nhà khách" / "Tỉnh uỷ.")
        wrapped = (not _TITLE_END.match(line.text, n) and not g.heading_start.match(line.folded)
                   and kind_of(line.folded[:n]) is not None)
        return size if wrapped else n
    m = grammar().heading_start.match(line.folded)
    if m is None or m.group().endswith("lãnh đạo"):
        return size
    after = _NON_SPACE.search(line.text, m.end())  # the next word, without copying the line
    nxt = line.text[after.start():after.start() + 2] if after else ""
    return m.end() if len(nxt) == 2 and nxt[0].isupper() and nxt[1].islower() else size


def sentences(line: Line, start: int) -> Iterator[tuple[int, int]]:
    """Sentences of the line's text from ``start``, split at parenthesis depth 0."""
    text, top = line.text, line.top
    for m in _SENTENCE_END.finditer(text, start):
        if top[m.start()] and not (m.start() and text[m.start() - 1].isupper()):
            yield start, m.start()
            start = m.end()
    yield start, len(text)


def remark_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` inside an outermost parenthesis (the parentheses themselves are
    outside it); an unclosed one runs to the end, a stray ")" is ignored.

    >>> remark_spans("a (b (c) d) e (f")
    [(3, 10), (15, 16)]
    """
    spans, depth, start = [], 0, 0
    for m in _PAREN.finditer(text):
        if m.group() == "(":
            start = m.end() if depth == 0 else start
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, m.start()))
    if depth:
        spans.append((start, len(text)))
    return spans


def top_level(text: str) -> list[bool]:
    """For each character, whether it is outside every parenthesis."""
    if "(" not in text:
        return [True] * len(text)
    out: list[bool] = []
    for a, b in remark_spans(text):
        out += [True] * (a - len(out))
        out += [False] * (b - a)
    out += [True] * (len(text) - len(out))
    return out


def trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a] in TRIM:
        a += 1
    while b > a and text[b - 1] in TRIM:
        b -= 1
    return (a, b) if a < b else None


def clean(text: str) -> str:
    return " ".join(text.strip(TRIM).split())


def blank_remarks(folded: str) -> str:
    """``folded`` with parenthesised remarks blanked out (same length)."""
    if "(" not in folded:
        return folded
    out, pos = [], 0
    for a, b in remark_spans(folded):
        out += [folded[pos:a], " " * (b - a)]
        pos = b
    return "".join(out) + folded[pos:]


def paren_end(text: str, pos: int, limit: int) -> int:
    """End of the parenthesis around ``pos`` (or ``limit`` if it is not inside one)."""
    depth = 0
    for m in _PAREN.finditer(text, pos, limit):
        depth += 1 if m.group() == "(" else -1
        if depth < 0:
            return m.start()
    return limit
