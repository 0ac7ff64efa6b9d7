"""Opening the SQLite file: pragmas, migrations, transactions, and error mapping.

This module is the one boundary between dossier and ``sqlite3``: every ``sqlite3.Error``
the store meets becomes a ``StoreError`` here (``raise ... from exc``), and "database is
locked" becomes a clear message naming how long dossier waited, and a full disk (or a
file at its size limit) a message saying so; the failed transaction is rolled back, so
the store keeps every document committed before.

Settings, per connection:

- WAL journal, so readers browse while one writer ingests;
- ``synchronous=NORMAL``: a commit survives a crash of the process (kill -9); an OS
  crash or power cut may lose the last commits but never corrupts the file;
- ``foreign_keys=ON``;
- ``busy_timeout``: a second writer (or a reader meeting a checkpoint) waits up to
  ``timeout`` seconds instead of failing at once.
"""

from __future__ import annotations

import resource
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from dossier.errors import Messages, StoreError
from dossier.store.migrations import migrate

DEFAULT_TIMEOUT = 30.0


class Database:
    """One connection to a knowledge base file, migrated to the current schema."""

    def __init__(self, path: str | Path, *, timeout: float = DEFAULT_TIMEOUT, create: bool = True):
        self.path = str(path)
        self.timeout = timeout
        if self.path != ":memory:" and not create and not Path(self.path).is_file():
            raise StoreError(Messages.E101.format(path=self.path), stage="store")
        try:
            self.connection = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            message = Messages.E104.format(path=self.path, detail=exc)
            raise StoreError(message, stage="store") from exc
        try:
            self._configure()
            migrate(self.connection, self.path)
        except sqlite3.DatabaseError as exc:
            self.connection.close()
            raise self.error(exc, Messages.E100) from exc
        except StoreError:
            self.connection.close()
            raise

    def _configure(self) -> None:
        self.connection.row_factory = sqlite3.Row
        run = self.connection.execute
        run(f"PRAGMA busy_timeout = {int(self.timeout * 1000):d}")
        run("PRAGMA journal_mode = WAL").fetchone()
        run("PRAGMA synchronous = NORMAL")
        run("PRAGMA foreign_keys = ON")

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction; rolled back on any error.

        ``IMMEDIATE`` takes the write lock at the start, so a second writer waits
        (``busy_timeout``) before reading anything rather than failing midway.
        """
        connection = self.connection
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self.error(exc, Messages.E105) from exc
        try:
            yield connection
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise self.error(exc, Messages.E105) from exc
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.connection.in_transaction:
            # A failed ROLLBACK means SQLite already ended the transaction itself.
            with suppress(sqlite3.Error):
                self.connection.execute("ROLLBACK")

    def read(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        """Run one query and return its rows (as ``sqlite3.Row``)."""
        try:
            return self.connection.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self.error(exc, Messages.E113) from exc

    def error(self, exc: sqlite3.Error, template: str) -> StoreError:
        """The ``StoreError`` for a ``sqlite3`` error: busy, full, not a database, or other."""
        return store_error(exc, template, self.path, self.timeout)


def is_busy(exc: sqlite3.Error) -> bool:
    """Whether SQLite gave up waiting for another connection's lock ("database is locked")."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


def is_full(exc: sqlite3.Error, path: str) -> bool:
    """Whether a write failed for want of space: the disk, or the file's size limit.

    SQLite says ``SQLITE_FULL`` when the disk is full, but a plain I/O error when a
    write goes past the process's file size limit (``ulimit -f``, ``EFBIG``) or fails
    outright on a full disk; for those, look at the disk and the files.
    """
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name == "SQLITE_FULL" or "is full" in str(exc):
        return True
    return name.startswith("SQLITE_IOERR") and _out_of_space(path)


_ROOM = 1 << 20  # less free space than this (a few hundred pages) counts as full


def _out_of_space(path: str) -> bool:
    if path == ":memory:":
        return False
    target = Path(path).absolute()
    try:
        if shutil.disk_usage(target.parent).free < _ROOM:
            return True
    except OSError:
        return False
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit == resource.RLIM_INFINITY:
        return False
    files = (target, *(target.with_name(target.name + s) for s in ("-wal", "-journal")))
    return any(f.is_file() and f.stat().st_size + _ROOM > limit for f in files)


def store_error(exc: sqlite3.Error, template: str, path: str, timeout: float) -> StoreError:
    """The one ``StoreError`` for a ``sqlite3`` error met on the knowledge base ``path``."""
    if is_busy(exc):
        return StoreError(Messages.E102.format(path=path, seconds=timeout), stage="store")
    if is_full(exc, path):
        return StoreError(Messages.E117.format(path=path), stage="store")
    if isinstance(exc, sqlite3.DatabaseError) and "not a database" in str(exc):
        template = Messages.E100
    return StoreError(template.format(path=path, detail=exc), stage="store")
