"""A full disk, or a store file at its size limit: one clear error, a consistent store.

Three ways to run out of room: SQLite's ``PRAGMA max_page_count`` on the library's
connection; the process's file size limit (``ulimit -f``, ``RLIMIT_FSIZE``) on a real
``dossier ingest``; and, when the tests run as root and may mount, a small tmpfs. In
each, the document being written is rolled back whole, every document committed before
is kept whole, and the work finishes once there is room again.
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import dossier
from dossier.config import Config
from dossier.errors import StoreError
from dossier.pipeline import extract
from dossier.records import Document, Extraction
from tests.store.synthetic import synthetic
from tests.store.test_crash import corpus, run_ingest, serve, upload
from tests.store.test_kill import check_consistent


def test_a_store_at_its_page_limit_refuses_the_next_document_whole(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    with dossier.open(path) as kb:
        kb.db.connection.execute("PRAGMA max_page_count = 200")
        stored = 0
        with pytest.raises(StoreError) as caught:
            for number in range(10_000):
                kb.ingest(synthetic(number))
                stored += 1
    message = str(caught.value)
    assert message.startswith(f"{path}: the knowledge base is full")
    assert "\n" not in message and "locked" not in message
    assert 0 < stored == check_consistent(path)  # integrity; each document whole
    with dossier.open(path) as kb:  # room again (no page limit): the work goes on
        for number in range(stored + 5):
            kb.ingest(synthetic(number))
    assert check_consistent(path) == stored + 5


def test_a_store_full_to_its_last_page_keeps_every_document_whole(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    with dossier.open(path) as kb:
        for number in range(20):
            kb.ingest(synthetic(number))
        used = kb.db.connection.execute("PRAGMA page_count").fetchone()[0]
        kb.db.connection.execute(f"PRAGMA max_page_count = {used}")
        with pytest.raises(StoreError, match="is full"):
            for number in range(20, 200):
                kb.ingest(synthetic(number))
    assert check_consistent(path) >= 20


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs, when this process may mount one (root, and allowed to)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
            capture_output=True,
            text=True,
            check=False,
        )
        if _may_mount()
        else None
    )
    if made is None or made.returncode != 0:
        pytest.skip("needs root and permission to mount a tmpfs")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _may_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


def _limited(size: int) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@pytest.mark.model
@pytest.mark.parametrize("room", ["file size limit", "small tmpfs"])
def test_dossier_ingest_on_a_full_disk_says_so_and_keeps_a_consistent_store(
    tmp_path: Path, room: str, request: pytest.FixtureRequest
) -> None:
    folder = corpus(tmp_path / "corpus", 60)
    if room == "small tmpfs":
        path = request.getfixturevalue("tmpfs") / "kb.sqlite"
        limit = None
    else:
        path = tmp_path / "kb.sqlite"
        limit = _limited(700_000)
    run = run_ingest(folder, path, preexec_fn=limit)
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert run.stderr == (
        f"dossier: error: {path}: the knowledge base is full (no space left on the disk,"
        " or the file reached its size limit); what was stored before is kept: free space"
        " and run again\n"
    )
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
    expected = {
        e.document.id: e
        for e in extract(
            (d for d in dossier.read_documents([str(folder)], Config()) if isinstance(d, Document)),
            Config(),
        )
        if isinstance(e, Extraction)
    }
    with dossier.open(path) as kb:
        stored = [d.id for d in kb.documents(limit=None)]
        assert 0 < len(stored) < 60
        for doc_id in stored:  # nothing half-written
            assert kb.extraction(doc_id) == expected[doc_id], doc_id
    if room == "small tmpfs":  # room again: the same ingest finishes the work
        grown = ["mount", "-o", "remount,size=16m", str(path.parent)]
        subprocess.run(grown, check=True)
    again = run_ingest(folder, path)
    assert again.returncode == 0, again.stderr
    assert f"stored {60 - len(stored)}, skipped {len(stored)}," in again.stdout
    with dossier.open(path) as kb:
        assert {d.id: kb.extraction(d.id) for d in kb.documents(limit=None)} == expected


@pytest.mark.model
def test_an_upload_to_a_full_store_fails_the_remaining_files_with_one_message(
    tmp_path: Path,
) -> None:
    folder = corpus(tmp_path / "corpus", 30)
    path = tmp_path / "kb.sqlite"
    dossier.open(path).close()
    process, client = serve(path, preexec_fn=_limited(420_000))
    try:
        job_id = upload(client, folder)
        deadline = time.monotonic() + 300
        while not (job := client.get(f"/api/uploads/{job_id}").json())["done"]:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        client.close()
        process.kill()
        process.wait(timeout=30)
    states = [f["state"] for f in job["files"]]
    first_failed = states.index("failed")
    assert first_failed > 0 and set(states[:first_failed]) == {"stored"}, states
    assert set(states[first_failed:]) == {"failed"}, states
    full = f"{path}: the knowledge base is full"
    assert all(f["errors"][0].startswith(full) for f in job["files"][first_failed:])
    with dossier.open(path) as kb:
        assert kb.db.read("PRAGMA integrity_check")[0][0] == "ok"
        stored = {d.id for d in kb.documents(limit=None)}
    assert stored == {Path(f["name"]).stem for f in job["files"][:first_failed]}
