"""Deadlines: who must do what by when, with the bound and the last admissible day.

A deadline is a date expression (``extract/dates.py``) introduced by a cue word —
"trước ngày", "đến ngày", "xong đến ngày", "chậm nhất", "trong tháng", "từ ngày ... đến
ngày", "... hằng năm" (``data/date_words.yaml``), or a bare "ngày X" inside a numbered
task ("2. Chi ủy họp ... ngày 02/12/2025": the day of the event, bound "on"). Any other
date is not a deadline: that keeps out the issue dates of cited documents ("Quy định số
24-QĐ/TU ngày 05/3/2019"), the plan's own date line, the campaign year of the title
("năm 2025") and durations ("chưa đủ 6 tháng"). A cue'd date that lies before the plan
and reads as a past period (a month, a year, "đã ...") is a past event; a cue'd day
before the plan is kept with warning VB502. Normalisation follows design.md: "trước
ngày X" → before, due X - 1; "đến/chậm nhất ngày X" → by, due X; "trong tháng/quý" →
within, due = the period's last day (start = its first); "từ A đến B" → range; "...
hằng năm" → recurring.

Each deadline is attached to the numbered item (paragraph) it sits in: the actor is the
subject that opens the sentence or the item ("Các Chi bộ hoàn thành ..." → "Các Chi bộ";
none for "Kiểm điểm tập thể ..."), the action is the words between actor and deadline,
and the level comes from a level label ("3.1. Cấp cơ sở:", or "3.3. Cấp Tỉnh:" above a
bullet), from the actor's own words ("Chi bộ" → branch), from enclosing sections, and
last from the issuer's level. ``doc.meta`` and ``doc.sections`` are used when present;
without them the plan's year, date and level are read from the text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import chain

from vbparser.config import Config
from vbparser.errors import warning_message
from vbparser.extract.dates import (
    DateError,
    DateMatch,
    DateValue,
    ImpossibleDateError,
    Kind,
    find_dates,
    resolve,
    word_alternation,
    words,
)
from vbparser.model import Bound, Deadline, Document, Granularity, Level, Section
from vbparser.model import Warning as DocWarning
from vbparser.normalize.fold import folded as folded_text
from vbparser.normalize.fold import match_text
from vbparser.patterns import LINE_LABEL, UPPER_VI
from vbparser.spans import Span

_ONE_DAY = dt.timedelta(days=1)
_MAX_ACTOR_WORDS = 20
_MAX_COLON_WORDS = 12
_ACTION_WORDS = 20
_CUE_REACH = 60  # a cue ("chậm nhất là ngày") is read this far back from its date
_TRIM = " ,;:-\u2013"  # spaces, punctuation and dashes (hyphen, en dash) around phrases

# --- patterns built from data/date_words.yaml -----------------------------------------


@dataclass(frozen=True, slots=True)
class _Patterns:
    cue_tail: re.Pattern[str]  # "xong đến ngày " just before a date
    cue_ends: frozenset[str]  # the last words of cues: "trước", "đến", "nhất", "xong", ...
    fillers: frozenset[str]  # the words of cue fillers: "là", "hết", "ngày", "các"
    cue_kind: dict[str, str]  # folded cue → before | by | in
    range_open: re.Pattern[str]  # "từ ngày " just before the first date
    range_join: re.Pattern[str]  # " đến ngày " between the two dates
    recurring_after: re.Pattern[str]  # " hằng năm" after the date
    recurring_before: re.Pattern[str]  # "Hằng năm, " before the cue
    past: re.Pattern[str]
    day_word: re.Pattern[str]  # "ngày " right before a numeric date
    cited: re.Pattern[str]  # a document symbol or "ban hành" right before "ngày"
    level_label: re.Pattern[str]  # "Cấp huyện (tương đương):", "Cấp cơ sở hoàn thành"
    label_level: dict[str, Level]
    level_word: re.Pattern[str]
    word_level: dict[str, Level | None]
    issuer_verb: re.Pattern[str]  # "ban hành", "hướng dẫn" in the adopting sentence
    as_follows: re.Pattern[str]  # "như sau" that ends it
    actor_head: re.Pattern[str]
    not_actor: re.Pattern[str]  # "Các nội dung trên ...": a thing, not a body
    compound: re.Pattern[str]
    meeting: re.Pattern[str]  # "Hội nghị kiểm điểm của " before the body that holds it
    meeting_stop: re.Pattern[str]
    verb: re.Pattern[str]


def _word_re(alternation: str) -> str:
    return rf"(?<!\w)(?:{alternation})(?!\w)"


def _levels(table: dict[str, list[str]]) -> dict[str, Level | None]:
    known = {level.value for level in Level}
    return {match_text(w): (Level(lv) if lv in known else None)
            for lv, ws in table.items() for w in ws}


@cache
def _patterns() -> _Patterns:
    w = words()
    cues = w["cues"]
    fill = rf"(?:\s*:)?(?:\s+(?:{word_alternation(w['cue_fillers'])}))*\s*$"
    done, core = word_alternation(cues["done"]), word_alternation(
        [c for kind in ("before", "by", "in") for c in cues[kind]])
    verbs = word_alternation(w["action_verbs"])
    labels = {match_text(x): Level(lv) for lv, xs in w["level_labels"].items() for x in xs}
    level_words = {**_levels(w["level_words"]), **{match_text(x): None for x in w["not_level"]}}
    return _Patterns(
        cue_tail=re.compile(rf"(?<!\w)(?:(?:(?P<done>{done})\s+)?(?P<cue>{core})"
                            rf"|(?P<only>{done})){fill}"),
        cue_ends=frozenset(match_text(c).split()[-1] for c in chain(
            cues["done"], *(cues[kind] for kind in ("before", "by", "in")))),
        fillers=frozenset(word for f in w["cue_fillers"] for word in match_text(f).split()),
        cue_kind={match_text(c): kind for kind in ("before", "by", "in") for c in cues[kind]},
        range_open=re.compile(rf"(?<!\w)(?:{word_alternation(w['range_open'])}){fill}"),
        range_join=re.compile(rf"\s*(?:{word_alternation(w['range_join'])})"
                              rf"(?:\s+(?:{word_alternation(w['cue_fillers'])}))*\s*$"),
        recurring_after=re.compile(rf"\s*,?\s*(?:{word_alternation(w['recurring'])})(?!\w)"),
        recurring_before=re.compile(rf"(?<!\w)(?:{word_alternation(w['recurring'])})\s*,?\s*$"),
        day_word=re.compile(r"(?<!\w)ngày\s+$"),
        cited=re.compile(rf"(?:\S*\d\S*/\S+|{word_alternation(w['issued_words'])})\s*,?\s*$"),
        past=re.compile(_word_re(word_alternation(w["past_markers"]))),
        level_label=re.compile(rf"\s*(?P<w>{word_alternation(labels)})(?:\s*\(?\s*(?:và\s+)?"
                               rf"tương\s+đương\s*\)?)?(?:\s*(?::|$)|(?=\s+(?:{verbs})(?!\w)))"),
        label_level=labels,
        level_word=re.compile(_word_re(word_alternation(level_words))),
        word_level=level_words,
        issuer_verb=re.compile(_word_re(word_alternation(w["issuer_verbs"]))),
        as_follows=re.compile(_word_re(word_alternation(w["as_follows"]))),
        actor_head=re.compile(rf"\s*(?:{word_alternation(w['actor_heads'])})(?!\w)"),
        not_actor=re.compile(rf"\s*(?:(?:các|những)\s+)?(?:{word_alternation(w['not_actors'])})"
                             r"(?!\w)"),
        meeting=re.compile(rf"\s*(?:{word_alternation(w['meeting_words'])})(?:\s+(?:{verbs}))*"
                           r"(?:\s+của)?\s+"),
        meeting_stop=re.compile(rf"[:;,(.]|\s(?:{word_alternation(w['meeting_stops'])})(?!\w)"),
        compound=re.compile(rf"\s*(?:{word_alternation(w['actor_compounds'])})(?!\w)"),
        verb=re.compile(rf"(?<!\w)(?:(?P<c>{word_alternation(w['actor_compounds'])})"
                        rf"|(?P<v>{word_alternation(w['action_verbs'])}))(?!\w)"),
    )


_SENTENCE_BREAK = re.compile(rf"[.!?…]\s+(?=[{UPPER_VI}])")
_DATE_LINE_PREFIX = re.compile(r"^[^\d\n,]{1,60},\s*$")
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_LAST_WORD = re.compile(r"\w+\Z")

# --- the plan's own year, date and level ----------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    folded: str
    year: int | None
    date: dt.date | None
    level: Level | None
    strict: bool
    sections: tuple[tuple[int, int, Section], ...]  # (start, end, section): deepest first,
    # then last first (see _sections_at)
    items: dict[Span, _Item] = field(default_factory=dict)  # memo of _item_at
    around: dict[int, list[Section]] = field(default_factory=dict)  # memo of _sections_at


def _context(doc: Document, atoms: list[DateMatch], folded: str, config: Config) -> _Context:
    meta = doc.meta
    date = _iso(meta.date) or _date_line(doc.text, atoms)
    year = meta.year or (date.year if date else None) or _title_year(doc.text, atoms)
    level = meta.issuer.level or _issuer_level(folded)
    sections = tuple((s.span[0], s.span[1], s) for s in sorted(
        doc.sections, key=lambda s: (s.depth, s.span[0]), reverse=True))
    return _Context(doc.text, folded, year, date, level, config.strict_deadlines, sections)


def _iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _line(text: str, pos: int) -> Span:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _date_line(text: str, atoms: list[DateMatch]) -> dt.date | None:
    """The place-date line ("Sơn Hà, ngày 14 tháng 10 năm 2025") near the top."""
    for atom in atoms:
        if atom.span[0] > 2000:
            break
        start, end = _line(text, atom.span[0])
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
        line = _line(text, atom.span[0])
        if atom.kind is Kind.YEAR and not LINE_LABEL.match(text[line[0]:line[1]]):
            return atom.year
    return None


def _issuer_level(folded: str) -> Level | None:
    """Level of the issuer named in the adopting sentence (when meta has none).

    That sentence ends in "như sau": "..., Ban Thường vụ Huyện ủy X ban hành Kế hoạch ...
    như sau:". The issuer is the clause before its last issuing verb, so that a cited
    "Hướng dẫn số ..." earlier in the sentence is not taken for it.
    """
    p = _patterns()
    end = p.as_follows.search(folded, 0, 8000)
    if end is None:
        return None
    start = max(folded.rfind(".", 0, end.start()), folded.rfind("\n", 0, end.start())) + 1
    verbs = list(p.issuer_verb.finditer(folded, start, end.start()))
    if not verbs:
        return None
    verb = verbs[-1].start()
    who = max(folded.rfind(c, start, verb) for c in ",;:") + 1 or start
    return _level_of(folded, (max(who, start), verb))


def _level_of(folded: str, span: Span) -> Level | None:
    """Level named by the first level word inside ``span`` ("Ủy ban nhân dân xã")."""
    p = _patterns()
    for m in p.level_word.finditer(folded, *span):
        level = p.word_level[" ".join(m.group(0).split())]
        if level is not None:
            return level
    return None


# --- deadline phrases -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Phrase:
    span: Span
    bound: Bound  # the bound as read, before "recurring" overrides it
    value: DateValue
    start: DateValue | None = None
    recurring: bool = False


class _AtomError(Exception):
    """An impossible date, with the expression it was read from."""

    def __init__(self, atom: DateMatch, error: ImpossibleDateError) -> None:
        super().__init__(str(error))
        self.atom = atom


def _checked(atom: DateMatch, year: int | None) -> DateValue:
    try:
        return resolve(atom, year)
    except ImpossibleDateError as exc:
        raise _AtomError(atom, exc) from exc


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int]) -> bool:
    return a is not None and a[0] < b[1] and b[0] < a[1]


def _phrases(ctx: _Context, atoms: list[DateMatch]) -> Iterator[_Phrase | DocWarning]:
    """Deadline phrases in document order, and VB501 warnings for impossible dates.

    A date with a year is checked even when it is no deadline (a cited document's
    "30/02/2024"); a yearless one only inside a deadline phrase ("5/13" may be a ratio).
    """
    skip = -1
    for i, atom in enumerate(atoms):
        if i <= skip:
            continue
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        try:
            found = _range(ctx, atom, nxt) if nxt else None
            if found is not None:
                skip = i + 1
            else:
                found = _single(ctx, atom)
            if found is not None:
                yield found
            elif atom.year is not None and not _surely_possible(atom):
                _checked(atom, None)
        except _AtomError as err:
            span = err.atom.span
            yield _warning("VB501", f"{ctx.text[span[0]:span[1]]!r}: {err}", span)
        except DateError:
            pass  # no year anywhere: nothing to resolve against


def _surely_possible(atom: DateMatch) -> bool:
    """Whether ``atom`` exists in its year without resolving it (a value thrown away): a
    year, a month (``find_dates`` keeps months 1-12 only) or day 1-28 of a month 1-12."""
    if atom.kind is Kind.YEAR or atom.kind is Kind.MONTH:
        return True
    return atom.kind is Kind.DAY and 1 <= (atom.month or 0) <= 12 and 1 <= (atom.day or 0) <= 28


def _single(ctx: _Context, atom: DateMatch) -> _Phrase | None:
    p = _patterns()
    s = atom.span[0]
    cue = p.cue_tail.search(ctx.folded, max(0, s - _CUE_REACH), s) if _may_have_cue(
        ctx.folded, s, p) else None
    if cue is None:
        return _event_day(ctx, atom)
    kind = p.cue_kind.get(" ".join(cue.group("cue").split())) if cue.group("cue") else None
    gran = atom.granularity
    if not _cue_fits(atom, kind, cue.group(0), bool(cue.group("done") or cue.group("only"))):
        return None
    if atom.kind is Kind.DAY_RANGE:
        bound = Bound.RANGE
    elif kind in ("before", "by"):
        bound = Bound(kind)
    else:
        bound = Bound.ON if gran is Granularity.DAY else Bound.WITHIN
        bound = Bound.BY if kind is None and gran is Granularity.DAY else bound
    value = _resolve(ctx, atom)
    return _with_recurrence(ctx, _Phrase((cue.start(), atom.span[1]), bound, value), atom)


def _event_day(ctx: _Context, atom: DateMatch) -> _Phrase | None:
    """A bare "ngày X" in a numbered task is the day of the event: bound "on".

    Only inside a labelled item ("2. Chi ủy họp ... ngày 02/12/2025"), never after a
    cited document's symbol ("Kết luận số 14-KL/TU ngày ..."); prose dates and the date
    line are left alone, and past days are dropped later as history.
    """
    if atom.kind is not Kind.DAY:
        return None
    p = _patterns()
    s = atom.span[0]
    day_word = None if atom.spelled else p.day_word.search(ctx.folded, max(0, s - 8), s)
    start = s if atom.spelled else (day_word.start() if day_word else -1)
    if start < 0 or _item(ctx, s).rank == 0:
        return None
    if p.cited.search(ctx.folded, max(0, start - 40), start):
        return None
    return _with_recurrence(ctx, _Phrase((start, atom.span[1]), Bound.ON, _resolve(ctx, atom)),
                            atom)


def _may_have_cue(folded: str, end: int, p: _Patterns) -> bool:
    """A cheap test before the search for a cue (``cue_tail``) ending at ``end``.

    Behind white space, a colon and filler words ("ngày", "là"), the text must end with
    the last word of a cue ("trước", "đến", "nhất"): the dates of cited documents
    ("24-QĐ/TU ngày 05/3/2019") and most others stop here.
    """
    before = folded[max(0, end - _CUE_REACH):end]
    while before := before.rstrip().rstrip(":").rstrip():
        word = _LAST_WORD.search(before.rsplit(None, 1)[-1])
        if word is None or word.group() in p.cue_ends:
            return word is not None
        if word.group() not in p.fillers:
            return False
        before = before[:len(before) - len(word.group())]  # drop the filler
    return False


def _cue_fits(atom: DateMatch, kind: str | None, cue_text: str, done: bool) -> bool:
    """Weak cues need more: "trong 1/3" is a fraction, "trong năm 2025" a period."""
    if atom.kind is Kind.DAY and atom.year is None and not atom.spelled:
        return kind in ("before", "by") or "ngày" in cue_text
    if atom.kind is Kind.YEAR and kind not in ("before", "by"):
        return done or not words()["year_needs_done"]
    return True


def _range(ctx: _Context, first: DateMatch, last: DateMatch) -> _Phrase | None:
    """"từ ngày A đến ngày B": the year of B fills A."""
    p = _patterns()
    s = first.span[0]
    if not p.range_join.match(ctx.folded, first.span[1], last.span[0]):
        return None
    opener = p.range_open.search(ctx.folded, max(0, s - 30), s)
    if opener is None:
        return None
    end = _resolve(ctx, last)
    start = _checked(first, end.date.year)
    if start.date > end.date and first.year is None:
        start = _checked(first, end.date.year - 1)
    value = replace(end, stated=f"{start.stated}/{end.stated}")
    return _with_recurrence(ctx, _Phrase((opener.start(), last.span[1]), Bound.RANGE, value,
                                         start), last)


def _resolve(ctx: _Context, atom: DateMatch) -> DateValue:
    """Resolve a date; a yearless one takes the year that puts it nearest the plan's date.

    That is the plan's year (design.md), except across the turn of the year: a plan of
    20/12/2025 asking for "trước ngày 15/01" means January 2026. A yearless day shortly
    before the plan's date keeps the plan's year, so the deadline-before-the-plan check
    still sees it.
    """
    value = _checked(atom, ctx.year)
    if not (value.year_inferred and ctx.date and ctx.year):
        return value
    nearest = value
    for year in (ctx.year - 1, ctx.year + 1):
        try:
            other = _checked(atom, year)
        except _AtomError:  # 29/02 in a year without it
            continue
        if abs((other.end - ctx.date).days) < abs((nearest.end - ctx.date).days):
            nearest = other
    return nearest


def _with_recurrence(ctx: _Context, phrase: _Phrase, atom: DateMatch) -> _Phrase:
    """Mark "hằng năm" phrases recurring; their ``stated`` is the first occurrence on or
    after the plan's date (a yearless "10/01" in a March plan is next January)."""
    p = _patterns()
    after = p.recurring_after.match(ctx.folded, phrase.span[1])
    before = p.recurring_before.search(ctx.folded, max(0, phrase.span[0] - 20), phrase.span[0])
    if after is not None:
        span = (phrase.span[0], after.end())
    elif before is not None:
        span = (before.start(), phrase.span[1])
    else:
        return phrase
    value = phrase.value
    if value.year_inferred and ctx.date and value.end < ctx.date:
        value = _checked(atom, value.date.year + 1)
    return replace(phrase, span=span, recurring=True, value=value)


def _due(ctx: _Context, phrase: _Phrase) -> dt.date:
    if phrase.bound is Bound.BEFORE:
        return phrase.value.date - _ONE_DAY if ctx.strict else phrase.value.date
    return phrase.value.end


def _is_past(ctx: _Context, phrase: _Phrase, due: dt.date) -> bool:
    """A cue'd period or event that ended before the plan: history, not a deadline."""
    ref = ctx.date or (dt.date(ctx.year, 1, 1) if ctx.year else None)
    if phrase.recurring or ref is None or due >= ref:
        return False
    if phrase.bound in (Bound.WITHIN, Bound.ON, Bound.RANGE):
        return True
    if phrase.value.granularity is Granularity.YEAR:
        return True
    start = _sentence_start(ctx.text, _line(ctx.text, phrase.span[0])[0], phrase.span[0])
    return bool(_patterns().past.search(ctx.folded, start, phrase.span[0]))


# --- attachment: item, actor, action, level -------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
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


def _item_at(ctx: _Context, start: int, end: int) -> _Item:
    """Read ``text[start:end]`` as an item: its label, rank and any level label."""
    item = ctx.items.get((start, end))
    if item is None:
        item = ctx.items[(start, end)] = _read_item(ctx, start, end)
    return item


def _read_item(ctx: _Context, start: int, end: int) -> _Item:
    label = LINE_LABEL.match(ctx.text[start:end])
    body = start + (label.end() if label else 0)
    level = None
    m = _patterns().level_label.match(ctx.folded, body, end)
    if m:
        level, body = _patterns().label_level[" ".join(m.group("w").split())], m.end()
    while body < end and ctx.text[body] in " :":
        body += 1
    return _Item((start, end), body, _rank(label), level)


def _item(ctx: _Context, pos: int) -> _Item:
    """The item ``pos`` sits in: its paragraph, or a section that starts inside it."""
    start, end = _line(ctx.text, pos)
    deepest = next(iter(_sections_at(ctx, pos)), None)
    if deepest is not None and start < deepest.span[0]:  # flattened text
        start, end = deepest.span[0], min(end, deepest.span[1])
    return _item_at(ctx, start, end)


def _ancestors(ctx: _Context, item: _Item) -> Iterator[_Item]:
    """Items above ``item``: labelled lines of higher rank, then enclosing sections."""
    rank, pos = item.rank or 0, item.line[0]
    while rank < 100 and pos > 0:
        prev = _item_at(ctx, *_line(ctx.text, pos - 1))
        pos = prev.line[0]
        if prev.rank > rank:
            rank = prev.rank
            yield prev
    for section in _sections_at(ctx, item.line[0]):
        start = section.span[0]
        if start < item.line[0]:
            yield _item_at(ctx, start, min(_line(ctx.text, start)[1], section.span[1]))


def _sections_at(ctx: _Context, pos: int) -> list[Section]:
    """Sections containing ``pos``, deepest first."""
    found = ctx.around.get(pos)
    if found is None:
        found = ctx.around[pos] = [s for start, end, s in ctx.sections if start <= pos < end]
    return found


def _sentence_start(text: str, lo: int, pos: int) -> int:
    start = lo
    for m in _SENTENCE_BREAK.finditer(text, lo, pos):
        start = m.end()
    return start


def _actor(ctx: _Context, start: int, end: int) -> Span | None:
    """The subject that opens ``text[start:end]``, if it names a body or a person."""
    p = _patterns()
    folded = ctx.folded
    meeting = p.meeting.match(folded, start, end)
    if meeting is not None:
        return _meeting_actor(ctx, meeting.end(), end)
    if p.not_actor.match(folded, start, end):
        return None
    if not p.compound.match(folded, start, end) and (
            p.verb.match(folded, start, end) or not p.actor_head.match(folded, start, end)):
        return None
    stop = _actor_end(ctx, start, end)
    return _trimmed(ctx, start, stop)


def _meeting_actor(ctx: _Context, start: int, end: int) -> Span | None:
    """The body holding a meeting: "Hội nghị kiểm điểm (của) chi bộ ngày ..." → "chi bộ"."""
    p = _patterns()
    if not p.actor_head.match(ctx.folded, start, end):
        return None
    stop = p.meeting_stop.search(ctx.folded, start, end)
    return _trimmed(ctx, start, stop.start() if stop else end)


def _trimmed(ctx: _Context, start: int, stop: int | None) -> Span | None:
    if stop is None:
        return None
    stop = len(ctx.text[:stop].rstrip(_TRIM))
    return (start, stop) if stop > start else None


def _actor_end(ctx: _Context, start: int, end: int) -> int | None:
    """Where the actor ends: at a short ":" list head or before its verb (else None).

    A verb right after "," or "và" is a noun in a list ("Các đoàn thể, lãnh đạo các
    đơn vị: ..."); a ";" ends the search.
    """
    folded = ctx.folded
    semicolon = folded.find(";", start, end)
    end = end if semicolon < 0 else semicolon
    stop = folded.find(":", start, end)
    if stop >= 0 and len(folded[start:stop].split()) > _MAX_COLON_WORDS:
        stop = -1
    for m in _patterns().verb.finditer(folded, start, stop if stop >= 0 else end):
        before = folded[start:m.start()].rstrip()
        if m.group("v") and m.start() > start and not before.endswith((",", " và")):
            stop = m.start()
            break
    if stop < 0 or len(folded[start:stop].split()) > _MAX_ACTOR_WORDS:
        return None
    return stop


def _action(ctx: _Context, start: int, end: int, after_actor: bool) -> str | None:
    """A short phrase of what must be done, from ``start`` to ``end``.

    After an actor the phrase opens at the first action verb (skipping the list after
    "Các đảng đoàn:"); it drops parentheses ("(qua Ban Tổ chức Tỉnh uỷ)") and stops
    before an unclosed one ("... (đến ngày 20/11/2025)"); a long phrase is cut at a comma.
    """
    verb = _patterns().verb.search(ctx.folded, start, end) if after_actor else None
    if verb is not None and verb.group("v"):
        start = verb.start()
    text = ctx.text[start:end]
    if "(" in text:
        text = _PARENTHESES.sub("", text)
        text = text[:text.rfind("(")] if "(" in text else text
    tokens = text.strip(_TRIM).split()
    if len(tokens) > _ACTION_WORDS:
        head = " ".join(tokens[:_ACTION_WORDS])
        cut = max(head.rfind(","), head.rfind(";"))
        tokens = (head[:cut] if cut > len(head) // 3 else head + " …").split()
    return " ".join(tokens).strip(_TRIM) or None


def _find_actor(ctx: _Context, item: _Item, pos: int) -> tuple[Span | None, Span]:
    """The actor of a deadline at ``pos`` and the stretch its action is read from.

    Tried in turn: the clause after a ";", the sentence, the item's first sentence ("Nội
    dung này hoàn thành ..." refers back to it), and a list head ending in ":" above.
    """
    sent = max(_sentence_start(ctx.text, item.body, pos), item.body)
    clause = ctx.text.rfind(";", sent, pos) + 1 or sent
    clause += len(ctx.text[clause:pos]) - len(ctx.text[clause:pos].lstrip())
    for start in dict.fromkeys((clause, sent)):
        actor = _actor(ctx, start, pos)
        if actor is not None:
            return actor, (actor[1], pos)
    if sent > item.body:
        actor = _actor(ctx, item.body, sent)
        if actor is not None:
            return actor, (actor[1], sent)
    return None, (sent, pos)


def _attach(ctx: _Context, phrase: _Phrase, prev_end: int) -> tuple[str | None, str | None,
                                                                      Level | None]:
    """Actor, action and level of a deadline phrase."""
    s = phrase.span[0]
    item = _item(ctx, s)
    actor, (act_from, act_to) = _find_actor(ctx, item, s)
    ancestors = _ancestors(ctx, item)
    parent = next(ancestors, None)
    if actor is None and parent and ctx.text[parent.line[1] - 1] == ":":
        actor = _actor(ctx, parent.body, parent.line[1])
    if act_from < prev_end < act_to:  # a second deadline in the same sentence
        act_from = prev_end
    action = _action(ctx, act_from, act_to, after_actor=actor is not None)
    level = item.label_level or (_level_of(ctx.folded, actor) if actor else None)
    if level is None and parent is not None:
        level = next((a.label_level for a in chain((parent,), ancestors) if a.label_level),
                     None)
    name = ctx.text[actor[0]:actor[1]] if actor else None
    return name, action, level or ctx.level


# --- the stage ------------------------------------------------------------------------


def _warning(code: str, detail: str, span: Span) -> DocWarning:
    return DocWarning(code, f"{warning_message(code)}: {detail}", span)


def _deadline(ctx: _Context, phrase: _Phrase, prev_end: int) -> Deadline:
    actor, action, level = _attach(ctx, phrase, prev_end)
    sections = _sections_at(ctx, phrase.span[0])
    start = phrase.start.date if phrase.start else (
        phrase.value.date if phrase.bound in (Bound.WITHIN, Bound.RANGE) else None)
    return Deadline(
        expr=ctx.text[phrase.span[0]:phrase.span[1]], stated=phrase.value.stated,
        granularity=phrase.value.granularity,
        bound=Bound.RECURRING if phrase.recurring else phrase.bound,
        due=_due(ctx, phrase).isoformat(), start=start.isoformat() if start else None,
        year_inferred=phrase.value.year_inferred or bool(
            phrase.start and phrase.start.year_inferred),
        actor=actor, action=action, level=level,
        section=sections[0].id if sections else None, span=phrase.span)


def extract_deadlines(doc: Document, config: Config) -> Document:
    """Find the deadlines of a plan, normalised and attached to actor and level.

    Args:
        doc: a normalised document; its ``meta`` and ``sections`` are used if present.
        config: ``strict_deadlines`` decides whether "trước ngày X" is due X - 1.

    Returns:
        ``doc`` with ``deadlines`` set and VB501/VB502 warnings added.

    >>> from vbparser.api import load
    >>> doc = extract_deadlines(load("2. Các chi bộ họp kiểm điểm xong đến ngày 12/12/2025."),
    ...                         Config())
    >>> d = doc.deadlines[0]
    >>> d.expr, d.bound.value, d.due, d.actor, d.level.value
    ('xong đến ngày 12/12/2025', 'by', '2025-12-12', 'Các chi bộ', 'branch')
    """
    folded = folded_text(doc.text)
    atoms = find_dates(doc.text, folded)
    ctx = _context(doc, atoms, folded, config)
    deadlines: list[Deadline] = []
    warnings: list[DocWarning] = []
    prev_end = 0
    # One warning per impossible date: an earlier stage (citations) may have reported it.
    reported = [w.span for w in doc.warnings if w.code == "VB501" and w.span is not None]
    for found in _phrases(ctx, atoms):
        if isinstance(found, DocWarning):
            if not any(_overlaps(found.span, span) for span in reported):
                warnings.append(found)
            continue
        due = _due(ctx, found)
        if _is_past(ctx, found, due):
            continue
        deadlines.append(_deadline(ctx, found, prev_end))
        prev_end = found.span[1]
        if ctx.date and due < ctx.date and not found.recurring:
            warnings.append(_warning("VB502", f"{deadlines[-1].expr!r} is due {due} but the "
                                     f"plan is dated {ctx.date}", found.span))
    return replace(doc, deadlines=tuple(deadlines), warnings=doc.warnings + tuple(warnings))
