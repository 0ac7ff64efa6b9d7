"""The dataset on disk: deterministic partitions, manifests last, atomic files."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from dossier.errors import InputError
from dossier.scale import dataset as dataset_module
from dossier.scale.dataset import TEMP, Dataset, partitions
from dossier.scale.engine import write_results
from tests.scale.support import write_dataset
from tests.store.synthetic import synthetic

RESULTS = [synthetic(n) for n in range(7)]
DOCUMENTS = [r.document for r in RESULTS]


def test_partitions_are_consecutive_runs_numbered_in_input_order() -> None:
    found = list(partitions(iter(DOCUMENTS), 3))
    assert [p.name for p in found] == ["000000", "000001", "000002"]
    assert [[d.id for d in p.documents] for p in found] == [
        ["syn-0", "syn-1", "syn-2"],
        ["syn-3", "syn-4", "syn-5"],
        ["syn-6"],
    ]


def test_the_same_inputs_give_the_same_partitions_and_digests() -> None:
    first = [(p.name, p.digest) for p in partitions(iter(DOCUMENTS), 3)]
    again = [(p.name, p.digest) for p in partitions(iter(list(DOCUMENTS)), 3)]
    assert first == again


def test_a_changed_document_changes_its_partition_digest() -> None:
    changed = [*DOCUMENTS[:4], replace(DOCUMENTS[4], title="Another title"), *DOCUMENTS[5:]]
    before = [p.digest for p in partitions(iter(DOCUMENTS), 3)]
    after = [p.digest for p in partitions(iter(changed), 3)]
    assert before[0] == after[0] and before[2] == after[2]
    assert before[1] != after[1]


def test_a_finished_dataset_has_every_table_and_manifest(tmp_path: Path) -> None:
    dataset = write_dataset(tmp_path / "out", RESULTS, size=3)
    assert dataset.complete
    dataset.require_complete()
    assert dataset.manifest_names() == ["000000", "000001", "000002"]
    for name in ("documents", "actors", "events", "quotes", "timexes", "quantities", "errors"):
        files = sorted(p.name for p in (tmp_path / "out" / name).iterdir())
        assert files == [f"part-00000{i}.parquet" for i in range(3)], name
    manifest = dataset.manifest("000001")
    assert manifest is not None
    assert manifest.documents == ("syn-3", "syn-4", "syn-5")
    assert manifest.rows["events"] == sum(len(r.events) for r in RESULTS[3:6])
    meta = json.loads((tmp_path / "out" / "_dataset.json").read_text())
    assert meta == {"format": "dossier-parquet/1", "partition_size": 3, "partitions": 3}


def test_an_unfinished_dataset_is_refused(tmp_path: Path) -> None:
    dataset = write_dataset(tmp_path / "out", RESULTS, size=3, finish=False)
    with pytest.raises(InputError, match="has not finished"):
        dataset.require_complete()


def test_restarting_with_another_partition_size_is_refused(tmp_path: Path) -> None:
    write_dataset(tmp_path / "out", RESULTS, size=3)
    with pytest.raises(InputError, match="3 documents per partition, not 4"):
        Dataset.create(tmp_path / "out", 4)


def test_restarting_removes_temporary_files_and_keeps_the_dataset_finished(
    tmp_path: Path,
) -> None:
    write_dataset(tmp_path / "out", RESULTS, size=3)
    leftover = tmp_path / "out" / "events" / f"part-000001.parquet{TEMP}dead"
    leftover.write_bytes(b"half a file")
    dataset = Dataset.create(tmp_path / "out", 3)
    assert not leftover.exists()
    assert dataset.complete  # until a partition is about to be written
    assert dataset.manifest_names() == ["000000", "000001", "000002"]
    dataset.begin()
    assert not Dataset.open(tmp_path / "out").complete


def test_a_partition_is_not_done_until_its_manifest_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = Dataset.create(tmp_path / "out", 3)
    partition = next(partitions(iter(DOCUMENTS), 3))

    def crash(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(dataset_module, "write_atomically", crash)
    with pytest.raises(Exception, match="partition 000000 could not be written"):
        write_results(dataset, partition, RESULTS[:3])
    assert (tmp_path / "out" / "events" / "part-000000.parquet").exists()
    assert dataset.manifest("000000") is None
    assert dataset.manifest_names() == []
    assert not list((tmp_path / "out").rglob(f"*{TEMP}*"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no _dataset.json"),
        ("{not json", "not a dossier Parquet dataset"),
        ('{"format": "other"}', "is not dossier-parquet/1"),
    ],
)
def test_a_directory_that_is_not_a_dataset_is_named(
    tmp_path: Path, content: str | None, message: str
) -> None:
    if content is not None:
        (tmp_path / "_dataset.json").write_text(content)
    with pytest.raises(InputError, match=message):
        Dataset.open(tmp_path)


def test_a_new_dataset_is_not_written_into_a_folder_that_holds_other_files(
    tmp_path: Path,
) -> None:
    (tmp_path / "article.txt").write_text("Not a dataset.")
    with pytest.raises(InputError, match="not empty and no _dataset.json; give a new --out"):
        Dataset.create(tmp_path, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt"]
