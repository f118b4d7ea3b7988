"""The section tree of a plan, read from its numbering (issue 3).

``build_sections`` makes one pass over the lines of ``Document.text``: a line that starts
with a label (``I.``/``I-``, ``1.``, ``1.1.``, ``a)``, ``(1)``) opens a section, placed in
the outline by ``numbering.Outline``; bullets (``-``, ``+``, ``*``) are list items inside
a section's body, never sections. Sections end where the next section at the same or a
higher level starts, the last ones where the closing blocks ("Nơi nhận:", the signature)
start. Each section gets a role from its title's wording (``section_markers.yaml``) or,
if its title names none, its parent's role.

Other stages find their way in the tree with :func:`section_at` (the innermost section
around an offset) and resolve internal cross-references ("tại điểm 1.1, mục 1, phần II
của Kế hoạch này") with :func:`resolve_reference` / :func:`find_references`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from heapq import merge
from itertools import chain, product
from typing import NamedTuple

from vbparser.config import Config
from vbparser.errors import warning_message
from vbparser.model import Document, Section, SectionRole, Warning
from vbparser.normalize.fold import fold_found, folded, match_text, strip_marks
from vbparser.normalize.unflatten import is_flat
from vbparser.numbering import Label, Outline, follows, is_first, label_from_match
from vbparser.patterns import (
    CAPS_VI,
    LINE_LABEL,
    LINE_LABEL_AFTER_BREAK,
    RULE_LINE,
    admin_levels,
    appendix_pattern,
    article_patterns,
    closing_line_pattern,
    closing_line_starts,
    issued_with_pattern,
    markers,
    national_pattern,
    number_patterns,
    reference_patterns,
    reference_scope,
    title_role_pattern,
)
from vbparser.spans import Span
from vbparser.spans import line_end as _line_end
from vbparser.tables import heads_rows, is_row

# A sentence ends with one of these marks ("./." too), perhaps inside closing quotes.
_SENTENCE_MARKS = (".", ";", "!", "?", "…")
_CLOSERS = "\"'”’)]"
_TITLE_STRIP = " \t*#"
# A closing line ("Nơi nhận:", "T/M ...") is told by its first characters.
_CLOSING_PREFIX = 40
_CAPS_WORD = re.compile(rf"[{CAPS_VI}0-9][{CAPS_VI}0-9,;.\-–/()]*")
# A Roman numeral in a reference, written in either case ("phần ii" once folded).
_ROMAN_REF = re.compile(r"[ivxIVX]{2,5}")
_SPACES = re.compile(r"[^\S\n]+")
_ROLES = {role.value: role for role in SectionRole}
_LIST_KINDS = ("arabic", "letter", "paren")  # the labels a bullet's own list may carry


class _Row(NamedTuple):
    """A section while its end is not known (a tuple: cheap to build, one per heading)."""

    row: int  # its index in the list of sections
    id: str
    path: tuple[str, ...]
    role: SectionRole
    parent: str | None
    label: str
    title: str | None
    depth: int
    start: int


def build_sections(doc: Document, config: Config) -> Document:
    """Return ``doc`` with its sections, flat and in document order.

    >>> from vbparser import parse
    >>> doc = parse("KẾ HOẠCH\\nI. MỤC ĐÍCH, YÊU CẦU\\n1. Nâng cao nhận thức.\\n"
    ...             "II. TỔ CHỨC THỰC HIỆN\\n1. Đối tượng kiểm điểm\\n- Đảng viên.")
    >>> [(s.id, s.title, s.role.value) for s in doc.sections]  # doctest: +NORMALIZE_WHITESPACE
    [('I', 'MỤC ĐÍCH, YÊU CẦU', 'purpose'), ('I/1', None, 'purpose'),
     ('II', 'TỔ CHỨC THỰC HIỆN', 'organisation'), ('II/1', 'Đối tượng kiểm điểm', 'subjects')]
    """
    text = doc.text
    bodies = [(start, _body_end(text, start, end)) for start, end in document_parts(text)]
    flat = bool(doc.source_text) and is_flat(doc.source_text)
    sections = tuple(chain.from_iterable(_sections(doc, bodies, flat)))
    warnings = doc.warnings
    if flat:
        warnings += (Warning("VB203", warning_message("VB203")),)
    return replace(doc, sections=sections, warnings=warnings)


def _label_lines(text: str, end: int, start: int = 0) -> Iterator[re.Match[str]]:
    """The label match of each line from ``start`` (a line start) to ``end`` that opens
    with one, bullets included.

    One scan of the text: the first line is matched with ``LINE_LABEL``, the others with
    ``LINE_LABEL_AFTER_BREAK`` (its match starts at the line break, see ``_line_start``).
    """
    if start > 0:  # a line start: the break before it opens the first match
        return LINE_LABEL_AFTER_BREAK.finditer(text, start - 1, end)
    first = LINE_LABEL.match(text, 0, min(_line_end(text, 0), end))
    rest = LINE_LABEL_AFTER_BREAK.finditer(text, 0, end)
    return rest if first is None else chain((first,), rest)


def _line_start(match: re.Match[str]) -> int:
    return match.start() + 1 if match.re is LINE_LABEL_AFTER_BREAK else 0


def _body_end(text: str, start: int = 0, end: int | None = None) -> int:
    """Where the closing blocks start: the first "Nơi nhận" or signature line after a label,
    in the document that runs from ``start`` to ``end`` (the whole text by default).

    The label line is the first line that opens with a label and not with "-", "+" or
    "*"; each later line is told by the first ``_CLOSING_PREFIX`` characters of its fold.
    """
    end = len(text) if end is None else end
    first = next((m for m in _label_lines(text, end, start)
                  if not text.startswith(("-", "+", "*"), _line_start(m))), None)
    # no label: the first closing line after the first line (a Quyết định's articles)
    after = _line_end(text, start if first is None else first.end())
    return _closing_start(text, after, end)


def _closing_start(text: str, pos: int, end: int) -> int:
    """The start of the first "Nơi nhận" or signature line after ``pos``, else ``end``."""
    closing, fold = closing_line_pattern(), folded(text)
    for brk in closing_line_starts().finditer(fold, pos, end):
        start = brk.end()
        if closing.match(fold, start, min(_line_end(text, start), start + _CLOSING_PREFIX)):
            return start
    return end


# A new document's header runs over at most this many lines from its first line.
_HEADER_LINES = 16


@lru_cache(maxsize=8)
def document_parts(text: str) -> tuple[Span, ...]:
    """The documents a text holds, one after another: a file sent by an e-office system
    may hold a covering letter and then the plan it sends, or a Quyết định and then the
    plan it issues. Each after the first starts with its own header after the closing
    blocks of the one before: the national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    with a number ("Số: 245/KH-UBND") or a line saying the document is issued with
    another ("(Ban hành kèm theo Quyết định số ...)") within its header's lines. A form
    or an appendix after the closing, with no number, belongs to the document above it.

    >>> text = ("Số: 12/UBND-VP\\nV/v gửi Kế hoạch\\n1. Đề nghị thực hiện.\\nNơi nhận:\\n"
    ...         "- Như trên.\\nỦY BAN NHÂN DÂN\\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\\n"
    ...         "Số: 30/KH-UBND\\nKẾ HOẠCH\\nĐánh giá năm 2025\\nI. MỤC ĐÍCH")
    >>> [text[a:b].split("\\n")[0] for a, b in document_parts(text)]
    ['Số: 12/UBND-VP', 'ỦY BAN NHÂN DÂN']
    """
    fold = folded(text)
    motto = national_pattern()
    starts, start = [0], 0
    while True:
        found = None
        # after the closing's first line: a Quyết định's articles ("Điều 1.") are no labels
        closing = _closing_start(text, _line_end(text, start), len(text))
        for match in motto.finditer(fold, closing):
            found = _header_start(text, fold, match.start(), closing)
            if found is not None:
                break
        if found is None:
            break
        starts.append(found)
        start = found
    return tuple(zip(starts, [*starts[1:], len(text)], strict=True))


def _header_start(text: str, fold: str, motto: int, floor: int) -> int | None:
    """Where the header around the national motto at ``motto`` starts, when it is a
    document's: the lines above it in capitals, rules and the number line, down to the
    closing above (no further up than ``floor``); None when the header's lines hold
    neither a number nor the words of a document issued with another."""
    start = text.rfind("\n", 0, motto) + 1
    while start > floor:
        above = text.rfind("\n", 0, start - 1) + 1
        line = text[above:start - 1].strip()
        if not (_is_caps(line) or RULE_LINE.match(line) or line == "*"
                or any(p.match(line) for p in number_patterns())):
            break
        start = above
    end = start
    for _ in range(_HEADER_LINES):
        end = _line_end(text, end) + 1
        if end >= len(text):
            break
    if any(p.search(text, start, end) for p in number_patterns()) or \
            issued_with_pattern().search(fold, start, end):
        return start
    return None


class Appendix(NamedTuple):
    """A part after the closing headed "PHỤ LỤC": its title as written, and the span of
    what follows the title up to the next appendix."""

    title: str
    span: Span


# An appendix's title runs over at most this many lines after a bare "PHỤ LỤC" line.
_APPENDIX_TITLE_LINES = 3


def appendices(doc: Document) -> list[Appendix]:
    """The appendices after the closing blocks ("PHỤ LỤC" / "DANH SÁCH ..." / "(Kèm theo
    Kế hoạch số ...)" / a table). A bare heading's title is on the lines after it, up to
    a blank line, a line in brackets or a table row.

    >>> from vbparser import load
    >>> doc = load("I. NỘI DUNG\\n1. Kiểm điểm.\\nNơi nhận:\\n- Lưu.\\nPHỤ LỤC I\\n"
    ...            "DANH SÁCH CÁC TẬP THỂ\\n(Kèm theo Kế hoạch số 5)\\nTT | Tập thể")
    >>> [(a.title, doc.text[slice(*a.span)]) for a in appendices(doc)]
    [('DANH SÁCH CÁC TẬP THỂ', '(Kèm theo Kế hoạch số 5)\\nTT | Tập thể')]
    """
    text, fold = doc.text, folded(doc.text)
    heading = appendix_pattern()
    starts = []  # (where the heading starts, where its title starts and ends)
    first = heading.search(fold)
    if first is None:
        return []
    pos = max(first.start(), _body_end(text, *document_parts(text)[-1]))
    while pos < len(text):
        end = _line_end(text, pos)
        if m := heading.match(fold, pos, end):
            if m.group("rest"):
                starts.append((pos, m.start("rest"), end))
            else:
                title_start = title_end = line = end + 1
                for _ in range(_APPENDIX_TITLE_LINES):
                    line_end = _line_end(text, line)
                    piece = text[line:line_end].strip()
                    if line >= len(text) or not piece or piece.startswith("(") or "|" in piece:
                        break
                    title_end, line = line_end, line_end + 1
                starts.append((pos, title_start, max(title_start, title_end)))
        pos = end + 1
    found = []
    for n, (_, title_start, title_end) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(text)
        title = " ".join(text[title_start:title_end].split()).strip(_TITLE_STRIP)
        found.append(Appendix(title, (min(title_end + 1, stop), stop)))
    return found


def closing_end(text: str, start: int, end: int) -> int:
    """Where the closing blocks of the document running from ``start`` to ``end`` stop:
    at the heading of the first appendix or form after its body ("PHỤ LỤC 1", "Mẫu
    2A"), whose own "Nơi nhận" and signature captions are a form's; else ``end``.

    >>> text = ("I. NỘI DUNG\\n1. Kiểm điểm.\\nNơi nhận:\\n- Lưu.\\nT/M ĐẢNG ỦY\\nBÍ THƯ\\n"
    ...         "Lê An\\nMẫu 2A\\nBẢN TỰ KIỂM ĐIỂM\\nT/M CHI BỘ\\nBÍ THƯ")
    >>> text[closing_end(text, 0, len(text)):].split("\\n")[0]
    'Mẫu 2A'
    """
    fold, heading = folded(text), appendix_pattern()
    first = heading.search(fold, start, end)
    if first is None:
        return end
    pos = max(first.start(), _body_end(text, start, end))
    while pos < end:
        line_end = _line_end(text, pos)
        if heading.match(fold, pos, line_end):
            return pos
        pos = line_end + 1
    return end


def _capital_follows(match: re.Match[str]) -> bool:
    """A ``num2`` label, without its own punctuation ("1.1 Tập thể"), needs a capital after it.

    ``LINE_LABEL``'s capital class also spans small accented letters, so "2.5 đồng" would
    pass it; a real capital is checked here (the match's look-ahead puts a letter after
    the white space, on the same line).
    """
    rest = _SPACES.match(match.string, match.end())
    return rest is not None and match.string[rest.end()].isupper()


def heading_title(doc: Document, start: int, end: int, flat: bool = False) -> str | None:
    """The title of a heading whose text runs from ``start`` to ``end`` (after its label).

    A whole line that does not end a sentence is a title ("1.1. Tập thể", "IV. TỔ CHỨC
    THỰC HIỆN."); so is the first line of the source when the normaliser joined a
    heading to the sentence after it; a run of capitals followed by body text (flattened
    text); and a short phrase before a colon ("2.1.1. Tổ chức đảng: Đảng bộ ..."). A
    numbered paragraph ("1. Nêu cao tinh thần ... vững mạnh.") has no title. In ``flat``
    text a title in sentence case runs into its body, which opens with a capital
    ("3.1. Đối với tập thể Kiểm điểm làm rõ ...").
    """
    text = doc.text
    rest = text[start:end].strip(_TITLE_STRIP)
    if not rest:
        return None
    limits = markers()["heading"]
    whole = _as_title(rest, limits)
    if whole is not None:
        return whole
    cut = _source_line_end(doc, start, end)
    if cut is not None:
        first = _as_title(text[start:cut].strip(_TITLE_STRIP), limits)
        if first is not None:
            return first
    return (_caps_run(rest, limits["min_caps_title_words"]) or _inline_title(rest, limits)
            or (_sentence_run(rest, limits) if flat else None))


# Words after which a capital starts a person's office or name, not a new sentence
# ("cho đồng chí Bí thư chi bộ", "ông Nguyễn Văn A").
_HONORIFICS = ("đồng chí", " ông", " bà")


def _sentence_run(rest: str, limits: dict[str, int]) -> str | None:
    """A title in sentence case before a capitalised word that opens the body: the first
    capital after a word in lower case, followed by one, that opens no name ("Ban", "Đảng
    ủy" ..., unless the title opens with a part's name: "Đối tượng kiểm điểm Ban Thường
    vụ ...") and follows no unit or committee word ("Huyện ủy Nghệ An") or honorific
    ("đồng chí Bí thư")."""
    words = rest.split(maxsplit=limits["max_inline_title_words"] + 2)
    openers, after = _name_words()
    # a title opening with a part's name ("Đối tượng kiểm điểm") may end before a name
    names_part = _role_in(match_text(" ".join(words[:2]))) is not None
    for i in range(2, min(len(words) - 1, limits["max_inline_title_words"] + 1)):
        word, before = words[i], words[i - 1]
        if any(ch in before for ch in ".;:!?"):
            return None  # a sentence before any capital: a numbered paragraph
        honorific = match_text(" ".join(words[i - 2:i])).endswith(_HONORIFICS)
        if (word[:1].isupper() and not word.isupper() and before[:1].islower()
                and (names_part or words[i + 1][:1].islower()
                     and match_text(word) not in openers)
                and match_text(before.strip(",")) not in after and not honorific):
            return " ".join(words[:i]).rstrip(" ,") or None
    return None


@cache
def _name_words() -> tuple[frozenset[str], frozenset[str]]:
    """First words of bodies' and organs' names, and the words a place name follows."""
    levels = admin_levels()
    openers = frozenset(match_text(e["words"].split()[0])
                        for e in (*levels["bodies"], *levels["organs"]))
    after = frozenset(match_text(w.split()[-1]) for w in levels["unit_words"]) | frozenset(
        match_text(e["words"].split()[-1]) for e in levels["bodies"] if e.get("territorial"))
    return openers, after


def _as_title(rest: str, limits: dict[str, int]) -> str | None:
    if len(rest) > limits["max_title_chars"]:
        return None
    if _is_caps(rest):
        return rest.rstrip(" .:;") or None
    if rest.rstrip(_CLOSERS).endswith(_SENTENCE_MARKS) or ": " in rest:
        return None  # a sentence, or an inline title with its body ("Cá nhân: Đảng viên ...")
    if rest.endswith(":") and (len(rest) > limits["max_colon_title_chars"]
                               or len(rest.split()) > limits["max_colon_title_words"]):
        return None
    return rest.rstrip(" :") or None


def _is_caps(text: str) -> bool:
    return text.isupper() and sum(map(str.isalpha, text[:8])) >= 3


def _source_line_end(doc: Document, start: int, end: int) -> int | None:
    """Where the first source line of a joined heading ends, if a capital follows it.

    Seed 001: "1.2. Nội dung, ... và nơi kiểm điểm" / "Thực hiện theo hướng dẫn ..." were
    joined into one line; the offset map shows where the line break was.
    """
    offsets, source, text = doc.offsets, doc.source_text, doc.text
    if offsets is None or not source or end - start < 2:
        return None
    brk = source.find("\n", offsets.to_source(start), offsets.to_source(end - 1))
    if brk == -1:
        return None
    # the first text position whose source lies after the break
    lo = start + bisect_right(range(start, end - 1), brk, key=offsets.to_source)
    pos = lo - 1
    if pos <= start or text[pos] != " " or not text[lo].isupper():
        return None
    return None if text[start:pos].rstrip().endswith((",", ";")) else pos


def _caps_run(rest: str, min_words: int) -> str | None:
    """Leading capitals followed by body text: "TỔ CHỨC THỰC HIỆN Trong quá trình ..."."""
    head = rest.lstrip()
    first = _CAPS_WORD.match(head)
    if first is None or first.end() < len(head) and not head[first.end()].isspace():
        return None  # the first word is not in capitals: most numbered paragraphs
    words = rest.split()
    count = 0
    while count < len(words) and _CAPS_WORD.fullmatch(words[count]) and any(
            ch.isalpha() for ch in words[count]):
        count += 1
    if count < min_words or count == len(words) or not words[count][:1].isupper():
        return None
    return " ".join(words[:count]).rstrip(" .:;,") or None


def _inline_title(rest: str, limits: dict[str, int]) -> str | None:
    colon = rest.find(":")
    if colon <= 0 or not rest[colon + 1:].strip():
        return None
    head = rest[:colon].strip()
    if (len(head) > limits["max_inline_title_chars"]
            or len(head.split()) > limits["max_inline_title_words"]
            or any(ch in head for ch in ".;!?")):
        return None
    return head or None


def _sections(doc: Document, bodies: list[Span],
              flat: bool = False) -> Iterator[tuple[Section, ...]]:
    """The sections of each document's body (``document_parts``: from its start to its
    closing blocks), each in one pass over its labels with an outline of its own; ids
    stay unique over the whole text."""
    seen: set[str] = set()
    for start, end in bodies:
        yield _body_sections(doc, start, end, seen, flat)


def _body_sections(doc: Document, body_start: int, body_end: int, seen: set[str],
                   flat: bool) -> tuple[Section, ...]:
    """The sections of the lines from ``body_start`` to ``body_end``, in one pass over
    their labels.

    Each label is placed in the outline; its depth closes the open sections at that depth
    or deeper (they end where it starts), and its section takes the role of the open one
    above it when its title names none. Depths run 1, 2, ... without gaps, so the open
    sections are the first ``depth - 1`` entries of the stack when a label is placed.
    """
    text = doc.text
    place = Outline().place
    rows: list[_Row] = []
    ends: list[int] = []
    open_: list[_Row] = []  # the open sections, outermost first
    listing = _BulletList()
    for match in _with_articles(text, body_start, body_end):
        kind = match.lastgroup
        if kind == "bullet":
            listing.bullet(text, match)
            continue
        if kind == "num2" and not _capital_follows(match):
            continue
        line = (_line_start(match), _line_end(text, match.end()))
        if ("|" in text[match.end():line[1]] and is_row(text[line[0]:line[1]])) or (
                kind == "roman" and heads_rows(text, *line)):
            continue  # a table's row whose first cell is numbered ("1. Đảng bộ xã | ..."),
            # or a row merged across it heading its group ("I. TẬP THỂ")
        label = label_from_match(match)
        if label is None:  # never: bullets are skipped above
            continue
        if kind != "article" and listing.holds(text, label, _line_start(match)):
            continue
        depth = place(label)
        if depth is None:  # never: a lenient outline places every label
            continue
        start, head = label.start, label.end
        for row in open_[depth - 1:]:
            ends[row.row] = start
        del open_[depth - 1:]
        parent = open_[-1] if open_ else None
        path = (*parent.path, label.text) if parent else (label.text,)
        section_id = _unique("/".join(path), seen)
        line_end = _line_end(text, head)
        title = heading_title(doc, head, line_end, flat)
        role = _named_role(text, title, head, line_end) if title else None
        if role is None:
            role = parent.role if parent else SectionRole.OTHER
        row = _Row(len(rows), section_id, path, role, parent.id if parent else None, label.text,
                   title, depth, start)
        rows.append(row)
        ends.append(body_end)
        open_.append(row)
    return tuple(Section(row.id, row.parent, row.path, row.label, row.title, row.depth, row.role,
                         (row.start, _trim(text, row.start, end)))
                 for row, end in zip(rows, ends, strict=True))


def _with_articles(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The label matches of the lines from ``start`` to ``end`` (``_label_lines``), and,
    in a Quyết định, the article lines after its enacting line ("QUYẾT ĐỊNH:" / "Điều 1.
    Ban hành kèm theo ..."), in text order."""
    labels = _label_lines(text, end, start)
    enacting, article = article_patterns()
    enacted = enacting.search(text, start, end)
    if enacted is None:
        return labels
    return merge(labels, article.finditer(text, enacted.end(), end), key=lambda m: m.start())


class _BulletList:
    """A numbered list that a bullet opens with a colon, its items list items of the
    bullet, not sections: "* Kiểm điểm gắn với các chỉ tiêu, nhất là:" / "1. thu hái
    chè;" / "2. làm đường.", as a nested Markdown list reads once its indents are gone.

    The list starts with a "1.", "a)" or "(1)" on the line right after the bullet and
    runs while each label follows the one before it in its scheme and the item before it
    ends with ";" or "," as list items do: "1. … đảng viên mới kết nạp." / "2. Nội dung
    kiểm điểm" is the next section.
    """

    __slots__ = ("at", "last")

    def __init__(self) -> None:
        self.at = -1  # where a list item may start: the line after a bullet ending in ":"
        self.last: Label | None = None  # the list's last item, if another may follow it

    def bullet(self, text: str, match: re.Match[str]) -> None:
        self.at = _line_end(text, match.end()) + 1 if _ends_with(text, match.end(), ":") else -1
        self.last = None

    def holds(self, text: str, label: Label, line_start: int) -> bool:
        held = (self.last is not None and follows(self.last, label)) or (
            line_start == self.at and is_first(label) and label.kind in _LIST_KINDS)
        self.at = -1
        self.last = label if held and _ends_with(text, label.end, ";", ",") else None
        return held


def _ends_with(text: str, pos: int, *marks: str) -> bool:
    """Whether the line holding ``pos`` ends with one of ``marks``."""
    return text[pos:_line_end(text, pos)].rstrip().endswith(marks)


def _trim(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


def _unique(section_id: str, seen: set[str]) -> str:
    candidate, n = section_id, 1
    while candidate in seen:
        n += 1
        candidate = f"{section_id}~{n}"
    seen.add(candidate)
    return candidate


def role_of(title: str | None) -> SectionRole | None:
    """The role a section title names, by its earliest role word, or None.

    >>> role_of("TIẾN ĐỘ, THỜI GIAN THỰC HIỆN"), role_of("Tập thể")
    (<SectionRole.SCHEDULE: 'schedule'>, None)
    """
    return _role_in(match_text(title)) if title else None


def _named_role(text: str, title: str, start: int, end: int) -> SectionRole | None:
    """``role_of(title)`` for a title read from ``text[start:end]``."""
    return _role_in(fold_found(text, title, start, end))


@lru_cache(maxsize=4096)  # plans share most of their titles ("Tập thể", "Cá nhân")
def _role_in(folded_title: str) -> SectionRole | None:
    """The role of a title (``match_text`` of it): by its role words, or by them without
    their marks when none matches with them (a scan's "ĐÔI TƯỢNG", a title typed
    without accents)."""
    match = (title_role_pattern().search(folded_title)
             or title_role_pattern(bare=True).search(strip_marks(folded_title)))
    return _ROLES[match.lastgroup] if match and match.lastgroup else None


def is_below(section: Section, above: str, by_id: Mapping[str, Section]) -> bool:
    """Whether ``section`` lies under the section with id ``above``, by its parents (not
    its path, which an appended form may repeat); ``by_id``: the sections by id.

    >>> a = Section("I", None, ("I",), "I", None, 1, None, (0, 9))
    >>> b = Section("I/1", "I", ("I", "1"), "1", None, 2, None, (3, 9))
    >>> is_below(b, "I", {"I": a, "I/1": b}), is_below(a, "I/1", {"I": a, "I/1": b})
    (True, False)
    """
    node = section.parent
    while node is not None and node != above:
        parent = by_id.get(node)
        node = parent.parent if parent is not None else None
    return node is not None


def section_at(doc: Document, pos: int) -> Section | None:
    """The innermost section whose span contains offset ``pos``, or None.

    >>> from vbparser import parse
    >>> doc = parse("I. NỘI DUNG\\n1. Đối tượng\\nĐảng viên.\\nII. TỔ CHỨC THỰC HIỆN")
    >>> section_at(doc, doc.text.index("Đảng viên")).id
    'I/1'
    """
    found = None
    for section in doc.sections:
        if section.span[0] > pos:
            break
        if pos < section.span[1]:
            found = section
    return found


# ------------------------------------------------------------------ cross-references


@dataclass(frozen=True, slots=True)
class Reference:
    """An internal cross-reference: "điểm 1.1, mục 1, phần II" and the section it names.

    Attributes:
        span: the reference chain in ``Document.text``.
        labels: the labels it gives, most specific first as written (``("1.1", "1",
            "II")``).
        target: the id of the section it points at, or None when it names no section of
            this plan; the first of them when it names several.
        targets: the ids of every section it points at: several for sibling labels
            ("tiết a, tiết b điểm 1.1", "tiết a, b điểm 1.1").
    """

    span: Span
    labels: tuple[str, ...]
    target: str | None
    targets: tuple[str, ...] = ()


def find_references(doc: Document) -> tuple[Reference, ...]:
    """Every internal cross-reference in ``doc``'s text, resolved.

    >>> from vbparser import parse
    >>> doc = parse("I. NỘI DUNG\\n1. Đối tượng\\n1.1. Tập thể\\n1.2. Cá nhân\\n"
    ...             "2. Đánh giá\\nCác tập thể quy định tại điểm 1.1, mục 1, phần I.")
    >>> [(doc.text[r.span[0]:r.span[1]], r.target) for r in find_references(doc)]
    [('điểm 1.1, mục 1, phần I', 'I/1/1.1')]
    """
    chain, _ = reference_patterns()
    fold = folded(doc.text)
    return tuple(_reference(doc, doc.text, fold, m, 0) for m in chain.finditer(fold))


def resolve_reference(doc: Document, ref: str | re.Match[str] | Span,
                      at: int | None = None) -> str | None:
    """Return the id of the section an internal cross-reference points at, or None.

    Args:
        doc: a document whose sections are built.
        ref: the reference — a text containing it ("Các tập thể quy định tại điểm 1.1,
            mục 1, phần II của Kế hoạch này"), a match whose ``group(0)`` is such a text
            in ``doc.text``, or a span of ``doc.text``.
        at: where the reference stands in ``doc.text``; a partial reference ("mục a)
            trên đây") resolves to the candidate nearest to it in the tree. Taken from
            the match or span when not given.

    Returns:
        The section id, or None when the text holds no reference, the reference names
        another document ("khoản 1 Điều 5 của Quy định số 124-QĐ/TW") or no section fits.

    >>> from vbparser import parse
    >>> doc = parse("I. NỘI DUNG\\n1. Đối tượng\\n1.1. Tập thể\\nII. TIẾN ĐỘ\\n1. Chi bộ")
    >>> resolve_reference(doc, "như tại điểm 1.1, mục 1, phần I của Kế hoạch này")
    'I/1/1.1'
    >>> resolve_reference(doc, "khoản 1 Điều 5 của Quy định số 124-QĐ/TW") is None
    True
    """
    return next(iter(resolve_references(doc, ref, at)), None)


def resolve_references(doc: Document, ref: str | re.Match[str] | Span,
                       at: int | None = None) -> tuple[str, ...]:
    """The ids of the sections an internal cross-reference points at
    (``resolve_reference``): one for each of its sibling labels.

    >>> from vbparser import parse
    >>> doc = parse("I. ĐỐI TƯỢNG\\n1. Tập thể\\na) Cấp huyện\\nb) Cấp xã\\nc) Khác\\nII. TIẾN ĐỘ")
    >>> resolve_references(doc, "các tập thể tại tiết a, b khoản 1 mục I Kế hoạch này")
    ('I/1/a', 'I/1/b')
    """
    if isinstance(ref, re.Match):
        text, at = ref.group(0), ref.start() if at is None else at
    elif isinstance(ref, tuple):
        text, at = doc.text[ref[0]:ref[1]], ref[0] if at is None else at
    else:
        text = ref
    chain, _ = reference_patterns()
    folded = match_text(text)
    for match in chain.finditer(folded):  # past one to another document ("quy định tại
        targets = _reference(doc, text, folded, match, at).targets  # khoản 2 Điều 5 Quy
        if targets:  # định 124, gồm các tập thể nêu tại điểm 1.1 ...")
            return targets
    return ()


def _reference(doc: Document, text: str, folded: str, match: re.Match[str],
               at: int | None) -> Reference:
    """Resolve the chain ``match`` found in ``folded`` (``match_text`` of ``text``).

    ``at`` is where ``text`` starts in ``doc.text`` (None: unknown).
    """
    _, item = reference_patterns()
    groups: list[tuple[str | None, list[str]]] = []  # labels by their word, as written
    for m in item.finditer(folded, match.start(), match.end()):
        label = _ref_label(text[m.start("label"):m.end("label")])
        word = m.group("word")
        if groups and (word is None or word == groups[-1][0]):
            groups[-1][1].append(label)  # "tiết a, b" / "tiết a, tiết b": siblings
        else:
            groups.append((word, [label]))
    labels = tuple(label for _, group in groups for label in group)
    base = 0 if at is None else at
    span = (base + match.start(), base + match.end())
    if not _internal(folded, match.end()):
        return Reference(span, labels, None)
    pos = None if at is None else span[0]
    if all(len(group) == 1 for _, group in groups):
        target = _resolve(doc, labels, pos)
        return Reference(span, labels, target, (target,) if target else ())
    # siblings: one target for each; a sibling the groups before it do not fit is a part
    # of its own ("tiết c điểm 1.1, điểm 1.2": 1.2 is no part of c)
    sibling = next(i for i, (_, group) in enumerate(groups) if len(group) > 1)
    targets = tuple(dict.fromkeys(t for chosen in product(*(g for _, g in groups)) if (
        t := _resolve(doc, chosen, pos) or _resolve(doc, chosen[sibling:], pos)) is not None))
    return Reference(span, labels, targets[0] if targets else None, targets)


def _ref_label(label: str) -> str:
    label = label.rstrip(")") if not label.startswith("(") else label
    return label.upper() if _ROMAN_REF.fullmatch(label) else label


def _internal(folded: str, end: int) -> bool:
    external, internal = reference_scope()
    after = external.match(folded, end)
    return after is None or internal.match(folded, after.end()) is not None


def _resolve(doc: Document, labels: tuple[str, ...], pos: int | None) -> str | None:
    """The section whose path holds every label, the shortest such; ties go nearest ``pos``."""
    if not labels:
        return None
    wanted = [_variants(label) for label in labels]
    named = frozenset().union(*wanted)  # one set test per section rules most out
    candidates = [s for s in doc.sections
                  if s.label in named and all(any(p in v for p in s.path) for v in wanted)]
    if not candidates:
        return None
    shortest = min(len(s.path) for s in candidates)
    candidates = [s for s in candidates if len(s.path) == shortest]
    if pos is None:
        return candidates[0].id
    here = section_at(doc, pos)
    here_path = here.path if here is not None else ()
    return max(candidates, key=lambda s: (_common(s.path, here_path),
                                          -abs(s.span[0] - pos))).id


def _variants(label: str) -> frozenset[str]:
    """A roman-looking letter label ("i", "v") may be either."""
    return frozenset({label, label.upper(), label.lower()}) if len(label) == 1 else frozenset(
        {label})


def _common(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
