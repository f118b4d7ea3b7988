"""Errors raised by vbparser and the catalogue of per-document warning codes.

A user mistake (a missing file, an unsupported format, a bad option) raises a
``VbparserError`` subclass whose message names the bad value; the CLI prints it on one
line. Problems inside a document (an impossible date, a malformed symbol) are not
exceptions: they are ``Warning`` records on the ``Document`` (see ``model.py``), with a
code from ``WARNING_CODES`` below.
"""

from __future__ import annotations


class VbparserError(Exception):
    """Root of every error vbparser raises on purpose."""


class ConfigError(VbparserError, ValueError):
    """An option or argument has a value vbparser cannot use."""


class LoadError(VbparserError, OSError):
    """A document cannot be read (missing, a directory, empty, binary, undecodable)."""


class UnsupportedFormatError(LoadError):
    """The file is of a format vbparser does not read."""


class PdfError(LoadError):
    """A PDF cannot be read: not a PDF at all, damaged or truncated."""


class EncryptedPdfError(PdfError, PermissionError):
    """A PDF needs a user password that was not given (or was wrong)."""


class PageLimitError(PdfError):
    """A PDF has more pages than ``Config.max_pages`` allows."""


class OcrError(LoadError):
    """Text recognition is needed but Tesseract is missing, lacks a language, or failed."""


class GoldError(VbparserError, ValueError):
    """A gold annotation file is malformed or names a document that cannot be found."""


# Raised by the date grammar's ``resolve`` (extract/dates.py) to its callers; the deadline
# stage catches them (an impossible date becomes a VB501 warning), so a document never
# fails on them.
class DateError(VbparserError, ValueError):
    """A date expression cannot be turned into a calendar date."""


class ImpossibleDateError(DateError):
    """The expression names a day that does not exist (31/11, 29/02/2025)."""


class MissingYearError(DateError):
    """The expression has no year and the caller gave none."""


# Raised by the batch machinery (store/ and batch/); also exported from those packages.
class StoreError(VbparserError, OSError):
    """The store cannot be opened or written (locked by another process, corrupt)."""


class DocumentTimeoutError(VbparserError, TimeoutError):
    """Parsing a document took longer than the time limit."""


class DocumentFailedError(VbparserError, RuntimeError):
    """Parsing a document failed unexpectedly (an internal error or a lost worker)."""


# Warning codes: VB1xx load, VB2xx normalise, VB3xx structure/metadata, VB4xx legal
# references, VB5xx deadlines, VB6xx subjects.
WARNING_CODES: dict[str, str] = {
    "VB101": "the text was decoded from a legacy or non-UTF-8 encoding",
    "VB102": "legacy-encoded text was found inside Unicode text and converted",
    "VB103": "some bytes could not be decoded and were replaced",
    "VB104": "the text was recognised by OCR from page images (no usable text layer)",
    "VB105": "the PDF is encrypted with an owner password only; it was read without one",
    "VB106": "some PDF pages have no text layer and could not be recognised",
    "VB107": ("the PDF's text layer is in a legacy Vietnamese font encoding (TCVN3/VNI) "
              "and was decoded"),
    "VB108": "the document was converted to .docx by LibreOffice before it was read",
    "VB109": ("text running across its page (a note up the margin, a copy's mark) was set "
              "aside, out of the text"),
    "VB110": "text in pictures on pages with a text layer was recognised by OCR",
    "VB111": "pictures that may hold text could not be recognised",
    "VB112": "pages of the PDF are damaged and could not be read; they were left out",
    "VB201": "the text was not in NFC form; it was normalised",
    "VB202": "lines broken mid-sentence were re-joined",
    "VB203": "flattened text (no line breaks) was re-split at section labels",
    "VB301": "no document number/symbol was found",
    "VB302": "no issue date was found",
    "VB303": "no issuer could be determined",
    "VB401": "a cited identifier is malformed",
    "VB402": "a cited document was superseded before the citing document was issued",
    "VB403": "a cited document was superseded after the citing document was issued",
    "VB404": "a cited date differs from the knowledge base",
    "VB501": "an impossible date",
    "VB502": "a deadline falls before the document's own date",
    "VB601": "a subject list could not be split",
}


def warning_message(code: str) -> str:
    """Return the catalogue text for ``code``.

    >>> warning_message("VB501")
    'an impossible date'
    """
    try:
        return WARNING_CODES[code]
    except KeyError:
        raise ConfigError(f"unknown warning code {code!r}") from None
