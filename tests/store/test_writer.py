"""Ingest: skip, replace, merge actors, refuse extractions that contradict themselves."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import dossier
from dossier.errors import ExtractionError
from dossier.kb import KnowledgeBase
from dossier.records import Actor, Event, Evidence, Extraction, Quote, When
from dossier.store import Store, content_hash
from tests.store.support import (
    FIRST_TEXT,
    articles,
    dump,
    first_article,
    party_article,
    party_later_article,
    second_article,
    third_article,
)


@pytest.fixture
def kb(tmp_path: Path) -> KnowledgeBase:
    return dossier.open(tmp_path / "kb.sqlite")


def count(kb: KnowledgeBase, table: str) -> int:
    return int(kb.db.read(f"SELECT COUNT(*) FROM {table}")[0][0])


def test_first_ingest_stores_and_second_skips(kb: KnowledgeBase) -> None:
    assert [kb.ingest(x) for x in articles()] == ["stored"] * 3
    assert [kb.ingest(x) for x in articles()] == ["skipped"] * 3


def test_ingesting_twice_leaves_every_table_identical(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    with dossier.open(path) as kb:
        for extraction in articles():
            kb.ingest(extraction)
    before = dump(path)
    with dossier.open(path) as kb:
        for extraction in articles():
            kb.ingest(extraction)
    assert dump(path) == before


def test_changed_text_replaces_the_document_without_duplicates(kb: KnowledgeBase) -> None:
    kb.ingest(first_article())
    kb.ingest(second_article())
    events_before = count(kb, "events")
    changed = first_article(text=FIRST_TEXT.replace("Santa Ana", "Santa Tecla"))
    assert kb.ingest(changed) == "replaced"
    assert count(kb, "documents") == 2
    assert count(kb, "events") == events_before
    assert kb.extraction("north-1") == changed
    assert [hit.doc_id for hit in kb.search("Tecla")] == ["north-1", "north-1"]
    assert kb.events(text="Santa Ana") == []


def test_changed_metadata_also_replaces(kb: KnowledgeBase) -> None:
    kb.ingest(first_article())
    assert kb.ingest(first_article(published="2016-03-11")) == "replaced"
    assert kb.documents()[0].published == "2016-03-11"
    assert kb.db.read("SELECT DISTINCT published FROM actor_roles")[0][0] == "2016-03-11"


def test_force_replaces_an_unchanged_document(kb: KnowledgeBase) -> None:
    kb.ingest(first_article())
    fewer = dataclasses.replace(first_article(), events=first_article().events[:1])
    assert kb.ingest(fewer) == "skipped"
    assert count(kb, "events") == 2
    assert kb.ingest(fewer, force=True) == "replaced"
    assert count(kb, "events") == 1


def test_the_hash_covers_text_and_metadata_only() -> None:
    article = first_article()
    assert content_hash(article.document) == content_hash(
        dataclasses.replace(article, events=()).document
    )
    retitled = dataclasses.replace(article.document, title="Another title")
    assert content_hash(retitled) != content_hash(article.document)


def test_is_stored_answers_before_extraction(kb: KnowledgeBase) -> None:
    article = first_article()
    assert not kb.is_stored(article.document)
    kb.ingest(article)
    assert kb.is_stored(article.document)
    assert not kb.is_stored(first_article(published="2017").document)


def test_the_same_person_in_two_documents_is_one_actor(kb: KnowledgeBase) -> None:
    kb.ingest(first_article())
    kb.ingest(second_article())
    [minister] = kb.actors("Penate")
    assert minister.id == "person:aurelio-penate"
    assert minister.name == "Aurelio Peñate"  # the accented spelling wins the tie
    assert minister.documents == 2
    assert set(minister.aliases) == {"Peñate", "Aurelio Penate"}
    assert set(minister.roles) == {"Security Minister", "security minister"}
    mapped = kb.db.read("SELECT doc_id, local_id, actor_id FROM document_actors WHERE actor_id"
                        " = 'person:aurelio-penate' ORDER BY doc_id")
    assert [tuple(row) for row in mapped] == [
        ("north-1", "person:aurelio-penate", "person:aurelio-penate"),
        ("north-2", "m1", "person:aurelio-penate"),
    ]


def test_actors_from_the_dictionary_merge_by_dictionary_id(kb: KnowledgeBase) -> None:
    kb.ingest(first_article())
    kb.ingest(third_article())
    [police] = kb.actors(sector="COP")
    assert police.id == "slv-police"
    assert police.name == "National Civil Police"
    assert police.documents == 2
    assert "PNC" in police.aliases
    assert police.events == 3


def test_same_name_but_different_kind_stays_apart(kb: KnowledgeBase) -> None:
    kb.ingest(first_article())
    article = second_article()
    as_person = dataclasses.replace(article.actors[2], kind="person")
    kb.ingest(dataclasses.replace(article, actors=(*article.actors[:2], as_person)))
    assert {a.id for a in kb.actors("Halcones")} == {"group:los-halcones", "person:los-halcones"}


def test_actors_nobody_names_any_more_are_removed(kb: KnowledgeBase) -> None:
    kb.ingest(first_article())
    kb.ingest(second_article())
    assert kb.resolve("church leaders") == ("group:church-leaders",)
    emptied = dataclasses.replace(
        second_article(published="2016-08"), actors=second_article().actors[:1], events=(),
        quotes=(),
    )
    assert kb.ingest(emptied) == "replaced"
    assert kb.resolve("church leaders") == ()
    halcones = kb.actor("Los Halcones")
    assert halcones is not None and halcones.actor.documents == 1


def test_delete_removes_a_document_and_its_orphans(kb: KnowledgeBase) -> None:
    for extraction in articles():
        kb.ingest(extraction)
    assert kb.delete("south-1")
    assert not kb.delete("south-1")
    assert kb.resolve("suspected extortionist") == ()
    assert count(kb, "events") == 4
    police = kb.actor("slv-police")
    assert police is not None and police.actor.documents == 1


def test_counts_on_actors_follow_replacements(kb: KnowledgeBase) -> None:
    kb.ingest(first_article())
    kb.ingest(first_article(published="2016-04"))
    police = kb.actor("slv-police")
    assert police is not None
    assert (police.actor.documents, police.actor.events, police.actor.mentions) == (1, 2, 2)


def broken(change: str) -> Extraction:
    article = first_article()
    event = article.events[0]
    if change == "unknown actor":
        return dataclasses.replace(
            article, events=(dataclasses.replace(event, recipient=("nobody",)),)
        )
    if change == "unknown speaker":
        return dataclasses.replace(article, quotes=(Quote("x", (0, 1), speaker="nobody"),))
    if change == "span past the end":
        evidence = Evidence((0, len(FIRST_TEXT) + 5), (0, 3))
        return dataclasses.replace(
            article, events=(dataclasses.replace(event, evidence=evidence),)
        )
    if change == "negative span":
        actor = dataclasses.replace(article.actors[0], mentions=((-1, 3),))
        return dataclasses.replace(article, actors=(actor, *article.actors[1:]))
    if change == "duplicate actor id":
        return dataclasses.replace(article, actors=(*article.actors, article.actors[0]))
    if change == "duplicate event id":
        return dataclasses.replace(article, events=(event, event))
    raise AssertionError(change)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("unknown actor", "names actor 'nobody'"),
        ("unknown speaker", "a quote names actor 'nobody'"),
        ("span past the end", "lies outside the text"),
        ("negative span", "lies outside the text"),
        ("duplicate actor id", "defined twice"),
        ("duplicate event id", "used twice"),
    ],
)
def test_an_inconsistent_extraction_is_refused_and_nothing_is_written(
    kb: KnowledgeBase, change: str, words: str
) -> None:
    with pytest.raises(ExtractionError, match=words) as caught:
        kb.ingest(broken(change))
    assert caught.value.doc_id == "north-1"
    assert count(kb, "documents") == 0
    assert count(kb, "actors") == 0


def one_event(base: Extraction, doc_id: str, event_id: str) -> Extraction:
    """``base``'s document under ``doc_id``, with one actor and one event, ``event_id``."""
    return Extraction(
        document=dataclasses.replace(base.document, id=doc_id),
        actors=(Actor(id="x", name="X", kind="person"),),
        events=(
            Event(
                id=event_id,
                type="AGREE",
                evidence=Evidence((0, 5), (0, 5)),
                when=When(None, None, "unknown"),
                actor=("x",),
            ),
        ),
    )


def test_an_event_id_taken_by_another_document_is_refused(kb: KnowledgeBase) -> None:
    kb.ingest(one_event(first_article(), "a:b", "e1"))
    with pytest.raises(ExtractionError, match="already used by document 'a:b'"):
        kb.ingest(one_event(first_article(), "a", "b:e1"))
    assert [d.id for d in kb.documents()] == ["a:b"]


def test_event_ids_without_the_document_prefix_get_it(kb: KnowledgeBase) -> None:
    kb.ingest(second_article())
    assert [e.id for e in kb.events(doc="north-2", sort="doc")] == ["north-2:e1", "north-2:e2"]
    assert [e.local_id for e in kb.events(doc="north-2", sort="doc")] == ["e1", "e2"]


def test_an_extraction_reads_back_equal(kb: KnowledgeBase) -> None:
    for extraction in articles():
        kb.ingest(extraction)
    for extraction in articles():
        assert kb.extraction(extraction.document.id) == extraction
    assert kb.extraction("missing") is None


def test_a_batch_stores_what_one_by_one_ingests_store(tmp_path: Path) -> None:
    changed = first_article(text=FIRST_TEXT.replace("Santa Ana", "Santa Tecla"))
    batch = [*articles(), party_article(), changed, second_article(), party_later_article()]
    with dossier.open(tmp_path / "one.sqlite") as kb:
        one_by_one = [kb.ingest(extraction) for extraction in batch]
    store = Store(tmp_path / "batch.sqlite")
    try:
        assert store.ingest_many(batch) == one_by_one
    finally:
        store.close()
    assert one_by_one == ["stored"] * 4 + ["replaced", "skipped", "stored"]
    assert dump(tmp_path / "batch.sqlite") == dump(tmp_path / "one.sqlite")


def test_a_batch_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    store = Store(tmp_path / "kb.sqlite")
    try:
        with pytest.raises(ExtractionError, match="names actor 'nobody'"):  # refused first
            store.ingest_many([second_article(), broken("unknown actor")])
        store.ingest(one_event(third_article(), "a:b", "e1"))
        taken = one_event(third_article(), "a", "b:e1")
        with pytest.raises(ExtractionError, match="already used by document 'a:b'"):
            store.ingest_many([first_article(), taken])  # refused midway
        assert [row[0] for row in store.db.read("SELECT id FROM documents")] == ["a:b"]
        assert [row[0] for row in store.db.read("SELECT id FROM actors")] == ["person:x"]
    finally:
        store.close()
