"""Tests for who the victim of an act of violence is: pronouns, people known by a tie to
someone else, victims named later, and who is never the victim. Every text is written
for the tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from dossier.events import Lexicon
from dossier.records import Event
from tests.events.support import code

PERSON = "person"

pytestmark = pytest.mark.model


def recipients(events: list[Event]) -> set[str]:
    """Every recipient of the ASSAULT events."""
    return {r for e in events if e.type == "ASSAULT" for r in e.recipient}


def people(*names: str) -> list[tuple[str, str]]:
    return [(name, PERSON) for name in names]


def test_a_pronoun_in_a_quotation_is_not_its_speaker(nlp: Language, event_lexicon: Lexicon) -> None:
    text = 'Ana Ruiz was at the bar with Luis Mena. Luis Mena said: "Somebody shot her twice."'
    events = code(nlp, event_lexicon, text, actors=people("Ana Ruiz", "Luis Mena"))
    assert recipients(events) == {"ana-ruiz"}


def test_a_pronoun_for_an_unnamed_person_names_no_one(
    nlp: Language, event_lexicon: Lexicon
) -> None:
    text = "Luis Mena said a woman was found in the street. Someone had shot her twice."
    events = code(nlp, event_lexicon, text, actors=people("Luis Mena"))
    assert "luis-mena" not in recipients(events)


def test_a_pronoun_agrees_with_the_sex_the_text_gives(
    nlp: Language, event_lexicon: Lexicon
) -> None:
    text = "Ana Ruiz and Luis Mena, a 40-year-old man, were at the bar. A gunman shot her twice."
    events = code(nlp, event_lexicon, text, actors=people("Ana Ruiz", "Luis Mena"))
    assert recipients(events) == {"ana-ruiz"}


def test_a_courtesy_form_gives_the_sex(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Luis Mena and Mrs. Ana Ruiz were at the bar. A gunman shot him twice."
    events = code(nlp, event_lexicon, text, actors=people("Luis Mena", "Ana Ruiz"))
    assert recipients(events) == {"luis-mena"}


def test_a_speaker_is_not_the_likelier_antecedent(nlp: Language, event_lexicon: Lexicon) -> None:
    text = (
        "Ana Ruiz lived in the building, police spokesman Luis Mena said. "
        "She was standing in the driveway when she was shot."
    )
    events = code(nlp, event_lexicon, text, actors=people("Ana Ruiz", "Luis Mena"))
    assert recipients(events) == {"ana-ruiz"}


@pytest.mark.parametrize(
    "text",
    [
        "Luis Mena's brother was shot to death on Friday.",
        "Luis Mena said his son was shot to death on Friday.",
    ],
)
def test_a_relative_is_not_the_person_related_to(
    nlp: Language, event_lexicon: Lexicon, text: str
) -> None:
    events = code(nlp, event_lexicon, text, actors=people("Luis Mena"))
    assert "luis-mena" not in recipients(events)


def test_a_relative_named_in_apposition(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Luis Mena said his son, Juan Mena, was shot on Friday."
    events = code(nlp, event_lexicon, text, actors=people("Luis Mena", "Juan Mena"))
    assert recipients(events) == {"juan-mena"}


def test_who_shot_himself_is_actor_and_recipient(nlp: Language, event_lexicon: Lexicon) -> None:
    events = code(
        nlp, event_lexicon, "Luis Mena shot himself on Friday.", actors=people("Luis Mena")
    )
    assert [(e.actor, e.recipient) for e in events if e.type == "ASSAULT"] == [
        (("luis-mena",), ("luis-mena",))
    ]


def test_killed_along_with_someone(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Ana Ruiz was killed along with Luis Mena on Friday."
    events = code(nlp, event_lexicon, text, actors=people("Ana Ruiz", "Luis Mena"))
    assert recipients(events) == {"ana-ruiz", "luis-mena"}


@pytest.mark.parametrize(
    "text",
    [
        "A man was shot on Friday. Police identified him as Luis Mena.",
        "A 27-year-old man was shot and killed on Friday. Luis Mena, 27, lived nearby.",
        "A man was shot on Friday night. Luis Mena was pronounced dead at the hospital.",
        "Police are investigating a shooting. Luis Mena was suffering from a gunshot wound.",
    ],
)
def test_an_unnamed_victim_named_later(nlp: Language, event_lexicon: Lexicon, text: str) -> None:
    events = code(nlp, event_lexicon, text, actors=people("Luis Mena"))
    assert recipients(events) == {"luis-mena"}


def test_two_named_people_of_one_age_name_no_one(nlp: Language, event_lexicon: Lexicon) -> None:
    text = (
        "A 27-year-old man was shot and killed on Friday. "
        "Luis Mena, 27, and Juan Soto, 27, lived nearby."
    )
    events = code(nlp, event_lexicon, text, actors=people("Luis Mena", "Juan Soto"))
    assert recipients(events) == set()


def test_a_person_charged_is_not_the_story_victim(nlp: Language, event_lexicon: Lexicon) -> None:
    text = (
        "Police are investigating a shooting. Officers identified the man as Luis Mena. "
        "Luis Mena was charged with murder."
    )
    events = code(nlp, event_lexicon, text, actors=people("Luis Mena"))
    assert "luis-mena" not in recipients(events)


def test_many_victims_are_not_the_story_victim(nlp: Language, event_lexicon: Lexicon) -> None:
    text = (
        "The victim was identified as Luis Mena. "
        "Since 2012, at least 555 children have been killed by gunfire in the state."
    )
    events = code(nlp, event_lexicon, text, actors=people("Luis Mena"))
    killings = [e for e in events if e.type == "ASSAULT" and e.killed == 555]
    assert all("luis-mena" not in e.recipient for e in killings)
