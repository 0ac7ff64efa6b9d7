"""Coding events: from triggers and their arguments to ``Event`` records.

``code_events(doc, document, findings, lexicon, quotes)`` finds the triggers of a parsed
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
  of its own takes it from the event it is about; an act of violence with no victim
  takes the one the text identifies ("identified the victim as ...", see
  ``mentions.Mentions.victim``), unless it is told of many ("555 children have been
  killed"); whoever does violence to themselves ("shot himself") is also its
  recipient; a pronoun in a quotation is never its speaker (``quotes`` from the
  pipeline, else found here); an event with
  neither actor nor recipient is dropped (except a named operation, one whose
  participants are common nouns for people, and one that counts its dead or wounded
  outside a tally over a long period), as is a death tied to no violence;
- time, place and contexts from ``discourse``; modality and attribution from
  ``dossier.modality``;
- figures: killed, injured and arrested counts (of the kinds the type allows) and money
  that sit in the trigger's clause, the lowest when several compete (ACLED); with no
  number, victims who are one person each are counted ("a man was shot": one wounded),
  as the killed when the wounding is told as fatal ("fatally shot", "shot and
  killed"); a wounded count read so is dropped when the document tells of a killing
  whose victim may be the same person (``settle_wounded``);
- confidence, in [0, 1]: the sense's strength, weighed by how the arguments were found
  (``PATH_WEIGHT``) and by how complete the frame is (actor, recipient).

Duplicates are then merged and ids given (``dedupe``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Token

from dossier import limits
from dossier.events.arguments import Arguments, Tree, arguments_of, doer
from dossier.events.dedupe import merge_events, number
from dossier.events.discourse import Discourse, paragraph_starts
from dossier.events.lexicon import Lexicon
from dossier.events.mentions import Mentions
from dossier.events.triggers import Trigger, TriggerSet, find_triggers
from dossier.modality import Modalities, default_cues
from dossier.quotes import find_quotes
from dossier.records import (
    Document,
    Event,
    Evidence,
    Findings,
    Modality,
    Money,
    Quote,
    When,
)

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
OCCASIONS = frozenset({"after", "following", "in", "during"})  # "dead after a shooting"
TALLY_SPANS = frozenset({"year", "decade", "century"})
TALLY_DAYS = 31
OPEN_SPANS = frozenset({"since"})
_ATTEMPTS = frozenset({"attempt", "attempted", "try"})  # "attempted murder", "tried to kill"


@dataclass(frozen=True)
class _Coding:
    """The type and mode an event ends up with, after its content and modality."""

    type: str
    mode: str | None
    modality: Modality


@dataclass(frozen=True)
class CodedEvent:
    """A coded event and the count, if any, read from its victims rather than a number."""

    event: Event
    implied: str | None = None
    killing: bool = False  # its victims are the killed ("the murder of X"), counted or not


@dataclass(frozen=True)
class _Parties:
    actors: tuple[str, ...]
    recipients: tuple[str, ...]


class _Coder:
    """Builds the events of one document."""

    def __init__(
        self,
        doc: Doc,
        document: Document,
        findings: Findings,
        lexicon: Lexicon,
        quotes: Sequence[Quote],
    ):
        self.doc = doc
        self.document = document
        self.findings = findings
        self.lexicon = lexicon
        paragraphs = paragraph_starts(document.text)
        self.mentions = Mentions(doc, findings, lexicon.syntax, paragraphs, quotes)
        self.found: TriggerSet = find_triggers(doc, lexicon, self.mentions)
        self.discourse = Discourse(
            doc, document, findings, lexicon, paragraphs, self.found.candidates
        )
        self.modalities = Modalities(doc, document.published, findings)
        self.tree = Tree(doc)  # each word's children, read once for the arguments
        self.weapon_modes: dict[tuple[str, int], str | None] = {}  # (type, clause)

    def events(self) -> list[Event]:
        drafts = [d for t in self.found.events() if (d := self.event(t)) is not None]
        events = settle_wounded(drafts, self.mentions.kinds)
        return number(merge_events(events), self.document.id)

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
        if any(_reflexive(self.doc[i]) for i in arguments.recipients):
            # "Bothel then shot himself": the person who did it is also who suffered it
            kinds = self.mentions.kinds
            recipients = (*recipients, *(a for a in actors if kinds.get(a) == "person"))
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

    def victim_of_story(
        self, trigger: Trigger, parties: _Parties, arguments: Arguments
    ) -> _Parties:
        """An act of violence told with no victim ("a fatal shooting") has the victim the
        text identifies by name ("police identified the victim as Ana Ruiz"); one told of
        many people ("555 children have been killed") does not, unless the text names as
        many people it says died or were hurt as the act counts ("two women were fatally
        shot ... A and B were pronounced dead")."""
        if parties.recipients or trigger.sense.type not in self.lexicon.syntax.victim_types:
            return parties
        if any(self.doc[i].tag_ in ("NNS", "NNPS") for i in arguments.recipients):
            counts, _, _ = self.figures(trigger, trigger.sense.type, arguments.recipients)
            named = self.mentions.casualties - set(parties.actors)
            if len(named) >= 2 and len(named) == counts.get(str(self.counted(trigger))):
                return _Parties(parties.actors, tuple(sorted(named)))
            return parties
        victim = self.mentions.victim()
        if victim is None or victim in parties.actors:
            return parties
        return _Parties(parties.actors, (victim,))

    def casualties(self, trigger: Trigger, arguments: Arguments) -> bool:
        """Whether an event with no known participants counts its dead or wounded ("Two
        people are dead after a shooting"): that is worth recording too."""
        counts, _, _ = self.figures(trigger, trigger.sense.type, arguments.recipients)
        return bool(counts.get("killed") or counts.get("injured"))

    def inherited(self, parties: _Parties, content: Trigger | None) -> _Parties:
        """A trigger with no recipient takes one from the event it is about."""
        if parties.recipients or content is None:
            return parties
        inner = self.parties(arguments_of(content, self.tree, self.lexicon))
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
                speakers = self.ids(tuple(t.i for t in doer(node, self.tree, self.lexicon)))
                return bool(set(speakers) & set(parties.actors))
        return False

    def weapon_mode(self, kind: str, trigger: Trigger) -> str | None:
        """The mode a cue phrase in the trigger's clause names, read once per type and
        clause (the events of one long clause share it)."""
        key = (kind, trigger.clause)
        if key not in self.weapon_modes:
            self.weapon_modes[key] = self._weapon_mode(kind, trigger.clause)
        return self.weapon_modes[key]

    def _weapon_mode(self, kind: str, clause_token: int) -> str | None:
        cues = self.lexicon.syntax.cues_for(kind)
        if not cues:
            return None
        clause = self.doc[clause_token]
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
        """Tokens whose numbers belong to the event: its clause minus other events'. A
        noun event that is the subject of its clause, or the occasion of it ("Two people
        are dead after a shooting"), counts the numbers of that clause."""
        head = self.doc[trigger.clause]
        occasion = (
            head.dep_ == "pobj"
            and head.head.lower_ in OCCASIONS
            and head.head.head.pos_ in ("VERB", "AUX")
        )
        if trigger.kind == "nominal" and (head.dep_ in ("nsubj", "nsubjpass") or occasion):
            verb = head.head.head if occasion else head.head
            if verb.i not in self.found.candidates:
                head = verb
        elif head.dep_ == "relcl":
            head = head.head  # "$10 million, which would be provided by ..."
        region = {t.i for t in head.subtree}
        # the other events' clauses inside it, read from its words, not from a scan of
        # every event of the document; a clause inside another one goes with it
        inside = [
            clause
            for clause in region
            if clause != head.i and any(t != trigger.token for t in self.found.told_in(clause))
        ]
        for clause in inside:
            if clause in region:
                region -= {t.i for t in self.doc[clause].subtree}
        return region

    def figures(
        self, trigger: Trigger, kind: str, recipients: tuple[int, ...]
    ) -> tuple[dict[str, int], Money | None, str | None]:
        """The counts and money in the trigger's clause, and which count (if any) was
        read from the victims themselves rather than from a number."""
        allowed = self.lexicon.type(kind).figures
        counted = self.counted(trigger)
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
            elif quantity.kind == "count" and counted in allowed and (words[0].i in victims):
                counts.setdefault(str(counted), []).append(quantity.value)
            elif quantity.kind == "money" and quantity.currency:
                money.append(Money(quantity.value, quantity.currency))
        lowest = {k: int(min(v)) for k, v in counts.items()}
        implied = None
        if counted in allowed and counted not in lowest and self.single_people(recipients):
            lowest[str(counted)] = len(self.victims(recipients))  # "a man was shot": one
            implied = counted
        return lowest, (min(money, key=lambda m: m.amount) if money else None), implied

    def counted(self, trigger: Trigger) -> str | None:
        """The figure the trigger's victims give: its sense's, the killed for a wounding
        told as fatal ("fatally shot", "shot to death", "shot and killed"), none for an
        act only attempted ("attempted murder")."""
        counted = trigger.sense.counts
        if _tried(self.doc[trigger.token]):
            return None  # "the attempted murder of X": X may be unhurt
        if counted == "injured" and self.fatal(self.doc[trigger.token]):
            return "killed"
        return counted

    def fatal(self, verb: Token) -> bool:
        """Whether a wounding word is told as fatal: a fatal word on it ("fatally",
        "to death", "dead", "a fatal shooting", "shooting death"), or a killing or death
        verb coordinated with it."""
        words = self.lexicon.syntax.fatal_words
        if verb.dep_ == "compound" and verb.head.lower_ in words:  # "shooting death"
            return True
        for child in verb.children:
            if child.lower_ in words and child.dep_ != "conj":
                return True
            if child.dep_ in ("prep", "dobj") and any(o.lower_ in words for o in child.children):
                return True  # "shot to death", "suffered fatal wounds"
        partners = [c for c in verb.children if c.dep_ == "conj"]
        if verb.dep_ == "conj":
            partners.append(verb.head)
        return any(self.kills(p) for p in partners)

    def kills(self, token: Token) -> bool:
        """Whether a word is a trigger whose victims are the killed ("killed", "died")."""
        lemma = token.lemma_.lower()
        return token.i in self.found.candidates and any(
            p.sense.counts == "killed" and p.words == (lemma,)
            for p in self.lexicon.verb_patterns(lemma)
        )

    def victims(self, heads: tuple[int, ...]) -> list[Token]:
        """The recipient words that may be people: not things or places ("shot on the
        porch"): names, pronouns, actors' words and common nouns for people."""
        syntax = self.lexicon.syntax
        people = syntax.single_persons | syntax.generic_people
        found: list[Token] = []
        seen: set[tuple[str, ...]] = set()
        for token in (self.doc[i] for i in heads):
            if not (
                token.pos_ in ("PROPN", "PRON")
                or token.ent_type_ == "PERSON"
                or token.lemma_.lower() in people
                or self.mentions.covered(token)
            ):
                continue
            actors = self.mentions.at(token)
            if actors and actors in seen:
                continue  # two words of one name ("Hawkins Sr.") are one victim
            seen.add(actors)
            found.append(token)
        return found

    def single_people(self, heads: tuple[int, ...]) -> bool:
        """Whether every victim is one person: named ("Ana Ruiz", or a word that stands
        for one person actor), a singular noun for a person ("a teenager") or a
        personal pronoun ("shot him")."""
        victims = self.victims(heads)
        return bool(victims) and all(self.one_person(t) for t in victims)

    def one_person(self, token: Token) -> bool:
        syntax = self.lexicon.syntax
        if token.ent_type_ == "PERSON":
            return True
        if token.tag_ == "NN" and token.lemma_.lower() in syntax.single_persons:
            return True
        if token.tag_ in ("PRP", "PRP$"):
            return token.lower_ in syntax.person_pronouns
        if token.tag_ in ("NNS", "NNPS"):
            return False
        found = self.mentions.actors_for(token)
        return len(found) == 1 and self.mentions.kinds.get(found[0]) == "person"

    # -- the event -------------------------------------------------------------------

    def confidence(self, trigger: Trigger, arguments: Arguments, parties: _Parties) -> float:
        weight = PATH_WEIGHT.get(arguments.path, 0.8)
        complete = 0.55 + 0.3 * bool(parties.actors) + 0.15 * bool(parties.recipients)
        value = trigger.sense.strength * weight * complete
        return round(min(max(value, 0.05), 1.0), 3)

    def event(self, trigger: Trigger) -> CodedEvent | None:
        limits.check()  # a trigger can cost time in proportion to its sentence's length
        doc = self.doc
        arguments = arguments_of(trigger, self.tree, self.lexicon)
        if arguments.path == "victim" and not arguments.cause:
            return None
        contents = self.found.contents(trigger)
        content = contents[0] if contents else None
        parties = self.victim_of_story(
            trigger, self.inherited(self.parties(arguments), content), arguments
        )
        if trigger.sense.requires_recipient and not parties.recipients:
            return None
        when: When = self.discourse.when(trigger)
        unknown = not parties.actors and not parties.recipients
        if (
            unknown
            and not self.generic(trigger, arguments)
            and (tally_span(when) or not self.casualties(trigger, arguments))
        ):
            return None  # "the 22 homicides in 2014": a tally over a period, no event
        if self.discourse.habitual(trigger):
            return None
        token = doc[trigger.token]
        modality = self.modalities.modality(token, when=when)
        coding = self.coding(trigger, content, modality, parties)
        counts, money, implied = self.figures(trigger, coding.type, arguments.recipients)
        sentence = self.discourse.sentences[self.discourse.sentence_index(token.idx)]
        words = [doc[i] for i in trigger.words]
        event = Event(
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
            attribution=self.modalities.attribution(token),
            evidence=Evidence(
                sentence=(sentence.start_char, sentence.end_char),
                trigger=(words[0].idx, words[-1].idx + len(words[-1].text)),
            ),
            confidence=self.confidence(trigger, arguments, parties),
        )
        return CodedEvent(event, implied, self.counted(trigger) == "killed")


def tally_span(when: When) -> bool:
    """Whether a time is long enough that numbers told over it are tallies, not one
    event's toll ("in 2014", "since December 2012"): a year or more, over a month, or a
    span that runs from a date up to now ("since")."""
    if when.precision in TALLY_SPANS:
        return True
    if when.text and when.text.split()[0].lower() in OPEN_SPANS:
        return True
    if when.precision != "range" or not when.start or not when.end:
        return False
    try:
        start, end = date.fromisoformat(when.start[:10]), date.fromisoformat(when.end[:10])
    except ValueError:
        return False
    return (end - start).days > TALLY_DAYS


def _tried(token: Token) -> bool:
    """An act only attempted: "attempted murder", "tried to kill", "an attempt to kill"."""
    if any(c.lemma_.lower() in _ATTEMPTS for c in token.children if c.dep_ in ("amod", "aux")):
        return True
    return token.dep_ in ("xcomp", "acl") and token.head.lemma_.lower() in _ATTEMPTS


def _reflexive(token: Token) -> bool:
    """ "himself", "herself", "themselves": the clause's own subject."""
    return token.tag_ == "PRP" and token.lower_.endswith(("self", "selves"))


def settle_wounded(drafts: Sequence[CodedEvent], kinds: Mapping[str, str]) -> list[Event]:
    """The events, without the wounded counted from victims who are the killed.

    "A man was shot ... he died" tells one victim twice: the shooting counts him wounded
    (no number given: one victim), the death killed. A wounded count read from the
    victims is dropped when the document tells of a killing, unless every killing names
    its victims and every one of the wounded is a named person not among them. A killing
    told with no number ("the murder of Ana Ruiz"), neither denied nor only possible nor
    attempted, makes its victims the killed: a wounded count read from them is dropped."""
    killed = [d.event for d in drafts if d.event.killed]
    murdered = {
        actor
        for d in drafts
        if d.killing and not d.event.modality.negated and not d.event.modality.hypothetical
        for actor in d.event.recipient
    }
    dead = {actor for event in killed for actor in event.recipient}
    known = all(event.recipient for event in killed)
    events = []
    for draft in drafts:
        event = draft.event
        if draft.implied == "injured" and event.recipient and set(event.recipient) <= murdered:
            event = replace(event, injured=None)
        elif draft.implied == "injured" and killed:
            apart = (
                known
                and bool(event.recipient)
                and all(kinds.get(r) == "person" and r not in dead for r in event.recipient)
            )
            if not apart:
                event = replace(event, injured=None)
        events.append(event)
    return events


def code_events(
    doc: Doc,
    document: Document,
    findings: Findings,
    lexicon: Lexicon,
    quotes: Sequence[Quote] | None = None,
) -> list[Event]:
    """The PLOVER events of one parsed document, merged and numbered in text order.
    ``quotes`` are the document's quotations (``quotes.find_quotes``), found here when
    not given: a pronoun in a quotation never stands for its speaker."""
    said = find_quotes(doc, findings, None) if quotes is None else quotes
    return _Coder(doc, document, findings, lexicon, said).events()
