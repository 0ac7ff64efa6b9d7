"""Affiliations: merged store ids on both sides, dated by documents, and migration 0002."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import dossier
from dossier.kb import KnowledgeBase
from dossier.store import MIGRATIONS, AffiliationRow
from dossier.store.migrations import applied, version
from tests.store.support import (
    PARTY_TEXT,
    articles,
    dump,
    party_article,
    party_later_article,
    undo_actor_tallies,
)

MIGRATION = "0002_actor_affiliations"


@pytest.fixture
def kb(tmp_path: Path) -> KnowledgeBase:
    return dossier.open(tmp_path / "kb.sqlite")


def affiliation_rows(kb: KnowledgeBase) -> list[tuple[object, ...]]:
    return [
        tuple(row)
        for row in kb.db.read(
            "SELECT actor_id, affiliation_id, doc_id, published, position"
            " FROM actor_affiliations ORDER BY doc_id, actor_id, position"
        )
    ]


def test_the_same_affiliation_in_two_documents_merges(kb: KnowledgeBase) -> None:
    kb.ingest(party_article())
    kb.ingest(party_later_article())
    # slv-gov names no actor of party-1, and a1 naming itself is no affiliation: not kept.
    assert affiliation_rows(kb) == [
        ("person:marta-quiroga", "org:green-union", "party-1", "2018-02-05", 0),
        ("person:marta-quiroga", "org:green-union", "party-2", "2019-06", 0),
    ]
    profile = kb.actor("Quiroga")
    assert profile is not None
    assert profile.affiliations == (
        AffiliationRow("org:green-union", "Green Union", "2018-02-05", "2019-06", 2),
    )
    party = kb.actor("Green Union")
    assert party is not None and party.affiliations == ()


def test_affiliations_read_back_as_the_document_gave_them(kb: KnowledgeBase) -> None:
    for extraction in (party_article(), party_later_article()):
        kb.ingest(extraction)
        restored = kb.extraction(extraction.document.id)
        assert restored == extraction
        assert restored is not None
        assert restored.actors[0].affiliations == extraction.actors[0].affiliations


def test_most_documents_first(kb: KnowledgeBase) -> None:
    kb.ingest(party_article(affiliations=("group:los-cuervos", "org:green-union")))
    kb.ingest(party_later_article())
    profile = kb.actor("person:marta-quiroga")
    assert profile is not None
    assert [(f.actor_id, f.documents) for f in profile.affiliations] == [
        ("org:green-union", 2),
        ("group:los-cuervos", 1),
    ]
    assert profile.affiliations[1] == AffiliationRow(
        "group:los-cuervos", "Los Cuervos", "2018-02-05", "2018-02-05", 1
    )


def test_a_replaced_document_drops_its_old_affiliations(kb: KnowledgeBase) -> None:
    kb.ingest(party_article())
    kb.ingest(party_later_article())
    changed = party_article(
        text=PARTY_TEXT.replace("Monday", "Tuesday"), affiliations=("group:los-cuervos",)
    )
    assert kb.ingest(changed) == "replaced"
    assert affiliation_rows(kb) == [
        ("person:marta-quiroga", "group:los-cuervos", "party-1", "2018-02-05", 0),
        ("person:marta-quiroga", "org:green-union", "party-2", "2019-06", 0),
    ]
    profile = kb.actor("Quiroga")
    assert profile is not None
    assert [(f.actor_id, f.documents) for f in profile.affiliations] == [
        ("group:los-cuervos", 1),
        ("org:green-union", 1),
    ]
    assert kb.delete("party-2")
    assert kb.delete("party-1")
    assert affiliation_rows(kb) == []


def _downgrade_to_the_first_version(path: Path) -> None:
    """Make ``path`` what dossier wrote before migration 0002: no table, version 1."""
    undo_actor_tallies(path)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("DROP TABLE actor_affiliations")
        connection.execute("DELETE FROM migrations WHERE name = ?", (MIGRATION,))
        connection.execute("PRAGMA user_version = 1")
    finally:
        connection.close()


def test_a_store_of_the_previous_version_migrates_and_backfills(tmp_path: Path) -> None:
    corpus = [*articles(), party_article(), party_later_article()]
    fresh, old = tmp_path / "fresh.sqlite", tmp_path / "old.sqlite"
    for path in (fresh, old):
        with dossier.open(path) as kb:
            for extraction in corpus:
                kb.ingest(extraction)
    _downgrade_to_the_first_version(old)
    connection = sqlite3.connect(old)
    assert applied(connection) == [MIGRATIONS[0].name]
    assert version(connection) == 1
    connection.close()

    with dossier.open(old) as kb:
        assert applied(kb.db.connection) == [m.name for m in MIGRATIONS]
        assert version(kb.db.connection) == len(MIGRATIONS)
        profile = kb.actor("Marta Quiroga")
        assert profile is not None
        assert profile.affiliations == (
            AffiliationRow("org:green-union", "Green Union", "2018-02-05", "2019-06", 2),
        )
        for extraction in corpus:
            assert kb.extraction(extraction.document.id) == extraction
            assert kb.ingest(extraction) == "skipped"
    # The backfill wrote exactly the rows ingest writes.
    assert dump(old) == dump(fresh)


def test_an_empty_store_of_the_previous_version_migrates(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    dossier.open(path).close()
    _downgrade_to_the_first_version(path)
    with dossier.open(path) as kb:
        assert version(kb.db.connection) == len(MIGRATIONS)
        assert kb.ingest(party_article()) == "stored"
        assert len(affiliation_rows(kb)) == 1
