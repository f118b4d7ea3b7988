"""Plain text and markdown-ish text (as PDF-to-text and web converters produce)."""

from __future__ import annotations

from vbparser.errors import LoadError, warning_message
from vbparser.loaders import Loaded, line_blocks, sha256
from vbparser.loaders.encoding import Decoded, decode
from vbparser.model import Source, Warning


def load_text_bytes(data: bytes, name: str | None, fmt: str) -> Loaded:
    """Decode text bytes (any supported encoding) into a ``Loaded`` document."""
    try:
        decoded = decode(data)
    except LoadError as exc:
        raise LoadError(f"{name or '<bytes>'}: {exc}") from None
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError(f"{name or '<bytes>'}: the document has no text")
    source = Source(path=name, format=fmt, sha256=sha256(data), encoding=decoded.encoding)
    return Loaded(text, source, line_blocks(text), decoding_warnings(decoded))


def decoding_warnings(decoded: Decoded) -> tuple[Warning, ...]:
    """What decoding a file's bytes warns of: a legacy encoding (VB101), legacy text
    inside Unicode converted (VB102), bytes replaced (VB103)."""
    warnings = []
    if decoded.embedded:
        warnings.append(Warning("VB102", f"{warning_message('VB102')}: {decoded.encoding}"))
    elif decoded.legacy:
        warnings.append(Warning("VB101", f"{warning_message('VB101')}: {decoded.encoding}"))
    if decoded.replaced:
        warnings.append(Warning("VB103", warning_message("VB103")))
    return tuple(warnings)
