"""``dossier actor`` prints the actor's affiliations, run as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dossier
from tests.cli.test_kb_cli import dossier_cli, ok
from tests.store.support import articles, party_article, party_later_article


@pytest.fixture(scope="module")
def party_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-affiliations") / "kb.sqlite"
    with dossier.open(path) as kb:
        for extraction in (*articles(), party_article(), party_later_article()):
            kb.ingest(extraction)
    return path


def test_actor_prints_an_affiliations_table(party_store: Path) -> None:
    out = ok(dossier_cli("actor", "Quiroga", "--db", str(party_store)))
    assert "affiliations" in out
    [line] = [line for line in out.splitlines() if "Green Union" in line]
    for words in ("2", "2018-02-05", "2019-06"):
        assert words in line
    assert "org:green-union" in out


def test_actor_without_affiliations_prints_no_table(party_store: Path) -> None:
    out = ok(dossier_cli("actor", "Green Union", "--db", str(party_store)))
    assert "affiliations" not in out


def test_actor_as_json_carries_the_affiliations(party_store: Path) -> None:
    run = dossier_cli("actor", "Quiroga", "--db", str(party_store), "-f", "json")
    [record] = json.loads(ok(run))
    assert record["affiliations"] == [
        {
            "actor_id": "org:green-union",
            "name": "Green Union",
            "first_published": "2018-02-05",
            "last_published": "2019-06",
            "documents": 2,
        }
    ]
