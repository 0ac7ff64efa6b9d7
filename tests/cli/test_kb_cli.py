"""The knowledge base commands, run as a user runs them: a real process, a real file.

The query commands read a store filled through the Python API with hand-built
extractions; ``dossier ingest`` needs the spaCy model and is marked ``model``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dossier
from tests.store.support import articles

ROOT = Path(__file__).resolve().parents[2]


def dossier_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, columns: int = 120
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DOSSIER_DB"}
    environment.update({"COLUMNS": str(columns), "PYTHONPATH": str(ROOT / "src")})
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "dossier", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd or ROOT,
        env=environment,
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "kb.sqlite"
    with dossier.open(path) as kb:
        for extraction in articles():
            kb.ingest(extraction)
    return path


def ok(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    return run.stdout


def test_events_as_csv(store: Path) -> None:
    out = ok(dossier_cli("events", "--db", str(store), "--type", "coerce", "--format", "csv"))
    lines = out.splitlines()
    assert lines[0].startswith("id,doc_id,local_id,type,mode,context,actor,actor_names,")
    assert [line.split(",")[0] for line in lines[1:]] == ["south-1:e1", "north-1:e1"]
    assert ",crime; extortion," in lines[1]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--actor", "Peñate"], ["north-2:e1"]),
        (["--actor", "penate"], ["north-2:e1"]),
        (["--recipient", "Halcones"], ["north-1:e1", "north-1:e2"]),
        (["--involving", "Aurelio"], ["north-2:e1", "north-2:e2"]),
        (["--type", "CONSULT", "--type", "REJECT"], ["north-2:e1", "north-2:e2"]),
        (["--mode", "kill"], ["north-1:e2"]),
        (["--context", "extortion"], ["south-1:e1"]),
        (["--country", "SLV", "--since", "2016-04"], ["north-2:e1"]),
        (["--since", "2015-11", "--until", "2015-11"], ["south-1:e1"]),
        (["--min-killed", "1"], ["north-1:e2"]),
        (["--hedged"], ["north-1:e2"]),
        (["--no-hedged", "--doc", "north-1"], ["north-1:e1"]),
        (["--text", "rejected talks"], ["north-2:e2"]),
        (["--limit", "1", "--sort", "-date"], ["north-2:e2"]),
    ],
)
def test_event_filters_on_the_command_line(
    store: Path, args: list[str], expected: list[str]
) -> None:
    out = ok(dossier_cli("events", "--db", str(store), "--format", "jsonl", *args))
    assert [json.loads(line)["id"] for line in out.splitlines()] == expected


def test_events_as_json_is_one_array(store: Path) -> None:
    records = json.loads(ok(dossier_cli("events", "--db", str(store), "-f", "json")))
    assert len(records) == 5
    assert records[0]["actor_names"] == ["National Civil Police"]


@pytest.mark.parametrize("columns", [80, 120, 200])
def test_the_events_table_fits_the_terminal(store: Path, columns: int) -> None:
    out = ok(dossier_cli("events", "--db", str(store), columns=columns))
    assert max(len(line) for line in out.splitlines()) <= columns
    for words in ("north-1:e2", "ASSAULT:kill", "(hedged)", "publication"):
        assert words in out


def test_no_matching_events_says_so(store: Path) -> None:
    run = dossier_cli("events", "--db", str(store), "--type", "AID")
    assert ok(run) == ""
    assert "no events match" in run.stderr


def test_show_prints_the_evidence_and_the_document(store: Path) -> None:
    out = ok(dossier_cli("show", "north-1:e1", "--db", str(store)))
    for words in (
        "Police detain gang members in Santa Ana",
        "Test Wire",
        "2016-03-10",
        "COERCE:arrest",
        "National Civil Police",
        "detained 12 members of Los Halcones",
        "2016-03-08 (day)",
        "arrested 12",
    ):
        assert words in out


def test_show_as_json_carries_the_marks(store: Path) -> None:
    [record] = json.loads(ok(dossier_cli("show", "north-1:e1", "--db", str(store), "-f", "json")))
    sentence = record["sentence"]
    marks = {(sentence[m["start"] : m["end"]], m["role"]) for m in record["marks"]}
    assert ("detained", "trigger") in marks and ("Los Halcones", "recipient") in marks


def test_show_an_unknown_event_is_one_clean_error(store: Path) -> None:
    run = dossier_cli("show", "north-1:e99", "--db", str(store))
    assert run.returncode == 2
    assert run.stderr.strip() == f"dossier: error: no event 'north-1:e99' in {store}"


def test_actors_as_csv(store: Path) -> None:
    out = ok(dossier_cli("actors", "--db", str(store), "--format", "csv", "--kind", "person"))
    lines = out.splitlines()
    assert lines[0] == (
        "id,name,kind,country,sector,dictionary_id,documents,events,mentions,aliases,roles"
    )
    assert lines[1].startswith("person:aurelio-penate,Aurelio Peñate,person,SLV,GOV,,2,2,3,")


def test_actor_shows_roles_over_time_events_and_quotes(store: Path) -> None:
    out = ok(dossier_cli("actor", "Peñate", "--db", str(store)))
    for words in ("Aurelio Peñate", "roles over time", "Security Minister", "2016-07",
                  "events as actor", "events as recipient", "north-2:e2"):
        assert words in out
    profile = json.loads(ok(dossier_cli("actor", "Halcones", "--db", str(store), "-f", "json")))
    [record] = profile
    assert record["quotes"][0]["text"] == "We will not kneel,"
    assert [e["id"] for e in record["as_recipient"]] == ["north-1:e1", "north-1:e2"]


def test_actor_unknown_is_one_clean_error(store: Path) -> None:
    run = dossier_cli("actor", "Nobody Known", "--db", str(store))
    assert run.returncode == 2
    assert run.stderr.strip() == f"dossier: error: no actor matches 'Nobody Known' in {store}"


def test_timeline_groups_by_month_and_shows_precision(store: Path) -> None:
    out = ok(dossier_cli("timeline", "--db", str(store), columns=160))
    months = [m for m in ("2015-10", "2016-03", "2016-06", "2016-07") if m in out]
    assert months == ["2015-10", "2016-03", "2016-06", "2016-07"]
    assert out.index("2015-10") < out.index("2016-03") < out.index("2016-07")
    for precision in ("range", "day", "month", "publication"):
        assert precision in out
    rows = ok(dossier_cli("timeline", "--db", str(store), "--actor", "Peñate", "-f", "jsonl"))
    assert [json.loads(line)["id"] for line in rows.splitlines()] == ["north-2:e1", "north-2:e2"]


@pytest.mark.parametrize(
    "query", ['"', "(police", "NEAR(a b)", "'; DROP TABLE events; --", "*", "police OR"]
)
def test_search_survives_any_query(store: Path, query: str) -> None:
    ok(dossier_cli("search", query, "--db", str(store)))
    out = ok(dossier_cli("events", "--db", str(store), "-f", "csv"))
    assert len(out.splitlines()) == 6


def test_search_prints_snippets(store: Path) -> None:
    out = ok(dossier_cli("search", "rejected", "--db", str(store), "-f", "jsonl"))
    hits = [json.loads(line) for line in out.splitlines()]
    assert {(h["kind"], h["doc_id"]) for h in hits} == {
        ("event", "north-2"),
        ("document", "north-2"),
    }
    table = ok(dossier_cli("search", "rejected", "--db", str(store)))
    assert "Los Halcones rejected the talks" in table


def test_stats_as_csv(store: Path) -> None:
    out = ok(dossier_cli("stats", "--db", str(store), "-f", "csv"))
    lines = out.splitlines()
    assert lines[:6] == [
        "section,key,count",
        "total,documents,3",
        "total,events,5",
        "total,actors,5",
        "total,quotes,1",
        "total,mentions,13",
    ]
    assert "killed_by_month,2016-03,3" in lines
    assert "country,SLV,4" in lines


def test_stats_table(store: Path) -> None:
    out = ok(dossier_cli("stats", "--db", str(store)))
    for words in ("COERCE", "2016-03", "SLV", "National Civil Police"):
        assert words in out


def test_the_store_comes_from_the_environment(store: Path, tmp_path: Path) -> None:
    out = ok(dossier_cli("events", "-f", "csv", cwd=tmp_path, env={"DOSSIER_DB": str(store)}))
    assert len(out.splitlines()) == 6


def test_the_default_store_is_in_the_current_directory(store: Path, tmp_path: Path) -> None:
    (tmp_path / "dossier.sqlite").write_bytes(store.read_bytes())
    out = ok(dossier_cli("events", "-f", "csv", cwd=tmp_path))
    assert len(out.splitlines()) == 6


def test_a_missing_store_is_one_clean_error_and_is_not_created(tmp_path: Path) -> None:
    run = dossier_cli("events", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.startswith("dossier: error: dossier.sqlite: no knowledge base here")
    assert not (tmp_path / "dossier.sqlite").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["events", "--format", "xml"], "unknown format 'xml'"),
        (["events", "--sort", "name"], "unknown sort 'name'"),
        (["events", "--since", "yesterday"], "'yesterday' is not a valid date"),
    ],
)
def test_bad_options_are_one_clean_error(store: Path, args: list[str], words: str) -> None:
    run = dossier_cli(*args, "--db", str(store))
    assert run.returncode == 2
    assert run.stderr.startswith("dossier: error: ") and words in run.stderr


@pytest.mark.parametrize(
    "command", ["ingest", "events", "show", "timeline", "actors", "actor", "search", "stats"]
)
def test_every_command_has_help(command: str) -> None:
    out = ok(dossier_cli(command, "--help"))
    assert "--db" in out and "DOSSIER_DB" in out


ARTICLES = {
    "raid.txt": (
        "Police arrested 9 suspected members of a local gang in the port of La Ceiba on "
        "Monday, the security ministry said. Two officers were injured."
    ),
    "talks.txt": (
        "Church leaders met the interior minister in Tegucigalpa on Friday to discuss a "
        "plan to reduce violence in poor neighbourhoods."
    ),
}


@pytest.mark.model
def test_ingest_stores_once_then_skips_and_counts_failures(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    first = dossier_cli("ingest", str(corpus), "--db", str(db), "--published", "2019-06-10")
    assert ok(first).startswith(f"{db}: read 2, stored 2, skipped 0, replaced 0, failed 0;")
    assert "the knowledge base holds" in first.stdout
    with dossier.open(db) as kb:
        before = kb.totals()
        assert before["documents"] == 2
        assert {d.published for d in kb.documents()} == {"2019-06-10"}
    again = dossier_cli("ingest", str(corpus), "--db", str(db), "--published", "2019-06-10")
    assert ok(again).startswith(f"{db}: read 2, stored 0, skipped 2, replaced 0, failed 0;")
    (corpus / "raid.txt").write_text(ARTICLES["raid.txt"] + " One suspect escaped.")
    (corpus / "empty.txt").write_text("")
    changed = dossier_cli("ingest", str(corpus), "--db", str(db), "--published", "2019-06-10")
    assert changed.returncode == 1
    assert changed.stdout.startswith(f"{db}: read 2, stored 0, skipped 1, replaced 1, failed 1;")
    assert "dossier: error: " in changed.stderr and "empty" in changed.stderr
    with dossier.open(db) as kb:
        assert kb.totals()["documents"] == 2
