"""The regression guard: figures recorded on a slice of each gold set, and the check.

``baseline.json`` (beside this module) holds, per gold set, the gold path relative to
the gold folder (``../shared/gold``), the slice (``limit``) and the figures
``dossier eval`` gave on it when they were recorded (``benchmarks/record_baseline.py``).
``regressions`` compares fresh figures with them: a score (a name ending in
``accuracy``, ``precision``, ``recall`` or ``f1``) may not fall, and an error (``mae``)
may not rise, by more than ``TOLERANCE``; counts are not compared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from dossier.evaluate.report import EvalOptions, run
from dossier.pipeline import Extractor

TOLERANCE = 0.05
HIGHER = ("accuracy", "precision", "recall", "f1")
LOWER = ("mae",)


@dataclass(frozen=True)
class Slice:
    """One gold set as the guard runs it: where (under the gold folder) and how much."""

    name: str
    path: str
    limit: int | None


SLICES = (
    Slice("seed", "seed", None),
    Slice("timeml", "timeml", 30),
    Slice("gvdb", "gvdb/dev.tsv", 40),
    Slice("plover", "plover/PLOVER_GSR_dev.json", 60),
    Slice("petrarch", "petrarch/PETR2_GSR_validation.xml", 60),
)


def baseline_path() -> Path:
    return Path(str(resources.files("dossier.evaluate").joinpath("baseline.json")))


def load_baseline(path: Path | None = None) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((path or baseline_path()).read_text(encoding="utf-8"))
    return data


def slices(baseline: dict[str, Any]) -> list[tuple[Slice, dict[str, Any]]]:
    """The slices a recorded baseline was measured on, each with its figures."""
    return [
        (Slice(name, entry["path"], entry.get("limit")), entry["figures"])
        for name, entry in baseline["sets"].items()
    ]


def measure(gold: Path, piece: Slice, extractor: Extractor) -> dict[str, Any]:
    """The figures of one slice, as ``dossier eval NAME PATH --limit N`` prints them."""
    return run(piece.name, gold / piece.path, EvalOptions(limit=piece.limit), extractor).figures


def guarded(name: str) -> str | None:
    """``higher`` or ``lower`` (which way is better) for a guarded figure, else None."""
    if name.endswith(HIGHER):
        return "higher"
    if name.endswith(LOWER):
        return "lower"
    return None


def regressions(
    recorded: dict[str, Any], measured: dict[str, Any], tolerance: float = TOLERANCE
) -> list[str]:
    """One line per guarded figure that got worse by more than ``tolerance``."""
    worse = []
    for name, before in recorded.items():
        way = guarded(name)
        if way is None:
            continue
        after = measured.get(name)
        if after is None:
            worse.append(f"{name}: recorded {before}, now missing")
            continue
        drop = before - after if way == "higher" else after - before
        if drop > tolerance + 1e-9:
            worse.append(f"{name}: recorded {before}, now {after} ({way} is better)")
    return worse


def record(gold: Path, extractor: Extractor) -> dict[str, Any]:
    """Measure every slice: the content of ``baseline.json``."""
    return {
        "about": (
            "Figures of `dossier eval NAME GOLD/PATH --limit LIMIT`, the regression guard"
            " of tests/evaluate/test_regression.py; rewrite with"
            " benchmarks/record_baseline.py."
        ),
        "tolerance": TOLERANCE,
        "sets": {
            piece.name: {
                "path": piece.path,
                "limit": piece.limit,
                "figures": measure(gold, piece, extractor),
            }
            for piece in SLICES
        },
    }
