"""Metadata of a plan: header, issuer, signature and recipients (issue 3, design.md ``meta``).

The header (domain.md §1.2–1.5) is read above the type name ("KẾ HOẠCH"): the number
and symbol in Party form ("Số 210-KH/TU") or state form ("Số: 12/KH-UBND") and the
place-and-date line; the trích yếu follows the type name, up to the rule or the body,
and gives the year the plan covers ("... năm 2023"). The issuer and the body above it
are put together in ``extract/issuer.py``, the signature and recipients are read in
``extract/closing.py``. Nothing is guessed: what the document does not say stays null,
with a warning (VB301 no number, VB302 no date, VB303 no issuer).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import takewhile

from vbparser.config import Config
from vbparser.errors import warning_message
from vbparser.extract.closing import find_recipients, find_signer
from vbparser.extract.issuer import Evidence, find_issuer, issuing_span
from vbparser.model import Document, Meta, MetaSpans, Section, Warning
from vbparser.normalize.fold import folded, match_text, strip_marks
from vbparser.normalize.unflatten import is_flat
from vbparser.patterns import (
    FOOTNOTE_LABEL,
    LINE_LABEL,
    OCR_DIGITS,
    RULE_LINE,
    bare_type_names,
    body_opener_pattern,
    copy_mark_pattern,
    covering_types,
    doc_type_codes,
    doc_type_names,
    issuing_scan_pattern,
    markers,
    national_pattern,
    number_patterns,
    place_date_pattern,
    recipients_heading_pattern,
    signature_pattern,
    subject_mark_pattern,
    type_line_pattern,
    year_pattern,
)
from vbparser.spans import Span, line_end
from vbparser.structure import closing_end, document_parts
from vbparser.tables import cells, is_rule

Line = tuple[int, int]
_TITLE_LINES = 4
_COMMA = re.compile(r"\s*,\s*")
# White space this wide in the source separates two columns read into one line.
_COLUMN_GAP = 4
# A line set in this share of the way to the right column's start belongs to that column.
_RIGHT_SHARE = 0.6
_FOOTNOTE = re.compile(rf"{FOOTNOTE_LABEL}:")  # a Markdown footnote's text: "[^1]: ..."
_FLAT_BULLET = re.compile(r" [-+•] ")  # a recipient item, in a closing flattened
_MAIL_SIGNATURE = "--"  # the line before an e-mail's signature ("-- " as RFC 3676 has it)


@dataclass(frozen=True, slots=True)
class Header:
    """What the header says; ``end`` is where it stops (the type name, else the body).

    ``spans`` holds where each field was read, ``code_span`` where the symbol's type code
    ("KH" of "210-KH/TU") stands; ``blank_day`` the month and year ("11/2025") of a
    date line that leaves the day blank.
    """

    end: int
    type_span: Span | None
    doc_type: str | None
    number: str | None
    symbol: str | None
    number_symbol: str | None
    code: str | None
    place: str | None
    date: str | None
    title: str | None
    spans: MetaSpans
    code_span: Span | None
    blank_day: str | None = None
    start: int = 0  # where the header begins: after a web page's title line above it


def extract_meta(doc: Document, config: Config) -> Document:
    """Return ``doc`` with ``meta`` filled from its header, body and closing blocks.

    >>> from vbparser import parse
    >>> meta = parse("Số 21-KH/ĐU\\nAn Phú, ngày 18 tháng 11 năm 2025\\nKẾ HOẠCH\\n"
    ...              "kiểm điểm năm 2025\\n-----\\nĐảng ủy xã An Phú ban hành Kế hoạch như sau:\\n"
    ...              "I. MỤC ĐÍCH\\n1. Đánh giá đúng.").meta
    >>> meta.number_symbol, meta.date, meta.place, meta.issuer.name, meta.issuer.level.value
    ('21-KH/ĐU', '2025-11-18', 'An Phú', 'Đảng ủy xã An Phú', 'commune')
    """
    text, fold = doc.text, folded(doc.text)
    part_start, part_end = _meta_part(doc, fold)
    sections = [s for s in doc.sections if part_start <= s.span[0] < part_end]
    first_section = sections[0].span[0] if sections else None
    body_start = part_end if first_section is None else first_section
    header = read_header(text, _lines(text, part_start, body_start), first_section)
    recipient_lines, signature_lines = _closing_lines(
        doc, fold, sections, closing_end(text, part_start, part_end))
    signer = find_signer(text, signature_lines)
    issuing = issuing_span(text, fold, header.end, body_start, header.doc_type)
    issuer = find_issuer(Evidence(text, fold, header.end, body_start, issuing, header.place,
                                  header.date, header.code, signer, tuple(recipient_lines),
                                  header.start))
    recipients = find_recipients(text, recipient_lines, issuer.level, header.date, fold=fold)
    year = _year(header.title) or _year(text[issuing[0]:issuing[1]] if issuing else None)
    doc_type, type_span = _doc_type(header, fold, body_start)
    meta = Meta(doc_type=doc_type, number=header.number, symbol=header.symbol,
                number_symbol=header.number_symbol, issuer=issuer, place=header.place,
                date=header.date, year=year, title=header.title, signer=signer,
                recipients=recipients, spans=replace(header.spans, doc_type=type_span))
    return replace(doc, meta=meta, warnings=doc.warnings + _warnings(meta, header.blank_day))


def _meta_part(doc: Document, fold: str) -> Span:
    """The document of a file holding several (``structure.document_parts``) that
    ``meta`` describes: the first, unless it is a covering letter ("Công văn", "Tờ
    trình": ``covering`` in ``doc_types.yaml``) and a later one has a number of its own,
    the plan it sends. A plan issued by a Quyết định, with no number of its own, is
    described by the Quyết định's meta."""
    parts = document_parts(doc.text)
    if len(parts) == 1:
        return parts[0]
    first = _part_header(doc, parts[0])
    if _doc_type(first, fold, first.end)[0] not in covering_types():
        return parts[0]
    return next((part for part in parts[1:] if _part_header(doc, part).number_symbol),
                parts[0])


def _part_header(doc: Document, part: Span) -> Header:
    """The header of one document of the file, above its first section."""
    start, end = part
    first = next((s.span[0] for s in doc.sections if start <= s.span[0] < end), None)
    return read_header(doc.text, _lines(doc.text, start, end if first is None else first),
                       first)


def _lines(text: str, start: int = 0, stop: int | None = None) -> Iterator[Line]:
    """(start, end) of each line of ``text`` that starts in ``[start, stop]``; ``start``
    is a line start."""
    stop = len(text) if stop is None else stop
    while start <= stop:
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        yield start, end
        start = end + 1


def _warnings(meta: Meta, blank_day: str | None) -> tuple[Warning, ...]:
    """A warning for each of number, date and issuer not found; a date whose day is left
    blank says so, with its month (``blank_day``)."""
    missing = (("VB301", meta.number_symbol or meta.symbol), ("VB302", meta.date),
               ("VB303", meta.issuer.name))
    out = []
    for code, value in missing:
        if not value:
            message = warning_message(code)
            if code == "VB302" and blank_day:
                message = f"{message}: the day is left blank ({blank_day})"
            out.append(Warning(code, message))
    return tuple(out)


# ---------------------------------------------------------------------------- header


def read_header(text: str, lines: Iterable[Line], first_section: int | None = None) -> Header:
    """Read number, symbol, place, date, type and title above the body.

    >>> h = read_header("Số 210-KH/TU\\nBắc Sơn, ngày 02 tháng 8 năm 2023\\nKẾ HOẠCH\\n"
    ...                 "kiểm điểm năm 2023\\n-----\\nThực hiện ...", _lines(
    ...     "Số 210-KH/TU\\nBắc Sơn, ngày 02 tháng 8 năm 2023\\nKẾ HOẠCH\\n"
    ...     "kiểm điểm năm 2023\\n-----\\nThực hiện ..."))
    >>> h.number_symbol, h.code, h.place, h.date, h.doc_type, h.title
    ('210-KH/TU', 'TU', 'Bắc Sơn', '2023-08-02', 'Kế hoạch', 'kiểm điểm năm 2023')
    """
    lines = list(lines)
    first = lines[0][0] if lines else 0  # where the document starts in a file of several
    limit = first_section if first_section is not None else lines[-1][1] if lines else len(text)
    type_span, doc_type, start = _type_line(text, lines, limit)
    end = type_span[0] if type_span else _body_start(text, lines, limit)
    number, symbol, number_symbol, code, number_span, code_span = _number(text, first, end)
    place, date, place_span, date_span, blank_day = _place_date(text, first, end, limit)
    title = title_span = None
    if type_span is not None:
        title, title_span = _title(text, type_span[1], limit)
    else:  # a Công văn: "V/v triển khai Kế hoạch ..."
        title, title_span, mark_span = _subject_line(text, first, end)
        if mark_span is not None:
            doc_type, type_span = markers()["header"]["subject_type"], mark_span
    spans = MetaSpans(type_span if doc_type else None, number_span, place_span, date_span,
                      title_span)
    return Header(end, type_span, doc_type, number, symbol, number_symbol, code, place,
                  date, title, spans, code_span, blank_day, max(start, first))


def _type_line(text: str, lines: list[Line],
               limit: int) -> tuple[Span | None, str | None, int]:
    """The span of the type name heading its line above ``limit``, the type it names, and
    where the header begins (after a web page's title line, else 0).

    A line in capitals that is a type name but for its marks is one too, when no type
    name is found as written: a scan's "HƯỚNG DÂN" for "HƯỚNG DẪN".
    """
    # the first that heads its line: a unit's name may hold a type name ("CHI BỘ PHÒNG
    # TÀI CHÍNH – KẾ HOẠCH")
    first = lines[0][0] if lines else 0
    found = list(type_line_pattern().finditer(text, first, limit))
    match = next((m for m in found if _type_line_ok(text, m.start())), None)
    if found and match is None:
        return None, None, 0
    if match is not None:
        match, start = _after_page_title(text, match, first, limit)
        name = doc_type_names().get(match_text(" ".join(match.group(0).split())))
        return match.span(), name, start
    names = bare_type_names()
    for start, end in lines:
        if start >= limit:
            break
        line = text[start:end].strip()
        name = names.get(strip_marks(" ".join(line.split()))) if line.isupper() else None
        if name is not None:
            at = text.index(line, start)
            return (at, at + len(line)), name, 0
    return None, None, 0


def _after_page_title(text: str, match: re.Match[str], first: int,
                      limit: int) -> tuple[re.Match[str], int]:
    """The type line of the plan rather than a web page's title above its header ("KẾ
    HOẠCH KIỂM ĐIỂM ... CỦA ĐẢNG ỦY ..." / "Cập nhật: ..." / the header / "KẾ HOẠCH"):
    a type line with no place-and-date line above it gives way to the next one that
    has one between them; the header then begins on the line after the page title."""
    dated = place_date_pattern()
    if dated.search(text, first, match.start()):
        return match, 0
    line_end = text.find("\n", match.end(), limit)
    later = None if line_end < 0 else type_line_pattern().search(text, line_end, limit)
    while later is not None and not _type_line_ok(text, later.start()):
        later = type_line_pattern().search(text, later.end(), limit)
    if later is None or not dated.search(text, line_end, later.start()):
        return match, 0
    return later, line_end + 1


def _type_line_ok(text: str, start: int) -> bool:
    """A type name in capitals that heads its line (what follows is the trích yếu)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    return not before.strip() or bool(place_date_pattern().search(before)) or bool(
        number_patterns()[0].search(before) or number_patterns()[1].search(before)
        or national_pattern().search(match_text(before)))


def _body_start(text: str, lines: Iterable[Line], limit: int) -> int:
    """Where the body starts in a header with no type line: at its first opener ("Thực
    hiện ...") or at a rule below the place-and-date line (the rule under the issuer's
    name, above it, is the header's own)."""
    opener, dated = body_opener_pattern(), place_date_pattern()
    seen_date = False
    for start, end in lines:
        if start >= limit:
            break
        if opener.match(text, start, end) or seen_date and RULE_LINE.match(text[start:end]):
            return start
        seen_date = seen_date or dated.search(text, start, end) is not None
    return limit


_Number = tuple[str | None, str | None, str | None, str | None, Span | None, Span | None]


def _number(text: str, start: int, end: int) -> _Number:
    """(number, symbol, number-symbol, issuer code, span of the number-symbol, span of
    the type code) of the header's "Số ..." line between ``start`` and ``end``."""
    party, state = number_patterns()
    found = [m for m in (party.search(text, start, end), state.search(text, start, end)) if m]
    if not found:
        return None, None, None, None, None, None
    match = min(found, key=lambda m: m.start())
    num, kind, iss = match.group("num"), match.group("type"), match.group("iss")
    num = num and num.translate(OCR_DIGITS)
    span = (match.start("num"), match.end("iss")) if num else None  # a blank number: none
    code_span = match.span("type")
    if match.re is party:
        symbol = f"{kind}/{iss}"
        return num, symbol, f"{num}-{symbol}" if num else None, iss, span, code_span
    year = match.group("year")
    if kind not in doc_type_codes() and not year:  # công văn: "123/UBND-VP"
        symbol = f"{kind}-{iss}"
        return num, symbol, f"{num}/{symbol}", kind, span, code_span
    symbol = f"{year}/{kind}-{iss}" if year else f"{kind}-{iss}"
    return num, symbol, f"{num}/{symbol}", iss, span, code_span


def _symbol_type(symbol: str | None) -> str | None:
    if not symbol:
        return None
    return re.split(r"[/-]", symbol.split("/", 1)[-1] if symbol[:4].isdigit() else symbol)[0]


_PlaceDate = tuple[str | None, str | None, Span | None, Span | None, str | None]


def _place_date(text: str, start: int, end: int, limit: int) -> _PlaceDate:
    """(place, ISO date, their spans, and "11/2025" when the line leaves the day blank)
    of the place-and-date line: the first with a place above the body, else the first
    date there (a web copy's "ngày 02/8/2023"), so that a covering note's "trước ngày
    03/12/2024" above a forwarded plan does not stand for the plan's date line."""
    pattern = place_date_pattern()
    match = next((m for m in pattern.finditer(text, start, end) if m.group("place")), None) \
        or pattern.search(text, start, end) or pattern.search(text, start, limit)
    if match is None or not match.group("place") and match.start() > end:
        return None, None, None, None, None
    day = match.group("day") or match.group("day2")
    month = match.group("month") or match.group("month2")
    year = match.group("year") or match.group("year2")
    try:
        value = dt.date(int(year), int(month), int(day or 0)).isoformat()
    except ValueError:  # no such day, or the day left blank
        value = None
    place = match.group("place")
    place_span = match.span("place") if place else None
    comma = _COMMA.match(text, match.end("place")) if place else None  # "Bắc Sơn, ngày"
    date_start = comma.end() if comma else match.start()
    blank = None if day else f"{int(month)}/{year}"
    return place, value, place_span, (date_start, match.end()) if value else None, blank


def _title(text: str, start: int, limit: int) -> tuple[str | None, Span | None]:
    """The trích yếu and its span: the rest of the type line and the lines after it, up
    to the body."""
    parts: list[Span] = []
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    opener = body_opener_pattern().search(text, start + 1, line_end)
    if opener is not None and text[start:opener.start()].strip():
        line_end = opener.start()  # flattened: "KẾ HOẠCH <trích yếu> Căn cứ ..."
    rest = _stripped(text, start, line_end, " *#:")
    if rest[0] < rest[1]:
        parts.append(rest)
    pos = line_end + 1
    while pos < min(limit, len(text)) and len(parts) < _TITLE_LINES:
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        a, b = _stripped(text, pos, end, " *#")
        line = text[a:b]
        if parts and _stops_title(text, pos, end, line) or not line and parts:
            break
        if line and (RULE_LINE.match(line) or LINE_LABEL.match(line)):
            break
        if line:
            parts.append((a, b))
            if line.endswith((".", ":")):  # a sentence: the body has begun
                if len(parts) == 1:
                    return None, None
                return " ".join(text[a:b] for a, b in parts[:-1]), (parts[0][0], parts[-2][1])
        pos = end + 1
    title = " ".join(" ".join(text[a:b] for a, b in parts).split()).rstrip(" .;")
    if not title:
        return None, None
    end = parts[-1][1]
    while text[end - 1] in " .;" or text[end - 1].isspace():
        end -= 1
    return title, (parts[0][0], end)


def _subject_line(text: str, start: int,
                  end: int) -> tuple[str | None, Span | None, Span | None]:
    """The trích yếu of a document with no type line (a Công văn), after its subject mark
    ("V/v") in the header: the rest of that line and the lines that carry it on in small
    letters; its span, and the mark's."""
    mark = subject_mark_pattern().search(text, start, end)
    if mark is None:
        return None, None, None
    a, b = _stripped(text, mark.end(), line_end(text, mark.end()), " :")
    while b + 1 < end and text[b + 1:b + 2].islower():
        b = line_end(text, b + 1)
    title = " ".join(text[a:b].split()).rstrip(" .;")
    if not title:
        return None, None, None
    return title, (a, a + len(text[a:b].rstrip(" .;"))), mark.span()


def _stripped(text: str, start: int, end: int, chars: str) -> Span:
    """The span of ``text[start:end].strip(chars)``."""
    piece = text[start:end]
    kept = piece.lstrip(chars)
    start += len(piece) - len(kept)
    return start, start + len(kept.rstrip(chars))


def _stops_title(text: str, start: int, end: int, line: str) -> bool:
    return bool(body_opener_pattern().match(text, start, end) or RULE_LINE.match(line)
                or LINE_LABEL.match(line) or len(line) > 300)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    match = year_pattern().search(text)
    return int(match.group("year")) if match else None


def _doc_type(header: Header, fold: str, body_start: int) -> tuple[str | None, Span | None]:
    """The document type and where it is read: the type line, else the symbol's type
    code ("KH" of "210-KH/TU"), else the type word after the issuing verb."""
    if header.doc_type:
        return header.doc_type, header.type_span
    by_code = doc_type_codes().get(_symbol_type(header.symbol) or "")
    if by_code:
        return by_code, header.code_span
    return _issued_type(fold, header.end, body_start)


def _issued_type(fold: str, header_end: int, body_start: int) -> tuple[str | None, Span | None]:
    """The type word after the issuing verb: "ban hành Kế hoạch" → "Kế hoạch"."""
    match = issuing_scan_pattern().search(fold, header_end, body_start)
    name = doc_type_names().get(" ".join(match.group("type").split())) if match else None
    return (name, match.span("type")) if name and match else (None, None)


# ---------------------------------------------------------------------------- closing


def _closing_lines(doc: Document, fold: str, sections: list[Section],
                   end: int) -> tuple[list[Line], list[Line]]:
    """(recipient lines, signature lines) of the closing blocks of the document whose
    ``sections`` are given and which ends at ``end``.

    The blocks start at the first "Nơi nhận" or signature line after the last section's
    start. A two-column closing read line by line ("Nơi nhận:      T/M ĐẢNG ỦY" /
    "- Thường trực Huyện ủy (b/c);      BÍ THƯ") is split where the source had a wide
    gap: the left column holds the recipients, the right one the signature. ``fold`` is
    ``match_text`` of the whole text.
    """
    text = doc.text
    start = sections[-1].span[0] if sections else 0
    if start > 0 and text[start - 1] != "\n":  # the tail is the lines starting after it
        brk = text.find("\n", start)
        start = brk + 1 if brk != -1 else len(text) + 1  # (none: an empty tail)
    heading, mark = recipients_heading_pattern(), signature_pattern()
    tail = list(_lines(text, start, end if end == len(text) else end - 1))
    if (piped := _pipe_columns(text, tail)) is not None:
        left, right = piped
        top = next((i for i, (s, e) in enumerate(left) if heading.match(fold[s:e])), None)
        return (left[top:] if top is not None else left[-12:]), right
    first = next((i for i, (s, e) in enumerate(tail)
                  if heading.match(fold[s:e]) or mark.match(text[s:e])
                  or _mark_beside(doc, mark, s, e)), None)
    closing = tail[first:] if first is not None else tail[-12:]
    # a converter's footnotes ("[^1]: Quy định số 366-QĐ/TW thay thế ...") follow the
    # closing blocks and are none of them, nor is the signature of the e-mail that
    # forwarded the plan, after its "--" line, nor the block of the office that copied
    # it, from its "SAO Y BẢN CHÍNH" line
    copy = copy_mark_pattern()
    closing = list(takewhile(lambda line: not _FOOTNOTE.match(text, line[0])
                             and text[line[0]:line[1]].strip() != _MAIL_SIGNATURE
                             and not copy.fullmatch(fold, *line), closing))
    if is_flat(doc.source_text):
        return _flat_columns(doc, closing)
    gaps = [_column_gap(doc, s, e) for s, e in closing]
    if all(gap is None for gap in gaps):
        return closing, closing
    gaps = [None if gap is None else _past_brace(doc, gap, e)
            for (_, e), gap in zip(closing, gaps, strict=True)]
    if all(gap is None or gap == -1 for gap in gaps):
        return closing, closing
    # Where the right column starts in the source lines; a line with no gap set in that
    # far is the right column's alone, below a shorter left one (the signer's name under
    # the last recipient: "- Lưu VP." / "                      Nguyễn Văn A").
    column = min((_indent(doc, gap + 1) for gap in gaps if gap is not None and gap >= 0),
                 default=0)
    if (signed := _signature_column(doc, closing, gaps)) is not None and signed > column:
        # a third column between them: a purpose written down beside the recipients
        # ("- Thường trực Tỉnh ủy,   (để        BÍ THƯ" / "- Ban Tổ chức Tỉnh ủy,   báo
        # cáo)"): each line splits at its gap into the signature's column, if any
        column = signed
        gaps = [_gap_into(doc, s, e, column) if gap is not None and gap >= 0 else gap
                for (s, e), gap in zip(closing, gaps, strict=True)]
    left, right = [], []
    for (s, e), gap in zip(closing, gaps, strict=True):
        if gap == -1:  # a recipient and its brace: "- Văn phòng Đảng ủy,      } để báo cáo"
            left.append((s, e))
        elif gap is not None:
            left.append((s, gap))
            right.append((gap + 1, e))
        elif len(lead := _source_lead(doc, s)) >= _RIGHT_SHARE * column or "\t" in lead:
            # set in as far as the right column, or after a tab: a row of a Word table
            # copied as text whose left cell is empty ("<tab>Nguyễn Văn A")
            right.append((s, e))
        else:
            left.append((s, e))
    return left, right


def _pipe_columns(text: str, tail: list[Line]) -> tuple[list[Line], list[Line]] | None:
    """The columns of a closing set as a two-column Markdown table ("| Nơi nhận: | TM.
    BAN THƯỜNG VỤ |" / "|:---|:---:|" / "| - Lưu VP. | |"): the left cells with the lines
    outside the table, and the right cells; None when the tail has no such table. A
    cell's lines may be broken by "<br>" in one row ("| Nơi nhận:<br>- Tỉnh ủy (b/c),<br>-
    Lưu. | T/M BAN THƯỜNG VỤ<br>BÍ THƯ |"): each is a line of its own.

    >>> t = "| Nơi nhận:<br>- Tỉnh ủy (b/c),<br>- Lưu. | BÍ THƯ<br><br>Lò Văn An |"
    >>> [[t[a:b] for a, b in column] for column in _pipe_columns(t, [(0, len(t))])]
    [['Nơi nhận:', '- Tỉnh ủy (b/c),', '- Lưu.'], ['BÍ THƯ', 'Lò Văn An']]
    """
    left: list[Line] = []
    right: list[Line] = []
    rows = broken = 0
    for s, e in tail:
        line = text[s:e].strip()
        if line.startswith("|") and line.endswith("|") and line.count("|") == 3:
            if is_rule(line):
                continue
            rows += 1
            one, two = (_broken_lines(text, cell) for cell in cells(text, s, e))
            broken += len(one) + len(two) > 2
            left += one
            right += two
        else:
            left.append((s, e))
    return (left, right) if rows >= 2 or broken else None


def _broken_lines(text: str, cell: Line) -> list[Line]:
    """The lines of a table cell broken by "<br>" tags, blank ones left out."""
    out: list[Line] = []
    start = cell[0]
    for tag in [*_BR.finditer(text, *cell), None]:
        end = tag.start() if tag else cell[1]
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((start + lead, start + len(piece.rstrip())))
        start = tag.end() if tag else end
    return out


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _mark_beside(doc: Document, mark: re.Pattern[str], start: int, end: int) -> bool:
    """Whether a signature's mark stands in the right column of a two-column line: the
    second of two signatures set side by side above "Nơi nhận" (a joint plan's:
    "TRƯỞNG PHÒNG      K/T TRƯỞNG BAN")."""
    gap = _column_gap(doc, start, end)
    return gap is not None and mark.match(doc.text[gap + 1:end]) is not None


def _flat_columns(doc: Document, closing: list[Line]) -> tuple[list[Line], list[Line]]:
    """The columns of a two-column closing flattened row after row.

    Each row became "<left cell> <wide gap> <right cell>", and rows follow one another
    with one space: a right cell runs from a wide gap to the next recipient bullet
    ("Nơi nhận:   T/M CHI BỘ - Đảng ủy xã X (b/c);   BÍ THƯ - Lưu."). It is a two-column
    closing only if some right cell ends at a bullet; otherwise the wide gaps are line
    breaks the flattening lost ("T/M BAN THƯỜNG VỤ   PHÓ BÍ THƯ   Lê An"), and every line
    is read as both.
    """
    text, mark = doc.text, signature_pattern()
    left: list[Line] = []
    right: list[Line] = []
    at_bullet = False
    for start, end in closing:
        pos = start
        if mark.match(text[start:end]):  # the flattening's gap before it became a break
            bullet = _FLAT_BULLET.search(text, start, end)
            right.append((start, bullet.start() if bullet else end))
            pos = bullet.start() + 1 if bullet else end
        while (gap := _column_gap(doc, pos, end)) is not None:
            bullet = _FLAT_BULLET.search(text, gap + 1, end)
            stop = bullet.start() if bullet else end
            left.append((pos, gap))
            right.append((gap + 1, stop))
            at_bullet = at_bullet or bullet is not None
            pos = stop + 1 if bullet else end
        if pos < end:
            left.append((pos, end))
    return (left, right) if at_bullet else (closing, closing)


def _source_lead(doc: Document, start: int) -> str:
    """What stands before the text at ``start`` on its source line (its indent)."""
    if doc.offsets is None:
        return ""
    source = doc.offsets.to_source(start)
    return doc.source_text[doc.source_text.rfind("\n", 0, source) + 1:source]


def _indent(doc: Document, start: int) -> int:
    """How many characters into its source line the text at ``start`` begins."""
    return len(_source_lead(doc, start))


def _past_brace(doc: Document, gap: int, end: int) -> int:
    """A recipients' brace ("}" and the purpose beside it) set off by a wide gap stays
    with the recipient: the gap after it, if any, splits the line; -1 if none does."""
    text = doc.text
    if not text[gap + 1:end].lstrip().startswith("}"):
        return gap
    brace = text.index("}", gap + 1, end)
    after = _column_gap(doc, brace + 1, end)  # "}   BÍ THƯ", "} để báo cáo   BÍ THƯ"
    return -1 if after is None else after


def _column_gap(doc: Document, start: int, end: int) -> int | None:
    """A space in ``text[start:end]`` that stands for a wide gap in the source, or for a
    tab after some text (a Word closing set with a tab stop: "Nơi nhận:<tab>T/M ...")."""
    return next(_column_gaps(doc, start, end), None)


def _column_gaps(doc: Document, start: int, end: int) -> Iterator[int]:
    """Each space in ``text[start:end]`` that ``_column_gap`` would take, in order."""
    if doc.offsets is None or doc.offsets.is_identity:
        return
    text, source, to_source = doc.text, doc.source_text, doc.offsets.to_source
    pos = text.find(" ", start, end)
    while pos != -1:
        at = to_source(pos)
        if (to_source(pos + 1) - at >= _COLUMN_GAP
                and "\n" not in source[at:to_source(pos + 1)]) or (
                source[at] == "\t" and pos > start and not text[pos - 1].isspace()):
            yield pos
        pos = text.find(" ", pos + 1, end)


def _signature_column(doc: Document, closing: list[Line],
                      gaps: list[int | None]) -> int | None:
    """How far into its source line the signature's mark starts when it stands after the
    last wide gap of a line ("Nơi nhận:      T/M BAN THƯỜNG VỤ"); None if no line has it."""
    mark = signature_pattern()
    for (s, e), gap in zip(closing, gaps, strict=True):
        if gap is None or gap < 0:
            continue
        last = deque(_column_gaps(doc, gap, e), maxlen=1)
        if last and mark.match(doc.text[last[0] + 1:e]):
            return _indent(doc, last[0] + 1)
    return None


def _gap_into(doc: Document, start: int, end: int, column: int) -> int:
    """The last wide gap of a line whose right side starts in the right column's share of
    the way to ``column``; -1 when the line's gaps all fall short of it (the line is the
    left column's, a purpose beside a recipient: "- Ban Tổ chức Tỉnh ủy,     báo cáo)")."""
    into = [gap for gap in _column_gaps(doc, start, end)
            if _indent(doc, gap + 1) >= _RIGHT_SHARE * column]
    return into[-1] if into else -1
