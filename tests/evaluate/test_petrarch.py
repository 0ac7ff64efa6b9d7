"""Tests for dossier.evaluate.petrarch: the PETRARCH-2 validation loader and scorer."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import InputError
from dossier.evaluate.petrarch import (
    CameoMap,
    PloverCode,
    cameo_actor,
    find_cameo_map,
    load_cameo_map,
    load_petrarch,
    petrarch_errors,
    score_petrarch,
)
from dossier.records import Actor, Document, Event, Evidence, Extraction, When

TABLE = """# a CAMEO to PLOVER table written for the tests
# version: test

04: CONSULT
040: CONSULT, ,  # Consult
042: CONSULT, visit,   # Make a visit

08: CONCEDE
080: CONCEDE,   ,  # Yield
08: RETREAT
084: RETREAT,   ,  # Return, release

17: COERCE
173: COERCE, arrest, legal            # Arrest
1711: COERCE, seize, human_security; legal   # Confiscate
~~~~~
"""

RECORDS = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
# a header in the file's own style, with a stray <EventCoding...> in it
<Sentences>
<Sentence category="AFP" date="20090312" id="WIRE_1" evaluate="true"/>
<EventCoding eventcode="173" sourcecode="PERCOP" targetcode="CHL" />
<Text>
Peruvian police detained two Chilean
sailors on Thursday &amp; questioned them.
</Text>
<Parse>
1	Peruvian	Peruvian	ADJ	JJ	_	2	amod	_	_
</Parse>
</Sentence>

<Sentence category="GOLD" date="20090313" id="WIRE_2" evaluate="true">
<!-- a comment with <EventCoding eventcode="999" /> inside -->
<EventCoding noevents="True" />
<Text>
The ferry left the harbour an hour late.
</Text>
</Sentence>

<Sentence category="GOLD" date="20090313" id="WIRE_3" evaluate="true"/>
<EventCoding eventcode="173" sourcecode="PERCOP" targetcode="CHL" />
<Text>
Peruvian police detained two Chilean sailors on Thursday &amp; questioned them.
</Text>
</Sentence>

<Sentence category="VERB" date="20150609" id="VERB_1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="USAGOV" targetcode="FRA" />
<Text>
The envoy flew to Paris.
</Text>
</Sentence>

<Sentence category="OTHER" date="20150609" id="EMPTY_1" evaluate="true"/>
<EventCoding eventcode="040" sourcecode="USA" targetcode="FRA" />
<Text>
</Text>
</Sentence>
</Sentences>
</Validation>
"""


def _write(folder: Path, name: str, content: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture()
def table(tmp_path: Path) -> CameoMap:
    return load_cameo_map(_write(tmp_path, "map.txt", TABLE))


def test_table_reads_codes_modes_and_contexts(table: CameoMap) -> None:
    assert table.lookup("042") == PloverCode("CONSULT", "visit")
    assert table.lookup("173") == PloverCode("COERCE", "arrest", ("legal",))
    assert table.lookup("1711") == PloverCode("COERCE", "seize", ("human_security", "legal"))


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("0421", "CONSULT"),  # the longest listed prefix
        ("1735", "COERCE"),
        ("045", "CONSULT"),  # the family heading
        ("085", None),  # family 08 is headed twice with two types: ambiguous
        ("013", None),  # not in the table
    ],
)
def test_lookup_falls_back_on_prefixes(table: CameoMap, code: str, expected: str | None) -> None:
    found = table.lookup(code)
    assert (found.type if found else None) == expected


@pytest.mark.parametrize(
    "content", ["040 CONSULT\n", "040: consult, ,\n", "# only comments\n"]
)
def test_bad_tables_raise_input_errors(tmp_path: Path, content: str) -> None:
    with pytest.raises(InputError, match="map.txt"):
        load_cameo_map(_write(tmp_path, "map.txt", content))


def test_missing_table_says_how_to_give_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--cameo-map"):
        load_cameo_map(tmp_path / "absent.txt")


def test_table_is_found_in_a_reference_folder_above_the_gold(tmp_path: Path) -> None:
    table = _write(tmp_path, "reference/CAMEO2PLOVER-2021.txt", TABLE)
    gold = _write(tmp_path, "gold/petrarch/records.xml", RECORDS)
    assert find_cameo_map(gold) == table.resolve()


def test_no_table_above_the_gold_raises(tmp_path: Path) -> None:
    gold = _write(tmp_path, "gold/petrarch/records.xml", RECORDS)
    with pytest.raises(InputError, match="--cameo-map"):
        find_cameo_map(gold)


@pytest.mark.parametrize(
    ("code", "country", "sectors"),
    [
        ("USAGOV", "USA", {"GOV"}),
        ("CHL", "CHL", set()),
        ("---REB", None, {"REB"}),
        ("IGOUNOMIL", None, {"IGO", "MIL"}),
        ("PSEGZACVL", "PSE", {"CVL"}),
        ("EGYOPP", "EGY", {"PTY", "CVL"}),
        ("---", None, set()),
        ("", None, set()),
    ],
)
def test_cameo_actor_codes(code: str, country: str | None, sectors: set[str]) -> None:
    actor = cameo_actor(code)
    assert (actor.country, set(actor.sectors)) == (country, sectors)


@pytest.fixture()
def records(tmp_path: Path) -> Path:
    return _write(tmp_path, "records.xml", RECORDS)


def test_loader_keeps_newswire_once_and_reads_codings(records: Path) -> None:
    gold = load_petrarch(records)
    assert [r.id for r in gold.records] == ["WIRE_1", "WIRE_2"]
    first, second = gold.records
    assert first.text == (
        "Peruvian police detained two Chilean sailors on Thursday & questioned them."
    )
    assert first.published == "2009-03-12"
    assert [(c.event, c.source, c.target) for c in first.codings] == [("173", "PERCOP", "CHL")]
    assert second.codings == ()
    assert gold.skipped == 3  # the repeat, the VERB test record and the empty one


def test_loader_can_keep_every_category(records: Path) -> None:
    gold = load_petrarch(records, categories=None)
    assert [r.id for r in gold.records] == ["WIRE_1", "WIRE_2", "VERB_1"]
    assert [r.id for r in load_petrarch(records, categories=None, limit=1).records] == ["WIRE_1"]


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        ("<Validation></Validation>", "no <Sentences>"),
        ("<Sentences>\n</Sentences>", "no <Sentence> records"),
        ('<Sentences><Sentence id="A"/><EventCoding noevents="True"/></Sentence></Sentences>',
         "id A): no <Text>"),
        ('<Sentences><Sentence id="B"/><Text>x</Text></Sentence></Sentences>',
         "no <EventCoding>"),
        ('<Sentences><Sentence id="C"/><EventCoding sourcecode="X"/><Text>x</Text></Sentence>'
         "</Sentences>", "no eventcode"),
        ('<Sentences><Sentence category="AFP"/><Text>x</Text></Sentence></Sentences>',
         "has no id"),
    ],
)
def test_malformed_records_raise_input_errors(tmp_path: Path, content: str, detail: str) -> None:
    path = _write(tmp_path, "bad.xml", content)
    with pytest.raises(InputError) as caught:
        load_petrarch(path)
    assert str(path) in str(caught.value)
    assert detail in str(caught.value)


def _event(
    event_type: str, mode: str | None = None, actor: tuple[str, ...] = (),
    recipient: tuple[str, ...] = (),
) -> Event:
    return Event(
        id=f"e-{event_type}",
        type=event_type,
        mode=mode,
        evidence=Evidence((0, 10), (0, 4)),
        when=When(None, None, "publication"),
        actor=actor,
        recipient=recipient,
    )


POLICE = Actor("police:per", "police", "group", country="PER", sector="COP")
SAILORS = Actor("sailors", "sailors", "group", country="CHL", sector="CVL")
NAVY = Actor("navy:chl", "navy", "group", country="CHL", sector="MIL")


def _extraction(events: list[Event], actors: tuple[Actor, ...] = ()) -> Extraction:
    return Extraction(Document(id="x", text="x"), actors=actors, events=tuple(events))


def test_scores_type_mode_actor_and_recipient(records: Path, table: CameoMap) -> None:
    gold = load_petrarch(records)
    right = _extraction(
        [_event("ACCUSE"), _event("COERCE", "arrest", ("police:per",), ("sailors",))],
        (POLICE, SAILORS),
    )
    scores = score_petrarch(gold, table, [right, _extraction([])])
    figures = scores.figures()
    assert figures["petrarch_sentences"] == 1
    assert figures["petrarch_type_accuracy"] == 1.0
    assert figures["petrarch_mode_accuracy"] == 1.0
    assert figures["petrarch_actor_accuracy"] == 1.0
    assert figures["petrarch_recipient_accuracy"] == 1.0
    assert figures["petrarch_type_precision"] == 0.5
    assert figures["petrarch_noevent_accuracy"] == 1.0
    assert petrarch_errors(scores) == []


def test_a_country_code_takes_any_actor_of_that_country(records: Path, table: CameoMap) -> None:
    gold = load_petrarch(records)
    coded = _extraction([_event("COERCE", "seize", ("sailors",), ("navy:chl",))], (SAILORS, NAVY))
    scores = score_petrarch(gold, table, [coded, _extraction([_event("CONSULT")])])
    assert (scores.type_accuracy, scores.mode_accuracy) == (1.0, 0.0)
    assert (scores.actor_accuracy, scores.recipient_accuracy) == (0.0, 1.0)
    assert scores.noevent_accuracy == 0.0
    assert sorted(e["kind"] for e in petrarch_errors(scores)) == [
        "actor wrong", "event where none is coded", "mode wrong",
    ]


def test_a_missed_type_is_an_error_and_scores_nothing_else(
    records: Path, table: CameoMap
) -> None:
    gold = load_petrarch(records)
    scores = score_petrarch(gold, table, [_extraction([_event("PROTEST")]), _extraction([])])
    assert scores.type_accuracy == 0.0
    assert scores.actor_accuracy == 0.0 and scores.outcomes[0].actor_right is None
    assert [e["kind"] for e in petrarch_errors(scores)] == ["type missed COERCE"]


def test_one_extraction_per_record_is_required(records: Path, table: CameoMap) -> None:
    with pytest.raises(ValueError):
        score_petrarch(load_petrarch(records), table, [])
