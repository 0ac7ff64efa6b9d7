"""Several processes on one store: readers never wait, writers take turns, and nobody
ever sees "database is locked".

- ``dossier serve`` answers every request (200) while ``dossier ingest`` writes;
- two ``dossier ingest`` runs at once, over overlapping inputs, both finish: each
  document is stored once, whole;
- a store held by another process longer than the timeout gives, at every entry
  point, the ``StoreError`` that says so, and waiting less than the timeout succeeds.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import dossier
from dossier.config import Config
from dossier.errors import Messages, StoreError
from dossier.kb import KnowledgeBase, restore
from dossier.pipeline import extract
from dossier.records import Document, Extraction
from tests.store.support import articles, dump, first_article
from tests.store.test_crash import ENVIRONMENT, ROOT, corpus, ingest_command, serve


def expected(folder: Path) -> dict[str, Extraction]:
    documents = dossier.read_documents([str(folder)], Config())
    found = extract((d for d in documents if isinstance(d, Document)), Config())
    return {e.document.id: e for e in found if isinstance(e, Extraction)}


@pytest.mark.model
def test_serve_answers_while_ingest_writes(tmp_path: Path) -> None:
    count = 96
    folder = corpus(tmp_path / "corpus", count)
    path = tmp_path / "kb.sqlite"
    dossier.open(path).close()
    process, client = serve(path)
    try:
        writer = subprocess.Popen(
            ingest_command(folder, path),
            cwd=ROOT,
            env=ENVIRONMENT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        seen: list[int] = []
        routes = ("/api/stats", "/api/events?sort=-date", "/api/actors", "/api/documents")
        while writer.poll() is None:
            for route in routes:
                response = client.get(route)
                assert response.status_code == 200, (route, response.text)
                assert "locked" not in response.text
            seen.append(client.get("/api/stats").json()["documents"])
        _, errors = writer.communicate()
        assert writer.returncode == 0, errors
        assert client.get("/api/stats").json()["documents"] == count
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=30)
    assert any(0 < documents < count for documents in seen), seen  # read while it wrote


@pytest.mark.model
def test_two_ingests_at_once_take_turns_and_store_each_document_once(tmp_path: Path) -> None:
    everything = corpus(tmp_path / "corpus", 48)
    halves = []
    for name, numbers in (("first", range(0, 32)), ("second", range(16, 48))):
        half = tmp_path / name
        half.mkdir()
        for number in numbers:
            source = everything / f"report-{number:03d}.txt"
            (half / source.name).write_bytes(source.read_bytes())
        halves.append(half)
    path = tmp_path / "kb.sqlite"
    runs = [
        subprocess.Popen(
            ingest_command(half, path),
            cwd=ROOT,
            env=ENVIRONMENT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in halves
    ]
    for run in runs:
        out, errors = run.communicate(timeout=300)
        assert run.returncode == 0, errors
        assert "locked" not in out + errors and "Traceback" not in errors
    whole = expected(everything)
    with dossier.open(path) as kb:
        assert kb.db.read("PRAGMA integrity_check")[0][0] == "ok"
        assert kb.totals()["documents"] == 48
        assert {d.id: kb.extraction(d.id) for d in kb.documents(limit=None)} == whole


class Holder:
    """Another process's lock on the store, taken with plain ``sqlite3``.

    ``write``: a write transaction (other writers wait; readers go on, WAL);
    ``exclusive``: exclusive locking mode after a write (nobody else may even open the
    store; taken only while no other connection is open).
    """

    def __init__(self, path: Path, kind: str):
        self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        if kind == "exclusive":
            self.connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute("UPDATE documents SET title = title")
        self.open = True

    def release(self) -> None:
        """End the transaction and close (exclusive mode keeps its lock until then)."""
        if self.open:
            self.connection.execute("ROLLBACK")
            self.connection.close()
            self.open = False


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "kb.sqlite"
    with dossier.open(path) as kb:
        for extraction in articles()[1:]:
            kb.ingest(extraction)
    return path


@pytest.fixture
def held(store: Path) -> Iterator[Callable[[str], Holder]]:
    holders: list[Holder] = []

    def hold(kind: str) -> Holder:
        holders.append(Holder(store, kind))
        return holders[-1]

    yield hold
    for holder in holders:
        holder.release()


WRITES: dict[str, Callable[[KnowledgeBase, Path], object]] = {
    "ingest": lambda kb, tmp: kb.ingest(first_article()),
    "delete": lambda kb, tmp: kb.delete("north-2"),
}
READS: dict[str, Callable[[KnowledgeBase, Path], object]] = {
    "events": lambda kb, tmp: kb.events(actor="Penate"),
    "stats": lambda kb, tmp: kb.stats(),
    "search": lambda kb, tmp: kb.search("truce"),
    "is_stored": lambda kb, tmp: kb.is_stored(first_article().document),
    "backup": lambda kb, tmp: kb.backup(tmp / "copy.sqlite"),
}


def busy(call: Callable[[], object]) -> StoreError:
    with pytest.raises(StoreError) as caught:
        call()
    message = str(caught.value)
    assert "stayed busy for 0.2 s" in message, message
    assert "database is locked" not in message
    return caught.value


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_write_on_a_store_another_process_writes_is_a_clear_error(
    store: Path, held: Callable[[str], Holder], tmp_path: Path, name: str
) -> None:
    with dossier.open(store, timeout=0.2) as kb:
        held("write")
        busy(lambda: WRITES[name](kb, tmp_path))
        for read in READS.values():  # readers do not wait for a writer
            read(kb, tmp_path)
    with dossier.open(store) as kb:
        assert kb.totals()["documents"] == 2


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("database is locked"),
        sqlite3.OperationalError("database table is locked"),
        sqlite3.OperationalError("database schema is locked: main"),
    ],
)
def test_every_busy_or_locked_error_becomes_the_clear_one(
    store: Path, error: sqlite3.Error
) -> None:
    with dossier.open(store, timeout=0.2) as kb:
        assert str(kb.db.error(error, Messages.E113)) == str(
            StoreError(Messages.E102.format(path=store, seconds=0.2))
        )


def test_opening_an_exclusively_locked_store_is_a_clear_error(
    store: Path, held: Callable[[str], Holder]
) -> None:
    held("exclusive")
    busy(lambda: dossier.open(store, timeout=0.2))


def test_restoring_over_a_store_in_use_is_refused_and_changes_nothing(
    store: Path, held: Callable[[str], Holder], tmp_path: Path
) -> None:
    backup = tmp_path / "backup.sqlite"
    with dossier.open(backup) as kb:
        kb.ingest(first_article())
    before = dump(store)
    holder = held("exclusive")
    with pytest.raises(StoreError, match="open in another process") as caught:
        restore(backup, store, force=True, timeout=0.2)
    assert "database is locked" not in str(caught.value)
    holder.release()
    assert dump(store) == before


def test_a_writer_waiting_less_than_the_timeout_goes_ahead(
    store: Path, held: Callable[[str], Holder]
) -> None:
    holder = held("exclusive")
    timer = threading.Timer(0.5, holder.release)
    timer.start()
    try:
        with dossier.open(store, timeout=10) as kb:
            started = time.monotonic()
            assert kb.ingest(first_article()) == "stored"
            assert time.monotonic() - started < 10
    finally:
        timer.join()


def test_the_cli_waits_for_another_writer_then_answers(
    store: Path, held: Callable[[str], Holder]
) -> None:
    holder = held("exclusive")
    timer = threading.Timer(3.0, holder.release)  # longer than the command takes to start
    timer.start()
    try:
        run = subprocess.run(
            [sys.executable, "-m", "dossier", "stats", "--db", str(store), "--format", "json"],
            cwd=ROOT,
            env=ENVIRONMENT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        timer.join()
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)[0]["documents"] == 2
