"""Dask against the local engine on the same articles, and a model of scaling out.

    .venv/bin/python benchmarks/scale.py                 # all 2,225 BBC articles
    .venv/bin/python benchmarks/scale.py --limit 100     # a smoke run

Copies the first ``--limit`` articles of ``../shared/corpora/bbc-news.jsonl`` to a
temporary JSONL file and runs, one after the other, each as a fresh ``dossier``
process timed from outside (start-up, model loading and everything else included):

- ``local``: ``dossier extract FILE --jobs JOBS`` with standard output to /dev/null;
- ``dask``: ``dossier extract FILE --engine dask --jobs JOBS --out DIR
  --partition-size SIZE`` (a local Dask cluster of JOBS single-threaded worker
  processes; the Parquet dataset and the reduce step included).

Each command also runs on the first article alone; the difference between the two
times is the time the remaining articles took once everything had started, so the
script prints both the end-to-end rate and this steady-state rate, and their ratio
dask / local (the target is within 15%, i.e. a ratio of at least 0.85). It also
prints the CPU seconds per article of each engine's whole process tree (start-up left
out the same way), which other work on the machine barely changes, and the tree's
peak resident memory (sampled every half second).

From the dask run it measures the inputs of a simple model of throughput against the
number of workers W (each partition's manifest records the seconds its worker spent):

- ``c``: worker seconds per article (parse, find, code, and writing the Parquet
  files), the sum over partitions divided by the articles;
- ``o``: overhead per partition, the steady-state map time times JOBS, less the
  worker seconds, divided by the partitions (scheduling, transfer of the documents,
  and workers idle at the end of the run when fewer partitions than workers remain);
- ``r``: the reduce step's seconds per article (serial, in a thread of the driver that
  follows the map partition by partition; re-run here on the finished dataset and
  timed alone);
- ``s``: the fixed start-up seconds (cluster, model loading on every worker).

and prints ``T(W, N) = s + max(N (c + o / S) / W, N r) + S r`` (S documents per
partition; the reduce overlaps the map, and the last partition's reduce follows it)
as articles per second for several W, for this corpus and for a million articles.
Assumptions: workers are alike and do not slow each other down (on one machine they
share its cores, so beyond the core count W only adds overhead; on a cluster each
worker has its own core and the shared file system keeps up); the driver reads the
input faster than the workers consume it; ``o`` does not grow with W; the reduce is
the only serial part, so it bounds throughput at ``1 / r`` articles per second.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news.jsonl"
DOSSIER = [sys.executable, "-m", "dossier"]


@dataclass(frozen=True)
class Measured:
    seconds: float  # wall time
    cpu: float  # CPU seconds of the whole process tree (user and system)
    peak_mb: float  # the largest resident memory of the tree at one moment (sampled)


def _tree_rss(root: psutil.Process) -> int:
    total = 0
    for process in (root, *root.children(recursive=True)):
        with suppress(psutil.Error):  # gone between the listing and the reading
            total += process.memory_info().rss
    return total


def timed(command: list[str]) -> Measured:
    """Run ``command``; its wall time, its process tree's CPU time and peak memory.

    The CPU time counts every descendant reaped by its parent (the local engine's pool
    and the Dask nannies' workers are), so it does not depend on the machine's load.
    """
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment
    )
    peak = 0
    with suppress(psutil.Error):
        root = psutil.Process(child.pid)
        while child.poll() is None:
            peak = max(peak, _tree_rss(root))
            time.sleep(0.5)
    _, errors = child.communicate()
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{errors.decode(errors='replace')[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(seconds, cpu, peak / 2**20)


def write_corpus(path: Path, limit: int) -> int:
    with CORPUS.open(encoding="utf-8") as source:
        lines = list(islice(source, limit))
    path.write_text("".join(lines), encoding="utf-8")
    return len(lines)


def local(corpus: Path, jobs: int) -> Measured:
    return timed([*DOSSIER, "extract", str(corpus), "--jobs", str(jobs)])


def dask(corpus: Path, jobs: int, out: Path, size: int) -> Measured:
    return timed(
        [
            *DOSSIER, "extract", str(corpus), "--engine", "dask", "--jobs", str(jobs),
            "--out", str(out), "--partition-size", str(size),
        ]
    )  # fmt: skip


def reduce_seconds(out: Path) -> tuple[float, float]:
    """The reduce step alone over the finished dataset: wall and CPU seconds."""
    sys.path.insert(0, str(ROOT / "src"))
    from dossier.scale.dataset import Dataset
    from dossier.scale.reduce import reduce_actors

    started, cpu = time.perf_counter(), time.process_time()
    reduce_actors(Dataset.open(out))
    return time.perf_counter() - started, time.process_time() - cpu


def worker_seconds(out: Path) -> tuple[float, int]:
    manifests = [json.loads(p.read_text()) for p in (out / "_manifests").glob("part-*.json")]
    return sum(m["seconds"] for m in manifests), len(manifests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=2225, help="articles (default: all)")
    parser.add_argument("--jobs", type=int, default=2, help="processes / Dask workers")
    parser.add_argument("--partition-size", type=int, default=64, help="articles per task")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"corpus not found at {CORPUS}")
    jobs, size = args.jobs, args.partition_size
    with tempfile.TemporaryDirectory(prefix="dossier-scale-") as folder:
        work = Path(folder)
        count = write_corpus(work / "corpus.jsonl", args.limit)
        write_corpus(work / "one.jsonl", 1)
        times = {
            "local": local(work / "corpus.jsonl", jobs),
            "local, 1 article": local(work / "one.jsonl", jobs),
            "dask": dask(work / "corpus.jsonl", jobs, work / "out", size),
            "dask, 1 article": dask(work / "one.jsonl", jobs, work / "one-out", size),
        }
        reduce, reduce_cpu = reduce_seconds(work / "out")
        busy, partitions = worker_seconds(work / "out")

    print(f"{count} articles, --jobs {jobs}, --partition-size {size}, on {os.cpu_count()} CPUs")
    print(
        f"{'engine':<8}{'seconds':>10}{'articles/s':>12}{'start-up s':>12}{'steady/s':>10}"
        f"{'CPU ms/article':>16}{'peak MB':>9}"
    )
    rates = {}
    cpu: dict[str, float] = {}
    for engine in ("local", "dask"):
        whole, one = times[engine], times[f"{engine}, 1 article"]
        total, startup = whole.seconds, one.seconds
        # None: the one-article run took as long as the whole one (noise; use more articles)
        steady = (count - 1) / (total - startup) if total > startup else None
        rates[engine] = (count / total, steady)
        shown = "n/a" if steady is None else f"{steady:.2f}"
        per_article = (whole.cpu - one.cpu) / max(count - 1, 1) * 1000  # start-up left out
        cpu[engine] = per_article
        print(
            f"{engine:<8}{total:>10.1f}{count / total:>12.2f}{startup:>12.1f}{shown:>10}"
            f"{per_article:>16.1f}{whole.peak_mb:>9,.0f}"
        )
    local_steady, dask_steady = rates["local"][1], rates["dask"][1]
    steady_ratio = (
        "n/a"
        if local_steady is None or dask_steady is None
        else (f"{dask_steady / local_steady:.2f}")
    )
    print(
        f"dask / local: {rates['dask'][0] / rates['local'][0]:.2f} end to end,"
        f" {steady_ratio} steady state (target: at least 0.85);"
        f" local / dask CPU per article: {cpu['local'] / cpu['dask']:.2f}"
    )

    startup = times["dask, 1 article"].seconds
    mapped = max(times["dask"].seconds - startup, 1e-9)
    c = busy / count
    o = max(mapped * jobs - busy, 0.0) / max(partitions, 1)
    r = reduce / count
    print()
    print("model: T(W, N) = s + max(N (c + o / S) / W, N r) + S r, from the dask run:")
    print(f"  c = {c * 1000:.1f} ms of worker time per article (parse, find, code, Parquet)")
    print(f"  o = {o * 1000:.0f} ms of overhead per partition of S = {size} articles")
    print(
        f"  r = {r * 1000:.2f} ms per article in the serial reduce (bound: {1 / r:,.0f}/s;"
        f" {reduce_cpu / count * 1000:.2f} ms of CPU)"
    )
    print(f"  s = {startup:.1f} s of start-up (cluster and models)")
    print(f"{'workers':>8}{f'{count} articles/s':>20}{'1,000,000 articles/s':>22}")
    for workers in (1, 2, 4, 8, 16, 32, 64, 128):
        line = f"{workers:>8}"
        for n in (count, 1_000_000):
            t = startup + max(n * (c + o / size) / workers, n * r) + size * r
            line += f"{n / t:>20.1f}" if n == count else f"{n / t:>22.1f}"
        print(line)


if __name__ == "__main__":
    main()
