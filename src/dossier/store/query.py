"""The event, search and statistics queries (``filters`` turns filters into SQL).

Every value a user gives travels as a parameter; full-text queries are rebuilt from
the user's words (``filters.fts_query``) so that no input is read as FTS5 syntax.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import fields
from typing import TypeVar

from dossier.store.database import Database
from dossier.store.filters import SELECT, EventFilter, event_statements, facts, fts_query
from dossier.store.rows import MARK_CLOSE, MARK_OPEN, Count, EventRow, SearchHit, Stats

_CHUNK = 500
T = TypeVar("T")


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def events(db: Database, query: EventFilter) -> list[EventRow]:
    """The events a filter selects, in its sort order."""
    rows: list[sqlite3.Row] = []
    for sql in event_statements(query, facts(db, query)):
        rows.extend(db.read(sql.text, sql.params))
        if query.limit is not None and len(rows) >= query.limit:
            break
    return event_rows(db, rows if query.limit is None else rows[: query.limit])


def event_by_id(db: Database, event_id: str) -> EventRow | None:
    rows = db.read(SELECT.format(index="") + " WHERE e.id = ?", (event_id,))
    found = event_rows(db, rows)
    return found[0] if found else None


def event_rows(db: Database, rows: Sequence[sqlite3.Row]) -> list[EventRow]:
    """Turn ``events`` rows (joined with their document) into ``EventRow`` records."""
    contexts: dict[int, list[str]] = {}
    people: dict[tuple[int, str], list[tuple[str, str]]] = {}
    keys = [row["key"] for row in rows]
    for chunk in _chunks(keys):
        for key, context in db.read(
            f"SELECT event_key, context FROM event_contexts WHERE event_key IN ({_marks(chunk)})"
            " ORDER BY event_key, position",
            chunk,
        ):
            contexts.setdefault(key, []).append(context)
        for key, role, actor_id, name in db.read(
            "SELECT ea.event_key, ea.role, ea.actor_id, a.name FROM event_actors ea"
            f" JOIN actors a ON a.id = ea.actor_id WHERE ea.event_key IN ({_marks(chunk)})"
            " ORDER BY ea.event_key, ea.role, ea.position",
            chunk,
        ):
            people.setdefault((key, role), []).append((actor_id, name))
    return [_event_row(row, contexts, people) for row in rows]


def _chunks(values: list[T]) -> Iterable[list[T]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _event_row(
    row: sqlite3.Row,
    contexts: dict[int, list[str]],
    people: dict[tuple[int, str], list[tuple[str, str]]],
) -> EventRow:
    data = dict(zip(row.keys(), row, strict=True))
    key = data["key"]
    actors = people.get((key, "actor"), [])
    recipients = people.get((key, "recipient"), [])
    values = {name: data[name] for name in _DIRECT}
    for flag in ("negated", "hypothetical", "future", "historical", "hedged"):
        values[flag] = bool(values[flag])
    return EventRow(
        context=tuple(contexts.get(key, ())),
        actor=tuple(a for a, _ in actors),
        actor_names=tuple(n for _, n in actors),
        recipient=tuple(a for a, _ in recipients),
        recipient_names=tuple(n for _, n in recipients),
        attribution=tuple(json.loads(data["attribution"])),
        **values,
    )


_DERIVED = {"context", "actor", "actor_names", "recipient", "recipient_names", "attribution"}
_DIRECT = tuple(f.name for f in fields(EventRow) if f.name not in _DERIVED)


def search(db: Database, text: str, limit: int = 20) -> list[SearchHit]:
    """Documents and evidence sentences matching ``text``, best first, with snippets."""
    match = fts_query(text)
    if not match or limit <= 0:
        return []
    marks = (MARK_OPEN, MARK_CLOSE, "…")
    documents = db.read(
        "SELECT d.id, d.title, d.published,"
        " snippet(documents_fts, -1, ?, ?, ?, 16) AS snippet, bm25(documents_fts) AS rank"
        " FROM documents_fts JOIN documents d ON d.key = documents_fts.rowid"
        " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
        (*marks, match, limit),
    )
    evidence = db.read(
        "SELECT e.id, e.doc_id, d.title, d.published,"
        " snippet(evidence_fts, 0, ?, ?, ?, 24) AS snippet, bm25(evidence_fts) AS rank"
        " FROM evidence_fts JOIN events e ON e.key = evidence_fts.rowid"
        " JOIN documents d ON d.id = e.doc_id"
        " WHERE evidence_fts MATCH ? ORDER BY rank LIMIT ?",
        (*marks, match, limit),
    )
    hits = [
        SearchHit("document", r["id"], None, r["title"], r["published"], r["snippet"], r["rank"])
        for r in documents
    ] + [
        SearchHit(
            "event", r["doc_id"], r["id"], r["title"], r["published"], r["snippet"], r["rank"]
        )
        for r in evidence
    ]
    hits.sort(key=lambda hit: (hit.rank, hit.kind, hit.doc_id, hit.event_id or ""))
    return hits[:limit]


def stats(db: Database, top: int = 20) -> Stats:
    """Totals, and events by type, month, country and actor; fatalities by month."""

    def total(table: str) -> int:
        return int(db.read(f"SELECT COUNT(*) FROM {table}")[0][0])

    def counts(sql: str, params: tuple[object, ...] = ()) -> tuple[Count, ...]:
        return tuple(Count(str(key), int(count or 0)) for key, count in db.read(sql, params))

    months = db.read(
        "SELECT month, COUNT(*), SUM(killed) FROM events WHERE month IS NOT NULL"
        " GROUP BY month ORDER BY month"
    )
    return Stats(
        documents=total("documents"),
        events=total("events"),
        actors=total("actors"),
        quotes=total("quotes"),
        mentions=total("mentions"),
        by_type=counts("SELECT type, COUNT(*) AS n FROM events GROUP BY type ORDER BY n DESC"),
        by_month=tuple(Count(m, int(n)) for m, n, _ in months),
        by_country=counts(
            "SELECT country, COUNT(*) AS n FROM events WHERE country IS NOT NULL"
            " GROUP BY country ORDER BY n DESC, country LIMIT ?",
            (top,),
        ),
        by_actor=counts(
            "SELECT name, events FROM actors WHERE events > 0"
            " ORDER BY events DESC, id LIMIT ?",
            (top,),
        ),
        killed_by_month=tuple(Count(m, int(k)) for m, _, k in months if k),
    )


def dyads(db: Database, top: int = 20) -> tuple[Count, ...]:
    """The actor pairs with the most events, "actor → recipient", most first, then by
    the two names (then ids). A pair counts each (actor, recipient) row pair of an
    event, as the join of every event's parties would; an actor is never paired with
    itself.

    A pair has at most as many events as its actor has actor rows, times the most
    recipients an event has: actors are taken busiest first, each one's pairs counted
    in SQLite, until no actor left can reach the pair in ``top``-th place. On a store
    where a few actors are in most events, that reads their events only."""
    if top <= 0:
        return ()
    acting = db.read(
        "SELECT actor_id, COUNT(*) AS n FROM event_actors INDEXED BY event_actors_actor"
        " WHERE role = 'actor' GROUP BY actor_id ORDER BY n DESC"
    )
    widest = db.read(
        "SELECT MAX(position) + 1 FROM event_actors INDEXED BY event_actors_position"
        " WHERE role = 'recipient'"
    )
    most_recipients = int(widest[0][0] or 0)
    if not most_recipients:
        return ()
    best: list[int] = []  # the ``top`` largest counts so far, smallest first
    found: dict[tuple[str, str], int] = {}
    for actor, acts in acting:
        if len(best) == top and acts * most_recipients < best[0]:
            break
        for recipient, count in db.read(_PAIRS, (actor,)):
            if len(best) < top:
                heapq.heappush(best, count)
            elif count > best[0]:
                heapq.heapreplace(best, count)
            if count >= best[0] or len(best) < top:
                found[(actor, recipient)] = count
    if not best:
        return ()
    kept = {pair: count for pair, count in found.items() if count >= best[0]}
    names = _names(db, {actor for pair in kept for actor in pair})
    ranked = sorted(
        ((pair, count) for pair, count in kept.items() if pair[0] in names and pair[1] in names),
        key=lambda item: (-item[1], names[item[0][0]], names[item[0][1]], item[0]),
    )
    return tuple(
        Count(f"{names[actor]} → {names[recipient]}", count)
        for (actor, recipient), count in ranked[:top]
    )


# One actor's recipients and how many events it acts on each (``dyads``).
_PAIRS = (
    "SELECT t.actor_id, COUNT(*) FROM event_actors s INDEXED BY event_actors_actor"
    " JOIN event_actors t INDEXED BY event_actors_pairs"
    " ON t.event_key = s.event_key AND t.role = 'recipient'"
    " WHERE s.actor_id = ?1 AND s.role = 'actor' AND t.actor_id != ?1 GROUP BY t.actor_id"
)


def _names(db: Database, actor_ids: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    ordered = sorted(actor_ids)
    for chunk in _chunks(ordered):
        rows = db.read(f"SELECT id, name FROM actors WHERE id IN ({_marks(chunk)})", chunk)
        found.update((str(row[0]), str(row[1])) for row in rows)
    return found
