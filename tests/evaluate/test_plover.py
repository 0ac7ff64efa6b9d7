"""Tests for dossier.evaluate.plover: the PLOVER gold loader and scorer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.errors import InputError
from dossier.evaluate.plover import (
    Coded,
    PloverEntity,
    gold_spans,
    load_plover,
    score_plover,
    spacy_system,
)
from dossier.records import Actor, Event, Evidence, When
from tests.conftest import GOLD, needs_gold

ABOUT = {"id": "X-DOCUMENT-0001", "event": "DOCUMENT", "version": "0.5b1", "license": "CC"}


def _raw(record_id: str, event: str, text: str, source: str, target: str = "") -> dict[str, object]:
    return {
        "id": record_id,
        "event": event,
        "text": text,
        "source": [{"actorText": source, "code": "AAA"}],
        "target": [{"actorText": target, "code": "BBB"}] if target else "",
        "textInfo": {"markup": text},
    }


RECORDS = [
    ABOUT,
    _raw(
        "X-1",
        "FIGHT",
        "Northern militias shelled the river port.",
        "Northern militias",
        "river port",
    ),
    _raw("X-2", "DISAPPROVE", "The bishop condemned the governor.", "bishop", "governor"),
    _raw("X-3", "AGREE", "Two parties agreed to hold elections.", "Two parties"),
]


@pytest.fixture()
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    return path


def test_loader_skips_the_document_record_and_maps_old_types(gold_file: Path) -> None:
    gold = load_plover(gold_file)
    assert gold.version == "0.5b1"
    assert [(r.id, r.type, r.mode, r.original_type) for r in gold.records] == [
        ("X-1", "ASSAULT", None, "FIGHT"),
        ("X-2", "ACCUSE", "disapprove", "DISAPPROVE"),
        ("X-3", "AGREE", None, "AGREE"),
    ]
    assert gold.records[0].actors == (PloverEntity("Northern militias", "AAA"),)
    assert gold.records[2].recipients == ()


@pytest.mark.parametrize("content", ["{not json", "{}", "[]", '[{"event": "AGREE"}]'])
def test_bad_gold_files_raise_input_errors(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        load_plover(path)


def test_missing_gold_file_raises(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_plover(tmp_path / "absent.json")


@pytest.mark.parametrize(
    ("text", "entity", "spans"),
    [
        ("The bishop met the bishop.", "bishop", [(4, 10), (19, 25)]),
        ("Bosnian Serbs said their forces left.", "Bosnian Serbs ... forces", [(0, 13), (25, 31)]),
        ("Nothing here.", "absent", []),
    ],
)
def test_gold_spans(text: str, entity: str, spans: list[tuple[int, int]]) -> None:
    assert gold_spans(text, PloverEntity(entity)) == spans


def _event(
    event_type: str, actor: str | None, recipient: str | None, mode: str | None = None
) -> Event:
    return Event(
        id="s:e1",
        type=event_type,
        mode=mode,
        evidence=Evidence((0, 1), (0, 1)),
        when=When(None, None, "unknown"),
        actor=(actor,) if actor else (),
        recipient=(recipient,) if recipient else (),
    )


def _fake_system(text: str) -> Coded:
    """Codes X-1 right with a wrong recipient, X-2 right, X-3 as the wrong type."""
    words = {w: (text.index(w), text.index(w) + len(w)) for w in text.rstrip(".").split()}
    if "shelled" in text:
        actors = (
            Actor("m", "militias", "group", mentions=(words["militias"],)),
            Actor("r", "river", "location", mentions=(words["river"],)),
        )
        return Coded((_event("ASSAULT", "m", "x"), _event("PROTEST", "r", None)), actors)
    if "condemned" in text:
        actors = (
            Actor("b", "bishop", "person", mentions=(words["bishop"],)),
            Actor("g", "governor", "person", mentions=(words["governor"],)),
        )
        return Coded((_event("ACCUSE", "b", "g", "disapprove"),), actors)
    return Coded((_event("SUPPORT", None, None),), ())


def test_scorer_counts_types_modes_and_participants(gold_file: Path) -> None:
    scores = score_plover(load_plover(gold_file), _fake_system)
    assert scores.sentences == 3
    assert scores.type_accuracy == pytest.approx(2 / 3)
    assert scores.mode_accuracy == 1.0
    assert scores.actor_accuracy == 1.0
    assert scores.recipient_accuracy == 0.5
    assert scores.type_precision == pytest.approx(2 / 4)
    assert [o.type_right for o in scores.outcomes] == [True, True, False]
    assert scores.figures()["plover_events"] == 4


def test_unknown_actor_source_is_refused() -> None:
    with pytest.raises(ValueError):
        spacy_system("guess")


@pytest.mark.model
@needs_gold("plover", "PLOVER_GSR_dev.json")
def test_event_types_on_the_plover_dev_set() -> None:
    gold = load_plover(GOLD / "plover" / "PLOVER_GSR_dev.json")
    scores = score_plover(gold, spacy_system("both"))
    assert scores.sentences == 163
    assert scores.type_accuracy >= 0.70
