"""Tests for how crime reports tell casualties: the dead and wounded, the victim named
later, and the person accused of the act. Every text is written for the tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from dossier.events import Lexicon
from dossier.events.assemble import CodedEvent, settle_wounded, tally_span
from dossier.records import Event, Evidence, When
from tests.events.support import code, trigger_text

PERSON, GROUP = "person", "group"


def assaults(events: list[Event]) -> list[Event]:
    return [e for e in events if e.type == "ASSAULT"]


def tally(events: list[Event], figure: str) -> int:
    """The article's figure as GVDB scoring reads it: the largest on an ASSAULT."""
    return max((getattr(e, figure) or 0 for e in assaults(events)), default=0)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # a wounding told as fatal counts the dead
        ("A 42-year-old woman was fatally shot in the area on Wednesday night.", 1, 0),
        ("A teenage boy was shot to death on the front porch of a home.", 1, 0),
        ("A man was shot and killed outside a restaurant on Saturday.", 1, 0),
        # a wounding alone counts the wounded
        ("A 20-year-old man was shot while walking on Cadillac Drive.", 0, 1),
        # a death after violence: the dead, and the victim is not also counted wounded
        ("A 24-year-old man has died after he was shot on Thursday night.", 1, 0),
        ("A 23-year-old man died on Friday after being shot in the chest.", 1, 0),
        # a noun event with no known participant still carries its toll
        ("Two people are dead after a shooting at a night club.", 2, 0),
    ],
)
def test_casualties_of_a_shooting(
    nlp: Language, event_lexicon: Lexicon, text: str, killed: int, injured: int
) -> None:
    quantities = [("Two", "killed", 2)] if text.startswith("Two") else []
    events = code(nlp, event_lexicon, text, quantities=quantities)
    assert (tally(events, "killed"), tally(events, "injured")) == (killed, injured)


@pytest.mark.model
def test_a_tally_over_a_year_is_no_event(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "The 22 homicides in the city in 2014 are double the number of last year."
    events = code(
        nlp,
        event_lexicon,
        text,
        timexes=[("2014", "DATE", "2014")],
        quantities=[("22", "killed", 22)],
    )
    assert assaults(events) == []


@pytest.mark.model
def test_the_words_of_one_name_are_one_victim(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Joshua Hawkins Sr., a 42-year-old man, died on Sunday after being shot."
    actors = [("Joshua Hawkins Sr.", PERSON)]
    assert tally(code(nlp, event_lexicon, text, actors=actors), "killed") == 1


@pytest.mark.model
def test_a_death_after_being_shot_has_its_victim(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Iris Barrera, a 29-year-old woman, died on Friday after being shot in Pomona."
    events = assaults(code(nlp, event_lexicon, text, actors=[("Iris Barrera", PERSON)]))
    assert [(e.recipient, e.killed) for e in events] == [(("iris-barrera",), 1)]
    assert trigger_text(text, events[0]) == "died"


@pytest.mark.model
def test_a_death_alone_is_still_no_assault(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Iris Barrera died on Friday after a long illness."
    assert assaults(code(nlp, event_lexicon, text, actors=[("Iris Barrera", PERSON)])) == []


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("Brandon Borders suffered a gunshot wound to his left calf.", 0, 1),
        ("Brandon Borders was found shot to death inside the home.", 1, 0),
        ("Brandon Borders was pronounced dead of gunshot wounds at the scene.", 1, 0),
        ("Deputies found Brandon Borders shot to death inside the home.", 1, 0),
    ],
)
def test_the_victim_as_subject(
    nlp: Language, event_lexicon: Lexicon, text: str, killed: int, injured: int
) -> None:
    events = assaults(code(nlp, event_lexicon, text, actors=[("Brandon Borders", PERSON)]))
    assert [e.recipient for e in events] == [("brandon-borders",)]
    assert (tally(events, "killed"), tally(events, "injured")) == (killed, injured)


@pytest.mark.model
def test_a_wound_of_a_story_is_no_event(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "The team suffered a defeat in the final."
    assert assaults(code(nlp, event_lexicon, text, actors=[("team", GROUP)])) == []


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "A 30-year-old man was shot on Friday. Police identified the man as John Carter.",
        "A 30-year-old man was shot on Friday. The man was identified as John Carter.",
        "Police are investigating a fatal shooting. The victim was identified as John Carter.",
        "Police are investigating a fatal shooting. They identified the victim as John Carter.",
    ],
)
def test_a_victim_identified_by_name(nlp: Language, event_lexicon: Lexicon, text: str) -> None:
    events = assaults(code(nlp, event_lexicon, text, actors=[("John Carter", PERSON)]))
    assert any(e.recipient == ("john-carter",) for e in events), events


@pytest.mark.model
@pytest.mark.model
def test_a_victim_identified_in_apposition(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Police say a 28-year-old man, identified as John Carter, was shot on Friday."
    events = assaults(code(nlp, event_lexicon, text, actors=[("John Carter", PERSON)]))
    assert [e.recipient for e in events] == [("john-carter",)]


@pytest.mark.model
def test_whoever_is_killed_in_a_second_clause_is_no_actor(
    nlp: Language, event_lexicon: Lexicon
) -> None:
    text = "John Carter was home on leave and was killed on Sunday."
    events = assaults(code(nlp, event_lexicon, text, actors=[("John Carter", PERSON)]))
    assert [(e.actor, e.recipient) for e in events] == [((), ("john-carter",))]


@pytest.mark.model
def test_two_people_identified_under_one_noun_name_no_one(
    nlp: Language, event_lexicon: Lexicon
) -> None:
    text = (
        "A man was shot on Friday. Police identified the man as John Carter. "
        "Officers later identified the man as Luis Mena."
    )
    actors = [("John Carter", PERSON), ("Luis Mena", PERSON)]
    events = assaults(code(nlp, event_lexicon, text, actors=actors))
    assert all(not e.recipient for e in events)


@pytest.mark.model
def test_the_suspect_is_not_the_victim(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "A man was shot on Friday. Police identified the suspect as Luis Mena."
    events = assaults(code(nlp, event_lexicon, text, actors=[("Luis Mena", PERSON)]))
    assert all("luis-mena" not in e.recipient for e in events)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Luis Mena, 23, was charged with first-degree murder in the death of a clerk.",
        "Luis Mena is accused of killing a store clerk on Sunday.",
        "Police arrested Luis Mena in connection with the shooting.",
    ],
)
def test_the_accused_is_the_alleged_doer(nlp: Language, event_lexicon: Lexicon, text: str) -> None:
    events = code(nlp, event_lexicon, text, actors=[("Luis Mena", PERSON)])
    assert any(e.actor == ("luis-mena",) for e in assaults(events)), events


def _event(trigger: int, killed: int | None, injured: int | None, *victims: str) -> Event:
    return Event(
        id="",
        type="ASSAULT",
        evidence=Evidence(sentence=(0, 10), trigger=(trigger, trigger + 4)),
        when=When(None, None, "unknown"),
        recipient=victims,
        killed=killed,
        injured=injured,
    )


KINDS = {"ana": "person", "luis": "person", "gang": "group"}


@pytest.mark.parametrize(
    ("drafts", "injured"),
    [
        # no killing: the wounded count stands
        ([CodedEvent(_event(0, None, 1, "ana"), "injured")], [1]),
        # a killing of an unnamed victim: the wounded counted from a victim may be them
        ([CodedEvent(_event(0, None, 1), "injured"), CodedEvent(_event(5, 1, None))], [None, None]),
        # the same person killed and wounded: killed only
        (
            [
                CodedEvent(_event(0, None, 1, "ana"), "injured"),
                CodedEvent(_event(5, 1, None, "ana")),
            ],
            [None, None],
        ),
        # another named person wounded beside a named dead: both stand
        (
            [
                CodedEvent(_event(0, None, 1, "luis"), "injured"),
                CodedEvent(_event(5, 1, None, "ana")),
            ],
            [1, None],
        ),
        # a stated number of wounded is never dropped
        ([CodedEvent(_event(0, None, 3)), CodedEvent(_event(5, 1, None))], [3, None]),
        # a killing told with no number ("the murder of Ana") makes its victim the killed
        (
            [
                CodedEvent(_event(0, None, None, "ana"), killing=True),
                CodedEvent(_event(5, None, 1, "ana"), "injured"),
            ],
            [None, None],
        ),
        # ... but not someone else it does not name
        (
            [
                CodedEvent(_event(0, None, None, "ana"), killing=True),
                CodedEvent(_event(5, None, 1, "luis"), "injured"),
            ],
            [None, 1],
        ),
    ],
)
def test_the_wounded_are_not_the_killed(
    drafts: list[CodedEvent], injured: list[int | None]
) -> None:
    assert [e.injured for e in settle_wounded(drafts, KINDS)] == injured


@pytest.mark.parametrize(
    ("when", "tally"),
    [
        (When("2014-01-01", "2014-12-31", "year"), True),
        (When("2012-12-01", "2012-12-31", "range", "since December 2012"), True),
        (When("2016-01-01", "2016-03-31", "range", "from January to March"), True),
        (When("2016-01-08", "2016-01-10", "range", "from Friday to Sunday"), False),
        (When("2016-01-08", "2016-01-08", "day", "Friday"), False),
        (When(None, None, "unknown"), False),
    ],
)
def test_a_tally_span(when: When, tally: bool) -> None:
    assert tally_span(when) is tally


@pytest.mark.model
def test_a_murder_without_a_number_leaves_no_wounded(nlp: Language, event_lexicon: Lexicon) -> None:
    text = (
        "Police are investigating the murder of Ana Ruiz on Monday night. "
        "Ana Ruiz suffered a gunshot wound to her stomach."
    )
    events = code(nlp, event_lexicon, text, actors=[("Ana Ruiz", PERSON)])
    assert tally(events, "injured") == 0


@pytest.mark.model
def test_an_attempted_murder_is_no_killing(nlp: Language, event_lexicon: Lexicon) -> None:
    text = (
        "Ana Ruiz was shot in the leg on Monday night. "
        "Police charged Luis Mena with the attempted murder of Ana Ruiz."
    )
    events = code(nlp, event_lexicon, text, actors=[("Ana Ruiz", PERSON), ("Luis Mena", PERSON)])
    assert tally(events, "injured") == 1


@pytest.mark.model
def test_victims_named_after_a_source(nlp: Language, event_lexicon: Lexicon) -> None:
    text = (
        "Two women were fatally shot on Sunday, officials said. According to the coroner "
        "Rosa Diaz, Ana Ruiz, 23, and Eva Soto, 29, were both pronounced dead at the scene."
    )
    actors = [("Rosa Diaz", PERSON), ("Ana Ruiz", PERSON), ("Eva Soto", PERSON)]
    events = code(nlp, event_lexicon, text, actors=actors, quantities=[("Two", "count", 2)])
    victims = {r for e in assaults(events) for r in e.recipient}
    assert victims == {"ana-ruiz", "eva-soto"}


@pytest.mark.model
def test_named_dead_who_are_not_all_the_victims_are_not_taken_for_them(
    nlp: Language, event_lexicon: Lexicon
) -> None:
    text = (
        "Three women were fatally shot on Sunday, officials said. "
        "Ana Ruiz and Eva Soto were pronounced dead at the scene."
    )
    actors = [("Ana Ruiz", PERSON), ("Eva Soto", PERSON)]
    events = code(nlp, event_lexicon, text, actors=actors, quantities=[("Three", "count", 3)])
    shooting = next(e for e in assaults(events) if trigger_text(text, e) == "shot")
    assert shooting.recipient == ()
