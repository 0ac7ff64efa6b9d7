"""``csv`` and ``parquet``: one flat row per event, read back by pandas."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from dossier.export import export, select, write_csv
from dossier.export.table import COLUMNS
from dossier.kb import KnowledgeBase
from tests.export.support import GANG_NAME


@pytest.fixture()
def frames(export_kb: KnowledgeBase, tmp_path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    export("csv", export_kb, tmp_path / "events.csv")
    export("parquet", export_kb, tmp_path / "events.parquet")
    return (
        pd.read_csv(tmp_path / "events.csv", keep_default_na=False, na_values=[""]),
        pd.read_parquet(tmp_path / "events.parquet"),
    )


def test_one_row_per_event_in_both(
    export_kb: KnowledgeBase, frames: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    ids = [row.id for row in export_kb.events()]
    for frame in frames:
        assert list(frame.columns) == [c.name for c in COLUMNS]
        assert list(frame["id"]) == ids


def test_csv_and_parquet_hold_the_same_values(
    frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    csv_frame, parquet_frame = frames
    for column in COLUMNS:
        left, right = csv_frame[column.name], parquet_frame[column.name]
        if column.kind in ("int", "float"):
            pd.testing.assert_series_equal(
                left.astype("float64"), right.astype("float64"), check_names=False
            )
        else:
            assert left.astype(object).where(left.notna(), None).tolist() == (
                right.astype(object).where(right.notna(), None).tolist()
            ), column.name


@pytest.mark.parametrize(
    ("event_id", "column", "value"),
    [
        ("north-1:e2", "context", "crime;repression"),
        ("north-1:e2", "killed", 3),
        ("north-1:e2", "hedged", True),
        ("north-1:e2", "money_amount", 40000),
        ("north-1:e2", "money_currency", "USD"),
        ("north-1:e1", "attribution", "Aurelio Peñate"),
        ("north-1:e1", "when_precision", "day"),
        ("hn-1:e1", "actors", GANG_NAME),
        ("hn-1:e1", "recipients", "farmers"),
        ("hn-1:e6", "actors", "the mayor;teachers' union"),
        ("hn-1:e6", "actor_ids", "person:the-mayor;org:teachers-union"),
        ("hn-1:e5", "negated", True),
        ("hn-1:e3", "url", "https://example.org/hn-1?a=1&b=2"),
        ("hn-1:e3", "trigger", "detained"),
        ("hn-1:e1", "latitude", 15.7),
    ],
)
def test_values(
    frames: tuple[pd.DataFrame, pd.DataFrame], event_id: str, column: str, value: object
) -> None:
    for frame in frames:
        assert frame.set_index("id").loc[event_id, column] == value


def test_selection_and_stream(export_kb: KnowledgeBase) -> None:
    out = io.StringIO()
    result = write_csv(select(export_kb, type="ASSAULT", sort="-date"), out)
    frame = pd.read_csv(io.StringIO(out.getvalue()))
    assert list(frame["id"]) == [r.id for r in export_kb.events(type="ASSAULT", sort="-date")]
    assert result.count == len(frame) == 4
