"""Load a document from a path, bytes or a string into text with provenance blocks.

``load`` dispatches on the file's suffix, and on its first bytes when the suffix is
unknown. A loader returns a ``Loaded``: the decoded text (lines separated by ``\\n``),
one ``Block`` per line saying where it came from, and load-time warnings.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vbparser.errors import LoadError
from vbparser.model import Block, Source, Warning

if TYPE_CHECKING:
    from vbparser.config import Config

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
# The suffixes of the files vbparser reads (.doc, .rtf and .odt through LibreOffice):
# what the batch and the checks pick up in a folder.
DOCUMENT_SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf", ".doc", ".rtf", ".odt", ".htm", ".html")
# What marks bytes as a web page whatever the file is named (a Word "web page" saved as
# .doc is common): the doctype or the html element near the start.
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
                         re.IGNORECASE | re.DOTALL)
SUPPORTED = (".txt, .md, .docx, .pdf, .htm/.html, .doc/.rtf/.odt (with LibreOffice), "
             "and plain strings")


@dataclass(frozen=True, slots=True)
class Loaded:
    """What a loader hands to normalisation."""

    text: str
    source: Source
    blocks: tuple[Block, ...]
    warnings: tuple[Warning, ...] = ()


def line_blocks(text: str, **extra: object) -> tuple[Block, ...]:
    """One ``Block`` per line of ``text``, numbered from 1.

    >>> [(b.start, b.end, b.line) for b in line_blocks("ab\\ncd")]
    [(0, 2, 1), (3, 5, 2)]
    """
    blocks = []
    pos = 0
    for number, line in enumerate(text.split("\n"), start=1):
        blocks.append(Block(pos, pos + len(line), line=number, **extra))  # type: ignore[arg-type]
        pos += len(line) + 1
    return tuple(blocks)


def paragraph_lines(paragraphs: Iterable[tuple[str, bool, str | None]]
                    ) -> tuple[str, tuple[Block, ...]]:
    """The text of paragraphs given as (text, bold, style), each line (a paragraph's
    line breaks kept) with a ``Block`` naming its paragraph: how the .docx and web-page
    loaders write what they read.

    >>> text, blocks = paragraph_lines([("KẾ HOẠCH", True, None), ("a\\nb", False, "p")])
    >>> text, [(b.start, b.end, b.paragraph, b.bold) for b in blocks]
    ('KẾ HOẠCH\\na\\nb', [(0, 8, 0, True), (9, 10, 1, False), (11, 12, 1, False)])
    """
    lines: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for index, (paragraph, bold, style) in enumerate(paragraphs):
        for piece in paragraph.split("\n"):
            lines.append(piece)
            blocks.append(Block(pos, pos + len(piece), paragraph=index, bold=bold, style=style))
            pos += len(piece) + 1
    return "\n".join(lines), tuple(blocks)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_path(path: str | Path, config: Config | None = None) -> Loaded:
    """Load a file, choosing the loader by suffix (or by content for unknown suffixes).

    ``config`` carries the loader options (PDF engine, page limit, OCR, password).

    Raises:
        LoadError: the path is missing, a directory, empty or unreadable.
        UnsupportedFormatError: a .doc, .rtf or .odt file and no LibreOffice to convert it.
    """
    p = Path(path)
    if not p.exists():
        raise LoadError(f"{p}: no such file")
    if p.is_dir():
        raise LoadError(f"{p}: is a directory, not a document (give the files inside it)")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise LoadError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise LoadError(f"{p}: the file is empty")
    return load_bytes(data, name=str(p), suffix=p.suffix.lower(), config=config)


def load_bytes(data: bytes, name: str | None = None, suffix: str = "",
               config: Config | None = None) -> Loaded:
    """Load a document held in memory; ``suffix`` (".docx", ".txt", ...) picks the loader,
    and the first bytes where they tell the format (a PDF, a zip, a web page)."""
    kind = _sniff(data, suffix)
    label = name or "<bytes>"
    if kind == "docx":
        from vbparser.loaders.docx import load_docx

        return load_docx(data, name)
    if kind == "pdf":
        from vbparser.loaders.pdf import load_pdf

        return load_pdf(data, name, config)
    if kind in ("doc", "rtf", "odt"):
        return _converted(data, name, kind)
    if kind == "html":
        from vbparser.loaders.html import load_html

        return load_html(data, name)
    if kind == "binary":
        raise LoadError(f"{label}: the file is binary, not a text document "
                        f"(supported: {SUPPORTED})")
    from vbparser.loaders.text import load_text_bytes

    return load_text_bytes(data, name, TEXT_SUFFIXES.get(suffix, "txt"))


def _converted(data: bytes, name: str | None, kind: str) -> Loaded:
    """A .doc, .rtf or .odt file read through its .docx conversion (``office``)."""
    from vbparser.errors import warning_message
    from vbparser.loaders.docx import load_docx
    from vbparser.loaders.office import NAMES, to_docx

    loaded = load_docx(to_docx(data, kind, name or "<bytes>"), name)
    source = Source(path=name, format="docx", sha256=sha256(data), encoding=None)
    note = Warning("VB108", f"{warning_message('VB108')}: from {NAMES[kind]}")
    return Loaded(loaded.text, source, loaded.blocks, (*loaded.warnings, note))


def _sniff(data: bytes, suffix: str) -> str:
    head = data[:8]
    if head.startswith(b"%PDF") or suffix == ".pdf":
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"application/vnd.oasis.opendocument.text" in data[:200]:
            return "odt"
        if suffix in ("", ".docx") or b"word/" in data[:65536]:
            return "docx"
        return "binary"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if suffix == ".docx":
        return "binary"
    # a web page, whatever its name says (Word's "web page" is often saved as .doc)
    if suffix in (".htm", ".html") or is_html(data):
        return "html"
    return "text"


def is_html(data: bytes) -> bool:
    """Whether ``data`` is a web page, by its first bytes (after a UTF-8 mark).

    >>> is_html(b'<!DOCTYPE html><html><body><p>K'), is_html(b'<html xmlns:o="urn:x">')
    (True, True)
    >>> is_html("ĐẢNG BỘ XÃ <b>".encode()), is_html(b"<p>a loose paragraph</p>")
    (False, False)
    """
    return bool(_HTML_START.match(data[:4096].removeprefix(b"\xef\xbb\xbf")))


def load_string(text: str, name: str | None = None) -> Loaded:
    """Wrap a Python string as a loaded document (format ``string``)."""
    data = text.encode("utf-8")
    source = Source(path=name, format="string", sha256=sha256(data), encoding=None)
    return Loaded(text, source, line_blocks(text))
