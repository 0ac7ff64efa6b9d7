"""kill -9 during ingest: the store stays consistent and a re-run completes it exactly."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import dossier
from tests.store.support import dump
from tests.store.synthetic import ingest_all, synthetic

ROOT = Path(__file__).resolve().parents[2]
COUNT = 500


def start(path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.synthetic", str(path), str(COUNT)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_after(run: subprocess.Popen[str], commits: int, rng: random.Random) -> None:
    """Let the ingester commit ``commits`` more documents, then SIGKILL it mid-flight."""
    assert run.stdout is not None
    for _ in range(commits):
        if not run.stdout.readline():
            break
    time.sleep(rng.random() * 0.01)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)


def check_consistent(path: Path) -> int:
    """Integrity holds and every stored document has all its records; return how many."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        for index in ("documents_fts", "evidence_fts"):
            connection.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")
    finally:
        connection.close()
    with dossier.open(path) as kb:
        stored = [d.id for d in kb.documents(limit=None)]
        for doc_id in stored:
            number = int(doc_id.removeprefix("syn-"))
            assert kb.extraction(doc_id) == synthetic(number), doc_id
        assert sorted(stored, key=lambda d: int(d[4:])) == [f"syn-{n}" for n in range(len(stored))]
        return len(stored)


def test_killed_ingests_leave_a_consistent_store_that_a_rerun_completes(
    tmp_path: Path,
) -> None:
    reference = tmp_path / "reference.sqlite"
    ingest_all(str(reference), COUNT)
    path = tmp_path / "killed.sqlite"
    rng = random.Random(2016)
    progress = []
    for _ in range(5):
        run = start(path)
        kill_after(run, rng.randint(1, COUNT // 8), rng)
        assert run.returncode == -signal.SIGKILL
        progress.append(check_consistent(path))
    assert progress == sorted(progress) and 0 < progress[-1] < COUNT, progress
    run = start(path)
    _, errors = run.communicate(timeout=300)
    assert run.returncode == 0, errors
    assert check_consistent(path) == COUNT
    assert dump(path) == dump(reference)
