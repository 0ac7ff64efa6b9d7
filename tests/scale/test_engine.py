"""The Dask engine on a local cluster of two workers, over real BBC News articles.

The articles are read at test time from ``../shared/corpora/bbc-news.jsonl`` (the BBC
News dataset of Greene and Cunningham, ICML 2006, http://mlg.ucd.ie/datasets/bbc.html);
the tests are skipped when it is not beside the checkout. They show that a dataset
written on the cluster and loaded equals, table by table, the store a local ingest
builds; that a worker killed midway changes nothing; and that a run killed midway and
started again neither loses nor rewrites a partition.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import dask
import pyarrow.parquet as pq
import pytest
from distributed import Client

import dossier
from dossier.config import Config
from dossier.records import Document
from dossier.scale import load, read_sources
from dossier.scale.engine import Run, connect, run_dask
from tests.cli.test_kb_cli import dossier_cli
from tests.conftest import SHARED
from tests.store.support import dump

CORPUS = SHARED / "corpora" / "bbc-news.jsonl"
ROOT = Path(__file__).resolve().parents[2]
COUNT = 120  # articles: a few minutes of work for two workers on a quiet 2-core machine
SIZE = 16  # documents per partition: 8 partitions

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not CORPUS.exists(), reason=f"corpus not found at {CORPUS}"),
]
CONFIG = Config(jobs=2)


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first ``COUNT`` articles of the corpus as a JSONL file of their own."""
    path = tmp_path_factory.mktemp("corpus") / "bbc.jsonl"
    with CORPUS.open(encoding="utf-8") as source:
        path.write_text("".join(islice(source, COUNT)), encoding="utf-8")
    return path


def documents(path: Path) -> Iterator[Document]:
    for item in read_sources([str(path)], CONFIG):
        assert isinstance(item, Document), item
        yield item


@pytest.fixture(scope="module")
def reference(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store a local ingest of the articles builds (in this process)."""
    path = tmp_path_factory.mktemp("local") / "ingested.sqlite"
    with dossier.open(path) as kb:
        for result in dossier.extract(documents(articles), Config()):
            assert isinstance(result, dossier.Extraction), result
            kb.ingest(result)
    return path


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with connect(None, 2) as client:
        yield client


@pytest.fixture(scope="module")
def dataset(articles: Path, client: Client, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dask") / "out"
    run = Run()
    manifests = list(
        run_dask(documents(articles), CONFIG, out, client=client, partition_size=SIZE, run=run)
    )
    assert run.lost == [] and run.failed == []
    assert sorted(m.partition for m in manifests) == [f"{i:06d}" for i in range(COUNT // SIZE + 1)]
    return out


def loaded(out: Path, path: Path) -> Path:
    with dossier.open(path) as kb:
        outcomes = [item.outcome for item in load(out, kb)]
    assert outcomes == ["stored"] * COUNT
    return path


def tables(out: Path) -> dict[str, list[dict[str, object]]]:
    """Every table of a dataset, rows in file order, and every manifest less its timing."""
    found: dict[str, list[dict[str, object]]] = {}
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and p.name != "_manifests"):
        found[folder.name] = [
            row
            for part in sorted(folder.glob("part-*.parquet"))
            for row in pq.read_table(part).to_pylist()
        ]
    found["_manifests"] = [
        {k: v for k, v in json.loads(p.read_text()).items() if k not in ("seconds", "worker")}
        for p in sorted((out / "_manifests").glob("part-*.json"))
    ]
    return found


def test_the_loaded_store_equals_a_local_ingest_table_by_table(
    dataset: Path, reference: Path, tmp_path: Path
) -> None:
    expected, found = dump(reference), dump(loaded(dataset, tmp_path / "loaded.sqlite"))
    assert set(found) == set(expected)
    for table in expected:
        assert found[table] == expected[table], table
    assert len(expected["events"]) > COUNT // 2  # the articles gave the tables something


def test_a_worker_killed_midway_changes_nothing(
    articles: Path, client: Client, dataset: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run = Run()
    killed = ""
    for _ in run_dask(
        documents(articles), CONFIG, out, client=client, partition_size=SIZE, run=run
    ):
        busy = [addr for addr, keys in client.processing().items() if keys]
        if not killed and busy:  # a worker in the middle of a partition
            pids = client.run(os.getpid)
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed = busy[0]
    assert killed and run.lost == [] and run.written == COUNT // SIZE + 1
    assert tables(out) == tables(dataset)


def test_local_workers_allocate_memory_as_the_local_engine_does(client: Client) -> None:
    """Dask's nannies give workers MALLOC_TRIM_THRESHOLD_, a profiler and disk counters;
    a local cluster's do not (``engine.WORKER_CONFIG``), a worker restarted after a kill
    included."""
    if "MALLOC_TRIM_THRESHOLD_" in os.environ:  # the caller's own setting is inherited
        pytest.skip("MALLOC_TRIM_THRESHOLD_ is set in the tests' environment")
    client.wait_for_workers(2, timeout=120)
    found = client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_")
    assert len(found) == 2 and set(found.values()) == {None}
    for key in ("distributed.worker.profile.enabled", "distributed.admin.system-monitor.disk"):
        assert set(client.run(dask.config.get, key).values()) == {False}, key


def test_a_run_killed_midway_and_restarted_loses_and_rewrites_nothing(
    articles: Path, reference: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    command = [
        sys.executable, "-m", "dossier", "extract", str(articles), "--engine", "dask",
        "--jobs", "2", "--out", str(out), "--partition-size", str(SIZE),
    ]  # fmt: skip
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    first = subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    manifests = out / "_manifests"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and first.poll() is None:
        if manifests.is_dir() and len(list(manifests.glob("part-*.json"))) >= 2:
            break
        time.sleep(0.1)
    os.killpg(first.pid, signal.SIGKILL)  # the driver and the local cluster it started
    first.wait(timeout=30)
    done = {p.name: p.stat().st_mtime_ns for p in manifests.glob("part-*.json")}
    parts = {p: p.stat().st_mtime_ns for name in done for p in out.glob(f"*/{name[:-5]}.parquet")}
    assert 2 <= len(done) < COUNT // SIZE + 1, done

    again = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True,
                           timeout=600)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert f"({COUNT // SIZE + 1 - len(done)} written, {len(done)} already done," in again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in manifests.glob("part-*.json")} | done == {
        p.name: p.stat().st_mtime_ns for p in manifests.glob("part-*.json")
    }
    assert {p: p.stat().st_mtime_ns for p in parts} == parts  # finished partitions untouched
    ids = [row["doc_id"] for row in tables(out)["documents"]]
    assert ids == [d.id for d in documents(articles)]  # each document once, in order
    assert dump(loaded(out, tmp_path / "loaded.sqlite")) == dump(reference)


def test_ingest_on_dask_stores_what_a_local_ingest_stores(tmp_path: Path) -> None:
    corpus = tmp_path / "ten.jsonl"
    with CORPUS.open(encoding="utf-8") as source:
        corpus.write_text("".join(islice(source, 10)), encoding="utf-8")
    local = dossier_cli("ingest", str(corpus), "--db", str(tmp_path / "local.sqlite"))
    assert local.returncode == 0, local.stderr
    args = [
        "ingest",
        str(corpus),
        "--engine",
        "dask",
        "--jobs",
        "2",
        "--out",
        str(tmp_path / "out"),
    ]
    on_dask = dossier_cli(*args, "--partition-size", "4", "--db", str(tmp_path / "dask.sqlite"))
    assert on_dask.returncode == 0, on_dask.stderr
    assert on_dask.stdout.startswith(f"{tmp_path / 'dask.sqlite'}: read 10, stored 10, skipped 0")
    assert "3 partitions (3 written, 0 already done, 0 failed), 10 documents" in on_dask.stderr
    assert dump(tmp_path / "dask.sqlite") == dump(tmp_path / "local.sqlite")
