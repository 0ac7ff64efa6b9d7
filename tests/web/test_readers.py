"""The web app's connections and kept answers (``dossier.web.readers``)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

import dossier
from dossier.web import create_app, readers
from dossier.web.readers import Answers, Readers
from tests.web.conftest import calm_extraction, hostile_extraction


def test_answers_are_kept_until_the_store_changes(tmp_path: Path) -> None:
    db = tmp_path / "kb.sqlite"
    calls: list[int] = []
    with dossier.open(db) as writer:
        answers = Answers(db)
        assert answers.get("n", lambda: calls.append(1) or len(calls)) == 1
        assert answers.get("n", lambda: calls.append(1) or len(calls)) == 1  # kept
        writer.ingest(calm_extraction())  # another connection commits
        assert answers.get("n", lambda: calls.append(1) or len(calls)) == 2
        assert answers.get("n", lambda: calls.append(1) or len(calls)) == 2
        answers.close()
    assert len(calls) == 2


def test_stats_follow_an_ingest_by_another_connection(tmp_path: Path) -> None:
    db = tmp_path / "kb.sqlite"
    with dossier.open(db) as writer:
        writer.ingest(calm_extraction())
        with TestClient(create_app(db)) as client:
            assert client.get("/api/stats").json()["events"] == 1
            assert client.get("/api/timeline").json()["events"][0]["id"] == "web-calm:e1"
            writer.ingest(hostile_extraction())
            assert client.get("/api/stats").json()["events"] == 2
            assert len(client.get("/api/timeline").json()["events"]) == 2
            writer.delete("web-calm")
            assert client.get("/api/stats").json()["events"] == 1
            assert "web-calm" not in client.get("/api/network").text


def test_each_borrower_has_its_own_connection(tmp_path: Path) -> None:
    readers = Readers(tmp_path / "kb.sqlite", size=2)
    both = threading.Barrier(2, timeout=10)
    seen: list[int] = []

    def borrow() -> None:
        with readers.borrow() as kb:
            seen.append(id(kb))
            both.wait()  # both hold one at the same time

    threads = [threading.Thread(target=borrow) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(seen)) == 2
    assert len(readers.opened) == 2
    readers.close()


def test_borrowers_wait_when_every_connection_is_out(tmp_path: Path) -> None:
    readers = Readers(tmp_path / "kb.sqlite", size=1)
    waited = threading.Event()
    got: list[int] = []
    with readers.borrow() as first:

        def second() -> None:
            waited.set()
            with readers.borrow() as kb:
                got.append(id(kb))

        thread = threading.Thread(target=second)
        thread.start()
        waited.wait(10)
        assert got == []  # still waiting: the only connection is lent
    thread.join(10)
    assert got == [id(first)] and len(readers.opened) == 1
    readers.close()


def test_one_computation_per_answer_at_a_time(tmp_path: Path) -> None:
    db = tmp_path / "kb.sqlite"
    dossier.open(db).close()
    answers = Answers(db)
    started = threading.Event()
    release = threading.Event()
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        started.set()
        release.wait(10)
        return 42

    results: list[int] = []
    first = threading.Thread(target=lambda: results.append(answers.get("k", slow)))
    first.start()
    started.wait(10)
    entered = threading.Event()

    def then() -> None:
        entered.set()
        results.append(answers.get("k", slow))

    second = threading.Thread(target=then)
    second.start()
    entered.wait(10)
    time.sleep(0.2)  # let the second request reach the gate while the first computes
    release.set()
    first.join(10)
    second.join(10)
    assert results == [42, 42] and calls == [1]
    answers.close()


def test_a_stale_answer_is_kept_for_its_time_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "kb.sqlite"
    now = [1000.0]
    monkeypatch.setattr(readers, "time", SimpleNamespace(monotonic=lambda: now[0]))
    counter = iter(range(1, 100))
    with dossier.open(db) as writer:
        answers = Answers(db)
        assert answers.get("d", lambda: next(counter), stale=60) == 1
        writer.ingest(calm_extraction())
        now[0] += 30
        assert answers.get("d", lambda: next(counter), stale=60) == 1  # changed, but recent
        assert answers.get("s", lambda: next(counter)) == 2  # no staleness allowed
        now[0] += 31
        assert answers.get("d", lambda: next(counter), stale=60) == 3  # changed and too old
        now[0] += 1000
        assert answers.get("d", lambda: next(counter), stale=60) == 3  # old but unchanged
        answers.close()
