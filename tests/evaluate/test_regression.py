"""The regression guard: each ``dossier eval`` on a slice of its gold set may not fall
more than 0.05 below the figures recorded in ``src/dossier/evaluate/baseline.json``.

Skipped when ``../shared/gold`` is not beside the checkout. After a deliberate change
in extraction, re-record with ``benchmarks/record_baseline.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

from dossier.evaluate.baseline import Slice, load_baseline, regressions, slices
from dossier.evaluate.report import EvalOptions, run
from dossier.pipeline import Extractor
from tests.conftest import GOLD

BASELINE = load_baseline()
TOLERANCE = float(BASELINE["tolerance"])


@pytest.mark.model
@pytest.mark.skipif(not GOLD.exists(), reason=f"gold data not found at {GOLD}")
@pytest.mark.parametrize(
    ("piece", "recorded"), slices(BASELINE), ids=[name for name in BASELINE["sets"]]
)
def test_no_figure_falls_below_the_baseline(
    piece: Slice, recorded: dict[str, Any], extractor: Extractor
) -> None:
    path = GOLD / piece.path
    if not path.exists():
        pytest.skip(f"gold data not found at {path}")
    figures = run(piece.name, path, EvalOptions(limit=piece.limit), extractor).figures
    assert regressions(recorded, figures, TOLERANCE) == []


@pytest.mark.parametrize(
    ("recorded", "measured", "worse"),
    [
        ({"x_f1": 0.80}, {"x_f1": 0.76}, []),
        ({"x_f1": 0.80}, {"x_f1": 0.74}, ["x_f1"]),
        ({"x_accuracy": 0.5}, {"x_accuracy": 0.9}, []),
        ({"x_mae": 0.40}, {"x_mae": 0.44}, []),
        ({"x_mae": 0.40}, {"x_mae": 0.50}, ["x_mae"]),
        ({"x_documents": 30}, {"x_documents": 3}, []),
        ({"x_recall": 0.5}, {}, ["x_recall"]),
    ],
)
def test_regressions_compare_scores_and_errors_not_counts(
    recorded: dict[str, float], measured: dict[str, float], worse: list[str]
) -> None:
    found = regressions(recorded, measured, 0.05)
    assert [line.split(":")[0] for line in found] == worse
