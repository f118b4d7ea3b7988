"""vbparser: read Vietnamese plan documents (Kế hoạch) into structured data.

>>> import vbparser
>>> doc = vbparser.parse("KẾ HOẠCH\\nI. MỤC ĐÍCH, YÊU CẦU")
>>> doc.to_dict()["schema_version"]
'1'
"""

from vbparser._version import __version__
from vbparser.api import load, parse
from vbparser.batch import parse_many
from vbparser.compare import compare
from vbparser.config import Config
from vbparser.errors import ConfigError, LoadError, UnsupportedFormatError, VbparserError
from vbparser.model import (
    Deadline,
    Document,
    Issuer,
    LegalRef,
    Meta,
    Recipient,
    Section,
    Signer,
    Subject,
    Warning,
)
from vbparser.research import Corpus, to_spacy
from vbparser.store import open_store

__all__ = [
    "Config",
    "ConfigError",
    "Corpus",
    "Deadline",
    "Document",
    "Issuer",
    "LegalRef",
    "LoadError",
    "Meta",
    "Recipient",
    "Section",
    "Signer",
    "Subject",
    "UnsupportedFormatError",
    "VbparserError",
    "Warning",
    "__version__",
    "compare",
    "load",
    "open_store",
    "parse",
    "parse_many",
    "to_spacy",
]
