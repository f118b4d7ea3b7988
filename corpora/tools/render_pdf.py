"""Render selected corpus documents to PDF (the renderings the loaders must read alike).

Usage (needs ``pip install fpdf2`` and the DejaVu fonts, Debian ``fonts-dejavu-core``)::

    python corpora/tools/render_pdf.py

Every plan source with ``pdf: true`` in its front matter is typeset on A4 with DejaVu
Serif: the header as two columns (issuer block | national motto, place and date), the
type name and trích yếu centred, the body as justified, wrapped paragraphs with bold
headings, the recipients and the signature as two columns, and a page number on every
page but the first. The PDF goes to ``corpora/renderings/docs/<stem>.pdf`` and a copy of
the document's gold, with ``source`` changed, to ``corpora/renderings/gold/<stem>.json``.
Creation dates are fixed, so the same source gives the same bytes.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import CORPORA, SOURCES, gold_bytes, read_plan

from vbparser.corpus.layout import Style, footer_columns, header_columns, label_text, line_text
from vbparser.corpus.markup import Plan
from vbparser.corpus.tone import apply_tone

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
OUT = CORPORA / "renderings"
_FIXED = datetime(2024, 1, 1, tzinfo=UTC)


class PlanPDF(FPDF):
    """A4 pages with a centred page number from page 2 on."""

    def footer(self) -> None:
        if self.page_no() > 1:
            self.set_y(-15)
            self.set_font("Serif", "", 10)
            self.cell(0, 8, str(self.page_no()), align="C")


def _new_pdf() -> PlanPDF:
    pdf = PlanPDF(format="A4")
    pdf.set_creation_date(_FIXED)
    pdf.set_margins(25, 18, 18)
    pdf.set_auto_page_break(True, margin=20)
    for style, name in (("", "DejaVuSerif.ttf"), ("B", "DejaVuSerif-Bold.ttf"),
                        ("I", "DejaVuSerif-Italic.ttf")):
        pdf.add_font("Serif", style, str(FONT_DIR / name))
    pdf.add_page()
    return pdf


def _columns(pdf: FPDF, left: list[tuple[str, str]], right: list[tuple[str, str]],
             size: float, split: float = 80) -> None:
    """Two independent columns of (style, text) lines starting at the current y."""
    top = pdf.get_y()
    bottoms = []
    for x, width, lines in ((pdf.l_margin, split, left),
                            (pdf.l_margin + split, pdf.epw - split, right)):
        pdf.set_xy(x, top)
        for style, text in lines:
            pdf.set_font("Serif", style, size)
            pdf.set_x(x)
            pdf.multi_cell(width, 6, text, align="C", new_x="LEFT", new_y="NEXT")
        bottoms.append(pdf.get_y())
    pdf.set_xy(pdf.l_margin, max(bottoms) + 4)


def _header(pdf: FPDF, plan: Plan, style: Style) -> None:
    left, right = header_columns(plan.front, style)
    tone = style.tone
    lstyled = [("B" if i == len(left) - 3 else "", apply_tone(x, tone)) for i, x in enumerate(left)]
    rstyled = [("B" if i == 0 else "I" if "ngày" in x else "", apply_tone(x, tone))
               for i, x in enumerate(right)]
    if left or right:
        _columns(pdf, lstyled, rstyled, 11, split=74)
    header = plan.front.get("header", {})
    pdf.set_font("Serif", "B", 14)
    pdf.cell(0, 8, header.get("type", "KẾ HOẠCH"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "B", 12.5)
    for line in header.get("title", []):
        pdf.cell(0, 6.5, apply_tone(line, tone), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, style.rule or "", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _paragraph(pdf: FPDF, text: str, bold: bool = False) -> None:
    pdf.set_font("Serif", "B" if bold else "", 12.5)
    pdf.multi_cell(0, 6.6, text, align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(0.8)


def _body(pdf: FPDF, plan: Plan, style: Style) -> None:
    items: list[tuple[bool, str]] = [(False, line_text(x, style)) for x in plan.opening]
    for node in plan.nodes:
        label = label_text(node.label, style)
        if node.inline:
            items.append((False, f"{label} {line_text(node.lines[0], style)}"))
            items.extend((False, line_text(x, style)) for x in node.lines[1:])
        else:
            items.append((len(node.path) <= 3, f"{label} {node.title}"))
            items.extend((False, line_text(x, style)) for x in node.lines)
    items.extend((False, line_text(x, style)) for x in plan.closing)
    if style.end_mark and items:
        bold, text = items[-1]
        items[-1] = (bold, text.rstrip(".") + style.end_mark)
    for bold, text in items:
        _paragraph(pdf, apply_tone(text, style.tone), bold)


def _footer(pdf: FPDF, plan: Plan, style: Style) -> None:
    left, right = footer_columns(plan.front, style)
    pdf.ln(4)
    if pdf.get_y() > pdf.h - 80:
        pdf.add_page()
    lstyled = [("BI" if i == 0 else "", apply_tone(x, style.tone)) for i, x in enumerate(left)]
    rstyled = [("B", apply_tone(x, style.tone)) for x in right]
    top = pdf.get_y()
    pdf.set_font("Serif", "", 10.5)
    for st, text in lstyled:
        pdf.set_font("Serif", "B" if "B" in st else "", 10.5)
        pdf.multi_cell(80, 5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(pdf.l_margin + 85, top)
    for _st, text in rstyled:
        pdf.set_font("Serif", "B", 12.5)
        pdf.set_x(pdf.l_margin + 85)
        pdf.multi_cell(pdf.epw - 85, 7, text, align="C", new_x="LEFT", new_y="NEXT")


def render(plan: Plan) -> bytes:
    """Typeset one plan; return the PDF bytes."""
    style = Style.of(plan.front)
    pdf = _new_pdf()
    _header(pdf, plan, style)
    _body(pdf, plan, style)
    _footer(pdf, plan, style)
    return bytes(pdf.output())


def main() -> int:
    """Render every plan source marked ``pdf: true``; return the exit status."""
    count = 0
    for path in sorted(SOURCES.glob("*/*.plan")):
        plan = read_plan(path)
        if not plan.front.get("pdf"):
            continue
        stem = Path(plan.front["file"]).stem
        gold_path = CORPORA / path.parent.name / "gold" / f"{stem}.json"
        gold: dict[str, Any] = json.loads(gold_path.read_text(encoding="utf-8"))
        gold["source"] = f"{stem}.pdf"
        gold["meta"]["_rendering_of"] = f"{path.parent.name}/docs/{plan.front['file']}"
        (OUT / "docs").mkdir(parents=True, exist_ok=True)
        (OUT / "gold").mkdir(parents=True, exist_ok=True)
        (OUT / "docs" / f"{stem}.pdf").write_bytes(render(plan))
        (OUT / "gold" / f"{stem}.json").write_bytes(gold_bytes(gold))
        count += 1
    print(f"{count} PDF renderings written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
