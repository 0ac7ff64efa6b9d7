"""Tests for dossier.modality: auxiliary modes and attribution of an event."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dossier.errors import ConfigError
from dossier.modality import (
    Modalities,
    ModalityCues,
    _contains_any,
    _named_sources,
    _Names,
    attribution_of,
    modality_of,
)
from dossier.records import Actor, Findings, Mention, When

ORG = "organization"


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


# -- one document at a time: what each sentence and the findings tell is read once ------

_DOCUMENT = (
    "According to the police, gunmen attacked the bus near Soyapango. Was it a way to "
    "prepare a new offensive? It is impossible to verify that the army attacked the "
    "village, and the gang reportedly killed three farmers.\n\n"
    "Ana Ruiz met the mediators on Monday. She said the talks would resume, as El Faro "
    "reported, and the gangs will meet in Geneva."
)


@pytest.mark.model
def test_modalities_of_a_document_agree_with_each_event_read_alone(nlp: Language) -> None:
    doc = nlp(_DOCUMENT)
    findings = _findings(
        _DOCUMENT,
        [
            ("police", "police", "organization"),
            ("Ana Ruiz", "person:ana-ruiz", "person"),
            ("El Faro", "el-faro", "organization"),
        ],
    )
    when = When("2001-05-01", "2001-05-31", "month")
    modalities = Modalities(doc, "2016-11-10", findings)
    for token in doc:
        assert modalities.modality(token, when=when) == modality_of(
            token, doc, "2016-11-10", when=when
        )
        assert modalities.attribution(token) == attribution_of(token.sent, token, findings)


@pytest.mark.model
def test_what_a_sentence_tells_holds_for_every_event_in_it(nlp: Language) -> None:
    doc = nlp(_DOCUMENT)
    modalities = Modalities(doc, "2016-11-10", _findings(_DOCUMENT, [("police", "police", ORG)]))
    first, question, doubt = list(doc.sents)[:3]
    verbs = [t for t in doubt if t.pos_ == "VERB"]
    assert len(verbs) > 2 and all(modalities.modality(t).hedged for t in verbs)
    assert all(modalities.modality(t).hypothetical for t in question if t.pos_ == "NOUN")
    assert {modalities.attribution(t) for t in first if t.pos_ == "VERB"} == {("police",)}


def _naive_contains(words: list[str], lemmas: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(
        tuple(words[i : i + n]) == phrase or tuple(lemmas[i : i + n]) == phrase
        for i in range(len(words) - n + 1)
    )


@pytest.mark.model
@pytest.mark.parametrize(
    "phrases",
    [
        (("according", "to"),),
        (("impossible", "to", "verify"), ("be", "say")),
        (("not", "there"), ("bus",)),
        (),
    ],
)
def test_contains_any_finds_a_phrase_as_words_or_lemmas(
    nlp: Language, phrases: tuple[tuple[str, ...], ...]
) -> None:
    for sentence in nlp(_DOCUMENT).sents:
        words = [t.lower_ for t in sentence]
        lemmas = [t.lemma_.lower() for t in sentence]
        expected = any(_naive_contains(words, lemmas, p) for p in phrases)
        assert _contains_any(sentence, phrases) == expected


_SPANS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=25,
)


@given(spans=_SPANS, people=st.sets(st.integers(0, 24)), probe=_SPANS.filter(bool))
def test_names_index_finds_the_mentions_a_scan_finds(
    spans: list[tuple[int, int]], people: set[int], probe: list[tuple[int, int]]
) -> None:
    mentions = tuple(Mention(f"a{k % 7}", span, f"m{k}") for k, span in enumerate(spans))
    actors = tuple(
        Actor(f"a{k}", f"Name {k}", "person" if k in people else "group") for k in range(7)
    )
    persons = {a.id for a in actors if a.kind == "person"}
    names = _Names(Findings(actors=actors, mentions=mentions))
    for start, end in probe:
        overlapping = [m for m in mentions if m.span[0] < end and start < m.span[1]]
        assert names.overlapping(start, end) == (overlapping[0] if overlapping else None)
        before = [m for m in mentions if m.actor_id in persons and m.span[1] <= start]
        last = max(before, key=lambda m: m.span[1]) if before else None
        assert names.last_person_before(start) == last


def _naive_named_sources(sentence: Span, cues: ModalityCues) -> list[int]:
    doc = sentence.doc
    found: list[int] = []
    for token in sentence:
        for phrase in cues.source_prepositions:
            if tuple(t.lower_ for t in doc[token.i : token.i + len(phrase)]) == phrase:
                last = doc[token.i + len(phrase) - 1]
                objects = [o for o in last.children if o.dep_ in ("pobj", "dobj")]
                for obj in objects:
                    found.append(obj.i)
                    found.extend(c.i for c in obj.children if c.dep_ == "conj")
    return found


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        _DOCUMENT,
        "Citing police sources and local officials, the paper said gunmen attacked a bus.",
        "According to El Faro and the police, according to witnesses, the gang met.",
        "Quoting him, they said it. Nothing else was said according",
    ],
)
def test_named_sources_are_those_a_scan_of_the_sentence_finds(nlp: Language, text: str) -> None:
    cues = ModalityCues.load()
    for sentence in nlp(text).sents:
        assert list(_named_sources(sentence, cues)) == _naive_named_sources(sentence, cues)
