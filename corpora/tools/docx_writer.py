"""Write a plan source as a .docx whose section numbers are Word automatic numbering.

python-docx cannot create list definitions, so this module injects an ``abstractNum``
(levels ``upperRoman "%1."``, ``decimal "%2."``, ``"%2.%3."``, ``"%2.%3.%4."``,
``lowerLetter "%5)"``, ``"(%6)"``) into ``word/numbering.xml`` and gives each heading
paragraph a ``w:numPr``; the label is then *not* in the paragraph text, as in files
typed in Word. The header and the recipients/signature block are two-column tables;
body lines written as table rows ("TT | Nội dung | Thời gian") become a bordered table,
a cell written ``^^`` merged down from the cell above.
Zip timestamps and core properties are fixed so that the same source gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from vbparser.corpus.layout import Style, footer_columns, header_columns, label_text, line_text
from vbparser.corpus.markup import Node, Plan
from vbparser.corpus.tone import apply_tone
from vbparser.tables import MERGED, cells, is_row

NUM_ID = 90
# (ilvl, format, text) per label kind; Word renders "%2.%3." from the running counters.
LEVELS = [(0, "upperRoman", "%1."), (1, "decimal", "%2."), (2, "decimal", "%2.%3."),
          (3, "decimal", "%2.%3.%4."), (4, "lowerLetter", "%5)"), (5, "decimal", "(%6)")]
_FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def label_kind(label: str) -> int:
    """The list level a label belongs to: I → 0, 1 → 1, 1.1 → 2, 1.1.1 → 3, a → 4, (1) → 5."""
    if re.fullmatch(r"[IVXLC]+", label):
        return 0
    if re.fullmatch(r"[a-zđ]", label):
        return 4
    if label.startswith("("):
        return 5
    return 1 + label.count(".")


def _abstract_num(dash: bool) -> Any:
    levels = []
    for ilvl, fmt, text in LEVELS:
        if ilvl == 0 and dash:
            text = "%1-"
        levels.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>')
    return parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{NUM_ID}">'
                     f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>')


def install_numbering(document: Any, dash: bool) -> None:
    """Add our list definition (abstractNum before the first num, as the schema wants)."""
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    abstract = _abstract_num(dash)
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{NUM_ID}">'
                               f'<w:abstractNumId w:val="{NUM_ID}"/></w:num>'))


def _set_number(paragraph: Any, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/>'
                         f'<w:numId w:val="{NUM_ID}"/></w:numPr>'))


class _Counter:
    """Simulates Word's counters to check that automatic numbers equal the source labels."""

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}

    def label(self, ilvl: int, dash: bool) -> str:
        self.counts[ilvl] = self.counts.get(ilvl, 0) + 1
        for deeper in [k for k in self.counts if k > ilvl]:
            del self.counts[deeper]
        from vbparser.numbering import counter_text  # the formatter the loader uses

        text = "%1-" if (ilvl == 0 and dash) else LEVELS[ilvl][2]
        for k in range(ilvl + 1):
            text = text.replace(f"%{k + 1}", counter_text(self.counts.get(k, 1),
                                                            LEVELS[k][1]))
        return text


def _para(document: Any, text: str, bold: bool = False, italic: bool = False,
          center: bool = False, cell: Any = None) -> Any:
    target = cell if cell is not None else document
    paragraph = target.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _table(document: Any, rows: list[str]) -> None:
    """Body lines written as table rows ("TT | Nội dung | Thời gian"), as a Word table
    with a border around every cell and its header row bold: the cells the loader
    reads back across the rows (``vbparser.tables``).

    A cell written ``MERGED`` ("^^") is merged down from the cell above (``w:vMerge``),
    as many rows as the ``^^`` go on; the merged cell holds the text of its first row
    only, and each row it goes on into keeps the single empty paragraph Word requires.
    """
    split = [[row[a:b] for a, b in cells(row, 0, len(row))] for row in rows]
    width = max(len(r) for r in split)
    table = document.add_table(rows=len(split), cols=width)
    table.style = document.styles["Table Grid"]
    for i, row in enumerate(split):
        for j, text in enumerate(row):
            if text == MERGED:
                if i == 0 or j >= len(split[i - 1]):
                    raise ValueError(f"merged cell {MERGED!r} with no cell above: {rows[i]!r}")
                continue  # left as Word's one empty paragraph, merged below
            cell = table.cell(i, j)
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            _para(document, text, bold=i == 0, cell=cell)
    for j in range(width):
        merged = [i for i, row in enumerate(split) if j < len(row) and row[j] == MERGED]
        for i in merged:
            if i - 1 not in merged:  # the first row a merged cell goes on into
                last = i
                while last + 1 in merged:
                    last += 1
                table.cell(i - 1, j).merge(table.cell(last, j))


def _two_columns(document: Any, left: list[str], right: list[str], bold_left: int = -1) -> None:
    table = document.add_table(rows=1, cols=2)
    for column, lines in ((0, left), (1, right)):
        cell = table.rows[0].cells[column]
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        for i, line in enumerate(lines):
            _para(document, line, bold=(i == bold_left or (column == 1 and i == 0)),
                  center=True, cell=cell)


def _heading(document: Any, node: Node, first: str, style: Style, auto: set[int],
             counter: _Counter) -> None:
    ilvl = label_kind(node.label)
    dash = style.heading == "dash"
    bold = not node.inline and ilvl <= 2
    expected = label_text(node.label, style)
    got = counter.label(ilvl, dash)
    if ilvl in auto:
        if got != expected:
            raise ValueError(f"automatic number {got!r} != source label {expected!r} "
                             f"at {'/'.join(node.path)}")
        _set_number(_para(document, apply_tone(first, style.tone), bold=bold), ilvl)
    else:
        _para(document, apply_tone(f"{expected} {first}", style.tone), bold=bold)


def docx_bytes(plan: Plan, auto_kinds: list[str] | None = None) -> bytes:
    """Return ``plan`` as the bytes of a .docx with automatic numbering.

    Args:
        plan: the parsed plan source.
        auto_kinds: label kinds numbered by Word (``roman``, ``decimal``, ``dotted``,
            ``letter``, ``paren``); the others are typed into the text. Default: all.
    """
    style = Style.of(plan.front)
    kinds = {"roman": {0}, "decimal": {1}, "dotted": {2, 3}, "letter": {4}, "paren": {5}}
    auto = set().union(*(kinds[k] for k in (auto_kinds or list(kinds))))
    tone = style.tone
    document = docx.Document()
    install_numbering(document, style.heading == "dash")
    left, right = header_columns(plan.front, style)
    _two_columns(document, [apply_tone(x, tone) for x in left],
                 [apply_tone(x, tone) for x in right], bold_left=len(left) - 3)
    header = plan.front.get("header", {})
    _para(document, header.get("type", "KẾ HOẠCH"), bold=True, center=True)
    for line in header.get("title", []):
        _para(document, apply_tone(line, tone), bold=True, center=True)
    _para(document, style.rule or "", center=True)
    _body(document, plan, style, auto)
    foot_left, foot_right = footer_columns(plan.front, style)
    _two_columns(document, [apply_tone(x, tone) for x in foot_left],
                 [apply_tone(x, tone) for x in foot_right], bold_left=0)
    return _reproducible_bytes(document)


def _body(document: Any, plan: Plan, style: Style, auto: set[int]) -> None:
    items: list[tuple[Node | None, str]] = [(None, line_text(x, style)) for x in plan.opening]
    for node in plan.nodes:
        first = line_text(node.lines[0], style) if node.inline else (node.title or "")
        items.append((node, first))
        rest = node.lines[1:] if node.inline else node.lines
        items.extend((None, line_text(x, style)) for x in rest)
    items.extend((None, line_text(x, style)) for x in plan.closing)
    if style.end_mark and items:
        node, text = items[-1]
        items[-1] = (node, text.rstrip(".") + style.end_mark)
    counter = _Counter()
    rows: list[str] = []  # consecutive table rows, written as one Word table
    for node, text in items:
        if node is None and is_row(text):
            rows.append(apply_tone(text, style.tone))
            continue
        if rows:
            _table(document, rows)
            rows = []
        if node is None:
            _para(document, apply_tone(text, style.tone))
        else:
            _heading(document, node, text, style, auto, counter)
    if rows:
        _table(document, rows)


def _reproducible_bytes(document: Any) -> bytes:
    props = document.core_properties
    props.author, props.last_modified_by = "vbparser corpus", "vbparser corpus"
    props.created = props.modified = datetime(2024, 1, 1)
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
