"""Tests for dossier.events.lexicon: loading and validating the event lexicon."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
import yaml

from dossier.errors import ConfigError
from dossier.events import Lexicon

PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}


def test_bundled_lexicon_has_the_sixteen_types(event_lexicon: Lexicon) -> None:
    assert {t.name for t in event_lexicon.types} == PLOVER_TYPES


@pytest.mark.parametrize(
    ("type_name", "mode", "score"),
    [
        ("AID", None, 10.0),
        ("ASSAULT", None, -9.0),
        ("ASSAULT", "firearms", -9.0),
        ("COERCE", "arrest", -7.0),
        ("ACCUSE", "investigate", -3.5),
        ("RETREAT", "disarm", 10.0),
    ],
)
def test_scores_follow_the_manual(
    event_lexicon: Lexicon, type_name: str, mode: str | None, score: float
) -> None:
    event_type = event_lexicon.type(type_name)
    if mode is None:
        assert event_type.score == score
    else:
        assert dict(event_type.modes)[mode] == score


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("DEMAND", ("REQUEST", None)),
        ("DISAPPROVE", ("ACCUSE", "disapprove")),
        ("INVESTIGATE", ("ACCUSE", "investigate")),
        ("FIGHT", ("ASSAULT", None)),
        ("assault", ("ASSAULT", None)),
        ("NONSENSE", None),
    ],
)
def test_legacy_names_map_to_current_types(
    event_lexicon: Lexicon, name: str, expected: tuple[str, str | None] | None
) -> None:
    assert event_lexicon.normalise(name) == expected


@pytest.mark.parametrize(
    ("lemma", "sense"),
    [("arrest", "coerce.arrest"), ("negotiate", "consult.negotiate"), ("die", "assault.death")],
)
def test_verbs_are_indexed(event_lexicon: Lexicon, lemma: str, sense: str) -> None:
    assert sense in {p.sense.id for p in event_lexicon.verb_patterns(lemma)}


def test_noun_phrases_are_indexed_longest_first(event_lexicon: Lexicon) -> None:
    patterns = event_lexicon.noun_patterns("state")
    assert ("state", "of", "emergency") in [p.words for p in patterns]
    assert [len(p.words) for p in patterns] == sorted(
        (len(p.words) for p in patterns), reverse=True
    )


def test_lexicon_pickles(event_lexicon: Lexicon) -> None:
    copy = pickle.loads(pickle.dumps(event_lexicon))
    assert copy.verb_patterns("kill")[0].sense == event_lexicon.verb_patterns("kill")[0].sense


def _lexicon_dir(tmp_path: Path, senses: list[dict[str, object]]) -> Path:
    """A minimal lexicon directory: the bundled ontology and syntax plus ``senses``."""
    bundled = Path(Lexicon.load().source)
    for name in ("ontology.yaml", "syntax.yaml"):
        (tmp_path / name).write_text((bundled / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "senses.yaml").write_text(yaml.safe_dump({"senses": senses}), encoding="utf-8")
    return tmp_path


def test_a_directory_of_files_loads(tmp_path: Path) -> None:
    sense = {"id": "x.raid", "type": "COERCE", "mode": "seize", "verbs": ["raid"]}
    lexicon = Lexicon.load(_lexicon_dir(tmp_path, [sense]))
    assert [p.sense.id for p in lexicon.verb_patterns("raid")] == ["x.raid"]


@pytest.mark.parametrize(
    ("sense", "detail"),
    [
        ({"id": "x", "type": "BOMB", "verbs": ["bomb"]}, "unknown event type 'BOMB'"),
        ({"id": "x", "type": "COERCE", "mode": "firearms", "verbs": ["a"]}, "not a mode"),
        ({"id": "x", "type": "COERCE", "frame": "nowhere", "verbs": ["a"]}, "unknown frame"),
        ({"id": "x", "type": "COERCE", "strength": 2, "verbs": ["a"]}, "strength"),
        ({"id": "x", "type": "COERCE"}, "no verbs and no nouns"),
        ({"type": "COERCE", "verbs": ["a"]}, "missing key 'id'"),
    ],
)
def test_bad_senses_raise_e031_naming_the_file(
    tmp_path: Path, sense: dict[str, object], detail: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        Lexicon.load(_lexicon_dir(tmp_path, [sense]))
    assert "invalid event lexicon" in str(caught.value)
    assert "senses.yaml" in str(caught.value)
    assert detail in str(caught.value)


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        ("types: [unclosed", "not valid YAML"),
        ("- just a list", "expected a mapping"),
        ("surprise: 1", "unknown key 'surprise'"),
    ],
)
def test_bad_files_raise_e031(tmp_path: Path, content: str, detail: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Lexicon.load(path)
    assert str(path) in str(caught.value)
    assert detail in str(caught.value)


def test_a_key_in_two_files_is_an_error(tmp_path: Path) -> None:
    directory = _lexicon_dir(tmp_path, [])
    (directory / "again.yaml").write_text("frames: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="defined in two files"):
        Lexicon.load(directory)


def test_yaml_booleans_are_not_words(tmp_path: Path) -> None:
    directory = _lexicon_dir(tmp_path, [])
    syntax = (directory / "syntax.yaml").read_text(encoding="utf-8")
    (directory / "syntax.yaml").write_text(syntax.replace('"on"', "on", 1), encoding="utf-8")
    with pytest.raises(ConfigError, match="list of words"):
        Lexicon.load(directory)


@pytest.mark.parametrize(("section", "value"), [("genders", "[he, she]"), ("casualties", "dead")])
def test_a_section_of_word_lists_must_be_a_mapping(
    tmp_path: Path, section: str, value: str
) -> None:
    directory = _lexicon_dir(tmp_path, [])
    syntax = (directory / "syntax.yaml").read_text(encoding="utf-8")
    block = re.search(rf"^{section}:\n(?:  .*\n)+", syntax, re.MULTILINE)
    assert block is not None
    broken = syntax.replace(block.group(0), f"{section}: {value}\n", 1)
    (directory / "syntax.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError, match=f"{section} must be a mapping"):
        Lexicon.load(directory)


def test_the_bundled_word_lists_of_people(event_lexicon: Lexicon) -> None:
    syntax = event_lexicon.syntax
    assert {"he", "man", "son"} <= syntax.male_words
    assert {"she", "woman", "daughter"} <= syntax.female_words
    assert not syntax.male_words & syntax.female_words
    assert {"son", "wife"} <= syntax.relation_nouns
    assert "die" in syntax.casualty_verbs and "bullet" in syntax.projectiles
