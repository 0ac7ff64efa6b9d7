"""Tests for the indexes ``Discourse`` builds once per document: spans that cover a
span, the places of each sentence, the nearest earlier sentence with a date."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from dossier import time as timing
from dossier.events import Lexicon, code_events
from dossier.events.discourse import Discourse, _Spans, paragraph_starts
from dossier.records import Document, PlaceMention, Where
from tests.events.support import PUBLISHED, code, findings

ORG = "organization"

_SPANS = st.lists(
    st.tuples(st.integers(0, 80), st.integers(0, 15)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=30,
)


@given(spans=_SPANS, probes=_SPANS)
def test_covering_finds_the_spans_a_scan_finds(
    spans: list[tuple[int, int]], probes: list[tuple[int, int]]
) -> None:
    index = _Spans(spans)
    for start, end in probes:
        expected = sorted(s for s in spans if s[0] <= start and end <= s[1])
        assert sorted(index.covering((start, end))) == expected


@pytest.mark.parametrize(
    ("spans", "probe", "covering"),
    [
        ([], (3, 5), []),
        ([(0, 10), (2, 4), (3, 5)], (3, 5), [(0, 10), (3, 5)]),
        ([(0, 2), (8, 9)], (3, 5), []),
        ([(3, 4), (4, 5)], (3, 5), []),  # each holds only a part
    ],
)
def test_covering(
    spans: list[tuple[int, int]], probe: tuple[int, int], covering: list[tuple[int, int]]
) -> None:
    assert _Spans(spans).covering(probe) == covering


_TEXT = (
    "The crisis began in May 2013. It was dry. Gangs fought in June 2014. It rained.\n\n"
    "Soldiers arrested the mayor. It was late.\n\n"
    "Nothing happened. Soldiers detained a guard."
)
_DATES = [("May 2013", "DATE", "2013-05"), ("June 2014", "DATE", "2014-06")]


@pytest.mark.model
def test_the_nearest_earlier_dated_sentence_is_found_once_for_all(
    nlp: Language, event_lexicon: Lexicon
) -> None:
    doc = nlp(_TEXT)
    found = findings(_TEXT, actors=[("Soldiers", ORG)], timexes=_DATES)
    document = Document(id="t", text=_TEXT, published=PUBLISHED)
    discourse = Discourse(doc, document, found, event_lexicon, paragraph_starts(_TEXT), ())
    sentences = discourse.sentences
    dated = [
        i
        for i, sentence in enumerate(sentences)
        if timing.when_for(
            _TEXT,
            [t for t in found.timexes if sentence.start_char <= t.span[0] < sentence.end_char],
            (sentence.start_char, sentence.end_char),
        )
    ]
    for index in range(len(sentences)):
        earlier = [i for i in dated if i < index]
        got = discourse._dated_before[index]
        assert (got[0] if got else None) == (earlier[-1] if earlier else None)


@pytest.mark.model
@pytest.mark.parametrize(
    ("trigger", "start"),
    [
        ("arrested", "2014-06-01"),  # the previous paragraph's last dated sentence
        ("detained", PUBLISHED),  # two paragraphs back is too far
    ],
)
def test_time_from_the_nearest_dated_sentence(
    nlp: Language, event_lexicon: Lexicon, trigger: str, start: str
) -> None:
    events = code(nlp, event_lexicon, _TEXT, actors=[("Soldiers", ORG)], timexes=_DATES)
    event = next(e for e in events if _TEXT[e.evidence.trigger[0] :].startswith(trigger))
    assert event.when.start == start


@pytest.mark.model
def test_a_place_inside_an_actors_name_is_not_the_events_place(
    nlp: Language, event_lexicon: Lexicon
) -> None:
    text = "Soyapango detained two guards. The Soyapango Police arrested the mayor in Ilopango."
    named, city = text.index("Soyapango Police"), text.index("Ilopango")
    places = [
        PlaceMention((0, 9), "Soyapango", Where("Soyapango", "SLV", precision="city")),
        PlaceMention((named, named + 9), "Soyapango", Where("Soyapango", "SLV", precision="city")),
        PlaceMention((city, city + 8), "Ilopango", Where("Ilopango", "SLV", precision="city")),
    ]
    given = findings(text, actors=[("Soyapango", "location"), ("Soyapango Police", ORG)])
    given = replace(given, places=tuple(places), country="SLV")
    document = Document(id="t", text=text, published=PUBLISHED)
    events = code_events(nlp(text), document, given, event_lexicon)
    where = {text[e.evidence.trigger[0] : e.evidence.trigger[1]]: e.where for e in events}
    # a place that is a whole mention counts; one inside a longer mention does not
    assert where["detained"] is not None and where["detained"].name == "Soyapango"
    assert where["arrested"] is not None and where["arrested"].name == "Ilopango"
