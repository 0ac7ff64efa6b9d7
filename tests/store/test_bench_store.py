"""The benchmark's store is a real store: its bulk path keeps what ``Store.ingest`` keeps.

``benchmarks/store_queries.py`` writes rows with plain SQL; what the writer tallies
document by document (``actor_variants``, the actors' counts and values,
``actor_words.sources``) must come out as ``actors.rebuild`` computes it, so that
ingesting into the store afterwards keeps the tallies exact, and the profile and dyad
queries must give the old queries' answers there too.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

import dossier
from dossier.kb import KnowledgeBase
from dossier.store import lookup, query
from tests.store.synthetic import synthetic
from tests.store.test_actor_tallies import check
from tests.store.test_profile_lookups import (
    old_aliases,
    old_documents_of,
    old_dyads,
    old_roles,
)

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "store_queries.py"


def bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("store_queries", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("bench") / "bench.sqlite"
    bench_module().build(path, 3000, 7)
    found = dossier.open(path)
    yield found
    found.close()


def test_the_bulk_path_keeps_the_tallies_ingest_keeps(kb: KnowledgeBase) -> None:
    totals = kb.totals()
    assert totals["events"] == 3000 and totals["documents"] == 300
    for table in ("actor_aliases", "actor_roles", "actor_affiliations", "quotes"):
        assert kb.db.read(f"SELECT COUNT(*) FROM {table}")[0][0] > 0, table
    check(kb)


def test_ingesting_into_the_bench_store_keeps_the_tallies_exact(tmp_path: Path) -> None:
    path = tmp_path / "bench.sqlite"
    bench_module().build(path, 500, 3)
    with dossier.open(path) as kb:
        for number in range(6):
            kb.ingest(synthetic(number))
        kb.delete("doc-0000007")
        kb.delete("syn-2")
        check(kb)


def test_profiles_and_dyads_are_todays_on_the_bench_store(kb: KnowledgeBase) -> None:
    busiest = [row[0] for row in kb.db.read("SELECT id FROM actors ORDER BY events DESC")][:40]
    for row in lookup.actor_rows(kb.db, lookup.ActorFilter(limit=40)):
        assert row.aliases == old_aliases(kb.db, row.id, row.name), row.id
        assert row.roles == old_roles(kb.db, row.id), row.id
    for actor_id in busiest:
        assert lookup.documents_of(kb.db, actor_id, 50) == old_documents_of(kb.db, actor_id)[:50]
    for top in (1, 15, 60):
        assert query.dyads(kb.db, top) == old_dyads(kb.db, top)
