"""Tests for the ``Tree`` the argument reader builds once per document: each word's
children by label, and the memo of which verbs read as passive."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from dossier.events import Lexicon
from dossier.events.arguments import Tree, doer

_LABELS = ("nsubj", "dobj", "prep", "pobj", "conj", "cc", "amod")
_VOCAB = Vocab()


@st.composite
def _docs(draw: st.DrawFn) -> Doc:
    """A document whose tree hangs every word after the first from an earlier word (not
    always projectively), with labels from a small set."""
    size = draw(st.integers(1, 25))
    heads = [0] + [draw(st.integers(0, i - 1)) for i in range(1, size)]
    deps = ["ROOT"] + [draw(st.sampled_from(_LABELS)) for _ in range(1, size)]
    return Doc(_VOCAB, words=[f"w{i}" for i in range(size)], heads=heads, deps=deps)


@given(doc=_docs(), labels=st.lists(st.sampled_from(_LABELS), max_size=3, unique=True))
def test_children_are_the_ones_spacy_gives(doc: Doc, labels: list[str]) -> None:
    tree = Tree(doc)
    for token in doc:
        children = list(token.children)
        assert list(tree.children(token)) == children
        wanted = [c for c in children if c.dep_ in labels] if labels else children
        assert list(tree.children(token, *labels)) == wanted
        assert tree.has_child(token, *labels) == (bool(wanted) and bool(labels))


def _passive_chain() -> Doc:
    """ "Two men were shot and killed by police", parsed by hand."""
    words = ["Two", "men", "were", "shot", "and", "killed", "by", "police"]
    heads = [1, 3, 3, 3, 3, 3, 5, 6]
    deps = ["nummod", "nsubjpass", "auxpass", "ROOT", "cc", "conj", "agent", "pobj"]
    tags = ["CD", "NNS", "VBD", "VBN", "CC", "VBN", "IN", "NNS"]
    pos = ["NUM", "NOUN", "AUX", "VERB", "CCONJ", "VERB", "ADP", "NOUN"]
    return Doc(_VOCAB, words=words, heads=heads, deps=deps, tags=tags, pos=pos)


def test_passive_carries_down_a_coordination_and_is_remembered() -> None:
    doc = _passive_chain()
    tree = Tree(doc)
    assert tree.passive(doc[5])  # "killed": no subject of its own, tied to "were shot"
    assert tree.passive(doc[3])
    assert not tree.passive(doc[7])
    assert tree._passive == {5: True, 3: True, 7: False}  # asked once per verb
    assert tree.passive(doc[5])
    assert tree._passive == {5: True, 3: True, 7: False}


def test_doer_reads_the_agent_through_the_tree(event_lexicon: Lexicon) -> None:
    doc = _passive_chain()
    tree = Tree(doc)
    assert [t.text for t in doer(doc[5], tree, event_lexicon)] == ["police"]
    # the first verb borrows the "by" phrase of the participle coordinated with it
    assert [t.text for t in doer(doc[3], tree, event_lexicon)] == ["police"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Gang members killed two police officers and wounded a third in San Salvador.",
        "The prisoners were transferred and later released by the authorities, "
        "who said that the truce, which the gangs signed in March, would hold.",
        "killed " * 60,
    ],
)
def test_children_match_spacy_on_real_parses(nlp: Language, text: str) -> None:
    doc = nlp(text)
    tree = Tree(doc)
    for token in doc:
        assert list(tree.children(token)) == list(token.children)
        for label in {c.dep_ for c in token.children}:
            assert list(tree.children(token, label)) == [
                c for c in token.children if c.dep_ == label
            ]
