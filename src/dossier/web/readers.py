"""How the web app reads the store: a pool of connections and a cache of slow answers.

SQLite in WAL mode lets many connections read at once while one writes, and a query
runs without holding Python's lock, so each request thread borrows a connection of its
own (``Readers.borrow``): a slow request (an actor with a hundred thousand events)
no longer holds up the quick ones behind a single shared connection. At most
``size`` connections are open; a request finding them all busy waits for one.

Some answers cost a scan of the whole store (``stats``, the dashboard's dyads, charts
drawn without filters) and change only when something is written. ``Answers`` keeps
the last few of them, each until the file changes: one connection, used for nothing
else, asks SQLite's ``PRAGMA data_version``, which moves whenever any other connection
(an upload, a ``dossier ingest`` in another process) commits. An answer that takes
seconds may be allowed to lag behind the writes by a bounded time (``stale``), so that
a long ingest does not make every request compute it again.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dossier
from dossier.kb import KnowledgeBase

DEFAULT_SIZE = 4  # connections; dossier serve --threads
KEPT = 16  # answers kept by ``Answers``


class Readers:
    """Up to ``size`` open connections to one store, lent to one thread at a time."""

    def __init__(self, db_path: Path, size: int = DEFAULT_SIZE):
        self.db_path = db_path
        self.size = max(1, size)
        self.idle: queue.LifoQueue[KnowledgeBase] = queue.LifoQueue()
        self.opened: list[KnowledgeBase] = [dossier.open(db_path)]  # creates the file
        self.idle.put(self.opened[0])
        self.lock = threading.Lock()

    @contextmanager
    def borrow(self) -> Iterator[KnowledgeBase]:
        kb = self._take()
        try:
            yield kb
        finally:
            self.idle.put(kb)

    def _take(self) -> KnowledgeBase:
        try:
            return self.idle.get_nowait()
        except queue.Empty:
            pass
        with self.lock:
            if len(self.opened) < self.size:
                kb = dossier.open(self.db_path, create=False)
                self.opened.append(kb)
                return kb
        return self.idle.get()

    def close(self) -> None:
        with self.lock:
            for kb in self.opened:
                kb.close()
            self.opened.clear()


@dataclass(frozen=True)
class Kept:
    answer: Any
    version: int  # the store's data_version when it was computed
    at: float  # time.monotonic() then


class Answers:
    """The last ``KEPT`` answers, by key, each good until the store changes (or, with
    ``stale``, until it changed and the answer is more than ``stale`` seconds old).

    One computation per key at a time: a request that misses while another computes
    the same answer waits for it instead of scanning the store a second time."""

    def __init__(self, db_path: Path):
        self.watcher = dossier.open(db_path, create=False)
        self.lock = threading.Lock()
        self.gates: dict[Hashable, threading.Lock] = {}
        self.kept: OrderedDict[Hashable, Kept] = OrderedDict()

    def get(self, key: Hashable, compute: Callable[[], Any], stale: float = 0.0) -> Any:
        """The kept answer for ``key``, else ``compute()`` (kept for next time)."""
        with self.lock:
            gate = self.gates.setdefault(key, threading.Lock())
        with gate:
            with self.lock:
                version = self._version()
                found = self.kept.get(key)
                if found is not None and (
                    found.version == version or time.monotonic() - found.at <= stale
                ):
                    self.kept.move_to_end(key)
                    return found.answer
            # Outside the lock: other keys need not wait. Should the store change while
            # this runs, the answer is kept under the older version: the next request
            # computes it again.
            answer = compute()
            with self.lock:
                self.kept[key] = Kept(answer, version, time.monotonic())
                self.kept.move_to_end(key)
                while len(self.kept) > KEPT:
                    self.kept.popitem(last=False)
            return answer

    def _version(self) -> int:
        version: int = self.watcher.db.read("PRAGMA data_version")[0][0]
        return version

    def close(self) -> None:
        self.watcher.close()
