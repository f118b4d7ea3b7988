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
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docx.oxml.ns import qn

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RUN = qn("w:r")
_GONE = frozenset({qn("w:del"), qn("w:moveFrom"), f"{_MC}Fallback", qn("w:txbxContent")})


def paragraph_text(p: Any) -> str:
    """The text Word shows for the ``w:p`` element ``p`` (its text boxes apart)."""
    return "".join(_runs(p))


def _runs(element: Any) -> Iterator[str]:
    for child in element.iterchildren():
        if child.tag == _RUN:
            yield child.text  # python-docx's run text: w:t, tabs, breaks
        elif child.tag not in _GONE:
            yield from _runs(child)


def text_boxes(p: Any) -> Iterator[Any]:
    """The ``w:p`` elements of the text boxes drawn in the paragraph ``p``, box by box
    in the order they are anchored, each box once."""
    for box in p.iter(qn("w:txbxContent")):
        if any(a.tag == f"{_MC}Fallback" for a in box.iterancestors()):
            continue
        yield from box.iterchildren(qn("w:p"))
