"""find_actors on names the recogniser gets wrong: places, vehicles and businesses it
calls people, people it calls organisations, names split by a nickname. Every text is
written for the tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from dossier.actors import ActorDictionary, find_actors
from dossier.records import Actor

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.load()


def actors(nlp: Language, dictionary: ActorDictionary, text: str) -> list[Actor]:
    return find_actors(nlp(text), dictionary, "USA")[0]


def names_of(found: list[Actor], kind: str) -> set[str]:
    return {a.name for a in found if a.kind == kind}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Police said a man was shot in the 4100 block of Jensen late on Friday.", "Jensen"),
        ("A woman was shot in the area of Nine Mile and Gratiot on Tuesday night.", "Gratiot"),
        ("He got off a bus at 9th and Wharton streets and was shot in the leg.", "Wharton"),
        ("A teenager was shot on Indy’s far east side on Sunday.", "Indy"),
        ("Officer Ana Ruiz was shot in the suburb of Kearns on Monday.", "Kearns"),
        ("Tom Keller was shot several times at his Dubuque home on Saturday.", "Dubuque"),
        ("Two men were shot outside Sheila's Tavern on Route 9 in Dover.", "Sheila"),
        ("The driver of a 2008 Suzuki lost control and struck a barrier.", "Suzuki"),
    ],
)
def test_a_place_or_a_thing_is_no_person(
    nlp: Language, dictionary: ActorDictionary, text: str, place: str
) -> None:
    assert all(place not in name for name in names_of(actors(nlp, dictionary, text), "person"))


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Relatives identified him as 31-year-old Laquisha Bell.", "Laquisha Bell"),
        ("Deputies found the body of Branwell Okafor, 23, in the yard.", "Branwell Okafor"),
        ("Deputies found the body of Marcus Tillery, 23, in the yard.", "Marcus Tillery"),
        ("The coroner identified the girl as Laquisha Bell.", "Laquisha Bell"),
    ],
)
def test_a_person_the_recogniser_calls_an_organisation(
    nlp: Language, dictionary: ActorDictionary, text: str, person: str
) -> None:
    found = actors(nlp, dictionary, text)
    assert person in names_of(found, "person"), [(a.name, a.kind) for a in found]


def test_a_name_with_a_nickname_is_one_person(nlp: Language, dictionary: ActorDictionary) -> None:
    text = 'Police arrested José "El Chepe" Díaz on Friday. Díaz leads a clique in Soyapango.'
    found = actors(nlp, dictionary, text)
    people = [a for a in found if a.kind == "person"]
    assert [a.name for a in people] == ['José "El Chepe" Díaz'], [(a.name, a.kind) for a in found]


def test_a_title_cut_from_its_name_is_no_person(nlp: Language, dictionary: ActorDictionary) -> None:
    text = "A gunman walked up and opened fire, LAPD Det. Dave Garrido said."
    names = names_of(actors(nlp, dictionary, text), "person")
    assert not any("Det" in name for name in names), names


def test_a_page_heading_is_no_person(nlp: Language, dictionary: ActorDictionary) -> None:
    text = "Man shot at gas station - WXYZ TV Bluefield Mercer News, Weather and Sports."
    names = names_of(actors(nlp, dictionary, text), "person")
    assert not any("News" in name for name in names), names


def test_a_person_shot_at_is_still_a_person(nlp: Language, dictionary: ActorDictionary) -> None:
    text = "Tom Keller ran out of the store. The gunman fired at Keller twice and fled."
    assert "Tom Keller" in names_of(actors(nlp, dictionary, text), "person")
