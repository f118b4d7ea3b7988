"""Names of issuing bodies and their administrative levels (issue 3, domain.md §3.3).

``find_bodies`` finds the bodies a text names ("Thường trực Huyện ủy Yên Hà" →
"Huyện ủy Yên Hà"), with the proper name that follows a territorial body's words;
``body_level`` gives a body's level, aware of the date (no district level after 30 June
2025) and of the body above it (a chi bộ under a district committee is grassroots, one
under a grassroots committee is a branch; a Thành ủy is provincial only for a
centrally-run city). Every word comes from ``data/admin_levels.yaml``; other extractors
(deadline actors, subject levels) may use these functions too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from vbparser.model import Level
from vbparser.normalize.fold import fold_slice, key, match_text
from vbparser.patterns import (
    PROPER_NAME,
    UPPER_VI,
    admin_levels,
    body_scan_patterns,
    national_pattern,
    organ_scan_pattern,
    type_line_pattern,
)
from vbparser.spans import Span

# The rest of a name after "Sở", "Bộ" or "Chi bộ": up to eight words (numbers too: "Khu
# phố 3"), up to punctuation but for a dash joining two parts of it ("Phòng Tài chính –
# Kế hoạch", "Khoa Nội - Nhi": a capital after it).
_PHRASE = re.compile(r"(?:[ \t]+(?:[^\W\d_][\w]*|\d{1,3}))"
                     rf"(?:(?:[ \t]+[-–](?=[ \t]+[{UPPER_VI}]))?[ \t]+(?:[^\W_][\w]*)){{0,7}}")
# What may stand between a line or clause start (a line break or one of _CLAUSE_END) and
# a body's words: blanks and bullets, as in ``patterns.body_patterns``.
_LEAD = " \t-+•–"
_CLAUSE_END = "\n,;.:|>"  # "|": a cell of a pipe table; ">": a line break in one ("<br>")
# A word of a proper name, with its position (the names above are split on white space).
_WORD = re.compile(r"\S+")
# A Party committee named by the body it serves: "Đảng ủy Sở Y tế" ("sở" counts there).
_COMMITTEE_WORDS = ("đảng ủy", "đảng bộ")
_DASHES = ("-", "–")  # inside a name in capitals: "CƠ QUAN DÂN - CHÍNH - ĐẢNG"
_COMPOUNDS = frozenset(["cơ sở"])  # a stop word ending one of these is a word of the name
_RULE_CHARS = " \t-_–—=*"  # the rule under a header column, read into the line beside it
_WRAPPED_WORDS = 8  # the most words of a header line that goes on the name above it


@dataclass(frozen=True, slots=True)
class Body:
    """A body named in a text.

    Attributes:
        words: the display form of the body's words ("Huyện ủy").
        proper: the proper name after them ("Yên Hà"), title-cased if written in
            capitals, or None.
        entry: its ``admin_levels.yaml`` entry.
        span: where the words and the proper name stand in the searched text.
    """

    words: str
    proper: str | None
    entry: dict[str, Any]
    span: Span

    @property
    def name(self) -> str:
        """Display name: "Huyện ủy Yên Hà"."""
        return f"{self.words} {self.proper}" if self.proper else self.words

    @property
    def committee(self) -> str:
        """The committee a Party organisation stands for: "Đảng bộ huyện X" → "Huyện ủy X"."""
        words = self.entry.get("committee") or self.words
        return f"{words} {self.proper}" if self.proper else words


def find_bodies(text: str, start: int = 0, end: int | None = None, *,
                fold: str | None = None) -> list[Body]:
    """Every body named in ``text[start:end]``, in order.

    A body's proper name stops where the next body starts ("ĐẢNG BỘ TỈNH X ĐẢNG ỦY XÃ Y").
    ``fold`` is ``match_text`` of the whole ``text`` when the caller has it
    (``normalize.fold.folded``): it is sliced instead of folding the slice again, which
    gives the same string when ``start`` and ``end`` do not cut a word.

    >>> [b.name for b in find_bodies("Thường trực Huyện ủy Yên Hà; Ban Tổ chức Huyện ủy")]
    ['Huyện ủy Yên Hà', 'Huyện ủy']
    >>> [b.name for b in find_bodies("ĐẢNG BỘ HUYỆN ĐẠI TỪ ĐẢNG ỦY XÃ LA BẰNG")]
    ['Đảng bộ huyện Đại Từ', 'Đảng ủy xã La Bằng']
    """
    end = len(text) if end is None else end
    if fold is None and start == 0 and end == len(text):
        fold = match_text(text)  # a whole name: fold it once, and slice its words from it
    folded = fold_slice(text, fold, start, end)  # same length: positions shift by ``start``
    anywhere, start_words, entries = body_scan_patterns()
    spans = [m.span() for m in anywhere.finditer(folded)]
    if "ủy ban" in folded:
        spans = _people_committees(folded, spans, anywhere)
    if any(map(folded.__contains__, _start_words())):
        count = len(spans)
        for first in _clause_starts(folded, start_words):
            if not any(s < first[1] and e > first[0] for s, e in spans):
                spans.append(first)
        if len(spans) > count:
            spans.sort()
    bodies = []
    for i, (s, e) in enumerate(spans):
        limit = start + (spans[i + 1][0] if i + 1 < len(spans) else len(folded))
        matched = folded[s:e].lstrip(_LEAD)
        entry = entries[" ".join(matched.split())]
        proper, stop = _proper_name(text, start + e, limit, entry, fold)
        bodies.append(Body(entry["display"], proper, entry, (start + e - len(matched), stop)))
    return _committees_of(text, bodies)


_PEOPLE_COMMITTEE = re.compile(r"ủy\s+ban\s+nhân\s+dân(?!\w)")


def _people_committees(folded: str, spans: list[Span], anywhere: re.Pattern[str]) -> list[Span]:
    """``spans`` with a match that ends on the "ủy" of "Ủy ban nhân dân" given up for the
    People's Committee: "BAN CÁN SỰ ĐẢNG" / "ỦY BAN NHÂN DÂN TỈNH" is no "Đảng ủy", and
    "Ban cán sự đảng Ủy ban nhân dân tỉnh" names the committee's Party delegation.

    >>> t = "ban cán sự đảng\\nủy ban nhân dân tỉnh"
    >>> [t[a:b] for a, b in _people_committees(t, [(11, 18)], re.compile("ủy ban nhân dân tỉnh"))]
    ['ủy ban nhân dân tỉnh']
    """
    out = []
    for s, e in spans:
        committee = _PEOPLE_COMMITTEE.match(folded, e - 2) if folded[s:e].endswith("ủy") else None
        if committee is None:
            out.append((s, e))
            continue
        found = anywhere.match(folded, e - 2)
        if found is not None and not any(a < found.end() and found.start() < b for a, b in out):
            out.append(found.span())
    return sorted(set(out))


def _committees_of(text: str, bodies: list[Body]) -> list[Body]:
    """Join a Party committee named by the body it serves to that body: "Đảng ủy" right
    before "Ủy ban nhân dân tỉnh" (or "Sở Y tế") on the same line is "Đảng ủy Ủy ban
    nhân dân tỉnh", the committee of that body, not the body itself. A Party delegation
    ("Ban cán sự đảng", "Đảng đoàn") joins the body on its line or, in a header, on the
    next ("BAN CÁN SỰ ĐẢNG" / "ỦY BAN NHÂN DÂN TỈNH"). A committee without a place right
    after a Party unit's name is a word of it ("Chi bộ Văn phòng Huyện ủy").

    >>> [b.name for b in find_bodies("TỈNH ỦY AN GIANG\\nBAN CÁN SỰ ĐẢNG\\nỦY BAN NHÂN DÂN TỈNH")]
    ['Tỉnh ủy An Giang', 'Ban cán sự đảng Ủy ban nhân dân tỉnh']
    """
    out: list[Body] = []
    for body in bodies:
        last = out[-1] if out else None
        gap = text[last.span[1]:body.span[0]] if last is not None else ""
        if last is not None and last.proper is None and last.span[1] < body.span[0] and (
                (last.entry.get("caps_name") and last.entry.get("under")
                 and not gap.strip(" \t"))
                or (last.entry.get("delegation") and not gap.strip() and gap.count("\n") <= 1)):
            out[-1] = Body(last.words, body.name, last.entry, (last.span[0], body.span[1]))
        elif last is not None and last.proper and body.proper is None and (
                last.entry.get("branch") or last.entry.get("caps_name")) and body.entry.get(
                "territorial") and gap and not gap.strip(" \t"):
            # "Chi bộ Văn phòng Huyện ủy": the committee whose office the unit is, a word
            # of its name (a committee named on the same line would have a place)
            out[-1] = Body(last.words, f"{last.proper} {body.words}",
                           last.entry, (last.span[0], body.span[1]))
        else:
            out.append(body)
    return out


def _clause_starts(folded: str, words: re.Pattern[str]) -> Iterator[Span]:
    """The ``start_only`` body words (``words``) that open a line or a clause of
    ``folded``, each with the blanks and bullets before it ("- Sở Nội vụ", ", sở ...")."""
    for found in words.finditer(folded):
        begin = found.start()
        while begin > 0 and folded[begin - 1] in _LEAD:
            begin -= 1
        if begin == 0 or folded[begin - 1] in _CLAUSE_END or (
                folded[max(0, begin - 12):begin].rstrip(" \t").endswith(_COMMITTEE_WORDS)):
            yield begin, found.end()


def _proper_name(text: str, start: int, limit: int, entry: dict[str, Any],
                 fold: str | None) -> tuple[str | None, int]:
    """The name after a body's words: capitalised words ("Yên Hà"); after "Sở", "Bộ"
    or "Chi bộ", the rest of the phrase ("Nội vụ", "Trường Tiểu học Tân Mỹ")."""
    if entry.get("start_only") or entry.get("branch") or entry.get("caps_name"):
        # a committee named by its header's capitals ("ĐẢNG ỦY" + "CÔNG TY CỔ PHẦN") has
        # no name in running text ("Đảng ủy họp ...")
        end = _caps_end(text, start, limit) if entry.get("caps_name") else limit
        match = _PHRASE.match(text, start, end)
    elif entry.get("territorial"):
        match = PROPER_NAME.match(text, start, limit)
    else:
        return None, start
    if match is not None:
        words, stop = _until_stop_word(text, match.start(), match.end(), fold)
        if not words:
            return None, start
    elif text[text.rfind("\n", 0, start) + 1:start].isupper():  # the whole name wraps
        words, stop = [], start  # to the next line ("TRƯỜNG ĐẠI HỌC" / "BÌNH XUYÊN NAM")
    else:
        return None, start
    if all(w.isupper() or w.isdigit() or w in _DASHES for w in words):
        # a narrow header cell wraps a long name: "ĐẢNG BỘ HUYỆN KHÁNH" / "AN"
        more, stop = _wrapped_caps(text, stop, limit, fold)
        words = _lower_units([w[:1] + w[1:].lower() for w in words + more])
    return " ".join(words) or None, stop


def _lower_units(words: list[str]) -> list[str]:
    """Title-cased words with the words of a kind of unit inside them in lower case, as
    a name writes them: "Giáo Dục Và Đào Tạo Tỉnh Phước Hà" → "... tỉnh Phước Hà"."""
    out = list(words)
    for unit in map(str.split, unit_words()):
        n = len(unit)
        for i in range(1, len(out) - n + 1):
            if [match_text(w) for w in out[i:i + n]] == unit:
                out[i:i + n] = unit
    return out


def _caps_end(text: str, start: int, end: int) -> int:
    """Where the words in capitals from ``start`` end, before ``end``."""
    stop = start
    for word in _WORD.finditer(text, start, end):
        if word.group() in _DASHES:
            continue  # "CƠ QUAN DÂN - CHÍNH - ĐẢNG"
        if not word.group().isupper():
            break
        stop = word.end()
    return stop


def _wrapped_caps(text: str, pos: int, limit: int, fold: str | None) -> tuple[list[str], int]:
    """The words of the next line when it goes on a name in capitals: a short line in
    capitals naming no body, organ ("BAN TỔ CHỨC"), document type ("KẾ HOẠCH"), number
    or national heading; else none, and ``pos``."""
    brk = text.find("\n", pos, limit)
    if brk == -1 or text[pos:brk].strip(_RULE_CHARS):  # the right column's rule may stand
        return [], pos  # beside it ("ĐẢNG ỦY TỔNG CÔNG TY X   -------")
    end = text.find("\n", brk + 1, limit)
    end = limit if end == -1 else end
    line = text[brk + 1:end]
    end = _caps_end(text, brk + 1, end)  # not the place line set beside it ("Bình Sơn, ...")
    words = text[brk + 1:end].split()
    if not 0 < len(words) <= _WRAPPED_WORDS or not all(w.isalpha() for w in words):
        return [], pos
    kept, stop = _until_stop_word(text, brk + 1, end, fold)
    folded = fold_slice(text, fold, brk, end)
    if (len(kept) < len(words) or body_scan_patterns()[0].search(folded)
            or organ_scan_pattern()[0].search(folded) or type_line_pattern().search(line)):
        return [], pos
    return kept, stop


def _until_stop_word(text: str, start: int, end: int,
                     fold: str | None) -> tuple[list[str], int]:
    """The words of ``text[start:end]`` up to a word that starts another header part, and
    where the last one kept ends.

    "Số" (the number line), "SỞ" after a name (a department; "cơ sở", "CƠ SỞ" are words
    of the name: "TRƯỜNG TRUNG HỌC CƠ SỞ", and so is a department the body is in: "CHI BỘ
    SỞ TƯ PHÁP", or one ending the line: "CHI BỘ VĂN PHÒNG CỤC"), a national heading
    ("ĐẢNG CỘNG SẢN VIỆT NAM" read into the same line), or a word in lower case after a
    name in capitals ("ĐẢNG ỦY XÃ TÂN LẬP Tân Lập, ngày ..." is the place line next to it).
    """
    stops, initials = _stop_words(), _national_initials()
    number = _number_word()
    national = national_pattern()
    kept: list[str] = []
    pos = start
    for found in _WORD.finditer(text, start, end):
        word, at = found.group(), found.start()
        folded = fold_slice(text, fold, at, found.end())
        compound = bool(kept) and f"{match_text(kept[-1])} {folded}" in _COMPOUNDS
        last = folded != number and _NAME_AFTER.match(text, found.end(), end) is None
        if word[0].isupper() and folded in stops and not compound and not last and (
                kept if folded != number else _NUMBER_AFTER.match(text, found.end())) or (
                folded[:1] in initials and national.match(fold_slice(text, fold, at, at + 60))):
            break  # "Số" only before a number: "ĐẢNG ỦY BỘ HẠ TẦNG SỐ" ends a name
        if kept and len(kept[-1]) > 1 and kept[-1].isupper() and not word.isupper() and (
                not word.isdigit() and word not in _DASHES):
            break  # one capital ("Sở Y tế") is no name in capitals; "DÂN - CHÍNH" goes on
        kept.append(word)
        pos = found.end()
    return kept, pos


# A name after a department's word on its line: without one, the word ends the name it
# is in ("CHI BỘ VĂN PHÒNG CỤC").
_NAME_AFTER = re.compile(r"[ \t]*\w")
# What follows the number word of a number line: the number, or its colon or dash.
_NUMBER_AFTER = re.compile(r"[ \t]*[:\d\-–/]")


@cache
def _number_word() -> str:
    from vbparser.patterns import markers

    return match_text(markers()["header"]["number_word"])


@cache
def _stop_words() -> frozenset[str]:
    from vbparser.patterns import markers

    starts = (b["words"] for b in admin_levels()["bodies"]
              if b.get("start_only") and not b.get("in_names"))
    return frozenset(match_text(w) for w in (markers()["header"]["number_word"], *starts))


@cache
def _start_words() -> tuple[str, ...]:
    """The first words of the ``start_only`` bodies, folded: a text without any of them
    names none of those bodies."""
    return tuple({match_text(b["words"]).split()[0] for b in admin_levels()["bodies"]
                  if b.get("start_only")})


@cache
def _national_initials() -> frozenset[str]:
    """First letters of the national headings, once folded: a word starting with another
    letter cannot open one."""
    from vbparser.patterns import markers

    return frozenset(match_text(" ".join(p.split()))[:1] for p in markers()["header"]["national"])


def find_organ(text: str, start: int = 0, end: int | None = None, *,
               fold: str | None = None) -> tuple[dict[str, Any], Span] | None:
    """The first organ of a committee ("Ban Thường vụ") named in ``text[start:end]``.

    ``fold`` is ``match_text`` of the whole ``text``, as for :func:`find_bodies`.

    >>> find_organ("T/M BAN THƯỜNG VỤ")[0]["display"]
    'Ban Thường vụ'
    """
    pattern, entries = organ_scan_pattern()
    match = pattern.search(fold_slice(text, fold, start, end))
    if match is None:
        return None
    return entries[" ".join(match.group(0).split())], (start + match.start(), start + match.end())


def level_index(level: Level | str | None) -> int | None:
    """Rank of a level from the top (central = 0), or None."""
    if level is None:
        return None
    return list(admin_levels()["levels"]).index(str(level))


_LEVEL_LIST = list(Level)
_DISTRICT_RANK = _LEVEL_LIST.index(Level.DISTRICT)
# Level by value: a dictionary look-up is several times faster than calling the enum.
_LEVELS = {level.value: level for level in Level}


def body_level(body: Body, date: str | None = None, upper: Level | None = None,
               has_superior: bool | None = None, *, upper_base: bool = False) -> Level | None:
    """The level of ``body`` on ``date`` (ISO), knowing the level of the body above it.

    Args:
        body: the body.
        date: the document's date; district bodies have no level after the district
            level ended (``district_valid_to``).
        upper: the level of the body directly above, when known.
        has_superior: whether the header printed a superior line above the issuer
            (a Thành ủy without one is a centrally-run city's, domain.md §3.3).
        upper_base: the body above is the rung right above grassroots
            (:func:`above_grassroots`): a committee or chi bộ under it is grassroots.

    >>> body_level(find_bodies("Huyện ủy Yên Hà")[0], "2023-11-20")
    <Level.DISTRICT: 'district'>
    >>> body_level(find_bodies("Huyện ủy Yên Hà")[0], "2025-08-01") is None
    True
    >>> body_level(find_bodies("Chi bộ Thôn 1")[0], upper=Level.DISTRICT)
    <Level.COMMUNE: 'commune'>
    """
    level = body.entry.get("level")
    if upper_base and (body.entry.get("under") or body.entry.get("branch")):
        return Level.COMMUNE
    if level is None:
        if body.entry.get("unit_of"):
            if (named := _named_level(body.proper, date)) is not None:
                return named
            return Level.COMMUNE if body.entry.get("grassroots") and upper else upper
        if not body.entry.get("under"):
            return None
        if upper is None and (served := served_body(body)) is not None:
            return body_level(served, date)
        return _level_under(upper, date)
    if level == Level.DISTRICT and date and date > _district_valid_to():
        return None
    if body.entry.get("city"):
        return _city_level(body, date, upper, has_superior)
    if body.entry.get("branch"):
        above = level_index(upper)
        grassroots = above is not None and above <= _DISTRICT_RANK
        return Level.COMMUNE if grassroots else Level.BRANCH
    return _LEVELS[level]


def _named_level(proper: str | None, date: str | None) -> Level | None:
    """The level the unit word of a unit's name says ("Y tế huyện Đông Sơn": district,
    on a date the district level still stood), or None (``unit_levels``)."""
    found = unit_at(proper) if proper else None
    if found is None:
        return None
    level = admin_levels()["unit_levels"].get(match_text(found[1]))
    if level is None or level == Level.DISTRICT and date and date > _district_valid_to():
        return None
    return _LEVELS[level]


def unit_in(name: str) -> str | None:
    """The unit word a name ends with, or holds before a proper name ("Ủy ban nhân dân
    tỉnh" → "tỉnh", "Sở Nội vụ tỉnh Kim Sa" → "tỉnh"; not the "Xã" of "Xã hội")."""
    found = unit_at(name)
    return None if found is None else found[1]


def unit_at(name: str) -> tuple[int, str] | None:
    """Where in ``name`` its unit word stands, and the word (see ``unit_in``)."""
    folded = f" {match_text(name)} "
    for unit in sorted(unit_words(), key=len, reverse=True):  # "thị xã" before "xã"
        at = folded.find(f" {unit} ")
        while at >= 0:
            after = name[at + len(unit) + 1:at + len(unit) + 2]
            if not after or after.isupper():
                return at, name[at:at + len(unit)]
            at = folded.find(f" {unit} ", at + 1)
    return None


@cache
def unit_words() -> frozenset[str]:
    """The words naming a kind of unit (``unit_words``), folded."""
    return frozenset(match_text(w) for w in admin_levels()["unit_words"])


def served_body(body: Body) -> Body | None:
    """The provincial or central body whose Party committee ``body`` is, if it is one:
    "Đảng ủy Ủy ban nhân dân tỉnh X" → "Ủy ban nhân dân tỉnh X", "Đảng ủy Bộ Y" → "Bộ Y"
    (not a company, nor a Sở, whose committees are grassroots or sit under such a
    committee)."""
    if not body.entry.get("under") or not body.proper:
        return None
    inner = find_bodies(body.proper)
    if not inner or inner[0].span[0] != 0:
        return None
    entry = inner[0].entry
    if entry.get("served", entry.get("level") == Level.PROVINCE and entry.get("territorial")):
        return inner[0]
    return None


def above_grassroots(body: Body) -> bool:
    """Whether ``body`` is a Party committee of a provincial agency, the rung right above
    grassroots ("cấp trên cơ sở", domain.md §3.1): the Đảng ủy of the UBND tỉnh, of the
    Front and mass organisations. The committees and chi bộ under it are grassroots
    ("ĐẢNG BỘ UBND TỈNH X" / "ĐẢNG ỦY BỆNH VIỆN ĐA KHOA TỈNH": commune), whatever level
    the body itself has after the district level ended."""
    entry = body.entry
    return bool(entry.get("under") and (entry.get("territorial") or served_body(body)))


def _level_under(upper: Level | None, date: str | None) -> Level | None:
    """The level of a committee of an agency or an enterprise ("Đảng ủy Công ty ...",
    "Đảng ủy các cơ quan Đảng tỉnh"), the rung below the body above it (domain.md §3.3):
    grassroots under a district-level body, district-level (provincial once that level
    ended) under a province."""
    above = level_index(upper)
    if above is None or above + 1 >= len(_LEVEL_LIST):
        return None
    below = _LEVEL_LIST[above + 1]
    if below == Level.DISTRICT and date and date > _district_valid_to():
        return Level.PROVINCE
    return below


def _city_level(body: Body, date: str | None, upper: Level | None,
                has_superior: bool | None) -> Level | None:
    if body.proper and _is_central_city(body.proper, date):
        return Level.PROVINCE
    if upper is not None:
        return Level.PROVINCE if upper == Level.CENTRAL else Level.DISTRICT
    if date and date > _district_valid_to():
        return Level.PROVINCE  # no city is district level any more
    if has_superior is False:
        return Level.PROVINCE
    return None


@cache
def _district_valid_to() -> str:
    return str(admin_levels()["district_valid_to"])


def _is_central_city(name: str, date: str | None) -> bool:
    for city in admin_levels()["central_cities"]:
        if key(city["name"]) == key(name):
            since = city.get("valid_from")
            return since is None or date is None or date >= str(since)
    return False


def code_level(code: str | None) -> Level | None:
    """The level an issuer code implies ("HU" → district), or None ("TU", "ĐU")."""
    level = admin_levels()["codes"].get(code or "")
    return Level(level) if level else None


def default_upper(body: Body, level: Level | None) -> str | None:
    """The body above ``body`` when the document names none ("Trung ương" above a Tỉnh ủy).

    Only at the level of the body's entry: a Thành ủy read as district level has no
    default.
    """
    upper = body.entry.get("upper")
    return upper if upper and level is not None and str(level) == body.entry.get(
        "level") else None
