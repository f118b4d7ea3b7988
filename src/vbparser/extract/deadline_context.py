"""The plan around a deadline: its year, date and level, its items and sections.

``doc.meta`` and ``doc.sections`` are used when present; without them the plan's date is
read from the place-date line, its year from the title ("... năm 2025") and its level from
the issuer named in the adopting sentence. An item is a line (or a section starting inside
a flattened line) with its label's rank ("I." highest, "+" lowest) and any level label
("3.1. Cấp cơ sở:"); the items above it and the sections around it give a deadline's
level when its own words do not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from vbparser.config import Config
from vbparser.data import load
from vbparser.errors import DateError
from vbparser.extract.dates import DateMatch, Kind, resolve
from vbparser.extract.deadline_grammar import patterns
from vbparser.model import Document, Level, Section
from vbparser.normalize.fold import match_text
from vbparser.patterns import LINE_LABEL, UPPER_VI, admin_levels
from vbparser.spans import Span
from vbparser.tables import line_at

_SENTENCE_BREAK = re.compile(rf"[.!?…]\s+(?=[{UPPER_VI}])")
_DATE_LINE_PREFIX = re.compile(r"^[^\d\n,]{1,60},\s*$")


# --- the plan's own year, date and level ----------------------------------------------


@dataclass(frozen=True, slots=True)
class Context:
    """The plan as the deadline reader sees it, with memos of items and sections."""

    text: str
    folded: str
    year: int | None
    date: dt.date | None
    level: Level | None
    strict: bool
    sections: tuple[tuple[int, int, Section], ...]  # (start, end, section): deepest first,
    # then last first (see sections_at)
    date_span: Span | None = None  # the plan's own date, in its place-date line
    own: tuple[str, ...] = ()  # the words of the issuer's name, folded (``issuer_words``)
    items: dict[Span, Item] = field(default_factory=dict)  # memo of _item_at
    around: dict[int, list[Section]] = field(default_factory=dict)  # memo of sections_at


def plan_context(doc: Document, atoms: list[DateMatch], folded: str, config: Config) -> Context:
    """The ``Context`` of ``doc``, given its dates ``atoms`` and its ``folded`` text."""
    meta = doc.meta
    date = _iso(meta.date) or _date_line(doc.text, atoms)
    year = meta.year or (date.year if date else None) or _title_year(doc.text, atoms)
    level = meta.issuer.level or _issuer_level(folded)
    sections = tuple((s.span[0], s.span[1], s) for s in sorted(
        doc.sections, key=lambda s: (s.depth, s.span[0]), reverse=True))
    own = tuple(match_text(meta.issuer.name).split()) if meta.issuer.name else ()
    return Context(doc.text, folded, year, date, level, config.strict_deadlines, sections,
                   date_span=meta.spans.date, own=own)


def _iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _date_line(text: str, atoms: list[DateMatch]) -> dt.date | None:
    """The place-date line ("Sơn Hà, ngày 14 tháng 10 năm 2025") near the top."""
    for atom in atoms:
        if atom.span[0] > 2000:
            break
        start, end = line_at(text, atom.span[0])
        if (atom.spelled and atom.year and _DATE_LINE_PREFIX.match(text[start:atom.span[0]])
                and not text[atom.span[1]:end].strip(" .")):
            try:
                return resolve(atom).date
            except DateError:
                return None
    return None


def _title_year(text: str, atoms: list[DateMatch]) -> int | None:
    """The campaign year of the title ("... năm 2025"), read before the first heading."""
    for atom in atoms:
        if atom.span[0] > 2000:
            break
        line = line_at(text, atom.span[0])
        if atom.kind is Kind.YEAR and not LINE_LABEL.match(text[line[0]:line[1]]):
            return atom.year
    return None


def _issuer_level(folded: str) -> Level | None:
    """Level of the issuer named in the adopting sentence (when meta has none).

    That sentence ends in "như sau": "..., Ban Thường vụ Huyện ủy X ban hành Kế hoạch ...
    như sau:". The issuer is the clause before its last issuing verb, so that a cited
    "Hướng dẫn số ..." earlier in the sentence is not taken for it.
    """
    p = patterns()
    end = p.as_follows.search(folded, 0, 8000)
    if end is None:
        return None
    start = max(folded.rfind(".", 0, end.start()), folded.rfind("\n", 0, end.start())) + 1
    verbs = list(p.issuer_verb.finditer(folded, start, end.start()))
    if not verbs:
        return None
    verb = verbs[-1].start()
    who = max(folded.rfind(c, start, verb) for c in ",;:") + 1 or start
    return level_of(folded, (max(who, start), verb))


def actor_level(ctx: Context, span: Span) -> Level | None:
    """The level of the actor named at ``span``: the plan's own level where it names the
    issuer ("Chi bộ", "Đồng chí Bí thư Chi bộ" in a chi bộ cơ sở's plan; "Đảng ủy Công
    an huyện" in the plan of "Đảng ủy Công an huyện X", a grassroots committee), else the
    level of its first level word. A level word before the issuer's name names other
    bodies ("Các đảng ủy, chi bộ cơ sở trực thuộc Thị ủy")."""
    first = _first_level_word(ctx.folded, span)
    if ctx.level is not None and ctx.own:
        words = list(re.finditer(r"\S+", ctx.folded[span[0]:span[1]]))
        size = issuer_words([w.group() for w in words], ctx.own)
        if size and (first is None or first[0] >= span[0] + words[-size].start()):
            return ctx.level
    return first[1] if first else None


def issuer_words(words: list[str], own: tuple[str, ...]) -> int:
    """How many of the actor's last folded ``words`` are the issuer's name ``own`` or its
    first words (two or more), read from its start or after its organ ("Chi ủy Chi bộ
    X": "chi bộ"); 0 if none, or if they follow a plural ("các chi bộ" names others).

    >>> own = tuple("chi ủy chi bộ công ty x".split())
    >>> issuer_words("đồng chí bí thư chi bộ".split(), own), issuer_words(["chi", "ủy"], own)
    (2, 2)
    >>> issuer_words("các chi bộ".split(), own), issuer_words("ủy ban nhân dân xã".split(), own)
    (0, 0)
    >>> issuer_words(["chi", "ủy"], tuple("chi bộ kho bạc nhà nước".split()))  # its committee
    2
    """
    words = [w.strip(",.;:()") for w in words]
    if own[:2] == _CHI_BO:  # a chi bộ's committee is its "chi ủy"
        own = (*_CHI_UY, *own)
    starts = [0] + [len(o) for o in _organ_words() if own[:len(o)] == o]
    for size in range(len(words), 1, -1):
        tail = tuple(words[-size:])
        if any(own[k:k + size] == tail for k in starts):
            plural = size < len(words) and words[-size - 1] in _plural_words()
            return 0 if plural else size
    return 0


_CHI_BO, _CHI_UY = ("chi", "bộ"), ("chi", "ủy")


@cache
def _organ_words() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(match_text(o["words"]).split()) for o in admin_levels()["organs"])


@cache
def _plural_words() -> frozenset[str]:
    return frozenset(match_text(w) for w in load("deadline_actors")["plural_words"])


def level_of(folded: str, span: Span) -> Level | None:
    """Level named by the first level word inside ``span`` ("Ủy ban nhân dân xã")."""
    first = _first_level_word(folded, span)
    return first[1] if first else None


def _first_level_word(folded: str, span: Span) -> tuple[int, Level] | None:
    """Where the first level word inside ``span`` starts, and the level it names."""
    p = patterns()
    for m in p.level_word.finditer(folded, *span):
        level = p.word_level[" ".join(m.group(0).split())]
        if level is not None:
            return m.start(), level
    return None


# --- items and sections ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """A labelled paragraph (or a line without a label) that a deadline can sit in."""

    line: Span
    body: int  # where the text starts after the label and any level label
    rank: int  # how high the label sits (roman highest, "+" lowest, 0: no label)
    label_level: Level | None


def _rank(label: re.Match[str] | None) -> int:
    if label is None:
        return 0
    g = label.groupdict()
    if g["roman"]:
        return 100
    if g["num"] or g["num2"]:
        return 60 - (g["num"] or g["num2"]).count(".")
    if g["letter"] or g["paren"]:
        return 40 - bool(g["paren"])
    return 10 if g["bullet"] == "+" else 20  # "-" (an empty roman group matches it too)


def _item_at(ctx: Context, start: int, end: int) -> Item:
    """Read ``text[start:end]`` as an item: its label, rank and any level label."""
    item = ctx.items.get((start, end))
    if item is None:
        item = ctx.items[(start, end)] = _read_item(ctx, start, end)
    return item


def _read_item(ctx: Context, start: int, end: int) -> Item:
    label = LINE_LABEL.match(ctx.text[start:end])
    body = start + (label.end() if label else 0)
    level = None
    m = patterns().level_label.match(ctx.folded, body, end)
    if m:
        level, body = patterns().label_level[" ".join(m.group("w").split())], m.end()
    while body < end and ctx.text[body] in " :":
        body += 1
    return Item((start, end), body, _rank(label), level)


def item_of(ctx: Context, pos: int) -> Item:
    """The item ``pos`` sits in: its paragraph, or a section that starts inside it."""
    start, end = line_at(ctx.text, pos)
    deepest = next(iter(sections_at(ctx, pos)), None)
    if deepest is not None and start < deepest.span[0]:  # flattened text
        start, end = deepest.span[0], min(end, deepest.span[1])
    return _item_at(ctx, start, end)


def ancestors_of(ctx: Context, item: Item) -> Iterator[Item]:
    """Items above ``item``: labelled lines of higher rank, then enclosing sections."""
    rank, pos = item.rank or 0, item.line[0]
    while rank < 100 and pos > 0:
        prev = _item_at(ctx, *line_at(ctx.text, pos - 1))
        pos = prev.line[0]
        if prev.rank > rank:
            rank = prev.rank
            yield prev
    for section in sections_at(ctx, item.line[0]):
        start = section.span[0]
        if start < item.line[0]:
            yield _item_at(ctx, start, min(line_at(ctx.text, start)[1], section.span[1]))


_BULLET_RANK = 20  # the rank of a "-" bullet (``_rank``)


def list_lead(ctx: Context, item: Item) -> Item | None:
    """The unlabelled line that opens the list ``item`` is in, ending with a colon ("Các
    cơ quan chuyên môn gửi báo cáo về Sở Nội vụ theo các mốc sau:" over "- Quý I/2026:
    chậm nhất ngày 15/4/2026;"), reached over the items of the list before it; else None.
    Only a list of bullets ("-", "+") is read so: numbered items under a line ending with a
    colon are the plan's parts ("… ban hành Kế hoạch như sau:")."""
    if not item.rank or item.rank > _BULLET_RANK:
        return None
    pos = item.line[0]
    while pos > 0:
        prev = _item_at(ctx, *line_at(ctx.text, pos - 1))
        pos = prev.line[0]
        if prev.rank == item.rank or not ctx.text[prev.line[0]:prev.line[1]].strip():
            continue
        lead = ctx.text[prev.line[0]:prev.line[1]].rstrip()
        return prev if not prev.rank and lead.endswith(":") else None
    return None


def sections_at(ctx: Context, pos: int) -> list[Section]:
    """Sections containing ``pos``, deepest first."""
    found = ctx.around.get(pos)
    if found is None:
        found = ctx.around[pos] = [s for start, end, s in ctx.sections if start <= pos < end]
    return found


def sentence_start(text: str, lo: int, pos: int) -> int:
    start = lo
    for m in _SENTENCE_BREAK.finditer(text, lo, pos):
        start = m.end()
    return start


def clause_end(text: str, pos: int, hi: int) -> int:
    """Where the clause from ``pos`` ends, its full stop left out: at a ";" or at the
    break before the next sentence (the one ``sentence_start`` reads), else at ``hi``."""
    semicolon = text.find(";", pos, hi)
    stop = semicolon if semicolon >= 0 else hi
    found = _SENTENCE_BREAK.search(text, pos, stop)
    end = found.start() if found else stop
    return pos + len(text[pos:end].rstrip(" \t."))
