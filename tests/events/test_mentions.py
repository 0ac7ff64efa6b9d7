"""Tests for the dateline credits ``Mentions`` leaves out of the arguments: a news
agency named in a dateline is the publisher, never a party. Every text is written for
the tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from dossier.events import Lexicon
from dossier.events.mentions import wire_credits
from tests.events.support import code, only


def credits(text: str, paragraphs: tuple[int, ...] = ()) -> list[str]:
    return [text[start:end] for start, end in wire_credits(text, paragraphs)]


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        ("HOUSTON (AP) — A man was shot.", "AP"),
        ("(Reuters) - Gunmen killed two police officers.", "Reuters"),
        ("SAN SALVADOR, El Salvador (AFP) -- Troops patrolled.", "AFP"),
        ("MEMPHIS, Tenn. (AP) - An ex-convict was charged.", "AP"),
        ("Two Wounded In Shooting | CBS ChicagoCHICAGO (STMW) — Two men were hurt.", "STMW"),
        ("Man Shot On West Side « CBS Chicago(CBS) – A man was wounded.", "CBS"),
        ("RISING SUN, Md. (WBFF)-- A woman was found.", "WBFF"),
        ("FLORENCE, S.C. (WCIV/WPDE) — A man was arrested.", "WCIV/WPDE"),
    ],
)
def test_a_credit_in_a_dateline(text: str, credit: str) -> None:
    assert credits(text) == [credit]


@pytest.mark.parametrize(
    "text",
    [
        "The National Civil Police (PNC) — the country's police — arrested him.",
        "He said the gangs (MS13 and Barrio 18) - which are rivals - had a truce.",
        "INDIANAPOLIS, Ind. (Jan. 2, 2016) — Police are investigating.",
        "HOUSTON (AP) Police said a man was shot.",  # no dash: not a dateline
    ],
)
def test_brackets_that_are_no_credit(text: str) -> None:
    assert credits(text) == []


def test_a_credit_opens_a_story_not_its_middle() -> None:
    filler = "The gangs held a truce for two years and the murder rate fell by half. " * 5
    text = filler + "MANAGUA (AP) — Police arrested a man."
    assert credits(text) == []
    assert credits(text, (len(filler),)) == ["AP"]


@pytest.mark.model
def test_a_credit_is_never_a_party(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "HOUSTON (AP) — John Smith, 45, shot himself in Houston on Monday, police said."
    actors = [("AP", "organization"), ("John Smith", "person")]
    event = only(code(nlp, event_lexicon, text, actors=actors), "ASSAULT")
    assert event.actor == ("john-smith",)
    assert event.recipient == ("john-smith",)


@pytest.mark.model
def test_a_credit_is_no_antecedent(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "MANAGUA (Reuters) — Gunmen attacked its office on Monday."
    events = code(nlp, event_lexicon, text, actors=[("Reuters", "organization")])
    assert all("reuters" not in (*e.actor, *e.recipient) for e in events)
