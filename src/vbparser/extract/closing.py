"""The closing blocks of a plan: the signature and the recipients (issue 3).

Signature (domain.md §1.7): an authority line with its mark — Party ``T/M``, ``K/T``,
``T/L``; state ``TM.``, ``KT.``, ``Q.``, ``TL.``, ``TUQ.`` — then the position in
capitals, then the signer's name (web copies put "(đã ký)" in between). Without a mark,
the head signs in person: a position line followed by a name.

Recipients (domain.md §1.8): the lines after "Nơi nhận:". A purpose is read from an
inline mark ("(b/c)", "(để thực hiện)"), from a brace ("- Ban Tổ chức Huyện ủy } Để
báo cáo") or, when extraction left the braces as trailing lines ("- } Để báo cáo" /
"- } Để thực hiện", seed 000), by level: brace groups are contiguous, so the report
group runs up to the last recipient above the issuer and the rest is for action.
"Lưu ..." is the archive copy. A document that marks no purposes gets null purposes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from vbparser.extract.bodies import body_level, find_bodies, level_index
from vbparser.model import Level, Recipient, RecipientPurpose, Signer
from vbparser.normalize.fold import fold_slice, match_text
from vbparser.patterns import (
    archive_pattern,
    executors_pattern,
    name_title_pattern,
    phrase_alternation,
    position_pattern,
    purpose_patterns,
    recipients_heading_pattern,
    signature_pattern,
    signed_pattern,
    undotted_mark_pattern,
    upward_pattern,
)
from vbparser.spans import Span

Line = tuple[int, int]
_BULLET = re.compile(r"[\s\-+•–*]+")  # used with .match: anchored at the position given
# a brace's purpose on a line of its own, as a table of braces gives it after the names
# ("} để báo cáo")
_BRACE_LINE = re.compile(r"\s*[-–+]?\s*\}")
_NAME_TRIM = " \t;,.-–"
# Marks a scanned seal or signature leaves beside a name, read as punctuation by OCR.
_SPECKS = " _-~.,:;'`\"|"
_PERSON = re.compile(r"^(?:[^\W\d_][\w.]*)(?:\s+[^\W\d_][\w.]*){1,6}$")
# The longest word a signature's scrawl is read as.
_SCRAWL = 3
# A recipient line is short; longer text is body or signature.
_MAX_ITEM = 200


def find_signer(text: str, lines: Sequence[Line]) -> Signer | None:
    """Read the signature block from the closing ``lines`` of ``text``.

    >>> text = "Nơi nhận:\\n- Lưu VP.\\nT/M BAN THƯỜNG VỤ\\nPHÓ BÍ THƯ\\n(đã ký)\\nTrần Văn An"
    >>> signer = find_signer(text, _split(text))
    >>> signer.authority, signer.position, signer.name, text[slice(*signer.span)]
    ('T/M BAN THƯỜNG VỤ', 'PHÓ BÍ THƯ', 'Trần Văn An', 'Trần Văn An')
    """
    mark = signature_pattern()
    last = next((i for i in range(len(lines) - 1, -1, -1)
                 if mark.match(text[lines[i][0]:lines[i][1]])), None)
    if last is not None:  # a mark line keeps its mark once cleaned: read only what follows
        rest = _kept(text, lines[last + 1:])
        if rest and _undotted(text[rest[0][0]:rest[0][1]]):
            rest = rest[1:]  # "KT CHỦ TỊCH" (OCR lost the stop) under "TM. ỦY BAN NHÂN DÂN"
        elif last > 0 and mark.match(text[lines[last - 1][0]:lines[last - 1][1]]):
            last -= 1  # "TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH": the collective's
        return _signed_with_mark(text, lines[last], rest)
    body = _kept(text, lines)
    for i in range(len(body) - 2, -1, -1):
        line = _clean(text[body[i][0]:body[i][1]])
        name, where = _person(text, body[i + 1:])
        if _is_caps(line) and name and where:
            return Signer(None, line, name, _name_span(text, where, name))
    return None


def _name_span(text: str, line: Line, name: str | None) -> Span:
    """Where ``name`` stands in ``line`` (the tail of "T/M ĐẢNG ỦY BÍ THƯ Lê An"), else
    the line."""
    if name:
        found = re.compile(r"\s+".join(map(re.escape, name.split()))).search(text, *line)
        if found:
            return found.span()
    return _line_span(text, line)


def _line_span(text: str, line: Line) -> Span:
    """The span of a line without its surrounding white space."""
    start, end = line
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _kept(text: str, lines: Sequence[Line]) -> list[Line]:
    """The lines with text besides "(đã ký)" and the like."""
    return [(s, e) for s, e in lines if _clean(text[s:e])]


def _undotted(line: str) -> bool:
    """Whether the line under an authority line is a deputy's mark whose stop OCR lost
    ("KT CHỦ TỊCH" under "TM. ỦY BAN NHÂN DÂN").

    >>> _undotted("KT CHỦ TỊCH"), _undotted("KT"), _undotted("PHÓ CHỦ TỊCH")
    (True, False, False)
    """
    found = undotted_mark_pattern().match(" ".join(line.split()))
    return found is not None and bool(
        position_pattern().fullmatch(match_text(found.group("rest"))))


def _signed_with_mark(text: str, mark_line: Line, rest: Sequence[Line]) -> Signer:
    """The signer below the authority line ``mark_line``; ``rest`` are the kept lines
    after it."""
    start, end = mark_line
    line = " ".join(text[start:end].split())
    caps, tail = _split_caps(line)
    # a speck read after the words ("T/M CHI BỘ."); a mark alone keeps its stop ("KT.")
    authority = caps.rstrip(_SPECKS) if len(caps.split()) > 1 else caps
    position: str | None = None
    if tail:  # flattened: "T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ Trần Văn An" on one line
        authority, position = _split_authority(caps)
        name = _person_text(tail)
        return Signer(authority, position, name, _name_span(text, mark_line, name))
    last = mark_line
    below = _clean(text[rest[0][0]:rest[0][1]]) if rest else ""
    if _is_caps(below):
        position, last, rest = below.rstrip(_SPECKS), rest[0], rest[1:]
    name, where = _person(text, rest)
    return Signer(authority, position, name,
                  _name_span(text, where, name) if where else _line_span(text, last))


def _split_caps(line: str) -> tuple[str, str]:
    words = line.split()
    n = 0
    while n < len(words) and (words[n].isupper() or not any(c.isalpha() for c in words[n])):
        n += 1
    return " ".join(words[:n]), " ".join(words[n:])


def _split_authority(caps: str) -> tuple[str, str | None]:
    """"T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ" → ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"): the position
    is the shortest tail that names one (``section_markers.yaml`` positions)."""
    mark = signature_pattern().match(caps)
    if mark is None:
        return caps, None
    words = mark.group("rest").split()
    for i in range(1, len(words)):
        tail = " ".join(words[i:])
        if position_pattern().fullmatch(match_text(tail)):
            return f"{mark.group('mark')} {' '.join(words[:i])}", tail
    return caps, None


def _person(text: str, lines: Sequence[Line]) -> tuple[str | None, Line | None]:
    """The signer's name on the first of ``lines`` with text, and that line; a
    signature's scrawl read as a word of a few letters above it ("ZV") is passed over."""
    for start, end in lines:
        line = _clean(text[start:end])
        if line:
            name = _person_text(line)
            if name is None and len(line.split()) == 1 and len(line) <= _SCRAWL:
                continue
            return name, (start, end) if name else None
    return None, None


def _person_text(line: str) -> str | None:
    """The name a signature's last line gives, if it is one: capitalised words, with
    the specks a scan leaves around it taken off ("_ Lê Văn An", "Hà Văn Khánh ặ").

    >>> _person_text("_ Lê Văn An"), _person_text("Hà Văn Khánh ặ"), _person_text("Lê a")
    ('Lê Văn An', 'Hà Văn Khánh', None)
    >>> _person_text("Đại tá Lò Văn Thịnh"), _person_text("TS. Hà Minh Tuấn")
    ('Lò Văn Thịnh', 'Hà Minh Tuấn')
    """
    line = signed_pattern().sub(" ", line).strip(_SPECKS)
    while title := name_title_pattern().match(line):  # "Đại tá Lò Văn An", "TS. BS. Hà"
        line = line[title.end():]
    words = line.split()
    while len(words) > 2 and len(words[-1]) == 1 and words[-1].islower():
        words.pop()  # a speck read as a letter: "Hà Văn Khánh ặ"
    name = " ".join(words).strip(_SPECKS)
    return name if _PERSON.match(name) and all(w[0].isupper() for w in name.split()) else None


def _clean(line: str) -> str:
    """The line without "(đã ký)" and the like; empty if no letter is left ("(Đã ký).",
    a scan's speck read as ".")."""
    rest = " ".join(signed_pattern().sub(" ", line).split()) if line.strip() else ""
    return rest if any(ch.isalpha() for ch in rest) else ""


def _is_caps(line: str) -> bool:
    if not line.isupper():
        return False  # a small letter, or no cased letter at all
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _split(text: str) -> list[Line]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


# ------------------------------------------------------------------------ recipients


@dataclass(slots=True)
class _Item:
    name: str
    span: Span
    purpose: RecipientPurpose | None = None
    archive: bool = False
    brace: Span | None = None  # what stands after a "}" on its line
    informed: bool = False  # "(để biết)": sent for information, its purpose stays null
    # the purpose stood after the name's own comma, on a line of its own in the source
    # ("- Ban Tổ chức Tỉnh ủy," / "(để báo cáo)"): a label for the group it closes
    closes_group: bool = False


def find_recipients(text: str, lines: Sequence[Line], issuer_level: Level | None,
                    date: str | None = None, *, fold: str | None = None) -> tuple[Recipient, ...]:
    """Read the recipients after "Nơi nhận:" in ``lines`` of ``text``.

    Args:
        text: the document text.
        lines: its lines (start, end), from the closing part on.
        issuer_level: the issuer's level, to tell bodies above it (report) from the
            others (action) when only trailing braces mark the purposes.
        date: the document's date (levels of district bodies depend on it).
        fold: ``match_text`` of the whole text (``normalize.fold.folded``), if the caller
            has it: lines are sliced from it instead of folded one by one.
    """
    items, trailing = _items(text, lines, fold)
    _brace_runs(items, text, fold)
    _split_labels(items, text)
    if trailing:
        _by_level(items, trailing, issuer_level, date)
    return tuple(Recipient(i.name, RecipientPurpose.ARCHIVE if i.archive else i.purpose, i.span)
                 for i in items)


def _items(text: str, lines: Sequence[Line],
           fold: str | None) -> tuple[list[_Item], list[RecipientPurpose]]:
    """Recipient items and the purposes of trailing brace lines, in order."""
    heading = recipients_heading_pattern()
    items: list[_Item] = []
    trailing: list[RecipientPurpose] = []
    pending: list[_Item] = []
    group: list[_Item] = []  # the unmarked recipients since the last marked one
    started = closed = False
    for start, end in lines:
        line = text[start:end]
        if not started:
            found = heading.match(fold_slice(text, fold, start, end))
            if found is None:
                continue
            started, start = True, start + found.end()
            line = text[start:end]
        if not line.strip():
            continue
        if _ends_list(line) or (closed and not _BULLET.match(line)
                                and not _BRACE_LINE.match(line)):
            break  # after "- Lưu VT." only another item or a brace goes on the list
        item, marks = _parse_item(text, start, end, fold)
        if item is not None:
            if items and not item.archive and (line.lstrip().startswith("+")
                                               or _goes_on(text, items[-1], line)):
                _extend(items[-1], item, text)
            else:
                items.append(item)
                pending.append(item)
            if item.purpose is None or item.archive:
                group.append(item)
            else:
                if item.closes_group:
                    _assign(group, item.purpose)
                group = []
        closed = item is not None and item.archive and line.rstrip().endswith(".")
        if marks and item is not None:
            if len(pending) < 2 or pending[-2].brace is None:
                _assign(pending, marks[0])  # else a brace beside every line: _brace_runs
            pending = []
        elif marks:
            trailing.extend(marks)
    return items, trailing


def _goes_on(text: str, last: _Item, line: str) -> bool:
    """Whether ``line`` is the rest of the recipient above, wrapped in a narrow column:
    it has no bullet, the line above had one and ended without punctuation ("- Các cơ
    quan tham mưu, giúp việc" / "Tỉnh ủy,")."""
    if last.archive or _BULLET.match(line) or last.brace is not None:
        return False
    head = text.rfind("\n", 0, last.span[0]) + 1
    return bool(_BULLET.match(text, head, last.span[0])) and \
        text[last.span[1]:last.span[1] + 1] not in (",", ";", ".")


def _ends_list(line: str) -> bool:
    return bool(signature_pattern().match(line)) or len(line) > _MAX_ITEM or (
        _is_caps(line) and not _BULLET.match(line))


def _parse_item(text: str, start: int, end: int,
                fold: str | None) -> tuple[_Item | None, list[RecipientPurpose]]:
    brace, inline, by_phrase = purpose_patterns()
    folded = fold_slice(text, fold, start, end)
    marks = [RecipientPurpose(by_phrase[" ".join(m.group("words").split())])
             for m in brace.finditer(folded)]
    cut = folded.find("}")
    name_end = start + cut if cut != -1 else end
    purpose = None
    tail = inline.search(folded, 0, name_end - start)
    if tail is not None:
        words = tail.group("words") or tail.group("said")
        purpose = RecipientPurpose(by_phrase[" ".join(words.split())]) if words else None
        name_end = start + tail.start()
    span = _trimmed(text, start, name_end)
    if span is None:
        return None, marks
    name = text[span[0]:span[1]]
    folded_name = fold_slice(text, fold, span[0], span[1])
    archive = bool(archive_pattern().match(folded_name))
    if purpose is None and executors_pattern().fullmatch(folded_name):  # "Như Điều 3"
        purpose = RecipientPurpose.ACTION
    beside = (start + cut + 1, end) if cut != -1 else None
    informed = tail is not None and tail.group("informed") is not None
    closes_group = tail is not None and tail.group("said") is None and \
        text[span[1]:tail.start() + start].strip() in (",", ";")
    return _Item(name, span, purpose, archive, beside, informed, closes_group), marks


def _trimmed(text: str, start: int, end: int) -> Span | None:
    bullet = _BULLET.match(text, start, end)
    if bullet:
        start = bullet.end()
    while start < end and text[end - 1] in _NAME_TRIM:
        end -= 1
    while start < end and text[start] in _NAME_TRIM:
        start += 1
    return (start, end) if end > start else None


def _brace_runs(items: list[_Item], text: str, fold: str | None) -> None:
    """Purposes of a brace drawn beside every line of its group: a run of recipients
    each followed by "}", the purposes written beside some of them, a phrase possibly
    over two lines ("} để" / "} báo cáo"). The run is shared out evenly among its
    purposes in order when each purpose then stands beside its own share (a label sits
    mid-group), else each recipient takes the nearest purpose."""
    _, _, by_phrase = purpose_patterns()
    words = re.compile(phrase_alternation(by_phrase))
    run: list[_Item] = []
    for item in [*items, None]:
        if item is not None and item.brace is not None and not item.archive:
            run.append(item)
            continue
        if len(run) > 1:
            parts = [fold_slice(text, fold, *i.brace) for i in run if i.brace]
            at = [n for n, part in enumerate(parts) for _ in range(len(part) + 1)]
            joined = " ".join(parts)
            labels = [(at[m.start()], RecipientPurpose(by_phrase[" ".join(m.group().split())]))
                      for m in words.finditer(joined)]
            if labels:
                _share(run, labels)
        run = []


def _split_labels(items: list[_Item], text: str) -> None:
    """A label beside a brace the text lost, split over two lines after their names'
    commas ("- Ban Tổ chức Trung ương, để báo" / "- Văn phòng Trung ương Đảng, cáo", as a
    browser prints a brace group) or in brackets ("- Ban Thường vụ Tỉnh ủy (để" / "- Ban
    Tổ chức Tỉnh ủy, báo cáo)", a typist's brace): both lines take its purpose and lose
    its words."""
    _, _, by_phrase = purpose_patterns()
    for one, two in pairwise(items):
        if any(i.purpose or i.archive or i.brace or i.informed for i in (one, two)):
            continue
        first, second = _label_tail(one, text), _label_tail(two, text)
        if first is None or second is None:
            continue
        phrase = " ".join(match_text(
            f"{text[first:one.span[1]]} {text[second:two.span[1]]}").strip("()").split())
        if phrase.startswith("để ") and phrase in by_phrase:
            for tail, item in ((first, one), (second, two)):
                item.span = _trimmed(text, item.span[0], tail - 1) or item.span
                item.name = text[item.span[0]:item.span[1]]
                item.purpose = RecipientPurpose(by_phrase[phrase])


def _label_tail(item: _Item, text: str) -> int | None:
    """Where the words after a recipient's last comma or its bracket left open start
    when they are one or two (a piece of a label: "(để" / "báo cáo)"), else None."""
    bracket = text.rfind("(", item.span[0], item.span[1])
    if bracket != -1 and ")" not in text[bracket:item.span[1]] and \
            0 < len(text[bracket + 1:item.span[1]].split()) <= 2:
        return bracket
    comma = text.rfind(",", item.span[0], item.span[1])
    if comma == -1 or not 0 < len(text[comma + 1:item.span[1]].split()) <= 2:
        return None
    return comma + 1


def _share(run: list[_Item], labels: list[tuple[int, RecipientPurpose]]) -> None:
    size, k = len(run), len(labels)
    bounds = [size * i // k for i in range(k + 1)]
    if all(bounds[i] <= line < bounds[i + 1] for i, (line, _) in enumerate(labels)):
        for i, (_, purpose) in enumerate(labels):
            for item in run[bounds[i]:bounds[i + 1]]:
                item.purpose = purpose
        return
    for n, item in enumerate(run):
        item.purpose = min(labels, key=lambda label: abs(label[0] - n))[1]


def _extend(item: _Item, more: _Item, text: str) -> None:
    """A "+ ..." line, or a wrapped line, continues the recipient above it ("Lưu Văn
    phòng + PTH"), and gives it its purpose if it states one ("Tỉnh ủy (thực hiện),").
    What stands between the two in the text beyond the line end is the signature column
    beside the list ("- Các huyện ủy trực thuộc      Nguyễn Văn A" / "Tỉnh ủy,"), left
    out of the name.
    """
    line = text.rfind("\n", item.span[1], more.span[0]) + 1 or item.span[1]
    item.name = " ".join(f"{item.name} {text[line:more.span[1]]}".split())
    item.span = (item.span[0], more.span[1])
    item.purpose = item.purpose or more.purpose
    item.informed = item.informed or more.informed


def _assign(items: Sequence[_Item], purpose: RecipientPurpose) -> None:
    for item in items:
        if item.purpose is None and not item.archive and not item.informed:
            item.purpose = purpose


def _by_level(items: list[_Item], marks: list[RecipientPurpose], issuer_level: Level | None,
              date: str | None) -> None:
    """Spread trailing brace purposes over the unmarked recipients, by level."""
    open_ = [i for i in items if i.purpose is None and not i.archive and not i.informed]
    groups = [p for n, p in enumerate(marks) if n == 0 or marks[n - 1] != p]
    if not open_:
        return
    if len(groups) == 1:
        _assign(open_, groups[0])
        return
    upward = [n for n, item in enumerate(open_) if _is_upward(item.name, issuer_level, date)]
    if not upward or RecipientPurpose.REPORT not in groups:
        return  # the split cannot be told: purposes stay unknown
    report_first = groups.index(RecipientPurpose.REPORT) == 0
    cut = upward[-1] + 1 if report_first else upward[0]
    other = next(p for p in groups if p != RecipientPurpose.REPORT)
    first, second = (RecipientPurpose.REPORT, other) if report_first else (
        other, RecipientPurpose.REPORT)
    _assign(open_[:cut], first)
    _assign(open_[cut:], second)


def _is_upward(name: str, issuer_level: Level | None, date: str | None) -> bool:
    """A recipient above the issuer: an upper body, or its member in charge of us."""
    if upward_pattern().search(match_text(name)):
        return True
    mine = level_index(issuer_level)
    if mine is None:
        return False
    for body in find_bodies(name):
        rank = level_index(body_level(body, date))
        if rank is not None and rank < mine:
            return True
    return False
