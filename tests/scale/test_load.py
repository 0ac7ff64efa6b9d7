"""``load``: a dataset into the store equals ingesting the same extractions, every table."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import dossier
from dossier.errors import ExtractionError, InputError
from dossier.scale import load
from tests.cli.test_kb_cli import dossier_cli
from tests.scale.support import write_dataset
from tests.store.support import articles, dump, party_article, party_later_article
from tests.store.synthetic import synthetic

# Hand-built articles with actors to merge across documents (and partitions), then
# synthetic ones drawn from a small cast, so the same names recur in many partitions.
RESULTS = [*articles(), party_article(), party_later_article(), *map(synthetic, range(25))]


def ingested(path: Path) -> Path:
    with dossier.open(path) as kb:
        for extraction in RESULTS:
            kb.ingest(extraction)
    return path


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested(tmp_path_factory.mktemp("reference") / "ingested.sqlite")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dataset") / "out"
    write_dataset(root, RESULTS, size=4)
    return root


def test_a_loaded_store_equals_an_ingested_one_table_by_table(
    tmp_path: Path, reference: Path, dataset: Path
) -> None:
    with dossier.open(tmp_path / "loaded.sqlite") as kb:
        outcomes = [loaded.outcome for loaded in load(dataset, kb)]
    assert outcomes == ["stored"] * len(RESULTS)
    expected, found = dump(reference), dump(tmp_path / "loaded.sqlite")
    assert set(found) == set(expected)
    for table in expected:
        assert found[table] == expected[table], table


def test_loading_again_changes_nothing(tmp_path: Path, reference: Path, dataset: Path) -> None:
    path = tmp_path / "loaded.sqlite"
    with dossier.open(path) as kb:
        list(load(dataset, kb))
        before = dump(path)
        assert {loaded.outcome for loaded in load(dataset, kb)} == {"skipped"}
    assert dump(path) == before == dump(reference)


def test_the_reduce_gives_the_merged_ids_of_the_store(reference: Path, dataset: Path) -> None:
    connection = sqlite3.connect(reference)
    try:
        mapping = connection.execute(
            "SELECT doc_id, local_id, actor_id FROM document_actors ORDER BY rowid"
        ).fetchall()
        actors = connection.execute(
            "SELECT id, name, kind, country, sector, documents FROM actors ORDER BY id"
        ).fetchall()
    finally:
        connection.close()
    ids = pq.read_table(dataset / "actor_ids").to_pylist()
    assert [(r["doc_id"], r["local_id"], r["actor_id"]) for r in ids] == mapping
    merged = pq.read_table(dataset / "actors_merged").to_pylist()
    assert [
        (r["id"], r["name"], r["kind"], r["country"], r["sector"], r["documents"]) for r in merged
    ] == actors
    assert len({r["actor_id"] for r in ids}) < len(ids)  # actors did merge across documents


def test_failed_documents_are_reported_not_stored(tmp_path: Path) -> None:
    error = ExtractionError("north-2: extraction failed in stage 'events'", doc_id="north-2")
    results = [articles()[0], (articles()[1], error), articles()[2]]
    root = tmp_path / "out"
    write_dataset(root, results, size=2)
    with dossier.open(tmp_path / "kb.sqlite") as kb:
        loaded = list(load(root, kb))
        stored = [d.id for d in kb.documents(limit=None)]
    failed = [item for item in loaded if item.error is not None]
    assert [(item.doc_id, item.error.message) for item in failed if item.error] == [
        ("north-2", "north-2: extraction failed in stage 'events'")
    ]
    assert sorted(stored) == ["north-1", "south-1"]


def test_an_unfinished_dataset_is_not_loaded(tmp_path: Path) -> None:
    root = tmp_path / "out"
    write_dataset(root, RESULTS[:5], size=2, finish=False)
    with (
        dossier.open(tmp_path / "kb.sqlite") as kb,
        pytest.raises(InputError, match="not finished"),
    ):
        list(load(root, kb))


def test_the_load_command_reports_and_is_idempotent(tmp_path: Path, dataset: Path) -> None:
    db = tmp_path / "kb.sqlite"
    first = dossier_cli("load", str(dataset), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"{db}: stored {len(RESULTS)}, skipped 0, replaced 0, failed 0")
    again = dossier_cli("load", str(dataset), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert f"stored 0, skipped {len(RESULTS)}," in again.stdout


def test_the_load_command_names_a_directory_that_is_not_a_dataset(tmp_path: Path) -> None:
    run = dossier_cli("load", str(tmp_path), "--db", str(tmp_path / "kb.sqlite"))
    assert run.returncode == 2
    assert run.stderr == (
        f"dossier: error: {tmp_path}: not a dossier Parquet dataset (no _dataset.json)\n"
    )


def test_an_extraction_the_store_refuses_is_an_error_row_and_merges_nothing(
    tmp_path: Path,
) -> None:
    first, second, third = articles()
    broken = replace(second, events=(replace(second.events[0], actor=("nobody",)),))
    root = tmp_path / "out"
    write_dataset(root, [first, broken, third], size=2)
    errors = pq.read_table(root / "errors").to_pylist()
    message = "north-2: event 'e1' names actor 'nobody', which the document does not define"
    assert [(e["doc_id"], e["stage"], e["message"]) for e in errors] == [
        ("north-2", "store", message)
    ]
    reference = tmp_path / "ingested.sqlite"
    with dossier.open(reference) as kb:
        for extraction in (first, third):
            kb.ingest(extraction)
        with pytest.raises(ExtractionError, match="names actor 'nobody'"):
            kb.ingest(broken)
    with dossier.open(tmp_path / "loaded.sqlite") as kb:
        failed = [item.doc_id for item in load(root, kb) if item.error is not None]
    assert failed == ["north-2"]
    assert dump(tmp_path / "loaded.sqlite") == dump(reference)
    ids = {r["doc_id"] for r in pq.read_table(root / "actor_ids").to_pylist()}
    assert ids == {"north-1", "south-1"}
