"""Copies of the knowledge base: ``backup`` and ``restore``, whole or not at all.

Both copy pages with SQLite's online backup API, which reads one consistent snapshot
of the source: a backup taken while another process ingests holds every document
committed before it started and none half-written, and nobody waits for it (WAL).

Both write a temporary file in the destination's directory and rename it into place,
so the destination is at every moment either what it was or the whole new copy. A
file in WAL mode must not be replaced while its ``-wal`` file holds pages, or SQLite
would lay those old pages over the new copy: before renaming, the destination's
write-ahead log is folded in and removed, and a destination another process still has
open is refused (``E120``).

``restore`` checks its source first: a dossier knowledge base (its ``migrations``
are the first of those this dossier knows, ``PRAGMA user_version`` agrees) that passes
``PRAGMA integrity_check``; the copy is then migrated to the current schema. It
refuses to replace a store that holds documents, or a file that is not a knowledge
base, unless ``force``.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from dossier.errors import Messages, StoreError
from dossier.store.database import DEFAULT_TIMEOUT, Database, is_busy, store_error
from dossier.store.migrations import MIGRATIONS, applied, version


@dataclass(frozen=True)
class Copy:
    """What a backup or a restore wrote: the file, its documents and events, its schema."""

    path: str
    documents: int
    events: int
    version: int


def backup(db: Database, destination: str | Path, *, force: bool = False) -> Copy:
    """Copy the open knowledge base ``db`` to ``destination`` (a new file, or any file
    with ``force``), while other processes go on reading and writing it."""
    target = Path(destination)
    if target.exists() and not force:
        raise StoreError(Messages.E195.format(path=target), stage="store")
    if target.resolve() == Path(db.path).resolve():
        raise StoreError(
            Messages.E118.format(path=target, detail="it is the knowledge base itself"),
            stage="store",
        )
    temporary = _temporary(target, "backup")
    try:
        with closing(sqlite3.connect(temporary)) as copy:
            db.connection.backup(copy)
        made = _describe(temporary)
        _replace(temporary, target)
    except sqlite3.Error as exc:
        named = db.path if is_busy(exc) else str(target)  # busy: the store, not the copy
        raise store_error(exc, Messages.E118, named, db.timeout) from exc
    except OSError as exc:
        raise StoreError(Messages.E118.format(path=target, detail=exc), stage="store") from exc
    finally:
        _discard(temporary)
    return Copy(str(target), *made)


def restore(
    source: str | Path,
    destination: str | Path,
    *,
    force: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> Copy:
    """Replace the knowledge base at ``destination`` with the backup ``source``."""
    origin, target = Path(source), Path(destination)
    if not origin.is_file():
        raise StoreError(Messages.E119.format(path=origin, detail="no such file"), stage="store")
    if not force:
        _check_replaceable(target)
    temporary = _temporary(target, "restore")
    try:
        _copy_checked(origin, temporary, timeout)
        Database(temporary, timeout=timeout).close()  # migrates it to the current schema
        made = _describe(temporary)
        _replace(temporary, target)
    except sqlite3.Error as exc:
        raise store_error(exc, Messages.E105, str(target), timeout) from exc
    except OSError as exc:
        raise StoreError(Messages.E105.format(path=target, detail=exc), stage="store") from exc
    finally:
        _discard(temporary)
    return Copy(str(target), *made)


def _copy_checked(origin: Path, temporary: Path, timeout: float) -> None:
    """Copy ``origin`` to ``temporary`` if it is a sound dossier knowledge base."""
    try:
        with closing(sqlite3.connect(origin, timeout=timeout)) as source:
            found = version(source)
            names = applied(source)
            known = [m.name for m in MIGRATIONS]
            if not names or names != known[: len(names)] or found != len(names):
                detail = f"schema version {found}, migrations {names or 'none'}"
                if found > len(known):
                    detail += f"; this dossier knows {len(known)}"
                raise StoreError(Messages.E119.format(path=origin, detail=detail), stage="store")
            with closing(sqlite3.connect(temporary)) as copy:
                source.backup(copy)
    except sqlite3.Error as exc:
        raise store_error(exc, Messages.E119, str(origin), timeout) from exc
    with closing(sqlite3.connect(temporary)) as copy:
        problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise StoreError(
            Messages.E121.format(path=origin, detail="; ".join(problems[:3])), stage="store"
        )


def _check_replaceable(target: Path) -> None:
    """Refuse a destination that holds documents or is not a knowledge base at all."""
    if not target.exists() or target.stat().st_size == 0:
        return
    try:
        with closing(sqlite3.connect(target)) as db:
            documents = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error as exc:
        raise StoreError(Messages.E197.format(path=target), stage="store") from exc
    if documents:
        raise StoreError(Messages.E196.format(path=target, documents=documents), stage="store")


def _describe(path: Path) -> tuple[int, int, int]:
    with closing(sqlite3.connect(path)) as db:
        documents, events = db.execute(
            "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM events)"
        ).fetchone()
        return int(documents), int(events), version(db)


def _replace(temporary: Path, target: Path) -> None:
    """Rename ``temporary`` over ``target`` once no write-ahead log can outlive it."""
    for leftover in _sidecars(temporary):
        if leftover.exists():  # every connection to it is closed: SQLite removed these
            raise StoreError(
                Messages.E105.format(path=target, detail=f"{leftover} was left open"),
                stage="store",
            )
    _fold_log(target)
    os.replace(temporary, target)
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _fold_log(target: Path) -> None:
    """Fold ``target``'s write-ahead log into it and remove it; refuse if in use."""
    wal, shm = _sidecars(target)
    if not wal.exists():
        return
    if target.exists():
        # The last connection to close checkpoints the log and deletes it; a file that
        # is not a database cannot own a log, so one beside it is left over: drop it.
        with suppress(sqlite3.Error), closing(sqlite3.connect(target)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if wal.exists() and _is_database(target):
        raise StoreError(Messages.E120.format(path=target), stage="store")
    for leftover in (wal, shm):
        with suppress(FileNotFoundError):
            leftover.unlink()


def _is_database(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _temporary(target: Path, purpose: str) -> Path:
    return target.with_name(f".{target.name}.{purpose}-{os.getpid()}.tmp")


def _discard(temporary: Path) -> None:
    for path in (temporary, *_sidecars(temporary)):
        with suppress(FileNotFoundError):
            path.unlink()
