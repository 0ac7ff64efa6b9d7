"""What every export reads: the selected events, and the knowledge base behind them.

A writer takes a ``Source``: a whole ``KnowledgeBase`` (every event, in date order), a
``Selection`` (the events a filter chose, from ``select(kb, ...)``, which takes the same
filters as ``kb.events`` and ``dossier events``), or plain ``EventRow`` objects (what
``kb.events`` returned). Writers that need more than the rows hold (actors' kinds and
sectors, documents' URLs, whole extractions) ask the ``Selection`` for it; from rows
alone they do without, except ``jsonl``, which needs the store (E141).

Outputs are a text or binary stream, or a path, which ``opened`` opens.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Union

from dossier.errors import DossierError, Messages
from dossier.records import Extraction
from dossier.store.lookup import rows_for
from dossier.store.rows import ActorRow, DocumentRow, EventRow

if TYPE_CHECKING:
    from dossier.kb import KnowledgeBase

Output = IO[str] | IO[bytes] | Path | str
_CHUNK = 500


@dataclass(frozen=True)
class Exported:
    """What a writer wrote: ``count`` records of ``unit``; ``skipped`` events left out."""

    count: int
    unit: str
    skipped: int = 0
    reason: str = ""


@dataclass(frozen=True)
class Selection:
    """Events chosen for an export and, when known, the knowledge base they come from.

    ``actors``, ``documents`` and ``names`` read the store once, for every event at
    once, and keep the answer (a selection is read by one writer, then dropped).
    """

    events: tuple[EventRow, ...]
    kb: KnowledgeBase | None = None
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def doc_ids(self) -> tuple[str, ...]:
        """The documents of the events, in the order their first event comes."""
        return tuple(dict.fromkeys(row.doc_id for row in self.events))

    def actor_ids(self) -> tuple[str, ...]:
        """The store ids of every actor and recipient, in order of first appearance."""
        ids: dict[str, None] = {}
        for row in self.events:
            ids.update(dict.fromkeys(row.actor))
            ids.update(dict.fromkeys(row.recipient))
        return tuple(ids)

    def actors(self) -> dict[str, ActorRow]:
        """The merged store actors the events name, by id (empty without a store)."""
        if "actors" not in self._cache:
            found: dict[str, ActorRow] = {}
            if self.kb is not None:
                for chunk in _chunks(self.actor_ids()):
                    rows = self.kb.db.read(
                        f"SELECT a.* FROM actors a WHERE a.id IN ({_marks(chunk)})", chunk
                    )
                    found.update((row.id, row) for row in rows_for(self.kb.db, rows))
            self._cache["actors"] = found
        return dict(self._cache["actors"])

    def documents(self) -> dict[str, DocumentRow]:
        """The documents of the events, by id (empty without a store)."""
        if "documents" not in self._cache:
            found: dict[str, DocumentRow] = {}
            if self.kb is not None:
                for chunk in _chunks(self.doc_ids()):
                    for row in self.kb.db.read(
                        "SELECT d.id, d.title, d.url, d.source, d.published, d.language,"
                        " length(d.text), (SELECT COUNT(*) FROM events e WHERE e.doc_id = d.id),"
                        f" d.content_hash, d.ingested_at FROM documents d WHERE d.id IN"
                        f" ({_marks(chunk)})",
                        chunk,
                    ):
                        found[row[0]] = DocumentRow(*row)
            self._cache["documents"] = found
        return dict(self._cache["documents"])

    def names(self) -> dict[tuple[str, str], str]:
        """(document id, store actor id) -> the name that document gives the actor."""
        if "names" not in self._cache:
            found: dict[tuple[str, str], str] = {}
            if self.kb is not None:
                for chunk in _chunks(self.doc_ids()):
                    rows: Sequence[sqlite3.Row] = self.kb.db.read(
                        "SELECT doc_id, actor_id, name FROM document_actors"
                        f" WHERE doc_id IN ({_marks(chunk)}) ORDER BY doc_id, position",
                        chunk,
                    )
                    for doc_id, actor_id, name in rows:
                        found.setdefault((doc_id, actor_id), name)
            self._cache["names"] = found
        return dict(self._cache["names"])

    def text(self, doc_id: str) -> str | None:
        """A document's text (``None`` without a store)."""
        if self.kb is None:
            return None
        found = self.kb.db.read("SELECT text FROM documents WHERE id = ?", (doc_id,))
        return found[0][0] if found else None

    def extraction(self, doc_id: str, *, fmt: str = "jsonl") -> Extraction | None:
        """The stored extraction of one document; the store is required (E141)."""
        if self.kb is None:
            raise DossierError(Messages.E141.format(format=fmt))
        return self.kb.extraction(doc_id)


Source = Union["KnowledgeBase", Selection, Iterable[EventRow]]


def select(kb: KnowledgeBase, **filters: Any) -> Selection:
    """The events ``kb.events(**filters)`` returns, with ``kb`` behind them.

    The filters are ``kb.events``' own (``actor``, ``type``, ``since``, ..., ``limit``,
    ``sort``), so an export holds exactly the rows ``dossier events`` lists with the same
    options. Without ``limit`` every matching event is selected.
    """
    return Selection(tuple(kb.events(**filters)), kb)


def as_selection(source: Source) -> Selection:
    """Any ``Source`` as a ``Selection``: a whole store selects all its events by date."""
    from dossier.kb import KnowledgeBase

    if isinstance(source, Selection):
        return source
    if isinstance(source, KnowledgeBase):
        return Selection(tuple(source.events()), source)
    return Selection(tuple(source))


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _chunks(values: Sequence[str]) -> Iterator[tuple[str, ...]]:
    for start in range(0, len(values), _CHUNK):
        yield tuple(values[start : start + _CHUNK])


@contextlib.contextmanager
def opened(out: Output, *, binary: bool = False) -> Iterator[Any]:
    """``out`` as a stream to write to: a path is opened (and closed), a stream is used
    as it is. Text files are UTF-8 with newlines written as given."""
    if not isinstance(out, str | Path):
        yield out
        return
    path = Path(out)
    try:
        stream = path.open("wb") if binary else path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise DossierError(Messages.E143.format(path=path, detail=exc.strerror or exc)) from exc
    with stream:
        yield stream


def _xml_char(char: str) -> bool:
    code = ord(char)
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def clean_text(value: str) -> str:
    """Text without the characters XML 1.0 cannot hold (control characters other than
    tab and line ends, lone surrogates): each becomes a space."""
    if all(_xml_char(char) for char in value):
        return value
    return "".join(char if _xml_char(char) else " " for char in value)


def one_line(value: str | None) -> str:
    """Text on one line: runs of white space (newlines too) become one space."""
    return " ".join((value or "").split())
