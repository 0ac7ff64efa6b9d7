"""Property: any consistent extraction, stored and read back, is the same extraction."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dossier
from dossier.kb import KnowledgeBase
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
from dossier.store.names import event_id

TYPES = ("AGREE", "CONSULT", "ACCUSE", "COERCE", "ASSAULT", "PROTEST", "SANCTION")
PRECISIONS = ("day", "month", "year", "range", "publication", "unknown")
words = st.text(max_size=12)
maybe_words = st.none() | words
countries = st.sampled_from([None, "SLV", "HND", "GTM"])


@st.composite
def iso_dates(draw: st.DrawFn) -> str:
    day = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)))
    return day.isoformat()[: draw(st.sampled_from([4, 7, 10]))]


def whens() -> st.SearchStrategy[When]:
    return st.builds(
        When,
        start=st.none() | iso_dates(),
        end=st.none() | iso_dates(),
        precision=st.sampled_from(PRECISIONS),
        text=maybe_words,
    )


@st.composite
def extractions(draw: st.DrawFn, doc_id: str) -> Extraction:
    text = draw(st.text(min_size=1, max_size=120))

    def span() -> tuple[int, int]:
        start = draw(st.integers(0, len(text)))
        return (start, draw(st.integers(start, len(text))))

    def spans() -> tuple[tuple[int, int], ...]:
        return tuple(span() for _ in range(draw(st.integers(0, 3))))

    actor_ids = draw(st.lists(st.text(min_size=1, max_size=8), max_size=4, unique=True))
    # Mostly actors of the same document (stored merged), sometimes ids it does not define.
    affiliates = (st.sampled_from(actor_ids) | words) if actor_ids else words
    actors = tuple(
        Actor(
            id=local,
            name=draw(st.text(min_size=1, max_size=20)),
            kind=draw(st.sampled_from(["person", "organization", "group", "location"])),
            aliases=tuple(draw(st.lists(words, max_size=3))),
            country=draw(countries),
            sector=draw(st.sampled_from([None, "GOV", "CRM", "COP"])),
            roles=tuple(draw(st.lists(words, max_size=2))),
            affiliations=tuple(draw(st.lists(affiliates, max_size=3))),
            mentions=spans(),
            dictionary_id=draw(st.none() | st.sampled_from(["ms13", "pnc", "fmln"])),
        )
        for local in actor_ids
    )
    someone = st.sampled_from(actor_ids) if actor_ids else st.nothing()
    up_to_two = st.lists(someone, max_size=2 if actor_ids else 0)
    events = []
    for number in range(draw(st.integers(0, 4))):
        local = f"{doc_id}:e{number + 1}" if draw(st.booleans()) else f"e{number + 1}"
        where = draw(
            st.none()
            | st.builds(
                Where,
                name=words,
                country=countries,
                admin1=maybe_words,
                lat=st.none() | st.floats(-90, 90),
                lon=st.none() | st.floats(-180, 180),
                precision=st.sampled_from(["city", "admin1", "country", "document"]),
            )
        )
        counts = st.none() | st.integers(0, 10**6)
        events.append(
            Event(
                id=local,
                type=draw(st.sampled_from(TYPES)),
                mode=draw(maybe_words),
                context=tuple(draw(st.lists(words, max_size=3))),
                actor=tuple(draw(up_to_two)),
                recipient=tuple(draw(up_to_two)),
                when=draw(whens()),
                where=where,
                killed=draw(counts),
                injured=draw(counts),
                arrested=draw(counts),
                money=draw(
                    st.none()
                    | st.builds(
                        Money,
                        amount=st.floats(0, 1e12),
                        currency=st.sampled_from(["USD", "EUR"]),
                    )
                ),
                modality=draw(st.builds(Modality, *[st.booleans()] * 5)),
                attribution=tuple(draw(st.lists(words, max_size=2))),
                evidence=Evidence(span(), span()),
                confidence=draw(st.floats(0, 1)),
            )
        )
    quotes = tuple(
        Quote(
            text=draw(words),
            span=span(),
            speaker=draw(st.none() | someone) if actor_ids else None,
            when=draw(st.none() | whens()),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    timexes = tuple(
        Timex(draw(words), span(), "DATE", draw(iso_dates()), draw(st.none() | st.just("START")))
        for _ in range(draw(st.integers(0, 2)))
    )
    quantities = tuple(
        Quantity(
            kind=draw(st.sampled_from(["killed", "money", "count"])),
            value=draw(st.floats(0, 1e9)),
            span=span(),
            currency=draw(st.none() | st.just("USD")),
            approximate=draw(st.booleans()),
            text=draw(words),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    document = Document(
        id=doc_id,
        text=text,
        title=draw(maybe_words),
        url=draw(maybe_words),
        source=draw(maybe_words),
        published=draw(st.none() | iso_dates()),
        language=draw(st.sampled_from(["en", "es"])),
    )
    return Extraction(document, actors, tuple(events), quotes, timexes, quantities)


@st.composite
def corpora(draw: st.DrawFn) -> list[Extraction]:
    count = draw(st.integers(1, 3))
    return [draw(extractions(f"doc-{number}")) for number in range(count)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
def test_stored_extractions_read_back_equal(corpus: list[Extraction]) -> None:
    with dossier.open(":memory:") as kb:
        for extraction in corpus:
            assert kb.ingest(extraction) == "stored"
        for extraction in corpus:
            assert kb.extraction(extraction.document.id) == extraction
            assert kb.ingest(extraction) == "skipped"
            assert _stored_affiliations(kb, extraction) == _expected_affiliations(kb, extraction)


def _stored_affiliations(kb: KnowledgeBase, extraction: Extraction) -> list[tuple[object, ...]]:
    rows = kb.db.read(
        "SELECT actor_id, affiliation_id, published, position FROM actor_affiliations"
        " WHERE doc_id = ? ORDER BY actor_id, affiliation_id, position",
        (extraction.document.id,),
    )
    return [tuple(row) for row in rows]


def _expected_affiliations(kb: KnowledgeBase, extraction: Extraction) -> list[tuple[object, ...]]:
    """Each affiliation naming another actor of the document, both sides in store ids."""
    doc_id = extraction.document.id
    merged = {
        local: store_id
        for local, store_id in kb.db.read(
            "SELECT local_id, actor_id FROM document_actors WHERE doc_id = ?", (doc_id,)
        )
    }
    found = [
        (merged[actor.id], merged[local], extraction.document.published, position)
        for actor in extraction.actors
        for position, local in enumerate(actor.affiliations)
        if local in merged and merged[local] != merged[actor.id]
    ]
    return sorted(found, key=lambda row: (row[0], row[1], row[3]))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extractions("doc"))
def test_event_rows_match_their_events_field_by_field(extraction: Extraction) -> None:
    with dossier.open(":memory:") as kb:
        kb.ingest(extraction)
        text = extraction.document.text
        for event in extraction.events:
            row = kb.event(event_id("doc", event.id))
            assert row is not None
            assert row.local_id == event.id
            assert (row.type, row.mode, row.context) == (event.type, event.mode, event.context)
            assert row.when == event.when
            assert row.where == event.where
            assert (row.killed, row.injured, row.arrested) == (
                event.killed, event.injured, event.arrested,
            )
            assert row.money == event.money
            assert row.modality == event.modality
            assert row.attribution == event.attribution
            assert row.evidence == event.evidence
            assert row.confidence == event.confidence
            assert row.sentence == text[slice(*event.evidence.sentence)]
            assert row.trigger == text[slice(*event.evidence.trigger)]
            assert len(row.actor) == len(event.actor)
            assert len(row.recipient) == len(event.recipient)
