"""The text Word shows for a paragraph, read from its XML, and its text boxes.

python-docx's ``Paragraph.text`` reads the paragraph's own runs and hyperlinks. Word
shows more: the runs of a tracked insertion (``w:ins``: a draft passed between levels
often keeps its changes unaccepted), of content controls (``w:sdt``, in templates), of
smart tags and simple fields. ``paragraph_text`` reads every run under the paragraph as
python-docx reads a run, but not the runs of deleted or moved-away text (``w:del``,
``w:moveFrom``), and not the text boxes drawn in it.

Some offices set the two-column header (issuer and number on the left) in text boxes
anchored in the first paragraph instead of a table: ``text_boxes`` gives their
paragraphs, each box once (a shape's fallback drawing, ``mc:Fallback``, repeats it).
Templates also wrap whole paragraphs in content controls (a block-level ``w:sdt`` around
the place-and-date line of the header's cell): ``blocks`` reads through them. They wrap
a schedule's rows too (a repeating section: ``w:sdt`` around each ``w:tr``), which
``lift_wrapped_rows`` lifts into the table before it is read.

A plan may cite its legal bases in footnotes ("Thực hiện Quy định¹ của Bộ Chính trị"):
a footnote's mark is written where it stands in the text as Markdown writes one
("[^2]"), and ``notes`` gives the notes' text as Markdown's notes ("[^2]: Quy định số
366-QĐ/TW ..."), to follow the document; the marks are dropped when the text is
normalised, and the notes are read like any text after the closing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RUN = qn("w:r")
_GONE = frozenset({qn("w:del"), qn("w:moveFrom"), f"{_MC}Fallback", qn("w:txbxContent")})
_NOTE_REFS = frozenset({qn("w:footnoteReference"), qn("w:endnoteReference")})
_BLOCKS = frozenset({qn("w:p"), qn("w:tbl")})
_WRAPPERS = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")})
_SDT, _CONTENT = qn("w:sdt"), qn("w:sdtContent")
_ROW_PARENTS = frozenset({qn("w:tbl"), qn("w:tr")})
_PROPERTIES = frozenset({qn("w:sdtPr"), qn("w:sdtEndPr"), qn("w:customXmlPr")})
# a footnote's and an endnote's label: endnotes are numbered apart
_NOTE_PREFIX = {qn("w:footnoteReference"): "", qn("w:endnoteReference"): "e"}
# the parts holding the notes, by relationship type
_NOTE_PARTS = {RT.FOOTNOTES: ("w:footnote", ""), RT.ENDNOTES: ("w:endnote", "e")}


def paragraph_text(p: Any) -> str:
    """The text Word shows for the ``w:p`` element ``p`` (its text boxes apart), with a
    mark "[^2]" where a footnote is referred to."""
    return "".join(_runs(p))


def _runs(element: Any) -> Iterator[str]:
    for child in element.iterchildren():
        if child.tag == _RUN:
            yield child.text  # python-docx's run text: w:t, tabs, breaks
            if len(child) > 1:
                for ref in child.iterchildren(*_NOTE_REFS):
                    yield f"[^{_NOTE_PREFIX[ref.tag]}{ref.get(qn('w:id'))}]"
        elif child.tag not in _GONE:
            yield from _runs(child)


def blocks(element: Any) -> Iterator[Any]:
    """The paragraphs and tables (``w:p``, ``w:tbl``) of a body or a cell, in order, those
    inside content controls too."""
    for child in element.iterchildren():
        if child.tag in _BLOCKS:
            yield child
        elif child.tag in _WRAPPERS:
            yield from blocks(child)


def lift_wrapped_rows(body: Any) -> None:
    """Lift the rows and the cells a content control wraps (a repeating section around a
    schedule's ``w:tr``, a control around a ``w:tc``) into their table or row, in place:
    python-docx reads a table's own rows and a row's own cells only, and finds the cell
    above a merged one among the table's own rows."""
    while wrapped := [w for w in body.iter(*_WRAPPERS - {_CONTENT})
                      if w.getparent().tag in _ROW_PARENTS]:
        for wrapper in wrapped:
            content = wrapper.find(_CONTENT) if wrapper.tag == _SDT else wrapper
            for child in [] if content is None else list(content):
                if child.tag not in _PROPERTIES:
                    wrapper.addprevious(child)
            wrapper.getparent().remove(wrapper)


def notes(part: Any) -> Iterator[str]:
    """The footnotes and endnotes of a document ``part``, each as "[^2]: <its text>",
    in the order of their parts and ids (the separators Word keeps as notes left out)."""
    for rel in part.rels.values():
        kind = _NOTE_PARTS.get(rel.reltype)
        if kind is None or rel.is_external:
            continue
        tag, prefix = kind
        root = parse_xml(rel.target_part.blob)
        for note in root.iterchildren(qn(tag)):
            if note.get(qn("w:type")) not in (None, "normal"):
                continue
            text = " ".join(" ".join(paragraph_text(p) for p in blocks(note)
                                     if p.tag == qn("w:p")).split())
            if text:
                yield f"[^{prefix}{note.get(qn('w:id'))}]: {text}"


def text_boxes(p: Any) -> Iterator[Any]:
    """The ``w:p`` elements of the text boxes drawn in the paragraph ``p``, box by box
    in the order they are anchored, each box once."""
    for box in p.iter(qn("w:txbxContent")):
        if any(a.tag == f"{_MC}Fallback" for a in box.iterancestors()):
            continue
        yield from box.iterchildren(qn("w:p"))
