"""Read one stored document back as the ``Extraction`` that was ingested.

The store keeps every field of the dossier/1 record (each document's own actor ids,
the order of every list), so ``load_extraction(db, doc_id)`` equals the ingested
``Extraction`` field by field. Exports and re-checks start from here.

An actor's ``affiliations`` come back from ``document_actors.affiliations`` (the
document's own ids, in order, including any that name no actor of the document), not
from ``actor_affiliations``, which keeps only the merged ids lookups need.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict

from dossier.records import (
    Actor,
    Document,
    Event,
    Evidence,
    Extraction,
    Modality,
    Money,
    Quantity,
    Quote,
    Timex,
    When,
    Where,
)
from dossier.store.database import Database


def load_document(db: Database, doc_id: str) -> Document | None:
    """The stored document (text and metadata), or ``None`` if it is not stored."""
    found = db.read("SELECT * FROM documents WHERE id = ?", (doc_id,))
    if not found:
        return None
    row = found[0]
    return Document(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        url=row["url"],
        source=row["source"],
        published=row["published"],
        language=row["language"],
    )


def load_extraction(db: Database, doc_id: str) -> Extraction | None:
    """The stored extraction of one document, or ``None`` if it is not stored."""
    document = load_document(db, doc_id)
    if document is None:
        return None
    return Extraction(
        document=document,
        actors=_actors(db, doc_id),
        events=_events(db, doc_id),
        quotes=_quotes(db, doc_id),
        timexes=tuple(
            Timex(r["text"], (r["start"], r["end"]), r["type"], r["value"], r["mod"])
            for r in db.read("SELECT * FROM timexes WHERE doc_id = ? ORDER BY position", (doc_id,))
        ),
        quantities=tuple(
            Quantity(
                kind=r["kind"],
                value=r["value"],
                span=(r["start"], r["end"]),
                currency=r["currency"],
                approximate=bool(r["approximate"]),
                text=r["text"],
            )
            for r in db.read(
                "SELECT * FROM quantities WHERE doc_id = ? ORDER BY position", (doc_id,)
            )
        ),
    )


def _grouped(db: Database, sql: str, doc_id: str) -> dict[object, list[sqlite3.Row]]:
    groups: dict[object, list[sqlite3.Row]] = defaultdict(list)
    for row in db.read(sql, (doc_id,)):
        groups[row[0]].append(row)
    return groups


def _actors(db: Database, doc_id: str) -> tuple[Actor, ...]:
    aliases = _grouped(
        db, "SELECT local_id, alias FROM actor_aliases WHERE doc_id = ? ORDER BY position", doc_id
    )
    roles = _grouped(
        db, "SELECT local_id, role FROM actor_roles WHERE doc_id = ? ORDER BY position", doc_id
    )
    mentions = _grouped(
        db,
        'SELECT local_id, start, "end" FROM mentions WHERE doc_id = ? ORDER BY position',
        doc_id,
    )
    return tuple(
        Actor(
            id=r["local_id"],
            name=r["name"],
            kind=r["kind"],
            aliases=tuple(a["alias"] for a in aliases[r["local_id"]]),
            country=r["country"],
            sector=r["sector"],
            roles=tuple(a["role"] for a in roles[r["local_id"]]),
            affiliations=tuple(json.loads(r["affiliations"])),
            mentions=tuple((m["start"], m["end"]) for m in mentions[r["local_id"]]),
            dictionary_id=r["dictionary_id"],
        )
        for r in db.read(
            "SELECT * FROM document_actors WHERE doc_id = ? ORDER BY position", (doc_id,)
        )
    )


def _events(db: Database, doc_id: str) -> tuple[Event, ...]:
    contexts = _grouped(
        db,
        "SELECT c.event_key, c.context FROM event_contexts c JOIN events e ON e.key = c.event_key"
        " WHERE e.doc_id = ? ORDER BY c.position",
        doc_id,
    )
    people = _grouped(
        db,
        "SELECT ea.event_key, ea.role, ea.local_id FROM event_actors ea"
        " JOIN events e ON e.key = ea.event_key WHERE e.doc_id = ? ORDER BY ea.position",
        doc_id,
    )
    return tuple(
        _event(r, [c["context"] for c in contexts[r["key"]]], people[r["key"]])
        for r in db.read("SELECT * FROM events WHERE doc_id = ? ORDER BY position", (doc_id,))
    )


def _event(r: sqlite3.Row, contexts: list[str], people: list[sqlite3.Row]) -> Event:
    where = None
    if r["place"] is not None:
        where = Where(
            r["place"], r["country"], r["admin1"], r["lat"], r["lon"], r["place_precision"]
        )
    money = None
    if r["money_amount"] is not None:
        money = Money(r["money_amount"], r["money_currency"])
    return Event(
        id=r["local_id"],
        type=r["type"],
        mode=r["mode"],
        context=tuple(contexts),
        actor=tuple(p["local_id"] for p in people if p["role"] == "actor"),
        recipient=tuple(p["local_id"] for p in people if p["role"] == "recipient"),
        when=When(r["when_start"], r["when_end"], r["precision"], r["when_text"]),
        where=where,
        killed=r["killed"],
        injured=r["injured"],
        arrested=r["arrested"],
        money=money,
        modality=Modality(
            negated=bool(r["negated"]),
            hypothetical=bool(r["hypothetical"]),
            future=bool(r["future"]),
            historical=bool(r["historical"]),
            hedged=bool(r["hedged"]),
        ),
        attribution=tuple(json.loads(r["attribution"])),
        evidence=Evidence(
            (r["sentence_start"], r["sentence_end"]), (r["trigger_start"], r["trigger_end"])
        ),
        confidence=r["confidence"],
    )


def _quotes(db: Database, doc_id: str) -> tuple[Quote, ...]:
    return tuple(
        Quote(
            text=r["text"],
            span=(r["start"], r["end"]),
            speaker=r["speaker_local_id"],
            when=None
            if r["precision"] is None
            else When(r["when_start"], r["when_end"], r["precision"], r["when_text"]),
        )
        for r in db.read("SELECT * FROM quotes WHERE doc_id = ? ORDER BY position", (doc_id,))
    )
