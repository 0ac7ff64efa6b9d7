"""Merged actors kept document by document equal a recompute from every document.

``store/actors.py`` keeps each actor's variants, counts and words up to date from the
rows of the one document being written or deleted. Whatever the order of ingests,
replacements and deletions, the ``actors``, ``actor_variants`` and ``actor_words``
tables must be what reading every stored document gives: both ``actors.rebuild`` and
an independent recompute written here, row by row, from ``document_actors``.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dossier
from dossier.kb import KnowledgeBase
from dossier.records import Extraction
from dossier.store import actors
from dossier.store.names import normalise
from tests.store.support import articles, dump, undo_actor_tallies
from tests.store.synthetic import synthetic

TALLIED = ("actors", "actor_variants", "actor_words")


def renamed(extraction: Extraction, doc_id: str) -> Extraction:
    """``extraction`` stored as document ``doc_id`` (a replacement with other actors)."""
    document = dataclasses.replace(extraction.document, id=doc_id)
    events = tuple(
        dataclasses.replace(event, id=f"{doc_id}:x{index}")
        for index, event in enumerate(extraction.events)
    )
    return dataclasses.replace(extraction, document=document, events=events)


def variant(number: int) -> Extraction:
    """Synthetic extraction ``number`` with spellings that compete for the merged name."""
    extraction = synthetic(number)
    if number % 3:
        return extraction
    spelled = tuple(
        dataclasses.replace(actor, name=_strip_accents(actor.name), country=None)
        if number % 2
        else dataclasses.replace(actor, name=actor.name.upper(), sector="CVL")
        for actor in extraction.actors
    )
    return dataclasses.replace(extraction, actors=spelled)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tallied(connection: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: sorted(
            (tuple(row) for row in connection.execute(f"SELECT * FROM {table}")), key=repr
        )
        for table in TALLIED
    }


def rebuilt(kb: KnowledgeBase) -> dict[str, list[tuple[object, ...]]]:
    """The tallied tables as ``actors.rebuild`` leaves them (then rolled back)."""
    connection = kb.db.connection
    connection.execute("BEGIN IMMEDIATE")
    try:
        actors.rebuild(connection)
        return tallied(connection)
    finally:
        connection.execute("ROLLBACK")


def best(rows: list[sqlite3.Row], column: int, accents: bool = False) -> str | None:
    """The value of ``column`` most rows (in rowid order) give; ties: accents, first."""
    given = [row[column] for row in rows if row[column]]
    if not given:
        return None
    counts = Counter(given)
    return max(
        counts,
        key=lambda v: (
            counts[v],
            sum(not c.isascii() for c in v) if accents else 0,
            -given.index(v),
        ),
    )


def recomputed(connection: sqlite3.Connection) -> list[tuple[object, ...]]:
    """The ``actors`` table from ``document_actors`` and friends, read row by row."""
    rows = connection.execute(
        "SELECT actor_id, rowid, name, kind, country, sector, doc_id FROM document_actors"
        " ORDER BY rowid"
    ).fetchall()
    result = []
    for store_id, dictionary_id in connection.execute("SELECT id, dictionary_id FROM actors"):
        mine = [row for row in rows if row[0] == store_id]
        name = best(mine, 2, accents=True)
        events, mentions = connection.execute(
            "SELECT (SELECT COUNT(DISTINCT event_key) FROM event_actors WHERE actor_id = ?1),"
            " (SELECT COUNT(*) FROM mentions WHERE actor_id = ?1)",
            (store_id,),
        ).fetchone()
        result.append(
            (
                store_id,
                name,
                best(mine, 3),
                best(mine, 4),
                best(mine, 5),
                dictionary_id,
                normalise(name or ""),
                len({row[6] for row in mine}),
                events,
                mentions,
            )
        )
    return sorted(result, key=repr)


def check(kb: KnowledgeBase) -> None:
    kept = tallied(kb.db.connection)
    assert kept == rebuilt(kb)
    assert kept["actors"] == recomputed(kb.db.connection)
    assert all(row[-1] > 0 for row in kept["actor_words"])


operations = st.lists(
    st.tuples(st.sampled_from(["ingest", "replace", "delete"]), st.integers(0, 11)),
    min_size=1,
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_any_order_of_ingests_replacements_and_deletions_keeps_exact_tallies(
    steps: list[tuple[str, int]],
) -> None:
    with dossier.open(":memory:") as kb:
        for operation, number in steps:
            doc_id = f"syn-{number}"
            if operation == "ingest":
                kb.ingest(variant(number))
            elif operation == "replace":  # other actors, other spellings, same id
                kb.ingest(renamed(variant(number + 7), doc_id), force=True)
            else:
                kb.delete(doc_id)
        check(kb)


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_hand_written_articles_in_any_order(order: tuple[int, ...]) -> None:
    corpus = articles()
    with dossier.open(":memory:") as kb:
        for index in order:
            kb.ingest(corpus[index])
        check(kb)
        kb.delete(corpus[order[0]].document.id)
        check(kb)
        kb.ingest(corpus[order[0]])
        check(kb)


def test_deleting_everything_leaves_no_actor() -> None:
    with dossier.open(":memory:") as kb:
        for number in range(6):
            kb.ingest(variant(number))
        for number in range(6):
            kb.delete(f"syn-{number}")
        assert tallied(kb.db.connection) == {table: [] for table in TALLIED}


def test_a_store_of_version_2_migrates_and_backfills_the_tallies(tmp_path: Path) -> None:
    fresh, old = tmp_path / "fresh.sqlite", tmp_path / "old.sqlite"
    for path in (fresh, old):
        with dossier.open(path) as kb:
            for number in range(8):
                kb.ingest(variant(number))
            kb.delete("syn-3")
            kb.ingest(renamed(variant(9), "syn-5"))
    undo_actor_tallies(old)
    with dossier.open(old) as kb:
        check(kb)
    assert dump(old) == dump(fresh)
