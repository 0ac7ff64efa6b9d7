"""Throughput and peak memory of dossier against raw spaCy, on the same texts.

    .venv/bin/python benchmarks/throughput.py --jobs 2 --limit 300
    .venv/bin/python benchmarks/throughput.py --jobs 1 --limit 300 --profile

Reads the first ``--limit`` articles of ``../shared/corpora/bbc-news.jsonl`` (with
dossier's own JSONL reader, untimed) and runs its phases, one after the other, each
in a child process of this one (so each starts cold and its memory is its own):

- ``raw``: ``nlp.pipe(texts, n_process=JOBS, batch_size=BATCH)`` with the model
  ``dossier.nlp.load_model()`` returns, every Doc consumed; tokens are counted here;
- ``startup``: ``extract`` of one short sentence per job: the fixed cost of starting
  the workers, each loading the model and dossier's data and warming up (with
  ``--jobs 1``: loading the data in this process); "after start-up" figures subtract it;
- ``extract``: ``dossier.pipeline.extract(documents, Config(jobs=JOBS))`` (what
  ``dossier extract`` runs), every result consumed;
- ``ingest``: the same extraction stored with ``KnowledgeBase.ingest`` into a fresh
  SQLite file in a temporary folder (what ``dossier ingest`` runs).

The model is loaded before the clock starts in every process that parses before the
workers exist (raw spaCy's main process, which forks its workers with the model;
dossier's main process when ``--jobs 1``); the clock covers everything else, worker
start-up included (dossier's workers are spawned and load the model and data
themselves). With ``--jobs 2`` dossier's main process never loads the model.

Peak memory is measured from outside: while a phase runs, this process reads
``/proc/<pid>/status`` of the phase's process and all its descendants every 20 ms
(looking for new descendants every 0.5 s: a scan of ``/proc`` costs this process far
more CPU than reading the status files, CPU the phases would otherwise have).
``peak RSS`` is the largest sum of ``VmRSS`` over the tree seen in one sample (a
slight underestimate between samples; shared pages such as the model's are counted
once per process, as the kernel's accounting of each process does).
``sum of peaks`` adds each process's own high-water mark (``VmHWM``), an upper bound.
``resource.getrusage(RUSAGE_CHILDREN)`` is not used for memory: it gives the largest
single process, not the tree's total.

CPU seconds (user and system) of the timed part are reported for the phase's own
process (``CPU main``: reading results, unpickling, storing) and for its worker
processes (``CPU workers``, counted once they have ended); they depend much less than
wall time on other work on the machine, so "CPU seconds" ratios are printed too.
``1st s`` is when the first result arrived.

``--profile`` then times, in one process with one job, each stage over the same
documents: it wraps the functions ``dossier.pipeline`` calls (``nlp.pipe``, time,
quantities, places, actors, quotes, events) and runs the pipeline's own batches through
one ``Extractor`` as a worker does; loading, including what the first document builds
lazily, is reported apart, and ``other`` is what the pipeline spends between stages.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count, islice
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news.jsonl"
PHASES = ("raw", "startup", "extract", "ingest")
SAMPLE_SECONDS = 0.02
TREE_EVERY = 25  # samples between two looks for new processes in the tree (0.5 s)
T = TypeVar("T")


# --- the phases, each run in a child process ----------------------------------------


def _documents(corpus: Path, limit: int) -> list[Any]:
    from dossier import read_documents
    from dossier.errors import DossierError

    found = [d for d in islice(read_documents([str(corpus)]), limit)]
    return [d for d in found if not isinstance(d, DossierError)]


class _Stopwatch:
    """Wall seconds, and CPU seconds of this process and of its ended children, from now."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.cpu = self._cpu()
        self.first: float | None = None

    @staticmethod
    def _cpu() -> tuple[float, float]:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime

    def tick(self) -> None:
        """Note the first result."""
        if self.first is None:
            self.first = time.perf_counter() - self.started

    def read(self) -> dict[str, Any]:
        main, workers = self._cpu()
        return {
            "seconds": time.perf_counter() - self.started,
            "first": self.first,
            "cpu_main": main - self.cpu[0],
            "cpu_workers": workers - self.cpu[1],  # worker processes end (are joined) first
        }


def _phase_raw(documents: list[Any], jobs: int, batch: int) -> dict[str, Any]:
    from dossier.nlp import load_model

    nlp = load_model()
    texts = [d.text for d in documents]
    clock = _Stopwatch()
    tokens = 0
    for doc in nlp.pipe(texts, n_process=jobs, batch_size=batch):
        clock.tick()
        tokens += len(doc)
    return {**clock.read(), "tokens": tokens}


def _phase_startup(documents: list[Any], jobs: int, batch: int) -> dict[str, Any]:
    """``extract`` of one short document: starting the workers (or, with one job, loading
    dossier's data in this process), loading and warming up, and one tiny batch."""
    from dossier.config import Config
    from dossier.nlp import load_model
    from dossier.pipeline import extract
    from dossier.records import Document

    if jobs == 1:
        load_model()
    one = Document(id="startup", text="Police arrested two men in Lagos on Monday.")
    clock = _Stopwatch()
    for _ in extract([one] * jobs, Config(jobs=jobs, batch_size=1)):
        clock.tick()
    return clock.read()


def _phase_extract(documents: list[Any], jobs: int, batch: int) -> dict[str, Any]:
    from dossier.config import Config
    from dossier.errors import DossierError
    from dossier.nlp import load_model
    from dossier.pipeline import extract

    if jobs == 1:  # the extractor runs here; with workers, this process never parses
        load_model()
    clock = _Stopwatch()
    events = failed = 0
    for result in extract(documents, Config(jobs=jobs, batch_size=batch)):
        clock.tick()
        if isinstance(result, DossierError):
            failed += 1
        else:
            events += len(result.events)
    return {**clock.read(), "events": events, "failed": failed}


def _phase_ingest(documents: list[Any], jobs: int, batch: int) -> dict[str, Any]:
    import dossier
    from dossier.config import Config
    from dossier.errors import DossierError
    from dossier.nlp import load_model

    if jobs == 1:
        load_model()
    with tempfile.TemporaryDirectory() as folder:
        clock = _Stopwatch()
        failed = 0
        with dossier.open(Path(folder) / "bench.sqlite") as kb:
            for result in dossier.extract(documents, Config(jobs=jobs, batch_size=batch)):
                clock.tick()
                if isinstance(result, DossierError):
                    failed += 1
                else:
                    kb.ingest(result)
            totals = kb.totals()
        measured = clock.read()
    return {**measured, "failed": failed, **{k: int(v) for k, v in totals.items()}}


def _run_phase(args: argparse.Namespace) -> int:
    documents = _documents(args.corpus, args.limit)
    phases: dict[str, Callable[[list[Any], int, int], dict[str, Any]]] = {
        "raw": _phase_raw,
        "startup": _phase_startup,
        "extract": _phase_extract,
        "ingest": _phase_ingest,
    }
    result = phases[args.phase](documents, args.jobs, args.batch_size)
    result["articles"] = len(documents)
    print(json.dumps(result))
    return 0


# --- memory of a process tree, sampled from /proc ------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _descendants(root: int) -> list[int]:
    tree, found, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, ()))
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """``VmRSS`` and ``VmHWM`` of one process in kB; zeros if it has gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0, 0
    values = dict(line.split(":", 1) for line in lines if ":" in line)

    def kb(key: str) -> int:
        return int(values.get(key, "0 kB").split()[0])

    return kb("VmRSS"), kb("VmHWM")


@dataclass
class _Sampler:
    """Polls a process tree's memory in a thread until ``stop`` is set."""

    root: int
    peak_kb: int = 0
    high_water: dict[int, int] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        pids: list[int] = []
        for sample in count():
            if self.stop.is_set():
                break
            if sample % TREE_EVERY == 0:  # scanning /proc for the tree costs far more
                pids = _descendants(self.root)
            total = 0
            for pid in pids:
                rss, hwm = _memory_kb(pid)
                total += rss
                if hwm:
                    self.high_water[pid] = max(hwm, self.high_water.get(pid, 0))
            self.peak_kb = max(self.peak_kb, total)
            self.stop.wait(SAMPLE_SECONDS)


@dataclass(frozen=True)
class Measured:
    phase: str
    result: dict[str, Any]
    peak_mb: float
    high_water_mb: float


def _measure(phase: str, args: argparse.Namespace) -> Measured:
    command = [
        sys.executable, str(Path(__file__).resolve()), "--phase", phase,
        "--jobs", str(args.jobs), "--limit", str(args.limit),
        "--batch-size", str(args.batch_size), "--corpus", str(args.corpus),
    ]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    sampler = _Sampler(child.pid)
    thread = threading.Thread(target=sampler.run, daemon=True)
    thread.start()
    output, _ = child.communicate()
    sampler.stop.set()
    thread.join()
    if child.returncode != 0:
        raise SystemExit(f"phase {phase} failed with exit code {child.returncode}")
    result = json.loads(output.strip().splitlines()[-1])
    return Measured(
        phase, result, sampler.peak_kb / 1024, sum(sampler.high_water.values()) / 1024
    )


# --- the profile: each stage of Extractor.code, timed in this process ------------------


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def time(self, stage: str, call: Callable[..., T], *args: Any) -> T:
        started = time.perf_counter()
        value = call(*args)
        self.add(stage, time.perf_counter() - started)
        return value

    def wrap(self, stage: str, call: Callable[..., T]) -> Callable[..., T]:
        def timed(*args: Any, **kwargs: Any) -> T:
            started = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                self.add(stage, time.perf_counter() - started)

        return timed

    def wrap_iterator(self, stage: str, call: Callable[..., Iterator[T]]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Iterator[T]:
            items = call(*args, **kwargs)
            while True:
                started = time.perf_counter()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    self.add(stage, time.perf_counter() - started)
                yield item

        return timed


def profile(documents: list[Any], batch: int) -> dict[str, float]:
    """Seconds per stage over ``documents``, with the calls a worker makes, timed.

    Loading (the data, then the lazy resources the first document builds: indexes,
    compiled grammars, matchers) is reported apart from the work per document.
    """
    from dossier import pipeline, quantities, quotes
    from dossier import time as timexes
    from dossier.config import Config
    from dossier.nlp import load_model
    from dossier.records import Document

    nlp = load_model()
    clock = _Clock()
    config = Config(batch_size=batch)
    # The same calls the pipeline makes, each replaced by a timed copy of itself; the
    # modules it reaches through (time, quantities, quotes) are patched where they live.
    nlp.pipe = clock.wrap_iterator("parse (nlp.pipe)", nlp.pipe)  # type: ignore[method-assign]
    timexes.find_timexes = clock.wrap("time", timexes.find_timexes)
    quantities.find_quantities = clock.wrap("quantities", quantities.find_quantities)
    pipeline.find_places = clock.wrap("places", pipeline.find_places)
    pipeline.find_actors = clock.wrap("actors", pipeline.find_actors)
    quotes.find_quotes = clock.wrap("quotes", quotes.find_quotes)
    pipeline.code_events = clock.wrap("events", pipeline.code_events)
    extractor = clock.time("load (dictionary, lexicons, gazetteer)", pipeline.Extractor, config)
    first = Document(
        id="warm-up",
        text='Police said on Monday that gunmen killed two men in Lagos. "We will find them,"'
        " the governor told reporters.",
        published="2016-11-03",
    )
    clock.time("load (lazy, by the first document)", extractor.extract_one, first)
    clock.seconds = {k: v for k, v in clock.seconds.items() if k.startswith("load")}
    started = time.perf_counter()
    for part in pipeline._batches(documents, batch):
        pipeline._extract_batch(extractor, part)
    total = time.perf_counter() - started
    work = sum(v for k, v in clock.seconds.items() if not k.startswith("load"))
    clock.add("other (limits, records, between stages)", total - work)
    return clock.seconds


def _run_profile(args: argparse.Namespace) -> int:
    documents = _documents(args.corpus, args.limit)
    print(json.dumps({"articles": len(documents), "seconds": profile(documents, args.batch_size)}))
    return 0


# --- the report -----------------------------------------------------------------------


def _machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        memory = f", {int(total) / 1024 / 1024:.0f} GB RAM"
    except (OSError, IndexError, ValueError):
        pass
    return (
        f"{os.cpu_count()} CPUs ({model}){memory}, {platform.system()} {platform.release()},"
        f" Python {platform.python_version()}"
    )


def _print_phases(measured: list[Measured], args: argparse.Namespace) -> None:
    raw = next(m for m in measured if m.phase == "raw")
    tokens = raw.result["tokens"]
    articles = raw.result["articles"]
    print(f"corpus {args.corpus.name}: {articles} articles, {tokens:,} tokens;"
          f" --jobs {args.jobs}, batch size {args.batch_size}")
    print(f"machine: {_machine()}")
    print(f"load average (1 min) before {args.load_before:.2f}, after {os.getloadavg()[0]:.2f}"
          " (other work on the machine skews the times; CPU seconds much less)")
    print(f"{'phase':10} {'seconds':>8} {'articles/s':>11} {'tokens/s':>10} {'1st s':>6}"
          f" {'CPU main':>9} {'CPU workers':>12} {'peak RSS MB':>12} {'sum of peaks MB':>16}")
    rates: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for m in measured:
        r = m.result
        seconds = r["seconds"]
        cpu[m.phase] = r["cpu_main"] + r["cpu_workers"]
        first = "" if r["first"] is None else f"{r['first']:6.2f}"
        speed = f"{'':11} {'':10}"
        if m.phase != "startup":
            rates[m.phase] = articles / seconds
            speed = f"{articles / seconds:11.2f} {tokens / seconds:10,.0f}"
        print(f"{m.phase:10} {seconds:8.2f} {speed} {first:>6} {r['cpu_main']:9.2f}"
              f" {r['cpu_workers']:12.2f} {m.peak_mb:12.0f} {m.high_water_mb:16.0f}")
    startup = next((m.result["seconds"] for m in measured if m.phase == "startup"), None)
    for phase in ("extract", "ingest"):
        if phase not in rates:
            continue
        print(f"{phase} / raw: throughput {rates[phase] / rates['raw']:.3f},"
              f" CPU seconds {cpu['raw'] / cpu[phase]:.3f} (raw's over {phase}'s)", end="")
        if startup is not None:
            seconds = next(m.result["seconds"] for m in measured if m.phase == phase)
            steady = articles / (seconds - startup)
            print(f"; after start-up ({startup:.2f} s): {steady / rates['raw']:.3f}", end="")
        print()
    for m in measured:
        extra = {
            k: v
            for k, v in m.result.items()
            if k not in ("seconds", "articles", "tokens", "first", "cpu_main", "cpu_workers")
        }
        if extra:
            print(f"{m.phase}: " + ", ".join(f"{k} {v}" for k, v in extra.items()))


def _print_profile(args: argparse.Namespace) -> None:
    command = [
        sys.executable, str(Path(__file__).resolve()), "--phase", "profile",
        "--limit", str(args.limit), "--batch-size", str(args.batch_size),
        "--corpus", str(args.corpus),
    ]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    seconds: dict[str, float] = result["seconds"]
    articles = result["articles"]
    work = sum(v for k, v in seconds.items() if not k.startswith("load"))
    print(f"profile, one process, {articles} articles:")
    print(f"{'stage':40} {'seconds':>8} {'ms/article':>11} {'share':>6}")
    for stage, spent in seconds.items():
        share = "" if stage.startswith("load") else f"{spent / work:6.1%}"
        print(f"{stage:40} {spent:8.2f} {1000 * spent / articles:11.2f} {share:>6}")
    print(f"{'all stages and parse':40} {work:8.2f} {1000 * work / articles:11.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (n_process)")
    parser.add_argument("--limit", type=int, default=300, help="articles to read")
    parser.add_argument("--batch-size", type=int, default=32, help="documents per batch")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--profile", action="store_true", help="also time each stage")
    parser.add_argument("--phases", default=",".join(PHASES), help="which phases to run")
    parser.add_argument("--phase", choices=(*PHASES, "profile"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "profile":
        return _run_profile(args)
    if args.phase is not None:
        return _run_phase(args)
    if not args.corpus.is_file():
        print(f"throughput: no corpus at {args.corpus}", file=sys.stderr)
        return 1
    args.load_before = os.getloadavg()[0]
    wanted = [p for p in PHASES if p in args.phases.split(",")]
    if "raw" not in wanted:
        wanted.insert(0, "raw")  # every ratio and token count is against it
    if "ingest" in wanted and not _can_ingest():
        print("ingest: skipped (dossier.kb has no KnowledgeBase.ingest in this checkout)")
        wanted.remove("ingest")
    measured = [_measure(phase, args) for phase in wanted]
    _print_phases(measured, args)
    if args.profile:
        _print_profile(args)
    return 0


def _can_ingest() -> bool:
    try:
        from dossier.kb import KnowledgeBase
    except ImportError:
        return False
    return hasattr(KnowledgeBase, "ingest")


if __name__ == "__main__":
    sys.exit(main())
