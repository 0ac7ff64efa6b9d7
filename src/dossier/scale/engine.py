"""The Dask engine: partitions of documents extracted on a cluster into a Parquet dataset.

The driver (the ``dossier`` process) reads the inputs as a stream, cuts them into
partitions of consecutive documents (``dataset.partitions``), and submits each
partition that has no manifest yet as one task, keeping at most ``in_flight`` tasks
submitted at a time so that memory does not grow with the corpus. Each worker process
holds one ``pipeline.Extractor``, built once by a worker plugin (``ExtractorPlugin``),
and runs ``Extractor.extract_batch``, the same function the local engine runs, over
the partition in batches; then it writes the partition's tables and its manifest into
the dataset (a directory every worker and the driver see: a shared file system on a
cluster). A task that dies with its worker is run again by Dask elsewhere; a task
that finds its partition's manifest already written returns it without extracting.
Meanwhile a thread of the driver runs the reduce step (``reduce.Reducer``) over the
finished partitions in input order; when every partition is done it writes its
tables and the driver marks the dataset finished.
"""

from __future__ import annotations

import hashlib
import logging
import socket
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import dask
from distributed import WorkerPlugin

from dossier.config import Config
from dossier.errors import DossierError, ExtractionError, InputError, Messages
from dossier.records import Document, Extraction
from dossier.scale.dataset import Dataset, Manifest, Partition, partitions
from dossier.scale.tables import partition_tables
from dossier.store.checks import check

if TYPE_CHECKING:
    from distributed import Client

    from dossier.pipeline import Extractor
    from dossier.scale.reduce import Reducer

PARTITION_SIZE = 64  # documents per partition: a few seconds of work for one worker
PLUGIN = "dossier-extractor"

# Dask settings for the workers of the local cluster ``connect`` starts (its nannies
# hand them on; docs/scale.md, Throughput, gives them for clusters started elsewhere):
# - no MALLOC_TRIM_THRESHOLD_ in the workers' environment. Dask sets it (64 kB) so
#   that workers holding dataframes give freed memory back at once; set at all, it also
#   fixes glibc's mmap threshold at 128 kB, so every large array spaCy allocates and
#   frees is a fresh mmap, zeroed page by page: a tenth more CPU per article, all of it
#   in the kernel. A dossier worker holds no data between tasks; without it, workers
#   allocate as the local engine's processes do.
# - no statistical profiler (a sample of the running task's stack every 10 ms) and no
#   disk counters in the system monitor (every process's twice a second): both only
#   feed the dashboard, which a cluster started for one run has no one to show.
WORKER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.disk": False,
}


class ExtractorPlugin(WorkerPlugin):
    """A Dask worker plugin that loads one ``Extractor`` per worker process, at start."""

    name = PLUGIN

    def __init__(self, config: Config):
        self.config = config
        self.extractor: Extractor | None = None

    def setup(self, worker: object) -> None:
        from dossier.pipeline import Extractor

        self.extractor = Extractor(self.config)

    def teardown(self, worker: object) -> None:
        self.extractor = None


def _extractor(config: Config) -> Extractor:
    """This worker's ``Extractor`` (from the plugin), or a new one outside a worker."""
    from distributed import get_worker

    try:
        plugin = get_worker().plugins.get(PLUGIN)
    except ValueError:  # not running on a Dask worker (a direct call, in tests)
        plugin = None
    if isinstance(plugin, ExtractorPlugin) and plugin.config == config and plugin.extractor:
        return plugin.extractor
    from dossier.pipeline import Extractor

    return Extractor(config)


def extract_partition(root: str, partition: Partition, config: Config) -> Manifest:
    """The task each worker runs: extract one partition and write it to the dataset."""
    dataset = Dataset.open(Path(root))
    done = dataset.manifest(partition.name)
    if done is not None and done.digest == partition.digest:  # a retry of a task that had finished
        return done
    started = time.perf_counter()
    extractor = _extractor(config)
    results: list[Extraction | DossierError] = []
    documents = list(partition.documents)
    for first in range(0, len(documents), config.batch_size):
        results.extend(extractor.extract_batch(documents[first : first + config.batch_size]))
    return write_results(dataset, partition, results, time.perf_counter() - started)


def write_results(
    dataset: Dataset,
    partition: Partition,
    results: list[Extraction | DossierError],
    seconds: float = 0.0,
) -> Manifest:
    """Write what extraction made of a partition's documents, manifest last.

    An extraction the store would refuse (``store.checks.check``: an event naming an
    actor the document does not define, a span outside the text) is written as the
    error it would raise at load time, so the reduce merges only what a load stores.
    """
    documents = partition.documents
    results = [_checked(result) for result in results]
    tables = partition_tables(partition.name, documents, results)
    manifest = Manifest(
        partition=partition.name,
        digest=partition.digest,
        documents=tuple(d.id for d in documents),
        rows={name: table.num_rows for name, table in tables.items()},
        errors=tuple(
            {"doc_id": r.doc_id or d.id, "stage": r.stage, "message": r.message}
            for d, r in zip(documents, results, strict=True)
            if isinstance(r, DossierError)
        ),
        seconds=round(seconds, 3),
        worker=socket.gethostname(),
    )
    dataset.write_partition(manifest, tables)
    return manifest


@dataclass
class Run:
    """What a run did, filled in as it goes: the CLI reports it."""

    written: int = 0
    skipped: int = 0
    documents: int = 0
    failed: list[dict[str, str | None]] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # partitions whose task failed for good
    partitions: int = 0
    seconds: float = 0.0


@contextmanager
def connect(scheduler: str | None, jobs: int) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler`` (an address or a scheduler file), or
    of a new local cluster of ``jobs`` single-threaded worker processes, closed after."""
    from distributed import Client, LocalCluster

    if scheduler is None:
        with (
            dask.config.set(WORKER_CONFIG),  # read once, as the nannies start
            LocalCluster(
                n_workers=jobs,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",  # a local cluster listens on this machine only
                dashboard_address="127.0.0.1:0",  # any free port, never a fixed one
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        if scheduler.endswith(".json"):
            client = Client(scheduler_file=scheduler, timeout=30)
        else:
            client = Client(scheduler, timeout=30)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(Messages.E176.format(address=scheduler, detail=exc)) from exc
    with client:
        yield client


def run_dask(
    documents: Iterable[Document],
    config: Config,
    out: Path,
    *,
    client: Client,
    partition_size: int = PARTITION_SIZE,
    in_flight: int | None = None,
    run: Run | None = None,
) -> Iterator[Manifest]:
    """Extract ``documents`` on the cluster behind ``client`` into the dataset at ``out``.

    Yields each partition's manifest as it finishes (``skipped`` for one an earlier run
    wrote); then reduces the actors and marks the dataset finished, unless a partition
    failed for good (``run.lost``), in which case running again completes it.
    """
    from distributed import as_completed

    from dossier.scale.reduce import Reducer

    if partition_size < 1:
        raise InputError(Messages.E183.format(value=partition_size))
    run = run if run is not None else Run()
    started = time.perf_counter()
    dataset = Dataset.create(out, partition_size)
    client.register_plugin(ExtractorPlugin(config), name=PLUGIN)
    workers = max(len(client.scheduler_info().get("workers", {})), 1)
    limit = in_flight or 2 * workers
    pending: as_completed | None = None  # made with the first task (it needs the client)
    count = 0
    reducer = Reducer(dataset)  # merges finished partitions' actors while the map runs
    reducer.start()
    try:
        for partition in partitions(iter(documents), partition_size):
            count += 1
            done = dataset.manifest(partition.name)
            if done is not None:
                if done.digest != partition.digest:
                    raise InputError(
                        Messages.E175.format(
                            path=out, partition=partition.name, detail="the documents differ"
                        )
                    )
                run.skipped += 1
                run.documents += len(done.documents)
                reducer.wake()
                yield replace(done, skipped=True)
                continue
            while pending is not None and pending.count() >= limit:
                yield from _collect(next(pending), run, reducer)
            dataset.begin()
            if pending is None:
                pending = as_completed()
            pending.add(
                client.submit(
                    extract_partition,
                    str(out),
                    partition,
                    config,
                    key=_task_key(out, partition),
                    retries=2,
                )
            )
        for future in () if pending is None else pending:
            yield from _collect(future, run, reducer)
    except BaseException:
        reducer.stop()
        raise
    run.partitions = count
    extra = len(dataset.manifest_names()) - count
    if extra > 0:  # the dataset was written from more inputs than these
        reducer.stop()
        detail = f"it holds {count + extra} partitions, these inputs make {count}"
        raise InputError(Messages.E175.format(path=out, partition=f"{count:06d}", detail=detail))
    if run.lost:
        reducer.stop()
    else:
        reducer.finish()
        dataset.finish(count)
    run.seconds = time.perf_counter() - started


def _checked(result: Extraction | DossierError) -> Extraction | DossierError:
    if isinstance(result, Extraction):
        try:
            check(result)
        except ExtractionError as exc:
            return exc
    return result


def _task_key(out: Path, partition: Partition) -> str:
    """A key Dask cannot confuse with another run's: the dataset and the partition's digest."""
    salt = hashlib.sha256(f"{out.resolve()}\n{partition.digest}".encode()).hexdigest()
    return f"dossier-partition-{partition.name}-{salt[:16]}"


def _collect(future: object, run: Run, reducer: Reducer) -> Iterator[Manifest]:
    from distributed import Future

    assert isinstance(future, Future)
    try:
        manifest = future.result()
    except DossierError as exc:
        run.lost.append(Messages.E180.format(partition=future.key, detail=exc.message))
        return
    except Exception as exc:  # noqa: BLE001  a worker lost for good (KilledWorker) or a bug
        run.lost.append(Messages.E180.format(partition=future.key, detail=repr(exc)))
        return
    finally:
        future.release()
    run.written += 1
    run.documents += len(manifest.documents)
    run.failed.extend(manifest.errors)
    reducer.wake()
    yield manifest
