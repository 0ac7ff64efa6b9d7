"""``plover``: POLECAT-style records, one JSON object per line."""

from __future__ import annotations

import io
import json

import pytest

from dossier.export import select, write_plover
from dossier.kb import KnowledgeBase
from tests.export.support import GANG_NAME


@pytest.fixture()
def records(export_kb: KnowledgeBase) -> dict[str, dict[str, object]]:
    out = io.StringIO()
    result = write_plover(export_kb, out)
    lines = out.getvalue().splitlines()
    assert result.count == len(lines) == 11
    return {record["event_id"]: record for record in map(json.loads, lines)}


@pytest.mark.parametrize(
    ("event_id", "field", "value"),
    [
        ("north-1:e1", "event_type", "COERCE"),
        ("north-1:e1", "event_mode", "arrest"),
        ("north-1:e1", "event_intensity", -7.0),
        ("north-1:e1", "quad_code", "material_conflict"),
        ("north-1:e1", "event_date", "2016-03-08"),
        ("north-1:e1", "story_id", "north-1"),
        ("north-1:e1", "actor_name", "National Civil Police"),
        ("north-1:e1", "actor_country", "SLV"),
        ("north-1:e1", "primary_actor_sector", "COP"),
        ("north-1:e1", "recipient_name", "Los Halcones"),
        ("north-1:e1", "primary_recipient_sector", "CRM"),
        ("north-1:e1", "placename", "Santa Ana"),
        ("north-1:e1", "arrested", 12),
        ("north-1:e1", "url", "https://example.org/north-1"),
        ("north-2:e1", "event_intensity", 2.5),
        ("north-2:e1", "actor_name_raw", "Aurelio Penate"),
        ("north-2:e1", "actor_name", "Aurelio Peñate"),
        ("north-2:e1", "actor_title", "Security Minister"),
        ("north-2:e1", "date_precision", "month"),
        ("hn-1:e1", "event_intensity", -9.0),
        ("hn-1:e1", "actor_name", GANG_NAME),
        ("hn-1:e5", "negated", True),
        ("hn-1:e6", "actor_names", ["the mayor", "teachers' union"]),
        ("hn-1:e6", "actor_sectors", ["GOV"]),
        ("hn-1:e6", "event_date", None),
        ("hn-1:e6", "version", "dossier/1"),
    ],
)
def test_fields(
    records: dict[str, dict[str, object]], event_id: str, field: str, value: object
) -> None:
    assert records[event_id][field] == value


def test_selection(export_kb: KnowledgeBase) -> None:
    out = io.StringIO()
    write_plover(select(export_kb, country="HND", min_killed=1), out)
    assert [json.loads(line)["event_id"] for line in out.getvalue().splitlines()] == ["hn-1:e1"]
