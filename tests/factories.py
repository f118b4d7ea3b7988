"""Builders of test documents (kept out of the package)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

# A plan's usual ladder: I. → 1. → 1.1. → a) and "-" bullets.
LADDER = [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."),
          ("lowerLetter", "%4)"), ("bullet", "-")]


def numbered_docx(path: Path, paragraphs: list[tuple[int | None, str]],
                  header: tuple[list[str], list[str]] | None = None,
                  bold_levels: tuple[int, ...] = (0,)) -> Path:
    """Write a .docx whose numbered paragraphs use Word automatic numbering.

    Args:
        path: where to write.
        paragraphs: (list level or None for a plain paragraph, text).
        header: optional two-column header table (left lines, right lines).
        bold_levels: list levels written in bold.
    """
    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(LADDER))
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    if header is not None:
        table = document.add_table(rows=len(max(header, key=len)), cols=2)
        for column, lines in enumerate(header):
            for row, line in enumerate(lines):
                table.cell(row, column).text = line
    for level, text in paragraphs:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        if level is not None:
            run.bold = level in bold_levels
            ppr = paragraph._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/>'
                                 f'<w:numId w:val="90"/></w:numPr>'))
    document.save(str(path))
    return path
