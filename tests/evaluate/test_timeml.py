"""Tests for dossier.evaluate.timeml: reading TimeML gold and TempEval-3 scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import InputError
from dossier.evaluate.timeml import (
    TimemlDoc,
    evaluate,
    load_timeml,
    load_timeml_dir,
    score_timeml,
    timeml_errors,
)
from dossier.records import Timex
from dossier.time import find_timexes
from tests.conftest import GOLD, needs_gold

TINY = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TINY001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2003-05-09" temporalFunction="false"
 functionInDocument="CREATION_TIME">May 9, 2003</TIMEX3></DCT>
<TITLE>Floods on <TIMEX3 tid="t9" type="DATE" value="2003-05-08">Thursday</TIMEX3></TITLE>
<TEXT>
Rivers <EVENT eid="e1" class="OCCURRENCE">rose</EVENT> <TIMEX3 tid="t1" type="DATE" \
value="2003-05-08">yesterday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P3D">three \
days</TIMEX3> of rain, R&amp;D staff said. Crops planted in <TIMEX3 tid="t3" type="DATE" \
value="2003-04" mod="START">early April</TIMEX3> were lost.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST"/>
</TimeML>
""".replace("\\\n", "")


def _write(folder: Path, name: str, content: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def tiny(tmp_path: Path) -> TimemlDoc:
    return load_timeml(_write(tmp_path, "tiny.tml", TINY))


def test_load_strips_tags_and_keeps_offsets(tiny: TimemlDoc) -> None:
    assert tiny.id == "TINY001"
    assert tiny.dct == "2003-05-09"
    body = tiny.text[tiny.body[0] : tiny.body[1]]
    assert body.strip().startswith("Rivers rose yesterday after three days of rain, R&D staff")
    assert "<" not in tiny.text
    assert [(t.text, t.type, t.value, t.mod) for t in tiny.timexes] == [
        ("yesterday", "DATE", "2003-05-08", None),
        ("three days", "DURATION", "P3D", None),
        ("early April", "DATE", "2003-04", "START"),
    ]
    for timex in tiny.timexes:
        assert tiny.text[timex.span[0] : timex.span[1]] == timex.text


def test_creation_time_and_title_are_not_gold(tiny: TimemlDoc) -> None:
    texts = [t.text for t in tiny.timexes]
    assert "May 9, 2003" not in texts
    assert "Thursday" not in texts  # in <TITLE>, outside <TEXT>


def _system(answers: dict[str, tuple[str, str, str | None]]):  # type: ignore[no-untyped-def]
    """A fake system that finds given phrases with given type, value and mod."""

    def system(text: str, dct: str) -> list[Timex]:
        found = []
        for phrase, (type_, value, mod) in answers.items():
            start = text.index(phrase)
            found.append(Timex(phrase, (start, start + len(phrase)), type_, value, mod))
        return sorted(found, key=lambda t: t.span)

    return system


def test_perfect_system_scores_one(tiny: TimemlDoc) -> None:
    system = _system(
        {
            "yesterday": ("DATE", "2003-05-08", None),
            "three days": ("DURATION", "P3D", None),
            "early April": ("DATE", "2003-04", "START"),
        }
    )
    scores = score_timeml([tiny], system)
    assert (scores.gold, scores.system) == (3, 3)
    assert scores.strict_f1 == scores.relaxed_f1 == scores.value_f1 == 1.0
    assert scores.type_accuracy == 1.0
    assert timeml_errors([tiny], system) == []


def test_partial_spans_wrong_values_and_spurious(tiny: TimemlDoc) -> None:
    system = _system(
        {
            "yesterday": ("DATE", "2003-05-08", None),  # right
            "days": ("DURATION", "P3D", None),  # relaxed match only
            "April": ("DATE", "2002-04", None),  # relaxed, wrong value
            "rain": ("DATE", "PRESENT_REF", None),  # spurious
        }
    )
    scores = score_timeml([tiny], system)
    assert (scores.gold, scores.system) == (3, 4)
    assert scores.strict_precision == pytest.approx(1 / 4)
    assert scores.strict_recall == pytest.approx(1 / 3)
    assert scores.relaxed_precision == pytest.approx(3 / 4)
    assert scores.relaxed_recall == pytest.approx(1.0)
    assert scores.value_precision == pytest.approx(2 / 4)
    assert scores.value_recall == pytest.approx(2 / 3)
    assert scores.value_f1 == pytest.approx(2 * (1 / 2) * (2 / 3) / (1 / 2 + 2 / 3))
    kinds = sorted(e.kind for e in timeml_errors([tiny], system))
    assert kinds == ["span", "span", "spurious", "value"]


def test_missed_timexes_are_errors(tiny: TimemlDoc) -> None:
    scores, errors = evaluate([tiny], _system({}))
    assert scores.relaxed_recall == 0.0 and scores.relaxed_precision == 0.0
    assert [(e.kind, e.gold.text if e.gold else None) for e in errors] == [
        ("missed", "yesterday"),
        ("missed", "three days"),
        ("missed", "early April"),
    ]
    assert "[yesterday]" in errors[0].context


def test_find_timexes_on_the_tiny_file(tiny: TimemlDoc) -> None:
    scores = score_timeml([tiny], find_timexes)
    assert scores.relaxed_f1 == 1.0
    assert scores.value_f1 == 1.0  # "early April": the year from the creation date


def test_load_dir_recurses_and_sorts(tmp_path: Path) -> None:
    _write(tmp_path, "b/second.tml", TINY.replace("TINY001", "B"))
    _write(tmp_path, "a/first.tml", TINY.replace("TINY001", "A"))
    _write(tmp_path, "notes.txt", "not TimeML")
    assert [d.id for d in load_timeml_dir(tmp_path)] == ["A", "B"]


def test_load_dir_without_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="E?no .tml files"):
        load_timeml_dir(tmp_path)


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (TINY.replace("</TEXT>", ""), "never closed"),
        (TINY.replace("</TIMEX3> after", "</EVENT> after"), "does not match"),
        (TINY.replace('value="2003-05-09"', 'value="last week"'), "not an ISO date"),
        (TINY.replace("<DCT>", "<X>").replace("</DCT>", "</X>"), "no <DCT>"),
        (TINY.replace("<TEXT>", "<BODY>").replace("</TEXT>", "</BODY>"), "no <TEXT>"),
        (TINY.replace(' type="DURATION"', ""), "no type or value"),
        ("<TimeML><DCT", "unterminated tag"),
    ],
)
def test_malformed_file_names_the_file(tmp_path: Path, content: str, detail: str) -> None:
    path = _write(tmp_path, "broken.tml", content)
    with pytest.raises(InputError) as raised:
        load_timeml(path)
    message = str(raised.value)
    assert str(path) in message
    assert "invalid gold file" in message
    assert detail in message


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.tml"
    path.write_bytes(TINY.replace("R&amp;D", "caf\xe9").encode("latin-1"))
    with pytest.raises(InputError, match="invalid gold file"):
        load_timeml(path)


@needs_gold("timeml")
def test_find_timexes_on_timebank_and_aquaint() -> None:
    """The figures in the README must not fall (TempEval-3 training data, 256 files)."""
    scores = score_timeml(load_timeml_dir(GOLD / "timeml"), find_timexes)
    assert scores.documents == 256
    assert scores.relaxed_f1 >= 0.93
    assert scores.value_f1 >= 0.79
