"""Direct quotations, who said them and when.

``find_quotes`` pairs quotation marks (straight, curly, low-9, guillemets, full-width),
keeps the quotations of three words or more that read as speech (they open with a
capital, close with a sentence mark or hold a verb; "millions of dollars" in scare
quotes does not), and attributes each one:

- the speaker is the subject of a verb of saying ('"...," Valencia told them',
  'X said: "..."', '"...," said X') or the object of "according to", outside the
  quotation, in its sentence or in the sentence before it when that one ends in a
  colon; the speaker's words resolve to an actor through ``findings.mentions``; a
  pronoun ("he said") resolves to the latest mention of a person before it;
- a quotation with no verb of saying that directly follows an attributed one
  continues it, and takes its speaker;
- ``when`` comes from a calendar date in the attributing sentence ('... he said in
  March 2015'), through ``dossier.time.to_when``.

The word lists live in ``data/quotes.yaml``.
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from dossier.errors import ConfigError, Messages
from dossier.records import Findings, Mention, Quote, Timex, When

DATA_FILE = "quotes.yaml"
# Opening mark -> the marks that may close it.
CLOSERS = {
    "“": "”",
    "„": "“”",
    "‟": "”",
    '"': '"”',
    "”": "”",
    "«": "»",
    "〝": "〞〟",
    "＂": "＂",
}
MIN_WORDS = 3
WORD = re.compile(r"\w+")
SENTENCE_END = tuple(".?!…")
CALENDAR_TYPES = ("DATE", "TIME")
SUBJECT_DEPS = ("nsubj", "nsubjpass")


def _strings(value: Any) -> list[str]:
    """A word list, checked: YAML reads a bare ``no`` or ``on`` as a boolean."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"expected a list of words, got {value!r}")
    return value


@dataclass(frozen=True)
class QuoteLexicon:
    """The contents of ``quotes.yaml``, validated."""

    speech_verbs: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    group_kinds: frozenset[str]

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> QuoteLexicon:
        return cls(
            speech_verbs=frozenset(_strings(raw["speech_verbs"])),
            source_phrases=tuple(tuple(p.split()) for p in _strings(raw["source_phrases"])),
            person_pronouns=frozenset(_strings(raw["person_pronouns"])),
            group_pronouns=frozenset(_strings(raw["group_pronouns"])),
            group_kinds=frozenset(_strings(raw["group_kinds"])),
        )


@lru_cache(maxsize=1)
def load_lexicon() -> QuoteLexicon:
    """The bundled word lists, read once per process."""
    path = resources.files("dossier") / "data" / DATA_FILE
    try:
        return QuoteLexicon.from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(Messages.E092.format(path=str(path), detail=exc)) from exc


@dataclass(frozen=True)
class Marked:
    """Text between a pair of quotation marks."""

    open: int  # offset of the opening mark
    close: int  # offset of the closing mark
    span: tuple[int, int]  # the quoted words, trimmed
    text: str


def find_quotes(doc: Doc, findings: Findings, published: str | None) -> list[Quote]:
    """Every direct quotation in the document, in text order, with speaker and date.

    ``published`` is accepted for the pipeline's sake: a quotation with no date in its
    sentence gets ``when=None``, not the publication date.
    """
    lexicon = load_lexicon()
    read = _Read.of(doc)
    quotes: list[Quote] = []
    previous: tuple[Marked, Quote] | None = None
    for marked in _marked(read.text):
        if not _is_speech(doc, marked):
            continue
        window = _window(read, marked)
        verb = _speech_verb(window, marked, lexicon)
        source = _source(window, marked, lexicon, verb)
        if source is None and previous is not None and _follows(read, previous[0], marked):
            quote = Quote(marked.text, marked.span, previous[1].speaker, previous[1].when)
        else:
            speaker = None if source is None else _resolve(source, marked, findings, lexicon)
            when = _when(findings.timexes, window, marked, verb)
            quote = Quote(marked.text, marked.span, speaker, when)
        quotes.append(quote)
        previous = (marked, quote)
    return quotes


def _marked(text: str) -> Iterator[Marked]:
    """Pairs of quotation marks on one line, outermost first, left to right."""
    i = 0
    while i < len(text):
        closers = CLOSERS.get(text[i])
        if closers is None:
            i += 1
            continue
        line_end = text.find("\n", i)
        line_end = len(text) if line_end < 0 else line_end
        j = next((k for k in range(i + 1, line_end) if text[k] in closers), -1)
        if j < 0:
            i += 1
            continue
        span = _trim(text, i + 1, j)
        if span is not None:
            yield Marked(i, j, span, text[span[0] : span[1]])
        i = j + 1


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The quoted words without surrounding spaces and the comma before the closing mark."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return (start, end) if start < end else None


def _is_speech(doc: Doc, marked: Marked) -> bool:
    """Three words or more that read as speech, not a scare-quoted phrase or a title."""
    if len(WORD.findall(marked.text)) < MIN_WORDS:
        return False
    first = next((c for c in marked.text if c.isalnum()), "")
    if first.isupper() or marked.text.endswith(SENTENCE_END):
        return True
    inside = doc.char_span(*marked.span, alignment_mode="expand")
    return inside is not None and any(t.pos_ in ("VERB", "AUX") for t in inside)


@dataclass(frozen=True)
class _Read:
    """A document's text and sentence bounds, read once: ``Doc.text`` joins every
    token's text on each read, and a quotation's sentences are found by bisection."""

    doc: Doc
    text: str
    sentences: tuple[Span, ...]
    starts: tuple[int, ...]  # each sentence's first character
    ends: tuple[int, ...]  # one past each sentence's last character

    @classmethod
    def of(cls, doc: Doc) -> _Read:
        sentences = tuple(doc.sents) if len(doc) else ()
        starts = tuple(s.start_char for s in sentences)
        ends = tuple(s.end_char for s in sentences)
        return cls(doc, doc.text, sentences, starts, ends)


def _window(read: _Read, marked: Marked) -> Sequence[Span]:
    """The sentences that may attribute the quotation.

    The sentences the quotation touches; the next one when the quotation ends in a
    comma (the parser split '"...," said X.'); the one before when a colon precedes it.
    """
    text, sentences = read.text, read.sentences
    first = bisect_right(read.ends, marked.open)  # the first sentence ending after the open
    last = bisect_right(read.starts, marked.close) - 1  # the last starting by the close
    if first > last:
        return []
    continued = text[marked.span[1] : marked.close].strip() == ","
    if continued and last + 1 < len(sentences) and read.ends[last] <= marked.close + 2:
        last += 1
    before = marked.open  # one past the last character before the quotation, not a space
    while before > 0 and text[before - 1].isspace():
        before -= 1
    if before > 0 and text[before - 1] == ":" and first > 0 and read.starts[first] >= before - 1:
        first -= 1
    return sentences[first : last + 1]


def _outside(token: Token, marked: Marked) -> bool:
    return not marked.open <= token.idx <= marked.close


def _speech_verb(window: Sequence[Span], marked: Marked, lexicon: QuoteLexicon) -> Token | None:
    """The verb of saying outside the quotation and nearest to it."""
    verbs = [
        t
        for sentence in window
        for t in sentence
        if t.lemma_.lower() in lexicon.speech_verbs and t.pos_ == "VERB" and _outside(t, marked)
    ]
    return min(verbs, key=lambda t: _distance(t, marked), default=None)


def _distance(token: Token, marked: Marked) -> int:
    return marked.open - token.idx if token.idx < marked.open else token.idx - marked.close


def _source(
    window: Sequence[Span], marked: Marked, lexicon: QuoteLexicon, verb: Token | None
) -> Token | None:
    """The head word of the speaker: the verb's subject, or the object of "according to"."""
    if verb is not None:
        subject = _subject(verb)
        if subject is not None and _outside(subject, marked):
            return subject
    for sentence in window:
        for token in sentence:
            if not _outside(token, marked):
                continue
            for phrase in lexicon.source_phrases:
                words = tuple(t.lower_ for t in token.doc[token.i : token.i + len(phrase)])
                if words == phrase:
                    last = token.doc[token.i + len(phrase) - 1]
                    objects = [c for c in last.children if c.dep_ == "pobj"]
                    if objects:
                        return objects[0]
    return None


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or the subject of the verb it is coordinated with."""
    for candidate in (verb, verb.head if verb.dep_ == "conj" else None):
        if candidate is None:
            continue
        for child in candidate.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
    return None


def _follows(read: _Read, earlier: Marked, later: Marked) -> bool:
    """Whether a quotation continues the one before it, in the same or the next sentence."""
    if "\n" in read.text[earlier.close : later.open]:
        return False
    between = read.doc.char_span(earlier.close + 1, later.open, alignment_mode="contract")
    return between is None or not any(t.is_sent_start for t in between)


def _resolve(
    source: Token, marked: Marked, findings: Findings, lexicon: QuoteLexicon
) -> str | None:
    """The actor id the speaker's words name, through the mentions found in the text."""
    word = source.lower_
    if word in lexicon.person_pronouns or word in lexicon.group_pronouns:
        return _antecedent(source, marked, findings, lexicon)
    start, end = source.left_edge.idx, source.right_edge.idx + len(source.right_edge.text)
    if start < marked.open < end:  # the subtree swallowed the quotation: keep the head's side
        start, end = (marked.close + 1, end) if source.idx > marked.close else (start, marked.open)
    overlapping = [m for m in findings.mentions if m.span[0] < end and m.span[1] > start]
    if not overlapping:
        return None
    head = source.idx
    on_head = [m for m in overlapping if m.span[0] <= head < m.span[1]]
    return (on_head or sorted(overlapping, key=lambda m: m.span[1]))[-1].actor_id


def _antecedent(
    pronoun: Token, marked: Marked, findings: Findings, lexicon: QuoteLexicon
) -> str | None:
    """The latest mention before the pronoun (or the quotation) of a fitting actor."""
    kinds = {a.id: a.kind for a in findings.actors}
    wanted = {"person"} if pronoun.lower_ in lexicon.person_pronouns else lexicon.group_kinds
    limit = min(pronoun.idx, marked.open)
    earlier: list[Mention] = [
        m for m in findings.mentions if m.span[1] <= limit and kinds.get(m.actor_id) in wanted
    ]
    return max(earlier, key=lambda m: m.span[0]).actor_id if earlier else None


def _when(
    timexes: Sequence[Timex], window: Sequence[Span], marked: Marked, verb: Token | None
) -> When | None:
    """The calendar date the attributing sentences give, outside the quotation.

    The date nearest the verb of saying wins; "now" and other dates with no calendar
    value give no ``when``.
    """
    if not window:
        return None
    start, end = window[0].start_char, window[-1].end_char
    dated = [
        t
        for t in timexes
        if start <= t.span[0]
        and t.span[1] <= end
        and not marked.open <= t.span[0] <= marked.close
        and t.type in CALENDAR_TYPES
    ]
    if not dated:
        return None
    # dossier.time is written in parallel; it is imported only when a date needs converting.
    to_when = importlib.import_module("dossier.time").to_when
    anchor = marked.close if verb is None else verb.idx
    for timex in sorted(dated, key=lambda t: abs(t.span[0] - anchor)):
        when: When | None = to_when(timex)
        if when is not None:
            return when
    return None
