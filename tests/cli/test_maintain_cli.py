"""``dossier backup``, ``restore`` and ``reextract``, run as a user runs them.

Stores are filled through the Python API with the hand-built extractions of
``tests/store/support.py`` and the synthetic ones of ``tests/store/synthetic.py``;
``reextract`` runs the real extractor and is marked ``model``.
"""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import dossier
from dossier.config import Config
from dossier.pipeline import extract
from dossier.records import Extraction
from dossier.store.migrations import MIGRATIONS, version
from tests.cli.test_kb_cli import ROOT, dossier_cli, ok
from tests.store.support import articles, dump, undo_actor_tallies
from tests.store.synthetic import synthetic
from tests.store.test_kill import check_consistent


def build(path: Path, corpus: list[Extraction] | None = None) -> Path:
    with dossier.open(path) as kb:
        for extraction in articles() if corpus is None else corpus:
            kb.ingest(extraction)
    return path


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def one_error(run: subprocess.CompletedProcess[str], words: str) -> None:
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("dossier: error: "), run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert words in run.stderr, run.stderr


@pytest.mark.parametrize("command", ["backup", "restore", "reextract"])
def test_every_command_has_help(command: str) -> None:
    out = ok(dossier_cli(command, "--help"))
    assert "--db" in out and "DOSSIER_DB" in out


def test_backup_copies_every_table(tmp_path: Path) -> None:
    db = build(tmp_path / "kb.sqlite")
    copy = tmp_path / "copy.sqlite"
    out = ok(dossier_cli("backup", str(copy), "--db", str(db)))
    assert out == f"{db}: backed up to {copy}: 3 documents, 5 events\n"
    assert integrity(copy) == "ok"
    assert dump(copy) == dump(db)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.sqlite", "kb.sqlite"]


def test_backup_does_not_overwrite_without_force(tmp_path: Path) -> None:
    db = build(tmp_path / "kb.sqlite")
    copy = tmp_path / "copy.sqlite"
    copy.write_text("an older backup\n")
    one_error(dossier_cli("backup", str(copy), "--db", str(db)), "already exists")
    assert copy.read_text() == "an older backup\n"
    ok(dossier_cli("backup", str(copy), "--db", str(db), "--force"))
    assert dump(copy) == dump(db)


def test_backup_of_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    run = dossier_cli("backup", str(tmp_path / "copy.sqlite"), "--db", str(tmp_path / "kb"))
    one_error(run, "no knowledge base here")
    assert list(tmp_path.iterdir()) == []


def test_backups_taken_while_another_process_ingests_are_consistent(tmp_path: Path) -> None:
    db = tmp_path / "kb.sqlite"
    dossier.open(db).close()
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.store.synthetic", str(db), "5000"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    copies = []
    try:
        for round_ in range(4):
            for _ in range(40):  # let it commit a few dozen more documents
                writer.stdout.readline()
            copy = tmp_path / f"copy-{round_}.sqlite"
            ok(dossier_cli("backup", str(copy), "--db", str(db)))
            copies.append(copy)
        assert writer.poll() is None  # the copies were all taken while it wrote
    finally:
        writer.kill()
        writer.communicate(timeout=30)
    held = [check_consistent(copy) for copy in copies]  # integrity, every document whole
    assert held == sorted(held) and held[0] >= 40, held


def test_restore_into_a_new_file_and_refusal_of_a_store_with_documents(tmp_path: Path) -> None:
    backup = build(tmp_path / "backup.sqlite")
    fresh = tmp_path / "fresh.sqlite"
    out = ok(dossier_cli("restore", str(backup), "--db", str(fresh)))
    assert out == f"{fresh}: restored from {backup}: 3 documents, 5 events\n"
    assert dump(fresh) == dump(backup)

    other = build(tmp_path / "other.sqlite", [synthetic(1), synthetic(2)])
    before = dump(other)
    one_error(dossier_cli("restore", str(backup), "--db", str(other)), "holds 2 documents")
    assert dump(other) == before
    ok(dossier_cli("restore", str(backup), "--db", str(other), "--force"))
    assert dump(other) == dump(backup)
    assert integrity(other) == "ok"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "backup.sqlite",
        "fresh.sqlite",
        "other.sqlite",
    ]


def test_restore_over_an_empty_store_needs_no_force(tmp_path: Path) -> None:
    backup = build(tmp_path / "backup.sqlite")
    empty = tmp_path / "empty.sqlite"
    dossier.open(empty).close()
    ok(dossier_cli("restore", str(backup), "--db", str(empty)))
    assert dump(empty) == dump(backup)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "not a dossier knowledge base"),
        (b"these are notes\n" * 300, "not a dossier knowledge base"),
    ],
)
def test_restore_refuses_a_source_that_is_not_a_store(
    tmp_path: Path, content: bytes, words: str
) -> None:
    source = tmp_path / "notes.sqlite"
    source.write_bytes(content)
    target = build(tmp_path / "kb.sqlite")
    before = dump(target)
    one_error(dossier_cli("restore", str(source), "--db", str(target), "--force"), words)
    assert dump(target) == before
    assert source.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.sqlite", "notes.sqlite"]


def test_restore_refuses_a_missing_source(tmp_path: Path) -> None:
    run = dossier_cli("restore", str(tmp_path / "nothing"), "--db", str(tmp_path / "kb"))
    one_error(run, "no such file")
    assert list(tmp_path.iterdir()) == []


def test_restore_refuses_a_store_of_a_newer_schema(tmp_path: Path) -> None:
    source = build(tmp_path / "future.sqlite")
    connection = sqlite3.connect(source)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    run = dossier_cli("restore", str(source), "--db", str(tmp_path / "kb.sqlite"))
    one_error(run, "schema version 99")
    assert not (tmp_path / "kb.sqlite").exists()


def test_restore_refuses_an_sqlite_file_that_is_not_a_dossier_store(tmp_path: Path) -> None:
    source = tmp_path / "other.sqlite"
    connection = sqlite3.connect(source)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()
    run = dossier_cli("restore", str(source), "--db", str(tmp_path / "kb.sqlite"))
    one_error(run, "migrations none")


def test_restore_refuses_to_replace_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    backup = build(tmp_path / "backup.sqlite")
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me\n" * 100)
    one_error(dossier_cli("restore", str(backup), "--db", str(notes)), "is not a dossier")
    assert notes.read_text() == "keep me\n" * 100


def test_restore_migrates_a_backup_of_an_older_schema(tmp_path: Path) -> None:
    backup = build(tmp_path / "backup.sqlite")
    current = dump(backup)
    undo_actor_tallies(backup)
    target = tmp_path / "kb.sqlite"
    ok(dossier_cli("restore", str(backup), "--db", str(target)))
    connection = sqlite3.connect(target)
    assert version(connection) == len(MIGRATIONS)
    connection.close()
    assert dump(target) == current


def test_restore_refuses_a_store_open_in_another_process(tmp_path: Path) -> None:
    backup = build(tmp_path / "backup.sqlite")
    target = build(tmp_path / "kb.sqlite", [synthetic(1)])
    before = dump(target)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
            " c.execute('SELECT COUNT(*) FROM documents').fetchone();"
            " print('open', flush=True); sys.stdin.read()",
            str(target),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        run = dossier_cli("restore", str(backup), "--db", str(target), "--force")
        one_error(run, "open in another process")
    finally:
        holder.communicate("", timeout=30)
    assert dump(target) == before
    ok(dossier_cli("restore", str(backup), "--db", str(target), "--force"))
    assert dump(target) == dump(backup)


# reextract: documents stored with records the extractor would not give (hand-built),
# so that every one of them changes.

ARTICLES = {
    "raid": (
        "Police arrested 9 suspected members of a local gang in the port of La Ceiba on "
        "Monday, the security ministry said. Two officers were injured."
    ),
    "talks": (
        "Church leaders met the interior minister in Tegucigalpa on Friday to discuss a "
        "plan to reduce violence in poor neighbourhoods."
    ),
    "attack": (
        "Gunmen killed three bus drivers in San Pedro Sula on Tuesday after the company "
        "refused to pay extortion, police said."
    ),
}


def stale(number: int) -> Extraction:
    """Synthetic extraction ``number`` over one of the articles' texts: a store whose
    records an older extractor might have written."""
    name, text = sorted(ARTICLES.items())[number % len(ARTICLES)]
    document = dataclasses.replace(
        synthetic(number).document, id=f"{name}-{number}", text=text, published="2019-06-10"
    )
    return Extraction(document=document)


def current(path: Path) -> dict[str, Extraction]:
    with dossier.open(path) as kb:
        documents = [kb.extraction(d.id) for d in kb.documents(limit=None)]
    fresh = extract([e.document for e in documents if e is not None], Config())
    return {e.document.id: e for e in fresh if isinstance(e, Extraction)}


@pytest.mark.model
def test_reextract_replaces_every_document_then_finds_nothing_to_change(tmp_path: Path) -> None:
    db = build(tmp_path / "kb.sqlite", [stale(n) for n in range(3)])
    first = dossier_cli("reextract", "--db", str(db))
    assert ok(first).startswith(
        f"{db}: re-extracted 3 documents: changed 3, unchanged 0, failed 0;"
    )
    expected = current(db)
    with dossier.open(db) as kb:
        assert kb.totals()["documents"] == 3
        for doc_id, extraction in expected.items():
            assert kb.extraction(doc_id) == extraction
        assert kb.totals()["events"] == sum(len(e.events) for e in expected.values()) > 0
    before = dump(db)
    again = dossier_cli("reextract", "--db", str(db), "--jobs", "2")  # worker processes
    assert ok(again).startswith(f"{db}: re-extracted 3 documents: changed 0, unchanged 3,")
    assert dump(db) == before


@pytest.mark.model
def test_reextract_of_a_missing_store_is_one_clean_error(tmp_path: Path) -> None:
    one_error(dossier_cli("reextract", "--db", str(tmp_path / "kb")), "no knowledge base here")


def replaced(path: Path, first_new_key: int) -> int:
    connection = sqlite3.connect(path)
    try:
        found = connection.execute(
            "SELECT COUNT(*) FROM documents WHERE key >= ?", (first_new_key,)
        ).fetchone()
        return int(found[0])
    finally:
        connection.close()


@pytest.mark.model
def test_a_killed_reextract_leaves_old_or_new_documents_and_a_rerun_finishes(
    tmp_path: Path,
) -> None:
    count = 60
    corpus = [stale(n) for n in range(count)]
    db = build(tmp_path / "kb.sqlite", corpus)
    old = {e.document.id: e for e in corpus}
    environment = {"PYTHONPATH": str(ROOT / "src")}
    rng = random.Random(7)
    for _ in range(2):
        run = subprocess.Popen(
            [sys.executable, "-m", "dossier", "reextract", "--db", str(db)],
            cwd=ROOT,
            env={**os.environ, **environment},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started = replaced(db, count + 1)
        target = started + rng.randint(1, 10)
        deadline = time.monotonic() + 120
        while replaced(db, count + 1) < target and run.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        assert integrity(db) == "ok"
    expected = current(db)
    with dossier.open(db) as kb:
        stored = {d.id for d in kb.documents(limit=None)}
        assert stored == set(old)
        new = [doc_id for doc_id in stored if kb.extraction(doc_id) == expected[doc_id]]
        assert all(kb.extraction(d) == old[d] for d in stored - set(new))
    assert 0 < len(new) < count
    rerun = dossier_cli("reextract", "--db", str(db))
    assert ok(rerun).startswith(
        f"{db}: re-extracted {count} documents: changed {count - len(new)},"
        f" unchanged {len(new)}, failed 0;"
    )
    with dossier.open(db) as kb:
        assert all(kb.extraction(d) == expected[d] for d in old)
