"""``jsonl``: the dossier/1 contract, validated against its JSON Schema."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dossier.errors import DossierError
from dossier.export import export, select, write_jsonl
from dossier.kb import KnowledgeBase
from dossier.records import Extraction
from tests.export.support import GANG_NAME
from tests.schema import SCHEMA


def records(kb_or_selection: object, **options: bool) -> list[dict[str, Any]]:
    out = io.StringIO()
    write_jsonl(kb_or_selection, out, **options)  # type: ignore[arg-type]
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_every_record_is_valid_dossier_1(export_kb: KnowledgeBase) -> None:
    found = records(export_kb)
    assert sorted(r["doc_id"] for r in found) == ["hn-1", "north-1", "north-2", "south-1"]
    for record in found:
        jsonschema.validate(record, SCHEMA)
        assert "text" not in record


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"type": "COERCE"}, {"south-1": ["south-1:e1"], "north-1": ["north-1:e1"],
                              "hn-1": ["hn-1:e3"]}),
        ({"involving": "Halcones", "hedged": False},
         {"north-1": ["north-1:e1"], "north-2": ["e2"]}),
    ],
)
def test_events_are_cut_to_the_selection(
    export_kb: KnowledgeBase, filters: dict[str, object], expected: dict[str, list[str]]
) -> None:
    found = records(select(export_kb, **filters))
    assert {r["doc_id"]: [e["id"] for e in r["events"]] for r in found} == expected
    for record in found:
        jsonschema.validate(record, SCHEMA)
        stored = export_kb.extraction(str(record["doc_id"]))
        assert stored is not None
        kept = tuple(e for e in stored.events if e.id in expected[stored.document.id])
        assert Extraction.from_dict(record).to_dict() == replace(stored, events=kept).to_dict()


def test_text_on_request_and_names_survive(export_kb: KnowledgeBase) -> None:
    found = records(select(export_kb, doc="hn-1"), include_text=True)
    stored = export_kb.extraction("hn-1")
    assert stored is not None
    assert found[0]["text"] == stored.document.text
    assert found[0]["title"] == 'March & "tear gas" in <Puerto Nuevo>'
    assert GANG_NAME in [a["name"] for a in found[0]["actors"]]


def test_rows_alone_are_not_enough(export_kb: KnowledgeBase) -> None:
    with pytest.raises(DossierError, match="needs the knowledge base"):
        write_jsonl(list(export_kb.events()), io.StringIO())


def test_a_failed_export_leaves_no_file(export_kb: KnowledgeBase, tmp_path: Path) -> None:
    with pytest.raises(DossierError):
        export("jsonl", list(export_kb.events()), tmp_path / "out.jsonl")
    assert list(tmp_path.iterdir()) == []
