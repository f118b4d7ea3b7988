"""Which build of vbparser parsed a stored row: its version and a digest of its code and data.

The version alone does not change between releases, so a store filled by an older checkout
would look up to date; the digest of the package's own files does change with any edit.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from vbparser._version import __version__

_PACKAGE = Path(__file__).resolve().parent
_SUFFIXES = frozenset({".py", ".yaml", ".json"})


@cache
def parser_build() -> str:
    """``<version>+<digest>``: the version and 12 hex digits over every source and data
    file of the installed package (names and contents, in sorted order)."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in _SUFFIXES and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return f"{__version__}+{digest.hexdigest()[:12]}"
