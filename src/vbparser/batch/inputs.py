"""What a batch reads: files, folders and zip archives, listed in a stable order."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from vbparser.errors import LoadError
from vbparser.loaders import DOCUMENT_SUFFIXES

SUFFIXES = frozenset(DOCUMENT_SUFFIXES)
_WALKED = SUFFIXES | {".zip"}
_MAX_MEMBER_BYTES = 256 * 2**20


@dataclass(frozen=True, slots=True)
class Input:
    """One document to parse: a file, or a member of a zip archive."""

    path: str  # as shown and stored: "dir/a.txt" or "dir/b.zip!sub/c.docx"
    archive: str | None = None
    member: str | None = None


def _visible(name: str) -> bool:
    # dot files, Word's "~$" lock files and the "__MACOSX" folders of zips made on a Mac
    return not name.startswith((".", "~$", "__MACOSX"))


def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _walk(folder: Path) -> Iterator[str]:
    # plain strings: pathlib costs more than the parse of a small plan at 10,000 files
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if _visible(d))
        for name in sorted(files):
            if _visible(name) and _suffix(name) in _WALKED:
                yield os.path.join(root, name)


def _members(archive: str) -> list[Input]:
    try:
        with zipfile.ZipFile(archive) as zf:
            names = sorted(i.filename for i in zf.infolist() if not i.is_dir())
    except (zipfile.BadZipFile, OSError):
        return [Input(str(archive))]  # read as a file, so that it lands in errors
    return [Input(f"{archive}!{name}", str(archive), name) for name in names
            if all(_visible(part) for part in name.split("/"))
            and _suffix(name) in SUFFIXES]


def find_inputs(paths: Iterable[str | Path]) -> list[Input]:
    """List the documents under ``paths`` (files, folders, zip archives), in order.

    Folders are walked recursively in sorted order, skipping hidden entries; in folders
    and archives only .txt, .md, .docx and .pdf (and .zip in folders) are taken, while a
    file named explicitly is taken whatever its suffix. A member of an archive can be
    named as the store records it: ``archive.zip!folder/member.docx``.

    >>> find_inputs([])
    []

    Raises:
        LoadError: a path does not exist.
    """
    found: list[Input] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            found.append(_member_address(str(raw)))
            continue
        for file in _walk(path) if path.is_dir() else [str(path)]:
            found += _members(file) if _suffix(file) == ".zip" else [Input(file)]
    return found


def _member_address(text: str) -> Input:
    """The input named by an address as the store records it: ``archive.zip!member``."""
    cut = text.lower().find(".zip!")
    archive, member = text[:cut + 4], text[cut + 5:]
    if cut < 0 or not Path(archive).is_file():
        raise LoadError(f"{text}: no such file or folder")
    try:
        with zipfile.ZipFile(archive) as zf:
            zf.getinfo(member)
    except (zipfile.BadZipFile, OSError, KeyError):
        raise LoadError(f"{text}: no member {member!r} in {archive}") from None
    return Input(text, archive, member)


class Reader:
    """Reads inputs, keeping the last zip archive open (its members come together)."""

    def __init__(self) -> None:
        self._zip: tuple[str, zipfile.ZipFile] | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, item: Input) -> bytes:
        """Return the bytes of ``item``.

        Raises:
            OSError, zipfile.BadZipFile, KeyError: the file or member cannot be read.
            LoadError: a member is too large once unpacked.
        """
        if item.archive is None:
            return Path(item.path).read_bytes()
        if self._zip is None or self._zip[0] != item.archive:
            self.close()
            self._zip = (item.archive, zipfile.ZipFile(item.archive))
        info = self._zip[1].getinfo(item.member or "")
        if info.file_size > _MAX_MEMBER_BYTES:
            raise LoadError(f"{item.path}: {info.file_size} bytes once unpacked is too large")
        return self._zip[1].read(info)

    def close(self) -> None:
        """Close the open archive, if any."""
        if self._zip is not None:
            self._zip[1].close()
            self._zip = None
