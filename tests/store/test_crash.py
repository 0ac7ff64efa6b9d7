"""kill -9 during ``dossier ingest`` and during a web upload, many times.

After each kill the store opens, passes ``PRAGMA integrity_check`` (and the foreign
key and full-text checks), holds every document the process reported stored (the CLI's
``--verbose`` lines, the upload job's file states), each whole; running the work again
finishes it, and the store is then, table by table, the one an uninterrupted run
builds. The articles are short texts written for these tests; the real extractor runs,
so the tests are marked ``model``.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

import dossier
from tests.store.support import dump

ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENT = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
ENVIRONMENT.pop("DOSSIER_DB", None)

GANGS = ["Los Cuervos", "Banda Norte", "the Frente Rojo gang", "Colectivo Sur"]
PLACES = ["La Ceiba", "San Pedro Sula", "Choloma", "Tegucigalpa", "Puerto Cortés"]
PEOPLE = ["Mayor Rosa Quintanilla", "Colonel Tomás Ibarra", "Prosecutor Lucía Ferrer"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Friday"]


def article(number: int) -> str:
    """Short article ``number``: a killing, an arrest and a reaction, varied by number."""
    rng = random.Random(number)
    gang, place, person, day = (rng.choice(x) for x in (GANGS, PLACES, PEOPLE, DAYS))
    killed, arrested = rng.randint(2, 9), rng.randint(1, 20)
    return (
        f"Gunmen from {gang} killed {killed} people in {place} on {day}, police said. "
        f"Officers later arrested {arrested} suspects in a raid on a house in the same "
        f"neighbourhood. {person} condemned the attack and promised more patrols."
    )


def corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for number in range(count):
        (folder / f"report-{number:03d}.txt").write_text(article(number), encoding="utf-8")
    return folder


def consistent(path: Path, reference: Path) -> set[str]:
    """Check the store after a kill; return the ids of the documents it holds."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        for index in ("documents_fts", "evidence_fts"):
            connection.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")
    finally:
        connection.close()
    with dossier.open(path) as kb, dossier.open(reference) as whole:
        stored = {d.id for d in kb.documents(limit=None)}
        for doc_id in stored:  # every document with all its records, none half-written
            assert kb.extraction(doc_id) == whole.extraction(doc_id), doc_id
    return stored


def ingest_command(folder: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "dossier", "ingest", str(folder), "--db", str(db), *extra]


def run_ingest(folder: Path, db: Path, **options: Any) -> subprocess.CompletedProcess[str]:
    """``dossier ingest FOLDER --db DB`` to its end, its output captured."""
    return subprocess.run(
        ingest_command(folder, db),
        cwd=ROOT,
        env=ENVIRONMENT,
        capture_output=True,
        text=True,
        timeout=300,
        **options,
    )


def reference_store(folder: Path, path: Path) -> Path:
    run = run_ingest(folder, path)
    assert run.returncode == 0, run.stderr
    return path


@pytest.mark.model
def test_killed_cli_ingests_keep_what_they_reported_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    count = 200  # six batches of 32 and more: four killed runs cannot reach the end
    folder = corpus(tmp_path / "corpus", count)
    reference = reference_store(folder, tmp_path / "reference.sqlite")
    path = tmp_path / "killed.sqlite"
    rng = random.Random(2016)
    reported: set[str] = set()
    held: list[int] = []
    for _ in range(4):
        run = subprocess.Popen(
            ingest_command(folder, path, "--verbose"),
            cwd=ROOT,
            env=ENVIRONMENT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert run.stderr is not None
        first = run.stderr.readline()  # its first commit: now kill it while it writes
        assert first.startswith("stored "), first
        time.sleep(rng.random() * 0.08)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        assert run.returncode == -signal.SIGKILL
        lines = [first, *run.stderr.read().splitlines()]  # all it said before dying
        reported |= {line.split()[1] for line in lines if line.startswith("stored ")}
        stored = consistent(path, reference)
        assert reported <= stored
        held.append(len(stored))
    assert held == sorted(held) and 0 < held[-1] < count, held
    final = run_ingest(folder, path)
    assert final.returncode == 0, final.stderr
    assert f"stored {count - held[-1]}, skipped {held[-1]}," in final.stdout
    assert dump(path) == dump(reference)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(
    db: Path, preexec_fn: Callable[[], None] | None = None
) -> tuple[subprocess.Popen[bytes], httpx.Client]:
    """``dossier serve`` on a free local port, and a client once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "dossier", "serve", "--db", str(db), "--port", str(port)],
        cwd=ROOT,
        env=ENVIRONMENT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=preexec_fn,
    )
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    deadline = time.monotonic() + 60
    while True:
        try:
            if client.get("/api/stats").status_code == 200:
                return process, client
        except httpx.TransportError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, "serve did not start"
        time.sleep(0.1)


def upload(client: httpx.Client, folder: Path) -> str:
    files = [
        ("files", (path.name, path.read_bytes(), "text/plain")) for path in sorted(folder.iterdir())
    ]
    response = client.post("/api/uploads", files=files)
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def stored_files(job: dict[str, object]) -> set[str]:
    files = job["files"]
    assert isinstance(files, list)
    return {Path(f["name"]).stem for f in files if f["state"] == "stored"}


@pytest.mark.model
def test_a_server_killed_during_an_upload_keeps_what_it_reported(tmp_path: Path) -> None:
    count = 12
    folder = corpus(tmp_path / "corpus", count)
    reference = reference_store(folder, tmp_path / "reference.sqlite")
    path = tmp_path / "served.sqlite"
    rng = random.Random(2012)
    reported: set[str] = set()
    for _ in range(3):
        process, client = serve(path)
        try:
            job_id = upload(client, folder)
            wanted = rng.randint(1, 3)
            deadline = time.monotonic() + 120
            while True:  # poll the job; kill once it has reported a few more stored
                job = client.get(f"/api/uploads/{job_id}").json()
                now = stored_files(job)
                if len(now - reported) >= wanted:
                    break
                assert not job["done"] and time.monotonic() < deadline, job
                time.sleep(0.01)
            time.sleep(rng.random() * 0.05)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        finally:
            client.close()
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
        reported |= now
        stored = consistent(path, reference)
        assert reported <= stored, reported - stored
    process, client = serve(path)
    try:
        job_id = upload(client, folder)
        deadline = time.monotonic() + 120
        while not (job := client.get(f"/api/uploads/{job_id}").json())["done"]:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        states = [f["state"] for f in job["files"]]
        assert states.count("skipped") >= len(reported)
        assert set(states) <= {"stored", "skipped"}, job
    finally:
        client.close()
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert dump(path) == dump(reference)
