"""A third PDF producer: plans written as .docx and exported to PDF by LibreOffice Writer.

Most plans reach analysts as PDFs exported from Word. LibreOffice Writer (Debian's
``libreoffice-writer-nogui``) typesets a .docx the way a word processor does — text
runs with kerning, subset TrueType fonts, tables with cell margins — so its exports are
the closest stand-in for Word's that a test can make. ``plan_docx`` writes a plan with
python-docx, laid out as ``pdf_fixtures.render_plan`` and ``plan_html`` lay it out: a
borderless two-column header table, the centred bold title block, bold headings,
justified paragraphs with a first-line indent (or, for a hard-wrapped text such as seed
001, one line per paragraph), and the recipients beside the signature in another
borderless table. ``export_pdfs`` converts many .docx files in one ``soffice`` call:
its start-up costs about two seconds, the conversions a fraction of that each.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tests.pdf_fixtures import (
    _LABEL,
    _MD_BOLD,
    _MD_HEADING,
    _MOTTOS,
    FONT_DIR,
    _header_style,
    _is_heading,
    _split,
    _title_end,
    column_widths,
    layout_for,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import _Cell

    from tests.pdf_fixtures import Cells

FONT = "DejaVu Serif"  # fonts-dejavu-core; LibreOffice embeds a subset of it
_FONT_FILE = FONT_DIR / "DejaVuSerif.ttf"
_FIXED = datetime(2024, 1, 1)  # core properties, so that the .docx bytes are stable
_BODY_PT = 13.0
_CELL_PT = 12.0
_CLOSING_PT = 11.0
_DUMP_PT = 11.0  # the largest size a hard-wrapped line is set in
_LEFT_CM, _RIGHT_CM, _TOP_CM, _BOTTOM_CM = 3.0, 2.0, 2.0, 2.0  # Nghị định 30/2020 margins
_TEXT_CM = 21.0 - _LEFT_CM - _RIGHT_CM
_LEFT_CELL = 0.38  # of the text width: the issuer's column, as in the Chromium fixture


def libreoffice() -> str | None:
    """The path of LibreOffice's ``soffice``, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def plan_docx(text: str) -> bytes:
    """Write ``text`` as a .docx laid out as ``render_plan`` lays it out, and return it.

    Args:
        text: the plan, one paragraph per line (markdown ``#``/``**`` marks become bold).
    """
    import docx

    document = docx.Document()
    _page_setup(document)
    parts = _split(text, columns=True)
    if parts.left or parts.right:
        _table(document, [(_header_style(i, parts.left) == "B", x)
                          for i, x in enumerate(parts.left)],
               [(x in _MOTTOS, x) for x in parts.right], _CELL_PT)
    if layout_for(text).wrap:
        _body(document, parts.body)
    else:
        _dump(document, parts.body)
    if parts.recipients or parts.signature:
        _table(document, [(i == 0, x) for i, x in enumerate(parts.recipients)],
               [(True, x) for x in parts.signature], _CLOSING_PT, items=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page_setup(document: DocxDocument) -> None:
    """A4, Word-like margins, and the DejaVu face for every script in the Normal style."""
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    props = document.core_properties
    props.created = props.modified = props.last_printed = _FIXED
    props.author = props.last_modified_by = "vbparser tests"
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(_LEFT_CM), Cm(_RIGHT_CM)
    section.top_margin, section.bottom_margin = Cm(_TOP_CM), Cm(_BOTTOM_CM)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(_BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), FONT)
    spacing = normal.paragraph_format
    spacing.space_before, spacing.space_after = Pt(0), Pt(3)
    spacing.line_spacing = 1.15


def _body(document: DocxDocument, lines: list[str]) -> None:
    """The title block centred, then one justified paragraph per line."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    title_end = _title_end(lines)
    for index, raw in enumerate(lines):
        line, bold = _bold_line(raw, index, title_end)
        if not line:
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold
        if index <= title_end:  # type name, trích yếu and the rule
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if bold and line.isupper() and len(line) < 30:
                run.font.size = Pt(_BODY_PT + 2)
            continue
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if not bold and not line.startswith(("-", "+")):
            paragraph.paragraph_format.first_line_indent = Cm(1.0)


def _bold_line(raw: str, index: int, title_end: int) -> tuple[str, bool]:
    """A body line without its markdown marks, and whether it is set in bold (as in
    ``plan_html``: marked headings, capitals in the title or labelled, short items)."""
    heading = bool(_MD_HEADING.match(raw)) or raw.startswith("**")
    line = _MD_BOLD.sub(r"\1", _MD_HEADING.sub("", raw)).replace("**", "").strip()
    caps = line.upper() == line and any(c.isalpha() for c in line)
    bold = heading or caps and (index <= title_end or bool(_LABEL.match(line))) or (
        index > title_end and _is_heading(line))
    return line, bold


def _dump(document: DocxDocument, lines: list[str]) -> None:
    """One page line per text line, left-aligned, at a size that fits the longest line;
    the title block centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    size = _fitting_size(lines)
    title_end = _title_end(lines)
    for index, raw in enumerate(lines):
        line, bold = _bold_line(raw, index, title_end)
        paragraph = document.add_paragraph()
        paragraph.alignment = (WD_ALIGN_PARAGRAPH.CENTER if index <= title_end
                               else WD_ALIGN_PARAGRAPH.LEFT)
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(size)


def _fitting_size(lines: list[str]) -> float:
    """The size, at most ``_DUMP_PT`` and in half points, at which every line fits the
    text width (measured in the bold face, with a margin for Writer's kerning)."""
    from PIL import ImageFont

    width_pt = _TEXT_CM / 2.54 * 72 * 0.95
    face = ImageFont.truetype(str(_FONT_FILE.with_name("DejaVuSerif-Bold.ttf")), 100)
    longest = max(face.getlength(x) for x in lines) / 100  # points per point of size
    return min(_DUMP_PT, int(2 * width_pt / longest) / 2)


def _table(document: DocxDocument, left: list[tuple[bool, str]],
           right: list[tuple[bool, str]], size: float, items: bool = False) -> None:
    """A borderless table of one row and two cells, each line a centred paragraph
    (``items``: lines opening with "-" or "+" are left-aligned, as recipients are)."""
    from docx.shared import Cm

    widths = (Cm(_TEXT_CM * _LEFT_CELL), Cm(_TEXT_CM * (1 - _LEFT_CELL)))
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    for cell, width, lines in zip(table.rows[0].cells, widths, (left, right)):
        cell.width = width
        _cell(cell, lines, size, items)
    document.add_paragraph().paragraph_format.space_after = 0


def _cell(cell: _Cell, lines: list[tuple[bool, str]], size: float, items: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for index, (bold, line) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        item = items and line.startswith(("-", "+"))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if item else WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(size)


def export_pdfs(documents: dict[str, bytes], executable: str | None = None,
                timeout: float = 300.0) -> dict[str, bytes]:
    """Export .docx files to PDF with LibreOffice Writer, all in one ``soffice`` call.

    Args:
        documents: .docx bytes by name (a name is used as a file name stem).
        executable: ``soffice`` to run (default: ``libreoffice()``).
        timeout: seconds the whole conversion may take.

    Returns:
        The PDF bytes by the same names.

    Raises:
        RuntimeError: LibreOffice is missing, fails, or writes no PDF for a document.
    """
    office = executable or libreoffice()
    if office is None:
        raise RuntimeError("LibreOffice is not installed (apt-get install "
                           "libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        inputs = []
        for name, data in documents.items():
            inputs.append(root / f"{name}.docx")
            inputs[-1].write_bytes(data)
        # a private profile: no first-start dialogs, and no clash with a running soffice
        done = subprocess.run(
            [office, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless",
             "--norestore", "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
             "--outdir", str(root / "out"), *map(str, inputs)],
            capture_output=True, text=True, timeout=timeout, check=False)
        missing = [name for name in documents if not (root / "out" / f"{name}.pdf").is_file()]
        if missing:
            raise RuntimeError(f"LibreOffice wrote no PDF for {', '.join(missing)} (exit "
                               f"{done.returncode}: {done.stderr.strip()[-300:]})")
        return {name: (root / "out" / f"{name}.pdf").read_bytes() for name in documents}


def schedule_docx(text: str, rows: Cells, after: str, repeat_header: bool = True,
                  running_up: Sequence[int] = ()) -> bytes:
    """``plan_docx(text)`` with a data table (``rows``, see ``pdf_fixtures.Cells``) right
    after the paragraph that holds ``after``, as a Word user sets a schedule: the "Table
    Grid" style (a single border around every cell), the header row bold (and repeated
    on each page, unless not ``repeat_header``), cells merged down where ``rows`` has
    None. The header cells of the columns ``running_up`` have their text set running up
    (Word's text direction "btLr", as a narrow column's header is set), in a row 2.5 cm
    tall."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document(io.BytesIO(plan_docx(text)))
    anchor = next(p for p in document.paragraphs if after in p.text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    anchor._p.addnext(table._tbl)
    for column, share in zip(table.columns, column_widths(rows)):
        column.width = Cm(_TEXT_CM * share)  # the grid's, which Writer follows
        for cell in column.cells:
            cell.width = Cm(_TEXT_CM * share)  # each cell's, which Word follows
    if repeat_header:
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for column in running_up:
        direction = OxmlElement("w:textDirection")
        direction.set(qn("w:val"), "btLr")
        table.cell(0, column)._tc.get_or_add_tcPr().append(direction)
    if running_up:
        table.rows[0].height = Cm(2.5)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            if value is None:
                table.cell(r - 1, c).merge(cell)
                continue
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(value)
            run.bold = r == 0
            run.font.size = Pt(_CELL_PT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
