"""Golden files: short articles written for the tests, with their expected dossier/1 output.

A change in extraction behaviour shows up here as a field-by-field diff. After checking
that a change is an improvement, rewrite the expected files with
``DOSSIER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dossier.pipeline import Extractor
from dossier.read import iter_documents
from dossier.records import Document
from tests.schema import SCHEMA

GOLDEN = Path(__file__).parent / "golden"
ARTICLES = sorted(GOLDEN.glob("*.txt"))

pytestmark = pytest.mark.model


def _diff(expected: Any, got: Any, path: str = "") -> list[str]:
    if isinstance(expected, dict) and isinstance(got, dict):
        return [
            line
            for key in sorted(set(expected) | set(got))
            for line in _diff(expected.get(key), got.get(key), f"{path}.{key}")
        ]
    if isinstance(expected, list) and isinstance(got, list) and len(expected) == len(got):
        return [line for i, (e, g) in enumerate(zip(expected, got, strict=True))
                for line in _diff(e, g, f"{path}[{i}]")]
    return [] if expected == got else [f"{path}: expected {expected!r}, got {got!r}"]


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_golden_article(article: Path, extractor: Extractor) -> None:
    [document] = list(iter_documents([str(article)]))
    assert isinstance(document, Document)
    got = extractor.extract_one(document).to_dict()
    jsonschema.validate(got, SCHEMA)
    expected_path = article.with_suffix(".expected.json")
    if os.environ.get("DOSSIER_UPDATE_GOLDEN") == "1":
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", "utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert _diff(expected, got) == []
