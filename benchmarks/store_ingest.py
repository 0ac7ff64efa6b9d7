"""Ingest speed as the store grows: documents per second at the start and after N.

    .venv/bin/python benchmarks/store_ingest.py                 # 2,000 then 200 more
    .venv/bin/python benchmarks/store_ingest.py --after 5000 --window 300

Ingests the synthetic extractions of ``tests/store/synthetic.py`` (no spaCy: records
built by hand; four actors a document drawn from a cast of nine, so every actor is in
a large share of the documents, as "police" is in real news; with ``--witnesses``,
also one person per document that no other names, so that the store's actors grow
with it, as they do on real news) into a new store through
``KnowledgeBase.ingest``, and prints the rate over the first ``--window`` documents and
over the ``--window`` documents that follow the first ``--after``. Extraction is not
timed: this is the store's own cost per document. Beside the rate, which other work on
the machine disturbs, it prints the SQLite virtual-machine instructions each document
took (counted with a progress handler), which does not depend on the machine's load.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import dossier  # noqa: E402
from dossier.kb import KnowledgeBase  # noqa: E402
from dossier.records import Actor, Extraction  # noqa: E402
from tests.store.synthetic import synthetic  # noqa: E402

STEP = 100  # VM instructions between two calls of the progress handler


class Counter:
    """Counts SQLite VM instructions on a connection, ``STEP`` at a time."""

    def __init__(self) -> None:
        self.steps = 0

    def __call__(self) -> int:
        self.steps += 1
        return 0  # go on


@dataclass(frozen=True)
class Rate:
    wall: float  # documents per second
    cpu: float  # documents per second of this process's CPU time
    instructions: float  # SQLite VM instructions per document

    def __str__(self) -> str:
        return (
            f"{self.wall:.1f} documents/s ({self.cpu:.1f} per CPU second),"
            f" {self.instructions:,.0f} SQLite instructions a document"
        )


def with_witness(extraction: Extraction) -> Extraction:
    """The extraction plus a person no other document names and no dictionary knows,
    as most people in real news are: the store's actors grow with its documents."""
    number = extraction.document.id.rsplit("-", 1)[-1]
    name = f"Witness {number}"
    text = f"{extraction.document.text} {name} saw it."
    start = len(extraction.document.text) + 1
    witness = Actor(
        id="x:witness", name=name, kind="person", mentions=((start, start + len(name)),)
    )
    return replace(
        extraction,
        document=replace(extraction.document, text=text),
        actors=(*extraction.actors, witness),
    )


def rate(kb: KnowledgeBase, numbers: range, witnesses: bool = False) -> Rate:
    """The rate of ingesting extractions ``numbers`` (built before timing)."""
    extractions = [synthetic(number) for number in numbers]
    if witnesses:
        extractions = [with_witness(extraction) for extraction in extractions]
    counter = Counter()
    kb.db.connection.set_progress_handler(counter, STEP)
    started, cpu = time.perf_counter(), time.process_time()
    for extraction in extractions:
        kb.ingest(extraction)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    kb.db.connection.set_progress_handler(None, STEP)
    count = len(extractions)
    return Rate(count / elapsed, count / cpu, counter.steps * STEP / count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--after", type=int, default=2000, help="documents before the late window")
    parser.add_argument("--window", type=int, default=200, help="documents timed per window")
    parser.add_argument(
        "--witnesses",
        action="store_true",
        help="add to each document a person no other document names (see with_witness)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, dossier.open(Path(folder) / "kb.sqlite") as kb:
        first = rate(kb, range(args.window), args.witnesses)
        rate(kb, range(args.window, args.after), args.witnesses)
        late = rate(kb, range(args.after, args.after + args.window), args.witnesses)
        totals = kb.totals()
    print(f"first {args.window} documents: {first}")
    print(f"documents {args.after}..{args.after + args.window}: {late}")
    print(f"store: {totals['documents']} documents, {totals['actors']} actors")


if __name__ == "__main__":
    main()
