"""The export tests' store, built once per session through the Python API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import dossier
from dossier.kb import KnowledgeBase
from tests.export.support import build_store


@pytest.fixture(scope="session")
def export_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("export") / "kb.sqlite")


@pytest.fixture()
def export_kb(export_store: Path) -> Iterator[KnowledgeBase]:
    with dossier.open(export_store, create=False) as kb:
        yield kb
