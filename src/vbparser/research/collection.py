"""``Corpus``: many plans as pandas tables, each parsed once and each table built once.

>>> import vbparser
>>> corpus = vbparser.Corpus.from_documents([vbparser.parse(
...     "KẾ HOẠCH\\nI. TỔ CHỨC THỰC HIỆN\\n1. Báo cáo trước ngày 15/12/2023.")])
>>> corpus.deadlines[["due", "bound"]].astype(str).values.tolist()
[['2023-12-14', 'before']]
>>> corpus.deadlines is corpus.deadlines  # built once, then cached
True
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from vbparser.config import Config
from vbparser.errors import LoadError, VbparserError
from vbparser.model import Document
from vbparser.research import tables

if TYPE_CHECKING:
    import pandas as pd

_GLOB_CHARS = frozenset("*?[")


class Corpus:
    """A set of plans with their extractions as pandas DataFrames.

    Documents are parsed on first use and only once; every table is built on first
    access and cached (``functools.cached_property``), so a second access costs nothing.
    The cached frames are returned as they are: copy one before changing it in place.
    Plans with identical content (the same sha256) are kept once, under their first path.

    Args:
        source: a folder (walked recursively: .txt, .md, .docx, .pdf and .zip), a glob
            pattern ("corpora/*/docs/*.txt"), a file, or an iterable of those.
        jobs: worker processes. 1 (the default) parses in this process; any other
            number, or None for one per CPU, goes through ``vbparser.parse_many``.
        config: parse configuration, as for ``vbparser.parse``.
        errors: ``raise`` the first document's error, or ``skip`` documents that fail
            (their paths and messages are then in ``skipped``).

    Raises:
        LoadError: a path or pattern matches nothing.

    Attributes:
        paths: the inputs, after folders and patterns were expanded.
        skipped: (path, message) of each document left out with ``errors="skip"``.
    """

    def __init__(self, source: str | Path | Iterable[str | Path], *, jobs: int | None = 1,
                 config: None | dict[str, Any] | Config = None, errors: str = "raise") -> None:
        if errors not in ("raise", "skip"):
            from vbparser.errors import ConfigError

            raise ConfigError(f"errors must be 'raise' or 'skip', not {errors!r}")
        self.paths: tuple[str, ...] = expand(source)
        self.jobs = jobs
        self.config = Config.resolve(config)
        self.errors = errors
        self.skipped: list[tuple[str, str]] = []

    @classmethod
    def from_documents(cls, docs: Iterable[Document]) -> Corpus:
        """Wrap Documents parsed already (nothing is parsed again)."""
        corpus = cls.__new__(cls)
        corpus.jobs, corpus.config, corpus.errors, corpus.skipped = 1, Config(), "raise", []
        parsed = _unique(docs)
        corpus.paths = tuple(d.source.path or tables.doc_id(d) for d in parsed)
        corpus.__dict__["parsed"] = parsed
        return corpus

    def __repr__(self) -> str:
        state = f"{len(self.parsed)} parsed" if "parsed" in self.__dict__ else "not parsed yet"
        return f"<Corpus of {len(self.paths)} inputs, {state}>"

    # --- the documents ---------------------------------------------------------------

    @cached_property
    def parsed(self) -> tuple[Document, ...]:
        """The parsed Documents, in input order (parsed on first access)."""
        if self.jobs == 1 and not any("!" in p for p in self.paths):
            return _unique(self._parse_here())
        import vbparser

        return _unique(vbparser.parse_many(self.paths, jobs=self.jobs, config=self.config,
                                           errors=self.errors))

    def _parse_here(self) -> Iterator[Document]:
        import vbparser

        for path in self.paths:
            try:
                yield vbparser.parse(Path(path), self.config)
            except (VbparserError, OSError) as exc:
                if self.errors == "raise":
                    raise
                self.skipped.append((path, f"{type(exc).__name__}: {exc}"))

    def __len__(self) -> int:
        return len(self.parsed)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.parsed)

    def __getitem__(self, item: int | str) -> Document:
        """A Document by position, ``doc_id`` or name (the file's stem)."""
        if isinstance(item, int):
            return self.parsed[item]
        for doc in self.parsed:
            if item in (tables.doc_id(doc), tables.doc_name(doc)):
                return doc
        raise KeyError(f"no document with id or name {item!r}")

    def select(self, items: Iterable[int | str]) -> Corpus:
        """A Corpus of some of these documents (by position, id or name), not parsed again.

        >>> import vbparser
        >>> corpus = vbparser.Corpus.from_documents([vbparser.parse("KẾ HOẠCH")])
        >>> len(corpus.select([0]))
        1
        """
        return Corpus.from_documents(self[item] for item in items)

    # --- the tables -------------------------------------------------------------------

    @cached_property
    def documents(self) -> pd.DataFrame:
        """One row per plan: ``doc_id``, ``name``, ``issuer``, ``level``, ``date`` (datetime64) …"""
        return tables.documents_table(self.parsed)

    @cached_property
    def _entities(self) -> dict[str, pd.DataFrame]:
        return tables.entity_tables(self.parsed)

    @cached_property
    def sections(self) -> pd.DataFrame:
        """One row per section: id, path, role, depth and span."""
        return self._entities["sections"]

    @cached_property
    def legal_refs(self) -> pd.DataFrame:
        """One row per document a plan cites: full_id, status, replaced_by, mentions …

        ``superseded_at_date`` is True when the cited document had been superseded on or
        before the plan's date (``status`` is what the knowledge base knows today).
        """
        return self._entities["legal_refs"]

    @cached_property
    def deadlines(self) -> pd.DataFrame:
        """One row per deadline: due and start (datetime64), bound, level, actor, span."""
        return self._entities["deadlines"]

    @cached_property
    def subjects(self) -> pd.DataFrame:
        """One row per subject: text, purpose, category, kind, level, span."""
        return self._entities["subjects"]

    @cached_property
    def warnings(self) -> pd.DataFrame:
        """One row per problem found in a document (code, message, span)."""
        return self._entities["warnings"]

    @cached_property
    def findings(self) -> pd.DataFrame:
        """The cross-level consistency findings of ``vbparser.compare`` over the corpus.

        One row per finding, as ``vbparser.compare`` returns it (rule, severity, message,
        lower_doc, upper_doc, quotes and spans …), plus ``lower_name`` and ``upper_name``
        (the plans' names, as ``doc_name`` in the other tables). ``attrs`` keeps what
        ``compare`` put there (plans, links, rules).

        Raises:
            NotImplementedError: this vbparser has no ``compare`` (issue 9).
        """
        found: pd.DataFrame = _compare()(list(self.parsed)).copy()
        names = dict(zip(self.documents["doc_id"], self.documents["name"], strict=True))
        for side in ("lower", "upper"):
            found[f"{side}_name"] = found[f"{side}_doc"].map(names).astype("string")
        return found

    @cached_property
    def links(self) -> pd.DataFrame:
        """Which plan implements which, as ``vbparser.compare`` linked them.

        One row per link: ``lower_doc``, ``upper_doc``, ``lower_name``, ``upper_name``,
        ``how`` (citation, issuer, forced) and ``relation`` (implements, guides,
        same_level).
        """
        import pandas as pd

        columns = ["lower_doc", "upper_doc", "how", "relation"]
        links = pd.DataFrame(self.findings.attrs.get("links", []))
        links = links.reindex(columns=columns) if len(links) else pd.DataFrame(columns=columns)
        names = dict(zip(self.documents["doc_id"], self.documents["name"], strict=True))
        links.insert(2, "lower_name", links["lower_doc"].map(names))
        links.insert(3, "upper_name", links["upper_doc"].map(names))
        return links.astype("string")

    def hierarchy(self, root: int | str) -> Corpus:
        """The plan ``root`` (position, id or name) and every plan below it, by ``links``.

        Returns:
            A Corpus of those plans, in this corpus's order (nothing is parsed again).
        """
        top = tables.doc_id(self[root])
        below: dict[str, list[str]] = {}
        for low, up in zip(self.links["lower_doc"], self.links["upper_doc"], strict=True):
            below.setdefault(up, []).append(low)
        found, todo = {top}, [top]
        while todo:
            for child in below.get(todo.pop(), []):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return self.select(i for i, doc in enumerate(self.parsed) if tables.doc_id(doc) in found)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table but ``findings``, by name (what ``Document.to_frames`` gives for one)."""
        return {"documents": self.documents, **self._entities}


def expand(source: str | Path | Iterable[str | Path]) -> tuple[str, ...]:
    """List the inputs named by a folder, glob pattern, file, or an iterable of them.

    Raises:
        LoadError: a path or pattern matches nothing.
    """
    from vbparser.batch import find_inputs

    items = [source] if isinstance(source, str | Path) else list(source)
    found: list[str] = []
    for item in items:
        text = str(item)
        if not isinstance(item, Path) and _GLOB_CHARS & set(text) and not Path(text).exists():
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise LoadError(f"{text}: no file matches this pattern")
            found += [i.path for i in find_inputs(matches)]
        else:
            found += [i.path for i in find_inputs([item])]
    return tuple(found)


def _compare() -> Any:
    """``vbparser.compare`` (the function), or NotImplementedError when there is none."""
    import vbparser

    compare = getattr(vbparser, "compare", None)
    if isinstance(compare, ModuleType):  # the subpackage, imported but not re-exported
        compare = getattr(compare, "compare", None)
    if not callable(compare):
        raise NotImplementedError("vbparser.compare is not available in this version of "
                                  "vbparser (issue 9), so Corpus.findings cannot be built")
    return compare


def _unique(docs: Iterable[Document]) -> tuple[Document, ...]:
    seen: dict[str, Document] = {}
    for doc in docs:
        seen.setdefault(doc.source.sha256, doc)
    return tuple(seen.values())


__all__ = ["Corpus", "expand"]
