"""Rewrite ``src/dossier/evaluate/baseline.json``: the regression guard's figures.

    .venv/bin/python benchmarks/record_baseline.py                 # ../shared/gold
    .venv/bin/python benchmarks/record_baseline.py --gold PATH

Runs ``dossier eval`` on the slice of each gold set listed in
``dossier.evaluate.baseline.SLICES`` and writes the figures. Record them when extraction
has improved on purpose (and say so in the commit); ``tests/evaluate/test_regression.py``
fails when a score falls more than 0.05 below them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dossier.config import Config
from dossier.errors import DossierError
from dossier.evaluate.baseline import record
from dossier.pipeline import Extractor

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "dossier" / "evaluate" / "baseline.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    parser.add_argument("--output", type=Path, default=TARGET)
    args = parser.parse_args()
    try:
        baseline = record(args.gold, Extractor(Config()))
    except DossierError as exc:
        print(f"record_baseline: {exc}", file=sys.stderr)
        return 1
    args.output.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
    for name, entry in baseline["sets"].items():
        shown = ", ".join(f"{k} {v}" for k, v in entry["figures"].items())
        print(f"{name} ({entry['path']}, limit {entry['limit']}): {shown}")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
