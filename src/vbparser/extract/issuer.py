"""The issuer of a plan and the body directly above it (issue 3, domain.md §1.3, §3.3).

Extracted text often loses the header, so the issuer is assembled from what is left:

- the header lines in capitals above the type name: a superior line, then the issuer
  ("ĐẢNG BỘ HUYỆN X" / "ĐẢNG ỦY XÃ Y"), or a committee and its advisory organ ("TỈNH ỦY
  X" / "BAN TỔ CHỨC");
- the body sentence "<X> ban hành Kế hoạch ..." (it names the organ: "Ban Thường vụ
  Tỉnh uỷ");
- the place line, for a territorial committee named without its place ("Tỉnh uỷ" +
  "Bắc Sơn"), and the signature ("T/M BAN THƯỜNG VỤ") for the organ.

A Party organisation is named by its committee ("Ban Chấp hành Đảng bộ xã X" → "Đảng ủy
xã X"). The body above is the header's superior line; else the body nearest above the
issuer among the recipients, then among the legal bases ("... của Ban Thường vụ Huyện ủy
X"), a bare name completed from a fuller mention; else the level's usual upper body
("Trung ương" above a Tỉnh ủy). What the document does not say stays null.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache, partial
from typing import Any

from vbparser.extract.bodies import (
    Body,
    above_grassroots,
    body_level,
    code_level,
    default_upper,
    find_bodies,
    find_organ,
    level_index,
    unit_at,
    unit_in,
    unit_words,
)
from vbparser.extract.casing import recase
from vbparser.model import Issuer, Level, Signer
from vbparser.normalize.fold import key, match_text
from vbparser.patterns import (
    admin_levels,
    issuing_scan_pattern,
    markers,
    national_pattern,
    signature_pattern,
)
from vbparser.spans import Span

_SENTENCE_START = re.compile(r"(?:[.;:!?]\s+|\n|^)(?=\S)")


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a document says about its issuer.

    Attributes:
        text: the document text.
        fold: ``match_text`` of the whole text (``normalize.fold.folded``).
        header_end: where the header stops (the type name, else the body).
        body_start: where the first section starts (the end of the preamble).
        issuing: the span of the clause "<X> ban hành Kế hoạch ...", if any.
        place: the place of the place-and-date line.
        date: the document's date (ISO).
        code: the issuer code of the symbol ("TU").
        signer: the signature block.
        recipients: spans of the recipient lines.
        header_start: where the header begins (after a web page's title above it).
    """

    text: str
    fold: str
    header_end: int
    body_start: int
    issuing: Span | None
    place: str | None
    date: str | None
    code: str | None
    signer: Signer | None
    recipients: tuple[Span, ...] = ()
    header_start: int = 0


def issuing_span(text: str, fold: str, header_end: int, body_start: int,
                 doc_type: str | None = None) -> Span | None:
    """The clause "<issuer> ban hành Kế hoạch ... như sau" between the header and the
    first section.

    ``fold`` is ``match_text`` of the whole text. When the document's type is known, the
    clause must issue that type: "Bộ Chính trị ban hành Quy định số 124-QĐ/TW" in a
    Hướng dẫn cites another document.
    """
    wanted = match_text(doc_type) if doc_type else None
    cited = _cited()
    for match in issuing_scan_pattern().finditer(fold, header_end, body_start):
        if cited.match(fold, match.end(), body_start):
            continue  # "ban hành Hướng dẫn số 25-HD/BTCTW": another document
        if wanted is None or " ".join(match.group("type").split()) == wanted:
            end = fold.find("\n", match.end(), body_start)
            return _sentence_start(text, match.start()), end if end != -1 else body_start
    return None


def _sentence_start(text: str, end: int) -> int:
    """Where the sentence that runs up to ``end`` starts (0 if none does).

    Sentences start after a line break or after ". " (``_SENTENCE_START``). The scan
    starts at the last line opening with a non-space before ``end``, itself a sentence
    start: the starts before it do not count and the ones after it are found the same.
    """
    brk = text.rfind("\n", 0, end)
    while brk != -1 and (brk + 1 == end or text[brk + 1].isspace()):
        brk = text.rfind("\n", 0, brk)
    last = None
    for last in _SENTENCE_START.finditer(text, max(brk, 0), end):
        pass
    return last.end() if last is not None else 0


def find_issuer(ev: Evidence) -> Issuer:
    """Put the issuer together from the evidence (see the module docstring)."""
    superior, own, header_organ = _header(ev.text, ev.fold, ev.header_start, ev.header_end)
    named, named_organ = _body_sentence(ev)
    if superior is None and own is not None and named is not None and _above(own, named):
        superior, own = own, None  # the one header line is the managing body ("UBND TỈNH X")
    elif own is not None and named is not None and not _same_body(own, named):
        named, named_organ = None, None  # the header names the issuer; the sentence, another
    base = _base(own, named)
    if base is None:
        return Issuer(code=ev.code, level=code_level(ev.code))
    # The bodies of the legal bases, found only if the header and the sentence leave a
    # name without its place or the body above unknown.
    preamble = cache(partial(find_bodies, ev.text, ev.header_end, ev.body_start, fold=ev.fold))
    span = _name_span(ev.text, base, header_organ if base is own else named_organ)
    base = _complete(base, [b for b in (own, named) if b is not None], ev.place, preamble)
    base = _localised(_with_place(base, ev.place), superior, ev.place, ev.fold)
    base = _local_unit(base, superior)
    read_organ = header_organ or named_organ
    organ = read_organ[0] if read_organ else _signing_organ(ev.signer)
    name = f"{organ['display']} {base.committee}" if organ else base.committee
    # a superior line tells a Party committee's rung (domain.md §3.3); a state body's
    # header names its managing body only below the province
    has_superior = bool(superior) if (own or superior) and not base.entry.get("chain") else None
    provisional = body_level(base, ev.date, has_superior=has_superior)
    if header_organ and header_organ[0].get("advisory"):
        # an organ of the committee ("THÀNH ỦY X" / "BAN TỔ CHỨC"): at its level
        upper: str | None = base.committee
        level = provisional
    else:
        if provisional is None and base.entry.get("city"):
            # a city the header leaves open ("ỦY BAN NHÂN DÂN / THÀNH PHỐ X"): under a
            # province if the text names one above it, as the body it reports to
            provisional = Level.DISTRICT
        upper = _upper(ev, superior, provisional, preamble, base.entry.get("chain"))
        above = _first_body(upper)
        level = body_level(base, ev.date, body_level(above, ev.date) if above else None,
                           has_superior, upper_base=above is not None and above_grassroots(above))
    if level == Level.BRANCH and base.entry.get("branch") and _called_grassroots(ev, base):
        level = Level.COMMUNE
    if upper is None:
        upper = default_upper(base, level)
    # a name read from capitals, in the case the body text writes it
    name, upper = recase(name, ev.text, ev.fold), upper and recase(upper, ev.text, ev.fold)
    return Issuer(name=name, code=ev.code, level=level, upper=upper, span=span)


# ---------------------------------------------------------------------------- header


_Organ = tuple[dict[str, Any], Span]  # an organ's entry and where it is named
_PROVINCES = ("tỉnh", "thành phố")  # units whose bodies' place line may name a town in them


def _header(text: str, fold: str, start: int,
            end: int) -> tuple[Body | None, Body | None, _Organ | None]:
    """(superior, issuer, issuing organ) from the capitals above the type name."""
    bodies = _caps_bodies(text, fold, start, end)
    organ = _header_organ(text, fold, end, bodies)
    if organ is not None and bodies:
        parent = [b for b in bodies if b.span[1] <= organ[1][0]]
        if parent:
            return None, parent[-1], organ  # "TỈNH ỦY X" / "BAN TỔ CHỨC"
    if len(bodies) >= 2:
        return bodies[0], bodies[-1], None
    return None, bodies[-1] if bodies else None, None


def _caps_bodies(text: str, fold: str, start: int, end: int) -> list[Body]:
    national = [m.span() for m in national_pattern().finditer(fold, start, end)]
    found = [b for b in find_bodies(text, start, end, fold=fold)
             if text[b.span[0]:b.span[1]].isupper() and not _inside(b.span, national)]
    if found or not any(text[text.rfind("\n", 0, a) + 1:a].strip() for a, _ in national):
        return found
    # The two header columns copied side by side, one line each: "ỦY BAN NHÂN DÂN
    # CỘNG HÒA XÃ HỘI ..." over "HUYỆN X Độc lập - ...". The issuer's column is read
    # with the motto's (from each motto to the end of its line) blanked out.
    left = list(text[:end])
    for a, _ in national:
        line_end = text.find("\n", a, end)
        line_end = end if line_end < 0 else line_end
        left[a:line_end] = " " * (line_end - a)
    column = "".join(left)
    found = [b for b in find_bodies(column, start, end, fold=match_text(column))
             if column[b.span[0]:b.span[1]].isupper()]
    out = []
    for body in found:  # a name the motto splits is located by its first part
        a, b = body.span  # ("ỦY BAN NHÂN DÂN")
        line_end = column.find("\n", a, b)
        out.append(body if line_end < 0 else replace(body, span=(a, len(
            column[:line_end].rstrip()))))
    return out


def _header_organ(text: str, fold: str, end: int, bodies: list[Body]) -> _Organ | None:
    """An organ line in capitals after the last body ("BAN TỔ CHỨC"), if any."""
    start = bodies[-1].span[1] if bodies else 0
    organ = find_organ(text, start, end, fold=fold)
    if organ is None or not text[organ[1][0]:organ[1][1]].isupper():
        return None
    return organ


def _inside(span: Span, others: list[Span]) -> bool:
    return any(a <= span[0] < b for a, b in others)


def _above(one: Body, other: Body) -> bool:
    """A different body at the same level or above ("UBND TỈNH X" over "Sở Nội vụ")."""
    a, b = level_index(one.entry.get("level")), level_index(other.entry.get("level"))
    return not _same_body(one, other) and a is not None and b is not None and a <= b


def _same_body(one: Body, other: Body) -> bool:
    """The same body under two names ("Đảng bộ xã X" and "Đảng ủy xã X" count as one)."""
    if one.entry is other.entry:
        return True
    return key(one.entry.get("committee") or one.words) == key(
        other.entry.get("committee") or other.words)


def _base(own: Body | None, named: Body | None) -> Body | None:
    """The body both the header and the sentence name, by its fullest name ("CHI BỘ QUÂN
    SỰ" / "Chi bộ Quân sự xã ..."), else the sentence's body. When both name it alike,
    the header's mention keeps the sentence's case ("Trường Tiểu học", where the header's
    capitals would be title-cased "Tiểu Học")."""
    if own is None or named is None:
        return own or named
    if not _same_body(own, named):
        return named
    if len((named.proper or "").split()) > len((own.proper or "").split()):
        return named
    if own.proper and named.proper and key(own.proper) == key(named.proper):
        return Body(own.words, named.proper, own.entry, own.span)
    return own


def _name_span(text: str, base: Body, organ: _Organ | None) -> Span:
    """Where the issuer's name is read: the body's mention, with the organ the same
    header or sentence names right beside it ("TỈNH ỦY X" / "BAN TỔ CHỨC", "Ban Thường
    vụ Tỉnh uỷ"); not over other words ("HUYỆN UỶ X   ĐẢNG CỘNG SẢN VIỆT NAM" read into
    one line, then "BAN TỔ CHỨC")."""
    if organ is None:
        return base.span
    (a, b), (c, d) = sorted([base.span, organ[1]])
    return base.span if text[b:c].strip() else (a, max(b, d))


def _complete(base: Body, others: list[Body], place: str | None,
              preamble: Callable[[], list[Body]]) -> Body:
    """Give a body named without its place the place named elsewhere."""
    if base.proper:
        return base
    proper = _proper_of(base, others) or _proper_of(base, preamble())
    if proper is None and base.entry.get("territorial"):
        proper = place
    return Body(base.words, proper, base.entry, base.span)


def _proper_of(base: Body, bodies: list[Body]) -> str | None:
    """The proper name of the first of ``bodies`` that names ``base`` with one."""
    return next((b.proper for b in bodies if b.proper and _same_body(b, base)), None)


def _with_place(base: Body, place: str | None) -> Body:
    """"Chi bộ Quân sự xã" + place "Bình Lạc": a name ending in a bare unit word takes
    the place that completes it."""
    if not (base.proper and place) or match_text(base.proper.split()[-1]) not in unit_words():
        return base
    return Body(base.words, f"{base.proper} {place}", base.entry, base.span)


def _localised(body: Body, superior: Body | None, place: str | None, fold: str = "") -> Body:
    """A department named without its unit takes it (``local`` in admin_levels.yaml):
    "Sở Giáo dục và Đào tạo" under "UBND TỈNH KIM SA" → "Sở Giáo dục và Đào tạo tỉnh Kim
    Sa"; "SỞ Y TẾ KIM SA" with the place Kim Sa → "Sở Y tế tỉnh Kim Sa". With no body
    above it and a place line naming a town, the last words of the name are its unit's
    place when ``fold`` (the folded text) names them so: "SỞ Y TẾ LAM ĐIỀN" dated at Lam
    Sơn, in a text speaking of "tỉnh Lam Điền", is "Sở Y tế tỉnh Lam Điền"."""
    unit = body.entry.get("local")
    if not unit or not body.proper or unit_in(body.proper):
        return body
    if superior is not None and superior.entry.get("territorial") and superior.proper:
        unit = unit_in(superior.words) or unit
        if not (place and key(superior.proper) == key(place)):
            place = superior.proper
    elif tail := _unit_place(body.proper, unit, fold):
        place = tail
    if not place:
        return body
    proper = body.proper
    if match_text(proper).endswith(f" {match_text(place)}"):
        proper = proper[:-len(place)].rstrip()
    return Body(body.words, f"{proper} {unit} {place}", body.entry, body.span)


def _local_unit(body: Body, superior: Body | None) -> Body:
    """A Party body of a unit named by its kind alone (``local_units`` in
    admin_levels.yaml) takes the unit and place of the body above it: "Chi bộ Trạm Y tế"
    under "Đảng bộ xã Thủy Lộc" → "Chi bộ Trạm Y tế xã Thủy Lộc"; "Đảng ủy Sở Nông
    nghiệp và Môi trường" under "Đảng bộ Ủy ban nhân dân tỉnh Lam Ngạn" → "... tỉnh Lam
    Ngạn"."""
    if superior is None or not superior.proper or not body.proper or unit_in(body.proper):
        return body
    folded = match_text(body.proper)
    if not any(folded == u or folded.startswith(f"{u} ") for u in _local_units()):
        return body
    if superior.entry.get("territorial") and (unit := unit_in(superior.words)):
        place = f"{unit} {superior.proper}"
    elif (found := unit_at(superior.proper)) and superior.proper[
            found[0] + len(found[1]):].strip():  # not "Khối các cơ quan tỉnh": no name
        place = superior.proper[found[0]:]
    else:
        return body
    return Body(body.words, f"{body.proper} {place}", body.entry, body.span)


@cache
def _local_units() -> tuple[str, ...]:
    return tuple(match_text(u) for u in admin_levels()["local_units"])


def _unit_place(proper: str, unit: str, fold: str) -> str | None:
    """The longest run of ``proper``'s last words (three at most, one word of the name
    left before them) that ``fold`` writes after ``unit`` ("tỉnh Lam Điền")."""
    words = proper.split()
    for n in range(min(3, len(words) - 1), 0, -1):
        tail = " ".join(words[-n:])
        if re.search(rf"(?<!\w){re.escape(match_text(f'{unit} {tail}'))}(?!\w)", fold):
            return tail
    return None


# ------------------------------------------------------------------- body sentence


def _body_sentence(ev: Evidence) -> tuple[Body | None, _Organ | None]:
    """The body and organ of "<X> ban hành Kế hoạch": ("Tỉnh uỷ", Ban Thường vụ)."""
    if ev.issuing is None:
        return None, None
    verb = issuing_scan_pattern().search(ev.fold, ev.issuing[0], ev.issuing[1])
    if verb is None:
        return None, None
    bodies = find_bodies(ev.text, ev.issuing[0], verb.start(), fold=ev.fold)
    if not bodies:
        return None, None
    body = bodies[-1]
    since = bodies[-2].span[1] if len(bodies) > 1 else ev.issuing[0]
    organ = _last_organ(ev.text, ev.fold, since, body.span[0])
    if organ is None or organ[0].get("self") or ev.text[organ[1][1]:body.span[0]].strip():
        return body, None
    return body, organ


def _last_organ(text: str, fold: str, start: int, end: int) -> _Organ | None:
    """The organ named last in ``text[start:end]`` ("..., Ban Thường vụ" before "Huyện ủy")."""
    found = None
    while (organ := find_organ(text, start, end, fold=fold)) is not None:
        found, start = organ, organ[1][1]
    return found


def _signing_organ(signer: Signer | None) -> dict[str, Any] | None:
    """"T/M BAN THƯỜNG VỤ" → Ban Thường vụ; "T/M BAN CHẤP HÀNH" (the committee) → None."""
    if signer is None or not signer.authority:
        return None
    mark = signature_pattern().match(signer.authority)
    if mark is None:
        return None
    organ = find_organ(mark.group("rest"))
    if organ is None or organ[0].get("self") or organ[1][0] != 0:
        return None
    return organ[0]


# ----------------------------------------------------------------------------- upper


def _upper(ev: Evidence, superior: Body | None, level: Level | None,
           preamble: Callable[[], list[Body]], chain: str | None = None) -> str | None:
    """The body directly above: the header's superior line, else the nearest body above
    among the recipients, then among the local bodies of the legal bases. A body of the
    state's chain (``chain``: a UBND) looks only at its chain: its upper body is the UBND
    above it, whatever department it reports to ("Sở Nội vụ (b/c)")."""
    if superior is not None:
        if superior.proper and match_text(superior.proper.split()[-1]) not in _PROVINCES:
            superior = _with_place(superior, ev.place)  # "ĐẢNG BỘ CƠ QUAN ... HUYỆN"
            # dated at the district; a province's bodies date at its town, not its name
        return _localised(superior, None, ev.place).committee
    mine = level_index(level)
    if mine is None:
        return None

    def kept(bodies: Iterable[Body]) -> Iterable[Body]:
        return bodies if chain is None else (b for b in bodies if b.entry.get("chain") == chain)

    def recipients() -> Iterable[Body]:
        # searched line by line as read: ``_nearest_above`` may stop before the last line
        return (b for s, e in ev.recipients for b in find_bodies(ev.text, s, e, fold=ev.fold))

    def local() -> list[Body]:
        # The legal bases cite central documents whatever the level: only a local body
        # there says who is directly above ("Kế hoạch số 139-KH/HU ... của Ban Thường vụ
        # Huyện ủy X"). Read only when the recipients name none.
        return [b for b in preamble() if b.entry.get("level") != Level.CENTRAL]

    found = (_nearest_above(kept(recipients()), mine, ev.date)
             or _nearest_above(kept(local()), mine, ev.date))
    if found is None and chain is not None:  # "Sở Nội vụ tỉnh X (b/c)": the UBND of its unit
        other = (_nearest_above(recipients(), mine, ev.date)
                 or _nearest_above(local(), mine, ev.date))
        return _chain_body(other, chain)
    return None if found is None else _complete(found, [], None, preamble).committee


def _chain_body(body: Body | None, chain: str) -> str | None:
    """The body of ``chain`` over the unit a body's name ends with: "Sở Nội vụ tỉnh Hà
    Nguyên" → "Ủy ban nhân dân tỉnh Hà Nguyên"."""
    if body is None or not body.proper or (found := unit_at(body.proper)) is None:
        return None
    at, unit = found
    place = body.proper[at + len(unit):].strip()
    if not place:
        return None
    for entry in admin_levels()["bodies"]:
        if entry.get("chain") == chain and entry.get("territorial"):
            mine = unit_in(entry["display"])
            if mine is not None and match_text(mine) == match_text(unit):
                return f"{entry['display']} {place}"
    return None


def _nearest_above(bodies: Iterable[Body], mine: int, date: str | None) -> Body | None:
    """The body closest above level rank ``mine``; one with its place named first.

    ``bodies`` are read only up to the first one right above ``mine`` with its place
    named: none after it can come closer, or first (the recipient lines after it are
    not searched).
    """
    found, found_key = None, None
    for n, body in enumerate(bodies):
        rank = level_index(body_level(body, date))
        if rank is None or rank >= mine:
            continue
        key = (-rank, body.proper is None, n)
        if found_key is None or key < found_key:
            found, found_key = body, key
        if rank == mine - 1 and body.proper:
            break
    return found


def _called_grassroots(ev: Evidence, base: Body) -> bool:
    """Whether the text calls the chi bộ grassroots right after its name ("Chi bộ Công ty
    X, chi bộ cơ sở trực thuộc Đảng ủy phường Y", "... (chi bộ cơ sở)"): one under a
    commune committee is a branch unless it says so (domain.md §3.3)."""
    name = r"\s+".join(map(re.escape, match_text(base.name).split()))
    said = r"\s+".join(map(re.escape, match_text(admin_levels()["grassroots_chi_bo"]).split()))
    return re.search(rf"{name}\s*(?:,|\(|\blà\b)\s*{said}\b", ev.fold) is not None


def _first_body(name: str | None) -> Body | None:
    bodies = find_bodies(name) if name else []
    return bodies[0] if bodies else None


@cache
def _cited() -> re.Pattern[str]:
    """A number after the type word: "ban hành Quy định số 124-QĐ/TW", "... 124-QĐ/TW"."""
    word = re.escape(match_text(markers()["header"]["number_word"]))
    return re.compile(rf"\s*(?:{word}\b|\d)")
