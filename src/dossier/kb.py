"""The knowledge base, as Python: ``kb = dossier.open("dossier.sqlite")``.

``KnowledgeBase`` stores extractions (``ingest``) and answers questions about them
(``events``, ``actors``, ``actor``, ``timeline``, ``search``, ``stats``,
``documents``). Queries return ``Results``: lists of frozen row records with
``to_dicts()`` and ``to_pandas()``. The CLI is a thin layer over these methods.

Filters accept one value or several (``type="ASSAULT"`` or ``type=["ASSAULT",
"COERCE"]``); several values of one filter are alternatives, different filters must all
hold. Actor filters take names as people type them: an id, a name, an alias or a
short form ("Valencia"); ``since`` and ``until`` take ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD`` and select events whose span overlaps.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Literal

from dossier.errors import DossierError, ExtractionError
from dossier.records import Document, Extraction
from dossier.store import backup as copies
from dossier.store import lookup, query
from dossier.store.backup import Copy
from dossier.store.database import DEFAULT_TIMEOUT, Database
from dossier.store.evidence import marks
from dossier.store.filters import EventFilter
from dossier.store.lookup import ActorFilter
from dossier.store.query import events as query_events
from dossier.store.restore import load_document, load_extraction
from dossier.store.rows import (
    ActorProfile,
    ActorRow,
    Count,
    DocumentRow,
    EventRow,
    Mark,
    Results,
    SearchHit,
    Stats,
)
from dossier.store.writer import Outcome, Store

if TYPE_CHECKING:
    from dossier.config import Config

Many = str | Iterable[str] | None
Reextracted = Literal["changed", "unchanged"]


def open(
    path: str | Path = "dossier.sqlite", *, create: bool = True, timeout: float = DEFAULT_TIMEOUT
) -> KnowledgeBase:
    """Open (or, with ``create``, make) the knowledge base at ``path``.

    ``timeout`` is how long, in seconds, to wait for another process writing to the
    same file before giving up with a ``StoreError``.
    """
    return KnowledgeBase(path, create=create, timeout=timeout)


def restore(
    source: str | Path,
    path: str | Path = "dossier.sqlite",
    *,
    force: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> Copy:
    """Replace the knowledge base at ``path`` with the backup ``source``, atomically.

    ``source`` must be a dossier knowledge base of a schema this dossier knows (it is
    migrated to the current one) that passes SQLite's integrity check. A ``path`` that
    holds documents, or is some other file, is replaced only with ``force``; one open
    in another process never is.
    """
    return copies.restore(source, path, force=force, timeout=timeout)


def _many(value: Many) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _date(value: str | None) -> str | None:
    from dossier.read.dates import parse_date

    return None if value is None else parse_date(value)


class KnowledgeBase:
    """One knowledge base file: ingest extractions, query events, actors and text."""

    def __init__(
        self, path: str | Path, *, create: bool = True, timeout: float = DEFAULT_TIMEOUT
    ):
        self.store = Store(path, timeout=timeout, create=create)
        self.db = self.store.db
        self.path = self.store.path

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"KnowledgeBase({self.path!r})"

    def close(self) -> None:
        self.store.close()

    # Writing

    def ingest(self, extraction: Extraction, *, force: bool = False) -> Outcome:
        """Store one extraction: ``stored``, ``skipped`` (same content) or ``replaced``."""
        return self.store.ingest(extraction, force=force)

    def is_stored(self, document: Document) -> bool:
        """Whether this document, with this exact text and metadata, is stored."""
        return self.store.is_stored(document)

    def delete(self, doc_id: str) -> bool:
        """Remove a document and all it said; ``False`` if it was not stored."""
        return self.store.delete(doc_id)

    def backup(self, destination: str | Path, *, force: bool = False) -> Copy:
        """Copy the knowledge base to ``destination`` (SQLite's online backup: other
        processes go on reading and writing); an existing file only with ``force``."""
        return copies.backup(self.db, destination, force=force)

    def reextract(self, config: Config) -> Iterator[tuple[str, Reextracted | DossierError]]:
        """Extract every stored document again from its stored text and metadata.

        Yields each document's id with ``changed`` (its records were replaced, in one
        transaction of its own), ``unchanged`` (the extractor gives what is stored) or
        the error that kept its old records in place. Interrupted, it leaves every
        document either old or new; run again, it finds the new ones unchanged.
        """
        from dossier.pipeline import extract

        ids = [row[0] for row in self.db.read("SELECT id FROM documents ORDER BY key")]
        # With --jobs, the pipeline reads its input on a thread of its own: give that
        # thread a connection of its own.
        in_memory = self.path == ":memory:"
        reader = self.db if in_memory else Database(self.path, timeout=self.db.timeout)
        try:
            stored = (load_document(reader, doc_id) for doc_id in ids)
            documents = (document for document in stored if document is not None)
            for result in extract(documents, config):
                if isinstance(result, DossierError):
                    yield result.doc_id or "", result
                    continue
                doc_id = result.document.id
                if self.extraction(doc_id) == result:
                    yield doc_id, "unchanged"
                    continue
                try:
                    self.store.ingest(result, force=True)
                except ExtractionError as exc:
                    yield doc_id, exc
                    continue
                yield doc_id, "changed"
        finally:
            if not in_memory:
                reader.close()

    # Reading

    def extraction(self, doc_id: str) -> Extraction | None:
        """The stored document as the ``Extraction`` that was ingested."""
        return load_extraction(self.db, doc_id)

    def resolve(self, name: str) -> tuple[str, ...]:
        """The store ids of the actors a name, alias or short form designates."""
        return lookup.resolve(self.db, name)

    def events(
        self,
        *,
        actor: str | None = None,
        recipient: str | None = None,
        involving: str | None = None,
        type: Many = None,
        mode: Many = None,
        context: Many = None,
        country: Many = None,
        since: str | None = None,
        until: str | None = None,
        min_killed: int | None = None,
        hedged: bool | None = None,
        text: str | None = None,
        doc: Many = None,
        limit: int | None = None,
        sort: str = "date",
    ) -> Results[EventRow]:
        """Events matching every filter given.

        ``actor``: who acts; ``recipient``: on whom; ``involving``: either. ``text`` is
        a full-text query over evidence sentences. ``sort`` is ``date``, ``-date``,
        ``killed``, ``confidence`` or ``doc``.
        """
        query = self.event_filter(
            actor=actor,
            recipient=recipient,
            involving=involving,
            type=type,
            mode=mode,
            context=context,
            country=country,
            since=since,
            until=until,
            min_killed=min_killed,
            hedged=hedged,
            text=text,
            doc=doc,
            limit=limit,
            sort=sort,
        )
        return Results(query_events(self.db, query), EventRow)

    def event_filter(
        self,
        *,
        actor: str | None = None,
        recipient: str | None = None,
        involving: str | None = None,
        type: Many = None,
        mode: Many = None,
        context: Many = None,
        country: Many = None,
        since: str | None = None,
        until: str | None = None,
        min_killed: int | None = None,
        hedged: bool | None = None,
        text: str | None = None,
        doc: Many = None,
        limit: int | None = None,
        sort: str = "date",
    ) -> EventFilter:
        """The ``EventFilter`` for ``events``' arguments: names resolved, dates checked."""
        return EventFilter(
            actor=None if actor is None else self.resolve(actor),
            recipient=None if recipient is None else self.resolve(recipient),
            involving=None if involving is None else self.resolve(involving),
            type=_many(type),
            mode=_many(mode),
            context=_many(context),
            country=_many(country),
            since=_date(since),
            until=_date(until),
            min_killed=min_killed,
            hedged=hedged,
            text=text,
            doc=_many(doc),
            limit=limit,
            sort=sort,
        )

    def event(self, event_id: str) -> EventRow | None:
        """One event by its id (``<doc_id>:e<n>``), or ``None``."""
        return query.event_by_id(self.db, event_id)

    def marks(self, event: EventRow) -> tuple[Mark, ...]:
        """The spans of the event's sentence to highlight: trigger, actors, time, ..."""
        return marks(self.db, event)

    def timeline(
        self,
        actor: str | None = None,
        *,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
    ) -> Results[EventRow]:
        """Dated events in time order; with ``actor``, those it acts in or undergoes."""
        found = query.events(
            self.db,
            EventFilter(
                involving=None if actor is None else self.resolve(actor),
                since=_date(since),
                until=_date(until),
                dated=True,
                limit=limit,
                sort="date",
            ),
        )
        return Results(found, EventRow)

    def actors(
        self,
        name: str | None = None,
        *,
        kind: str | None = None,
        country: str | None = None,
        sector: str | None = None,
        limit: int | None = None,
    ) -> Results[ActorRow]:
        """Merged actors, most events first; ``name`` matches words of names and aliases."""
        found = lookup.actor_rows(
            self.db,
            ActorFilter(name=name, kind=kind, country=country, sector=sector, limit=limit),
        )
        return Results(found, ActorRow)

    def actor(self, name_or_id: str, *, limit: int | None = None) -> ActorProfile | None:
        """Everything about one actor (the most active one the name designates); with
        ``limit``, at most that many of its events as actor and as recipient, and of
        its documents (the first by publication date; ``actor.documents`` counts them
        all)."""
        ids = self.resolve(name_or_id)
        if not ids:
            return None
        row = lookup.actor_row(self.db, ids[0])
        if row is None:
            return None
        return ActorProfile(
            actor=row,
            roles=lookup.roles(self.db, row.id),
            as_actor=tuple(query.events(self.db, EventFilter(actor=(row.id,), limit=limit))),
            as_recipient=tuple(
                query.events(self.db, EventFilter(recipient=(row.id,), limit=limit))
            ),
            quotes=lookup.quotes(self.db, row.id),
            doc_ids=lookup.documents_of(self.db, row.id, limit),
            affiliations=lookup.affiliations(self.db, row.id),
        )

    def search(self, text: str, limit: int = 20) -> Results[SearchHit]:
        """Full-text search over documents and evidence sentences, best matches first.

        Every word must appear (accents and case ignored); ``"two words"`` is a phrase
        and ``word*`` a prefix. Any other syntax is searched as plain words.
        """
        return Results(query.search(self.db, text, limit), SearchHit)

    def totals(self) -> dict[str, int]:
        """How many documents, events and actors the store holds (cheap)."""
        row = self.db.read(
            "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM events),"
            " (SELECT COUNT(*) FROM actors)"
        )[0]
        return {"documents": row[0], "events": row[1], "actors": row[2]}

    def stats(self) -> Stats:
        """Counts, and events by type, month, country and actor; deaths by month."""
        return query.stats(self.db)

    def dyads(self, limit: int = 20) -> tuple[Count, ...]:
        """The actor → recipient pairs with the most events, most first."""
        return query.dyads(self.db, limit)

    def documents(
        self,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
    ) -> Results[DocumentRow]:
        """Stored documents (without their text), oldest publication first."""
        where: list[str] = []
        params: list[object] = []
        if source is not None:
            where.append("d.source = ?")
            params.append(source)
        if since is not None:
            where.append("d.published >= ?")
            params.append(_date(since))
        if until is not None:
            where.append("substr(d.published, 1, ?) <= ?")
            until_date = _date(until) or ""
            params.extend((len(until_date), until_date))
        sql = (
            "SELECT d.id, d.title, d.url, d.source, d.published, d.language, length(d.text),"
            " (SELECT COUNT(*) FROM events e WHERE e.doc_id = d.id), d.content_hash,"
            " d.ingested_at FROM documents d"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.published IS NULL, d.published, d.key"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(limit, 0))
        return Results([DocumentRow(*row) for row in self.db.read(sql, params)], DocumentRow)
