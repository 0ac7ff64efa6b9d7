"""``events --parquet``: DuckDB over the dataset answers as the loaded store does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import dossier
from dossier.errors import InputError
from dossier.scale import load
from dossier.scale.query import ParquetEvents, text_pattern
from tests.cli.test_kb_cli import dossier_cli
from tests.scale.support import write_dataset
from tests.store.support import articles, party_article, party_later_article
from tests.store.synthetic import synthetic

RESULTS = [*articles(), party_article(), party_later_article(), *map(synthetic, range(40))]


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("query")
    write_dataset(root / "out", RESULTS, size=6)
    with dossier.open(root / "kb.sqlite") as kb:
        list(load(root / "out", kb))
    return root / "out", root / "kb.sqlite"


FILTERS: list[dict[str, Any]] = [
    {},
    {"limit": 10},
    {"actor": "Peñate"},
    {"actor": "aurelio penate"},
    {"actor": "Quiñónez"},
    {"actor": "Marta"},
    {"recipient": "Los Cuervos"},
    {"involving": "Banda Norte", "sort": "-date"},
    {"actor": "slv-police"},
    {"actor": "nobody at all"},
    {"type": ["ASSAULT"]},
    {"type": ["coerce", "ACCUSE"], "sort": "killed"},
    {"mode": ["arrest"]},
    {"context": ["repression"]},
    {"country": ["gtm"]},
    {"since": "2015", "until": "2016-06"},
    {"since": "2016-03", "sort": "-date", "limit": 7},
    {"until": "2012"},
    {"min_killed": 20, "sort": "killed"},
    {"hedged": True},
    {"hedged": False, "sort": "confidence", "limit": 15},
    {"text": "detained"},
    {"text": "Quiñonez attacked"},
    {"text": "thre*"},
    {"text": '"Los Cuervos"'},
    {"text": "!!"},
    {"doc": ["syn-3", "north-1"], "sort": "doc"},
    {"actor": "Lucía", "type": ["ASSAULT"], "since": "2014", "limit": 3},
]


@pytest.mark.parametrize("filters", FILTERS, ids=[repr(f) for f in FILTERS])
def test_the_dataset_answers_as_the_loaded_store(
    paths: tuple[Path, Path], filters: dict[str, Any]
) -> None:
    root, db = paths
    with dossier.open(db) as kb:
        expected = kb.events(**filters).to_dicts()
    with ParquetEvents(root) as dataset:
        found = dataset.events(**filters).to_dicts()
    assert found == expected


@pytest.mark.parametrize(
    "name", ["Peñate", "Marta Quiñónez", "Cuervos", "ms13", "x:los-cuervos", "Halcones", "?"]
)
def test_names_resolve_to_the_same_actors(paths: tuple[Path, Path], name: str) -> None:
    root, db = paths
    with dossier.open(db) as kb, ParquetEvents(root) as dataset:
        assert dataset.resolve(name) == kb.resolve(name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("detained", [r"(^|[^\pL\pN])detained($|[^\pL\pN])"]),
        ("Peñate*", [r"(^|[^\pL\pN])penate"]),
        (
            '"gang truce" NEAR',
            [
                r"(^|[^\pL\pN])gang[^\pL\pN]+truce($|[^\pL\pN])",
                r"(^|[^\pL\pN])near($|[^\pL\pN])",
            ],
        ),
        (
            "'; DROP TABLE events; --",
            [
                r"(^|[^\pL\pN])drop($|[^\pL\pN])",
                r"(^|[^\pL\pN])table($|[^\pL\pN])",
                r"(^|[^\pL\pN])events($|[^\pL\pN])",
            ],
        ),
        ("* ( )", []),
    ],
)
def test_text_becomes_whole_word_patterns(text: str, expected: list[str]) -> None:
    assert text_pattern(text) == expected


def test_a_bad_sort_is_named(paths: tuple[Path, Path]) -> None:
    with ParquetEvents(paths[0]) as dataset, pytest.raises(InputError, match="unknown sort"):
        dataset.events(sort="loudness")


@pytest.mark.parametrize("output_format", ["jsonl", "csv", "table"])
def test_the_command_prints_what_the_store_prints(
    paths: tuple[Path, Path], output_format: str
) -> None:
    root, db = paths
    args = ["events", "--type", "ASSAULT", "--since", "2015", "-f", output_format, "-n", "20"]
    expected = dossier_cli(*args, "--db", str(db))
    found = dossier_cli(*args, "--parquet", str(root))
    assert expected.returncode == found.returncode == 0, found.stderr
    assert found.stdout == expected.stdout
    assert found.stdout.count("ASSAULT") >= 5
