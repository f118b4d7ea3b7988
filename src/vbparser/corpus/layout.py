"""Lay a plan source out as text, in the typographic variants real plans come in.

The style (front matter ``style:``) chooses how the same plan is typed:

- ``tone``: ``new`` (ủy, hóa), ``old`` (uỷ, hoá) or ``old_uy`` (uỷ, hóa);
- ``heading``: ``dot`` ("I.") or ``dash`` ("I-") after Roman numerals;
- ``layout``: ``lines`` (one paragraph per line), ``blank`` (blank lines between),
  ``markdown`` (converter output with ``#`` and ``**``), ``wrapped`` (a PDF dump:
  hard-wrapped lines separated by blank lines) or ``flat`` (every line break a space);
- ``header`` / ``footer``: ``stacked`` or ``side`` (a two-column table read row by row);
- ``number_colon`` ("Số: 12-KH/ĐU"), ``signed`` (an "(Đã ký)" line), ``rule`` (the
  line under the title), ``end_mark`` ("./."), ``rsep`` (recipient separator), ``width``.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, fields
from datetime import date
from itertools import zip_longest
from typing import Any

from vbparser.corpus.markup import Line, Node, Plan
from vbparser.corpus.tone import apply_tone
from vbparser.errors import ConfigError

PARTY_MOTTO = ("ĐẢNG CỘNG SẢN VIỆT NAM",)
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
LAYOUTS = ("lines", "blank", "markdown", "wrapped", "flat")
_ROMAN = re.compile(r"[IVXLC]+")
_LETTER = re.compile(r"[a-zđ]")


@dataclass(frozen=True, slots=True)
class Style:
    """Typographic choices for one document (see the module docstring)."""

    tone: str = "new"
    heading: str = "dot"
    layout: str = "lines"
    header: str = "stacked"
    footer: str = "stacked"
    number_colon: bool = False
    signed: bool = False
    rule: str | None = "-----"
    end_mark: str = "./."
    rsep: str = ";"
    width: int = 78

    @classmethod
    def of(cls, front: dict[str, Any]) -> Style:
        """Build the style from a plan's front matter, rejecting unknown keys.

        Raises:
            ConfigError: an unknown key or layout.
        """
        given = dict(front.get("style") or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(given) - known)
        if unknown:
            raise ConfigError(f"unknown style keys {unknown}; known: {sorted(known)}")
        style = cls(**given)
        if style.layout not in LAYOUTS:
            raise ConfigError(f"unknown layout {style.layout!r}; known: {', '.join(LAYOUTS)}")
        return style


def label_text(label: str, style: Style) -> str:
    """Print a section label: "I." or "I-", "1.", "1.1.", "a)", "(1)".

    >>> label_text("II", Style(heading="dash")), label_text("1.1", Style()), label_text("a", Style())
    ('II-', '1.1.', 'a)')
    """
    if _ROMAN.fullmatch(label):
        return label + ("-" if style.heading == "dash" else ".")
    if _LETTER.fullmatch(label):
        return label + ")"
    if label.startswith("("):
        return label
    return label + "."


def date_line(place: str | None, issued: Any) -> str | None:
    """The place-and-date line; day < 10 and months 1-2 take a leading zero.

    >>> date_line("Quảng Khê", "2024-02-05")
    'Quảng Khê, ngày 05 tháng 02 năm 2024'
    """
    if not issued:
        return None
    d = issued if isinstance(issued, date) else date.fromisoformat(str(issued))
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {d.day:02d} tháng {month} năm {d.year}"


def header_columns(front: dict[str, Any], style: Style) -> tuple[list[str], list[str]]:
    """Left column (issuer block and number) and right column (motto, place and date)."""
    header = front.get("header", {})
    if not any(header.get(k) for k in ("superior", "issuer", "number", "date")):
        return [], []  # the header block was lost in conversion (as in seed 000)
    state = front.get("kind") == "state"
    left = [x for x in (header.get("superior"), header.get("issuer")) if x]
    if not state:
        left.append("*")
    number = header.get("number")
    if number:
        left.append(f"Số: {number}" if state or style.number_colon else f"Số {number}")
    right = list(STATE_MOTTO if state else PARTY_MOTTO)
    when = date_line(header.get("place"), header.get("date"))
    if when:
        right.append(when)
    return left, right


def side_by_side(left: list[str], right: list[str], gap: int = 6) -> list[str]:
    """Print two columns as a table read row by row (as text converters do).

    >>> side_by_side(["A", "BB"], ["x"], gap=2)
    ['A   x', 'BB']
    """
    width = max((len(x) for x in left), default=0) + gap
    return [(a.ljust(width) + b).rstrip() for a, b in zip_longest(left, right, fillvalue="")]


def title_block(front: dict[str, Any], style: Style) -> list[str]:
    """The type name, the trích yếu lines and the short rule under them."""
    header = front.get("header", {})
    lines = [header.get("type", "KẾ HOẠCH"), *header.get("title", [])]
    if style.layout == "markdown":
        lines = ["## " + lines[0], "### " + " ".join(lines[1:])]
    if style.rule:
        lines.append(style.rule)
    return lines


def line_text(line: Line, style: Style) -> str:
    """A body line; in markdown the deadline quotes are bold (as in seed 000)."""
    if style.layout != "markdown" or not any(n.kind == "dl" for n in line.notes):
        return line.text
    text = line.text
    for note in sorted((n for n in line.notes if n.kind == "dl"), key=lambda n: -n.start):
        end = note.start + len(note.quote)
        text = f"{text[:note.start]}**{text[note.start:end]}**{text[end:]}"
    return text


def heading_text(node: Node, style: Style) -> str:
    """The heading line of a section: label plus title, or label plus first paragraph."""
    label = label_text(node.label, style)
    if node.inline:
        return f"{label} {line_text(node.lines[0], style)}"
    return f"{label} {node.title}" if node.title else label


def _markdown_heading(node: Node, text: str, index: int) -> str:
    depth = len(node.path)
    if depth == 1:
        return "#### " + text
    if depth == 2 and not node.inline:
        return ("### **" + text + "**") if index % 2 else ("## " + text)
    if depth == 3 and not node.inline:
        return "###### " + text
    return text


def body_lines(plan: Plan, style: Style) -> list[str]:
    """Opening, numbered sections and closing lines, with the end mark."""
    lines = [line_text(x, style) for x in plan.opening]
    for index, node in enumerate(plan.nodes):
        head = heading_text(node, style)
        if style.layout == "markdown":
            head = _markdown_heading(node, head, index)
        lines.append(head)
        rest = node.lines[1:] if node.inline else node.lines
        lines.extend(line_text(x, style) for x in rest)
    lines.extend(line_text(x, style) for x in plan.closing)
    if style.end_mark and lines:
        lines[-1] = lines[-1].rstrip(".") + style.end_mark
    return lines


def footer_columns(front: dict[str, Any], style: Style) -> tuple[list[str], list[str]]:
    """Recipients (left) and the signature block (right)."""
    recipients = list(front.get("recipients", []))
    left = ["Nơi nhận:"]
    for i, name in enumerate(recipients):
        left.append(f"- {name}{'.' if i == len(recipients) - 1 else style.rsep}")
    signer = front.get("signature", {})
    right = [x for x in (signer.get("authority"), signer.get("position")) if x]
    right += ["(Đã ký)"] if style.signed else ["", ""]
    right.append(signer.get("name") or "")
    return left, right


def _markdown_footer(left: list[str], right: list[str]) -> list[str]:
    sign = [x for x in right if x]
    head = "**" + "  \n".join(sign[:-1]) + "**"
    return ["#### " + left[0], *left[1:], head, "", "**" + sign[-1] + "**"]


def document_lines(plan: Plan, style: Style | None = None) -> list[str]:
    """All lines of the document in reading order, before the final layout step."""
    style = style or Style.of(plan.front)
    left, right = header_columns(plan.front, style)
    head = side_by_side(left, right) if style.header == "side" else left + right
    foot_left, foot_right = footer_columns(plan.front, style)
    if style.layout == "markdown":
        foot = _markdown_footer(foot_left, foot_right)
    elif style.footer == "side":
        foot = side_by_side(foot_left, foot_right)
    else:
        foot = foot_left + foot_right
    head = [*head, ""] if head else []
    return [*head, *title_block(plan.front, style), "", *body_lines(plan, style), "", *foot]


def _wrap(lines: list[str], width: int) -> str:
    out: list[str] = []
    for line in lines:
        pieces = textwrap.wrap(line, width, break_long_words=False,
                               break_on_hyphens=False) or [""]
        out.extend(piece + " " for piece in pieces)
    return "\n\n".join(out) + "\n"


def render_text(plan: Plan) -> str:
    """Render a plan source to the text of the document.

    >>> from vbparser.corpus.markup import parse_plan
    >>> plan = parse_plan("---\\nheader: {issuer: CHI BỘ THÔN ĐÔNG, number: 03-KH/CB}\\n"
    ...                   "style: {layout: flat, tone: old}\\n---\\n@ I | MỤC ĐÍCH\\n@end\\nHết.")
    >>> render_text(plan)[:40]
    'CHI BỘ THÔN ĐÔNG * Số 03-KH/CB ĐẢNG CỘNG'
    """
    style = Style.of(plan.front)
    lines = document_lines(plan, style)
    if style.layout == "flat":
        text = " ".join(x.strip() for x in lines if x.strip()) + "\n"
    elif style.layout == "blank":
        text = "\n\n".join(lines) + "\n"
    elif style.layout == "wrapped":
        text = _wrap(lines, style.width)
    else:
        text = "\n".join(lines) + "\n"
    return apply_tone(text, style.tone)
