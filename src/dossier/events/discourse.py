"""Where an event sits in its document: its time, its place and its contexts.

``Discourse`` holds what one document offers every event: its paragraphs, the timexes
and places of each sentence, and the lemmas of each paragraph. It reads the document
once, when it is built, into indexes by sentence and paragraph, so that what each event
costs does not grow with the length of its document or of its sentence.

Time (``when``), in this order:
1. the timexes of the event's own sentence that attach to it: a timex attaches when
   the path up from it reaches the trigger, its light verb or a clause the trigger
   depends on before any other verb or event word ("In 2015, the government initiated
   an investigation"; not "the 1989 offensive" for another event of the sentence), a
   stated range giving one span ("between January 2015 and August 2016");
2. the discourse: the previous sentences of the paragraph, nearest first, then the
   sentences of the previous paragraph, last first;
3. the publication date (precision ``publication``); without one, an unknown span.

Place (``where``): the place named in the sentence nearest the trigger (places inside
an actor's name do not count); else the city of the document's dateline (a city named
first thing in a paragraph in capitals: "AKRON, Ohio --"); else the document's main
country, with precision ``document``.

Contexts: every PLOVER context whose words occur in the event's paragraph; a context
yields to the narrower ones it lists ("crime" to "illegal_drugs").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dossier import time as timing
from dossier.events.lexicon import ContextRule, Lexicon
from dossier.events.triggers import Trigger
from dossier.records import Document, Findings, PlaceMention, Timex, When, Where

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_UNKNOWN = When(None, None, "unknown")


def paragraph_starts(text: str) -> tuple[int, ...]:
    """Character offsets where paragraphs start: blank lines part them, or single
    newlines when the text has no blank line."""
    pattern = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    return (0, *(m.end() for m in pattern.finditer(text)))


def _root(doc: Doc, span: tuple[int, int]) -> Token | None:
    words = doc.char_span(span[0], span[1], alignment_mode="expand")
    return None if words is None or len(words) == 0 else words.root


def _of_the_present(verb: Token) -> bool:
    """Whether an undated clause speaks of the present: present tense ("the authorities
    scale up") or present perfect ("has opposed"). Such an event runs up to the article's
    date; it does not take the date of an earlier sentence told in the past."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" for a in auxiliaries):
        return False
    finite = auxiliaries[0] if auxiliaries else verb
    return finite.tag_ in ("VBZ", "VBP")


class Discourse:
    """The time, place and context resources of one document."""

    def __init__(
        self,
        doc: Doc,
        document: Document,
        findings: Findings,
        lexicon: Lexicon,
        paragraphs: Sequence[int],
        event_words: Iterable[int],
    ):
        self.doc = doc
        self.document = document
        self.findings = findings
        self.lexicon = lexicon
        self.paragraphs = tuple(paragraphs)
        self.event_words = frozenset(event_words)
        self.text = doc.text  # the Doc joins its tokens' texts on every read of .text
        self.sentences: tuple[Span, ...] = tuple(doc.sents)
        self._sentence_starts = [s.start_char for s in self.sentences]
        self._timexes: list[list[Timex]] = [[] for _ in self.sentences]
        for timex in findings.timexes:
            self._timexes[self.sentence_index(timex.span[0])].append(timex)
        # the word each timex hangs from the parse by, for the paths up to its events
        self._roots = {timex.span: _root(doc, timex.span) for timex in findings.timexes}
        self._dated_before = self._earlier_dated_sentences()
        self._mentions = _Spans(m.span for m in findings.mentions)
        self._places = self._places_by_sentence()
        self._dateline = self._dateline_city()
        self._lemmas = self._paragraph_lemmas()
        self._contexts: dict[int, tuple[str, ...]] = {}

    # -- structure -------------------------------------------------------------------

    def sentence_index(self, offset: int) -> int:
        return max(bisect_right(self._sentence_starts, offset) - 1, 0)

    def paragraph_index(self, offset: int) -> int:
        return max(bisect_right(self.paragraphs, offset) - 1, 0)

    def _window(self, index: int) -> tuple[int, int]:
        sentence = self.sentences[index]
        return sentence.start_char, sentence.end_char

    def _earlier_dated_sentences(self) -> list[tuple[int, When] | None]:
        """For each sentence, the nearest sentence before it whose timexes give a time
        span, with that span (``None`` if no earlier sentence has one)."""
        found: list[tuple[int, When] | None] = []
        last: tuple[int, When] | None = None
        for index, timexes in enumerate(self._timexes):
            found.append(last)
            when = timing.when_for(self.text, timexes, self._window(index)) if timexes else None
            if when is not None:
                last = (index, when)
        return found

    def _paragraph_lemmas(self) -> list[tuple[list[str], list[str]]]:
        words: list[tuple[list[str], list[str]]] = [([], []) for _ in self.paragraphs]
        for token in self.doc:
            if token.is_punct or token.is_space:
                continue
            lemmas, texts = words[self.paragraph_index(token.idx)]
            lemmas.append(token.lemma_.lower())
            texts.append(token.lower_)
        return words

    # -- time ------------------------------------------------------------------------

    def when(self, trigger: Trigger) -> When:
        """The event's time span (see the module docstring)."""
        doc = self.doc
        clause = doc[trigger.clause]
        index = self.sentence_index(clause.idx)
        own = {trigger.token, trigger.clause, *(t.i for t in clause.ancestors)}
        inside = {t.i for t in doc[trigger.token].subtree} if trigger.kind != "verbal" else set()
        attached = [t for t in self._timexes[index] if self._attaches(t, own, inside)]
        window = self._window(index)
        found = timing.when_for(self.text, attached, window)
        if found is not None:
            return self._since(found, attached, own)
        # A date the parse hung on one of the event's own arguments ("rejected the demand
        # on Thursday") still dates the event before any other sentence does.
        within = [t for t in self._timexes[index] if self._on_argument(t, trigger.token)]
        found = timing.when_for(self.text, within, window)
        if found is not None:
            return found
        if _of_the_present(clause):
            return timing.publication_when(self.document.published) or _UNKNOWN
        return (
            self._from_discourse(index)
            or timing.publication_when(self.document.published)
            or _UNKNOWN
        )

    def _since(self, found: When, attached: Sequence[Timex], own: set[int]) -> When:
        """ "since 2009" (or "since coming to power in 2009"): from then to publication."""
        if found.precision == "range" or found.start is None:
            return found
        for timex in attached:
            point = timing.to_when(timex)
            if point is None or point.start != found.start or not self._after_since(timex, own):
                continue
            now = timing.publication_when(self.document.published)
            end = now.end if now is not None else found.end
            text = f"since {timex.text}"
            return When(start=found.start, end=end, precision="range", text=text)
        return found

    def _on_argument(self, timex: Timex, trigger: int) -> bool:
        """Whether a timex hangs on the event's own noun phrases, reaching the trigger
        through nouns and prepositions only (no other verb on the way)."""
        node = self._roots[timex.span]
        if node is None:
            return False
        start = node
        while node.i != trigger:
            if node.i != start.i and node.pos_ in ("VERB", "AUX"):
                return False
            if node.head.i == node.i:
                return False
            node = node.head
        return True

    def _after_since(self, timex: Timex, own: set[int]) -> bool:
        """Whether the path from a timex up to the event passes through "since"."""
        node = self._roots[timex.span]
        while node is not None and node.i not in own and node.head.i != node.i:
            if node.lower_ == "since" or any(
                c.dep_ == "mark" and c.lower_ == "since" for c in node.children
            ):
                return True
            node = node.head
        return False

    def _attaches(self, timex: Timex, own: set[int], inside: set[int]) -> bool:
        """Whether a timex speaks of the event: the path up from it reaches the event's
        own words before another clause or event word. Clauses that only modify the
        event ("since coming to power in 2009", a relative clause inside the event's
        noun phrase) let the path through."""
        node = self._roots[timex.span]
        if node is None:
            return False
        start = node
        while True:
            if node.i in own:
                return True
            if node.i != start.i and node.i in self.event_words:
                return False
            if node.i != start.i and node.pos_ in ("VERB", "AUX"):
                modifier = node.dep_ in ("pcomp", "advcl") or (
                    node.dep_ == "relcl" and node.head.i in inside
                )
                if not modifier:
                    return False
            if node.head.i == node.i:
                return False
            node = node.head

    def habitual(self, trigger: Trigger) -> bool:
        """Whether the event is told as a rate or habit ("killed per day"): a set timex
        (TIMEX3 SET) in its clause."""
        clause = self.doc[trigger.clause]
        own = {trigger.token, clause.i}
        node = clause
        while node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
            node = node.head
            own.add(node.i)
        return any(
            timex.type == "SET" and self._attaches(timex, own, set())
            for timex in self._timexes[self.sentence_index(clause.idx)]
        )

    def _from_discourse(self, index: int) -> When | None:
        """The time span of the nearest earlier sentence that gives one, looking back
        over this paragraph's earlier sentences and then the previous paragraph's."""
        dated = self._dated_before[index]
        if dated is None:
            return None
        earlier, when = dated
        paragraph = self.paragraph_index(self.sentences[index].start_char)
        if self.paragraph_index(self.sentences[earlier].start_char) < paragraph - 1:
            return None
        return when

    # -- place -----------------------------------------------------------------------

    def where(self, trigger: Trigger) -> Where | None:
        """The place of the event (see the module docstring)."""
        anchor = self.doc[trigger.token].idx
        places = self._places[self.sentence_index(anchor)]
        if places:
            nearest = min(
                places, key=lambda p: min(abs(p.span[0] - anchor), abs(p.span[1] - anchor))
            )
            return nearest.where
        return self._dateline or self._country()

    def _places_by_sentence(self) -> list[list[PlaceMention]]:
        """The places of each sentence (wholly inside it), in the findings' order, but
        not those inside an actor's name."""
        places: list[list[PlaceMention]] = [[] for _ in self.sentences]
        for place in self.findings.places:
            index = self.sentence_index(place.span[0])
            start, end = self._window(index)
            if start <= place.span[0] and place.span[1] <= end and not self._inside_mention(place):
                places[index].append(place)
        return places

    def _dateline_city(self) -> Where | None:
        """The city a dateline names: a city opening a paragraph, in capitals."""
        starts = set(self.paragraphs)
        for place in self.findings.places:
            text = self.document.text[place.span[0] : place.span[1]]
            if place.span[0] in starts and place.where.precision == "city" and text.isupper():
                return place.where
        return None

    def _inside_mention(self, place: PlaceMention) -> bool:
        return any(span != place.span for span in self._mentions.covering(place.span))

    def _country(self) -> Where | None:
        country = self.findings.country
        if country is None:
            return None
        place = self.findings.country_place
        name = place.name if place is not None else country
        lat, lon = (place.lat, place.lon) if place is not None else (None, None)
        return Where(name=name, country=country, lat=lat, lon=lon, precision="document")

    # -- contexts --------------------------------------------------------------------

    def contexts(self, trigger: Trigger) -> tuple[str, ...]:
        """The PLOVER contexts of the event's paragraph."""
        index = self.paragraph_index(self.doc[trigger.token].idx)
        if index not in self._contexts:
            lemmas, texts = self._lemmas[index]
            joined = (f" {' '.join(lemmas)} ", f" {' '.join(texts)} ")
            words = _Words(set(lemmas) | set(texts), joined)
            found = [rule for rule in self.lexicon.contexts if _occurs(rule, words)]
            names = {rule.name for rule in found}
            self._contexts[index] = tuple(
                rule.name for rule in found if not any(o in names for o in rule.yields_to)
            )
        return self._contexts[index]


class _Spans:
    """Character spans, sorted, for finding those that cover a given span."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self._spans = sorted(spans)
        self._starts = [start for start, _ in self._spans]
        self._longest = max((end - start for start, end in self._spans), default=0)

    def covering(self, span: tuple[int, int]) -> list[tuple[int, int]]:
        """The spans that hold ``span`` (``span`` itself included, if it is one)."""
        start, end = span
        # A span holding this one starts at or before its start, and no further back
        # than its end minus the longest span's length.
        first = bisect_left(self._starts, end - self._longest)
        last = bisect_right(self._starts, start)
        return [s for s in self._spans[first:last] if end <= s[1]]


@dataclass(frozen=True)
class _Words:
    """A paragraph's words (lemmas and forms) as a set, and joined for phrase search."""

    single: set[str]
    joined: tuple[str, str]


def _occurs(rule: ContextRule, words: _Words) -> bool:
    if rule.words & words.single:
        return True
    return any(
        f" {' '.join(phrase)} " in joined for phrase in rule.phrases for joined in words.joined
    )
