"""The reduce step: actors merged across every partition, by the store's own rules.

Each partition knows only its documents' actor ids (``person:aristides-valencia``,
``ms13``, ...). Which of them are one actor across documents, what that actor's id is
(``~2`` when two merged actors would share one) and which name, country and sector it
shows all come from ``Store.ingest`` (``store/writer.py``: by dictionary id, else by
kind and normalised name; the most common value wins) and depend on the order
documents are stored in. So the reduce does exactly that: it stores each document's
actors, and nothing else, in input order into a scratch SQLite file
(``OUT/_reduce.sqlite``), in a thread of the driver that follows the map partition by
partition as they finish (``Reducer``), then writes what the store decided as two
tables:

- ``actor_ids``: one row per actor of a document: ``doc_id``, ``local_id`` (the
  document's id), ``actor_id`` (the merged id) and ``norm_name``;
- ``actors_merged``: one row per merged actor: ``id``, ``name``, ``norm_name``,
  ``kind``, ``country``, ``sector``, ``dictionary_id``, ``documents``, and the
  normalised aliases and words its names are looked up by (``alias_norms``,
  ``words``).

The merged ids equal those of a store loaded from the dataset (``dossier load``) or
built by a local ingest of the same documents in the same order. The scratch file
holds actors only (no text, events or mentions), so it stays small next to the
dataset, and it survives a killed run, whose restart goes on from where it stopped.
"""

from __future__ import annotations

import queue
import threading
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pyarrow as pa

from dossier.records import Extraction
from dossier.scale.dataset import Dataset, write_table
from dossier.scale.tables import extractions
from dossier.store import Store

READS = ("documents", "actors", "errors")  # the tables the reduce reads
SCRATCH = "_reduce.sqlite"  # kept across restarts; removed when the reduce finishes

ACTOR_IDS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("local_id", pa.string()),
        ("actor_id", pa.string()),
        ("norm_name", pa.string()),
    ]
)
ACTORS_MERGED = pa.schema(
    [
        ("id", pa.string()),
        ("name", pa.string()),
        ("norm_name", pa.string()),
        ("kind", pa.string()),
        ("country", pa.string()),
        ("sector", pa.string()),
        ("dictionary_id", pa.string()),
        ("documents", pa.int64()),
        ("alias_norms", pa.list_(pa.string())),
        ("words", pa.list_(pa.string())),
    ]
)


def actors_only(extraction: Extraction) -> Extraction:
    """The document's actors as the merge sees them: no text, events or mentions."""
    return Extraction(
        document=replace(extraction.document, text=""),
        actors=tuple(replace(actor, mentions=()) for actor in extraction.actors),
    )


class ActorReduce:
    """The reduce over one dataset: partitions merged in input order, tables written last.

    The scratch store (``OUT/_reduce.sqlite``) outlives a killed run: the next run
    finds the documents it holds already stored (``Store.ingest`` skips them) and goes
    on from there. ``finish`` writes the two tables and removes it.
    """

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.next = 0  # the first partition not merged yet
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:  # opened by the thread that uses it (sqlite3's rule)
            self._store = Store(self.dataset.root / SCRATCH)
        return self._store

    def advance(self) -> None:
        """Merge each finished partition from the next one on, up to the first unfinished."""
        while self.dataset.manifest_path(name := f"{self.next:06d}").exists():
            tables = self.dataset.read_partition(name, READS, text=False)
            # One transaction a partition; what the store refuses is in ``errors``.
            self.store.ingest_many([actors_only(e) for e in extractions(tables)])
            self.next += 1

    def finish(self) -> None:
        """Merge what is left, write ``actor_ids`` and ``actors_merged``, drop the scratch."""
        self.advance()
        merged = _merged(self.store)
        ids = [
            dict(zip(ACTOR_IDS.names, row, strict=True))
            for row in self.store.db.read(
                "SELECT doc_id, local_id, actor_id, norm_name FROM document_actors ORDER BY rowid"
            )
        ]
        dataset = self.dataset
        write_table(
            dataset.file("actor_ids", "reduce"), _table(ids, ACTOR_IDS, dataset, "actor_ids")
        )
        write_table(
            dataset.file("actors_merged", "reduce"),
            _table(merged, ACTORS_MERGED, dataset, "actors_merged"),
        )
        self.close()
        _remove(dataset.root / SCRATCH)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def reduce_actors(dataset: Dataset) -> None:
    """The whole reduce, at once: every finished partition, then the tables."""
    reduce = ActorReduce(dataset)
    try:
        reduce.finish()
    finally:
        reduce.close()


class Reducer(threading.Thread):
    """The reduce in a thread of the driver, merging partitions while the map runs.

    ``wake`` after a partition finishes; ``finish`` (or ``stop``, for a run that did
    not complete) at the end, which waits for the thread and raises what it raised.
    """

    def __init__(self, dataset: Dataset):
        super().__init__(name="dossier-reduce", daemon=True)
        self.reduce = ActorReduce(dataset)
        self.messages: queue.Queue[str] = queue.Queue()
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            while (message := self.messages.get()) != "stop":
                if message == "finish":
                    self.reduce.finish()
                    return
                self.reduce.advance()
        except Exception as exc:  # noqa: BLE001  handed to the driver's thread in _end
            self.error = exc
        finally:
            self.reduce.close()

    def wake(self) -> None:
        self.messages.put("advance")

    def finish(self) -> None:
        self._end("finish")

    def stop(self) -> None:
        self._end("stop")

    def _end(self, message: str) -> None:
        self.messages.put(message)
        self.join()
        if self.error is not None:
            raise self.error


def _merged(store: Store) -> list[dict[str, object]]:
    aliases: dict[str, list[str]] = defaultdict(list)
    for actor_id, norm in store.db.read(
        "SELECT DISTINCT actor_id, norm FROM actor_aliases ORDER BY actor_id, norm"
    ):
        aliases[actor_id].append(norm)
    words: dict[str, list[str]] = defaultdict(list)
    for actor_id, word in store.db.read(
        "SELECT actor_id, word FROM actor_words ORDER BY actor_id, word"
    ):
        words[actor_id].append(word)
    rows = store.db.read(
        "SELECT id, name, norm_name, kind, country, sector, dictionary_id, documents"
        " FROM actors ORDER BY id"
    )
    return [
        {
            **dict(zip(ACTORS_MERGED.names[:8], row, strict=True)),
            "alias_norms": aliases.get(row[0], []),
            "words": words.get(row[0], []),
        }
        for row in rows
    ]


def _table(
    rows: list[dict[str, object]], schema: pa.Schema, dataset: Dataset, name: str
) -> pa.Table:
    (dataset.root / name).mkdir(exist_ok=True)
    return pa.Table.from_pylist(rows, schema=schema)


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
