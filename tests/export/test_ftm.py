"""``ftm``: FollowTheMoney entities, checked by followthemoney's own model."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from followthemoney import model

from dossier.export import select, write_ftm
from dossier.export.ftm import entity_id
from dossier.kb import KnowledgeBase
from tests.export.support import GANG_NAME


def entities(source: object, **options: bool) -> list[dict[str, Any]]:
    out = io.StringIO()
    write_ftm(source, out, **options)  # type: ignore[arg-type]
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture()
def everything(export_kb: KnowledgeBase) -> list[dict[str, Any]]:
    return entities(export_kb, include_text=True)


def test_every_entity_is_valid_and_its_values_survive(everything: list[dict[str, Any]]) -> None:
    for data in everything:
        proxy = model.get_proxy(data)
        assert proxy.schema.name == data["schema"]
        cleaned = model.make_entity(data["schema"])
        for name, values in data["properties"].items():
            for value in values:
                cleaned.add(name, value)  # unknown properties raise; values are cleaned
            assert sorted(cleaned.get(name)) == sorted(values), (data["schema"], name)
            assert sorted(proxy.get(name)) == sorted(values)


def test_references_point_to_earlier_entities(everything: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for data in everything:
        proxy = model.get_proxy(data)
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in seen, (data["schema"], prop.name)
        seen.add(data["id"])
    assert len(seen) == len(everything)


def test_schemata_and_counts(everything: list[dict[str, Any]]) -> None:
    counts: dict[str, int] = {}
    for data in everything:
        counts[data["schema"]] = counts.get(data["schema"], 0) + 1
    # Mentions: each event actor in each document naming it (the minister of north-2 is
    # also named in north-1, as the source of its events).
    assert counts == {
        "Article": 4, "PublicBody": 2, "Organization": 6, "Person": 3, "Mention": 15,
        "Event": 11,
    }


def by_record(everything: list[dict[str, Any]], schema: str, record: str) -> dict[str, Any]:
    marker = {"Event": "recordId", "Article": "notes"}.get(schema, "notes")
    for data in everything:
        values = data["properties"].get(marker, [])
        if data["schema"] == schema and any(record in v for v in values):
            return data["properties"]  # type: ignore[no-any-return]
    raise AssertionError(f"no {schema} {record}")


def test_values(everything: list[dict[str, Any]], export_kb: KnowledgeBase) -> None:
    event = by_record(everything, "Event", "north-2:e1")
    assert event["date"] == ["2016-06"] and "startDate" not in event
    assert event["country"] == ["sv"]
    assert event["organizer"] == [entity_id("actor", "person:aurelio-penate")]
    assert event["proof"] == [entity_id("doc", "north-2")]
    spread = by_record(everything, "Event", "south-1:e1")
    assert (spread["startDate"], spread["endDate"]) == (["2015-10-01"], ["2015-12-31"])
    person = by_record(everything, "Person", "person:aurelio-penate")
    assert person["name"] == ["Aurelio Peñate"]
    assert person["position"] == ["Security Minister", "security minister"]
    gang = by_record(everything, "Organization", "hermanos")
    assert gang["name"] == [" ".join(GANG_NAME.split())]
    article = by_record(everything, "Article", "hn-1")
    assert article["sourceUrl"] == ["https://example.org/hn-1?a=1&b=2"]
    text = export_kb.extraction("hn-1")
    assert text is not None and article["bodyText"] == [text.document.text.strip()]


def test_ids_are_stable_and_a_selection_is_smaller(export_kb: KnowledgeBase) -> None:
    first = entities(select(export_kb, doc="north-2"))
    assert first == entities(select(export_kb, doc="north-2"))
    assert {d["schema"] for d in first} == {"Article", "Person", "Organization", "Mention",
                                            "Event"}
    assert sum(d["schema"] == "Event" for d in first) == 2
