"""``dossier export``, run as a user runs it: a real process, a real store and files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from tests.cli.test_kb_cli import ROOT, dossier_cli, ok

FILTERS = [
    ["--type", "COERCE", "--country", "SLV"],
    ["--involving", "Halcones", "--since", "2016-03-09", "--no-hedged", "--sort", "-date"],
    ["--recipient", "teachers", "--text", "police", "--context", "crime"],
]


def listed(store: Path, args: list[str]) -> list[str]:
    out = ok(dossier_cli("events", "--db", str(store), "--limit", "0", "--format", "jsonl",
                         *args))
    return [json.loads(line)["id"] for line in out.splitlines()]


@pytest.mark.parametrize("args", FILTERS)
def test_export_selects_what_events_lists(export_store: Path, args: list[str]) -> None:
    expected = listed(export_store, args)
    assert expected  # every combination selects something
    table = ok(dossier_cli("export", "csv", "--db", str(export_store), *args))
    assert list(pd.read_csv(io.StringIO(table))["id"]) == expected
    plover = ok(dossier_cli("export", "plover", "--db", str(export_store), "-o", "-", *args))
    assert [json.loads(line)["event_id"] for line in plover.splitlines()] == expected


def test_export_to_files(export_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    run = dossier_cli("export", "acled", "--db", str(export_store), "-o", str(target))
    assert ok(run) == ""
    assert "acled: wrote 7 events to" in run.stderr and "left out 4 events" in run.stderr
    assert len(pd.read_csv(target)) == 7
    graph = tmp_path / "net.graphml"
    ok(dossier_cli("export", "graphml", "--db", str(export_store), "-o", str(graph),
                   "--doc", "north-1"))
    assert sorted(nx.read_graphml(graph).nodes) == ["group:los-halcones", "slv-police"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.graphml", "x.csv"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["parquet"], "parquet: writes a binary file; give a file path with -o, not '-'"),
        (["shapefile"], "unknown export format 'shapefile'; choose one of: jsonl, csv,"),
    ],
)
def test_errors(export_store: Path, args: list[str], message: str) -> None:
    run = dossier_cli("export", *args, "--db", str(export_store))
    assert run.returncode == 2
    assert run.stderr.startswith(f"dossier: error: {message}")
    assert "Traceback" not in run.stderr


def test_missing_store(tmp_path: Path) -> None:
    run = dossier_cli("export", "csv", "--db", str(tmp_path / "none.sqlite"))
    assert run.returncode == 2 and "no knowledge base here" in run.stderr


@pytest.mark.model
def test_demo_corpus_exports_open_in_their_readers(tmp_path: Path) -> None:
    store = tmp_path / "demo.sqlite"
    ok(dossier_cli("ingest", str(ROOT / "src" / "dossier" / "demo"), "--db", str(store)))
    acled = tmp_path / "x.csv"
    ok(dossier_cli("export", "acled", "--db", str(store), "-o", str(acled)))
    frame = pd.read_csv(acled)
    assert len(frame) > 0 and frame["event_date"].str.match(r"^\d{4}-\d{2}-\d{2}$").all()
    assert set(frame["event_type"]) <= {
        "Battles", "Explosions/Remote violence", "Violence against civilians", "Riots",
        "Protests", "Strategic developments",
    }
    valencia = tmp_path / "valencia.parquet"
    ok(dossier_cli("export", "parquet", "--db", str(store), "--involving", "Valencia",
                   "-o", str(valencia)))
    assert len(pd.read_parquet(valencia)) == len(listed(store, ["--involving", "Valencia"]))
    gexf = tmp_path / "actors.gexf"
    ok(dossier_cli("export", "gexf", "--db", str(store), "-o", str(gexf)))
    assert nx.read_gexf(gexf).number_of_edges() > 0
