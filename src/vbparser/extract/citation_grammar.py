"""Patterns of legal references, built once from ``doc_types.yaml`` and ``issuers.yaml``.

Words are matched case-insensitively in either tone placement ("Tỉnh uỷ" / "Tỉnh ủy") and
with any run of spaces (``_words``); abbreviations ("NĐ", "TTLT") keep their case. The
patterns are used by ``citation_find`` (heads, dates, issuers, titles), ``citations``
(titles, the paragraph of legal bases, amending cues) and ``citation_resolve``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from vbparser.errors import ConfigError
from vbparser.kb import load_kb, new_style
from vbparser.normalize.fold import key
from vbparser.patterns import UPPER_VI, admin_levels

NUMBER_DIGITS = 5  # a bare number ("Quy định 124") has at most five digits
WORD = re.compile(r"\w+")
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


def _words(words: Sequence[str], whole: bool = True, wrapped: bool = False) -> str:
    """Regex for any of ``words``: either tone placement ("ủy"/"uỷ"), any run of spaces,
    longest first, starting a word (and ending one if ``whole``: "số31" needs False).
    With ``wrapped``, one line break may stand between two words (a name that a
    hard-wrapped text breaks: "của Ban Tổ chức" / "Trung ương về ..."). Use with
    ``re.IGNORECASE``.

    >>> bool(re.fullmatch(_words(["Tỉnh ủy"]), "TỈNH   UỶ", re.IGNORECASE))
    True
    >>> bool(re.fullmatch(_words(["Ban Tổ chức Trung ương"], wrapped=True),
    ...                   "Ban Tổ chức\\nTrung ương", re.IGNORECASE))
    True
    """
    forms = sorted({new_style(w).lower() for w in words}, key=len, reverse=True)
    escaped = (_NEW_PAIR.sub(_old_pair, re.escape(f).replace(r"\ ", " ")) for f in forms)
    space = "(?:[ \t]+|[ \t]*\n[ \t]*)" if wrapped else "[ \t]+"
    body = "|".join(e.replace(" ", space) for e in escaped)
    return rf"(?<!\w)(?:{body})" + (r"(?!\w)" if whole else "")


# The most characters of a name between a type word and "số" ("Luật Cán bộ, công chức số",
# "Quy chế phối hợp số").
NAME_REACH = 60


@dataclass(frozen=True, slots=True)
class Grammar:
    """Compiled patterns, built once from ``doc_types.yaml`` and ``issuers.yaml``."""

    before_id: re.Pattern[str]    # "Quy định số " before "124-QĐ/TW"; "số" before "31-QĐ/TW"
    named_before_id: re.Pattern[str]  # "Luật Viên chức số " before "58/2010/QH12"
    head_first: re.Pattern[str]   # the first word of a head: "Quy", "NĐ", "số"
    head_word: re.Pattern[str]    # the last word of a head: "định", "NĐ", "số"
    head_len: int                 # the length of the longest such word
    head_words: int               # the most words a head has ("Thông tư liên tịch số")
    number: re.Pattern[str]       # a bare number "124"
    before_number: re.Pattern[str]  # "Quy định " / "Kế hoạch số " before a bare number
    unnumbered: re.Pattern[str]   # "Kế hoạch " before "của ..."
    named: re.Pattern[str]        # "Luật Viên chức " before "ngày 15 tháng 11 năm 2010"
    type_word: re.Pattern[str]
    date_num: re.Pattern[str]     # ", ngày 04/10/2023", "04-10-2023", "4.10.2023"
    date_words: re.Pattern[str]   # "ngày 04 tháng 10 năm 2023"
    term: re.Pattern[str]         # "khoá XII", "(khóa XIII)"
    of: re.Pattern[str]           # "của ", "do "
    passed: re.Pattern[str]       # "được " before the body that passed it ...
    passed_verb: re.Pattern[str]  # ... and " thông qua" after it
    plenum: re.Pattern[str]       # "Hội nghị lần thứ 11 " before "Ban Chấp hành Trung ương"
    title: re.Pattern[str]        # "về ..."
    title_verb: re.Pattern[str]   # "sửa đổi, bổ sung ...", "quy định về ..." (lower case)
    body: re.Pattern[str]         # known issuer names and aliases
    sector: re.Pattern[str]       # "Giáo dục và Đào tạo": "và" inside a name
    # the words of a department or unit whose own name may hold "và" before a capital
    # ("Bộ Khí tượng và Hải văn", "Trung tâm Hỗ trợ phụ nữ và Dạy nghề")
    department: re.Pattern[str]
    joining: frozenset[str]       # "và": joins two names, or two parts of one
    word: re.Pattern[str]
    wrapped_word: re.Pattern[str]  # a capitalised word opening the next line
    unit_words: frozenset[str]    # the last word of "xã", "thị trấn": a proper name follows
    committee_words: frozenset[str]  # the last word of "Huyện ủy": a proper name may follow
    name_openers: frozenset[str]  # first words of bodies and organs: a name, not a place
    organ_names: frozenset[str]   # "ban tổ chức": the committee's name may follow on a new line
    title_end: re.Pattern[str]
    basis_cue: re.Pattern[str]
    issuing: re.Pattern[str]
    lead: re.Pattern[str]         # "Ngày 04/10/2023, Bộ Chính trị ban hành " before a head
    proposal: re.Pattern[str]     # "đề nghị của Giám đốc Sở Nội vụ tại " before a head
    cited_after: re.Pattern[str]  # "ban hành Quy định| số 124": a cited one, not the plan
    amend: re.Pattern[str]
    amended_by: re.Pattern[str]
    replace: re.Pattern[str]
    stops: frozenset[str]


@cache
def grammar() -> Grammar:
    kb = load_kb()
    cues = kb.cues
    names = [w for t in kb.types for w in (t.name, *t.aliases)]
    abbrevs = "|".join(sorted({re.escape(a) for t in kb.types for a in t.abbreviations},
                              key=len, reverse=True))
    types = rf"(?:{_words(names)}|(?<!\w)(?-i:{abbrevs})(?!\w))"
    so_words = cues["number"]
    first_words = [w.split()[0] for w in (*names, *so_words)]
    last_words = [w.split()[-1] for w in (*names, *so_words)]
    if bad := [w for w in (*first_words, *last_words) if not WORD.fullmatch(w)]:
        # _head and _may_head rely on it
        raise ConfigError(f"type words and number cues must start and end with a word, "
                          f"not {bad}")
    so = rf"(?P<so>{_words(cues['number'], whole=False)}){_SP}"
    date_cue = rf"{_OPT}(?:{_words(cues['passed_verbs'])}{_SP})?(?:{_words(cues['date'])}{_SP})?"
    year = r"(?P<y>(?:19|20)\d\d)(?!\d)"
    unit_words = frozenset(key(w.split()[-1]) for w in admin_levels()["unit_words"])
    return Grammar(
        before_id=re.compile(rf"(?:(?P<tw>{types}){_SP})?(?:{so}:?{_SP})?$", _I),
        # capitalised, as a citation writes its type word; the name never crosses a line
        named_before_id=re.compile(rf"(?-i:(?=[{UPPER_VI}]))(?P<tw>{types})[ \t]+"
                                   rf"(?P<name>[^\W\d][^\n;:()\d]{{0,{NAME_REACH}}}?)"
                                   rf"[ \t]+{so}:?{_SP}$", _I),
        head_first=re.compile(rf"{_words(first_words)}|(?-i:{abbrevs})", _I),
        head_word=re.compile(rf"{_words(last_words)}|(?-i:{abbrevs})", _I),
        head_len=max(map(len, (*last_words, *(a for t in kb.types for a in t.abbreviations)))),
        head_words=max(len(w.split()) for w in names) + max(len(w.split()) for w in so_words),
        number=re.compile(rf"\d{{1,{NUMBER_DIGITS}}}(?![\w/\-]|[.,]\d)"),
        before_number=re.compile(rf"(?P<tw>{types})[ \t]+(?:{so})?$", _I),
        unnumbered=re.compile(rf"(?P<tw>{_words(names)})[ \t]+"
                              rf"(?={_words(cues['issuer'][:1])})", _I),
        named=re.compile(rf"(?P<tw>{_words([t.name for t in kb.types if t.issuer])})[ \t]+"
                         rf"(?P<name>[^\W\d][^\n;()\d]{{1,200}}?)[ \t]*,?[ \t]+"
                         rf"(?={_words(cues['date'])}[ \t]+\d)", _I),
        type_word=re.compile(_words(names), _I),
        date_num=re.compile(rf"{date_cue}(?P<d>\d{{1,2}}){_SP}(?P<sep>[/.\-]){_SP}"
                            rf"(?P<m>\d{{1,2}}){_SP}(?P=sep){_SP}{year}", _I),
        date_words=re.compile(rf"{date_cue}(?P<d>\d{{1,2}})[ \t]+tháng[ \t]+(?P<m>\d{{1,2}})"
                              rf"{_OPT}năm[ \t]+{year}", _I),
        term=re.compile(rf"{_OPT}\(?{_SP}{_words(cues['term'])}[ \t]+(?P<term>[IVXL]+)(?!\w)\)?",
                        _I),
        of=re.compile(rf"{_OPT}(?P<w>{_words(cues['issuer'])})[ \t]+", _I),
        passed=re.compile(rf"{_OPT}{_words(cues['passed'])}[ \t]+", _I),
        passed_verb=re.compile(rf"[ \t]+{_words(cues['passed_verbs'])}", _I),
        plenum=re.compile(rf"{_words(cues['plenum'])}[ \t]+\w+[ \t]+(?:của[ \t]+)?", _I),
        title=re.compile(rf"{_OPT}(?={_words(cues['title'])})", _I),
        title_verb=re.compile(rf"{_OPT}(?={_words(cues['title_verbs'])})", _I),
        body=re.compile(_words(list(kb.bodies), wrapped=True), _I),
        sector=re.compile(_words(admin_levels()["sectors"]), _I),
        department=re.compile(_words([b["words"] for b in admin_levels()["bodies"]
                                      if b.get("start_only")]), _I),
        joining=frozenset({"và"}),
        # a word of a name; a dash may join two ("Bà Rịa - Vũng Tàu")
        word=re.compile(r"[ \t]*(?P<dash>[-\u2013][ \t]*)?(?P<w>[^\W\d_]+)"),
        wrapped_word=re.compile(rf"[ \t]*\n[ \t]*(?P<dash>)(?P<w>[{UPPER_VI}][^\W\d_]*)"),
        unit_words=unit_words,
        committee_words=frozenset(
            key(b["words"].split()[-1]) for b in admin_levels()["bodies"]
            if b.get("territorial")) - unit_words,
        name_openers=frozenset(key(w["words"].split()[0]) for w in
                               admin_levels()["bodies"] + admin_levels()["organs"]),
        organ_names=frozenset(key(o["words"]) for o in admin_levels()["organs"]),
        title_end=re.compile(rf";|\n|\.(?=[ \t]*(?:\n|$)|[ \t]+[{UPPER_VI}]|/)|\)"),
        basis_cue=re.compile(_words(cues["basis"]), _I),
        issuing=re.compile(rf"{_words(cues['issuing'])}[ \t]+{_words(names)}", _I),
        cited_after=re.compile(rf"{_SP}(?:{_words(cues['number'], whole=False)}|\d)", _I),
        lead=re.compile(rf"{_words(cues['date'])}[ \t]+(?P<d>\d{{1,2}})[/.\-](?P<m>\d{{1,2}})"
                        rf"[/.\-](?P<y>(?:19|20)\d\d){_SP},{_SP}(?P<issuer>[^\n;,.]+?)[ \t]+"
                        rf"{_words(cues['issuing'])}[ \t]+$", _I),
        proposal=re.compile(rf"{_words(cues['proposal'])}[ \t]+(?:{_words(cues['proposer'])}"
                            rf"[ \t]+)?(?P<issuer>[^\n;,.]+?)[ \t]+{_words(cues['proposal_link'])}"
                            rf"[ \t]+$", _I),
        amend=re.compile(_words(cues["amend"]), _I),
        amended_by=re.compile(_words(cues["amended_by"]), _I),
        replace=re.compile(_words(cues["replace"]), _I),
        stops=frozenset(key(w) for w in cues["issuer_stop"]),
    )
