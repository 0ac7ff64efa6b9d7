"""kill -9 during ``dossier load``: the store stays consistent and a re-run completes it exactly."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import dossier
from tests.cli.test_kb_cli import dossier_cli
from tests.scale.support import write_dataset
from tests.store.support import dump
from tests.store.synthetic import ingest_all, synthetic
from tests.store.test_kill import check_consistent

ROOT = Path(__file__).resolve().parents[2]
COUNT = 300


def start(dataset: Path, path: Path) -> subprocess.Popen[str]:
    """``dossier load --verbose``: it names each document once its commit is done."""
    return subprocess.Popen(
        [sys.executable, "-m", "dossier", "load", str(dataset), "--db", str(path), "--verbose"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_after(run: subprocess.Popen[str], commits: int, rng: random.Random) -> list[str]:
    """Let the loader commit ``commits`` more documents, SIGKILL it; the ids it reported."""
    assert run.stderr is not None
    reported = []
    for _ in range(commits):
        line = run.stderr.readline()
        if not line:
            break
        outcome, doc_id = line.split()
        if outcome == "stored":
            reported.append(doc_id)
    time.sleep(rng.random() * 0.01)  # somewhere inside the next document's transaction
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    return reported


def test_killed_loads_leave_a_consistent_store_that_a_rerun_completes(tmp_path: Path) -> None:
    dataset = tmp_path / "out"
    write_dataset(dataset, [synthetic(n) for n in range(COUNT)], size=25)
    reference = tmp_path / "reference.sqlite"
    ingest_all(str(reference), COUNT)
    path = tmp_path / "killed.sqlite"
    rng = random.Random(2026)
    reported: set[str] = set()
    progress = []
    for _ in range(5):
        run = start(dataset, path)
        reported.update(kill_after(run, rng.randint(1, COUNT // 8), rng))
        assert run.returncode == -signal.SIGKILL
        progress.append(check_consistent(path))
        with dossier.open(path) as kb:
            assert reported <= {d.id for d in kb.documents(limit=None)}
    assert progress == sorted(progress) and 0 < progress[-1] < COUNT, progress
    finished = dossier_cli("load", str(dataset), "--db", str(path))
    assert finished.returncode == 0, finished.stderr
    assert f"skipped {progress[-1]}," in finished.stdout
    assert check_consistent(path) == COUNT
    assert dump(path) == dump(reference)
