"""Who did it and to whom: the actor and recipient words of a trigger, from the parse.

``arguments_of(trigger, doc, lexicon)`` returns the head words of the actor and of the
recipient (``Arguments``); ``mentions.Mentions`` then turns them into actor ids.

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

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dossier.events.lexicon import Lexicon
from dossier.events.triggers import Trigger

_SUBJECTS = frozenset({"nsubj", "csubj"})
_STATES = frozenset({"oprd", "xcomp", "acomp"})  # "found shot", "left wounded"
TIMES = frozenset({"DATE", "TIME"})
_ALONG = frozenset({"along", "together"})  # "killed along with Y": Y was killed too


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


def _with_conjuncts(token: Token) -> list[Token]:
    found, stack = [], [token]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(c for c in current.children if c.dep_ == "conj" and c.pos_ != "VERB")
    return sorted(found, key=lambda t: t.i)


def _antecedent(token: Token, lexicon: Lexicon) -> Token:
    """The noun a relative pronoun stands for ("the gangs, which ..."), else the token."""
    if _lemma(token) in lexicon.syntax.relative_pronouns and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _heads(tokens: list[Token], lexicon: Lexicon) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        for head in _with_conjuncts(_antecedent(token, lexicon)):
            if head not in out:
                out.append(head)
    return out


def _passive(verb: Token) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return True
    own = any(c.dep_ in _SUBJECTS or c.dep_ == "dobj" for c in verb.children)
    return (
        verb.dep_ == "conj"
        and not own
        and verb.head.pos_ in ("VERB", "AUX")
        and _passive(verb.head)
    )


def _agents(verb: Token) -> list[Token]:
    """The objects of a passive verb's "by" phrase, or of the verb coordinated with it
    ("provided and overseen by the government")."""
    found = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    if not found:
        for other in (c for c in verb.children if c.dep_ == "conj" and c.tag_ == "VBN"):
            found = [p for a in other.children if a.dep_ == "agent" for p in a.children]
            if found:
                break
    return found


def _patients(verb: Token, lexicon: Lexicon) -> list[Token]:
    """What a verb acts on: the passive subject or the object."""
    found = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not found and verb.dep_ == "acl" and verb.tag_ == "VBN":
        found = [verb.head]
    if not found and verb.dep_ in _STATES and verb.tag_ == "VBN":
        # "X was found shot", "found X shot to death": the state of whom was found
        state_of = ("nsubjpass", "dobj")
        found = [c for c in verb.head.children if c.dep_ in state_of and c.i < verb.i]
    if not found:
        found = [c for c in verb.children if c.dep_ == "dobj"]
    if not found and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        if not _passive(verb):
            return []
        if not _passive(verb.head):  # "X was home and was killed": the shared subject
            return _heads([c for c in verb.head.children if c.dep_ == "nsubj"], lexicon)
        return _patients(verb.head, lexicon)
    return _heads(found, lexicon)


def doer(verb: Token, lexicon: Lexicon, depth: int = 0) -> list[Token]:
    """The head words of whoever does what ``verb`` says (see the module docstring)."""
    if depth > 4:
        return []
    if _passive(verb):
        agents = _agents(verb)
        if agents or verb.dep_ != "conj" or not _passive(verb.head):
            # "He was at home and was killed": the subject they share is the victim
            return _heads(agents, lexicon)
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS and c.dep_ != "expl"]
    if subjects:
        return _heads(subjects, lexicon)
    head = verb.head
    if head.i == verb.i:
        return []
    if verb.dep_ in ("relcl", "acl") and _stands_for_its_author(head, lexicon):
        # "a rally to protest ...", "a declaration demanding ...": whoever holds it
        governor = _governing_verb(head)
        return [] if governor is None else doer(governor, lexicon, depth + 1)
    if verb.dep_ == "relcl":
        return _heads([head], lexicon)
    if verb.dep_ == "acl":
        return [] if verb.tag_ == "VBN" else _heads([head], lexicon)
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head
        if _lemma(head) in lexicon.syntax.accusation_verbs:  # "X is accused of killing"
            return _patients(head, lexicon)
        return doer(head, lexicon, depth + 1) if head.pos_ in ("VERB", "AUX") else []
    if verb.dep_ in ("xcomp", "ccomp", "advcl", "conj", "oprd", "dep"):
        if verb.dep_ in ("ccomp", "advcl") and any(c.dep_ == "mark" for c in verb.children):
            return []
        if head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod"):
            head = head.head
        objects = [c for c in head.children if c.dep_ == "dobj"]
        if (
            verb.dep_ in ("xcomp", "ccomp", "oprd", "dep")
            and objects
            and (_lemma(head) in lexicon.syntax.object_control)
        ):
            return _heads(objects, lexicon)
        if head.pos_ in ("VERB", "AUX"):
            return doer(head, lexicon, depth + 1)
    return []


def _accused(noun: Token, lexicon: Lexicon) -> list[Token]:
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
            return _patients(node, lexicon)
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


def _prep_objects(token: Token, preps: frozenset[str]) -> Iterator[tuple[str, Token]]:
    for prep in token.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in preps:
            for obj in prep.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    yield prep.lower_, obj


def _frame_recipients(
    hosts: list[Token], trigger: Trigger, lexicon: Lexicon
) -> tuple[list[Token], list[Token]]:
    """(recipients, between-sides) from the frame's prepositions on the given words."""
    frame = trigger.sense.frame
    preps = frame.recipient_preps | ({"between"} if frame.between != "none" else set())
    own_particles = set(trigger.words)
    recipients: list[Token] = []
    sides: list[Token] = []
    for host in hosts:
        for word, obj in _prep_objects(host, frozenset(preps)):
            if obj.head.i in own_particles and word not in frame.recipient_preps:
                continue
            if obj.ent_type_ in TIMES:  # "shot on Wednesday night": when, not whom
                continue
            if word == "between" and frame.between != "none":
                sides.extend(_heads([obj], lexicon))
            elif word in frame.recipient_preps:
                recipients.extend(_heads([obj], lexicon))
    return recipients, sides


def _verbal(trigger: Trigger, doc: Doc, lexicon: Lexicon) -> Arguments:
    verb = doc[trigger.token]
    frame = trigger.sense.frame
    if frame.victim_subject:
        return _victim(verb, trigger, lexicon)
    if _found_state(verb, lexicon):  # "found Ana Ruiz shot to death"
        victims = _heads([c for c in verb.children if c.dep_ == "nsubj"], lexicon)
        return _finish([], victims, [], "none", "agentless")
    passive = _passive(verb)
    actors = doer(verb, lexicon)
    recipients: list[Token] = []
    if "dobj" in frame.recipient_deps:
        recipients.extend(_patients(verb, lexicon))
    if "dative" in frame.recipient_deps:
        recipients.extend(_heads([c for c in verb.children if c.dep_ == "dative"], lexicon))
    hosts = [verb]  # a misattached "with X" may hang from an event noun object
    hosts.extend(c for c in verb.children if c.dep_ == "dobj" and lexicon.noun_patterns(_lemma(c)))
    more, sides = _frame_recipients(hosts, trigger, lexicon)
    recipients.extend(more)
    if passive and "dobj" not in frame.recipient_deps and frame.recipient_preps:
        recipients.extend(c for c in verb.children if c.dep_ == "nsubjpass")
    if passive and recipients:
        recipients.extend(_heads(_companions(verb), lexicon))
    if frame.clause_subject and not recipients:
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            recipients.extend(
                _heads([s for s in clause.children if s.dep_ in ("nsubj", "nsubjpass")], lexicon)
            )
    path = "active" if not passive else ("passive" if actors else "agentless")
    return _finish(actors, recipients, sides, frame.between, path)


def _companions(verb: Token) -> list[Token]:
    """Who shared the subject's fate: "X was killed along with Y", "together with Y"."""
    along = [c for c in verb.children if c.lower_ in _ALONG]
    hosts = [*along, verb] if along else []  # "with" under "along", or beside it
    return [
        obj
        for host in hosts
        for prep in host.children
        if prep.dep_ == "prep" and prep.lower_ == "with"
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]


def _found_state(verb: Token, lexicon: Lexicon) -> bool:
    """A participle read as the state someone was found in, which the parser took for a
    clause with a subject ("They found Ana Ruiz shot to death")."""
    return (
        verb.dep_ in ("ccomp", "xcomp", "oprd")
        and _lemma(verb.head) in lexicon.syntax.finding_verbs
        and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children)
        and any(c.dep_ == "nsubj" for c in verb.children)
    )


def _through(noun: Token, lexicon: Lexicon) -> list[Token]:
    """A noun and, for containers, its "of" object ("as a result of torture")."""
    found = [noun]
    if noun.lemma_.lower() in lexicon.syntax.containers:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                found.extend(o for o in prep.children if o.dep_ == "pobj")
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


def _victim(verb: Token, trigger: Trigger, lexicon: Lexicon) -> Arguments:
    """A victim-subject verb: the subject is the recipient, the "with/by" phrase the actor.

    ``cause`` is false when nothing ties the death to violence (no perpetrator and no
    violent episode): a death alone is no ASSAULT.
    """
    frame = trigger.sense.frame
    victims = _heads([c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")], lexicon)
    if not victims and verb.dep_ in ("relcl", "acl"):
        victims = _heads([verb.head], lexicon)
    actors = [obj for _, obj in _prep_objects(verb, frame.agent_preps)]
    wounds = [c for c in verb.children if c.dep_ == "dobj" and _violent(c, lexicon)]
    violent = bool(actors) or bool(wounds)  # "suffered a gunshot wound"
    hosts = [verb, *(c for c in verb.children if c.dep_ in _STATES)]  # "dead of wounds"
    episodes = [
        e
        for host in hosts
        for _, obj in _prep_objects(host, frame.through_preps)
        for e in _through(obj, lexicon)
    ]
    for clause in verb.children:  # "died Friday after he was shot"
        marks = [c.lower_ for c in clause.children if c.dep_ == "mark"]
        if clause.dep_ == "advcl" and set(marks) & frame.through_preps:
            violent = violent or _violent_clause(clause, lexicon)
    for episode in episodes:
        if episode.pos_ in ("VERB", "AUX"):  # "died after being shot"
            violent = violent or _violent_clause(episode, lexicon)
            continue
        violent = violent or _violent(episode, lexicon)
        actors.extend(obj for _, obj in _prep_objects(episode, frame.agent_preps))
        sides = [obj for _, obj in _prep_objects(episode, frozenset({"between"}))]
        actors.extend(sides)
    if victims:
        victims.extend(_heads(_companions(verb), lexicon))
    arguments = _finish(_heads(actors, lexicon), victims, [], "none", "victim")
    return Arguments(arguments.actors, arguments.recipients, (), "victim", cause=violent)


def _nominal(trigger: Trigger, doc: Doc, lexicon: Lexicon) -> Arguments:
    noun = doc[trigger.token]
    sense = trigger.sense
    actors: list[Token] = []
    recipients: list[Token] = []
    hosts = [noun]
    path = "nominal"
    if trigger.governor is not None:
        verb = doc[trigger.governor]
        hosts.append(verb)
        actors.extend(doer(verb, lexicon))
        path = "light"
    possessors = [c for c in noun.children if c.dep_ == "poss"]
    (actors if sense.possessor == "actor" else recipients).extend(_heads(possessors, lexicon))
    if not actors:
        actors.extend(_accused(noun, lexicon))
    if not actors:
        actors.extend(
            c
            for c in noun.children
            if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i and c.pos_ != "VERB"
        )
    for word, obj in _prep_objects(noun, frozenset({"by", "of"})):
        if word == "by" or sense.of == "actor":
            actors.extend(_heads([obj], lexicon))
        elif sense.of == "recipient":
            recipients.extend(_heads([obj], lexicon))
    if noun.dep_ == "pobj" and noun.head.lower_ == "under":
        # "was put under investigation", "placed X under arrest"
        verb = noun.head.head
        if verb.pos_ in ("VERB", "AUX"):
            actors.extend(doer(verb, lexicon))
            recipients.extend(_patients(verb, lexicon))
    more, sides = _frame_recipients(hosts, trigger, lexicon)
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


def arguments_of(trigger: Trigger, doc: Doc, lexicon: Lexicon) -> Arguments:
    """The actor and recipient words of ``trigger`` (see the module docstring)."""
    if trigger.kind == "named":
        return Arguments(path="named")
    if trigger.kind in ("nominal", "light"):
        return _nominal(trigger, doc, lexicon)
    return _verbal(trigger, doc, lexicon)
