"""Tests for dossier.quotes: direct quotations, their speakers and dates."""

from __future__ import annotations

import importlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from dossier.quotes import Marked, _marked, _Read, _window, find_quotes, load_lexicon
from dossier.records import Actor, Findings, Mention, Quote, Timex

# Actors of the test texts: (words in the text, actor id, kind).
PEOPLE = (
    ("Marta Solís", "person:marta-solis", "person"),
    ("Solís", "person:marta-solis", "person"),
    ("the fiscal general", "person:fiscal-general", "person"),
    ("Luis Ortega", "person:luis-ortega", "person"),
    ("the ministry", "org:ministry", "organization"),
    ("the mayor", "person:mayor", "person"),
)


def _findings(text: str, timexes: tuple[Timex, ...] = ()) -> Findings:
    """Mentions of every actor whose words appear in the text, at their exact offsets."""
    mentions = []
    taken: set[int] = set()
    for words, actor_id, _ in sorted(PEOPLE, key=lambda p: -len(p[0])):
        start = text.find(words)
        while start >= 0:
            if start not in taken and not any(
                start in range(m.span[0], m.span[1]) for m in mentions
            ):
                mentions.append(Mention(actor_id, (start, start + len(words)), words))
                taken.add(start)
            start = text.find(words, start + 1)
    actors = {a: Actor(id=a, name=w, kind=k) for w, a, k in PEOPLE}
    return Findings(
        actors=tuple(actors.values()),
        mentions=tuple(sorted(mentions, key=lambda m: m.span)),
        timexes=timexes,
    )


def _quotes(nlp: Language, text: str, timexes: tuple[Timex, ...] = ()) -> list[Quote]:
    quotes = find_quotes(nlp(text), _findings(text, timexes), "2019-06")
    for quote in quotes:
        assert text[quote.span[0] : quote.span[1]] == quote.text
    return quotes


def _timex(text: str, words: str, value: str) -> Timex:
    start = text.index(words)
    return Timex(text=words, span=(start, start + len(words)), type="DATE", value=value)


def _needs_to_when() -> None:
    """Skip unless dossier.time.to_when, written in parallel, is there yet."""
    time_module = pytest.importorskip("dossier.time")
    if not hasattr(time_module, "to_when"):
        pytest.skip("dossier.time.to_when is not written yet")


def test_lexicon_loads() -> None:
    lexicon = load_lexicon()
    assert {"say", "tell", "add", "warn"} <= lexicon.speech_verbs
    assert ("according", "to") in lexicon.source_phrases


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # quote first, then the speaker and a verb with an object
            "“We will rebuild every school in the district,” Marta Solís told the families.",
            [("We will rebuild every school in the district", "person:marta-solis")],
        ),
        (  # speaker, verb and colon first
            'Luis Ortega said: "Nobody here trusts the police anymore."',
            [("Nobody here trusts the police anymore.", "person:luis-ortega")],
        ),
        (  # inverted: "said X"
            "“The talks are over,” said the fiscal general after the hearing.",
            [("The talks are over", "person:fiscal-general")],
        ),
        (  # according to X
            "According to the mayor, “the market will reopen next month.”",
            [("the market will reopen next month.", "person:mayor")],
        ),
        (  # a pronoun speaker after an earlier mention
            "Luis Ortega left the room. “I have nothing more to add,” he said.",
            [("I have nothing more to add", "person:luis-ortega")],
        ),
        (  # an organisation speaking through "it"
            "The statement came from the ministry. “The patrols will double,” it warned.",
            [("The patrols will double", "org:ministry")],
        ),
        (  # a second quotation continues the first
            "“There will be no deal,” said Marta Solís. “Not now, not ever.”",
            [
                ("There will be no deal", "person:marta-solis"),
                ("Not now, not ever.", "person:marta-solis"),
            ],
        ),
        (  # guillemets
            "«No vamos a negociar con nadie», dijo Luis Ortega en la radio.",
            [("No vamos a negociar con nadie", None)],
        ),
        (  # a speaker the findings do not know
            '"The roads are closed again," a driver complained.',
            [("The roads are closed again", None)],
        ),
        (  # no speaker at all
            "A sign on the wall read “Nobody enters after dark.”",
            [("Nobody enters after dark.", None)],
        ),
    ],
)
def test_find_quotes(nlp: Language, text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(q.text, q.speaker) for q in _quotes(nlp, text)] == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Police called the shootouts “confrontations” in their report.",  # one word
        "The raid, known as “Operación Tormenta”, began at dawn.",  # a title
        "The gang hid “millions of dollars” in farms.",  # a scare-quoted phrase
        "The so-called “war on gangs,” however, went on.",  # a fragment with a comma
        'He said "yes" and left.',  # too short
        "“Unclosed quotation marks run to the end of the line",  # never closed
        "",
    ],
)
def test_not_a_quote(nlp: Language, text: str) -> None:
    assert _quotes(nlp, text) == []


@pytest.mark.model
def test_quote_straight_marks_pair_in_order(nlp: Language) -> None:
    text = 'She called it "a total disgrace" once. "We are leaving town today," Solís said.'
    assert [(q.text, q.speaker) for q in _quotes(nlp, text)] == [
        ("We are leaving town today", "person:marta-solis")
    ]


@pytest.mark.model
def test_quote_without_date_has_no_when(nlp: Language) -> None:
    text = "“Our patience has limits,” Marta Solís said."
    assert [q.when for q in _quotes(nlp, text)] == [None]


@pytest.mark.model
def test_date_inside_the_quote_is_not_when_it_was_said(nlp: Language) -> None:
    text = "“In March 2015 we lost everything,” Marta Solís said."
    timexes = (_timex(text, "March 2015", "2015-03"),)
    assert [q.when for q in _quotes(nlp, text, timexes)] == [None]


@pytest.mark.model
def test_quote_when_from_the_attributing_sentence(nlp: Language) -> None:
    _needs_to_when()
    text = "“We will not give up the fight,” Marta Solís said in March 2015."
    timex = _timex(text, "March 2015", "2015-03")
    quotes = _quotes(nlp, text, (timex,))
    expected = importlib.import_module("dossier.time").to_when(timex)
    assert expected is not None
    assert [q.when for q in quotes] == [expected]
    assert (expected.start or "").startswith("2015-03")
    assert quotes[0].speaker == "person:marta-solis"


@pytest.mark.model
def test_quote_when_skips_dates_with_no_calendar_value(nlp: Language) -> None:
    _needs_to_when()
    text = "“The danger is real,” Marta Solís said in a recent interview."
    timexes = (_timex(text, "recent", "PAST_REF"),)
    assert [q.when for q in _quotes(nlp, text, timexes)] == [None]


# -- the sentences of a quotation, found by bisection over sentence bounds read once ---


def _scanned_window(doc: Doc, marked: Marked) -> list[Span]:
    """The window as a scan of every sentence and a strip of the text before finds it."""
    text, sentences = doc.text, list(doc.sents) if len(doc) else []
    touched = [
        i
        for i, s in enumerate(sentences)
        if s.start_char <= marked.close and s.end_char > marked.open
    ]
    if not touched:
        return []
    first, last = touched[0], touched[-1]
    continued = text[marked.span[1] : marked.close].strip() == ","
    if continued and last + 1 < len(sentences) and sentences[last].end_char <= marked.close + 2:
        last += 1
    before = text[: marked.open].rstrip()
    if before.endswith(":") and first > 0 and sentences[first].start_char >= len(before) - 1:
        first -= 1
    return sentences[first : last + 1]


_PIECES = ("Ana", "said", ":", ",", "“", "”", "\n", "it", ".")
_VOCAB = Vocab()


@st.composite
def _marked_docs(draw: st.DrawFn) -> tuple[Doc, Marked]:
    """A document cut into sentences at random, and a pair of marks anywhere in it."""
    words = draw(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30))
    spaces = draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
    starts = [True] + draw(
        st.lists(st.booleans(), min_size=len(words) - 1, max_size=len(words) - 1)
    )
    doc = Doc(_VOCAB, words=words, spaces=spaces, sent_starts=starts)
    length = len(doc.text)
    opening = draw(st.integers(0, length - 1))
    closing = draw(st.integers(opening, length))
    inner = draw(st.integers(opening, closing))
    marked = Marked(opening, closing, (inner, closing), doc.text[inner:closing])
    return doc, marked


@given(case=_marked_docs())
def test_window_agrees_with_a_scan_of_every_sentence(case: tuple[Doc, Marked]) -> None:
    doc, marked = case
    assert list(_window(_Read.of(doc), marked)) == _scanned_window(doc, marked)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Marta Solís said: “We will not give up.” Then she left. “Nor will we,” said Luis "
        "Ortega.\n\n“It is over,” the mayor said. “We go home now.”",
        "“Our patience has limits,” Marta Solís said. The ministry replied: “So is ours.”",
    ],
)
def test_window_agrees_with_a_scan_on_real_parses(nlp: Language, text: str) -> None:
    doc = nlp(text)
    read = _Read.of(doc)
    assert read.text == text
    marks = list(_marked(text))
    assert marks
    for marked in marks:
        assert list(_window(read, marked)) == _scanned_window(doc, marked)
