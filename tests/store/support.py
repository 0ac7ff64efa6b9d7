"""Hand-built extractions for the store's tests: three short articles written for them.

The people, the gang and the places are invented. Spans are found by searching the
text for the words, so the articles can be edited without recounting offsets.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

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
from dossier.store.schema import PROFILE_INDEXES, statements

FIRST_TEXT = (
    "Security Minister Aurelio Peñate said the national police detained 12 members of "
    "Los Halcones in Santa Ana on 8 March. Peñate told reporters that officers may have "
    "killed three gang members during the raid, which cost $40,000."
)
SECOND_TEXT = (
    "Aurelio Penate, the security minister, met church leaders in San Salvador in June "
    "to discuss a truce with the gangs. Los Halcones rejected the talks. \"We will not "
    "kneel,\" a spokesman for Los Halcones said."
)
THIRD_TEXT = "The PNC arrested a suspected extortionist in Usulután in late 2015, PNC said."


def span(text: str, words: str, nth: int = 0) -> tuple[int, int]:
    """The ``nth`` occurrence of ``words`` in ``text`` as a ``(start, end)`` span."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(words, at + 1)
    return (at, at + len(words))


def sentence(text: str, words: str) -> tuple[int, int]:
    """The span of the sentence holding ``words`` (sentences end with '. ')."""
    start, _ = span(text, words)
    begin = text.rfind(". ", 0, start)
    begin = 0 if begin < 0 else begin + 2
    end = text.find(". ", start)
    return (begin, len(text) if end < 0 else end + 1)


def first_article(*, text: str = FIRST_TEXT, published: str = "2016-03-10") -> Extraction:
    document = Document(
        id="north-1",
        text=text,
        title="Police detain gang members in Santa Ana",
        url="https://example.org/north-1",
        source="Test Wire",
        published=published,
    )
    minister = Actor(
        id="person:aurelio-penate",
        name="Aurelio Peñate",
        kind="person",
        aliases=("Peñate",),
        country="SLV",
        sector="GOV",
        roles=("Security Minister",),
        mentions=(span(text, "Aurelio Peñate"), span(text, "Peñate", 1)),
    )
    police = Actor(
        id="slv-police",
        name="National Civil Police",
        kind="organization",
        aliases=("national police",),
        country="SLV",
        sector="COP",
        mentions=(span(text, "national police"), span(text, "officers")),
        dictionary_id="slv-police",
    )
    gang = Actor(
        id="group:los-halcones",
        name="Los Halcones",
        kind="group",
        country="SLV",
        sector="CRM",
        mentions=(span(text, "Los Halcones"), span(text, "gang members")),
    )
    arrest = Event(
        id="north-1:e1",
        type="COERCE",
        mode="arrest",
        context=("crime",),
        actor=("slv-police",),
        recipient=("group:los-halcones",),
        when=When("2016-03-08", "2016-03-08", "day", "8 March"),
        where=Where("Santa Ana", "SLV", "Santa Ana", 13.99, -89.56, "city"),
        arrested=12,
        attribution=("Aurelio Peñate",),
        evidence=Evidence(sentence(text, "detained"), span(text, "detained")),
        confidence=0.8,
    )
    killing = Event(
        id="north-1:e2",
        type="ASSAULT",
        mode="kill",
        context=("crime", "repression"),
        actor=("slv-police",),
        recipient=("group:los-halcones",),
        when=When("2016-03-10", "2016-03-10", "publication", None),
        where=Where("Santa Ana", "SLV", None, None, None, "city"),
        killed=3,
        money=Money(40000, "USD"),
        modality=Modality(hedged=True),
        attribution=("Aurelio Peñate",),
        evidence=Evidence(sentence(text, "killed"), span(text, "killed")),
        confidence=0.6,
    )
    return Extraction(
        document=document,
        actors=(minister, police, gang),
        events=(arrest, killing),
        timexes=(Timex("8 March", span(text, "8 March"), "DATE", "2016-03-08"),),
        quantities=(
            Quantity("arrested", 12, span(text, "12"), text="12"),
            Quantity("killed", 3, span(text, "three"), text="three"),
            Quantity("money", 40000, span(text, "$40,000"), currency="USD", text="$40,000"),
        ),
    )


def second_article(*, published: str = "2016-07") -> Extraction:
    text = SECOND_TEXT
    document = Document(
        id="north-2", text=text, title="Minister meets church leaders", source="Other Daily",
        published=published,
    )
    minister = Actor(
        id="m1",
        name="Aurelio Penate",
        kind="person",
        roles=("security minister",),
        mentions=(span(text, "Aurelio Penate"),),
    )
    church = Actor(
        id="m2", name="church leaders", kind="group", sector="REL",
        mentions=(span(text, "church leaders"),),
    )
    gang = Actor(
        id="m3", name="Los Halcones", kind="group", sector="CRM",
        mentions=(span(text, "Los Halcones"), span(text, "Los Halcones", 1)),
    )
    meeting = Event(
        id="e1",
        type="CONSULT",
        mode="meet",
        context=("crime",),
        actor=("m1",),
        recipient=("m2",),
        when=When("2016-06", "2016-06", "month", "in June"),
        where=Where("San Salvador", "SLV", "San Salvador", 13.69, -89.19, "city"),
        evidence=Evidence(sentence(text, "met"), span(text, "met")),
        confidence=0.7,
    )
    refusal = Event(
        id="e2",
        type="REJECT",
        context=("crime",),
        actor=("m3",),
        recipient=("m1",),
        when=When("2016-07", "2016-07", "publication", None),
        where=None,
        evidence=Evidence(sentence(text, "rejected"), span(text, "rejected")),
        confidence=0.5,
    )
    quote = Quote(
        text="We will not kneel,", span=span(text, "We will not kneel,"), speaker="m3",
        when=When("2016-07", "2016-07", "publication", None),
    )
    return Extraction(
        document=document,
        actors=(minister, church, gang),
        events=(meeting, refusal),
        quotes=(quote,),
        timexes=(Timex("June", span(text, "June"), "DATE", "2016-06"),),
    )


def third_article() -> Extraction:
    text = THIRD_TEXT
    document = Document(id="south-1", text=text, source="Test Wire", published="2015-12-01")
    police = Actor(
        id="pnc", name="PNC", kind="organization", country="SLV", sector="COP",
        mentions=(span(text, "PNC"), span(text, "PNC", 1)), dictionary_id="slv-police",
    )
    suspect = Actor(
        id="p1", name="suspected extortionist", kind="person", sector="CRM",
        mentions=(span(text, "suspected extortionist"),),
    )
    arrest = Event(
        id="south-1:e1",
        type="COERCE",
        mode="arrest",
        context=("crime", "extortion"),
        actor=("pnc",),
        recipient=("p1",),
        when=When("2015-10", "2015-12", "range", "late 2015"),
        where=Where("Usulután", "SLV", "Usulután", None, None, "admin1"),
        arrested=1,
        attribution=("PNC",),
        evidence=Evidence((0, len(text)), span(text, "arrested")),
        confidence=0.9,
    )
    return Extraction(document=document, actors=(police, suspect), events=(arrest,))


def articles() -> list[Extraction]:
    return [first_article(), second_article(), third_article()]


def dump(path: str | Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows (full-text and R*Tree shadow tables too), less ingest times."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE"
                " 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        result: dict[str, list[tuple[object, ...]]] = {}
        for table in tables:
            columns = [
                r[1] for r in connection.execute(f"PRAGMA table_info({table})")
                if r[1] not in ("ingested_at", "applied_at")
            ]
            quoted = ", ".join(f'"{c}"' for c in columns)
            result[table] = connection.execute(
                f"SELECT {quoted} FROM {table} ORDER BY {quoted}"
            ).fetchall()
        return result
    finally:
        connection.close()


def undo_profile_indexes(path: str | Path) -> None:
    """Make ``path`` what dossier wrote before migration 0004 (version 3)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements(PROFILE_INDEXES):
            index = statement.split()[2]
            connection.execute(f"DROP INDEX {index}")
        connection.execute("DELETE FROM migrations WHERE name = '0004_profile_indexes'")
        connection.execute("PRAGMA user_version = 3")
    finally:
        connection.close()


def undo_actor_tallies(path: str | Path) -> None:
    """Make ``path`` what dossier wrote before migration 0003 (version 2)."""
    undo_profile_indexes(path)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("DROP TABLE actor_variants")
        connection.execute("DROP INDEX document_actors_variant")
        connection.execute("ALTER TABLE actor_words DROP COLUMN sources")
        connection.execute("DELETE FROM migrations WHERE name = '0003_actor_tallies'")
        connection.execute("PRAGMA user_version = 2")
    finally:
        connection.close()


# Two more invented articles in which one deputy is affiliated with one party: the
# first with its own actor ids, the second with short local ids, so the store must merge.
PARTY_TEXT = (
    "Deputy Marta Quiroga of the Green Union denied on Monday that she took money from "
    "Los Cuervos, a gang active in the east."
)
PARTY_LATER_TEXT = (
    "Marta Quiroga, a Green Union legislator, asked prosecutors to question the mayor "
    "about the contracts."
)


def party_article(
    *, text: str = PARTY_TEXT, affiliations: tuple[str, ...] = ("org:green-union", "slv-gov")
) -> Extraction:
    """Quiroga affiliated with the Green Union (and with ``slv-gov``, no actor here)."""
    document = Document(id="party-1", text=text, source="Test Wire", published="2018-02-05")
    deputy = Actor(
        id="person:marta-quiroga",
        name="Marta Quiroga",
        kind="person",
        roles=("Deputy",),
        affiliations=affiliations,
        mentions=(span(text, "Marta Quiroga"),),
    )
    party = Actor(
        id="org:green-union", name="Green Union", kind="organization", sector="PTY",
        mentions=(span(text, "Green Union"),),
    )
    gang = Actor(
        id="group:los-cuervos", name="Los Cuervos", kind="group", sector="CRM",
        mentions=(span(text, "Los Cuervos"),),
    )
    return Extraction(document=document, actors=(deputy, party, gang))


def party_later_article() -> Extraction:
    """Quiroga again, a year later, with the same party under local ids ``a1``, ``a2``."""
    text = PARTY_LATER_TEXT
    document = Document(id="party-2", text=text, source="Other Daily", published="2019-06")
    deputy = Actor(
        id="a1", name="Marta Quiroga", kind="person", roles=("legislator",),
        affiliations=("a2", "a1"), mentions=(span(text, "Marta Quiroga"),),
    )
    party = Actor(
        id="a2", name="Green Union", kind="organization", mentions=(span(text, "Green Union"),),
    )
    return Extraction(document=document, actors=(deputy, party))
