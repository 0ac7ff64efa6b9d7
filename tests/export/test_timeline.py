"""``timelinejs``: Knight Lab TimelineJS JSON, with the text's precision kept."""

from __future__ import annotations

import html
import io
import json
from typing import Any

import pytest

from dossier.export import write_timelinejs
from dossier.export.timeline import timeline_date
from dossier.kb import KnowledgeBase
from tests.export.support import GANG_NAME


@pytest.fixture()
def timeline(export_kb: KnowledgeBase) -> dict[str, Any]:
    out = io.StringIO()
    result = write_timelinejs(export_kb, out, title="Test <timeline>")
    assert (result.count, result.skipped) == (10, 1)  # the undated agreement is left out
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


@pytest.mark.parametrize(
    ("day", "precision", "expected"),
    [
        ("2016-03-08", "day", {"year": "2016", "month": "3", "day": "8"}),
        ("2016-03-01", "month", {"year": "2016", "month": "3"}),
        ("2016-01-01", "year", {"year": "2016"}),
        ("2010-01-01", "decade", {"year": "2010"}),
        ("2016-03-07", "week", {"year": "2016", "month": "3", "day": "7"}),
        ("2016-10-01", "quarter", {"year": "2016", "month": "10"}),
    ],
)
def test_dates_keep_their_precision(day: str, precision: str, expected: dict[str, str]) -> None:
    assert timeline_date(day, precision) == expected


def test_document(timeline: dict[str, Any], export_kb: KnowledgeBase) -> None:
    assert timeline["title"]["text"]["headline"] == "Test &lt;timeline&gt;"
    slides = timeline["events"]
    starts = [tuple(int(s["start_date"].get(k, 1)) for k in ("year", "month", "day"))
              for s in slides]
    assert starts == sorted(starts)
    assert len({s["unique_id"] for s in slides}) == len(slides)
    by_group = {s["group"] for s in slides}
    assert by_group == {"COERCE", "ASSAULT", "CONSULT", "REJECT", "PROTEST"}


def slide(timeline: dict[str, Any], fragment: str) -> dict[str, Any]:
    found = [s for s in timeline["events"] if fragment in s["unique_id"]]
    assert len(found) == 1
    return found[0]


def test_slides(timeline: dict[str, Any]) -> None:
    month = slide(timeline, "hn-1-e1")
    assert month["start_date"] == {"year": "2017", "month": "5"}
    assert "end_date" not in month
    assert html.unescape(month["text"]["headline"]).startswith(f"ASSAULT:firearms: {GANG_NAME}")
    assert "<strong>shot dead</strong>" in month["text"]["text"]
    assert '<a href="https://example.org/hn-1?a=1&amp;b=2">' in month["text"]["text"]
    assert "March &amp; &quot;tear gas&quot; in &lt;Puerto Nuevo&gt;" in month["text"]["text"]
    spread = slide(timeline, "south-1-e1")
    assert spread["start_date"] == {"year": "2015", "month": "10", "day": "1"}
    assert spread["end_date"] == {"year": "2015", "month": "12", "day": "31"}
    published = slide(timeline, "north-1-e2")
    assert "no date in the text" in published["text"]["text"]
    assert "hedged" in published["text"]["text"]
