"""Tests for dossier.evaluate.report: the dispatch behind ``dossier eval``."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import InputError
from dossier.evaluate.report import SETS, EvalOptions, EvalResult, print_table, run
from dossier.pipeline import Extractor
from tests.evaluate.test_gvdb import ROWS, _tsv
from tests.evaluate.test_petrarch import RECORDS


def test_unknown_set_names_the_choices(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=", ".join(SETS)):
        run("acled", tmp_path)


def test_missing_gold_path_raises(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="absent.tsv"):
        run("gvdb", tmp_path / "absent.tsv")


def test_petrarch_without_a_table_says_how_to_give_one(tmp_path: Path) -> None:
    gold = tmp_path / "records.xml"
    gold.write_text(RECORDS, encoding="utf-8")
    with pytest.raises(InputError, match="--cameo-map"):
        run("petrarch", gold, EvalOptions(cameo_map=tmp_path / "absent.txt"))


def test_error_kinds_are_counted_most_common_first() -> None:
    result = EvalResult("x", errors=[{"kind": "b"}, {"kind": "a"}, {"kind": "b"}])
    assert result.error_kinds() == [("b", 2), ("a", 1)]


@pytest.mark.model
def test_gvdb_slice_runs_the_extractor(tmp_path: Path, extractor: Extractor) -> None:
    gold = tmp_path / "dev.tsv"
    gold.write_text(_tsv(ROWS), encoding="utf-8")
    result = run("gvdb", gold, EvalOptions(limit=1), extractor)
    assert result.figures["gvdb_articles"] == 1
    assert all(
        isinstance(v, int) or round(v, 3) == v for v in result.figures.values()
    )


def test_table_lists_figures_and_error_kinds() -> None:
    from io import StringIO

    from rich.console import Console

    out = StringIO()
    result = EvalResult("gvdb", {"gvdb_articles": 2, "gvdb_killed_accuracy": 0.5},
                        [{"kind": "killed over"}])
    print_table(result, Console(file=out, width=100))
    text = out.getvalue()
    assert "gvdb_killed_accuracy" in text and "0.500" in text
    assert "1  killed over" in text
