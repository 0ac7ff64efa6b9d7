"""The file itself: pragmas, migrations, errors, and two processes writing at once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import dossier
from dossier.errors import StoreError
from dossier.store import MIGRATIONS, Database, Migration
from dossier.store.migrations import applied, migrate, version
from tests.store.support import articles, dump, first_article

ROOT = Path(__file__).resolve().parents[2]


def test_a_new_store_is_wal_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    db = Database(tmp_path / "kb.sqlite", timeout=7)
    pragma = db.connection.execute
    assert pragma("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert pragma("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert pragma("PRAGMA foreign_keys").fetchone()[0] == 1
    assert pragma("PRAGMA busy_timeout").fetchone()[0] == 7000


def test_migrations_are_recorded_and_versioned(tmp_path: Path) -> None:
    db = Database(tmp_path / "kb.sqlite")
    assert applied(db.connection) == [m.name for m in MIGRATIONS]
    assert version(db.connection) == len(MIGRATIONS)
    db.close()
    again = Database(tmp_path / "kb.sqlite")
    assert applied(again.connection) == [m.name for m in MIGRATIONS]


def test_a_later_migration_applies_forward_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    with dossier.open(path) as kb:
        kb.ingest(first_article())
    later = (*MIGRATIONS, Migration("0099_reading_notes", ("ALTER TABLE events ADD note TEXT",)))
    connection = sqlite3.connect(path, isolation_level=None)
    assert migrate(connection, str(path), later) == ["0099_reading_notes"]
    assert migrate(connection, str(path), later) == []
    assert version(connection) == len(later)
    assert connection.execute("SELECT COUNT(*) FROM events WHERE note IS NULL").fetchone() == (2,)


def test_a_store_from_a_newer_dossier_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    dossier.open(path).close()
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    connection.close()
    with pytest.raises(StoreError, match="newer than this dossier knows"):
        dossier.open(path)


def test_a_missing_store_is_an_error_when_not_creating(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no knowledge base here"):
        dossier.open(tmp_path / "missing.sqlite", create=False)
    assert not (tmp_path / "missing.sqlite").exists()


def test_a_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not a dossier knowledge base"):
        dossier.open(path)


def test_a_writer_that_waits_too_long_gets_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    dossier.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with dossier.open(path, timeout=0.2) as kb:
            started = time.monotonic()
            with pytest.raises(StoreError, match="stayed busy for 0.2 s") as caught:
                kb.ingest(first_article())
            assert time.monotonic() - started >= 0.15
            assert "locked" not in str(caught.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_reader_is_not_blocked_by_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    with dossier.open(path) as kb:
        kb.ingest(first_article())
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("DELETE FROM event_contexts")
    try:
        with dossier.open(path, timeout=0.2) as kb:
            assert len(kb.events()) == 2
            assert kb.events()[0].context == ("crime",)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


WRITER = textwrap.dedent(
    """
    import sys
    import dataclasses
    import dossier
    from tests.store.support import articles

    path, prefix = sys.argv[1], sys.argv[2]
    with dossier.open(path) as kb:
        for round_ in range(15):
            for extraction in articles():
                document = dataclasses.replace(
                    extraction.document, id=f"{prefix}{round_}-{extraction.document.id}"
                )
                kb.ingest(dataclasses.replace(extraction, document=document))
    """
)


def test_two_processes_ingesting_at_once_both_finish(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    dossier.open(path).close()
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), prefix],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix in ("a", "b")
    ]
    for run in runs:
        _, errors = run.communicate(timeout=120)
        assert run.returncode == 0, errors
        assert "locked" not in errors
    with dossier.open(path) as kb:
        assert kb.totals()["documents"] == 2 * 15 * 3
        assert kb.totals()["events"] == 2 * 15 * 5
        assert kb.db.read("PRAGMA integrity_check")[0][0] == "ok"


def test_stores_built_in_the_same_order_are_identical(tmp_path: Path) -> None:
    for name in ("one.sqlite", "two.sqlite"):
        with dossier.open(tmp_path / name) as kb:
            for extraction in articles():
                kb.ingest(extraction)
    assert dump(tmp_path / "one.sqlite") == dump(tmp_path / "two.sqlite")
