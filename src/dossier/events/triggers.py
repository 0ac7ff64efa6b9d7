"""Finding event triggers: the verbs, event nouns and named operations that announce events.

``find_triggers(doc, lexicon, mentions)`` reads each sentence and returns a
``TriggerSet``:

- verbal triggers: a verb whose lemma (with its particle or preposition: "call for",
  "round up") is in the lexicon; when a verb has several senses, the one whose object
  constraint the sentence satisfies wins ("deploy troops" is MOBILIZE, "lift the
  curfew" is CONCEDE), an unconstrained sense otherwise;
- light-verb triggers: an event noun that is the object of a light verb ("held
  negotiations", "launched an offensive", "carried out an attack", "a new wave of
  crackdowns"): the noun decides the type, the verb carries the actor;
- nominal triggers: an event noun on its own ("the government's crackdown on gangs",
  "a truce between the gangs"); a noun that only modifies another noun ("truce
  talks"), points back at an event already told ("that truce"), is part of a name
  ("Security Council"), is the subject of a story ("the story of the offensive"), or
  needs a light verb it lacks ("expressed support" but not "with the support of") is
  not a trigger;
- named operations ("Operation Check", "Operación Jaque");
- obligations in reported speech ("X said Y must ..."): a request by X of Y.

A trigger inside the content of another ("rejected the possibility of restarting
negotiations", "negotiated a truce", "died during confrontations with ...") is not an
event of its own: ``content_of`` maps it to the trigger whose content it is, which
takes its mode and, when it has none of its own, its recipient from it. Violence
someone is accused or arrested for ("charged with murder") stands on its own too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from dossier.events.lexicon import ACTOR_OBJECT, MONEY_OBJECT, NO_OBJECT, Lexicon, Pattern, Sense
from dossier.events.mentions import Mentions

# Dependencies that keep a word inside the content of the trigger above it.
_CONTENT_DEPS = frozenset(
    {
        "xcomp",
        "ccomp",
        "dobj",
        "pobj",
        "pcomp",
        "prep",
        "acl",
        "attr",
        "oprd",
        "nsubjpass",
        "dative",
        "acomp",
        "agent",
        "appos",
    }
)
_PARTICLE_DEPS = frozenset(
    {
        "prt",
        "prep",
        "advmod",
        "dobj",
        "pobj",
        "acomp",
        "oprd",
        "compound:prt",
        "npadvmod",
        "amod",
        "dep",
        "xcomp",
        "attr",
    }
)
_SECOND_PARTICLE_DEPS = _PARTICLE_DEPS | {"mark"}  # "pushing hard for the US to support"
_PARTICLE_SOURCES = frozenset({"prt", "prep", "advmod", "advcl"})  # "take into custody"
# Particles that may follow the object ("forced the agency out", "rounded them up").
_MOVABLE_PARTICLES = frozenset({"out", "up", "down", "off", "away", "back", "over", "aside", "at"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
# Verbal acts a document can perform ("the report alleged ..."), unlike material ones.
_SPEECH_TYPES = frozenset({"AGREE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’", "«", "»", "(", ")"})


@dataclass(frozen=True)
class Trigger:
    """A word (or words) that announces an event, with the sense it carries."""

    token: int  # the event word: the verb, or the event noun's head
    sense: Sense
    words: tuple[int, ...]  # the tokens that spell it, for the evidence span
    kind: str  # verbal | light | nominal | named
    governor: int | None = None  # the light verb of a light-verb trigger
    mode: str | None = None

    @property
    def clause(self) -> int:
        """The token whose clause the event is told in (the light verb, else the trigger)."""
        return self.token if self.governor is None else self.governor


@dataclass(frozen=True)
class TriggerSet:
    """The triggers of a document, in text order, and which ones are another's content."""

    triggers: tuple[Trigger, ...]
    content_of: tuple[tuple[int, int], ...] = ()  # (content trigger token, parent token)
    candidates: frozenset[int] = frozenset()  # every event word seen, kept or not

    def events(self) -> Iterator[Trigger]:
        """The triggers that stand as events of their own."""
        return iter(self._events)

    def contents(self, trigger: Trigger) -> list[Trigger]:
        """The triggers in ``trigger``'s content, nearest first."""
        found = self._contents.get(trigger.token, ())
        return sorted(found, key=lambda t: abs(t.token - trigger.token))

    def told_in(self, clause: int) -> tuple[int, ...]:
        """The tokens of the events (``events()``) told in the clause of token ``clause``."""
        return self._told_in.get(clause, ())

    @cached_property
    def _told_in(self) -> dict[int, tuple[int, ...]]:
        found: dict[int, list[int]] = {}
        for trigger in self._events:
            found.setdefault(trigger.clause, []).append(trigger.token)
        return {clause: tuple(tokens) for clause, tokens in found.items()}

    @cached_property
    def _events(self) -> tuple[Trigger, ...]:
        inside = {child for child, _ in self.content_of}
        return tuple(t for t in self.triggers if t.token not in inside)

    @cached_property
    def _contents(self) -> dict[int, list[Trigger]]:
        """Each parent token's content triggers, in text order."""
        parents: dict[int, set[int]] = {}
        for child, parent in self.content_of:
            parents.setdefault(child, set()).add(parent)
        found: dict[int, list[Trigger]] = {}
        for trigger in self.triggers:
            for parent in parents.get(trigger.token, ()):
                found.setdefault(parent, []).append(trigger)
        return found


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def verb_object(verb: Token, lexicon: Lexicon) -> Token | None:
    """The thing a verb acts on: its object, the subject of its passive, the noun a
    passive participle describes, the antecedent of a relative object."""
    for child in verb.children:
        if child.dep_ == "dobj":
            if _lemma(child) in lexicon.syntax.relative_pronouns and verb.dep_ == "relcl":
                return verb.head
            return child
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            if _lemma(child) in lexicon.syntax.relative_pronouns and verb.dep_ == "relcl":
                return verb.head
            return child
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if passive and verb.dep_ == "conj":  # "... were arrested and released by ..."
        shared = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        return shared[0] if shared else None
    return None


def object_words(obj: Token | None, lexicon: Lexicon) -> set[str]:
    """Lemmas (and compound phrases) an object constraint is checked against."""
    if obj is None:
        return set()
    words: set[str] = set()
    heads = [obj, *(c for c in obj.children if c.dep_ == "conj")]
    if obj.dep_ == "pobj" and obj.head.lower_ == "of" and obj.head.head.pos_ == "NOUN":
        heads.append(obj.head.head)  # "an investment of $10 million, which ..."
    for prep in obj.children:  # "lifted a state of emergency"
        if prep.dep_ == "prep" and prep.lower_ == "of":
            words.update(f"{_lemma(obj)} of {_lemma(p)}" for p in prep.children if p.dep_ == "pobj")
    for head in heads:
        if head.ent_type_ == "MONEY" or any(c.tag_ == "$" for c in head.subtree):
            words.add(MONEY_OBJECT)
        for token in _through_containers(head, lexicon):
            words.add(_lemma(token))
            modifiers = [
                c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i
            ]
            if modifiers:
                words.add(" ".join(_lemma(c) for c in modifiers[-1:]) + " " + _lemma(token))
    return words


def _through_containers(token: Token, lexicon: Lexicon, depth: int = 2) -> Iterator[Token]:
    """The token, and the "of" objects of container nouns ("a wave of crackdowns")."""
    yield token
    if depth == 0 or _lemma(token) not in lexicon.syntax.containers:
        return
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    yield from _through_containers(obj, lexicon, depth - 1)


def _near(verb: Token) -> list[Token]:
    """Tokens that may complete a verb phrase: its children and grandchildren."""
    near = [c for c in verb.children if c.dep_ in _PARTICLE_DEPS]
    sources = [c for c in verb.children if c.dep_ in _PARTICLE_SOURCES]
    near.extend(g for c in sources for g in c.children if g.dep_ in _SECOND_PARTICLE_DEPS)
    near.extend(c for c in verb.children if c.dep_ == "advmod" and c.i < verb.i)
    return sorted(near, key=lambda t: t.i)


def _verb_words(verb: Token, pattern: Pattern, lemma: str) -> tuple[int, ...] | None:
    """The tokens that spell ``pattern`` around ``verb``, or None if it does not match."""
    if lemma not in pattern.words:
        return None
    where = pattern.words.index(lemma)
    near = _near(verb)
    found = [verb.i]
    for offset, word in enumerate(pattern.words):
        if offset == where:
            continue
        side = [t for t in near if (t.i < verb.i) == (offset < where) and t.i not in found]
        match = next((t for t in side if t.lower_ == word or _lemma(t) == word), None)
        if match is None:
            return None
        far = abs(match.i - verb.i) > 3  # "called for", not "called X into Y for"
        if far and match.dep_ in ("prep", "mark") and word not in _MOVABLE_PARTICLES:
            return None
        found.append(match.i)
    return tuple(sorted(found))


def _constraint(sense: Sense, words: set[str], obj: Token | None, is_actor: bool) -> float | None:
    """How well an object fits a sense: None if it rules the sense out, higher is better."""
    if words & sense.not_objects:
        return None
    if not sense.objects:
        return 0.5
    if words & sense.objects:
        return 2.0
    if ACTOR_OBJECT in sense.objects and is_actor:
        return 1.5
    if NO_OBJECT in sense.objects and obj is None:
        return 1.0
    return None


@dataclass(frozen=True)
class _VerbChoice:
    trigger: Trigger
    fit: float


def verb_lemma(verb: Token, lexicon: Lexicon) -> str:
    """The verb's lemma, or its regular base form when the tagger's lemma is not in the
    lexicon ("readied" is sometimes lemmatised "readie")."""
    lemma = _lemma(verb)
    if lexicon.verb_patterns(lemma) or not verb.lower_.endswith("ied"):
        return lemma
    return verb.lower_[:-3] + "y"


def _choose_verb(verb: Token, lexicon: Lexicon, mentions: Mentions) -> _VerbChoice | None:
    obj = verb_object(verb, lexicon)
    words = object_words(obj, lexicon)
    is_actor = obj is not None and bool(mentions.actors_for(obj))
    best: _VerbChoice | None = None
    lemma = verb_lemma(verb, lexicon)
    for pattern in lexicon.verb_patterns(lemma):
        spelled = _verb_words(verb, pattern, lemma)
        if spelled is None:
            continue
        fit = _constraint(pattern.sense, words, obj, is_actor)
        if fit is None:
            continue
        fit += len(pattern.words) - 1
        if best is None or fit > best.fit:
            mode = pattern.sense.mode
            for name, lemmas in pattern.sense.object_modes:
                if words & lemmas:
                    mode = name
                    break
            trigger = Trigger(verb.i, pattern.sense, spelled, "verbal", mode=mode)
            best = _VerbChoice(trigger, fit)
    return best


def _obligation(verb: Token, lexicon: Lexicon) -> _VerbChoice | None:
    """ "X said that Y must ...": a request by X (the clause under it is its content)."""
    duty = lexicon.syntax.obligation
    if _lemma(verb) not in duty.speech_verbs:
        return None
    for clause in verb.children:
        if clause.dep_ not in ("ccomp", "xcomp"):
            continue
        for aux in clause.children:
            if aux.dep_ == "aux" and _lemma(aux) in duty.auxiliaries:
                trigger = Trigger(verb.i, duty.sense, (verb.i,), "verbal", mode=None)
                return _VerbChoice(trigger, 0.5)
    return None


def _noun_match(doc: Doc, start: int, pattern: Pattern, end: int) -> tuple[int, ...] | None:
    found: list[int] = []
    i = start
    for word in pattern.words:
        while i < end and doc[i].text in ("-", "–"):
            i += 1
        if i >= end or (doc[i].lower_ != word and _lemma(doc[i]) != word):
            return None
        found.append(i)
        i += 1
    return tuple(found)


def _head_of(doc: Doc, indices: Sequence[int]) -> Token:
    inside = set(indices)
    for i in indices:
        if doc[i].head.i not in inside or doc[i].head.i == i:
            return doc[i]
    return doc[indices[-1]]


def _non_event(doc: Doc, start: int, lexicon: Lexicon, end: int) -> int | None:
    """The last token of a phrase that names no event ("press release"), if one starts here."""
    first = doc[start]
    starts = lexicon.syntax.non_event_starts
    if first.lower_ not in starts and _lemma(first) not in starts:
        return None
    for words in lexicon.syntax.non_events:
        i, ok = start, True
        for word in words:
            while i < end and doc[i].text in ("-", "–"):
                i += 1
            if i >= end or (doc[i].lower_ != word and _lemma(doc[i]) != word):
                ok = False
                break
            i += 1
        if ok:
            return i - 1
    return None


def _nominal_candidates(sentence: Span, lexicon: Lexicon) -> Iterator[Trigger]:
    doc, i = sentence.doc, sentence.start
    while i < sentence.end:
        token = doc[i]
        skip = _non_event(doc, i, lexicon, sentence.end)
        if skip is not None:
            i = skip + 1
            continue
        matched = False
        for pattern in lexicon.noun_patterns(_lemma(token)) or lexicon.noun_patterns(token.lower_):
            spelled = _noun_match(doc, i, pattern, sentence.end)
            if spelled is None:
                continue
            head = _head_of(doc, spelled)
            if head.pos_ != "NOUN" or head.ent_type_ in ("DATE", "TIME"):
                continue
            yield Trigger(head.i, pattern.sense, spelled, "nominal", mode=pattern.sense.mode)
            i = spelled[-1] + 1
            matched = True
            break
        if not matched:
            i += 1


def _named_operations(sentence: Span, lexicon: Lexicon) -> Iterator[Trigger]:
    named = lexicon.syntax.named_operations
    doc = sentence.doc
    for token in sentence:
        if token.lower_ not in named.words or not token.text[:1].isupper():
            continue
        j = token.i + 1
        while j < sentence.end and doc[j].text in _QUOTES:
            j += 1
        name = []
        while (
            j < sentence.end
            and doc[j].text[:1].isupper()
            and doc[j].pos_ in ("PROPN", "NOUN", "ADJ")
        ):
            name.append(j)
            j += 1
        if not name:
            continue
        sense = named.sense
        yield Trigger(token.i, sense, (token.i, *name), "named", mode=sense.mode)


def _light_verb(verb: Token, lexicon: Lexicon) -> tuple[int, ...] | None:
    """The tokens of the light-verb phrase ``verb`` heads ("carry out"), if any."""
    lemma = _lemma(verb)
    for words in lexicon.syntax.light_verbs:
        if words[0] != lemma:
            continue
        if len(words) == 1:
            return (verb.i,)
        found = [verb.i]
        near = _near(verb)
        for word in words[1:]:
            match = next((t for t in near if t.lower_ == word or _lemma(t) == word), None)
            if match is None:
                break
            found.append(match.i)
        else:
            return tuple(found)
    return None


def _light_objects(verb: Token, phrase: tuple[int, ...], lexicon: Lexicon) -> Iterator[Token]:
    """The nouns a light verb makes into events: its object (through containers)."""
    doc = verb.doc
    heads: list[Token] = []
    preps = [doc[i] for i in phrase[1:] if doc[i].dep_ == "prep"]
    if preps:
        heads.extend(c for c in preps[-1].children if c.dep_ == "pobj")
    else:
        obj = verb_object(verb, lexicon)
        if obj is not None and obj.i != verb.head.i:
            heads.append(obj)
    for head in heads:
        for token in [head, *(c for c in head.children if c.dep_ == "conj")]:
            yield from _through_containers(token, lexicon)


def _is_story(token: Token, lexicon: Lexicon) -> bool:
    story = lexicon.syntax.story_nouns
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in ("of", "about") and _lemma(head.head) in story:
        return True
    return token.dep_ in ("compound", "poss") and _lemma(head) in story


def _keep_nominal(trigger: Trigger, doc: Doc, lexicon: Lexicon, mentions: Mentions) -> bool:
    head = doc[trigger.token]
    if trigger.kind == "light":
        return True
    if trigger.sense.light_only:
        return False
    if any(
        c.dep_ == "det" and c.lower_ in lexicon.syntax.anaphoric_determiners for c in head.children
    ):
        return False
    if head.dep_ == "compound" and head.head.pos_ in _NOUN_POS:
        return False
    if _is_story(head, lexicon):
        return False
    return not (mentions.covered(head) and (head.pos_ == "PROPN" or head.text[:1].isupper()))


def _keep_verbal(trigger: Trigger, doc: Doc, lexicon: Lexicon, mentions: Mentions) -> bool:
    """A verb is no event when it modifies a noun ("the wounded men"), is part of a
    name, or has a recording for subject ("the video captured gang members meeting")."""
    verb = doc[trigger.token]
    if verb.dep_ == "amod" or mentions.covered(verb) or verb.pos_ != "VERB":
        return False
    syntax = lexicon.syntax
    if trigger.sense.type in _SPEECH_TYPES:  # "the report accused the police"
        return True
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        if _lemma(subject) in syntax.relative_pronouns and verb.dep_ == "relcl":
            subject = verb.head
        if _lemma(subject) in syntax.story_nouns:
            return False
    return True


def find_triggers(doc: Doc, lexicon: Lexicon, mentions: Mentions) -> TriggerSet:
    """Every trigger in ``doc`` (see the module docstring)."""
    nominal: dict[int, Trigger] = {}
    verbal: dict[int, _VerbChoice] = {}
    named: list[Trigger] = []
    for sentence in doc.sents:
        for trigger in _nominal_candidates(sentence, lexicon):
            nominal[trigger.token] = trigger
        named.extend(_named_operations(sentence, lexicon))
        for token in sentence:
            if token.pos_ == "VERB":
                choice = _choose_verb(token, lexicon, mentions) or _obligation(token, lexicon)
                if choice is not None:
                    verbal[token.i] = choice
    _apply_light_verbs(doc, lexicon, nominal, verbal)
    candidates = frozenset(nominal) | frozenset(verbal)
    kept = [t for t in nominal.values() if _keep_nominal(t, doc, lexicon, mentions)]
    kept.extend(
        c.trigger for c in verbal.values() if _keep_verbal(c.trigger, doc, lexicon, mentions)
    )
    named_tokens = {i for t in named for i in t.words}
    kept = [t for t in kept if t.token not in named_tokens]
    kept.extend(named)
    kept.sort(key=lambda t: t.token)
    return TriggerSet(tuple(kept), _contents(doc, kept, lexicon), candidates)


def _apply_light_verbs(
    doc: Doc, lexicon: Lexicon, nominal: dict[int, Trigger], verbal: dict[int, _VerbChoice]
) -> None:
    """Turn event nouns under light verbs into light-verb triggers (in place)."""
    for verb in (t for t in doc if t.pos_ in ("VERB", "AUX")):
        phrase = _light_verb(verb, lexicon)
        if phrase is None:
            continue
        choice = verbal.get(verb.i)
        if choice is not None and choice.fit >= 1.5:
            continue  # "declare a truce": the verb's own constrained sense wins
        for noun in _light_objects(verb, phrase, lexicon):
            found = nominal.get(noun.i)
            if found is None:
                continue
            words = tuple(sorted({*found.words, *phrase}))
            nominal[noun.i] = Trigger(found.token, found.sense, words, "light", verb.i, found.mode)
            verbal.pop(verb.i, None)
    for index, found in list(nominal.items()):
        noun = doc[index]
        for child in noun.children:
            if (
                child.dep_ in ("compound", "amod")
                and child.pos_ == "VERB"
                and _light_verb(child, lexicon)
            ):
                nominal[index] = Trigger(
                    found.token,
                    found.sense,
                    tuple(sorted({*found.words, child.i})),
                    "light",
                    child.i,
                    found.mode,
                )


def _contents(
    doc: Doc, triggers: Sequence[Trigger], lexicon: Lexicon
) -> tuple[tuple[int, int], ...]:
    """Which trigger each trigger's words are the content of, if any. Violence a person
    is accused or arrested for stands as an event of its own: the charge disputes who
    did it, not that it happened ("X was charged with murder")."""
    accusations = lexicon.syntax.accusation_verbs
    owner: dict[int, int] = {}
    for trigger in triggers:
        owner[trigger.token] = trigger.token
        if trigger.governor is not None:
            owner[trigger.governor] = trigger.token
    pairs: dict[int, int] = {}
    for trigger in triggers:
        node = doc[trigger.clause]
        while _inside_content(node) and node.head.i != node.i:
            node = node.head
            parent = owner.get(node.i)
            if parent is not None and parent != trigger.token:
                accused = _lemma(doc[parent]) in accusations
                if not (accused and trigger.sense.type == "ASSAULT"):
                    pairs[trigger.token] = parent
                break
    for trigger in triggers:  # "accused X of violating ... and ignoring ..."
        node = doc[trigger.clause]
        if trigger.token not in pairs and node.dep_ == "conj":
            sibling = owner.get(node.head.i)
            if sibling is not None and sibling in pairs:
                pairs[trigger.token] = pairs[sibling]
    return tuple(pairs.items())


def _inside_content(node: Token) -> bool:
    """Whether a word is part of what the word above it is about: its object or
    complement, or an infinitive of purpose ("cancelled talks to protest ...")."""
    if node.dep_ in _CONTENT_DEPS:
        return True
    return node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
