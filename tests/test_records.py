"""Records round-trip through their dossier/1 dictionaries and JSON."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

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

names = st.text(min_size=1, max_size=20)
spans = st.tuples(st.integers(0, 500), st.integers(0, 500)).map(lambda s: (min(s), max(s)))
dates = st.sampled_from(["2014", "2014-02", "2014-02-03", None])
whens = st.builds(
    When, start=dates, end=dates, precision=st.sampled_from(["day", "month", "range"]),
    text=st.none() | names,
)
wheres = st.builds(
    Where, name=names, country=st.sampled_from(["SLV", "HND", None]),
    admin1=st.none() | names,
    lat=st.none() | st.floats(-90, 90),
    lon=st.none() | st.floats(-180, 180),
    precision=st.sampled_from(["city", "country"]),
)
counts = st.none() | st.integers(0, 10_000)
events = st.builds(
    Event,
    id=names,
    type=st.sampled_from(["ASSAULT", "CONSULT", "COERCE"]),
    evidence=st.builds(Evidence, sentence=spans, trigger=spans),
    when=whens,
    mode=st.none() | names,
    context=st.lists(names, max_size=3).map(tuple),
    actor=st.lists(names, max_size=3).map(tuple),
    recipient=st.lists(names, max_size=3).map(tuple),
    where=st.none() | wheres,
    killed=counts,
    injured=counts,
    arrested=counts,
    money=st.none() | st.builds(Money, amount=st.integers(0, 10**9), currency=st.just("USD")),
    modality=st.builds(Modality, st.booleans(), st.booleans(), st.booleans(), st.booleans()),
    attribution=st.lists(names, max_size=2).map(tuple),
    confidence=st.floats(0, 1).map(lambda c: round(c, 3)),
)
actors = st.builds(
    Actor, id=names, name=names, kind=st.sampled_from(["person", "group"]),
    aliases=st.lists(names, max_size=3).map(tuple), country=st.none() | st.just("SLV"),
    sector=st.none() | st.just("CRM"), roles=st.lists(names, max_size=2).map(tuple),
    affiliations=st.lists(names, max_size=2).map(tuple),
    mentions=st.lists(spans, max_size=3).map(tuple), dictionary_id=st.none() | names,
)
extractions = st.builds(
    Extraction,
    document=st.builds(Document, id=names, text=st.text(max_size=50), published=dates),
    actors=st.lists(actors, max_size=3).map(tuple),
    events=st.lists(events, max_size=3).map(tuple),
    quotes=st.lists(
        st.builds(Quote, text=names, span=spans, speaker=st.none() | names, when=st.none() | whens),
        max_size=2,
    ).map(tuple),
    timexes=st.lists(
        st.builds(Timex, text=names, span=spans, type=st.just("DATE"), value=names,
                  mod=st.none() | st.just("END")),
        max_size=2,
    ).map(tuple),
    quantities=st.lists(
        st.builds(Quantity, kind=st.just("killed"), value=st.integers(0, 1000), span=spans,
                  text=names),
        max_size=2,
    ).map(tuple),
)


@given(extractions)
def test_extraction_round_trips_through_json(extraction: Extraction) -> None:
    data = json.loads(json.dumps(extraction.to_dict(include_text=True)))
    assert data["schema"] == "dossier/1"
    assert Extraction.from_dict(data) == extraction


@given(extractions)
def test_extraction_validates_against_the_schema(extraction: Extraction) -> None:
    import jsonschema

    from tests.schema import SCHEMA

    jsonschema.validate(extraction.to_dict(), SCHEMA)
