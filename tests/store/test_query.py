"""Queries: every event filter, actors by name, timeline, search, stats, results."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

import dossier
from dossier.errors import DossierError, InputError
from dossier.kb import KnowledgeBase
from dossier.store.filters import event_statements, facts, fts_query
from dossier.store.rows import MARK_CLOSE, MARK_OPEN, EventRow
from tests.store.support import articles


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    path = tmp_path_factory.mktemp("query") / "kb.sqlite"
    store = dossier.open(path)
    for extraction in articles():
        store.ingest(extraction)
    return store


def ids(rows: list[EventRow]) -> list[str]:
    return [row.id for row in rows]


FILTER_CASES = [
        ({}, ["south-1:e1", "north-1:e1", "north-1:e2", "north-2:e1", "north-2:e2"]),
        ({"actor": "National Civil Police"}, ["south-1:e1", "north-1:e1", "north-1:e2"]),
        ({"actor": "PNC"}, ["south-1:e1", "north-1:e1", "north-1:e2"]),
        ({"actor": "Peñate"}, ["north-2:e1"]),
        ({"actor": "penate"}, ["north-2:e1"]),
        ({"actor": "Aurelio"}, ["north-2:e1"]),
        ({"actor": "person:aurelio-penate"}, ["north-2:e1"]),
        ({"actor": "nobody we know"}, []),
        ({"recipient": "Peñate"}, ["north-2:e2"]),
        ({"recipient": "Los Halcones"}, ["north-1:e1", "north-1:e2"]),
        ({"involving": "Peñate"}, ["north-2:e1", "north-2:e2"]),
        ({"actor": "police", "recipient": "Halcones"}, ["north-1:e1", "north-1:e2"]),
        ({"type": "COERCE"}, ["south-1:e1", "north-1:e1"]),
        ({"type": "coerce"}, ["south-1:e1", "north-1:e1"]),
        ({"type": ["CONSULT", "REJECT"]}, ["north-2:e1", "north-2:e2"]),
        ({"mode": "kill"}, ["north-1:e2"]),
        ({"context": "repression"}, ["north-1:e2"]),
        ({"context": ["extortion", "repression"]}, ["south-1:e1", "north-1:e2"]),
        ({"country": "slv", "type": "COERCE"}, ["south-1:e1", "north-1:e1"]),
        ({"country": "HND"}, []),
        ({"since": "2016"}, ["north-1:e1", "north-1:e2", "north-2:e1", "north-2:e2"]),
        ({"since": "2016-06-30", "until": "2016-06-30"}, ["north-2:e1"]),
        ({"since": "2016-03-09"}, ["north-1:e2", "north-2:e1", "north-2:e2"]),
        ({"until": "2016-03-08"}, ["south-1:e1", "north-1:e1"]),
        ({"since": "2015-11", "until": "2015-11"}, ["south-1:e1"]),  # inside a range
        ({"since": "2015-12-31", "until": "2016-01-01"}, ["south-1:e1"]),  # overlap at an end
        ({"min_killed": 1}, ["north-1:e2"]),
        ({"min_killed": 4}, []),
        ({"hedged": True}, ["north-1:e2"]),
        ({"hedged": False}, ["south-1:e1", "north-1:e1", "north-2:e1", "north-2:e2"]),
        ({"text": "rejected"}, ["north-2:e2"]),
        ({"text": "DETAINED members"}, ["north-1:e1"]),
        ({"text": "Usulutan"}, ["south-1:e1"]),  # accents ignored
        ({"text": "reject*"}, ["north-2:e2"]),
        ({"text": '"the talks"'}, ["north-2:e2"]),
        ({"text": '"talks the"'}, []),
        ({"doc": "north-2"}, ["north-2:e1", "north-2:e2"]),
        ({"doc": ["south-1", "north-2"], "type": "REJECT"}, ["north-2:e2"]),
        ({"limit": 2}, ["south-1:e1", "north-1:e1"]),
        ({"limit": 0}, []),
        ({"sort": "-date"}, ["north-2:e2", "north-2:e1", "north-1:e2", "north-1:e1", "south-1:e1"]),
        ({"sort": "killed", "limit": 1}, ["north-1:e2"]),
        ({"sort": "confidence", "limit": 2}, ["south-1:e1", "north-1:e1"]),
        ({"sort": "doc"}, ["north-1:e1", "north-1:e2", "north-2:e1", "north-2:e2", "south-1:e1"]),
]


@pytest.mark.parametrize(("filters", "expected"), FILTER_CASES)
def test_event_filters(kb: KnowledgeBase, filters: dict[str, Any], expected: list[str]) -> None:
    assert ids(kb.events(**filters)) == expected


DATE_ORDERED = [case for case in FILTER_CASES if case[0].get("sort", "date") in ("date", "-date")]


@pytest.mark.parametrize(("filters", "expected"), DATE_ORDERED)
@pytest.mark.parametrize("plan", ["scan", "driven"])
def test_both_plans_give_the_same_rows(
    kb: KnowledgeBase, filters: dict[str, Any], expected: list[str], plan: str
) -> None:
    query = {k: v for k, v in filters.items() if k != "limit"}
    for limit in (filters.get("limit", 100), 1, None):
        rows = kb.events(**query, limit=limit)
        resolved = kb.event_filter(**query, limit=limit)
        forced = []
        for sql in event_statements(resolved, facts(kb.db, resolved), plan=plan):
            forced.extend(row["id"] for row in kb.db.read(sql.text, sql.params))
        assert forced[:limit] == ids(rows), (plan, limit)


@pytest.mark.parametrize(
    ("filters", "words"),
    [
        ({"sort": "name; DROP TABLE events"}, "unknown sort"),
        ({"since": "last spring"}, "not a valid date"),
        ({"until": "2016-13"}, "not a valid date"),
    ],
)
def test_bad_filters_are_input_errors(
    kb: KnowledgeBase, filters: dict[str, Any], words: str
) -> None:
    with pytest.raises(InputError, match=words):
        kb.events(**filters)


def test_an_event_row_carries_names_and_records(kb: KnowledgeBase) -> None:
    row = kb.event("north-1:e2")
    assert row is not None
    assert row.actor_names == ("National Civil Police",)
    assert row.recipient_names == ("Los Halcones",)
    assert row.sentence.startswith("Peñate told reporters")
    assert row.trigger == "killed"
    assert row.money is not None and row.money.amount == 40000
    assert row.modality.hedged
    assert row.month == "2016-03"
    assert row.title == "Police detain gang members in Santa Ana"
    assert kb.event("north-1:e9") is None


def test_marks_point_at_the_trigger_and_the_arguments(kb: KnowledgeBase) -> None:
    row = kb.event("north-1:e1")
    assert row is not None
    found = {(row.sentence[m.start : m.end], m.role) for m in kb.marks(row)}
    assert found == {
        ("detained", "trigger"),
        ("national police", "actor"),
        ("Los Halcones", "recipient"),
        ("8 March", "when"),
        ("Santa Ana", "place"),
        ("12", "figure"),
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("slv-police", ("slv-police",)),
        ("Aurelio Peñate", ("person:aurelio-penate",)),
        ("  AURELIO   penate ", ("person:aurelio-penate",)),
        ("Peñate", ("person:aurelio-penate",)),
        ("national police", ("slv-police",)),
        ("Halcones", ("group:los-halcones",)),
        ("Aurel", ()),
        ("", ()),
        ("%", ()),
        ("_", ()),
    ],
)
def test_resolving_names(kb: KnowledgeBase, name: str, expected: tuple[str, ...]) -> None:
    assert kb.resolve(name) == expected


def test_actors_list_most_active_first_with_filters(kb: KnowledgeBase) -> None:
    everyone = kb.actors()
    assert [a.events for a in everyone] == sorted((a.events for a in everyone), reverse=True)
    assert {a.id for a in kb.actors(kind="person")} == {
        "person:aurelio-penate", "person:suspected-extortionist",
    }
    assert [a.id for a in kb.actors(sector="rel")] == ["group:church-leaders"]
    assert [a.id for a in kb.actors("civil")] == ["slv-police"]
    assert [a.id for a in kb.actors("pnc")] == ["slv-police"]
    assert len(kb.actors(limit=2)) == 2
    assert kb.actors(country="HND") == []


def test_an_actor_profile_gathers_everything(kb: KnowledgeBase) -> None:
    profile = kb.actor("Penate")
    assert profile is not None
    assert profile.actor.name == "Aurelio Peñate"
    assert [(r.published, r.role) for r in profile.roles] == [
        ("2016-03-10", "Security Minister"),
        ("2016-07", "security minister"),
    ]
    assert ids(list(profile.as_actor)) == ["north-2:e1"]
    assert ids(list(profile.as_recipient)) == ["north-2:e2"]
    assert profile.doc_ids == ("north-1", "north-2")
    halcones = kb.actor("Los Halcones")
    assert halcones is not None
    assert [q.text for q in halcones.quotes] == ["We will not kneel,"]
    assert kb.actor("nobody at all") is None


def test_timeline_orders_dated_events_and_filters_by_actor_and_span(kb: KnowledgeBase) -> None:
    assert [r.month for r in kb.timeline()] == [
        "2015-10", "2016-03", "2016-03", "2016-06", "2016-07",
    ]
    assert ids(kb.timeline("Peñate")) == ["north-2:e1", "north-2:e2"]
    assert ids(kb.timeline(since="2016-04", until="2016-06")) == ["north-2:e1"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "'",
        "(",
        ")",
        "police)",
        "(police",
        "police NEAR gangs",
        "NEAR(police gangs)",
        "police OR",
        "AND",
        "NOT police",
        "*",
        "**",
        "police*",
        "^police",
        "title:police",
        "{title}: police",
        "'; DROP TABLE events; --",
        '"; DROP TABLE documents; --',
        "Robert'); DROP TABLE actors;--",
        "\x00",
        "police \\",
        "-",
        "+police",
        "%_%",
        "🙂 police",
    ],
)
def test_no_search_text_breaks_the_query_or_the_store(kb: KnowledgeBase, query: str) -> None:
    hits = kb.search(query)
    assert all(hit.kind in ("document", "event") for hit in hits)
    kb.events(text=query)
    assert kb.totals() == {"documents": 3, "events": 5, "actors": 5}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("police", '"police"'),
        ("police gangs", '"police" "gangs"'),
        ('"the talks" truce', '"the talks" "truce"'),
        ("reject*", '"reject"*'),
        ('say "no', '"say" """no"'),
        ("NEAR(a b)", '"NEAR(a" "b)"'),
        ("( ) * -", ""),
    ],
)
def test_fts_queries_quote_every_word(text: str, expected: str) -> None:
    assert fts_query(text) == expected


def test_search_finds_documents_and_evidence_with_snippets(kb: KnowledgeBase) -> None:
    hits = kb.search("Halcones rejected")
    assert {(h.kind, h.event_id or h.doc_id) for h in hits} == {
        ("event", "north-2:e2"),
        ("document", "north-2"),
    }
    assert all(f"{MARK_OPEN}rejected{MARK_CLOSE}" in h.snippet for h in hits)
    assert kb.search("truce", limit=1)[0].doc_id == "north-2"
    assert kb.search("kneel")[0].kind == "document"
    assert kb.search("Tegucigalpa") == []


def test_stats(kb: KnowledgeBase) -> None:
    stats = kb.stats()
    assert (stats.documents, stats.events, stats.actors, stats.quotes) == (3, 5, 5, 1)
    assert {(c.key, c.count) for c in stats.by_type} == {
        ("COERCE", 2), ("ASSAULT", 1), ("CONSULT", 1), ("REJECT", 1),
    }
    assert [(c.key, c.count) for c in stats.by_month] == [
        ("2015-10", 1), ("2016-03", 2), ("2016-06", 1), ("2016-07", 1),
    ]
    assert [(c.key, c.count) for c in stats.by_country] == [("SLV", 4)]
    assert stats.by_actor[0].count == 3
    assert [(c.key, c.count) for c in stats.killed_by_month] == [("2016-03", 3)]
    assert stats.to_dict()["by_type"][0] == {"key": "COERCE", "count": 2}


def test_dyads(kb: KnowledgeBase) -> None:
    dyads = kb.dyads()
    assert dyads and all(" → " in c.key for c in dyads)
    counts = [c.count for c in dyads]
    assert counts == sorted(counts, reverse=True)


def test_documents(kb: KnowledgeBase) -> None:
    assert [d.id for d in kb.documents()] == ["south-1", "north-1", "north-2"]
    assert [d.id for d in kb.documents(source="Test Wire")] == ["south-1", "north-1"]
    assert [d.id for d in kb.documents(since="2016-04")] == ["north-2"]
    assert [d.id for d in kb.documents(until="2016-03")] == ["south-1", "north-1"]
    assert kb.documents(limit=1)[0].events == 1


def test_results_become_dicts(kb: KnowledgeBase) -> None:
    [record] = kb.events(mode="kill").to_dicts()
    assert record["context"] == ["crime", "repression"]
    assert record["hedged"] is True
    assert record["actor_names"] == ["National Civil Police"]


def test_results_become_a_dataframe(kb: KnowledgeBase) -> None:
    pandas = pytest.importorskip("pandas")
    frame = kb.events().to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert len(frame) == 5 and "killed" in frame.columns
    assert list(kb.events(type="AID").to_pandas().columns) == list(frame.columns)


def test_without_pandas_the_error_says_how_to_get_it(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(DossierError, match="pip install pandas"):
        kb.events().to_pandas()


def test_open_is_the_public_entry_point(tmp_path: Path) -> None:
    assert "open" in dossier.__all__
    with dossier.open(tmp_path / "kb.sqlite") as kb:
        assert kb.totals() == {"documents": 0, "events": 0, "actors": 0}
        assert kb.events() == [] and kb.search("x") == [] and kb.stats().events == 0
