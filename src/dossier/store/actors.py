"""Merged actors: found or created for each document's actor, and kept up to date.

A merged ``actors`` row says what the documents behind it say, most often: its name,
kind, country and sector are each the value most ``document_actors`` rows give (ties:
the spelling with more accents for names, then the value stored first), and its
counts are of the documents, events and mentions that name it. Keeping that exact
without reading every document behind a generic actor ("police" is in most of them)
on each ingest is what this module does. For every document written or deleted,
``tally`` adds or takes away what that document alone contributes:

- ``actor_variants``: one row per distinct (name, kind, country, sector) an actor is
  given, with how many ``document_actors`` rows give it (``occurrences``) and the rowid
  of the first of them (``first_row``), the tie-break "stored first";
- ``actors.documents``, ``events``, ``mentions``: counters;
- ``actor_words.sources``: how many words of names and aliases behind the actor are
  that word; a word leaves ``actor_words`` when no name or alias has it any more.

``refresh`` then recomputes each touched actor's values from its few variant rows, and
deletes an actor no stored document names. The cost of a document is that of its own
rows, whatever the size of the store. ``rebuild`` recomputes all of it from the
document tables, the slow way, for checks and repairs; both give the same rows.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from dossier.records import Actor
from dossier.store.names import actor_id, normalise

Variant = tuple[str, str, str | None, str | None]  # name, kind, country, sector


def merge(connection: sqlite3.Connection, actor: Actor) -> str:
    """The store id of the actor this document's actor is: found, or created now.

    By dictionary id when the actor has one; else by kind and normalised name among
    actors without a dictionary id.
    """
    norm = normalise(actor.name)
    if actor.dictionary_id:
        row = connection.execute(
            "SELECT id FROM actors WHERE dictionary_id = ?", (actor.dictionary_id,)
        ).fetchone()
    else:
        # Without INDEXED BY, SQLite answers ``dictionary_id IS NULL`` from the UNIQUE
        # index on dictionary_id: a scan of every actor the dictionary does not know,
        # most of the store, on every actor of every document.
        row = connection.execute(
            "SELECT id FROM actors INDEXED BY actors_norm_name"
            " WHERE norm_name = ? AND kind = ? AND dictionary_id IS NULL",
            (norm, actor.kind),
        ).fetchone()
    if row is not None:
        return str(row[0])
    base = candidate = actor_id(actor.kind, norm, actor.dictionary_id)
    suffix = 2
    while connection.execute("SELECT 1 FROM actors WHERE id = ?", (candidate,)).fetchone():
        candidate = f"{base}~{suffix}"
        suffix += 1
    connection.execute(
        "INSERT INTO actors (id, name, kind, country, sector, dictionary_id, norm_name)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (candidate, actor.name, actor.kind, actor.country, actor.sector, actor.dictionary_id, norm),
    )
    return candidate


def tally(connection: sqlite3.Connection, doc_id: str, sign: int) -> set[str]:
    """Add (``sign`` 1, after inserting) or take away (-1, before deleting) what one
    stored document contributes to its actors' variants, counts and words; return the
    ids of those actors, for ``refresh``."""
    variants = connection.execute(
        "SELECT actor_id, name, kind, country, sector, COUNT(*), MIN(rowid) FROM document_actors"
        " WHERE doc_id = ? GROUP BY actor_id, name, kind, country, sector",
        (doc_id,),
    ).fetchall()
    for store_id, name, kind, country, sector, occurrences, first_row in variants:
        variant = (name, kind, country, sector)
        if sign > 0:
            _add_variant(connection, store_id, variant, occurrences, first_row)
        else:
            _remove_variant(connection, store_id, variant, occurrences, first_row, doc_id)
    touched = {str(row[0]) for row in variants}
    events = dict(
        connection.execute(
            "SELECT ea.actor_id, COUNT(DISTINCT ea.event_key) FROM events e"
            " JOIN event_actors ea ON ea.event_key = e.key WHERE e.doc_id = ?"
            " GROUP BY ea.actor_id",
            (doc_id,),
        ).fetchall()
    )
    mentions = dict(
        connection.execute(
            "SELECT actor_id, COUNT(*) FROM mentions WHERE doc_id = ? GROUP BY actor_id",
            (doc_id,),
        ).fetchall()
    )
    connection.executemany(
        "UPDATE actors SET documents = documents + ?, events = events + ?,"
        " mentions = mentions + ? WHERE id = ?",
        [
            (sign, sign * events.get(store_id, 0), sign * mentions.get(store_id, 0), store_id)
            for store_id in sorted(touched)
        ],
    )
    _tally_words(connection, doc_id, sign)
    return touched


def _add_variant(
    connection: sqlite3.Connection,
    store_id: str,
    variant: Variant,
    occurrences: int,
    first_row: int,
) -> None:
    found = _variant(connection, store_id, variant)
    if found is None:
        connection.execute(
            "INSERT INTO actor_variants (actor_id, name, kind, country, sector, occurrences,"
            " first_row) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (store_id, *variant, occurrences, first_row),
        )
        return
    connection.execute(
        "UPDATE actor_variants SET occurrences = occurrences + ?, first_row = MIN(first_row, ?)"
        " WHERE rowid = ?",
        (occurrences, first_row, found[0]),
    )


def _remove_variant(
    connection: sqlite3.Connection,
    store_id: str,
    variant: Variant,
    occurrences: int,
    first_row: int,
    doc_id: str,
) -> None:
    found = _variant(connection, store_id, variant)
    if found is None:  # cannot happen in a store whose tallies are whole
        return
    key, stored_occurrences, stored_first = found
    if stored_occurrences <= occurrences:
        connection.execute("DELETE FROM actor_variants WHERE rowid = ?", (key,))
        return
    if stored_first == first_row:  # this document gave the variant first: find the next
        name, kind, country, sector = variant
        stored_first = connection.execute(
            "SELECT rowid FROM document_actors INDEXED BY document_actors_variant"
            " WHERE actor_id = ? AND name = ? AND kind = ? AND country IS ? AND sector IS ?"
            " AND doc_id != ? ORDER BY rowid LIMIT 1",
            (store_id, name, kind, country, sector, doc_id),
        ).fetchone()[0]
    connection.execute(
        "UPDATE actor_variants SET occurrences = ?, first_row = ? WHERE rowid = ?",
        (stored_occurrences - occurrences, stored_first, key),
    )


def _variant(
    connection: sqlite3.Connection, store_id: str, variant: Variant
) -> tuple[int, int, int] | None:
    name, kind, country, sector = variant
    row = connection.execute(
        "SELECT rowid, occurrences, first_row FROM actor_variants WHERE actor_id = ?"
        " AND name = ? AND kind = ? AND country IS ? AND sector IS ?",
        (store_id, name, kind, country, sector),
    ).fetchone()
    return None if row is None else (int(row[0]), int(row[1]), int(row[2]))


def _tally_words(connection: sqlite3.Connection, doc_id: str, sign: int) -> None:
    names = connection.execute(
        "SELECT actor_id, norm_name FROM document_actors WHERE doc_id = ?1"
        " UNION ALL SELECT actor_id, norm FROM actor_aliases WHERE doc_id = ?1",
        (doc_id,),
    )
    words = Counter((word, store_id) for store_id, norm in names for word in norm.split())
    connection.executemany(
        "INSERT INTO actor_words (word, actor_id, sources) VALUES (?, ?, ?)"
        " ON CONFLICT (word, actor_id) DO UPDATE SET sources = sources + excluded.sources",
        [(word, store_id, sign * count) for (word, store_id), count in sorted(words.items())],
    )
    if sign < 0:
        connection.executemany(
            "DELETE FROM actor_words WHERE word = ? AND actor_id = ? AND sources <= 0",
            sorted(words),
        )


def refresh(connection: sqlite3.Connection, actor_ids: Iterable[str]) -> None:
    """Recompute touched actors' name, kind, country and sector from their variants;
    delete those no stored document names any more."""
    for store_id in sorted(actor_ids):
        row = connection.execute(
            "SELECT documents FROM actors WHERE id = ?", (store_id,)
        ).fetchone()
        if row is None:
            continue
        if row[0] <= 0:
            for table in ("actor_variants", "actor_words"):
                connection.execute(f"DELETE FROM {table} WHERE actor_id = ?", (store_id,))
            connection.execute("DELETE FROM actors WHERE id = ?", (store_id,))
            continue
        variants = connection.execute(
            "SELECT name, kind, country, sector, occurrences, first_row FROM actor_variants"
            " WHERE actor_id = ?",
            (store_id,),
        ).fetchall()
        name = most_common(variants, 0, prefer=_accents)
        connection.execute(
            "UPDATE actors SET name = ?, norm_name = ?, kind = ?, country = ?, sector = ?"
            " WHERE id = ?",
            (
                name,
                normalise(name or ""),
                most_common(variants, 1),
                most_common(variants, 2),
                most_common(variants, 3),
                store_id,
            ),
        )


def rebuild(connection: sqlite3.Connection) -> None:
    """Recompute every actor's variants, values, counts and words from the document
    tables (reading all of them), and delete actors no document names.

    What ``tally`` and ``refresh`` keep up document by document; a check and a repair.
    Run it inside a write transaction.
    """
    connection.execute("DELETE FROM actor_variants")
    connection.execute(
        "INSERT INTO actor_variants (actor_id, name, kind, country, sector, occurrences,"
        " first_row) SELECT actor_id, name, kind, country, sector, COUNT(*), MIN(rowid)"
        " FROM document_actors GROUP BY actor_id, name, kind, country, sector"
    )
    connection.execute(
        "UPDATE actors SET"
        " documents = (SELECT COUNT(DISTINCT doc_id) FROM document_actors d"
        " WHERE d.actor_id = actors.id),"
        " events = (SELECT COUNT(DISTINCT event_key) FROM event_actors e"
        " WHERE e.actor_id = actors.id),"
        " mentions = (SELECT COUNT(*) FROM mentions m WHERE m.actor_id = actors.id)"
    )
    connection.execute("DELETE FROM actor_words")
    names = connection.execute(
        "SELECT actor_id, norm_name FROM document_actors"
        " UNION ALL SELECT actor_id, norm FROM actor_aliases"
    )
    words = Counter((word, store_id) for store_id, norm in names for word in norm.split())
    connection.executemany(
        "INSERT INTO actor_words (word, actor_id, sources) VALUES (?, ?, ?)",
        [(word, store_id, count) for (word, store_id), count in sorted(words.items())],
    )
    every = [row[0] for row in connection.execute("SELECT id FROM actors")]
    refresh(connection, every)


def _accents(name: str) -> int:
    return sum(1 for char in name if not char.isascii())


def _no_preference(value: str) -> int:
    return 0


def most_common(
    variants: Sequence[Sequence[Any]],
    column: int,
    prefer: Callable[[str], int] = _no_preference,
) -> str | None:
    """The value of ``column`` most rows give; ties go to ``prefer``, then first stored.

    ``variants`` rows end with how many rows gave them and the first one's rowid.
    """
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for variant in variants:
        value = variant[column]
        if value:
            occurrences, first_row = int(variant[-2]), int(variant[-1])
            counts[value] += occurrences
            first[value] = min(first.get(value, first_row), first_row)
    if not counts:
        return None
    return max(counts, key=lambda v: (counts[v], prefer(v), -first[v]))
