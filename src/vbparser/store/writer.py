"""Writing a store: buffered rows, committed in transactions that hold whole documents."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Self

from vbparser._build import parser_build
from vbparser.errors import ConfigError, StoreError
from vbparser.store.db import connect, ensure_schema
from vbparser.store.schema import ENTITY_TABLES, SCHEMA, Rows, error_rows, pack


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class StoreWriter:
    """Buffered, transactional writer of a store (one writing process at a time).

    ``add`` buffers the rows of whole inputs; ``flush`` commits everything buffered in
    one transaction. Used as a context manager, it flushes and closes on exit.

    Args:
        path: the DuckDB file (created when missing; its folder must exist).
        retry_errors: let inputs recorded in ``errors`` be parsed again (their old error
            rows are deleted in the transaction that writes the new result).

    Raises:
        ConfigError: the folder of ``path`` does not exist, or ``path`` is a folder.
        StoreError: DuckDB cannot open the file (another process is writing it).
    """

    def __init__(self, path: str | Path, retry_errors: bool = False) -> None:
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise ConfigError(f"the folder of the store {self.path} does not exist")
        if self.path.is_dir():
            raise ConfigError(f"{self.path} is a folder; give a file name such as results.duckdb")
        self.retry_errors = retry_errors
        self._con = connect(self.path, read_only=False)
        ensure_schema(self._con)
        self._buffer: list[Rows] = []
        self.committed = 0
        self.stale: set[str] = set()  # inputs stored by another build, to be replaced

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.flush()
        finally:
            self.close()

    def done_keys(self) -> set[str]:
        """Keys of inputs this build of vbparser has already stored: sha256, or
        ``path:<path>`` for unreadable ones.

        Rows written by another build (``parser_build``) do not count: those inputs are
        parsed again, and their old rows are replaced in the transaction that writes the
        new ones (``stale``).
        """
        build = parser_build()
        parts = ["SELECT sha256 FROM documents WHERE parser_build = $build"]
        if not self.retry_errors:
            parts.append("SELECT coalesce(sha256, 'path:' || path) FROM errors "
                         "WHERE parser_build = $build")
        done = {row[0] for row in self._con.execute(" UNION ".join(parts),
                                                    {"build": build}).fetchall()}
        stored = self._con.execute(
            "SELECT sha256 FROM documents UNION SELECT sha256 FROM errors").fetchall()
        self.stale = {row[0] for row in stored if row[0] is not None} - done
        return done

    @property
    def pending(self) -> int:
        """How many inputs are buffered and not yet committed."""
        return sum(rows.size for rows in self._buffer)

    def add(self, rows: Rows) -> None:
        """Buffer the rows of whole inputs (see ``schema.pack``)."""
        self._buffer.append(rows)

    def flush(self) -> int:
        """Commit the buffered inputs and return how many were committed.

        Should DuckDB refuse some rows, each buffered ``Rows`` is committed alone and
        the inputs of one that still fails are recorded in ``errors`` instead.
        """
        batch, self._buffer = self._buffer, []
        if not batch:
            return 0
        try:
            self._commit(batch)
        except Exception:  # noqa: BLE001 - whatever DuckDB refuses, store the others
            for rows in batch:
                self._commit_alone(rows)
        count = sum(rows.size for rows in batch)
        self.committed += count
        return count

    def _commit_alone(self, rows: Rows) -> None:
        try:
            self._commit([rows])
        except Exception as exc:  # noqa: BLE001 - recorded in errors instead
            reason = _first_line(exc)
            entries = [error_rows(None, path, "StoreError", f"{path}: cannot be stored ({reason})")
                       for path in rows.paths]
            try:
                self._commit([pack(entries)])
            except Exception as again:  # noqa: BLE001 - the store itself fails (disk full)
                raise StoreError(f"{self.path}: cannot write ({_first_line(again)})") from None

    def _commit(self, batch: list[Rows]) -> None:
        con = self._con
        con.begin()
        try:
            keys = [key for rows in batch for key in rows.keys]
            if self.retry_errors or self.stale:
                self._delete_old(keys)
            for name in SCHEMA:
                parts = [rows.tables[name] for rows in batch if name in rows.tables]
                if parts:
                    self._insert(name, parts)
            con.commit()
            self.stale.difference_update(keys)
        except BaseException:
            with suppress(Exception):  # a failed commit may have ended the transaction
                con.rollback()
            raise

    def _delete_old(self, keys: list[str]) -> None:
        """Delete the rows earlier runs stored for ``keys``: their errors (when retrying
        them, or when another build wrote them) and the documents of another build."""
        con = self._con
        con.execute("DELETE FROM errors WHERE list_contains(?, sha256)", [keys])
        old = [key[:16] for key in keys if key in self.stale]
        if old:
            for name in ("documents", *ENTITY_TABLES):
                con.execute(f'DELETE FROM "{name}" WHERE list_contains(?, doc_id)', [old])

    def _insert(self, name: str, parts: list[object]) -> None:
        import pyarrow as pa

        view = f"_vbparser_new_{name}"
        self._con.register(view, pa.concat_tables(parts))
        try:
            self._con.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM "{view}"')
        finally:
            self._con.unregister(view)

    def close(self) -> None:
        """Close the connection (buffered rows not flushed are dropped)."""
        self._con.close()
