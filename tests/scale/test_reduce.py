"""The reduce step: in steps, in a thread, or resumed after a kill, the same tables."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dossier.scale.dataset import Dataset
from dossier.scale.reduce import SCRATCH, ActorReduce, Reducer
from tests.scale.support import write_dataset
from tests.store.support import articles, party_article, party_later_article
from tests.store.synthetic import synthetic

RESULTS = [*articles(), party_article(), party_later_article(), *map(synthetic, range(20))]


def reduced(root: Path) -> dict[str, list[dict[str, object]]]:
    return {
        name: pq.read_table(root / name / "part-reduce.parquet").to_pylist()
        for name in ("actor_ids", "actors_merged")
    }


@pytest.fixture
def unreduced(tmp_path: Path) -> Dataset:
    return write_dataset(tmp_path / "out", RESULTS, size=3, finish=False)


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, object]]]:
    root = tmp_path_factory.mktemp("reduce") / "out"
    write_dataset(root, RESULTS, size=3)
    return reduced(root)


def test_the_reduce_in_a_thread_gives_the_same_tables(
    unreduced: Dataset, expected: dict[str, list[dict[str, object]]]
) -> None:
    reducer = Reducer(unreduced)
    reducer.start()
    for _ in unreduced.manifest_names():
        reducer.wake()
    reducer.finish()
    assert reduced(unreduced.root) == expected
    assert not (unreduced.root / SCRATCH).exists()


def test_a_reduce_resumed_after_a_kill_gives_the_same_tables(
    unreduced: Dataset, expected: dict[str, list[dict[str, object]]]
) -> None:
    first = ActorReduce(unreduced)
    first.advance()  # every partition merged into the scratch store ...
    first.close()  # ... and the process "dies" before the tables are written
    assert (unreduced.root / SCRATCH).exists()
    manifest = unreduced.manifest_path("000004")
    manifest.unlink()  # a later partition was not finished either: the merge stops there
    second = ActorReduce(unreduced)
    second.advance()
    assert second.next == 4
    second.close()
    write_dataset(unreduced.root, RESULTS, size=3)  # the restart rewrites partition 4, finishes
    assert reduced(unreduced.root) == expected


def test_a_failing_reduce_is_raised_in_the_driver(unreduced: Dataset) -> None:
    (unreduced.root / "actors" / "part-000001.parquet").write_bytes(b"not parquet")
    reducer = Reducer(unreduced)
    reducer.start()
    reducer.wake()
    with pytest.raises(Exception, match="could not be read"):
        reducer.finish()
