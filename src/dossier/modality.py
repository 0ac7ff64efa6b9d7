"""How an event is reported: negated, hypothetical, future, historical, hedged; and by whom.

``modality_of(trigger, doc, published)`` reads the auxiliary modes of the PLOVER
manual (2.3) off the dependency tree around an event's trigger word, with cue words
from ``data/modality.yaml``:

- negated: a negation on the trigger's own clause or on the verbs it depends on
  through infinitives and objects ("did not meet", "never signed", "no talks took
  place"), a negating governor ("refused to", "denied meeting", "failed to") or
  "without"; a contrast ("far from refusing ...") flips what it introduces, so "far
  from refusing to negotiate" is not a negation of the negotiation;
- hypothetical: a modal (would, could, might, should) in the clause, a condition
  (if, unless, whether) on the clause or on a clause it depends on, a governor of
  possibility ("the possibility of a truce", "proposed talks"), or a question;
- future: will/shall, a governor of intention or schedule ("plans to", "is set to",
  "is due to"), "would" under a verb of saying ("said they would strike"), or an event
  span that starts after publication;
- historical: the event span (``when``) ends ``historical.years`` or more before
  publication;
- hedged: a hedging adverb or modifier on the trigger or its arguments ("reportedly",
  "alleged gang members"), may/might, a governor of belief or appearance ("appear to",
  "suggested that"), or a phrase of doubt in the sentence ("impossible to verify",
  "according to").

``attribution_of(sentence, trigger, findings)`` names who reports the event: the source
of "according to X", the subject of a verb of saying the trigger's clause hangs from
("X said that ...", "as X reported"); an actor's name when a mention covers the source,
else the source's words.

``Modalities(doc, published, findings)`` gives both for the events of one document:
what depends on a whole sentence (whether it asks a question, holds a phrase of doubt,
names sources with "according to") is read once per sentence, and the actors' mentions
are indexed by position once, so an event costs the same however long its sentence and
its document. ``modality_of`` and ``attribution_of`` read one event on its own.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from dossier.errors import ConfigError, Messages
from dossier.nlp import sentence_of
from dossier.records import Findings, Mention, Modality, When

DATA_FILE = "modality.yaml"

# Dependencies along which an event stays inside the clause that carries its modality.
_CLAUSE_UP = frozenset(
    {
        "xcomp",
        "dobj",
        "pobj",
        "pcomp",
        "prep",
        "attr",
        "acomp",
        "oprd",
        "nsubjpass",
        "nsubj",
        "dative",
        "agent",
        "compound",
        "conj",
        "auxpass",
    }
)
# Dependencies that lead to a governing clause (still in scope for conditions and hedges).
_GOVERNED_UP = frozenset({"ccomp", "advcl", "parataxis", "acl", "csubj", "xcomp"})
_CORE = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "dobj",
        "agent",
        "prep",
        "pobj",
        "amod",
        "compound",
        "poss",
        "advmod",
        "nummod",
        "det",
        "dative",
        "conj",
        "appos",
        "attr",
    }
)


def _words(value: Any, what: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{what} must be a list of words")
    return frozenset(v.lower() for v in value)


def _phrases(value: Any, what: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in sorted(_words(value, what)))


@dataclass(frozen=True)
class ModalityCues:
    """The cue words of ``data/modality.yaml``, validated."""

    negation_particles: frozenset[str]
    negation_determiners: frozenset[str]
    negation_governors: frozenset[str]
    negation_prepositions: frozenset[str]
    contrast: tuple[tuple[str, ...], ...]
    modal_auxiliaries: frozenset[str]
    condition_markers: frozenset[str]
    hypothetical_governors: frozenset[str]
    hypothetical_modifiers: frozenset[str]
    hypothetical_determiners: frozenset[str]
    questions: bool
    purpose: bool
    future_auxiliaries: frozenset[str]
    future_governors: frozenset[str]
    reported_future: frozenset[str]
    narrated_future: frozenset[str]
    hedge_adverbs: frozenset[str]
    hedge_modifiers: frozenset[str]
    hedge_auxiliaries: frozenset[str]
    hedge_governors: frozenset[str]
    hedge_phrases: tuple[tuple[str, ...], ...]
    historical_years: int
    speech_verbs: frozenset[str]
    source_prepositions: tuple[tuple[str, ...], ...]

    @classmethod
    def load(cls, path: Path | None = None) -> ModalityCues:
        """Read the cue file (the bundled one by default); a bad file raises E080."""
        where = path or Path(str(resources.files("dossier") / "data" / DATA_FILE))
        try:
            data = yaml.safe_load(where.read_text(encoding="utf-8"))
            return cls._build(data)
        except OSError as exc:
            raise ConfigError(Messages.E080.format(path=where, detail=exc.strerror)) from exc
        except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(Messages.E080.format(path=where, detail=repr(exc))) from exc

    @classmethod
    def _build(cls, data: dict[str, Any]) -> ModalityCues:
        neg, hyp, fut = data["negation"], data["hypothetical"], data["future"]
        hedge, source = data["hedge"], data["attribution"]
        years = int(data["historical"]["years"])
        if years < 1:
            raise ValueError("historical.years must be at least 1")
        return cls(
            negation_particles=_words(neg.get("particles"), "negation.particles"),
            negation_determiners=_words(neg.get("determiners"), "negation.determiners"),
            negation_governors=_words(neg.get("governors"), "negation.governors"),
            negation_prepositions=_words(neg.get("prepositions"), "negation.prepositions"),
            contrast=_phrases(neg.get("contrast"), "negation.contrast"),
            modal_auxiliaries=_words(hyp.get("auxiliaries"), "hypothetical.auxiliaries"),
            condition_markers=_words(hyp.get("markers"), "hypothetical.markers"),
            hypothetical_governors=_words(hyp.get("governors"), "hypothetical.governors"),
            hypothetical_modifiers=_words(hyp.get("modifiers"), "hypothetical.modifiers"),
            hypothetical_determiners=_words(hyp.get("determiners"), "hypothetical.determiners"),
            questions=bool(hyp.get("questions", True)),
            purpose=bool(hyp.get("purpose", True)),
            future_auxiliaries=_words(fut.get("auxiliaries"), "future.auxiliaries"),
            future_governors=_words(fut.get("governors"), "future.governors"),
            reported_future=_words(fut.get("reported_future"), "future.reported_future"),
            narrated_future=_words(fut.get("narrated_future"), "future.narrated_future"),
            hedge_adverbs=_words(hedge.get("adverbs"), "hedge.adverbs"),
            hedge_modifiers=_words(hedge.get("modifiers"), "hedge.modifiers"),
            hedge_auxiliaries=_words(hedge.get("auxiliaries"), "hedge.auxiliaries"),
            hedge_governors=_words(hedge.get("governors"), "hedge.governors"),
            hedge_phrases=_phrases(hedge.get("phrases"), "hedge.phrases"),
            historical_years=years,
            speech_verbs=_words(source.get("speech_verbs"), "attribution.speech_verbs"),
            source_prepositions=_phrases(source.get("prepositions"), "attribution.prepositions"),
        )


@lru_cache(maxsize=1)
def default_cues() -> ModalityCues:
    """The bundled cues, read once per process."""
    return ModalityCues.load()


@dataclass(frozen=True)
class _Step:
    """One token on the way up from a trigger, and how far out of its clause it is."""

    token: Token
    in_clause: bool  # still the trigger's own clause (or an infinitive/object chain of it)
    via: str  # the dependency label of the step that led here ("" for the trigger)


def _steps(trigger: Token) -> Iterator[_Step]:
    """The trigger, then its governors up to the root; stops above a relative clause."""
    node, in_clause, via = trigger, True, ""
    seen: set[int] = set()
    while node.i not in seen:
        seen.add(node.i)
        yield _Step(node, in_clause, via)
        if node.dep_ in ("relcl", "ROOT") or node.head.i == node.i:
            return
        if (
            node.dep_ in _GOVERNED_UP
            and node.dep_ != "xcomp"
            or node.dep_ not in _CLAUSE_UP
            and node.dep_ != "xcomp"
        ):
            in_clause = False
        via = node.dep_
        node = node.head


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _children(token: Token, deps: frozenset[str] | set[str]) -> Iterator[Token]:
    return (c for c in token.children if c.dep_ in deps)


def _phrase_before(doc: Doc, i: int, phrase: tuple[str, ...]) -> bool:
    """Whether ``phrase`` (lower-case words) ends right before token ``i``."""
    start = i - len(phrase)
    if start < 0:
        return False
    return tuple(t.lower_ for t in doc[start:i]) == phrase


def _contains_any(span: Span, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether one of ``phrases`` occurs in ``span``, as its words or as their lemmas."""
    words = [t.lower_ for t in span]
    lemmas = [_lemma(t) for t in span]
    grams = {
        tuple(seq[i : i + n])
        for n in {len(phrase) for phrase in phrases}
        for seq in (words, lemmas)
        for i in range(len(seq) - n + 1)
    }
    return any(phrase in grams for phrase in phrases)


def _named_sources(sentence: Span, cues: ModalityCues) -> tuple[int, ...]:
    """The sources a sentence names with "according to" and the like, as token indices."""
    doc = sentence.doc
    longest = max((len(phrase) for phrase in cues.source_prepositions), default=1)
    # a phrase may start in the sentence and run on past its end
    words = [t.lower_ for t in doc[sentence.start : sentence.end + longest - 1]]
    found: list[int] = []
    for at, token in enumerate(sentence):
        for phrase in cues.source_prepositions:
            if tuple(words[at : at + len(phrase)]) != phrase:
                continue
            last = doc[token.i + len(phrase) - 1]
            found.extend(
                s.i for obj in last.children if obj.dep_ in ("pobj", "dobj") for s in _sources(obj)
            )
    return tuple(found)


@dataclass(frozen=True)
class _Sentence:
    """What modality and attribution read off a whole sentence, whichever its event."""

    question: bool  # it ends with a question mark
    doubt: bool  # a phrase of doubt occurs in it ("impossible to verify")
    sources: tuple[int, ...]  # the sources it names with "according to" and the like

    @classmethod
    def read(cls, sentence: Span, cues: ModalityCues) -> _Sentence:
        return cls(
            question=sentence.text.rstrip().endswith("?"),
            doubt=_contains_any(sentence, cues.hedge_phrases),
            sources=_named_sources(sentence, cues),
        )


def _negated(trigger: Token, doc: Doc, cues: ModalityCues) -> bool:
    flips = 0
    for step in _steps(trigger):
        token = step.token
        if step.in_clause:
            flips += sum(
                1 for c in _children(token, {"neg"}) if _lemma(c) in cues.negation_particles
            )
            flips += sum(
                1 for c in _children(token, {"det"}) if c.lower_ in cues.negation_determiners
            )
            if token.dep_ in ("pcomp", "pobj") and _lemma(token.head) in cues.negation_prepositions:
                flips += 1
        if token.i != trigger.i and _lemma(token) in cues.negation_governors:
            flips += 1
        if token.dep_ in ("pcomp", "pobj") and any(
            _phrase_before(doc, token.left_edge.i, phrase) for phrase in cues.contrast
        ):
            flips += 1
        if not step.in_clause and token.dep_ not in ("xcomp", "pcomp", "pobj", "prep", "advmod"):
            break
    return flips % 2 == 1


def _reported(step_token: Token, cues: ModalityCues) -> bool:
    """Whether a clause hangs (as an object clause) from a verb of saying."""
    node = step_token
    while node.dep_ in ("ccomp", "xcomp", "conj") and node.head.i != node.i:
        node = node.head
        if _lemma(node) in cues.reported_future:
            return True
    return False


def _conditional(token: Token, cues: ModalityCues) -> bool:
    if any(_lemma(c) in cues.condition_markers for c in _children(token, {"mark"})):
        return True
    for clause in _children(token, {"advcl"}):
        if any(_lemma(c) in ("if", "unless") for c in _children(clause, {"mark"})):
            return True
    return False


def _purpose(token: Token) -> bool:
    """An infinitive of purpose: "... to allow elections", "a rally to protest ..."."""
    return token.dep_ in ("advcl", "relcl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children
    )


def _hypothetical(trigger: Token, cues: ModalityCues, question: bool) -> tuple[bool, bool]:
    """(hypothetical, future-in-the-past): "would" under a verb of saying is the latter.
    ``question``: whether the trigger's sentence is a question."""
    hypothetical = reported_future = False
    if cues.questions and question:
        hypothetical = True
    if any(_lemma(c) in cues.hypothetical_modifiers for c in _children(trigger, {"amod"})):
        hypothetical = True
    if any(c.lower_ in cues.hypothetical_determiners for c in _children(trigger, {"det"})):
        hypothetical = True
    for step in _steps(trigger):
        token = step.token
        if _conditional(token, cues):
            hypothetical = True
        if cues.purpose and step.in_clause and _purpose(token):
            hypothetical = True
        if (
            token.i != trigger.i
            and _lemma(token) in cues.hypothetical_governors
            and (step.in_clause or step.via in ("xcomp", "ccomp", "acl"))
        ):
            hypothetical = True
        if step.in_clause:
            for aux in _children(token, {"aux"}):
                if _lemma(aux) in cues.modal_auxiliaries:
                    if _lemma(aux) == "would" and _lemma(token) in cues.narrated_future:
                        continue  # "what would turn out to be": the future seen from the past
                    if _lemma(aux) == "would" and _reported(token, cues):
                        reported_future = True
                    else:
                        hypothetical = True
    return hypothetical, reported_future


def _future(trigger: Token, cues: ModalityCues) -> bool:
    for step in _steps(trigger):
        token = step.token
        if not step.in_clause:
            break
        if any(_lemma(c) in cues.future_auxiliaries for c in _children(token, {"aux"})):
            return True
        governs = token.i != trigger.i and _lemma(token) in cues.future_governors
        if governs and (_lemma(token) != "go" or token.tag_ == "VBG"):  # "going to"
            return True
    return any(
        _lemma(c) in {"upcoming", "forthcoming", "next"} for c in _children(trigger, {"amod"})
    )


def _core(trigger: Token) -> Iterator[Token]:
    """The trigger's own words and its arguments, without the clauses hanging from them."""
    stack = [trigger]
    while stack:
        token = stack.pop()
        yield token
        stack.extend(c for c in token.children if c.dep_ in _CORE)


def _hedged(trigger: Token, cues: ModalityCues, doubt: bool) -> bool:
    """``doubt``: whether the trigger's sentence holds a phrase of doubt."""
    if doubt:
        return True
    for token in _core(trigger):
        if token.dep_ in ("amod", "advmod", "acl") and (
            _lemma(token) in cues.hedge_modifiers or token.lower_ in cues.hedge_modifiers
        ):
            return True
        if token.lower_ in cues.hedge_adverbs:
            return True
    for step in _steps(trigger):
        token = step.token
        if any(c.lower_ in cues.hedge_adverbs for c in _children(token, {"advmod"})):
            return True
        if step.in_clause and any(
            _lemma(c) in cues.hedge_auxiliaries for c in _children(token, {"aux"})
        ):
            return True
        if (
            token.i != trigger.i
            and _lemma(token) in cues.hedge_governors
            and step.via in ("xcomp", "ccomp", "advcl", "conj", "")
        ):
            return True
    return False


def _iso(value: str | None, *, last: bool) -> date | None:
    """A date from a full or partial ISO string ("2016", "2016-11", "2016-11-03")."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if last else 1)
        day = int(parts[2]) if len(parts) > 2 else (28 if last else 1)
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def _historical(when: When | None, published: str | None, cues: ModalityCues) -> bool:
    if when is None or when.precision in ("publication", "unknown"):
        return False
    end, now = _iso(when.end or when.start, last=True), _iso(published, last=False)
    if end is None or now is None:
        return False
    return (now - end).days > 365 * cues.historical_years


def _after_publication(when: When | None, published: str | None) -> bool:
    if when is None or when.precision in ("publication", "unknown"):
        return False
    start, now = _iso(when.start, last=False), _iso(published, last=True)
    return start is not None and now is not None and start > now


def modality_of(
    trigger: Token,
    doc: Doc,
    published: str | None,
    *,
    when: When | None = None,
    cues: ModalityCues | None = None,
) -> Modality:
    """The auxiliary modes of the event ``trigger`` announces (see the module docstring).

    ``when`` is the event's time span if known: it decides ``historical`` and marks as
    future an event that starts after ``published``.
    """
    cues = cues or default_cues()
    return _modality(
        trigger, doc, published, when, cues, _Sentence.read(sentence_of(trigger), cues)
    )


def _modality(
    trigger: Token,
    doc: Doc,
    published: str | None,
    when: When | None,
    cues: ModalityCues,
    sentence: _Sentence,
) -> Modality:
    hypothetical, reported_future = _hypothetical(trigger, cues, sentence.question)
    return Modality(
        negated=_negated(trigger, doc, cues),
        hypothetical=hypothetical,
        future=reported_future or _future(trigger, cues) or _after_publication(when, published),
        historical=_historical(when, published, cues),
        hedged=_hedged(trigger, cues, sentence.doubt),
    )


class _Names:
    """The actors' names, and their mentions indexed by position, for naming sources."""

    def __init__(self, findings: Findings):
        self.names = {a.id: a.name for a in findings.actors}
        people = {a.id for a in findings.actors if a.kind == "person"}
        mentions = self._mentions = findings.mentions
        # (start, position in the findings) and (end, position) of the person mentions
        self._starts = sorted((m.span[0], k) for k, m in enumerate(mentions))
        self._longest = max((m.span[1] - m.span[0] for m in mentions), default=0)
        self._person_ends = sorted(
            (m.span[1], k) for k, m in enumerate(mentions) if m.actor_id in people
        )

    def overlapping(self, start: int, end: int) -> Mention | None:
        """The first mention, in the findings' order, that overlaps ``start..end``."""
        # One that ends after ``start`` starts after ``start`` minus the longest length.
        first = bisect_right(self._starts, (start - self._longest, len(self._mentions)))
        last = bisect_left(self._starts, (end, -1))
        hits = [k for _, k in self._starts[first:last] if start < self._mentions[k].span[1]]
        return self._mentions[min(hits)] if hits else None

    def last_person_before(self, start: int) -> Mention | None:
        """The mention of a person that ends last at or before ``start`` (the first in
        the findings' order of those that end there)."""
        ends = self._person_ends
        place = bisect_right(ends, (start, len(self._mentions)))
        if place == 0:
            return None
        first = bisect_left(ends, (ends[place - 1][0], -1))
        return self._mentions[ends[first][1]]


def _name(token: Token, names: _Names) -> str:
    """An actor's name when a mention covers the source's head, else the source's words."""
    start, end = token.idx, token.idx + len(token.text)
    mention = names.overlapping(start, end)
    if mention is not None:
        return names.names.get(mention.actor_id, mention.text)
    if token.pos_ == "PRON" and _lemma(token) in ("he", "she"):
        last = names.last_person_before(start)
        if last is not None:
            return names.names.get(last.actor_id, last.text)
    words = [t for t in token.subtree if t.dep_ not in ("relcl", "acl", "appos", "punct")]
    first = min(t.i for t in words)
    last_i = max(t.i for t in words)
    doc = token.doc
    if last_i - first > 8:
        first, last_i = token.left_edge.i, token.i
    text = doc[first : last_i + 1].text
    return text[4:] if text.lower().startswith("the ") else text


def _sources(token: Token) -> list[Token]:
    heads = [token]
    heads.extend(c for c in token.children if c.dep_ == "conj")
    return heads


def attribution_of(sentence: Span, trigger: Token, findings: Findings) -> tuple[str, ...]:
    """Who the text says reports the event (see the module docstring); may be empty."""
    cues = default_cues()
    return _attribution(trigger, _named_sources(sentence, cues), _Names(findings), cues)


def _attribution(
    trigger: Token, named: tuple[int, ...], names: _Names, cues: ModalityCues
) -> tuple[str, ...]:
    """The sources ``named`` in the trigger's sentence ("according to"), then those of
    the verbs of saying it hangs from, by name, each once."""
    doc = trigger.doc
    found: list[Token] = [doc[i] for i in named]
    node, clause_dep = trigger, ""
    while True:
        if (
            clause_dep in ("ccomp", "parataxis", "conj", "xcomp")
            and _lemma(node) in cues.speech_verbs
        ):
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            agents = [p for a in node.children if a.dep_ == "agent" for p in a.children]
            for subject in subjects if not any(s.dep_ == "nsubjpass" for s in subjects) else agents:
                if subject.dep_ != "expl" and _lemma(subject) != "it":
                    found.extend(_sources(subject))
        for clause in node.children:
            if (
                clause.dep_ == "advcl"
                and _lemma(clause) in cues.speech_verbs
                and any(
                    m.lower_ == "as"
                    for m in clause.children
                    if m.dep_ in ("mark", "prep", "advmod")
                )
            ):
                found.extend(s for c in clause.children if c.dep_ == "nsubj" for s in _sources(c))
        if node.head.i == node.i:
            break
        clause_dep, node = node.dep_, node.head
    sources: list[str] = []
    for token in found:
        name = _name(token, names)
        if name and name not in sources:
            sources.append(name)
    return tuple(sources)


class Modalities:
    """The modality and attribution of the events of one parsed document (see the
    module docstring): what a sentence tells every event in it is read once."""

    def __init__(
        self,
        doc: Doc,
        published: str | None,
        findings: Findings,
        cues: ModalityCues | None = None,
    ):
        self.doc = doc
        self.published = published
        self.cues = cues or default_cues()
        self._names = _Names(findings)
        self._sentences: tuple[Span, ...] = tuple(doc.sents)
        self._starts = [sentence.start for sentence in self._sentences]
        self._read: dict[int, _Sentence] = {}

    def _sentence(self, token: Token) -> _Sentence:
        index = bisect_right(self._starts, token.i) - 1
        if index not in self._read:
            self._read[index] = _Sentence.read(self._sentences[index], self.cues)
        return self._read[index]

    def modality(self, trigger: Token, *, when: When | None = None) -> Modality:
        """``modality_of(trigger, doc, published, when=when)``."""
        sentence = self._sentence(trigger)
        return _modality(trigger, self.doc, self.published, when, self.cues, sentence)

    def attribution(self, trigger: Token) -> tuple[str, ...]:
        """``attribution_of(the trigger's sentence, trigger, findings)``."""
        return _attribution(trigger, self._sentence(trigger).sources, self._names, self.cues)
