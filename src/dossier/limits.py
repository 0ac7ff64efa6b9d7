"""The per-document time limit: a deadline the extraction stages check as they go.

A ``Deadline`` starts when dossier begins work on a document. It is enforced two ways,
so that it holds wherever extraction runs:

- cooperatively: ``check()`` raises E041 once the deadline has passed. The pipeline
  checks between stages and the stages call ``check`` inside their loops over
  sentences and triggers; this works in any thread (a Dask worker, a web upload).
- by a timer: in a process's main thread (``--jobs 1`` and each ``--jobs N`` worker),
  ``running`` also arms ``SIGALRM``, whose handler raises the same error wherever
  Python code is running, such as inside spaCy's parser or a stage's inner loop.

Neither can stop a single call into C that never returns to Python (one regular
expression search, say); the size limit (``Config.max_chars``) bounds those.

The deadline in force is held in a ``ContextVar``, so each thread and each task sees
its own and the stage functions need no extra argument.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import FrameType

from dossier.errors import ExtractionError, Messages


class Deadline:
    """The moment by which one document's extraction must end; ``None`` means never."""

    def __init__(self, doc_id: str, seconds: float | None):
        self.doc_id = doc_id
        self.seconds = seconds
        self.ends = None if seconds is None else time.monotonic() + seconds
        self.stage = "parse"

    def passed(self) -> bool:
        return self.ends is not None and time.monotonic() >= self.ends

    def enter(self, stage: str) -> None:
        """Note that ``stage`` begins, after checking there is time left for it."""
        self.check(self.stage)
        self.stage = stage

    def check(self, stage: str | None = None) -> None:
        """Raise E041, naming ``stage`` (or the current one), if the deadline has passed."""
        if self.passed():
            raise self.error(stage or self.stage)

    def error(self, stage: str) -> ExtractionError:
        message = Messages.E041.format(doc_id=self.doc_id, seconds=self.seconds, stage=stage)
        return ExtractionError(message, doc_id=self.doc_id, stage=stage)


_current: ContextVar[Deadline | None] = ContextVar("dossier_deadline", default=None)


def check() -> None:
    """Raise E041 if the document being extracted in this context is out of time.

    Stages call this inside loops whose length grows with the text; outside a
    ``running`` block it does nothing.
    """
    deadline = _current.get()
    if deadline is not None:
        deadline.check()


@contextmanager
def running(deadline: Deadline) -> Iterator[None]:
    """Make ``deadline`` the one ``check`` sees, and arm ``SIGALRM`` where that works."""
    token = _current.set(deadline)
    try:
        with _alarm(deadline):
            yield
    finally:
        _current.reset(token)


@contextmanager
def _alarm(deadline: Deadline) -> Iterator[None]:
    """Raise E041 from a ``SIGALRM`` when the deadline passes, in the main thread only.

    Nothing is armed in other threads, when the limit is off, or when something else
    (a caller's own handler or timer, a fuzzer's say) has ``SIGALRM``: it is left alone.
    """
    if (
        deadline.seconds is None
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGALRM) != signal.SIG_DFL
        or signal.getitimer(signal.ITIMER_REAL) != (0.0, 0.0)
    ):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise deadline.error(deadline.stage)

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(deadline.seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
