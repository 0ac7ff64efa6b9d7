"""A store for the export tests: the store tests' three articles plus one written here.

The extra article is invented (a town, a gang, a march) and its actors carry names that
break naive writers: markup characters, quotes, a newline and a vertical tab. Its
events cover the ACLED mapping's branches: an attack on civilians, a march with
arrests, tear gas on marchers, a denied attack and an undated agreement.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import dossier
from dossier.records import (
    Actor,
    Document,
    Event,
    Evidence,
    Extraction,
    Modality,
    When,
    Where,
)
from dossier.store.rows import ActorRow, EventRow
from tests.store.support import articles, sentence, span

TEXT = (
    "Gunmen of the Hermanos del Norte shot dead two farmers outside Puerto Nuevo in May 2017. "
    "On 20 May 2017 hundreds of teachers marched through Puerto Nuevo and police detained "
    "30 of them. Police fired tear gas at the marching teachers. "
    "Officials denied that soldiers attacked the village. "
    "The mayor and the teachers' union later signed a pact."
)
# Markup, quotes, a newline and a vertical tab: every writer must keep or escape them.
GANG_NAME = 'Los "Hermanos" <Norte> & Cía\nsegunda\x0blínea'
PLACE = Where("Puerto Nuevo", "HND", "Atlántida", 15.7, -86.8, "city")


def tricky_article() -> Extraction:
    text = TEXT
    gang = Actor(
        id="group:hermanos", name=GANG_NAME, kind="group", aliases=("Hermanos del Norte",),
        country="HND", sector="CRM", mentions=(span(text, "Hermanos del Norte"),),
    )
    farmers = Actor(
        id="group:farmers", name="farmers", kind="group", sector="CVL",
        mentions=(span(text, "farmers"),),
    )
    teachers = Actor(
        id="group:teachers", name="teachers", kind="group",
        mentions=(span(text, "teachers"), span(text, "teachers", 1)),
    )
    police = Actor(
        id="slv-police", name="National Civil Police", kind="organization", country="HND",
        sector="COP", aliases=("police",), mentions=(span(text, "police"),),
        dictionary_id="slv-police",
    )
    soldiers = Actor(
        id="group:soldiers", name="soldiers", kind="group", sector="MIL",
        mentions=(span(text, "soldiers"),),
    )
    mayor = Actor(
        id="person:the-mayor", name="the mayor", kind="person", sector="GOV",
        roles=("mayor",), mentions=(span(text, "mayor"),),
    )
    union = Actor(
        id="org:teachers-union", name="teachers' union", kind="organization",
        mentions=(span(text, "teachers' union"),),
    )

    def event(number: int, kind: str, trigger: str, **values: object) -> Event:
        defaults: dict[str, object] = {
            "when": When("2017-05-20", "2017-05-20", "day", "20 May 2017"),
            "where": PLACE,
            "context": ("crime",),
        }
        defaults.update(values)
        return Event(
            id=f"hn-1:e{number}",
            type=kind,
            evidence=Evidence(sentence(text, trigger), span(text, trigger)),
            confidence=0.7,
            **defaults,  # type: ignore[arg-type]
        )

    events = (
        event(1, "ASSAULT", "shot dead", mode="firearms", actor=(gang.id,),
              recipient=(farmers.id,), killed=2,
              when=When("2017-05-01", "2017-05-31", "month", "in May 2017")),
        event(2, "PROTEST", "marched", mode="demo", actor=(teachers.id,), arrested=30,
              context=("education",)),
        event(3, "COERCE", "detained", mode="arrest", actor=(police.id,),
              recipient=(teachers.id,), arrested=30),
        event(4, "ASSAULT", "fired tear gas", mode="crowd-control", actor=(police.id,),
              recipient=(teachers.id,), injured=4),
        event(5, "ASSAULT", "attacked", actor=(soldiers.id,), modality=Modality(negated=True),
              attribution=("Officials",)),
        event(6, "AGREE", "signed", actor=(mayor.id, union.id), where=None,
              when=When(None, None, "unknown", None)),
    )
    return Extraction(
        document=Document(
            id="hn-1", text=text, title='March & "tear gas" in <Puerto Nuevo>',
            url="https://example.org/hn-1?a=1&b=2", source="Test Wire", published="2017-05-22",
        ),
        actors=(gang, farmers, teachers, police, soldiers, mayor, union),
        events=events,
    )


def all_articles() -> list[Extraction]:
    return [*articles(), tricky_article()]


def build_store(path: Path) -> Path:
    with dossier.open(path) as kb:
        for extraction in all_articles():
            kb.ingest(extraction)
    return path


ROW = EventRow(
    id="d:e1", doc_id="d", local_id="d:e1", type="ASSAULT", mode=None, context=(),
    actor=(), actor_names=(), recipient=(), recipient_names=(),
    date_start="2016-03-08", date_end="2016-03-08", when_start="2016-03-08",
    when_end="2016-03-08", precision="day", when_text="8 March", place="Santa Ana",
    country="SLV", admin1="Santa Ana", lat=13.99, lon=-89.56, place_precision="city",
    killed=None, injured=None, arrested=None, money_amount=None, money_currency=None,
    negated=False, hypothetical=False, future=False, historical=False, hedged=False,
    attribution=(), sentence_start=0, sentence_end=20, trigger_start=4, trigger_end=10,
    sentence="They killed a man.", trigger="killed", confidence=0.5, title="T", source="S",
    published="2016-03-10",
)


def event_row(**values: object) -> EventRow:
    """An ``EventRow`` for unit tests: a dated event in a Salvadoran town, then ``values``."""
    return replace(ROW, **values)  # type: ignore[arg-type]


def actor_row(actor_id: str, sector: str | None, kind: str = "group",
              country: str | None = "SLV") -> ActorRow:
    return ActorRow(
        id=actor_id, name=actor_id.title(), kind=kind, country=country, sector=sector,
        dictionary_id=None, documents=1, events=1, mentions=1, aliases=(), roles=(),
    )
