"""Web pages (.htm, .html): a plan saved as a web page by Word or LibreOffice, or kept
from an office portal.

lxml parses the page (forgiving of the tag soup such files hold) and its text is read
the way ``docx`` reads a Word file: each block element (paragraph, heading, list item,
a division holding text) one paragraph, ``<br>`` a line break inside it, the line
breaks and indentation of the HTML source collapsed to single spaces; an ordered list's
items numbered as a browser numbers them; a layout table (the two-column header of
issuer and national motto, the closing of recipients and signature) read column by
column, each column whole; a data table (two rows or more, three columns or more that
hold text) read row by row, its cells joined by ``TABLE_CELL`` and a cell merged down
from the row above written ``MERGED``. Scripts, styles and the page's head are not text,
nor is a portal's chrome around the plan (``_CHROME``: its menu, side column, footer).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from vbparser.errors import LoadError
from vbparser.loaders import Loaded, paragraph_lines, sha256
from vbparser.loaders.encoding import decode
from vbparser.loaders.text import decoding_warnings
from vbparser.model import Source
from vbparser.numbering import counter_text
from vbparser.tables import MERGED, TABLE_CELL, is_data

try:  # lxml comes with python-docx, a core dependency
    import lxml.etree  # type: ignore[import-untyped]
    import lxml.html  # type: ignore[import-untyped]
except ImportError as exc:  # pragma: no cover
    raise ImportError("reading web pages needs lxml: pip install lxml") from exc

_BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre",
    "address", "center", "section", "article", "header", "footer", "main", "aside",
    "figure", "figcaption", "form", "fieldset", "legend", "caption", "ul", "ol", "dl",
    "hr", "body", "html", "nav",
})
_SKIPPED = frozenset({"script", "style", "head", "title", "noscript", "template", "iframe",
                      "object", "svg", "select", "button", "map"})
# A portal's page around the plan: navigation, side columns, banners and footers, by
# tag or by the id or class a site gives them ("menu", "sidebar", "footer"). A page a
# word processor saved has none of them.
_CHROME_TAGS = frozenset({"nav", "aside"})
_CHROME = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|side|sidebar|breadcrumbs?|banner|"
                     r"topbar|footer|site-?footer|site-?header|post-?meta|entry-?meta)"
                     r"(?:$|[\s_-])", re.IGNORECASE)
# A <header> or <footer> outside any article, main part or section is the page's own
# banner or foot (HTML's landmarks), not the plan's.
_PAGE_PARTS = frozenset({"header", "footer"})
_SECTIONING = frozenset({"article", "main", "section"})
_BOLD_TAGS = frozenset({"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "th"})
_WEIGHT = re.compile(r"font-weight\s*:\s*(\w+)", re.IGNORECASE)
# An ordered list's type attribute as Word's number formats (``numbering.counter_text``).
_KINDS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman",
          "I": "upperRoman"}
_SPACE = re.compile(r"[ \t\r\n\f]+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")



def load_html(data: bytes, name: str | None) -> Loaded:
    """Read a web page held in memory.

    Raises:
        LoadError: the bytes are not text, or the page holds no text.
    """
    label = name or "<bytes>"
    try:
        decoded = decode(data)
    except LoadError as exc:
        raise LoadError(f"{label}: {exc}") from None
    markup = _XML_DECLARATION.sub("", decoded.text, count=1)
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise LoadError(f"{label}: not a readable web page ({exc})") from None
    body = root.find("body")
    reader = _Reader()
    reader.walk(root if body is None else body, False)
    reader.flush()
    text, blocks = paragraph_lines((p.text, p.bold, p.style) for p in reader.paragraphs)
    if not text.strip():
        raise LoadError(f"{label}: the web page has no text")
    source = Source(path=name, format="html", sha256=sha256(data), encoding=decoded.encoding)
    return Loaded(text, source, blocks, decoding_warnings(decoded))


@dataclass(frozen=True, slots=True)
class _Paragraph:
    text: str  # lines joined by "\n" (from <br>)
    bold: bool
    style: str | None


@dataclass(slots=True)
class _Reader:
    """Walks the element tree, gathering the inline text of the paragraph under way."""

    paragraphs: list[_Paragraph] = field(default_factory=list)
    pieces: list[tuple[str, bool]] = field(default_factory=list)  # (text, bold); "\n" breaks
    tag: str | None = None  # the block element the pieces belong to
    pre: bool = False  # inside <pre>: the source's spacing is kept

    def flush(self, empty: bool = False) -> None:
        """End the paragraph under way (``empty``: keep it even without text, as an
        empty <p> keeps its blank line)."""
        text = "".join(t for t, _ in self.pieces)
        if not self.pre:
            text = "\n".join(line.strip(" ") for line in text.split("\n")).strip("\n")
        if text.strip() or (empty and not self.pieces):
            solid = [b for t, b in self.pieces if t.strip()]
            self.paragraphs.append(_Paragraph(text, bool(solid) and all(solid), self.tag))
        self.pieces = []

    def add(self, text: str | None, bold: bool) -> None:
        if not text:
            return
        if not self.pre:
            text = _SPACE.sub(" ", text)
            if text == " " and (not self.pieces or self.pieces[-1][0].endswith((" ", "\n"))):
                return
            if self.pieces and self.pieces[-1][0].endswith((" ", "\n")):
                text = text.lstrip(" ")
        self.pieces.append((text, bold))

    def walk(self, element: lxml.html.HtmlElement, bold: bool) -> None:
        if not isinstance(element.tag, str):
            return  # a comment or a processing instruction: its tail is read by the parent
        tag = element.tag.lower().rpartition(":")[2]  # Word's <o:p>
        if tag in _SKIPPED or tag in _CHROME_TAGS or _CHROME.search(
                f"{element.get('id') or ''} {element.get('class') or ''}") or (
                tag in _PAGE_PARTS and not any(
                    a.tag in _SECTIONING for a in element.iterancestors() if isinstance(a.tag, str))):
            return
        bold = _bold(element, tag, bold)
        if tag == "br":
            self.pieces.append(("\n", bold))
            return
        if tag == "table":
            self.flush()
            self.table(element, bold)
            return
        if tag in _BLOCKS:
            self.flush()
            pre, self.pre = self.pre, self.pre or tag == "pre"
            self.tag = tag
            if tag == "li":
                self.add(_item_label(element), bold)
            self.children(element, bold)
            self.flush(empty=tag == "p")
            self.pre = pre
            return
        self.children(element, bold)

    def children(self, element: lxml.html.HtmlElement, bold: bool) -> None:
        self.add(element.text, bold)
        for child in element:
            self.walk(child, bold)
            self.add(child.tail, bold)

    def table(self, table: lxml.html.HtmlElement, bold: bool) -> None:
        """A table's paragraphs: a data table's rows one paragraph each, a layout
        table's cells column by column (``docx._lines``)."""
        grid = _grid(table)
        cells = {id(c): self.cell(c, bold) for row in grid for c in row if c is not None}
        if is_data(grid, lambda c: any(p.text.strip() for p in cells[id(c)])):
            for row in grid:
                texts = [MERGED if c is None else " ".join(
                    p.text.replace("\n", " ").strip() for p in cells[id(c)]).strip()
                    for c in row]
                solid = [p.bold for c in row if c is not None for p in cells[id(c)]]
                self.paragraphs.append(_Paragraph(TABLE_CELL.join(texts),
                                                  bool(solid) and all(solid), "table-row"))
            return
        for column in range(max((len(row) for row in grid), default=0)):
            for row in grid:
                cell = row[column] if column < len(row) else None
                if cell is not None:
                    self.paragraphs += [_Paragraph(p.text, p.bold, "table")
                                        for p in cells[id(cell)]]

    def cell(self, cell: lxml.html.HtmlElement, bold: bool) -> list[_Paragraph]:
        """A cell's paragraphs, read by a reader of its own."""
        inner = _Reader(pre=self.pre)
        inner.tag = "td"
        inner.children(cell, _bold(cell, cell.tag, bold))
        inner.flush()
        return inner.paragraphs


def _bold(element: lxml.html.HtmlElement, tag: str, inherited: bool) -> bool:
    """Whether text in ``element`` is bold: a bold tag or a font weight in its style
    (a weight set in the style outranks the tag)."""
    found = _WEIGHT.search(element.get("style") or "")
    if found:
        weight = found.group(1).lower()
        return weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
    return inherited or tag in _BOLD_TAGS


def _item_label(item: lxml.html.HtmlElement) -> str:
    """The number a browser draws before a list item: "1. ", "b. ", "IV. " by the list's
    type and start; "- " for an unordered list's item."""
    parent = item.getparent()
    if parent is None or parent.tag != "ol":
        return "- " if parent is not None and parent.tag == "ul" else ""
    items = [c for c in parent if c.tag == "li"]
    try:
        start = int(parent.get("start") or 1)
        value = int(item.get("value") or start + items.index(item))
    except ValueError:
        value = items.index(item) + 1
    kind = item.get("type") or parent.get("type") or "1"
    return f"{counter_text(value, _KINDS.get(kind, 'decimal'))}. "


def _rows(table: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    """The table's own rows (in <thead>, <tbody>, <tfoot> or directly), not a nested
    table's."""
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child if row.tag == "tr")


def _grid(table: lxml.html.HtmlElement) -> list[list[lxml.html.HtmlElement | None]]:
    """The table's cells row by row, each cell once: a cell spanning columns stands once
    in its row, and a cell spanning rows stands where it begins and is None in the rows
    it goes on into."""
    grid: list[list[lxml.html.HtmlElement | None]] = []
    # first column of a cell spanning rows -> (rows it still spans below, columns it spans)
    going_on: dict[int, tuple[int, int]] = {}
    for row in _rows(table):
        cells: list[lxml.html.HtmlElement | None] = []
        column = 0
        own = [c for c in row if c.tag in ("td", "th")][::-1]
        while own or any(col >= column for col in going_on):
            if column in going_on:
                left, width = going_on.pop(column)
                if left > 1:
                    going_on[column] = (left - 1, width)
                cells.append(None)
                column += width
                continue
            if not own:
                column += 1
                continue
            cell = own.pop()
            cells.append(cell)
            width, down = _span(cell, "colspan"), _span(cell, "rowspan") - 1
            if down > 0:
                going_on[column] = (down, width)
            column += width
        grid.append(cells)
    return grid


def _span(cell: lxml.html.HtmlElement, attribute: str) -> int:
    try:
        return max(1, min(int(cell.get(attribute) or 1), 1000))
    except ValueError:
        return 1
