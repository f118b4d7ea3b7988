"""Word .docx: paragraphs and tables in order, bold, and Word's automatic numbering.

python-docx gives paragraph text but not the numbers Word draws in front of list
paragraphs ("I.", "1.1.", "a)"), which in plans carry the whole section structure. This
module renders them from ``numbering.xml``: each list level has a format (decimal,
upperRoman, lowerLetter, bullet ...), a start value and a template such as ``%1.%2.``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain

from vbparser.errors import LoadError
from vbparser.loaders import Loaded, paragraph_lines, sha256
from vbparser.loaders.docx_text import (
    blocks,
    lift_wrapped_rows,
    notes,
    paragraph_text,
    text_boxes,
)
from vbparser.model import Source
from vbparser.numbering import counter_text
from vbparser.tables import MERGED, TABLE_CELL, is_data

try:  # python-docx is a core dependency; the guard keeps the message clear if absent
    import docx
    from docx.oxml.ns import qn
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph
except ImportError as exc:  # pragma: no cover
    raise ImportError("reading .docx needs python-docx: pip install python-docx") from exc


@dataclass(frozen=True, slots=True)
class _Level:
    fmt: str
    text: str
    start: int


@dataclass(slots=True)
class _Numbering:
    """Level definitions per numId and the running counters Word keeps."""

    levels: dict[str, dict[int, _Level]]
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def render(self, num_id: str, ilvl: int) -> str:
        defs = self.levels.get(num_id)
        if not defs or ilvl not in defs:
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, defs[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        level = defs[ilvl]
        if level.fmt == "bullet":
            return "+ " if level.text.strip() == "+" else "- "
        if level.fmt == "none":
            return ""
        label = level.text
        for k in range(ilvl + 1):
            value = counts.get(k, defs[k].start if k in defs else 1)
            fmt = defs[k].fmt if k in defs else "decimal"
            label = label.replace(f"%{k + 1}", counter_text(value, fmt))
        return label + " "


def _read_numbering(document: docx.document.Document) -> _Numbering:
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return _Numbering({})
    abstract: dict[str, dict[int, _Level]] = {}
    for an in root.findall(qn("w:abstractNum")):
        levels = {}
        for lvl in an.findall(qn("w:lvl")):
            ilvl = int(lvl.get(qn("w:ilvl")))
            levels[ilvl] = _Level(
                fmt=_val(lvl, "w:numFmt") or "decimal",
                text=_val(lvl, "w:lvlText") or "",
                start=int(_val(lvl, "w:start") or 1),
            )
        abstract[an.get(qn("w:abstractNumId"))] = levels
    nums: dict[str, dict[int, _Level]] = {}
    for num in root.findall(qn("w:num")):
        abstract_id = _val(num, "w:abstractNumId")
        levels = dict(abstract.get(abstract_id or "", {}))
        for override in num.findall(qn("w:lvlOverride")):
            ilvl = int(override.get(qn("w:ilvl")))
            start = _val(override, "w:startOverride")
            if start and ilvl in levels:
                old = levels[ilvl]
                levels[ilvl] = _Level(old.fmt, old.text, int(start))
        nums[num.get(qn("w:numId"))] = levels
    return _Numbering(nums)


def _val(element: BaseOxmlElement, tag: str) -> str | None:
    """Return the ``w:val`` of ``element``'s child ``tag``, or None when either is absent."""
    child = element.find(qn(tag))
    value = None if child is None else child.get(qn("w:val"))
    return None if value is None else str(value)  # lxml is untyped: make the str explicit


def _num_pr(paragraph: Paragraph) -> tuple[str, int] | None:
    """Return (numId, ilvl) from the paragraph or, failing that, from its style chain."""
    candidates = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for ppr in candidates:
        # Read the XML directly: python-docx types ``numPr`` and its children as the
        # untyped ``ZeroOrOne`` descriptor, not as the elements they return.
        num_pr = None if ppr is None else ppr.find(qn("w:numPr"))
        if num_pr is None:
            continue
        num_id = _val(num_pr, "w:numId")
        if num_id is None or int(num_id) == 0:
            return None
        return str(int(num_id)), int(_val(num_pr, "w:ilvl") or 0)
    return None


def _is_bold(paragraph: Paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return all(r.bold or (r.bold is None and style_bold) for r in runs)


def load_docx(data: bytes, name: str | None) -> Loaded:
    """Read a .docx held in memory."""
    label = name or "<bytes>"
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(f"{label}: not a readable .docx file ({exc})") from None
    lift_wrapped_rows(document.element.body)
    text, blocks = paragraph_lines(chain(_lines(document, _read_numbering(document)),
                                         ((note, False, "note") for note in notes(document.part))))
    if not text.strip():
        raise LoadError(f"{label}: the document has no text")
    source = Source(path=name, format="docx", sha256=sha256(data), encoding=None)
    return Loaded(text, source, blocks)


def _lines(document: docx.document.Document,
           numbering: _Numbering) -> Iterator[tuple[str, bool, str | None]]:
    """Yield (text, bold, style name) in reading order: a paragraph with the number
    Word draws for it, a layout table's paragraphs column by column, a data table's
    rows (``tables.is_data``) one line each, their cells joined by ``TABLE_CELL`` (a cell
    merged down from the row above written ``MERGED``).

    Plans put their two-column header (issuer | national motto) and their closing
    (recipients | signature) in tables, or the header's left column in a text box;
    reading those column by column, the text boxes of a paragraph before it, keeps each
    column whole. A table of three columns or more is a schedule or an assignment
    ("TT | Nội dung | Thời gian | Đơn vị thực hiện"), read across its rows.
    """
    def line(p: Paragraph) -> str:
        text = paragraph_text(p._p)
        numbered = _num_pr(p)
        prefix = numbering.render(*numbered) if numbered and text.strip() else ""
        return prefix + text

    for child in blocks(document.element.body):
        if child.tag == qn("w:p"):
            for inner in text_boxes(child):  # a header set in text boxes comes first
                box = Paragraph(inner, document)
                yield line(box), _is_bold(box), "textbox"
            p = Paragraph(child, document)
            yield line(p), _is_bold(p), (p.style.name if p.style is not None else None)
            continue
        table = Table(child, document)
        grid = _grid(table)
        if is_data(grid, lambda cell: bool(cell.text.strip())):
            for row in grid:
                texts = [" ".join(t for t in (line(p).strip() for p in _paragraphs(cell)) if t)
                         if cell is not None else MERGED for cell in row]
                bold = all(_is_bold(p) for cell in row if cell is not None
                           for p in _paragraphs(cell) if p.text.strip())
                yield TABLE_CELL.join(t.replace("\n", " ") for t in texts), bold, "table-row"
            continue
        for column in range(max((len(row) for row in grid), default=0)):
            for row in grid:
                cell = row[column] if column < len(row) else None
                for p in _paragraphs(cell) if cell is not None else ():
                    yield line(p), _is_bold(p), "table"


def _paragraphs(cell: _Cell) -> list[Paragraph]:
    """A cell's paragraphs, those inside content controls too (python-docx's
    ``cell.paragraphs`` gives its direct ones only)."""
    return [Paragraph(p, cell) for p in blocks(cell._tc) if p.tag == qn("w:p")]


def _grid(table: Table) -> list[list[_Cell | None]]:
    """The table's cells row by row, each cell once: a cell merged across columns or
    down rows stands where it begins, and is None where it goes on (once in a row,
    however many columns it spans)."""
    seen: set[object] = set()
    grid = []
    for row in table.rows:
        cells: list[_Cell | None] = []
        last = None
        for cell in row.cells:
            if cell._tc is last:
                continue  # merged across: one cell
            last = cell._tc
            if cell._tc in seen:
                cells.append(None)  # merged down: the cell above goes on
                continue
            seen.add(cell._tc)
            cells.append(cell)
        grid.append(cells)
    return grid


