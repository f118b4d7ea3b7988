"""Legal references: find every cited document, group its mentions, check it against the KB.

Find → group → resolve, as eyecite does, on the text as written (every match is a span of
``doc.text``); words are matched case-insensitively in either tone placement ("Tỉnh uỷ" /
"Tỉnh ủy"), with patterns built from ``doc_types.yaml`` and ``issuers.yaml``:

* **find** three kinds of mention: a number-symbol with an optional type word and "số"
  before it ("Quy định số 124-QĐ/TW", "Nghị định 90/2020/NĐ-CP", "số31-QĐ/TW"); a type word
  with a bare number ("Quy định 124"), which only joins a document cited with its full
  number unless "số" is written; and an **unnumbered** reference, a capitalised type word
  followed by "của <issuer>" ("Kế hoạch của Huyện ủy X"). After the head come, in any
  order, the date ("ngày 04/10/2023", "04-10-2023", "ngày 04 tháng 10 năm 2023"), a Party
  term instead of a date ("khoá XII"), the issuer ("của <body>", "do <body> ban hành") and
  the title ("về ...", or a lower-case "sửa đổi, bổ sung ...", "quy định ..."). A title ends
  at ";", a line or sentence end, or a next citation listed after "," / ";" / "và"; a
  citation inside a title is nested in the citing one.
* Unnumbered references count only in the opening paragraph of legal bases ("Thực hiện
  ...; Căn cứ ..." up to "<issuer> ban hành Kế hoạch"): elsewhere "hướng dẫn của Ban Tổ
  chức" or "Quy định mới của Bộ Chính trị" name guidance in general, not a document a user
  could look up. The plan's own number line ("Số 12-KH/TU" at the start of a line) is not
  a citation.
* **relation**: ``amends`` when the plan itself amends the document ("sửa đổi, bổ sung" just
  before the citation, outside any cited title); ``basis`` when cited in the paragraph of
  legal bases, other than inside another citation's title; else ``mention``. A document's
  relation is the strongest of its mentions' (amends > basis > mention).
* **group**: mentions with the same number-symbol (spacing, case, tone marks and leading
  zeros ignored) and no conflicting dates are one document; unnumbered references never
  merge.
* **resolve**: the type, and a missing issuer, come from the knowledge base when the
  number-symbol is known exactly (else a unique issuer code: BTCTW, CP); a malformed number
  ("56-NĐ/CP") keeps its text as ``full_id`` and gets warning VB401, and is looked up by
  (type, number, issuer code) for its status only. A cited title saying "sửa đổi, bổ sung"
  or "thay thế" a nested citation marks that one amended or superseded when the knowledge
  base does not know it.

Status encoding (``design.md`` gives ``status`` and ``replaced_by``): ``status`` is what the
knowledge base knows today (``kb.KnowledgeBase.status`` without a date); ``replaced_by`` is
the successor of a ``superseded`` document or the latest amending document of an
``amended`` one. The plan's date (``meta.date``) decides the warning: **VB402** (an error)
when the document was superseded on or before that date, **VB403** (a notice) when it was
superseded after it. Without ``meta.date`` the plan is known to be no older than the newest
document it cites; a supersession before that is still VB402, otherwise no timing warning is
given. **VB404**: the cited date differs from the knowledge base's. ``warnings`` on a
reference lists codes; the messages are in ``Document.warnings`` with the first mention's span.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from vbparser.config import Config
from vbparser.errors import ConfigError
from vbparser.kb import (
    DocType,
    Identifier,
    KnowledgeBase,
    Regulation,
    find_identifiers,
    id_key,
    identifier_from_match,
    load_kb,
    new_style,
    starts_identifier,
)
from vbparser.model import Document, LegalRef, RefStatus, Relation, Section, Warning
from vbparser.normalize.fold import key
from vbparser.patterns import LINE_LABEL, UPPER_VI, digit_runs
from vbparser.spans import Span

_RANK = {Relation.MENTION: 0, Relation.BASIS: 1, Relation.AMENDS: 2}
_NUMBER_DIGITS = 5  # a bare number ("Quy định 124") has at most five digits
_HEAD_REACH = 48  # a citation head ("Thông tư liên tịch số ") is read this far back
_WORD = re.compile(r"\w+")
_LAST_WORD = re.compile(r"\w+\Z")
_CLAUSE_BREAK = re.compile(r"[;.\n]")  # an amending cue must be in the citation's clause
# A list separator right before a citation: it starts a new item, not a nested citation
# ("về kiểm điểm, Hướng dẫn số 43-HD/BTCTW ..." ends the title before "Hướng dẫn").
_LIST_SEP = re.compile(r"(?:[,;]|[ \t]và)[ \t]*$", re.IGNORECASE)
_I = re.IGNORECASE
_SP, _OPT = r"[ \t]*", r"[ \t]*,?[ \t]*"
# A new-style tone pair ending a syllable: "ủy", "hóa", "khỏe" (not after q: "quý").
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_NEW_PAIR = re.compile("(?<![qQ])([" + "".join(unicodedata.normalize("NFC", v + t)
                                                for v in "ouOU" for t in _TONES)
                       + "])([aeyAEY])(?![^\\W\\d_])")


def _old_pair(m: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFD", m.group(1))
    base, tone = decomposed[0], decomposed[1]
    if (base.lower() + m.group(2).lower()) not in ("oa", "oe", "uy"):
        return m.group(0)
    old = base + unicodedata.normalize("NFC", m.group(2) + tone)
    return f"(?:{m.group(0)}|{old})"


def _words(words: Sequence[str], whole: bool = True) -> str:
    """Regex for any of ``words``: either tone placement ("ủy"/"uỷ"), any run of spaces,
    longest first, starting a word (and ending one if ``whole``: "số31" needs False).
    Use with ``re.IGNORECASE``.

    >>> bool(re.fullmatch(_words(["Tỉnh ủy"]), "TỈNH   UỶ", re.IGNORECASE))
    True
    """
    forms = sorted({new_style(w).lower() for w in words}, key=len, reverse=True)
    escaped = (_NEW_PAIR.sub(_old_pair, re.escape(f).replace(r"\ ", " ")) for f in forms)
    body = "|".join(e.replace(" ", "[ \t]+") for e in escaped)
    return rf"(?<!\w)(?:{body})" + (r"(?!\w)" if whole else "")


@dataclass(frozen=True, slots=True)
class _Grammar:
    """Compiled patterns, built once from ``doc_types.yaml`` and ``issuers.yaml``."""

    before_id: re.Pattern[str]    # "Quy định số " before "124-QĐ/TW"; "số" before "31-QĐ/TW"
    head_first: re.Pattern[str]   # the first word of a head: "Quy", "NĐ", "số"
    head_word: re.Pattern[str]    # the last word of a head: "định", "NĐ", "số"
    head_len: int                 # the length of the longest such word
    head_words: int               # the most words a head has ("Thông tư liên tịch số")
    number: re.Pattern[str]       # a bare number "124"
    before_number: re.Pattern[str]  # "Quy định " / "Kế hoạch số " before a bare number
    unnumbered: re.Pattern[str]   # "Kế hoạch " before "của ..."
    type_word: re.Pattern[str]
    date_num: re.Pattern[str]     # ", ngày 04/10/2023", "04-10-2023", "4.10.2023"
    date_words: re.Pattern[str]   # "ngày 04 tháng 10 năm 2023"
    term: re.Pattern[str]         # "khoá XII", "(khóa XIII)"
    of: re.Pattern[str]           # "của ", "do "
    title: re.Pattern[str]        # "về ..."
    title_verb: re.Pattern[str]   # "sửa đổi, bổ sung ...", "quy định về ..." (lower case)
    body: re.Pattern[str]         # known issuer names and aliases
    word: re.Pattern[str]
    title_end: re.Pattern[str]
    basis_cue: re.Pattern[str]
    issuing: re.Pattern[str]
    amend: re.Pattern[str]
    replace: re.Pattern[str]
    stops: frozenset[str]


@cache
def _grammar() -> _Grammar:
    kb = load_kb()
    cues = kb.cues
    names = [w for t in kb.types for w in (t.name, *t.aliases)]
    abbrevs = "|".join(sorted({re.escape(a) for t in kb.types for a in t.abbreviations},
                              key=len, reverse=True))
    types = rf"(?:{_words(names)}|(?<!\w)(?-i:{abbrevs})(?!\w))"
    so_words = cues["number"]
    first_words = [w.split()[0] for w in (*names, *so_words)]
    last_words = [w.split()[-1] for w in (*names, *so_words)]
    if bad := [w for w in (*first_words, *last_words) if not _WORD.fullmatch(w)]:
        # _head and _may_head rely on it
        raise ConfigError(f"type words and number cues must start and end with a word, "
                          f"not {bad}")
    so = rf"(?P<so>{_words(cues['number'], whole=False)}){_SP}"
    date_cue = rf"{_OPT}(?:ban[ \t]+hành{_SP})?(?:{_words(cues['date'])}{_SP})?"
    year = r"(?P<y>(?:19|20)\d\d)(?!\d)"
    return _Grammar(
        before_id=re.compile(rf"(?:(?P<tw>{types}){_SP})?(?:{so}:?{_SP})?$", _I),
        head_first=re.compile(rf"{_words(first_words)}|(?-i:{abbrevs})", _I),
        head_word=re.compile(rf"{_words(last_words)}|(?-i:{abbrevs})", _I),
        head_len=max(map(len, (*last_words, *(a for t in kb.types for a in t.abbreviations)))),
        head_words=max(len(w.split()) for w in names) + max(len(w.split()) for w in so_words),
        number=re.compile(rf"\d{{1,{_NUMBER_DIGITS}}}(?![\w/\-]|[.,]\d)"),
        before_number=re.compile(rf"(?P<tw>{types})[ \t]+(?:{so})?$", _I),
        unnumbered=re.compile(rf"(?P<tw>{_words(names)})[ \t]+"
                              rf"(?={_words(cues['issuer'][:1])})", _I),
        type_word=re.compile(_words(names), _I),
        date_num=re.compile(rf"{date_cue}(?P<d>\d{{1,2}}){_SP}(?P<sep>[/.\-]){_SP}"
                            rf"(?P<m>\d{{1,2}}){_SP}(?P=sep){_SP}{year}", _I),
        date_words=re.compile(rf"{date_cue}(?P<d>\d{{1,2}})[ \t]+tháng[ \t]+(?P<m>\d{{1,2}})"
                              rf"{_OPT}năm[ \t]+{year}", _I),
        term=re.compile(rf"{_OPT}\(?{_SP}{_words(cues['term'])}[ \t]+(?P<term>[IVXL]+)(?!\w)\)?",
                        _I),
        of=re.compile(rf"{_OPT}(?P<w>{_words(cues['issuer'])})[ \t]+", _I),
        title=re.compile(rf"{_OPT}(?={_words(cues['title'])})", _I),
        title_verb=re.compile(rf"{_OPT}(?={_words(cues['title_verbs'])})", _I),
        body=re.compile(_words(list(kb.bodies)), _I),
        # a word of a name; a dash may join two ("Bà Rịa - Vũng Tàu")
        word=re.compile(r"[ \t]*(?P<dash>[-\u2013][ \t]*)?(?P<w>[^\W\d_]+)"),
        title_end=re.compile(rf";|\n|\.(?=[ \t]*(?:\n|$)|[ \t]+[{UPPER_VI}]|/)|\)"),
        basis_cue=re.compile(_words(cues["basis"]), _I),
        issuing=re.compile(rf"{_words(cues['issuing'])}[ \t]+{_words(names)}", _I),
        amend=re.compile(_words(cues["amend"]), _I),
        replace=re.compile(_words(cues["replace"]), _I),
        stops=frozenset(key(w) for w in cues["issuer_stop"]),
    )


@dataclass(frozen=True, slots=True)
class _Mention:
    """One place a document is cited; ``span`` covers head, date, term and issuer."""

    span: Span
    type: DocType | None
    ident: Identifier | None = None
    number: str | None = None
    date: str | None = None
    bad_date: str | None = None
    issuer: str | None = None
    title_at: int | None = None      # where "về ..." starts
    title_span: Span | None = None
    numbered_so: bool = False        # "số" written before a bare number
    relation: Relation = Relation.MENTION
    nested_in: int | None = None     # index of the mention whose title contains this one


# --- find --------------------------------------------------------------------------------
def _type_of(kb: KnowledgeBase, match: re.Match[str] | None, text: str) -> DocType | None:
    if match is None or match.group("tw") is None:
        return None
    return kb.type_named(text[match.start("tw"):match.end("tw")])


def _issuer_run(text: str, pos: int, g: _Grammar, kb: KnowledgeBase) -> tuple[str, int] | None:
    """Read the issuer name starting at ``pos``: a known body ("Bộ Chính trị", "Ban Chấp
    hành Trung ương Đảng"), else capitalised words up to a stop word or punctuation."""
    known = g.body.match(text, pos)
    if known:
        return kb.canonical_issuer(known.group()), known.end()
    end, count = pos, 0
    while (m := g.word.match(text, end)) and count < 12:
        word = m.group("w")
        capital = word[0].isupper()
        if (count == 0 or m.group("dash")) and not capital:
            break
        nxt = g.word.match(text, m.end())
        pair = f"{key(word)} {key(nxt.group('w'))}" if nxt else ""
        if not capital and (key(word) in g.stops or pair in g.stops):
            break
        if count and capital and g.type_word.match(text, m.start("w")):
            break
        end, count = m.end(), count + 1
    return (kb.canonical_issuer(text[pos:end]), end) if count else None


def _date(m: re.Match[str]) -> tuple[str | None, str | None]:
    """ISO date of a date match, or (None, the text) when the date is impossible."""
    try:
        return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat(), None
    except ValueError:
        return None, m.group(0).strip(" ,")


@dataclass(frozen=True, slots=True)
class _Tail:
    """What follows a citation head: date (or term), issuer, and where the title starts."""

    end: int
    date: str | None = None
    bad_date: str | None = None
    term: str | None = None
    issuer: str | None = None
    title_at: int | None = None


def _tail(text: str, pos: int, g: _Grammar, kb: KnowledgeBase) -> _Tail:
    """Read date, term and issuer after a citation head, in any order, then the title."""
    end, date, bad_date, term, issuer = pos, None, None, None, None
    while True:
        if date is bad_date is None and (
                m := g.date_num.match(text, end) or g.date_words.match(text, end)):
            (date, bad_date), end = _date(m), m.end()
        elif term is None and (m := g.term.match(text, end)):
            term, end = m.group("term").upper(), m.end()
        elif issuer is None and (m := g.of.match(text, end)) and (
                run := _issuer_run(text, m.end(), g, kb)):
            issuer, end = run
        else:
            break
    m = g.title.match(text, end) or g.title_verb.match(text, end)
    title_at = m.end() if m and (m.re is g.title or text[m.end()].islower()) else None
    return _Tail(end, date, bad_date, term, issuer, title_at)


def _is_own_number(text: str, head: re.Match[str] | None) -> bool:
    """"Số 12-KH/TU" opening a line is the plan's own number, not a citation."""
    if head is None or head.group("tw") or head.group("so") is None:
        return False
    start = head.start("so")
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and text[start].isupper()


def _head(pattern: re.Pattern[str], text: str, end: int, g: _Grammar) -> re.Match[str] | None:
    """The type word and "số" just before ``end`` (a non-empty match, or None).

    A head is at most ``g.head_words`` words, so the search is a match at each of the last
    few words before ``end``, leftmost first, that can open a head (``_opens_head``);
    ``_may_head`` rules most numbers out before that. A head may end a line ("Quy định
    số" / "124-QĐ/TW"): "$" also matches before a line break that ends the window. A
    number opening a line after any other word has no head: its mention starts at the
    number itself.
    """
    if not _may_head(text, end, g):
        return None
    words = list(_WORD.finditer(text, max(0, end - _HEAD_REACH), end))
    for word in words[-g.head_words:]:
        if _opens_head(word.group()) and (m := pattern.match(text, word.start(), end)):
            return m
    return None


@lru_cache(maxsize=4096)
def _opens_head(word: str) -> bool:
    """Whether a head can start with ``word``: the first word of a type word or of "số"
    (a head that matches starts with such a word; most other words of a plan do not)."""
    return _grammar().head_first.fullmatch(word) is not None


def _may_head(text: str, end: int, g: _Grammar) -> bool:
    """A cheap test before the search for a head ending at ``end``.

    A head ends in a type word or "số", then spaces, tabs, a colon (and a line break,
    which "$" allows), so the word before ``end`` must be the last word of one. Most
    numbers in a plan, after "ngày", "tháng", "năm" or at a line start, stop here.
    """
    before = text[max(0, end - _HEAD_REACH):end].rstrip(" \t:\n")
    word = _LAST_WORD.search(before, max(0, len(before) - g.head_len - 1))
    return word is not None and g.head_word.fullmatch(word.group()) is not None


def _find(text: str, g: _Grammar, kb: KnowledgeBase, own: str | None,
          region: Span | None) -> list[_Mention]:
    """Every mention: number-symbols, then bare numbers, then unnumbered references in the
    paragraph of bases (see the module docstring)."""
    found: list[_Mention] = []
    for m in find_identifiers(text):
        if not starts_identifier(text, m.start()):
            continue
        ident = identifier_from_match(m, text)
        if ident is None or (own and id_key(ident.full_id) == own):
            continue
        head = _head(g.before_id, text, m.start(), g)
        if _is_own_number(text, head):
            continue
        found.append(_mention(head.start() if head else m.start(), _type_of(kb, head, text),
                              _tail(text, m.end(), g, kb), ident=kb.interpret(ident)))
    taken = [x.span for x in found]
    for start, end in digit_runs(text):
        if end - start > _NUMBER_DIGITS or not starts_identifier(text, start) or not (
                number := g.number.match(text, start)):
            continue
        head = _head(g.before_number, text, number.start(), g)
        if head and not any(s <= number.start() < e for s, e in taken):
            found.append(_mention(head.start(), _type_of(kb, head, text),
                                  _tail(text, number.end(), g, kb), number=number.group(),
                                  numbered_so=head.group("so") is not None))
    for m in _unnumbered(text, g, region):
        tail = _tail(text, m.end(), g, kb)
        if text[m.start()].isupper() and tail.issuer:
            found.append(_mention(m.start(), _type_of(kb, m, text), tail))
    return sorted(found, key=lambda x: x.span)


def _unnumbered(text: str, g: _Grammar, region: Span | None) -> Iterator[re.Match[str]]:
    """The matches of ``g.unnumbered.finditer(text, *region)``, tried only at the words of
    the region that can open a head (a match starts at a word that opens a type word)."""
    if region is None:
        return
    after = region[0]
    for word in _WORD.finditer(text, *region):
        if word.start() >= after and _opens_head(word.group()) and (
                m := g.unnumbered.match(text, word.start(), region[1])):
            yield m
            after = m.end()


def _mention(start: int, doc_type: DocType | None, tail: _Tail, ident: Identifier | None = None,
             number: str | None = None, numbered_so: bool = False) -> _Mention:
    return _Mention((start, tail.end), doc_type, ident, number, tail.date, tail.bad_date,
                    tail.issuer, tail.title_at, numbered_so=numbered_so)


# --- titles, nesting and relations ---------------------------------------------------------
def _title_end(text: str, start: int, heads: list[int], g: _Grammar) -> int:
    """End of a title: ";", a line end, a sentence end, an unopened ")", or a next citation
    introduced as a list item (after ",", ";" or "và")."""
    end = len(text)
    for m in g.title_end.finditer(text, start):
        opened = text.count("(", start, m.start()) - text.count(")", start, m.start())
        if m.group(0) != ")" or opened <= 0:
            end = m.start()
            break
    for head in heads:
        if start < head < end and (sep := _LIST_SEP.search(text, start, head)):
            return len(text[start:sep.start()].rstrip(" ,")) + start
    return end


def _basis_region(text: str, g: _Grammar, sections: Sequence[Section]) -> Span | None:
    """The paragraph of legal bases: from the first "Thực hiện"/"Căn cứ" opening a sentence
    before the first heading to the clause "<issuer> ban hành <Type>"."""
    limit = sections[0].span[0] if sections else _first_heading(text)
    start = next((m.start() for m in g.basis_cue.finditer(text, 0, limit)
                  if text[m.start()].isupper()), None)
    if start is None:
        return None
    issuing = g.issuing.search(text, start, limit)
    if issuing is None:  # the bases end with the last line opening with a cue
        end = start
        while end < limit and (end == start or g.basis_cue.match(text, end)):
            line_end = text.find("\n", end)
            end = limit if line_end < 0 else min(line_end + 1, limit)
        return start, end
    cut = max(text.rfind("\n", start, issuing.start()), text.rfind(". ", start, issuing.start()))
    return start, (cut + 1 if cut > start else issuing.start())


def _first_heading(text: str) -> int:
    pos = 0
    for line in text.splitlines(keepends=True):
        m = LINE_LABEL.match(line)
        if m and (m.group("roman") or m.group("num")):
            return pos
        pos += len(line)
    return len(text)


def _relate(text: str, found: list[_Mention], g: _Grammar,
            region: Span | None) -> list[_Mention]:
    """Fill titles, nesting and each mention's relation."""
    heads = [x.span[0] for x in found]
    spans = [(x.title_at, _title_end(text, x.title_at, heads, g)) if x.title_at is not None
             else None for x in found]
    titles = [(i, span) for i, span in enumerate(spans) if span]
    result = []
    for x, title_span in zip(found, spans, strict=True):
        parent = next((i for i, (s, e) in titles if s <= x.span[0] < e), None)
        window = text[max(0, x.span[0] - 60):x.span[0]]
        window = _CLAUSE_BREAK.split(window)[-1]
        amend_at = x.span[0] - len(window)
        cue = g.amend.search(window)
        in_title = cue is not None and any(s <= amend_at + cue.start() < e for _, (s, e) in titles)
        if parent is not None:
            rel = Relation.MENTION
        elif cue is not None and not in_title:
            rel = Relation.AMENDS
        elif region and region[0] <= x.span[0] < region[1]:
            rel = Relation.BASIS
        else:
            rel = Relation.MENTION
        result.append(_Mention(x.span, x.type, x.ident, x.number, x.date, x.bad_date, x.issuer,
                               x.title_at, title_span, x.numbered_so, rel, parent))
    return result


def _keep(x: _Mention, region: Span | None) -> bool:
    """Unnumbered references count only as legal bases (see the module docstring)."""
    if x.ident is not None or x.number is not None:
        return True
    return x.nested_in is None and region is not None and region[0] <= x.span[0] < region[1]


# --- group ---------------------------------------------------------------------------------
def _number(x: _Mention) -> str | None:
    return x.ident.number if x.ident is not None else x.number


def _joins(group: list[_Mention], x: _Mention) -> bool:
    """Whether mention ``x`` cites the document of ``group`` (see the module docstring)."""
    ident = next((m.ident for m in group if m.ident is not None), None)
    date = next((m.date for m in group if m.date), None)
    if x.date and date and x.date != date:
        return False  # Party numbers restart each term: same number, other date, other document
    if x.ident is not None and ident is not None:
        return id_key(x.ident.full_id) == id_key(ident.full_id)
    number, doc_type = _number(group[0]), group[0].type
    return (number is not None and _number(x) is not None and doc_type is not None
            and x.type is not None and number.lstrip("0") == str(_number(x)).lstrip("0")
            and doc_type.name == x.type.name)


def _group(mentions: list[_Mention]) -> list[list[_Mention]]:
    groups: list[list[_Mention]] = []
    for x in mentions:
        numbered = x.ident is not None or x.number is not None
        target = next((g for g in reversed(groups) if numbered and _joins(g, x)), None)
        if target is not None:
            target.append(x)
        elif x.ident is not None or x.number is None or x.numbered_so:
            groups.append([x])
    return groups


# --- resolve -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Cited:
    """A grouped document before its status is known."""

    mentions: tuple[_Mention, ...]
    ident: Identifier | None
    type: str | None
    number: str | None
    date: str | None
    issuer: str | None
    title: str | None
    relation: Relation
    exact: Regulation | None       # the KB entry of its exact number-symbol
    resolved: Regulation | None    # exact, or found by (type, number, issuer code)
    problems: tuple[str, ...]


def _code_type(kb: KnowledgeBase, ident: Identifier | None) -> DocType | None:
    """The type a number's code stands for; the first listed when ambiguous (QĐ)."""
    if ident is None or not ident.type_code:
        return None
    domain = "party" if ident.form == "party" else "state"
    return next(iter(kb.types_for_code(ident.type_code, domain)), None)


def _code_issuer(kb: KnowledgeBase, ident: Identifier | None) -> str | None:
    """The body an issuer code names, when it names exactly one (BTCTW, CP; not TW, TU)."""
    if ident is None or ident.units:  # joint issuers "TTLT-BNV-VPCP", a unit "UBND-VP"
        return None
    code = kb.issuer_code(ident.issuer_code)
    return code.name if code is not None and code.unique else None


def _cite(group: list[_Mention], text: str, kb: KnowledgeBase) -> _Cited:
    """Merge a group's mentions and look the document up (see "resolve" in the docstring)."""
    ident = next((m.ident for m in group if m.ident is not None), None)
    word_type = next((m.type for m in group if m.type is not None), None)
    issuer = next((m.issuer for m in group if m.issuer), None)
    exact = kb.lookup(ident.full_id) if ident is not None else None
    problems = kb.problems(ident, word_type) if ident is not None else ()
    doc_type = word_type or _code_type(kb, ident)
    body = kb.bodies.get(key(issuer)) if issuer else None
    resolved = exact or kb.resolve(ident, doc_type, _number(group[0]), body[1] if body else None)
    type_name = word_type.name if word_type else (exact.type if exact else
                                                  doc_type.name if doc_type else None)
    if issuer is None and not problems:
        issuer = exact.issuer if exact and exact.issuer else _code_issuer(kb, ident)
    titled = next((m for m in group if m.title_span), None)
    title = text[slice(*titled.title_span)].strip(" ,") if titled and titled.title_span else None
    return _Cited(tuple(group), ident, type_name, _number(group[0]),
                  next((m.date for m in group if m.date), None), issuer, title or None,
                  max((m.relation for m in group), key=_RANK.__getitem__), exact, resolved,
                  problems)


def _text_facts(mentions: list[_Mention], groups: list[list[_Mention]], text: str,
                g: _Grammar) -> dict[int, tuple[RefStatus, int]]:
    """What cited titles say about nested citations: "... sửa đổi, bổ sung ... của Nghị định
    X" (amended by the citing one) or "thay thế X" (superseded)."""
    where = {x.span: i for i, grp in enumerate(groups) for x in grp}
    facts: dict[int, tuple[RefStatus, int]] = {}
    for x in mentions:
        if x.nested_in is None or x.span not in where:
            continue
        parent = mentions[x.nested_in]
        between = text[parent.title_span[0]:x.span[0]] if parent.title_span else ""
        kind = (RefStatus.SUPERSEDED if g.replace.search(between) else
                RefStatus.AMENDED if g.amend.search(between) else None)
        if kind is not None and parent.span in where:
            facts.setdefault(where[x.span], (kind, where[parent.span]))
    return facts


def _timing(kb: KnowledgeBase, reg: Regulation, when: str | None, plan_date: str | None,
            floor: str | None) -> str | None:
    """"before" or "after" the plan's date, or None when it cannot be told."""
    if plan_date:
        if kb.status(reg.full_id, plan_date).status is RefStatus.SUPERSEDED:
            return "before"
        return "after" if when and when > plan_date else None
    return "before" if when and floor and when <= floor else None


def _status(c: _Cited, kb: KnowledgeBase, plan_date: str | None,
            floor: str | None) -> tuple[RefStatus, str | None, list[tuple[str, str]]]:
    """Status, replacement and (code, message) warnings of one cited document."""
    notes = [("VB401", f"{c.ident.full_id if c.ident else ''}: {'; '.join(c.problems)}"
              + (f"; read as {c.resolved.full_id}" if c.resolved and not c.exact else ""))
             ] if c.problems else []
    reg = c.resolved
    if reg is None:
        return RefStatus.UNKNOWN, None, notes
    if c.date and reg.date and c.date != reg.date:
        notes.append(("VB404", (f"{reg.full_id} is cited as dated {c.date}; the knowledge "
                                f"base has {reg.date}")))
    now = kb.status(reg.full_id)
    if now.status is RefStatus.SUPERSEDED and now.replaced_by:
        later = kb.successors(reg.full_id)[1:]
        now_note = f" (now {later[-1]})" if later else ""
        timing = _timing(kb, reg, now.when, plan_date, floor)
        dated = (f"this plan's date {plan_date}" if plan_date else
                 f"this plan, which cites a document dated {floor}")
        if timing == "before":
            notes.append(("VB402", (f"{reg.full_id} was superseded by {now.replaced_by}"
                                    f"{now_note} on {now.when}, before {dated}")))
        elif timing == "after":
            notes.append(("VB403", (f"{reg.full_id} was current on {dated}; it was superseded "
                                    f"by {now.replaced_by}{now_note} on {now.when}")))
    return now.status, now.replaced_by, notes


def _section_at(sections: Sequence[Section], pos: int) -> str | None:
    inside = [s for s in sections if s.span[0] <= pos < s.span[1]]
    return max(inside, key=lambda s: s.depth).id if inside else None


def _floor(cited: list[_Cited]) -> str | None:
    """The plan is no older than the newest document it cites."""
    dates = [d for c in cited for d in (c.date, c.exact.date if c.exact else None) if d]
    return max(dates, default=None)


def _bad_dates(cited: list[_Cited]) -> list[Warning]:
    return [Warning("VB501", f"impossible date {m.bad_date!r} in a citation", m.span)
            for c in cited for m in c.mentions if m.bad_date]


# --- the stage -----------------------------------------------------------------------------
def extract_legal_refs(doc: Document, config: Config) -> Document:
    """Find the documents a plan cites, with their status relative to the plan's date.

    Args:
        doc: a normalised document; ``sections`` and ``meta.date`` are used when present.
        config: ``kb_paths`` adds knowledge-base files.

    Returns:
        ``doc`` with ``legal_refs`` (one per cited document, in order of first mention)
        and the reference warnings (VB401 to VB404, VB501) appended to ``warnings``.

    >>> from vbparser import load
    >>> doc = extract_legal_refs(load("Căn cứ Quy định số 124-QĐ/TW ngày 04/10/2023 của "
    ...                               "Bộ Chính trị;\\nĐảng ủy ban hành Kế hoạch."), Config())
    >>> [(r.full_id, r.date, r.issuer, r.relation.value) for r in doc.legal_refs]
    [('124-QĐ/TW', '2023-10-04', 'Bộ Chính trị', 'basis')]
    """
    kb, g, text = load_kb(config.kb_paths), _grammar(), doc.text
    own = id_key(doc.meta.number_symbol) if doc.meta.number_symbol else None
    region = _basis_region(text, g, doc.sections)
    mentions = _relate(text, _find(text, g, kb, own, region), g, region)
    groups = _group([x for x in mentions if _keep(x, region)])
    cited = [_cite(grp, text, kb) for grp in groups]
    facts = _text_facts(mentions, groups, text, g)
    floor, refs, warnings = _floor(cited), [], _bad_dates(cited)
    for i, c in enumerate(cited):
        status, replaced_by, notes = _status(c, kb, doc.meta.date, floor)
        if status is RefStatus.UNKNOWN and i in facts:  # the text says what changed it
            changer = cited[facts[i][1]].ident
            status, replaced_by = facts[i][0], changer.full_id if changer else None
        span = c.mentions[0].span
        warnings += [Warning(code, message, span) for code, message in notes]
        refs.append(LegalRef(
            id=f"ref{i + 1}", type=c.type, number=c.number,
            symbol=c.ident.symbol if c.ident else None,
            full_id=c.ident.full_id if c.ident else None, date=c.date, issuer=c.issuer,
            title=c.title, relation=c.relation, mentions=tuple(m.span for m in c.mentions),
            section=_section_at(doc.sections, span[0]), status=status,
            replaced_by=replaced_by, warnings=tuple(code for code, _ in notes)))
    return replace(doc, legal_refs=tuple(refs), warnings=doc.warnings + tuple(warnings))
