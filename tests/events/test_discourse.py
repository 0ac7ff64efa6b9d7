"""Tests for dossier.events.discourse: an event's time, place and paragraphs."""

from __future__ import annotations

import pytest
from spacy.language import Language

from dossier.events import Lexicon
from dossier.events.discourse import paragraph_starts
from tests.events.support import code, only

ORG, GROUP = "organization", "group"


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("One.\n\nTwo.\n\nThree.", (0, 6, 12)),
        ("One.\n  \nTwo.", (0, 8)),
        ("One.\nTwo.", (0, 5)),
        ("Only one paragraph.", (0,)),
    ],
)
def test_paragraph_starts(text: str, starts: tuple[int, ...]) -> None:
    assert paragraph_starts(text) == starts


@pytest.mark.model
def test_time_from_the_event_sentence(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "In February 2014, police arrested the gang leader."
    event = only(
        code(
            nlp,
            event_lexicon,
            text,
            actors=[("police", ORG)],
            timexes=[("February 2014", "DATE", "2014-02")],
        ),
        "COERCE",
    )
    assert (event.when.start, event.when.end, event.when.precision) == (
        "2014-02-01",
        "2014-02-28",
        "month",
    )


@pytest.mark.model
def test_a_stated_range_is_one_span(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Between January 2015 and August 2016, soldiers killed 40 gang members."
    event = only(
        code(
            nlp,
            event_lexicon,
            text,
            actors=[("soldiers", ORG), ("gang members", GROUP)],
            timexes=[("January 2015", "DATE", "2015-01"), ("August 2016", "DATE", "2016-08")],
        ),
        "ASSAULT",
    )
    assert (event.when.start, event.when.end, event.when.precision) == (
        "2015-01-01",
        "2016-08-31",
        "range",
    )


@pytest.mark.model
def test_a_date_of_another_event_does_not_date_this_one(
    nlp: Language, event_lexicon: Lexicon
) -> None:
    text = "Police arrested people involved in the 2012 truce."
    event = only(
        code(
            nlp, event_lexicon, text, actors=[("Police", ORG)], timexes=[("2012", "DATE", "2012")]
        ),
        "COERCE",
    )
    assert event.when.precision == "publication"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "start"),
    [
        # the previous sentence of the paragraph
        ("The crisis began in May 2013. Soldiers then arrested the mayor.", "2013-05-01"),
        # the previous paragraph when this one has no date
        ("The crisis began in May 2013.\n\nSoldiers then arrested the mayor.", "2013-05-01"),
        # two paragraphs back is too far: the publication date stands in
        (
            "The crisis began in May 2013.\n\nIt was dry.\n\nSoldiers arrested the mayor.",
            "2016-11-10",
        ),
    ],
)
def test_time_from_the_discourse(
    nlp: Language, event_lexicon: Lexicon, text: str, start: str
) -> None:
    event = only(
        code(
            nlp,
            event_lexicon,
            text,
            actors=[("Soldiers", ORG)],
            timexes=[("May 2013", "DATE", "2013-05")],
        ),
        "COERCE",
    )
    assert event.when.start == start


@pytest.mark.model
def test_publication_date_then_unknown(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Soldiers arrested the mayor."
    published = only(code(nlp, event_lexicon, text, actors=[("Soldiers", ORG)]), "COERCE")
    assert (published.when.start, published.when.precision) == ("2016-11-10", "publication")
    undated = only(
        code(nlp, event_lexicon, text, published=None, actors=[("Soldiers", ORG)]), "COERCE"
    )
    assert (undated.when.start, undated.when.end, undated.when.precision) == (
        None,
        None,
        "unknown",
    )


@pytest.mark.model
def test_place_nearest_the_trigger_else_the_country(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Soldiers arrested the mayor in Soyapango. Police detained two guards."
    events = code(
        nlp,
        event_lexicon,
        text,
        actors=[("Soldiers", ORG), ("Police", ORG)],
        places=[("Soyapango", "SLV", "city")],
        country="SLV",
    )
    first, second = events
    assert first.where is not None and first.where.name == "Soyapango"
    assert second.where is not None
    assert (second.where.country, second.where.precision) == ("SLV", "document")


@pytest.mark.model
@pytest.mark.parametrize(
    ("second", "start"),
    [
        ("Police arrested the gang leaders.", "2014-02-01"),  # past: the earlier date
        ("Police have arrested the gang leaders.", "2016-11-01"),  # present perfect: now
        ("Police arrest the gang leaders.", "2016-11-01"),  # present: now
    ],
)
def test_an_undated_present_event_is_not_dated_by_an_earlier_paragraph(
    nlp: Language, event_lexicon: Lexicon, second: str, start: str
) -> None:
    text = "The talks took place in February 2014.\n\n" + second
    events = code(
        nlp,
        event_lexicon,
        text,
        actors=[("Police", ORG), ("gang leaders", GROUP)],
        timexes=[("February 2014", "DATE", "2014-02")],
        published="2016-11",
    )
    assert only(events, "COERCE").when.start == start
