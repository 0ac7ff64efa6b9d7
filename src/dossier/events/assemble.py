"""Coding events: from triggers and their arguments to ``Event`` records.

``code_events(doc, document, findings, lexicon)`` finds the triggers of a parsed
document, reads each one's actor and recipient, and builds one ``Event`` per trigger
that stands as an event of its own:

- type and mode: the trigger's sense; a request, rejection or threat takes its mode
  from the event it is about ("rejected negotiations": REJECT:meet); a promise of
  violence is a threat ("vowed to crush the gangs"); cooperative events under words of
  intention ("was willing to provide") or told in the future are AGREE, announced
  retreats CONCEDE, and violence announced in the future by its own actor THREATEN
  (PLOVER manual 3.1, 3.4, 2.3); an act promised under a condition is a threat ("will
  withdraw its force unless ..."); an actor's negated agreement, aid or concession is a
  rejection ("will not accept", "failed to reach agreement"); an assault's mode may
  come from its weapon words;
- actor and recipient: actor ids of the argument words; a trigger without a recipient
  of its own takes it from the event it is about; an event with neither actor nor
  recipient is dropped (except a named operation), as is a death tied to no violence;
- time, place and contexts from ``discourse``; modality and attribution from
  ``dossier.modality``;
- figures: killed, injured and arrested counts (of the kinds the type allows) and money
  that sit in the trigger's clause, the lowest when several compete (ACLED);
- confidence, in [0, 1]: the sense's strength, weighed by how the arguments were found
  (``PATH_WEIGHT``) and by how complete the frame is (actor, recipient).

Duplicates are then merged and ids given (``dedupe``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from dossier.events.arguments import Arguments, arguments_of, doer
from dossier.events.dedupe import merge_events, number
from dossier.events.discourse import Discourse, paragraph_starts
from dossier.events.lexicon import Lexicon
from dossier.events.mentions import Mentions
from dossier.events.triggers import Trigger, TriggerSet, find_triggers
from dossier.modality import attribution_of, default_cues, modality_of
from dossier.nlp import sentence_of
from dossier.records import Document, Event, Evidence, Findings, Modality, Money, When

# How much the way the arguments were read is trusted.
PATH_WEIGHT = {
    "active": 1.0,
    "passive": 1.0,
    "light": 0.95,
    "victim": 0.9,
    "agentless": 0.85,
    "nominal": 0.85,
    "named": 0.8,
}
_COOPERATIVE_CHAIN = frozenset({"xcomp", "acomp", "ccomp"})


@dataclass(frozen=True)
class _Coding:
    """The type and mode an event ends up with, after its content and modality."""

    type: str
    mode: str | None
    modality: Modality


@dataclass(frozen=True)
class _Parties:
    actors: tuple[str, ...]
    recipients: tuple[str, ...]


class _Coder:
    """Builds the events of one document."""

    def __init__(self, doc: Doc, document: Document, findings: Findings, lexicon: Lexicon):
        self.doc = doc
        self.document = document
        self.findings = findings
        self.lexicon = lexicon
        paragraphs = paragraph_starts(document.text)
        self.mentions = Mentions(doc, findings, lexicon.syntax, paragraphs)
        self.found: TriggerSet = find_triggers(doc, lexicon, self.mentions)
        self.discourse = Discourse(
            doc, document, findings, lexicon, paragraphs, self.found.candidates
        )

    def events(self) -> list[Event]:
        drafts = [e for t in self.found.events() if (e := self.event(t)) is not None]
        return number(merge_events(drafts), self.document.id)

    # -- parties ---------------------------------------------------------------------

    def ids(self, tokens: tuple[int, ...], exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
        found: list[str] = []
        for i in tokens:
            for actor in self.mentions.actors_for(self.doc[i], exclude=exclude):
                if actor not in found:
                    found.append(actor)
        return tuple(found)

    def parties(self, arguments: Arguments) -> _Parties:
        actors = self.ids(arguments.actors)
        recipients = tuple(
            r for r in self.ids(arguments.recipients, exclude=actors) if r not in actors
        )
        sides = self.ids(arguments.sides)
        if sides and actors:
            recipients = tuple(dict.fromkeys((*recipients, *(s for s in sides if s not in actors))))
        elif sides:
            actors = tuple(dict.fromkeys((*actors, *sides)))
            recipients = (
                tuple(dict.fromkeys((*recipients, *sides))) if len(sides) > 1 else recipients
            )
        return _Parties(actors, recipients)

    def generic(self, trigger: Trigger, arguments: Arguments) -> bool:
        """An event whose participants name no known actor is still kept when it is a
        named operation or a verb whose subject or object is a common noun for people
        ("Prisoners rioted at a jail")."""
        if trigger.kind == "named":
            return True
        if trigger.kind not in ("verbal", "light"):
            return False
        people = self.lexicon.syntax.generic_people
        heads = [self.doc[i] for i in (*arguments.actors, *arguments.recipients)]
        return any(h.lemma_.lower() in people and h.pos_ == "NOUN" for h in heads)

    def inherited(self, parties: _Parties, content: Trigger | None) -> _Parties:
        """A trigger with no recipient takes one from the event it is about."""
        if parties.recipients or content is None:
            return parties
        inner = self.parties(arguments_of(content, self.doc, self.lexicon))
        others = tuple(a for a in inner.actors if a not in parties.actors)
        if not others:
            others = tuple(r for r in inner.recipients if r not in parties.actors)
        return _Parties(parties.actors, others)

    # -- type and mode ---------------------------------------------------------------

    def governor(self, trigger: Trigger, words: frozenset[str]) -> Token | None:
        """A governing word from ``words`` above the trigger's clause ("willing to")."""
        node = self.doc[trigger.clause]
        for _ in range(3):
            infinitive = node.dep_ == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in node.children
            )
            if (node.dep_ not in _COOPERATIVE_CHAIN and not infinitive) or node.head.i == node.i:
                return None
            node = node.head
            if node.lemma_.lower() in words:
                return node
        return None

    def coding(
        self, trigger: Trigger, content: Trigger | None, modality: Modality, parties: _Parties
    ) -> _Coding:
        syntax = self.lexicon.syntax
        kind, mode = trigger.sense.type, trigger.mode
        lemma = self.doc[trigger.token].lemma_.lower()
        if content is not None:
            inner, inner_mode = content.sense.type, content.mode
            if kind == "AGREE" and lemma in syntax.threat_governors:
                threat = syntax.threat_mode(inner, inner_mode)
                if threat is not None:
                    kind, mode = "THREATEN", threat
            if mode is None and kind == "THREATEN":
                mode = syntax.threat_mode(inner, inner_mode)
            if mode is None:
                mode = syntax.content_mode(kind, inner)
            if mode is None and inner == kind:
                mode = inner_mode
        if self.governor(trigger, syntax.threat_governors) is not None:
            threat = syntax.threat_mode(kind, mode)
            if threat is not None:
                kind, mode = "THREATEN", threat
        if self.governor(trigger, syntax.intention_governors) is not None:
            promised = syntax.future_type(kind)
            if promised is not None:
                kind, mode = promised, None
        refused = (
            modality.negated
            and syntax.negated_type(kind) is not None
            and bool(parties.actors)  # "X will not accept", not "no deal was struck"
        )
        if refused:
            kind, mode = str(syntax.negated_type(kind)), None  # "will not accept": REJECT
            if content is not None:
                mode = syntax.content_mode(kind, content.sense.type)
            modality = replace(modality, negated=False)
        unsure = modality.future or modality.hypothetical or modality.hedged
        threat = syntax.threat_mode(kind, mode)
        conditional = not refused and not modality.negated and self.conditional(trigger)
        if unsure and conditional and threat is not None:
            kind, mode = "THREATEN", threat  # "will withdraw its force unless ..."
            modality = replace(modality, future=False, hypothetical=False)
        elif modality.future and not modality.negated:
            promised = syntax.future_type(kind)
            if promised is not None:
                kind, mode = promised, None
                modality = replace(modality, future=False)
            elif (
                threat is not None
                and kind in syntax.announced_threat_types
                and self.announced_by_actor(trigger, parties)
            ):
                kind, mode = "THREATEN", threat
                modality = replace(modality, future=False)
        if mode is None:
            mode = self.weapon_mode(kind, trigger)
        if mode is not None and not self.lexicon.type(kind).has_mode(mode):
            mode = None
        return _Coding(kind, mode, modality)

    def conditional(self, trigger: Trigger) -> bool:
        """Whether the trigger's clause carries an "unless"/"if" condition."""
        clause = self.doc[trigger.clause]
        for child in clause.children:
            if child.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in child.children
            ):
                return True
        return False

    def announced_by_actor(self, trigger: Trigger, parties: _Parties) -> bool:
        """Whether the trigger's clause is what its own actor says it will do."""
        speech = default_cues().speech_verbs
        node = self.doc[trigger.clause]
        while node.dep_ in ("ccomp", "xcomp", "conj") and node.head.i != node.i:
            node = node.head
            if node.lemma_.lower() in speech:
                speakers = self.ids(tuple(t.i for t in doer(node, self.lexicon)))
                return bool(set(speakers) & set(parties.actors))
        return False

    def weapon_mode(self, kind: str, trigger: Trigger) -> str | None:
        cues = self.lexicon.syntax.cues_for(kind)
        if not cues:
            return None
        clause = self.doc[trigger.clause]
        words = sorted(clause.subtree, key=lambda t: t.i)
        lemmas = [t.lemma_.lower() for t in words]
        texts = [t.lower_ for t in words]
        for mode, phrases in cues:
            for phrase in phrases:
                n = len(phrase)
                for seq in (lemmas, texts):
                    if any(tuple(seq[i : i + n]) == phrase for i in range(len(seq) - n + 1)):
                        return mode
        return None

    # -- figures ---------------------------------------------------------------------

    def region(self, trigger: Trigger) -> set[int]:
        """Tokens whose numbers belong to the event: its clause minus other events'."""
        head = self.doc[trigger.clause]
        if trigger.kind == "nominal" and head.dep_ in ("nsubj", "nsubjpass"):
            verb = head.head
            if verb.i not in self.found.candidates:
                head = verb
        elif head.dep_ == "relcl":
            head = head.head  # "$10 million, which would be provided by ..."
        region = {t.i for t in head.subtree}
        for other in self.found.events():
            if other.token != trigger.token and other.clause in region and other.clause != head.i:
                region -= {t.i for t in self.doc[other.clause].subtree}
        return region

    def figures(
        self, trigger: Trigger, kind: str, recipients: tuple[int, ...]
    ) -> tuple[dict[str, int], Money | None]:
        allowed = self.lexicon.type(kind).figures
        region = self.region(trigger)
        victims = {t.i for r in recipients for t in self.doc[r].subtree}
        counts: dict[str, list[float]] = {}
        money: list[Money] = []
        for quantity in self.findings.quantities:
            words = self.doc.char_span(quantity.span[0], quantity.span[1], alignment_mode="expand")
            if words is None or len(words) == 0 or words[0].i not in region:
                continue
            if quantity.kind in ("killed", "injured", "arrested") and quantity.kind in allowed:
                counts.setdefault(quantity.kind, []).append(quantity.value)
            elif (
                quantity.kind == "count"
                and trigger.sense.counts in allowed
                and (words[0].i in victims)
            ):
                counts.setdefault(str(trigger.sense.counts), []).append(quantity.value)
            elif quantity.kind == "money" and quantity.currency:
                money.append(Money(quantity.value, quantity.currency))
        lowest = {k: int(min(v)) for k, v in counts.items()}
        counted = trigger.sense.counts
        if counted in allowed and counted not in lowest and self.single_people(recipients):
            lowest[str(counted)] = len(recipients)  # "a man was shot and killed": one
        return lowest, (min(money, key=lambda m: m.amount) if money else None)

    def single_people(self, heads: tuple[int, ...]) -> bool:
        """Whether every victim is one named person or one person by a singular noun."""
        people = self.lexicon.syntax.single_persons
        return bool(heads) and all(
            self.doc[i].ent_type_ == "PERSON"
            or (self.doc[i].tag_ == "NN" and self.doc[i].lemma_.lower() in people)
            for i in heads
        )

    # -- the event -------------------------------------------------------------------

    def confidence(self, trigger: Trigger, arguments: Arguments, parties: _Parties) -> float:
        weight = PATH_WEIGHT.get(arguments.path, 0.8)
        complete = 0.55 + 0.3 * bool(parties.actors) + 0.15 * bool(parties.recipients)
        value = trigger.sense.strength * weight * complete
        return round(min(max(value, 0.05), 1.0), 3)

    def event(self, trigger: Trigger) -> Event | None:
        doc = self.doc
        arguments = arguments_of(trigger, doc, self.lexicon)
        if arguments.path == "victim" and not arguments.cause:
            return None
        contents = self.found.contents(trigger)
        content = contents[0] if contents else None
        parties = self.inherited(self.parties(arguments), content)
        if trigger.sense.requires_recipient and not parties.recipients:
            return None
        if not parties.actors and not parties.recipients and not self.generic(trigger, arguments):
            return None
        if self.discourse.habitual(trigger):
            return None
        token = doc[trigger.token]
        when: When = self.discourse.when(trigger)
        modality = modality_of(token, doc, self.document.published, when=when)
        coding = self.coding(trigger, content, modality, parties)
        counts, money = self.figures(trigger, coding.type, arguments.recipients)
        sentence = sentence_of(token)
        words = [doc[i] for i in trigger.words]
        return Event(
            id="",
            type=coding.type,
            mode=coding.mode,
            context=self.discourse.contexts(trigger),
            actor=parties.actors,
            recipient=parties.recipients,
            when=when,
            where=self.discourse.where(trigger),
            killed=counts.get("killed"),
            injured=counts.get("injured"),
            arrested=counts.get("arrested"),
            money=money,
            modality=coding.modality,
            attribution=attribution_of(sentence, token, self.findings),
            evidence=Evidence(
                sentence=(sentence.start_char, sentence.end_char),
                trigger=(words[0].idx, words[-1].idx + len(words[-1].text)),
            ),
            confidence=self.confidence(trigger, arguments, parties),
        )


def code_events(doc: Doc, document: Document, findings: Findings, lexicon: Lexicon) -> list[Event]:
    """The PLOVER events of one parsed document, merged and numbered in text order."""
    return _Coder(doc, document, findings, lexicon).events()
