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

from vbparser.errors import LoadError
from vbparser.loaders import Loaded, sha256
from vbparser.model import Block, Source

try:  # python-docx is a core dependency; the guard keeps the message clear if absent
    import docx
    from docx.oxml.ns import qn
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.table import Table
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
            label = label.replace(f"%{k + 1}", _format_number(value, fmt))
        return label + " "


def _format_number(value: int, fmt: str) -> str:
    """Render a list counter the way Word does for the common formats.

    >>> _format_number(4, "upperRoman"), _format_number(2, "lowerLetter")
    ('IV', 'b')
    """
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        letter = letters[(value - 1) % 26] * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _roman(value: int) -> str:
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for number, letters in numerals:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


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
    numbering = _read_numbering(document)
    lines: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for index, (paragraph, style) in enumerate(_paragraphs(document)):
        numbered = _num_pr(paragraph)
        prefix = numbering.render(*numbered) if numbered and paragraph.text.strip() else ""
        for piece in (prefix + paragraph.text).split("\n"):
            lines.append(piece)
            blocks.append(Block(pos, pos + len(piece), paragraph=index,
                                bold=_is_bold(paragraph), style=style))
            pos += len(piece) + 1
    text = "\n".join(lines)
    if not text.strip():
        raise LoadError(f"{label}: the document has no text")
    source = Source(path=name, format="docx", sha256=sha256(data), encoding=None)
    return Loaded(text, source, tuple(blocks))


def _paragraphs(document: docx.document.Document) -> Iterator[tuple[Paragraph, str | None]]:
    """Yield (paragraph, style name) in reading order, tables column by column.

    Plans put their two-column header (issuer | national motto) in a table; reading it
    column by column keeps each column whole.
    """
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            p = Paragraph(child, document)
            yield p, (p.style.name if p.style is not None else None)
        elif child.tag == qn("w:tbl"):
            table = Table(child, document)
            seen: set[object] = set()
            for column in range(len(table.columns)):
                for row in table.rows:
                    cells = row.cells
                    if column >= len(cells) or cells[column]._tc in seen:
                        continue
                    seen.add(cells[column]._tc)
                    for p in cells[column].paragraphs:
                        yield p, "table"
