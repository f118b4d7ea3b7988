"""Metadata of a plan: header, issuer, signature and recipients (issue 3, design.md ``meta``).

The header (domain.md §1.2–1.5) is read above the type name ("KẾ HOẠCH"): the number
and symbol in Party form ("Số 181-KH/TU") or state form ("Số: 12/KH-UBND"), the
place-and-date line, the issuer lines in capitals (a superior line, then the issuer).
The trích yếu follows the type name, up to the rule or the body. Extracted text often
loses the header (both seeds), so the issuer is put together from whatever is left, in
this order: the body sentence "<X> ban hành Kế hoạch ..." (which names the organ, "Ban
Thường vụ Tỉnh uỷ"), the header's issuer line, and the place line for a territorial
committee named without its place ("Tỉnh uỷ" + "Đồng Tháp"); the signature names the
organ ("T/M BAN THƯỜNG VỤ") when the body does not. The body directly above comes from
the header's superior line, else from the recipients above the issuer ("Thường trực
Huyện ủy X" → "Huyện ủy X"), else from the level ("Trung ương" above a province).
Nothing is guessed: what the document does not say stays null.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from vbparser.config import Config
from vbparser.errors import warning_message
from vbparser.extract.bodies import (
    Body,
    body_level,
    code_level,
    default_upper,
    find_bodies,
    find_organ,
    level_index,
)
from vbparser.extract.closing import find_recipients, find_signer
from vbparser.model import Document, Issuer, Level, Meta, Signer, Warning
from vbparser.normalize.fold import match_text
from vbparser.patterns import (
    LINE_LABEL,
    RULE_LINE,
    body_opener_pattern,
    doc_type_codes,
    doc_type_names,
    issuing_pattern,
    national_pattern,
    number_patterns,
    place_date_pattern,
    recipients_heading_pattern,
    signature_pattern,
    type_line_pattern,
    year_pattern,
)

Line = tuple[int, int]
_TITLE_LINES = 4
_SENTENCE_START = re.compile(r"(?:[.;:!?]\s+|\n|^)(?=\S)")


@dataclass(frozen=True, slots=True)
class _Header:
    end: int  # where the header stops (the type name, else the body)
    type_span: tuple[int, int] | None
    doc_type: str | None
    number: str | None
    symbol: str | None
    number_symbol: str | None
    code: str | None
    place: str | None
    date: str | None
    title: str | None


def extract_meta(doc: Document, config: Config) -> Document:
    """Return ``doc`` with ``meta`` filled from its header, body and closing blocks.

    >>> from vbparser import parse
    >>> meta = parse("Số 21-KH/ĐU\\nAn Phú, ngày 18 tháng 11 năm 2025\\nKẾ HOẠCH\\n"
    ...              "kiểm điểm năm 2025\\n-----\\nĐảng ủy xã An Phú ban hành Kế hoạch như sau:\\n"
    ...              "I. MỤC ĐÍCH\\n1. Đánh giá đúng.").meta
    >>> meta.number_symbol, meta.date, meta.place, meta.issuer.name, meta.issuer.level.value
    ('21-KH/ĐU', '2025-11-18', 'An Phú', 'Đảng ủy xã An Phú', 'commune')
    """
    text = doc.text
    lines = _lines(text)
    first_section = doc.sections[0].span[0] if doc.sections else None
    header = read_header(text, lines, first_section)
    folded = match_text(text[:first_section])  # the body before the first section
    closing = _closing_lines(text, lines, doc)
    signer = find_signer(text, closing)
    issuing = _issuing_span(text, folded, header.end)
    issuer = _issuer(doc, header, signer, closing, folded, issuing)
    recipients = find_recipients(text, closing, issuer.level, header.date)
    year = _year(header.title) or _year(text[issuing[0]:issuing[1]] if issuing else None)
    doc_type = header.doc_type or doc_type_codes().get(_symbol_type(header.symbol) or "")
    meta = Meta(doc_type=doc_type or _issued_type(folded, header.end),
                number=header.number, symbol=header.symbol, number_symbol=header.number_symbol,
                issuer=issuer, place=header.place, date=header.date, year=year,
                title=header.title, signer=signer, recipients=recipients)
    return replace(doc, meta=meta, warnings=doc.warnings + _warnings(meta))


def _lines(text: str) -> list[Line]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _warnings(meta: Meta) -> tuple[Warning, ...]:
    missing = (("VB301", meta.number_symbol or meta.symbol), ("VB302", meta.date),
               ("VB303", meta.issuer.name))
    return tuple(Warning(code, warning_message(code)) for code, value in missing if not value)


# ---------------------------------------------------------------------------- header


def read_header(text: str, lines: list[Line], first_section: int | None = None) -> _Header:
    """Read number, symbol, place, date, type and title above the body.

    >>> h = read_header("Số 181-KH/TU\\nĐồng Tháp, ngày 02 tháng 8 năm 2023\\nKẾ HOẠCH\\n"
    ...                 "kiểm điểm năm 2023\\n-----\\nThực hiện ...", _lines(
    ...     "Số 181-KH/TU\\nĐồng Tháp, ngày 02 tháng 8 năm 2023\\nKẾ HOẠCH\\n"
    ...     "kiểm điểm năm 2023\\n-----\\nThực hiện ..."))
    >>> h.number_symbol, h.code, h.place, h.date, h.doc_type, h.title
    ('181-KH/TU', 'TU', 'Đồng Tháp', '2023-08-02', 'Kế hoạch', 'kiểm điểm năm 2023')
    """
    limit = first_section if first_section is not None else len(text)
    type_match = type_line_pattern().search(text, 0, limit)
    if type_match is not None and not _type_line_ok(text, type_match):
        type_match = None
    end = type_match.start() if type_match else _body_start(text, lines, limit)
    number, symbol, number_symbol, code = _number(text, end)
    place, date = _place_date(text, end, limit)
    doc_type = title = None
    if type_match is not None:
        doc_type = doc_type_names().get(match_text(" ".join(type_match.group(0).split())))
        title = _title(text, lines, type_match.end(), limit)
    return _Header(end, type_match.span() if type_match else None, doc_type, number, symbol,
                   number_symbol, code, place, date, title)


def _type_line_ok(text: str, match: re.Match[str]) -> bool:
    """A type name in capitals that heads its line (what follows is the trích yếu)."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    before = text[line_start:match.start()]
    return not before.strip() or bool(place_date_pattern().search(before)) or bool(
        number_patterns()[0].search(before) or number_patterns()[1].search(before)
        or national_pattern().search(match_text(before)))


def _body_start(text: str, lines: list[Line], limit: int) -> int:
    opener = body_opener_pattern()
    for start, end in lines:
        if start >= limit:
            break
        if opener.match(text, start, end) or RULE_LINE.match(text[start:end]):
            return start
    return limit


def _number(text: str, end: int) -> tuple[str | None, str | None, str | None, str | None]:
    party, state = number_patterns()
    found = [m for m in (party.search(text, 0, end), state.search(text, 0, end)) if m]
    if not found:
        return None, None, None, None
    match = min(found, key=lambda m: m.start())
    num, kind, iss = match.group("num"), match.group("type"), match.group("iss")
    if match.re is party:
        symbol = f"{kind}/{iss}"
        return num, symbol, f"{num}-{symbol}" if num else None, iss
    year = match.group("year")
    if kind not in doc_type_codes() and not year:  # công văn: "123/UBND-VP"
        symbol = f"{kind}-{iss}"
        return num, symbol, f"{num}/{symbol}", kind
    symbol = f"{year}/{kind}-{iss}" if year else f"{kind}-{iss}"
    return num, symbol, f"{num}/{symbol}", iss


def _symbol_type(symbol: str | None) -> str | None:
    if not symbol:
        return None
    return re.split(r"[/-]", symbol.split("/", 1)[-1] if symbol[:4].isdigit() else symbol)[0]


def _place_date(text: str, end: int, limit: int) -> tuple[str | None, str | None]:
    pattern = place_date_pattern()
    match = pattern.search(text, 0, end) or pattern.search(text, 0, limit)
    if match is None or not match.group("place") and match.start() > end:
        return None, None
    day = match.group("day") or match.group("day2")
    month = match.group("month") or match.group("month2")
    year = match.group("year") or match.group("year2")
    try:
        from datetime import date

        value = date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        value = None
    return match.group("place"), value


def _title(text: str, lines: list[Line], start: int, limit: int) -> str | None:
    """The trích yếu: the rest of the type line and the lines after it, up to the body."""
    parts = []
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    opener = body_opener_pattern().search(text, start + 1, line_end)
    if opener is not None and text[start:opener.start()].strip():
        line_end = opener.start()  # flattened: "KẾ HOẠCH <trích yếu> Căn cứ ..."
    rest = text[start:line_end].strip(" *#:")
    if rest:
        parts.append(rest)
    pos = line_end + 1
    while pos < min(limit, len(text)) and len(parts) < _TITLE_LINES:
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        line = text[pos:end].strip(" *#")
        if parts and _stops_title(text, pos, end, line) or not line and parts:
            break
        if line and (RULE_LINE.match(line) or LINE_LABEL.match(line)):
            break
        if line:
            parts.append(line)
            if line.endswith((".", ":")):
                return None if len(parts) == 1 else " ".join(parts[:-1])
        pos = end + 1
    title = " ".join(" ".join(parts).split()).rstrip(" .;")
    return title or None


def _stops_title(text: str, start: int, end: int, line: str) -> bool:
    return bool(body_opener_pattern().match(text, start, end) or RULE_LINE.match(line)
                or LINE_LABEL.match(line) or len(line) > 300)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    match = year_pattern().search(text)
    return int(match.group("year")) if match else None


# ---------------------------------------------------------------------------- issuer


def _issuing_span(text: str, folded: str, header_end: int) -> tuple[int, int] | None:
    """The clause "<issuer> ban hành Kế hoạch ... như sau" before the first section.

    ``folded`` is ``match_text`` of the text before the first section.
    """
    match = issuing_pattern().search(folded, header_end)
    if match is None:
        return None
    starts = [m.end() for m in _SENTENCE_START.finditer(text, 0, match.start())]
    start = starts[-1] if starts else 0
    end = folded.find("\n", match.end())
    return start, end if end != -1 else len(folded)


def _issued_type(folded: str, header_end: int) -> str | None:
    match = issuing_pattern().search(folded, header_end)
    return doc_type_names().get(" ".join(match.group("type").split())) if match else None


def _issuer(doc: Document, header: _Header, signer: Signer | None, closing: list[Line],
            folded: str, issuing: tuple[int, int] | None) -> Issuer:
    text = doc.text
    lines = _header_bodies(text, header.end)
    superior, own = (lines[0], lines[-1]) if len(lines) >= 2 else (None, lines[-1] if lines
                                                                    else None)
    named, organ = _body_sentence(text, folded, issuing)
    if superior is None and own is not None and named is not None and _above(own, named):
        superior, own = own, None  # the one header line is the superior ("UBND TỈNH X")
    body = named or own
    if body is None:
        return Issuer(code=header.code, level=code_level(header.code))
    proper = body.proper or (own.proper if own and own.entry is body.entry else None)
    if proper is None and body.entry.get("territorial") and header.place:
        proper = header.place
    if organ is None and signer is not None and signer.authority:
        organ = _signing_organ(signer.authority)
    base = Body(body.words, proper, body.entry, body.span)
    name = f"{organ} {base.name}" if organ else base.name
    provisional = body_level(base, header.date, has_superior=bool(superior) if lines else None)
    upper = _upper(text, superior, closing, provisional, header.date)
    upper_level = _level_of_name(upper, header.date)
    level = body_level(base, header.date, upper_level,
                       has_superior=bool(superior) if lines else None)
    if upper is None:
        upper = default_upper(base, level)
    return Issuer(name=name, code=header.code, level=level, upper=upper)


def _above(one: Body, other: Body) -> bool:
    """A different body at the same level or above ("UBND TỈNH X" over "Sở Nội vụ")."""
    a, b = level_index(one.entry.get("level")), level_index(other.entry.get("level"))
    return one.entry is not other.entry and a is not None and b is not None and a <= b


def _header_bodies(text: str, end: int) -> list[Body]:
    """Bodies named in capitals above the type name, national headings aside."""
    found = []
    national = national_pattern()
    folded = match_text(text[:end])  # the header only
    for body in find_bodies(text, 0, end):
        if not text[body.span[0]:body.span[1]].isupper():
            continue
        if any(m.start() <= body.span[0] < m.end() for m in national.finditer(folded)):
            continue
        found.append(body)
    return found


def _body_sentence(text: str, folded: str,
                   issuing: tuple[int, int] | None) -> tuple[Body | None, str | None]:
    """The body and organ of "<X> ban hành Kế hoạch": ("Tỉnh uỷ", "Ban Thường vụ")."""
    if issuing is None:
        return None, None
    verb = issuing_pattern().search(folded, issuing[0], issuing[1])
    if verb is None:
        return None, None
    bodies = find_bodies(text, issuing[0], verb.start())
    if not bodies:
        return None, None
    body = bodies[-1]
    organ = find_organ(text, issuing[0], body.span[0])
    if organ is None or organ[0].get("self") or text[organ[1][1]:body.span[0]].strip():
        return body, None
    return body, organ[0]["display"]


def _signing_organ(authority: str) -> str | None:
    """"T/M BAN THƯỜNG VỤ" → "Ban Thường vụ"; "T/M BAN CHẤP HÀNH" (the committee) → None."""
    mark = signature_pattern().match(authority)
    if mark is None:
        return None
    organ = find_organ(mark.group("rest"))
    if organ is None or organ[0].get("self") or organ[1][0] != 0:
        return None
    return organ[0]["display"]


def _upper(text: str, superior: Body | None, closing: list[Line], level: Level | None,
           date: str | None) -> str | None:
    if superior is not None:
        return superior.committee
    mine = level_index(level)
    if mine is None:
        return None
    for start, end in _recipient_lines(text, closing):
        for body in find_bodies(text, start, end):
            rank = level_index(body_level(body, date))
            if rank is not None and rank < mine:
                return body.committee
    return None


def _recipient_lines(text: str, closing: list[Line]) -> list[Line]:
    heading = recipients_heading_pattern()
    for i, (start, end) in enumerate(closing):
        if heading.match(match_text(text[start:end])):
            return closing[i:]
    return []


def _level_of_name(name: str | None, date: str | None) -> Level | None:
    if not name:
        return None
    bodies = find_bodies(name)
    return body_level(bodies[0], date) if bodies else None


def _closing_lines(text: str, lines: list[Line], doc: Document) -> list[Line]:
    """Lines from the closing blocks on: after the last section's first line."""
    start = doc.sections[-1].span[0] if doc.sections else 0
    heading = recipients_heading_pattern()
    for i, (s, e) in enumerate(lines):
        if s < start:
            continue
        if heading.match(match_text(text[s:e])) or signature_pattern().match(text[s:e]):
            return lines[i:]
    return [line for line in lines if line[0] >= start][-12:]
