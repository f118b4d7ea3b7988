"""Find the mentions of cited documents in a plan (the first step of ``citations``).

Three kinds of mention: a number-symbol with an optional type word and "số" before it
("Quy định số 124-QĐ/TW", "Nghị định 90/2020/NĐ-CP", "số31-QĐ/TW"); a type word with a
bare number ("Quy định 124"), which only joins a document cited with its full number
unless "số" is written; and an **unnumbered** reference, a capitalised type word followed
by "của <issuer>" ("Kế hoạch của Huyện ủy X"), or a law named and dated ("Luật Viên chức
ngày 15 tháng 11 năm 2010", its issuer the one body that passes laws), looked for only in
the paragraph of legal bases. After the head come, in any order, the date ("ngày
04/10/2023", "04-10-2023", "ngày 04 tháng 10 năm 2023"), a Party term instead of a date
("khoá XII"), the issuer ("của <body>", "do <body> ban hành"), and then where the title
starts ("về ...", or a lower-case "sửa đổi, bổ sung ...", "quy định ..."). The plan's own
number line ("Số 12-KH/TU" at the start of a line) is not a citation. Every match is a
span of ``doc.text``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from vbparser.extract.citation_grammar import NAME_REACH, NUMBER_DIGITS, WORD, Grammar, grammar
from vbparser.identifiers import FOOTNOTE_MARKS
from vbparser.kb import (
    DocType,
    Identifier,
    KnowledgeBase,
    find_identifiers,
    id_key,
    identifier_from_match,
    starts_identifier,
)
from vbparser.model import Relation
from vbparser.normalize.fold import key
from vbparser.patterns import digit_runs
from vbparser.spans import Span

_HEAD_REACH = 48  # a citation head ("Thông tư liên tịch số ") is read this far back
_LEAD_REACH = 120  # "Ngày 04/10/2023, Ban Chấp hành Trung ương ban hành " before a head
_LAST_WORD = re.compile(r"\w+\Z")
# Before an unnumbered citation in lower case, one more of a list of bases: "...; hướng
# dẫn của Ban Tổ chức Đảng ủy ...", "... và hướng dẫn của Ban Xây dựng Đảng ...". Not a
# comma: "các văn bản chỉ đạo, hướng dẫn của Huyện ủy" names no one document.
_LISTED = re.compile(r"(?:;|(?<!\w)và)[ \t]*\Z")
_LISTED_REACH = 6
# A number-symbol whose number a copy left blank (domain.md §7: "số - HD/ĐU", "số
# /KH-UBND"): the symbol after "số" and spaces or dots, with its dash or slash.
_BLANK_NUMBER = re.compile(r"(?<!\w)(?i:số)[ \t]*:?[ \t]*[.…]*[ \t]*(?P<symbol>"
                           r"-[ \t]*[A-ZĐ][A-ZĐa-zđ]{0,4}/[A-ZĐ][A-ZĐ0-9]{0,13}"
                           r"|/[ \t]*[A-ZĐ][A-ZĐa-zđ]{0,4}-[A-ZĐ][A-ZĐ0-9]{0,13})(?![\w/-])")


@dataclass(frozen=True, slots=True)
class Mention:
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


def _type_of(kb: KnowledgeBase, match: re.Match[str] | None, text: str) -> DocType | None:
    if match is None or match.group("tw") is None:
        return None
    return kb.type_named(text[match.start("tw"):match.end("tw")])


# "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sơn Khê" has 13 words
_MAX_ISSUER_WORDS = 16


def _issuer_run(text: str, pos: int, g: Grammar, kb: KnowledgeBase) -> tuple[str, int] | None:
    """Read the issuer name starting at ``pos``: a known body ("Bộ Chính trị", "Ban Chấp
    hành Trung ương Đảng"), else capitalised words up to a stop word or punctuation; a
    name broken by a hard wrap goes on with the capitalised word opening the next line
    ("... Đảng ủy xã" / "Sơn Lạc về ...", "... Huyện ủy Lâm" / "Kỳ về ..."), unless that
    word opens another name or a document type. A plenum before the body ("Hội nghị lần
    thứ 11 Ban Chấp hành Trung ương") is passed over: the body is the issuer."""
    if plenum := g.plenum.match(text, pos):
        pos = plenum.end()
    known = g.body.match(text, pos)
    if known:
        return kb.canonical_issuer(known.group()), known.end()
    end, count, wraps = pos, 0, False
    while count < _MAX_ISSUER_WORDS and (m := g.word.match(text, end) or (
            g.wrapped_word.match(text, end) if wraps else None)):
        word = m.group("w")
        folded = key(word)
        wraps = word[0].isupper() or folded in g.unit_words or folded in g.committee_words
        if m.re is g.wrapped_word and not _name_ends_soon(text, m, g) and \
                key(text[pos:end]) not in g.organ_names:
            # the next line opens something else: "... Huyện ủy" / "Ban Thường vụ ...";
            # after an organ alone it names the organ's committee ("Ban Xây dựng Đảng" /
            # "Đảng ủy phường ...")
            break
        capital = word[0].isupper()
        if (count == 0 or m.group("dash")) and not capital:
            break
        nxt = g.word.match(text, m.end())
        pair = f"{key(word)} {key(nxt.group('w'))}" if nxt else ""
        if not capital and (key(word) in g.stops or pair in g.stops) and not _joins_name(
                text, pos, m, nxt, g):
            break
        if count and capital and g.type_word.match(text, m.start("w")):
            break
        if count and capital and (inner := g.body.match(text, m.start("w"))):
            # a known body after its organ, its name holding a comma ("Ban Thường vụ Đảng
            # ủy Mặt trận Tổ quốc, các đoàn thể tỉnh")
            end, count = inner.end(), count + 1
            break
        end, count = m.end(), count + 1
        if capital and (sector := g.sector.match(text, m.start("w"))):
            end = sector.end()  # "Sở Giáo dục và Đào tạo": "và" does not end it
    if not count:
        return None
    name = text[pos:end]
    code = kb.issuer_code(name) if count == 1 and name.isupper() else None
    if code is not None and code.unique:  # "của CP": the code of one body written alone
        return code.name, end
    return kb.canonical_issuer(name), end


def _joins_name(text: str, pos: int, m: re.Match[str], nxt: re.Match[str] | None,
               g: Grammar) -> bool:
    """Whether "và" (``m``) joins two parts of a department's own name rather than two
    names: "Bộ Khí tượng và Hải văn", after a department's word and before a capital that
    opens no other name or document ("của Bộ Nội vụ và Bộ Tài chính": two)."""
    if key(m.group("w")) not in g.joining or nxt is None or not nxt.group("w")[0].isupper():
        return False
    if key(nxt.group("w")) in g.name_openers or g.type_word.match(text, nxt.start("w")):
        return False
    return g.department.search(text, pos, m.start()) is not None


def _name_ends_soon(text: str, wrapped: re.Match[str], g: Grammar) -> bool:
    """Whether the capitalised word opening a line (``wrapped``) ends a name broken by
    the wrap: it opens no other name or document type, and the name ends after it or
    after one more capitalised word ("Kỳ về ...", "Sơn Lạc, ..."), where a new sentence
    would go on ("Các chi bộ thực hiện ...")."""
    if key(wrapped.group("w")) in g.name_openers or g.type_word.match(text, wrapped.start("w")):
        return False
    end = wrapped.end()
    for _ in range(2):
        nxt = g.word.match(text, end)
        if nxt is None or nxt.group("dash"):
            return True  # punctuation or the line's end
        word = nxt.group("w")
        if not word[0].isupper():
            return key(word) in g.stops
        end = nxt.end()
    return False


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


def _tail(text: str, pos: int, g: Grammar, kb: KnowledgeBase) -> _Tail:
    """Read date, term and issuer after a citation head, in any order, then the title
    (past a footnote's mark on the head: "Nghị định số 48/2023/NĐ-CP³ của Chính phủ")."""
    while text[pos:pos + 1] and text[pos] in FOOTNOTE_MARKS:
        pos += 1
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
        elif issuer is None and (m := g.passed.match(text, end)) and (
                run := _issuer_run(text, m.end(), g, kb)) and g.passed_verb.match(text, run[1]):
            issuer, end = run  # "được Quốc hội thông qua ngày ...": the date follows
        else:
            break
    m = g.title.match(text, end) or g.title_verb.match(text, end)
    title_at = m.end() if m and (m.re is g.title or text[m.end()].islower()) else None
    return _Tail(end, date, bad_date, term, issuer, title_at)


def _with_lead(text: str, start: int, tail: _Tail, g: Grammar, kb: KnowledgeBase) -> _Tail:
    """``tail`` with the date and issuer a narrative sentence states before the citation
    ("Ngày 04/10/2023, Bộ Chính trị ban hành Quy định số 124-QĐ/TW ..."), where the
    citation itself states neither, or with the issuer of the proposal it is ("Theo đề
    nghị của Giám đốc Sở Nội vụ tại Tờ trình số ...") where it states none."""
    if tail.issuer is not None:
        return tail
    window = max(text.rfind("\n", 0, start) + 1, start - _LEAD_REACH)
    dated = tail.date is None and tail.bad_date is None
    lead = (g.lead.search(text, window, start) if dated else None) or \
        g.proposal.search(text, window, start)
    if lead is None:
        return tail
    run = _issuer_run(text, lead.start("issuer"), g, kb)
    if run is None or run[1] != lead.end("issuer"):
        return tail  # not a body's name between the date and the verb
    if lead.re is g.proposal:
        return replace(tail, issuer=run[0])
    date, bad_date = _date(lead)
    return replace(tail, date=date, bad_date=bad_date, issuer=run[0])


def _is_own_number(text: str, head: re.Match[str] | None) -> bool:
    """"Số 12-KH/TU" opening a line is the plan's own number, not a citation."""
    if head is None or head.group("tw") or head.group("so") is None:
        return False
    start = head.start("so")
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and text[start].isupper()


def _head(pattern: re.Pattern[str], text: str, end: int, g: Grammar,
          reach: int = _HEAD_REACH, every: bool = False) -> re.Match[str] | None:
    """The type word and "số" just before ``end`` (a non-empty match, or None).

    A head is at most ``g.head_words`` words, so the search is a match at each of the last
    few words before ``end`` (with ``every``, at each word within ``reach``), leftmost
    first, that can open a head (``_opens_head``); ``_may_head`` rules most numbers out
    before that. A head may end a line ("Quy định số" / "124-QĐ/TW"): "$" also matches
    before a line break that ends the window. A number opening a line after any other
    word has no head: its mention starts at the number itself.
    """
    if not _may_head(text, end, g):
        return None
    words = list(WORD.finditer(text, max(0, end - reach), end))
    for word in words if every else words[-g.head_words:]:
        if _opens_head(word.group()) and (m := pattern.match(text, word.start(), end)):
            return m
    return None


def _named_head(text: str, end: int, g: Grammar) -> re.Match[str] | None:
    """A type word, the name of the document and "số" before the number-symbol at ``end``
    ("Luật Viên chức số 58/2010/QH12", "Quy chế phối hợp số 03/QCPH-UBND-MTTQ"): the name
    is the title. The type word is capitalised, as a citation writes it.

    >>> t = "Căn cứ Luật Cán bộ, công chức số 80/2025/QH15"
    >>> _named_head(t, t.index("80"), grammar()).group("tw", "name")
    ('Luật', 'Cán bộ, công chức')
    >>> t = "theo hướng dẫn chung số 12/HD-SNV"
    >>> _named_head(t, t.index("12"), grammar()) is None
    True
    """
    return _head(g.named_before_id, text, end, g, _HEAD_REACH + NAME_REACH, every=True)


@lru_cache(maxsize=4096)
def _opens_head(word: str) -> bool:
    """Whether a head can start with ``word``: the first word of a type word or of "số"
    (a head that matches starts with such a word; most other words of a plan do not)."""
    return grammar().head_first.fullmatch(word) is not None


def _may_head(text: str, end: int, g: Grammar) -> bool:
    """A cheap test before the search for a head ending at ``end``.

    A head ends in a type word or "số", then spaces, tabs, a colon (and a line break,
    which "$" allows), so the word before ``end`` must be the last word of one. Most
    numbers in a plan, after "ngày", "tháng", "năm" or at a line start, stop here.
    """
    before = text[max(0, end - _HEAD_REACH):end].rstrip(" \t:\n")
    word = _LAST_WORD.search(before, max(0, len(before) - g.head_len - 1))
    return word is not None and g.head_word.fullmatch(word.group()) is not None


def find_mentions(text: str, g: Grammar, kb: KnowledgeBase, own: str | None,
          region: Span | None) -> list[Mention]:
    """Every mention: number-symbols, then bare numbers, then unnumbered references in the
    paragraph of bases (see the module docstring)."""
    found: list[Mention] = []
    for m in find_identifiers(text):
        if not starts_identifier(text, m.start()):
            continue
        ident = identifier_from_match(m, text)
        if ident is None or (own and id_key(ident.full_id) == own):
            continue
        head = _head(g.before_id, text, m.start(), g)
        if _is_own_number(text, head):
            continue
        named = _named_head(text, m.start(), g) if head is None or head.group("tw") is None \
            else None
        head = named or head
        start = head.start() if head else m.start()
        mention = _mention(start, _type_of(kb, head, text),
                           _with_lead(text, start, _tail(text, m.end(), g, kb), g, kb),
                           ident=kb.interpret(ident))
        found.append(replace(mention, title_span=named.span("name")) if named else mention)
    taken = [x.span for x in found]
    for start, end in digit_runs(text):
        if end - start > NUMBER_DIGITS or not starts_identifier(text, start) or not (
                number := g.number.match(text, start)):
            continue
        head = _head(g.before_number, text, number.start(), g)
        if head and not any(s <= number.start() < e for s, e in taken):
            found.append(_mention(head.start(), _type_of(kb, head, text),
                                  _tail(text, number.end(), g, kb), number=number.group(),
                                  numbered_so=head.group("so") is not None))
    for m in _BLANK_NUMBER.finditer(text):  # "Kế hoạch số    -KH/HU ngày ...": no number
        head = _head(g.before_number, text, m.start("symbol"), g)
        if head is not None and head.group("so") is not None:
            found.append(_mention(head.start(), _type_of(kb, head, text),
                                  _tail(text, m.end(), g, kb)))
    for m in _unnumbered(text, g.unnumbered, region):
        tail = _tail(text, m.end(), g, kb)
        if tail.issuer and (text[m.start()].isupper() or _LISTED.search(
                text, max(0, m.start() - _LISTED_REACH), m.start())):
            found.append(_mention(m.start(), _type_of(kb, m, text), tail))
    for m in _unnumbered(text, g.named, region):
        tail = _tail(text, m.end(), g, kb)
        if text[m.start()].isupper() and tail.date:  # "Luật Viên chức ngày 15/11/2010"
            found.append(replace(_mention(m.start(), _type_of(kb, m, text), tail),
                                 title_span=(m.start(), m.end("name"))))
    return sorted(found, key=lambda x: x.span)


def _unnumbered(text: str, head: re.Pattern[str], region: Span | None
                ) -> Iterator[re.Match[str]]:
    """The matches of ``head`` in the ``region`` of ``text`` (``g.unnumbered``,
    ``g.named``), tried only at the words that can open a head (a match starts at a word
    that opens a type word), each after the one before (a law named inside another's
    title is part of that title)."""
    if region is None:
        return
    after = region[0]
    for word in WORD.finditer(text, *region):
        if word.start() >= after and _opens_head(word.group()) and (
                m := head.match(text, word.start(), region[1])):
            yield m
            after = m.end()


def _mention(start: int, doc_type: DocType | None, tail: _Tail, ident: Identifier | None = None,
             number: str | None = None, numbered_so: bool = False) -> Mention:
    return Mention((start, tail.end), doc_type, ident, number, tail.date, tail.bad_date,
                    tail.issuer, tail.title_at, numbered_so=numbered_so)
