"""An actor's profile and the dyads: today's answers, read from indexes.

The store's old queries (before migration 0004) are kept here as the reference, and
the new ones must give exactly their answers on stores built through ``Store.ingest``:
spellings that differ by case only, several lower-case spellings of one name, several
of a document's actors merged into one, aliases given first in a later document,
documents replaced (new keys) and deleted, equal and missing publication dates, role
and pair counts that tie, an actor twice among an event's recipients. Where the old
queries left a tie to SQLite's plan (two spellings first given at the same place; the
pair in ``top``-th place), the reference breaks it as the new code documents: by rowid,
and by names then ids.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

import dossier
from dossier.kb import KnowledgeBase
from dossier.records import Actor, Document, Event, Evidence, Extraction, Quote, When
from dossier.store import MIGRATIONS, lookup, query
from dossier.store.database import Database
from dossier.store.migrations import applied, version
from dossier.store.rows import Count
from dossier.store.schema import PROFILE_INDEXES, statements
from tests.store.support import dump, undo_profile_indexes

# Spellings of one actor each (merged by dictionary id): case variants, accents, two
# lower-case spellings with one case-fold ("straße" and "strasse").
CAST = {
    "pnc": ("Police", "police", "POLICE", "Policía Nacional", "the police"),
    "gang": ("Straße Gang", "straße gang", "STRASSE GANG", "strasse gang"),
    "pres": ("President Ruiz", "Ruiz", "president ruiz", "President RUIZ"),
    "ms13": ("MS-13", "ms-13", "Mara Salvatrucha"),
    "mayor": ("Mayor Díaz", "Díaz", "mayor díaz"),
}
ALIASES = ("PNC", "pnc", "la policía", "La Policía", "Ruiz", "the gang", "Strasse", "MS")
ROLES = ("president", "spokesman", "commander", "mayor")
DATES = ("2019-03-01", "2019-03-01", "2019-02", "2018", None, "2020-12-31")


def article(rng: random.Random, number: int) -> Extraction:
    """A document naming 2 to 5 local actors (some the same store actor under two
    spellings), with aliases, roles, affiliations, events and a quote."""
    locals_: list[Actor] = []
    for index in range(rng.randint(2, 5)):
        dictionary_id = rng.choice(sorted(CAST))
        locals_.append(
            Actor(
                id=f"a{index}",
                name=rng.choice(CAST[dictionary_id]),
                kind="organization",
                dictionary_id=dictionary_id,
                aliases=tuple(rng.sample(ALIASES, rng.randint(0, 3))),
                roles=tuple(rng.sample(ROLES, rng.randint(0, 2))),
                affiliations=tuple(f"a{other}" for other in range(index) if rng.random() < 0.3),
            )
        )
    sentences, events = [], []
    offset = 0
    for index in range(rng.randint(1, 6)):
        sentence = f"Event {index} of report {number} happened."
        actors = rng.sample(locals_, rng.randint(1, 2))
        recipients = rng.sample(locals_, rng.randint(1, min(3, len(locals_))))
        events.append(
            Event(
                id=f"e{index + 1}",
                type=rng.choice(("ASSAULT", "COERCE", "ACCUSE")),
                evidence=Evidence((offset, offset + len(sentence)), (offset, offset + 5)),
                when=When("2019-01-01", "2019-01-01", "day", None),
                actor=tuple(a.id for a in actors),
                recipient=tuple(a.id for a in recipients),
            )
        )
        sentences.append(sentence)
        offset += len(sentence) + 1
    text = " ".join(sentences)
    quotes = (Quote(text[:5], (0, 5), speaker=rng.choice(locals_).id),) if number % 3 else ()
    return Extraction(
        document=Document(id=f"doc-{number}", text=text, published=rng.choice(DATES)),
        actors=tuple(locals_),
        events=tuple(events),
        quotes=quotes,
    )


def build(path: Path, seed: int) -> KnowledgeBase:
    """Forty articles, then a few replaced (new keys, new contents) and deleted."""
    rng = random.Random(seed)
    kb = dossier.open(path)
    for number in range(40):
        kb.ingest(article(rng, number))
    for number in rng.sample(range(40), 6):
        kb.ingest(article(rng, number), force=True)
    for number in rng.sample(range(40), 4):
        kb.delete(f"doc-{number}")
    return kb


@pytest.fixture(scope="module", params=[1, 2, 3, 4, 5, 6])
def kb(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    found = build(tmp_path_factory.mktemp("profile") / "kb.sqlite", request.param)
    yield found
    found.close()


def actor_ids(kb: KnowledgeBase) -> list[str]:
    return [row[0] for row in kb.db.read("SELECT id FROM actors ORDER BY id")]


# The reference: the store's queries before migration 0004.


def old_aliases(db: Database, actor_id: str, name: str) -> tuple[str, ...]:
    rows = db.read(
        "SELECT alias FROM (SELECT al.alias, d.key, 1 AS kind, al.position, al.rowid AS row"
        " FROM actor_aliases al JOIN documents d ON d.id = al.doc_id WHERE al.actor_id = ?1"
        " UNION ALL SELECT da.name, d.key, 0, 0, da.rowid FROM document_actors da"
        " JOIN documents d ON d.id = da.doc_id WHERE da.actor_id = ?1)"
        " ORDER BY key, kind, position, row",
        (actor_id,),
    )
    seen: dict[str, str] = {name.casefold(): name}
    for (alias,) in rows:
        key = alias.casefold()
        if key not in seen or (seen[key] != name and alias.islower()):
            seen[key] = alias
    return tuple(alias for key, alias in seen.items() if key != name.casefold())


def old_roles(db: Database, actor_id: str) -> tuple[str, ...]:
    roles = Counter(
        r[0] for r in db.read("SELECT role FROM actor_roles WHERE actor_id = ?", (actor_id,))
    )
    return tuple(role for role, _ in sorted(roles.items(), key=lambda r: (-r[1], r[0])))


def old_documents_of(db: Database, actor_id: str) -> tuple[str, ...]:
    rows = db.read(
        "SELECT DISTINCT da.doc_id FROM document_actors da JOIN documents d ON d.id = da.doc_id"
        " WHERE da.actor_id = ? ORDER BY d.published IS NULL, d.published, d.key",
        (actor_id,),
    )
    return tuple(row[0] for row in rows)


def old_dyads(db: Database, top: int) -> tuple[Count, ...]:
    rows = db.read(
        "SELECT a.name || ' → ' || r.name, d.n FROM"
        " (SELECT s.actor_id AS actor, t.actor_id AS recipient, COUNT(*) AS n"
        "  FROM event_actors s JOIN event_actors t"
        "  ON t.event_key = s.event_key AND t.role = 'recipient'"
        "  WHERE s.role = 'actor' AND s.actor_id != t.actor_id"
        "  GROUP BY s.actor_id, t.actor_id) d"
        " JOIN actors a ON a.id = d.actor JOIN actors r ON r.id = d.recipient"
        " ORDER BY d.n DESC, a.name, r.name, d.actor, d.recipient LIMIT ?",
        (top,),
    )
    return tuple(Count(str(key), int(count)) for key, count in rows)


# The tests.


def test_the_stores_exercise_the_hard_cases(kb: KnowledgeBase) -> None:
    """Ties and repeats the comparisons below rely on are really in the stores."""
    db = kb.db
    merged = db.read(
        "SELECT COUNT(*) FROM (SELECT 1 FROM document_actors GROUP BY doc_id, actor_id"
        " HAVING COUNT(DISTINCT name) > 1)"
    )[0][0]
    twice = db.read(
        "SELECT COUNT(*) FROM (SELECT 1 FROM event_actors WHERE role = 'recipient'"
        " GROUP BY event_key, actor_id HAVING COUNT(*) > 1)"
    )[0][0]
    undated = db.read("SELECT COUNT(*) FROM documents WHERE published IS NULL")[0][0]
    assert merged > 0 and twice > 0 and undated > 0
    assert any(len(old_aliases(db, a, a)) > 1 for a in actor_ids(kb))


def test_aliases_and_roles_are_todays(kb: KnowledgeBase) -> None:
    rows = lookup.actor_rows(kb.db, lookup.ActorFilter())
    assert {row.id for row in rows} == set(actor_ids(kb))
    for row in rows:
        assert row.aliases == old_aliases(kb.db, row.id, row.name), row.id
        assert row.roles == old_roles(kb.db, row.id), row.id


@pytest.mark.parametrize("name", ["Police", "police", "straße gang", "Strasse", "Ruiz", "x"])
def test_aliases_against_any_name(kb: KnowledgeBase, name: str) -> None:
    """The actor's own name is left out whatever it is (it need not be a spelling)."""
    for actor_id in actor_ids(kb):
        assert lookup._aliases(kb.db, actor_id, name) == old_aliases(kb.db, actor_id, name)


@pytest.mark.parametrize("limit", [None, 1, 2, 3, 7, 25, 1000])
def test_documents_are_todays_in_both_plans(kb: KnowledgeBase, limit: int | None) -> None:
    for actor_id in actor_ids(kb):
        expected = old_documents_of(kb.db, actor_id)[:limit]
        assert lookup.documents_of(kb.db, actor_id, limit) == expected
        if limit is not None:
            assert lookup._first_documents(kb.db, actor_id, limit) == expected


def test_a_limit_of_zero_lists_no_document(kb: KnowledgeBase) -> None:
    assert lookup.documents_of(kb.db, actor_ids(kb)[0], 0) == ()


@pytest.mark.parametrize("limit", [None, 2])
def test_the_profile_is_todays(kb: KnowledgeBase, limit: int | None) -> None:
    for actor_id in actor_ids(kb):
        profile = kb.actor(actor_id, limit=limit)
        assert profile is not None
        assert profile.actor.aliases == old_aliases(kb.db, actor_id, profile.actor.name)
        assert profile.actor.roles == old_roles(kb.db, actor_id)
        assert profile.doc_ids == old_documents_of(kb.db, actor_id)[:limit]
        assert len(old_documents_of(kb.db, actor_id)) == profile.actor.documents


@pytest.mark.parametrize("top", [1, 2, 3, 5, 8, 13, 100])
def test_dyads_are_todays(kb: KnowledgeBase, top: int) -> None:
    assert query.dyads(kb.db, top) == old_dyads(kb.db, top)


def test_no_dyads_for_a_top_of_zero(kb: KnowledgeBase) -> None:
    assert query.dyads(kb.db, 0) == ()


# Hand-made stores for the cases random articles rarely make.


def two_locals(aliases: tuple[tuple[str, ...], tuple[str, ...]]) -> Extraction:
    """One document whose two local actors are the police, with these aliases."""
    return Extraction(
        document=Document(id="one", text="The police spoke.", published="2019"),
        actors=tuple(
            Actor(
                id=f"a{i}", name="Police", kind="organization", dictionary_id="pnc", aliases=given
            )
            for i, given in enumerate(aliases)
        ),
    )


def test_an_alias_first_given_at_a_lower_position_by_a_later_row(tmp_path: Path) -> None:
    """ "Y" is given at position 1 by the first local actor, at 0 by the second: its
    first place is position 0, before "Z" (position 1 only)."""
    with dossier.open(tmp_path / "kb.sqlite") as kb:
        kb.ingest(two_locals((("X", "Z", "Y"), ("Y", "W"))))
        profile = kb.actor("pnc")
        assert profile is not None
        assert profile.actor.aliases == old_aliases(kb.db, "pnc", "Police")
        assert profile.actor.aliases == ("X", "Y", "Z", "W")


def parties(doc_id: str, actor: str, recipients: tuple[str, ...], events: int) -> Extraction:
    """``events`` events in which ``actor`` acts on ``recipients`` (local ids; locals
    with one dictionary id are one store actor)."""
    text = "Something happened. " * events
    names = {actor, *recipients}
    return Extraction(
        document=Document(id=doc_id, text=text),
        actors=tuple(
            Actor(
                id=local,
                name=local.split("-")[0],
                kind="organization",
                dictionary_id=local.split("-")[0],
            )
            for local in sorted(names)
        ),
        events=tuple(
            Event(
                id=f"e{i}",
                type="ASSAULT",
                evidence=Evidence((0, 5), (0, 5)),
                when=When(None, None, "unknown", None),
                actor=(actor,),
                recipient=recipients,
            )
            for i in range(events)
        ),
    )


def test_a_recipient_named_twice_in_one_event_can_tie_a_busier_actor(tmp_path: Path) -> None:
    """ "Alpha" acts once, on "Bravo" named twice: two, as many as "Charlie" acting twice
    on "Delta"; "Alpha → Bravo" comes first by name, though Alpha acts less."""
    with dossier.open(tmp_path / "kb.sqlite") as kb:
        kb.ingest(parties("one", "Alpha", ("Bravo-1", "Bravo-2"), 1))
        kb.ingest(parties("two", "Charlie", ("Delta",), 2))
        assert kb.dyads(1) == old_dyads(kb.db, 1) == (Count("Alpha → Bravo", 2),)
        assert kb.dyads(5) == old_dyads(kb.db, 5)


def test_a_store_of_version_3_gains_the_indexes_in_place(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    with build(path, 1) as kb:
        before = dump(path)
        answers = (kb.dyads(5), kb.actor("pnc", limit=3))
    undo_profile_indexes(path)
    connection = sqlite3.connect(path)
    assert version(connection) == 3
    assert "0004_profile_indexes" not in applied(connection)
    connection.close()
    with dossier.open(path) as kb:
        assert applied(kb.db.connection)[-1] == "0004_profile_indexes"
        assert version(kb.db.connection) == len(MIGRATIONS) == 4
        indexes = {
            row[0] for row in kb.db.read("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
        assert {statement.split()[2] for statement in statements(PROFILE_INDEXES)} <= indexes
        assert (kb.dyads(5), kb.actor("pnc", limit=3)) == answers
    assert dump(path) == before
