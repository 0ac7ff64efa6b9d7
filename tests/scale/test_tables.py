"""Extractions to Arrow tables and back: nothing lost, nothing rounded."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dossier.errors import ExtractionError
from dossier.scale.tables import SCHEMAS, TABLES, extractions, partition_tables
from tests.store.support import articles, party_article, party_later_article
from tests.store.synthetic import synthetic

CASES = [*articles(), party_article(), party_later_article(), synthetic(0), synthetic(7)]


def test_every_extraction_comes_back_equal() -> None:
    tables = partition_tables("000000", [e.document for e in CASES], CASES)
    assert list(extractions(tables)) == CASES


def test_each_table_has_its_schema_and_a_row_per_record() -> None:
    tables = partition_tables("000000", [e.document for e in CASES], CASES)
    assert set(tables) == set(TABLES)
    for name, table in tables.items():
        assert table.schema == SCHEMAS[name], name
    assert tables["documents"].num_rows == len(CASES)
    assert tables["events"].num_rows == sum(len(e.events) for e in CASES)
    assert tables["actors"].num_rows == sum(len(e.actors) for e in CASES)
    assert tables["errors"].num_rows == 0


def test_confidence_keeps_its_precision() -> None:
    first = articles()[0]
    event = replace(first.events[0], confidence=0.123456789)
    exact = replace(first, events=(event, *first.events[1:]))
    tables = partition_tables("000000", [exact.document], [exact])
    assert tables["events"].column("confidence").to_pylist()[0] == 0.123456789
    assert next(extractions(tables)) == exact


def test_events_carry_their_store_id_days_and_words() -> None:
    first = articles()[0]
    tables = partition_tables("000003", [first.document], [first])
    row = tables["events"].to_pylist()[0]
    start, end = first.events[0].evidence.trigger
    assert row["event_id"] == "north-1:e1"
    assert (row["date_start"], row["date_end"]) == ("2016-03-08", "2016-03-08")
    assert row["trigger"] == first.document.text[start:end] == "detained"
    assert tables["documents"].column("partition").to_pylist() == ["000003"]


def test_a_failed_document_is_an_error_row_not_an_extraction() -> None:
    good, bad = articles()[:2]
    error = ExtractionError("north-2: extraction failed", doc_id="north-2", stage="events")
    tables = partition_tables("000000", [good.document, bad.document], [good, error])
    assert tables["errors"].to_pylist() == [
        {
            "doc_id": "north-2",
            "partition": "000000",
            "stage": "events",
            "message": "north-2: extraction failed",
        }
    ]
    assert tables["documents"].num_rows == 2
    assert list(extractions(tables)) == [good]


@pytest.mark.parametrize("name", ["actors", "events", "quotes", "timexes", "quantities"])
def test_every_record_row_names_its_document(name: str) -> None:
    tables = partition_tables("000000", [e.document for e in CASES], CASES)
    ids = {e.document.id for e in CASES}
    assert set(tables[name].column("doc_id").to_pylist()) <= ids
