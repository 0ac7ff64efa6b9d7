"""Tests for dossier.modality: auxiliary modes and attribution of an event."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token

from dossier.errors import ConfigError
from dossier.modality import ModalityCues, attribution_of, modality_of
from dossier.records import Actor, Findings, Mention, When


def _token(doc: Doc, word: str) -> Token:
    return next(t for t in doc if t.text == word)


def _flags(nlp: Language, text: str, trigger: str, when: When | None = None) -> set[str]:
    doc = nlp(text)
    modality = modality_of(_token(doc, trigger), doc, "2016-11-10", when=when)
    return {name for name, value in modality.to_dict().items() if value}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "flags"),
    [
        ("The gang attacked the bus.", "attacked", set()),
        # negation
        ("The gang did not attack the bus.", "attack", {"negated"}),
        ("The two leaders never met in person.", "met", {"negated"}),
        ("The rebels refused to negotiate with the army.", "negotiate", {"negated"}),
        ("The minister denied meeting the gang leaders.", "meeting", {"negated"}),
        ("No talks took place in May.", "talks", {"negated"}),
        ("They left without negotiating a deal.", "negotiating", {"negated"}),
        # "far from refusing" asserts the opposite: nothing here is negated
        ("Far from refusing to negotiate, the minister met the gang leaders.", "met", set()),
        ("Far from refusing to negotiate, the minister met the gang leaders.", "negotiate", set()),
        # hypothetical
        ("The army would attack the camp if the talks failed.", "attack", {"hypothetical"}),
        ("If the gangs disarm, the state will release them.", "disarm", {"hypothetical"}),
        ("They discussed the possibility of a new truce.", "truce", {"hypothetical"}),
        ("Was it a way to prepare a new offensive?", "offensive", {"hypothetical", "future"}),
        ("Officials discussed the potential creation of jobs.", "creation", {"hypothetical"}),
        # future
        ("The two sides will meet in Geneva.", "meet", {"future"}),
        ("The government plans to deploy troops in the north.", "deploy", {"future"}),
        ("The parties are set to sign the accord.", "sign", {"future"}),
        ("The farmers said they would blockade the capital.", "blockade", {"future"}),
        # hedged
        ("Soldiers reportedly killed three farmers.", "killed", {"hedged"}),
        ("Forty alleged gang members died in the clashes.", "died", {"hedged"}),
        ("The police may have tortured the prisoners.", "tortured", {"hedged"}),
        ("The leaders appear to be negotiating with the army.", "negotiating", {"hedged"}),
        ("Analysts suggested that the army executed the men.", "executed", {"hedged"}),
        ("It is impossible to verify that the army attacked the village.", "attacked", {"hedged"}),
        ("According to the police, gunmen attacked the bus.", "attacked", {"hedged"}),
    ],
)
def test_modality(nlp: Language, text: str, trigger: str, flags: set[str]) -> None:
    assert _flags(nlp, text, trigger) == flags


@pytest.mark.model
@pytest.mark.parametrize(
    ("when", "flags"),
    [
        (When("1989-11-01", "1989-11-30", "month"), {"historical"}),
        (When("2013-01-01", "2013-12-31", "year"), {"historical"}),
        (When("2015-06-01", "2015-06-30", "month"), set()),
        (When("2016-11-10", "2016-11-10", "publication"), set()),
        (When("2017-03-01", "2017-03-31", "month"), {"future"}),
    ],
)
def test_historical_and_future_from_the_span(nlp: Language, when: When, flags: set[str]) -> None:
    assert _flags(nlp, "The rebels attacked the town.", "attacked", when) == flags


def _findings(text: str, names: list[tuple[str, str, str]]) -> Findings:
    actors, mentions = [], []
    for words, actor_id, kind in names:
        start = text.index(words)
        actors.append(Actor(actor_id, words, kind))
        mentions.append(Mention(actor_id, (start, start + len(words)), words))
    return Findings(actors=tuple(actors), mentions=tuple(mentions))


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "names", "sources"),
    [
        (
            "According to the police, gunmen attacked the bus.",
            "attacked",
            [("police", "police", "organization")],
            ("police",),
        ),
        (
            "El Faro said that the minister met the gang leaders.",
            "met",
            [("El Faro", "el-faro", "organization")],
            ("El Faro",),
        ),
        (
            "The minister met the gang leaders, as El Faro reported.",
            "met",
            [("El Faro", "el-faro", "organization")],
            ("El Faro",),
        ),
        ("Gunmen attacked the bus, local officials said.", "attacked", [], ("local officials",)),
        ("Gunmen attacked the bus on Monday.", "attacked", [], ()),
    ],
)
def test_attribution(
    nlp: Language,
    text: str,
    trigger: str,
    names: list[tuple[str, str, str]],
    sources: tuple[str, ...],
) -> None:
    doc = nlp(text)
    token = _token(doc, trigger)
    assert attribution_of(token.sent, token, _findings(text, names)) == sources


def test_cues_load() -> None:
    cues = ModalityCues.load()
    assert "would" in cues.modal_auxiliaries
    assert ("far", "from") in cues.contrast
    assert cues.historical_years >= 1


@pytest.mark.parametrize(
    "content",
    ["negation: [", "negation: {}\n", "- a list\n"],
)
def test_bad_cue_file_raises_e080(tmp_path: Path, content: str) -> None:
    path = tmp_path / "modality.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid modality cues"):
        ModalityCues.load(path)
