"""Who did it and to whom: the actor and recipient words of a trigger, from the parse.

``arguments_of(trigger, tree, lexicon)`` returns the head words of the actor and of the
recipient (``Arguments``); ``mentions.Mentions`` then turns them into actor ids. ``tree``
is the document's ``Tree``, built once per document: every look at a word's children
goes through it.

Verbs. The active subject is the actor; the object, and the objects of the frame's
prepositions ("met with X", "launched ... against X", "appealed to X"), are the
recipient. In the passive the "by" phrase is the actor and the subject the recipient;
an agentless passive has no actor. A verb with no subject of its own takes it from the
verb it depends on: an infinitive from its governor ("began to negotiate"), or from
the governor's object after verbs like "urge" and "show" ("urged the gangs to
negotiate"); a coordinated verb from the first ("met X and signed ..."); a relative
clause from the noun it describes ("the gangs, which negotiated ..."); a participle from
its noun ("officials holding talks", "members killed by police"). Coordinated subjects
and objects are all kept ("X and Y met", "arrested A and B").

A verb under an accusation takes the accused as its doer ("X is accused of killing
Y"): the alleged doer, as event data records alleged perpetrators.

A participle after a verb of finding is the state its subject was found in ("found X
shot to death"): X is the recipient, and no actor is named.

Victim-subject verbs ("X died during confrontations with security forces") take the
subject as recipient and the "with/by" phrase, on the verb or inside the episode it
happened in, as actor. "along with Y" on a victim-subject or passive verb ("X was killed
along with Y") adds Y to the recipients.

Nouns. The light verb's subject is the actor ("X held talks with Y"); else the
possessor, a modifier that names an actor ("the government offensive"), whoever is
accused of it ("X was charged with murder", "arrested X in the shooting"), a "by"
phrase or an "of" phrase, as the sense says; the recipient comes from the frame's
prepositions on the noun or its light verb, the possessor or "of" phrase when the sense
says so ("Mijango's arrest", "the arrest of Mijango"). "between X and Y" names both
sides: they are actors and recipients unless a separate actor is named, then they are
the recipients.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, HEAD
from spacy.tokens import Doc, Token

from dossier.events.lexicon import Lexicon
from dossier.events.triggers import Trigger

_SUBJECTS = frozenset({"nsubj", "csubj"})
_STATES = frozenset({"oprd", "xcomp", "acomp"})  # "found shot", "left wounded"
TIMES = frozenset({"DATE", "TIME"})
_ALONG = frozenset({"along", "together"})  # "killed along with Y": Y was killed too


class Tree:
    """One document's dependency tree, read once: each token's children, by label.

    ``Token.children`` scans the token's whole span (every word between its leftmost
    and rightmost descendant) on each call, so a wide root costs its width at every
    look; this index, built from the document's head and label arrays, answers in the
    number of children, and keeps the tokens of each answer for the next time it is
    asked. Which verbs read as passive is kept once asked (``passive``). Children come
    in text order, as ``Token.children`` gives them. Answers are shared: never change
    them.
    """

    def __init__(self, doc: Doc):
        self.doc = doc
        offsets = doc.to_array(HEAD).astype(numpy.int64)  # to each head, 0 at a root
        hashes, labels = numpy.unique(doc.to_array(DEP), return_inverse=True)
        self._codes = {doc.vocab.strings[int(h)]: code for code, h in enumerate(hashes)}
        self._width = len(hashes)
        kids = numpy.flatnonzero(offsets)  # every token with a head, in text order
        heads = kids + offsets[kids]
        by_head = numpy.argsort(heads, kind="stable")  # a stable sort keeps text order
        self._heads, self._kids = heads[by_head], kids[by_head]
        keys = heads * self._width + labels.reshape(-1)[kids]  # (head, label) as one number
        by_key = numpy.argsort(keys, kind="stable")
        self._keys, self._labelled = keys[by_key], kids[by_key]
        self._asked: dict[tuple[int, tuple[str, ...]], list[Token]] = {}
        self._passive: dict[int, bool] = {}

    def _ids(self, head: int, labels: tuple[str, ...]) -> list[int]:
        if not labels:
            low, high = numpy.searchsorted(self._heads, (head, head + 1))
            return self._kids[low:high].tolist()  # type: ignore[no-any-return]
        ids: list[int] = []
        for label in labels:
            code = self._codes.get(label)
            if code is not None:
                key = head * self._width + code
                low, high = numpy.searchsorted(self._keys, (key, key + 1))
                ids.extend(self._labelled[low:high].tolist())
        return sorted(ids) if len(labels) > 1 else ids

    def children(self, token: Token, *labels: str) -> Sequence[Token]:
        """The children of ``token`` (those with one of ``labels``, if any are given)."""
        key = (token.i, labels)
        found = self._asked.get(key)
        if found is None:
            found = self._asked[key] = [self.doc[i] for i in self._ids(token.i, labels)]
        return found

    def has_child(self, token: Token, *labels: str) -> bool:
        """Whether ``token`` has a child with one of ``labels`` (none: no labels)."""
        return bool(labels) and bool(self._ids(token.i, labels))

    def passive(self, verb: Token) -> bool:
        """Whether ``verb`` reads as passive (see ``_passive``), computed once per verb."""
        known = self._passive.get(verb.i)
        if known is None:
            known = self._passive[verb.i] = _passive(verb, self)
        return known


@dataclass(frozen=True)
class Arguments:
    """Head words (token indices) of a trigger's actor and recipient."""

    actors: tuple[int, ...] = ()
    recipients: tuple[int, ...] = ()
    sides: tuple[int, ...] = ()  # "between X and Y"
    path: str = "active"  # active | passive | agentless | victim | light | nominal | named
    cause: bool = True  # for victim-subject verbs: the death is tied to violence


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _with_conjuncts(token: Token, tree: Tree) -> list[Token]:
    found, stack = [], [token]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(c for c in tree.children(current, "conj") if c.pos_ != "VERB")
    return sorted(found, key=lambda t: t.i)


def _antecedent(token: Token, lexicon: Lexicon) -> Token:
    """The noun a relative pronoun stands for ("the gangs, which ..."), else the token."""
    if _lemma(token) in lexicon.syntax.relative_pronouns and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _heads(tokens: Sequence[Token], tree: Tree, lexicon: Lexicon) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        for head in _with_conjuncts(_antecedent(token, lexicon), tree):
            if head not in out:
                out.append(head)
    return out


def _passive(verb: Token, tree: Tree) -> bool:
    """Whether a verb is passive, or coordinated with no subject or object of its own to
    a passive one; ask ``tree.passive``, which remembers the answer."""
    if tree.has_child(verb, "auxpass", "nsubjpass"):
        return True
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return True
    own = tree.has_child(verb, *_SUBJECTS, "dobj")
    return (
        verb.dep_ == "conj"
        and not own
        and verb.head.pos_ in ("VERB", "AUX")
        and tree.passive(verb.head)
    )


def _agents(verb: Token, tree: Tree) -> list[Token]:
    """The objects of a passive verb's "by" phrase, or of the verb coordinated with it
    ("provided and overseen by the government")."""
    found = [p for a in tree.children(verb, "agent") for p in tree.children(a, "pobj")]
    if not found:
        for other in (c for c in tree.children(verb, "conj") if c.tag_ == "VBN"):
            found = [p for a in tree.children(other, "agent") for p in tree.children(a)]
            if found:
                break
    return found


def _patients(verb: Token, tree: Tree, lexicon: Lexicon) -> list[Token]:
    """What a verb acts on: the passive subject or the object."""
    found = list(tree.children(verb, "nsubjpass"))
    if not found and verb.dep_ == "acl" and verb.tag_ == "VBN":
        found = [verb.head]
    if not found and verb.dep_ in _STATES and verb.tag_ == "VBN":
        # "X was found shot", "found X shot to death": the state of whom was found
        found = [c for c in tree.children(verb.head, "nsubjpass", "dobj") if c.i < verb.i]
    if not found:
        found = list(tree.children(verb, "dobj"))
    if not found and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        if not tree.passive(verb):
            return []
        if not tree.passive(verb.head):  # "X was home and was killed": the shared subject
            return _heads(tree.children(verb.head, "nsubj"), tree, lexicon)
        return _patients(verb.head, tree, lexicon)
    return _heads(found, tree, lexicon)


def doer(verb: Token, tree: Tree, lexicon: Lexicon, depth: int = 0) -> list[Token]:
    """The head words of whoever does what ``verb`` says (see the module docstring);
    ``tree`` is ``verb``'s document's ``Tree``."""
    if depth > 4:
        return []
    if tree.passive(verb):
        agents = _agents(verb, tree)
        if agents or verb.dep_ != "conj" or not tree.passive(verb.head):
            # "He was at home and was killed": the subject they share is the victim
            return _heads(agents, tree, lexicon)
    subjects = tree.children(verb, *_SUBJECTS)
    if subjects:
        return _heads(subjects, tree, lexicon)
    head = verb.head
    if head.i == verb.i:
        return []
    if verb.dep_ in ("relcl", "acl") and _stands_for_its_author(head, lexicon):
        # "a rally to protest ...", "a declaration demanding ...": whoever holds it
        governor = _governing_verb(head)
        return [] if governor is None else doer(governor, tree, lexicon, depth + 1)
    if verb.dep_ == "relcl":
        return _heads([head], tree, lexicon)
    if verb.dep_ == "acl":
        return [] if verb.tag_ == "VBN" else _heads([head], tree, lexicon)
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head
        if _lemma(head) in lexicon.syntax.accusation_verbs:  # "X is accused of killing"
            return _patients(head, tree, lexicon)
        return doer(head, tree, lexicon, depth + 1) if head.pos_ in ("VERB", "AUX") else []
    if verb.dep_ in ("xcomp", "ccomp", "advcl", "conj", "oprd", "dep"):
        if verb.dep_ in ("ccomp", "advcl") and tree.has_child(verb, "mark"):
            return []
        if head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod"):
            head = head.head
        objects = tree.children(head, "dobj")
        if (
            verb.dep_ in ("xcomp", "ccomp", "oprd", "dep")
            and objects
            and (_lemma(head) in lexicon.syntax.object_control)
        ):
            return _heads(objects, tree, lexicon)
        if head.pos_ in ("VERB", "AUX"):
            return doer(head, tree, lexicon, depth + 1)
    return []


def _accused(noun: Token, tree: Tree, lexicon: Lexicon) -> list[Token]:
    """Who is accused of the act a noun names: "X was charged with murder", "police
    arrested X in connection with the shooting" (the alleged doer)."""
    node = noun
    for _ in range(3):
        if node.dep_ != "pobj" or node.head.dep_ != "prep":
            return []
        node = node.head.head
        if node.pos_ in ("VERB", "AUX"):
            if _lemma(node) not in lexicon.syntax.accusation_verbs:
                return []
            return _patients(node, tree, lexicon)
    return []


def _stands_for_its_author(noun: Token, lexicon: Lexicon) -> bool:
    """Whether a noun is an event or statement whose author is found above it."""
    lemma = _lemma(noun)
    return lemma in lexicon.syntax.utterance_nouns or bool(lexicon.noun_patterns(lemma))


def _governing_verb(noun: Token) -> Token | None:
    """The verb a noun phrase hangs from, through prepositions and objects."""
    node = noun
    for _ in range(4):
        if node.dep_ not in ("dobj", "pobj", "prep", "nsubjpass", "attr", "appos", "conj"):
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def _prep_objects(token: Token, tree: Tree, preps: frozenset[str]) -> Iterator[tuple[str, Token]]:
    for prep in tree.children(token, "prep", "agent"):
        if prep.lower_ in preps:
            for obj in tree.children(prep, "pobj", "pcomp"):
                yield prep.lower_, obj


def _frame_recipients(
    hosts: list[Token], trigger: Trigger, tree: Tree, lexicon: Lexicon
) -> tuple[list[Token], list[Token]]:
    """(recipients, between-sides) from the frame's prepositions on the given words."""
    frame = trigger.sense.frame
    preps = frame.recipient_preps | ({"between"} if frame.between != "none" else set())
    own_particles = set(trigger.words)
    recipients: list[Token] = []
    sides: list[Token] = []
    for host in hosts:
        for word, obj in _prep_objects(host, tree, frozenset(preps)):
            if obj.head.i in own_particles and word not in frame.recipient_preps:
                continue
            if obj.ent_type_ in TIMES:  # "shot on Wednesday night": when, not whom
                continue
            if word == "between" and frame.between != "none":
                sides.extend(_heads([obj], tree, lexicon))
            elif word in frame.recipient_preps:
                recipients.extend(_heads([obj], tree, lexicon))
    return recipients, sides


def _verbal(trigger: Trigger, tree: Tree, lexicon: Lexicon) -> Arguments:
    verb = tree.doc[trigger.token]
    frame = trigger.sense.frame
    if frame.victim_subject:
        return _victim(verb, trigger, tree, lexicon)
    if _found_state(verb, tree, lexicon):  # "found Ana Ruiz shot to death"
        victims = _heads(tree.children(verb, "nsubj"), tree, lexicon)
        return _finish([], victims, [], "none", "agentless")
    passive = tree.passive(verb)
    actors = doer(verb, tree, lexicon)
    recipients: list[Token] = []
    if "dobj" in frame.recipient_deps:
        recipients.extend(_patients(verb, tree, lexicon))
    if "dative" in frame.recipient_deps:
        recipients.extend(_heads(tree.children(verb, "dative"), tree, lexicon))
    hosts = [verb]  # a misattached "with X" may hang from an event noun object
    hosts.extend(c for c in tree.children(verb, "dobj") if lexicon.noun_patterns(_lemma(c)))
    more, sides = _frame_recipients(hosts, trigger, tree, lexicon)
    recipients.extend(more)
    if passive and "dobj" not in frame.recipient_deps and frame.recipient_preps:
        recipients.extend(tree.children(verb, "nsubjpass"))
    if passive and recipients:
        recipients.extend(_heads(_companions(verb, tree), tree, lexicon))
    if frame.clause_subject and not recipients:
        for clause in tree.children(verb, "ccomp"):
            recipients.extend(_heads(tree.children(clause, "nsubj", "nsubjpass"), tree, lexicon))
    path = "active" if not passive else ("passive" if actors else "agentless")
    return _finish(actors, recipients, sides, frame.between, path)


def _companions(verb: Token, tree: Tree) -> list[Token]:
    """Who shared the subject's fate: "X was killed along with Y", "together with Y"."""
    along = [c for c in tree.children(verb) if c.lower_ in _ALONG]
    hosts = [*along, verb] if along else []  # "with" under "along", or beside it
    return [
        obj
        for host in hosts
        for prep in tree.children(host, "prep")
        if prep.lower_ == "with"
        for obj in tree.children(prep, "pobj")
    ]


def _found_state(verb: Token, tree: Tree, lexicon: Lexicon) -> bool:
    """A participle read as the state someone was found in, which the parser took for a
    clause with a subject ("They found Ana Ruiz shot to death")."""
    return (
        verb.dep_ in ("ccomp", "xcomp", "oprd")
        and _lemma(verb.head) in lexicon.syntax.finding_verbs
        and not tree.has_child(verb, "aux", "auxpass", "dobj")
        and tree.has_child(verb, "nsubj")
    )


def _through(noun: Token, tree: Tree, lexicon: Lexicon) -> list[Token]:
    """A noun and, for containers, its "of" object ("as a result of torture")."""
    found = [noun]
    if noun.lemma_.lower() in lexicon.syntax.containers:
        for prep in tree.children(noun, "prep"):
            if prep.lower_ == "of":
                found.extend(tree.children(prep, "pobj"))
    return found


def _violent(episode: Token, lexicon: Lexicon) -> bool:
    """Whether a noun names a violent episode ("clashes", "an attack", "a bombing") or
    the wounds one leaves ("died of gunshot wounds")."""
    if _lemma(episode) in lexicon.syntax.wounds:
        return True
    patterns = lexicon.noun_patterns(_lemma(episode))
    return any(p.sense.type == "ASSAULT" and len(p.words) == 1 for p in patterns)


def _violent_clause(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a clause tells of violence done to someone ("after he was shot")."""
    patterns = lexicon.verb_patterns(_lemma(verb))
    return any(p.sense.type == "ASSAULT" and p.words == (_lemma(verb),) for p in patterns)


def _victim(verb: Token, trigger: Trigger, tree: Tree, lexicon: Lexicon) -> Arguments:
    """A victim-subject verb: the subject is the recipient, the "with/by" phrase the actor.

    ``cause`` is false when nothing ties the death to violence (no perpetrator and no
    violent episode): a death alone is no ASSAULT.
    """
    frame = trigger.sense.frame
    victims = _heads(tree.children(verb, "nsubj", "nsubjpass"), tree, lexicon)
    if not victims and verb.dep_ in ("relcl", "acl"):
        victims = _heads([verb.head], tree, lexicon)
    actors = [obj for _, obj in _prep_objects(verb, tree, frame.agent_preps)]
    wounds = [c for c in tree.children(verb, "dobj") if _violent(c, lexicon)]
    violent = bool(actors) or bool(wounds)  # "suffered a gunshot wound"
    hosts = [verb, *tree.children(verb, *_STATES)]  # "dead of wounds"
    episodes = [
        e
        for host in hosts
        for _, obj in _prep_objects(host, tree, frame.through_preps)
        for e in _through(obj, tree, lexicon)
    ]
    for clause in tree.children(verb, "advcl"):  # "died Friday after he was shot"
        marks = [c.lower_ for c in tree.children(clause, "mark")]
        if set(marks) & frame.through_preps:
            violent = violent or _violent_clause(clause, lexicon)
    for episode in episodes:
        if episode.pos_ in ("VERB", "AUX"):  # "died after being shot"
            violent = violent or _violent_clause(episode, lexicon)
            continue
        violent = violent or _violent(episode, lexicon)
        actors.extend(obj for _, obj in _prep_objects(episode, tree, frame.agent_preps))
        sides = [obj for _, obj in _prep_objects(episode, tree, frozenset({"between"}))]
        actors.extend(sides)
    if victims:
        victims.extend(_heads(_companions(verb, tree), tree, lexicon))
    arguments = _finish(_heads(actors, tree, lexicon), victims, [], "none", "victim")
    return Arguments(arguments.actors, arguments.recipients, (), "victim", cause=violent)


def _nominal(trigger: Trigger, tree: Tree, lexicon: Lexicon) -> Arguments:
    noun = tree.doc[trigger.token]
    sense = trigger.sense
    actors: list[Token] = []
    recipients: list[Token] = []
    hosts = [noun]
    path = "nominal"
    if trigger.governor is not None:
        verb = tree.doc[trigger.governor]
        hosts.append(verb)
        actors.extend(doer(verb, tree, lexicon))
        path = "light"
    possessors = tree.children(noun, "poss")
    (actors if sense.possessor == "actor" else recipients).extend(_heads(possessors, tree, lexicon))
    if not actors:
        actors.extend(_accused(noun, tree, lexicon))
    if not actors:
        actors.extend(
            c
            for c in tree.children(noun, "compound", "amod", "nmod")
            if c.i < noun.i and c.pos_ != "VERB"
        )
    for word, obj in _prep_objects(noun, tree, frozenset({"by", "of"})):
        if word == "by" or sense.of == "actor":
            actors.extend(_heads([obj], tree, lexicon))
        elif sense.of == "recipient":
            recipients.extend(_heads([obj], tree, lexicon))
    if noun.dep_ == "pobj" and noun.head.lower_ == "under":
        # "was put under investigation", "placed X under arrest"
        verb = noun.head.head
        if verb.pos_ in ("VERB", "AUX"):
            actors.extend(doer(verb, tree, lexicon))
            recipients.extend(_patients(verb, tree, lexicon))
    more, sides = _frame_recipients(hosts, trigger, tree, lexicon)
    recipients.extend(more)
    return _finish(actors, recipients, sides, sense.frame.between, path)


def _finish(
    actors: list[Token], recipients: list[Token], sides: list[Token], between: str, path: str
) -> Arguments:
    actor_ids = tuple(dict.fromkeys(t.i for t in actors))
    recipient_ids = tuple(dict.fromkeys(t.i for t in recipients if t.i not in actor_ids))
    side_ids = tuple(dict.fromkeys(t.i for t in sides))
    if side_ids and between == "recipients":
        recipient_ids = tuple(dict.fromkeys((*recipient_ids, *side_ids)))
        side_ids = ()
    return Arguments(actor_ids, recipient_ids, side_ids, path)


def arguments_of(trigger: Trigger, tree: Tree, lexicon: Lexicon) -> Arguments:
    """The actor and recipient words of ``trigger`` in the document ``tree`` was built
    from (see the module docstring)."""
    if trigger.kind == "named":
        return Arguments(path="named")
    if trigger.kind in ("nominal", "light"):
        return _nominal(trigger, tree, lexicon)
    return _verbal(trigger, tree, lexicon)
