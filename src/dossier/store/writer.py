"""Ingest: one ``Extraction`` into the store, whole or not at all.

``Store.ingest`` writes each document in one ``BEGIN IMMEDIATE`` ... ``COMMIT``
transaction, so a process killed at any moment (kill -9) leaves every document either
fully stored or absent, and running the ingest again finishes the work.
``Store.ingest_many`` writes several documents, one after the other by the same
steps, in one transaction (the reduce of ``--engine dask`` merges a partition so).

- A document already stored with the same id and the same content hash is skipped.
  The hash covers the document's text and metadata, not the extraction, so a better
  extractor's output replaces an old one only when asked (``force=True``).
- A document stored with a different hash is replaced: its old rows are deleted and the
  new ones inserted in the same transaction; nothing is duplicated.
- Actors merge across documents: by dictionary id when the actor dictionary knew the
  actor, else by kind and normalised name (``names.normalise``) among actors without a
  dictionary id. Each document's actor id maps to the store's actor id
  (``document_actors``); aliases, roles and affiliations accumulate, each row keeping
  its document. An affiliation is stored with the merged ids of both sides
  (``actor_affiliations``) when it names an actor of the same document, and not when
  it names no actor of the document or, merged, the actor itself.
- The merged ``actors`` row (name, country, sector, counts) depends only on what is
  stored: each document written or deleted adds or takes away its own share of the
  actor's tallies (``store/actors.py``), and the row is recomputed from them, at a cost
  that does not grow with the store. An actor that no stored document names any more
  is deleted: the store never holds an actor without a source.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from dossier.errors import ExtractionError, Messages
from dossier.records import Actor, Document, Event, Extraction
from dossier.store import actors
from dossier.store.checks import check
from dossier.store.database import DEFAULT_TIMEOUT, Database
from dossier.store.names import day_span, event_id, normalise

Outcome = Literal["stored", "skipped", "replaced"]


def content_hash(document: Document) -> str:
    """SHA-256 of the document's text and metadata: what decides skip or replace."""
    payload = json.dumps(document.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


class Store:
    """A knowledge base file opened for writing (and reading)."""

    def __init__(self, path: str | Path, *, timeout: float = DEFAULT_TIMEOUT, create: bool = True):
        self.db = Database(path, timeout=timeout, create=create)
        self.path = self.db.path

    def close(self) -> None:
        self.db.close()

    def stored_hash(self, doc_id: str) -> str | None:
        rows = self.db.read("SELECT content_hash FROM documents WHERE id = ?", (doc_id,))
        return rows[0][0] if rows else None

    def is_stored(self, document: Document) -> bool:
        """Whether this exact document (text and metadata) is already in the store."""
        return self.stored_hash(document.id) == content_hash(document)

    def ingest(self, extraction: Extraction, *, force: bool = False) -> Outcome:
        """Store one document's extraction; return ``stored``, ``skipped`` or ``replaced``.

        Raises ``ExtractionError`` for an extraction that contradicts itself (an event
        naming an actor the document does not define, a span outside the text) and
        ``StoreError`` when the file cannot be written or stays busy past the timeout.
        """
        return self.ingest_many((extraction,), force=force)[0]

    def ingest_many(
        self, extractions: Sequence[Extraction], *, force: bool = False
    ) -> list[Outcome]:
        """Store several documents' extractions in order, in ONE transaction: all or none.

        Each document is merged exactly as ``ingest`` would merge it after the ones
        before it (the rows, merged actors and outcomes are the same); only the commit
        is shared, so a batch costs one commit and writes each page it touches once.
        Every extraction is checked before anything is written; an error (E109 for an
        event id another document holds, say) rolls the whole batch back.
        """
        for extraction in extractions:
            check(extraction)
        with self.db.write() as connection:
            return [_ingest(connection, extraction, force) for extraction in extractions]

    def delete(self, doc_id: str) -> bool:
        """Remove one document and everything it said; ``False`` if it was not stored."""
        with self.db.write() as connection:
            found = connection.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,))
            if found.fetchone() is None:
                return False
            actors.refresh(connection, _delete(connection, doc_id))
        return True


def _ingest(connection: sqlite3.Connection, extraction: Extraction, force: bool) -> Outcome:
    """One checked document, inside the caller's transaction."""
    document = extraction.document
    digest = content_hash(document)
    row = connection.execute(
        "SELECT content_hash FROM documents WHERE id = ?", (document.id,)
    ).fetchone()
    if row is not None and row[0] == digest and not force:
        return "skipped"
    touched = _delete(connection, document.id) if row is not None else set()
    _check_event_ids(connection, extraction)
    touched |= _insert(connection, extraction, digest)
    actors.refresh(connection, touched)
    return "stored" if row is None else "replaced"


def _check_event_ids(connection: sqlite3.Connection, extraction: Extraction) -> None:
    doc_id = extraction.document.id
    for event in extraction.events:
        row = connection.execute(
            "SELECT doc_id FROM events WHERE id = ?", (event_id(doc_id, event.id),)
        ).fetchone()
        if row is not None:
            raise ExtractionError(
                Messages.E109.format(doc_id=doc_id, event=event.id, other=row[0]),
                doc_id=doc_id,
                stage="store",
            )


def _delete(connection: sqlite3.Connection, doc_id: str) -> set[str]:
    """Delete one document's rows and its share of its actors; return their ids."""
    touched = actors.tally(connection, doc_id, -1)
    for table in ("event_contexts", "event_actors"):
        connection.execute(
            f"DELETE FROM {table} WHERE event_key IN (SELECT key FROM events WHERE doc_id = ?)",
            (doc_id,),
        )
    for table in (
        "events",
        "mentions",
        "actor_affiliations",
        "actor_roles",
        "actor_aliases",
        "quotes",
        "timexes",
        "quantities",
        "document_actors",
    ):
        connection.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
    connection.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    return touched


def _insert(connection: sqlite3.Connection, extraction: Extraction, digest: str) -> set[str]:
    """Insert one document's rows; return the store ids of its actors."""
    document = extraction.document
    text = document.text
    connection.execute(
        "INSERT INTO documents (id, title, url, source, published, language, text,"
        " content_hash, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            document.id,
            document.title,
            document.url,
            document.source,
            document.published,
            document.language,
            text,
            digest,
            datetime.now(UTC).isoformat(timespec="seconds"),
        ),
    )
    ids = {a.id: actors.merge(connection, a) for a in extraction.actors}
    for position, actor in enumerate(extraction.actors):
        _insert_actor(connection, document, actor, ids[actor.id], position)
    _insert_affiliations(connection, extraction, ids)
    for position, event in enumerate(extraction.events):
        _insert_event(connection, document, event, ids, position)
    connection.executemany(
        "INSERT INTO quotes (doc_id, position, speaker_id, speaker_local_id, text, start,"
        ' "end", when_start, when_end, precision, when_text)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                document.id,
                position,
                None if q.speaker is None else ids[q.speaker],
                q.speaker,
                q.text,
                *q.span,
                *(
                    (None, None, None, None)
                    if q.when is None
                    else (q.when.start, q.when.end, q.when.precision, q.when.text)
                ),
            )
            for position, q in enumerate(extraction.quotes)
        ],
    )
    connection.executemany(
        'INSERT INTO timexes (doc_id, position, text, start, "end", type, value, mod)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (document.id, position, t.text, *t.span, t.type, t.value, t.mod)
            for position, t in enumerate(extraction.timexes)
        ],
    )
    connection.executemany(
        "INSERT INTO quantities (doc_id, position, kind, value, currency, start,"
        ' "end", approximate, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
            (document.id, position, q.kind, q.value, q.currency, *q.span, q.approximate, q.text)
            for position, q in enumerate(extraction.quantities)
        ],
    )
    return actors.tally(connection, document.id, 1)


def _insert_actor(
    connection: sqlite3.Connection, document: Document, actor: Actor, store_id: str, position: int
) -> None:
    connection.execute(
        "INSERT INTO document_actors (doc_id, local_id, position, actor_id, name, norm_name,"
        " kind, country, sector, dictionary_id, affiliations)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            document.id,
            actor.id,
            position,
            store_id,
            actor.name,
            normalise(actor.name),
            actor.kind,
            actor.country,
            actor.sector,
            actor.dictionary_id,
            json.dumps(list(actor.affiliations), ensure_ascii=False),
        ),
    )
    connection.executemany(
        "INSERT INTO actor_aliases (actor_id, alias, norm, doc_id, local_id, position)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (store_id, alias, normalise(alias), document.id, actor.id, i)
            for i, alias in enumerate(actor.aliases)
        ],
    )
    connection.executemany(
        "INSERT INTO actor_roles (actor_id, role, doc_id, published, local_id, position)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (store_id, role, document.id, document.published, actor.id, i)
            for i, role in enumerate(actor.roles)
        ],
    )
    connection.executemany(
        'INSERT INTO mentions (actor_id, doc_id, start, "end", text, local_id, position)'
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (store_id, document.id, start, end, document.text[start:end], actor.id, i)
            for i, (start, end) in enumerate(actor.mentions)
        ],
    )


def _insert_affiliations(
    connection: sqlite3.Connection, extraction: Extraction, ids: dict[str, str]
) -> None:
    """One row per affiliation naming another actor of the document, in store ids."""
    document = extraction.document
    connection.executemany(
        "INSERT INTO actor_affiliations (actor_id, affiliation_id, doc_id, published, position)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (ids[actor.id], ids[local], document.id, document.published, i)
            for actor in extraction.actors
            for i, local in enumerate(actor.affiliations)
            if local in ids and ids[local] != ids[actor.id]
        ],
    )


_EVENT_COLUMNS = (
    "id, doc_id, local_id, position, type, mode, when_start, when_end, precision, when_text,"
    " date_start, date_end, month, place, country, admin1, lat, lon, place_precision,"
    " killed, injured, arrested, money_amount, money_currency, negated, hypothetical,"
    " future, historical, hedged, attribution, sentence_start, sentence_end,"
    " trigger_start, trigger_end, sentence, trigger, confidence"
)
_EVENT_INSERT = (
    f"INSERT INTO events ({_EVENT_COLUMNS})"
    f" VALUES ({', '.join('?' * len(_EVENT_COLUMNS.split(',')))})"
)


def event_values(document: Document, event: Event, position: int) -> tuple[object, ...]:
    """The ``events`` row of one event, in ``_EVENT_COLUMNS`` order."""
    when, where, modality, evidence = event.when, event.where, event.modality, event.evidence
    date_start, date_end = day_span(when.start, when.end)
    (s_start, s_end), (t_start, t_end) = evidence.sentence, evidence.trigger
    return (
        event_id(document.id, event.id),
        document.id,
        event.id,
        position,
        event.type,
        event.mode,
        when.start,
        when.end,
        when.precision,
        when.text,
        date_start,
        date_end,
        None if date_start is None else date_start[:7],
        *(
            (None,) * 6
            if where is None
            else (where.name, where.country, where.admin1, where.lat, where.lon, where.precision)
        ),
        event.killed,
        event.injured,
        event.arrested,
        *((None, None) if event.money is None else (event.money.amount, event.money.currency)),
        modality.negated,
        modality.hypothetical,
        modality.future,
        modality.historical,
        modality.hedged,
        json.dumps(list(event.attribution), ensure_ascii=False),
        s_start,
        s_end,
        t_start,
        t_end,
        document.text[s_start:s_end],
        document.text[t_start:t_end],
        event.confidence,
    )


def _insert_event(
    connection: sqlite3.Connection,
    document: Document,
    event: Event,
    ids: dict[str, str],
    position: int,
) -> None:
    key = connection.execute(_EVENT_INSERT, event_values(document, event, position)).lastrowid
    connection.executemany(
        "INSERT INTO event_contexts (event_key, position, context) VALUES (?, ?, ?)",
        [(key, i, context) for i, context in enumerate(event.context)],
    )
    connection.executemany(
        "INSERT INTO event_actors (event_key, role, position, actor_id, local_id)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (key, role, i, ids[local], local)
            for role, locals_ in (("actor", event.actor), ("recipient", event.recipient))
            for i, local in enumerate(locals_)
        ],
    )
