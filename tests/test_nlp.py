"""The model loader and the small helpers over parsed documents."""

from __future__ import annotations

import pytest
from spacy.language import Language

from dossier.nlp import load_model, sentence_of

pytestmark = pytest.mark.model


def test_the_model_loads_once(nlp: Language) -> None:
    assert load_model() is nlp
    assert "parser" in nlp.pipe_names


def test_sentence_of_agrees_with_spacy(nlp: Language) -> None:
    doc = nlp(
        "Police arrested two men in Soyapango. Prosecutors said they would appeal! "
        "Was anyone hurt? Nobody was."
    )
    assert len(list(doc.sents)) == 4
    for token in doc:
        assert sentence_of(token) == token.sent


def test_brackets_and_dashes_glued_between_words_are_words(nlp: Language) -> None:
    doc = nlp("Man Found Dead in Parking Lot(Cincinnati, OH)--A 27-year-old man was shot.")
    words = [t.text for t in doc]
    assert words[words.index("Lot") : words.index("A") + 1] == [
        "Lot", "(", "Cincinnati", ",", "OH", ")", "--", "A"
    ]  # fmt: skip
