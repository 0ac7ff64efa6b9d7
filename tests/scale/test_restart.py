"""Restarting a run on an existing dataset: finished partitions are skipped, and inputs
that no longer match the dataset are refused without harming it (no cluster needed:
no partition is submitted in these cases)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dossier.config import Config
from dossier.errors import InputError
from dossier.scale.dataset import Dataset
from dossier.scale.engine import Run, run_dask
from tests.scale.support import write_dataset
from tests.store.synthetic import synthetic

RESULTS = [synthetic(n) for n in range(7)]
DOCUMENTS = [r.document for r in RESULTS]


class IdleClient:
    """Stands in for a Dask client when every partition is already done."""

    def register_plugin(self, plugin: object, name: str) -> None:
        self.plugin = plugin

    def scheduler_info(self) -> dict[str, object]:
        return {"workers": {"tcp://127.0.0.1:1": {}, "tcp://127.0.0.1:2": {}}}

    def submit(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("a finished partition was submitted again")


def rerun(root: Path, documents: list, run: Run | None = None) -> list[str]:  # type: ignore[type-arg]
    client = IdleClient()
    found = run_dask(iter(documents), Config(), root, client=client, partition_size=3, run=run)  # type: ignore[arg-type]
    return [manifest.partition for manifest in found]


def test_a_finished_dataset_is_skipped_whole(tmp_path: Path) -> None:
    write_dataset(tmp_path / "out", RESULTS, size=3)
    run = Run()
    assert rerun(tmp_path / "out", DOCUMENTS, run) == ["000000", "000001", "000002"]
    assert (run.written, run.skipped, run.documents, run.partitions) == (0, 3, 7, 3)
    Dataset.open(tmp_path / "out").require_complete()


def test_changed_inputs_are_refused_and_the_dataset_stays_finished(tmp_path: Path) -> None:
    write_dataset(tmp_path / "out", RESULTS, size=3)
    changed = [
        *DOCUMENTS[:3],
        replace(DOCUMENTS[3], text=DOCUMENTS[3].text + " More."),
        *DOCUMENTS[4:],
    ]
    with pytest.raises(InputError, match="partition 000001 was written from other inputs"):
        rerun(tmp_path / "out", changed)
    Dataset.open(tmp_path / "out").require_complete()


def test_fewer_inputs_than_the_dataset_holds_are_refused(tmp_path: Path) -> None:
    write_dataset(tmp_path / "out", RESULTS, size=3)
    with pytest.raises(InputError, match="it holds 3 partitions, these inputs make 2"):
        rerun(tmp_path / "out", DOCUMENTS[:6])
    Dataset.open(tmp_path / "out").require_complete()
