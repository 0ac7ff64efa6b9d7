"""Throughput and peak memory of dossier against raw spaCy, on the same texts.

    .venv/bin/python benchmarks/throughput.py --jobs 2 --limit 300
    .venv/bin/python benchmarks/throughput.py --jobs 1 --limit 300 --profile

Reads the first ``--limit`` articles of ``../shared/corpora/bbc-news.jsonl`` (with
dossier's own JSONL reader, untimed) and runs three phases, one after the other, each
in a child process of this one (so each starts cold and its memory is its own):

- ``raw``: ``nlp.pipe(texts, n_process=JOBS, batch_size=BATCH)`` with the model
  ``dossier.nlp.load_model()`` returns, every Doc consumed; tokens are counted here;
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
``/proc/<pid>/status`` of the phase's process and all its descendants every 20 ms.
``peak RSS`` is the largest sum of ``VmRSS`` over the tree seen in one sample (a
slight underestimate between samples; shared pages such as the model's are counted
once per process, as the kernel's accounting of each process does).
``sum of peaks`` adds each process's own high-water mark (``VmHWM``), an upper bound.
``resource.getrusage(RUSAGE_CHILDREN)`` is not used: it gives the largest single
process, not the tree's total.

``--profile`` then times each stage function of ``Extractor.code`` over the same
documents in one process (parse with ``nlp.pipe``; time, quantities, places, actors,
quotes, events), wrapping the calls made by ``dossier.pipeline`` without changing it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news.jsonl"
PHASES = ("raw", "extract", "ingest")
SAMPLE_SECONDS = 0.02
T = TypeVar("T")


# --- the phases, each run in a child process ----------------------------------------


def _documents(corpus: Path, limit: int) -> list[Any]:
    from dossier import read_documents
    from dossier.errors import DossierError

    found = [d for d in islice(read_documents([str(corpus)]), limit)]
    return [d for d in found if not isinstance(d, DossierError)]


def _phase_raw(documents: list[Any], jobs: int, batch: int) -> dict[str, Any]:
    from dossier.nlp import load_model

    nlp = load_model()
    texts = [d.text for d in documents]
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=jobs, batch_size=batch))
    return {"seconds": time.perf_counter() - started, "tokens": tokens}


def _phase_extract(documents: list[Any], jobs: int, batch: int) -> dict[str, Any]:
    from dossier.config import Config
    from dossier.errors import DossierError
    from dossier.nlp import load_model
    from dossier.pipeline import extract

    if jobs == 1:  # the extractor runs here; with workers, this process never parses
        load_model()
    started = time.perf_counter()
    events = failed = 0
    for result in extract(documents, Config(jobs=jobs, batch_size=batch)):
        if isinstance(result, DossierError):
            failed += 1
        else:
            events += len(result.events)
    return {"seconds": time.perf_counter() - started, "events": events, "failed": failed}


def _phase_ingest(documents: list[Any], jobs: int, batch: int) -> dict[str, Any]:
    import dossier
    from dossier.config import Config
    from dossier.errors import DossierError
    from dossier.nlp import load_model

    if jobs == 1:
        load_model()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        failed = 0
        with dossier.open(Path(folder) / "bench.sqlite") as kb:
            for result in dossier.extract(documents, Config(jobs=jobs, batch_size=batch)):
                if isinstance(result, DossierError):
                    failed += 1
                else:
                    kb.ingest(result)
            totals = kb.totals()
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "failed": failed, **{k: int(v) for k, v in totals.items()}}


def _run_phase(args: argparse.Namespace) -> int:
    documents = _documents(args.corpus, args.limit)
    phases: dict[str, Callable[[list[Any], int, int], dict[str, Any]]] = {
        "raw": _phase_raw,
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
        while not self.stop.is_set():
            total = 0
            for pid in _descendants(self.root):
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

    def time(self, stage: str, call: Callable[..., T], *args: Any) -> T:
        started = time.perf_counter()
        value = call(*args)
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started
        return value


def profile(documents: list[Any], batch: int) -> dict[str, float]:
    """Seconds per stage over ``documents``, making the calls ``Extractor.code`` makes."""
    from dossier import quantities, quotes
    from dossier import time as timexes
    from dossier.actors import find_actors
    from dossier.config import Config
    from dossier.events import code_events
    from dossier.nlp import load_model
    from dossier.pipeline import Extractor
    from dossier.places import find_places, main_country
    from dossier.records import Findings

    load_model()
    clock = _Clock()
    extractor = clock.time("load (dictionary, lexicons, gazetteer)", Extractor, Config())
    texts = [d.text for d in documents]
    pipe = extractor.nlp.pipe
    docs = clock.time("parse (nlp.pipe)", lambda: list(pipe(texts, batch_size=batch)))
    for document, doc in zip(documents, docs, strict=True):
        found = clock.time("time", timexes.find_timexes, document.text, document.published, doc)
        numbers = clock.time("quantities", quantities.find_quantities, doc)
        places = clock.time("places", find_places, doc, extractor.gazetteer)
        country = main_country(places)
        actors, mentions = clock.time("actors", find_actors, doc, extractor.dictionary, country)
        findings = Findings(
            actors=tuple(actors), mentions=tuple(mentions), timexes=tuple(found),
            quantities=tuple(numbers), places=tuple(places), country=country,
        )
        clock.time("quotes", quotes.find_quotes, doc, findings, document.published)
        clock.time("events", code_events, doc, document, findings, extractor.lexicon)
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
          " (other work on the machine skews the times)")
    print(f"{'phase':10} {'seconds':>8} {'articles/s':>11} {'tokens/s':>10}"
          f" {'peak RSS MB':>12} {'sum of peaks MB':>16}")
    rates: dict[str, float] = {}
    for m in measured:
        seconds = m.result["seconds"]
        rates[m.phase] = articles / seconds
        print(f"{m.phase:10} {seconds:8.2f} {articles / seconds:11.2f} {tokens / seconds:10,.0f}"
              f" {m.peak_mb:12.0f} {m.high_water_mb:16.0f}")
    for phase in ("extract", "ingest"):
        if phase in rates:
            print(f"{phase} / raw throughput: {rates[phase] / rates['raw']:.3f}")
    for m in measured:
        extra = {k: v for k, v in m.result.items() if k not in ("seconds", "articles", "tokens")}
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
