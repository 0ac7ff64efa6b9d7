"""What a rule's normaliser may look at: the text, the anchor, the discourse so far.

``Context`` is immutable; the finder makes a new one (``with_reference``) each time a
calendar date is mentioned, so that anaphoric expressions ("a year earlier", "that
day", "the quarter") resolve against the last date the text spoke of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from dossier.time.dates import Anchor
from dossier.time.lexicon import Lexicon, normal

_SENTENCE_END = re.compile(r"[.!?;]['\"”’)]*\s+(?=[\"“‘'(]*[A-Z0-9])|\n\s*\n")
_WORD = re.compile(r"[\w'’]+")
_REFERENCE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?|-Q([1-4]))?$")


@dataclass(frozen=True)
class Reading:
    """One normalised temporal expression: its span, TIMEX3 type, value and mod."""

    start: int
    end: int
    type: str
    value: str
    mod: str | None = None
    anaphoric: bool = False  # resolved against the last date mentioned, not a new one


@dataclass(frozen=True)
class Context:
    """The text and what a normaliser needs to resolve an expression in it."""

    text: str
    anchor: Anchor | None
    lexicon: Lexicon
    future: re.Pattern[str]
    past: re.Pattern[str]
    doc: Doc | None = None  # the spaCy parse, for the tense of the governing verb
    reference: str | None = None  # value of the last calendar date mentioned

    def with_reference(self, value: str) -> Context:
        return replace(self, reference=value)

    def words_before(self, start: int, count: int = 1) -> list[str]:
        """The ``count`` words before ``start`` in this sentence, lowercased, nearest last."""
        window = self.text[max(0, start - 60) : start]
        cut = max(window.rfind("."), window.rfind("\n"))
        if cut >= 0 and not re.search(r"\b[A-Z][a-z]?\.$", window[: cut + 1]):
            window = window[cut + 1 :]
        return [normal(w) for w in _WORD.findall(window)[-count:]]

    def text_after(self, end: int, size: int = 24) -> str:
        return self.text[end : end + size]

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """Bounds of the sentence around ``start``..``end`` (at most 300 characters off)."""
        left = max(0, start - 300)
        ends = [m.end() for m in _SENTENCE_END.finditer(self.text, left, start)]
        first = ends[-1] if ends else left
        following = _SENTENCE_END.search(self.text, end, end + 300)
        last = following.start() if following else min(len(self.text), end + 300)
        return first, last

    def direction(self, start: int, end: int) -> int:
        """+1 if the nearest tense cue in the sentence is a future one ("will", "is
        expected to"), -1 if it is a past one ("said", "announced", "ago") or there is
        none."""
        return self.tense(start, end) or -1

    def tense(self, start: int, end: int) -> int:
        """+1 (future), -1 (past) or 0 (no cue): the tense of the verb that governs the
        expression when there is a parse, else the tense cue nearest to it."""
        if self.doc is not None:
            found = verb_tense(self.doc, start, end)
            if found:
                return found
        first, last = self.sentence(start, end)
        best: tuple[int, int] | None = None
        for pattern, sign in ((self.future, 1), (self.past, -1)):
            for match in pattern.finditer(self.text, first, start):
                distance = start - match.end()
                if best is None or distance < best[0]:
                    best = (distance, sign)
            following = pattern.search(self.text, end, last)
            if following is not None:
                distance = following.start() - end
                if best is None or distance < best[0]:
                    best = (distance, sign)
        return 0 if best is None else best[1]

    def reference_anchor(self) -> tuple[Anchor, str] | None:
        """The last calendar date mentioned, as an anchor and its precision."""
        if self.reference is None:
            return None
        match = _REFERENCE.match(self.reference)
        if match is None:
            return None
        year, month, day, quarter = match.groups()
        if quarter:
            return Anchor(int(year), (int(quarter) - 1) * 3 + 1), "quarter"
        if day:
            return Anchor(int(year), int(month), int(day)), "day"
        if month:
            return Anchor(int(year), int(month)), "month"
        return Anchor(int(year)), "year"


_FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall", "wo", "would", "'d"})
_FUTURE_GOVERNORS = frozenset(
    {"plan", "expect", "schedule", "intend", "hope", "aim", "want", "set", "due", "prepare"}
)


def verb_tense(doc: Doc, start: int, end: int) -> int:
    """+1 if the verb governing the text at start..end is future ("will meet", "plans
    to leave"), -1 if it is past, 0 if the parse does not tell."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 0
    token = span.root
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return 0
    auxiliaries = [child for child in token.children if child.dep_ in ("aux", "auxpass")]
    if any(aux.lower_ in _FUTURE_AUX for aux in auxiliaries):
        return 1
    if token.tag_ == "VB" and token.head.lemma_ in _FUTURE_GOVERNORS:
        return 1
    if "Past" in token.morph.get("Tense", []) or any(
        "Past" in aux.morph.get("Tense", []) for aux in auxiliaries
    ):
        return -1
    return 0
