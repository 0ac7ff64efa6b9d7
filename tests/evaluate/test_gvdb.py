"""Tests for dossier.evaluate.gvdb: the Gun Violence Database loader and scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dossier.errors import InputError
from dossier.evaluate.gvdb import (
    GvdbArticle,
    GvdbOutput,
    GvdbScores,
    article_document,
    city_overlaps,
    load_gvdb,
    score_gvdb,
    surname,
)
from dossier.records import (
    Actor,
    Event,
    Evidence,
    Extraction,
    Modality,
    PlaceMention,
    When,
    Where,
)

HEADER = "Article id\tArticle url\tArticle title\tFull text\tJson\tWorker"
NO_SPAN = {"value": "", "startIndex": -1, "endIndex": -1}


def _name(text: str, value: str) -> dict[str, Any]:
    if not value:
        return NO_SPAN
    start = text.index(value)
    return {"value": value, "startIndex": start, "endIndex": start + len(value)}


def _annotation(
    text: str, victims: list[tuple[str, list[str]]], shooters: list[str], city: str
) -> str:
    return json.dumps(
        {
            "victim-section": [
                {"name": _name(text, name), "victim-was": was} for name, was in victims
            ],
            "shooter-section": [{"name": _name(text, name)} for name in shooters],
            "date-and-time": {
                "city": _name(text, city),
                "state": "OH - Ohio",
                "date": "2016-02-14",
            },
        }
    )


TITLE_1 = "Man dies after shooting on Elm Street"
BODY_1 = (
    "DAYTON -- Mark Olsen, 34, was shot and killed late Sunday outside a bar on Elm "
    "Street, police said. His friend Dana Pruitt was wounded. Police arrested Lyle "
    "Varner, 29, on Monday."
)
TITLE_2 = "No one hurt as shots hit a garage"
BODY_2 = "Someone fired four shots into an empty garage overnight, deputies said."


def _row(article_id: str, title: str, body: str, annotation: str) -> str:
    return "\t".join(
        [article_id, f"http://example.org/{article_id}", title, title + body, annotation, "W1"]
    )


def _tsv(rows: list[str]) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


ROWS = [
    _row(
        "7",
        TITLE_1,
        BODY_1,
        _annotation(
            TITLE_1 + BODY_1,
            [("Mark Olsen", ["killed"]), ("Dana Pruitt", ["injured", "hospitalized"])],
            ["Lyle Varner"],
            "DAYTON",
        ),
    ),
    _row("8", TITLE_2, BODY_2, _annotation(TITLE_2 + BODY_2, [], [""], "")),
]


@pytest.fixture()
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "dev.tsv"
    path.write_text(_tsv(ROWS), encoding="utf-8")
    return path


def test_loader_reads_people_counts_and_city(gold_file: Path) -> None:
    first, second = load_gvdb(gold_file)
    assert first.id == "7"
    assert [(v.name, v.killed, v.injured) for v in first.victims] == [
        ("Mark Olsen", True, False),
        ("Dana Pruitt", False, True),
    ]
    assert (first.killed, first.injured) == (1, 1)
    assert [s.name for s in first.shooters] == ["Lyle Varner"]
    span = first.victims[0].span
    assert span is not None and first.text[span[0] : span[1]] == "Mark Olsen"
    assert (first.city, first.state, first.date) == ("DAYTON", "OH - Ohio", "2016-02-14")
    assert (second.killed, second.injured, second.city) == (0, 0, None)
    assert second.shooters[0].name == "" and second.shooters[0].span is None


def test_limit_reads_the_first_articles(gold_file: Path) -> None:
    assert [a.id for a in load_gvdb(gold_file, limit=1)] == ["7"]


def test_document_keeps_title_apart_and_has_no_date(gold_file: Path) -> None:
    document = article_document(load_gvdb(gold_file)[0])
    assert document.text == f"{TITLE_1}\n\n{BODY_1}"
    assert document.title == TITLE_1
    assert document.published is None


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        ("Article id\tTitle\n1\tx\n", "header"),
        (_tsv([ROWS[0].replace('"victim-section"', "victim-section")]), "row 2"),
        (_tsv([ROWS[0], "9\tonly three\tcolumns"]), "row 3"),
        (_tsv([_row("9", "T", "B", json.dumps({"victim-section": {"a": 1}}))]), "row 2"),
        (_tsv([_row("9", "T", "B", "[1, 2]")]), "row 2"),
        (HEADER + "\n", "no articles"),
    ],
)
def test_malformed_files_raise_input_errors_naming_file_and_row(
    tmp_path: Path, content: str, detail: str
) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_gvdb(path)
    assert str(path) in str(caught.value)
    assert detail in str(caught.value)


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_gvdb(tmp_path / "absent.tsv")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mark Olsen", "olsen"),
        ("  Rosa María Núñez, ", "nunez"),
        ('Lee "Ace" Dunn Jr.', "dunn"),
        ("Carl Webb III", "webb"),
        ("Anne-Marie O'Hara", "o'hara"),
        ("", None),
    ],
)
def test_surname(name: str, expected: str | None) -> None:
    assert surname(name) == expected


@pytest.mark.parametrize(
    ("gold", "system", "overlaps"),
    [
        ("southwest Houston", "Houston", True),
        ("DAYTON ", "Dayton", True),
        ("New Orleans East", "Orleans", True),
        ("Springfield", "Springdale", False),
    ],
)
def test_city_overlaps(gold: str, system: str, overlaps: bool) -> None:
    assert city_overlaps(gold, system) is overlaps


def _event(
    number: int,
    *,
    killed: int | None = None,
    injured: int | None = None,
    actor: tuple[str, ...] = (),
    recipient: tuple[str, ...] = (),
    where: Where | None = None,
    event_type: str = "ASSAULT",
    modality: Modality | None = None,
) -> Event:
    return Event(
        id=f"e{number}",
        type=event_type,
        evidence=Evidence((number * 10, number * 10 + 9), (number * 10, number * 10 + 3)),
        when=When(None, None, "publication"),
        actor=actor,
        recipient=recipient,
        where=where,
        killed=killed,
        injured=injured,
        modality=modality or Modality(),
    )


DAYTON = Where("Dayton", "USA", "Ohio", precision="city")
ACTORS = (
    Actor("p:olsen", "Mark Olsen", "person"),
    Actor("p:pruitt", "Dana Pruitt", "person"),
    Actor("p:varner", "Varner", "person"),
    Actor("police", "police", "group"),
    Actor("p:stone", "Gil Stone", "person"),
)


def _score(
    article: GvdbArticle, events: list[Event], places: tuple[PlaceMention, ...] = ()
) -> GvdbScores:
    extraction = Extraction(article_document(article), actors=ACTORS, events=tuple(events))
    return score_gvdb([article], [GvdbOutput(extraction, places)])


def test_counts_take_the_largest_real_assault(gold_file: Path) -> None:
    article = load_gvdb(gold_file)[0]
    events = [
        _event(1, killed=1, injured=1, recipient=("p:olsen", "p:pruitt"), actor=("p:varner",),
               where=DAYTON),
        _event(2, killed=5, modality=Modality(hypothetical=True)),
        _event(3, killed=9, modality=Modality(negated=True)),
        _event(4, killed=7, event_type="COERCE"),
    ]
    scores = _score(article, events)
    figures = scores.figures()
    assert figures["gvdb_killed_accuracy"] == 1.0
    assert figures["gvdb_injured_accuracy"] == 1.0
    assert figures["gvdb_killed_mae"] == 0.0
    assert (figures["gvdb_victim_f1"], figures["gvdb_shooter_f1"]) == (1.0, 1.0)
    assert figures["gvdb_city_accuracy"] == 1.0
    assert scores.errors == ()


def test_misses_are_counted_and_named(gold_file: Path) -> None:
    article = load_gvdb(gold_file)[0]
    events = [_event(1, recipient=("p:olsen", "p:stone"), actor=("police",))]
    scores = _score(article, events)
    assert scores.killed_accuracy == 0.0 and scores.killed_mae == 1.0
    assert (scores.victim_precision, scores.victim_recall) == (0.5, 0.5)
    assert (scores.shooter_precision, scores.shooter_recall) == (0.0, 0.0)
    kinds = sorted(e.kind for e in scores.errors)
    assert kinds == [
        "city none",
        "injured none: no count on the ASSAULT events",
        "killed none: no count on the ASSAULT events",
        "shooter missed: person, not the actor of an ASSAULT",
        "victim missed: person, not the recipient of an ASSAULT",
        "victim spurious",
    ]


def test_city_falls_back_on_the_first_city_named(gold_file: Path) -> None:
    article = load_gvdb(gold_file)[0]
    places = (
        PlaceMention((90, 96), "Dayton", DAYTON),
        PlaceMention((40, 44), "Ohio", Where("Ohio", "USA", "Ohio", precision="admin1")),
    )
    assert _score(article, [], places).city_accuracy == 1.0


def test_an_article_without_output_scores_as_finding_nothing(gold_file: Path) -> None:
    articles = load_gvdb(gold_file)
    scores = score_gvdb(articles, [GvdbOutput(None), GvdbOutput(None)])
    assert scores.killed_accuracy == 0.5  # the second article has no victims
    assert scores.city_articles == 1


@pytest.mark.model
def test_dossier_eval_gvdb_prints_json_figures(gold_file: Path, tmp_path: Path) -> None:
    errors = tmp_path / "errors.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "dossier", "eval", "gvdb", str(gold_file), "--format", "json",
         "--errors", str(errors)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["gvdb_articles"] == 2
    assert figures["gvdb_city_articles"] == 1
    for name, value in figures.items():
        assert isinstance(value, int) or 0.0 <= value <= 1.0 or name.endswith("_mae")
    for line in errors.read_text(encoding="utf-8").splitlines():
        assert "kind" in json.loads(line)


@pytest.mark.model
def test_dossier_eval_reports_a_bad_gold_file_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("not a gvdb file\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "dossier", "eval", "gvdb", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    assert done.stderr.strip().startswith("dossier: error:")
    assert str(path) in done.stderr
