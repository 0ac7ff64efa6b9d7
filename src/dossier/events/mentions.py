"""From argument words to actor ids: the mentions the actor stage found, and pronouns.

``Mentions`` indexes ``Findings.mentions`` by token. ``actors_for(token)`` gives the
actor ids an argument's head word stands for:

1. a mention that covers the head word;
2. mentions inside the head's own noun phrase, left of the head ("Senior Hungarian and
   Romanian officials", "the rebel offensive");
3. a personal pronoun: the nearest compatible mention before it, in the same or the
   previous paragraph (he/she/his/her: a person; it/its: a singular organisation,
   group or place; they/them/their: a plural one, or any group);
4. a head word no mention covers is looked through, two steps at most: apposition
   ("Raúl Mijango, a former guerrilla"), "of/from/among/including/such as" ("members of
   the FMLN", "leaders from the gangs", "individuals, including X") and the possessor
   ("His administration", "the MS13's finances");
5. a common noun for one person ("a 30-year-old man", "the victim", "the suspect") that
   the text later or earlier identifies by name ("identified the victim as Ana Ruiz",
   "the man was identified as ...", "The victim is Ana Ruiz"): the named person, when
   the text names just one for that noun; "the victim" also stands for whoever is
   identified as the victim under another noun. ``victim()`` is the person the text
   identifies as its victim ("the victim", "the decedent", or the one person it
   identifies under a noun that does not name a perpetrator).

Relative pronouns ("which", "who") are resolved by the caller (``arguments``), which
knows the clause.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence

from spacy.tokens import Doc, Token

from dossier.events.lexicon import Syntax
from dossier.nlp import sentence_of
from dossier.records import Findings, Mention

_THROUGH_PREPS = frozenset(
    {"of", "from", "among", "including", "include", "like", "such", "within", "inside"}
)
_LEFT_MODIFIERS = frozenset({"amod", "compound", "nmod", "nummod", "npadvmod", "quantmod"})
_PLURAL_KINDS = frozenset({"organization", "group", "location"})
IDENTIFY_VERBS = frozenset({"identify", "name"})


class Mentions:
    """The actor mentions of one document, looked up by token."""

    def __init__(self, doc: Doc, findings: Findings, syntax: Syntax, paragraphs: Sequence[int]):
        self.doc = doc
        self.syntax = syntax
        self.kinds = {a.id: a.kind for a in findings.actors}
        self.names = {a.id: a.name for a in findings.actors}
        self.mentions = tuple(sorted(findings.mentions, key=lambda m: m.span))
        self.paragraphs = paragraphs  # character offsets where paragraphs start
        self._by_token: dict[int, list[Mention]] = {}
        for mention in self.mentions:
            span = doc.char_span(mention.span[0], mention.span[1], alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self._by_token.setdefault(token.i, []).append(mention)
        self.identified = self._identifications()

    def at(self, token: Token) -> tuple[str, ...]:
        """Ids of the mentions that cover ``token``."""
        return _unique(m.actor_id for m in self._by_token.get(token.i, ()))

    def covered(self, token: Token) -> bool:
        return token.i in self._by_token

    def name_of(self, actor_id: str) -> str:
        return self.names.get(actor_id, actor_id)

    def actors_for(
        self, head: Token, depth: int = 2, exclude: tuple[str, ...] = ()
    ) -> tuple[str, ...]:
        """The actor ids an argument whose head word is ``head`` stands for; a pronoun
        never points back at an actor in ``exclude`` (the event's own actor)."""
        found = self.at(head)
        if found:
            return found
        lemma = head.lemma_.lower()
        if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$"):
            return self._pronoun(head, lemma, exclude)
        inner = [
            actor
            for child in head.children
            if child.dep_ in _LEFT_MODIFIERS and child.i < head.i
            for token in child.subtree
            for actor in self.at(token)
        ]
        if inner:
            return _unique(inner)
        named = self._identified_as(head)
        if named is not None:
            return (named,)
        if head.pos_ == "VERB":  # a misparsed subject: "The Red Cross operating in Iraq said"
            subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            return _unique(a for s in subjects for a in self.actors_for(s, depth, exclude))
        if depth == 0:
            return ()
        return _unique(
            actor
            for nested in self._looked_through(head)
            for actor in self.actors_for(nested, depth - 1, exclude)
        )

    def _identifications(self) -> dict[str, str]:
        """Person nouns (lemmas) the text identifies by name: {"victim": actor id}; a
        noun identified as two different people is left out."""
        found: dict[str, set[str]] = {}
        for token in self.doc:
            for noun, name in _identity_pairs(token, self.syntax):
                people = [a for a in self.at(name) if self.kinds.get(a) == "person"]
                if len(people) != 1 or self.at(noun):
                    continue
                lemma = noun.lemma_.lower()
                if lemma in self.syntax.single_persons or lemma in self.syntax.victim_nouns:
                    found.setdefault(lemma, set()).add(people[0])
        return {lemma: next(iter(ids)) for lemma, ids in found.items() if len(ids) == 1}

    def victim(self) -> str | None:
        """The person the text identifies as its victim (see item 5 above), if one."""
        for lemma in sorted(self.syntax.victim_nouns):
            if lemma in self.identified:
                return self.identified[lemma]
        others = {
            actor
            for lemma, actor in self.identified.items()
            if lemma not in self.syntax.perpetrator_nouns
        }
        return next(iter(others)) if len(others) == 1 else None

    def _identified_as(self, head: Token) -> str | None:
        """The person a singular person noun was identified as (see item 5 above)."""
        if head.tag_ != "NN":
            return None
        lemma = head.lemma_.lower()
        named = self.identified.get(lemma)
        if named is None and lemma in self.syntax.victim_nouns:
            named = self.victim()
        return named

    def _looked_through(self, head: Token) -> Iterator[Token]:
        for child in head.children:
            if child.dep_ == "appos":
                yield child
            elif child.dep_ == "prep" and child.lower_ in _THROUGH_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        yield obj
                        yield from (c for c in obj.children if c.dep_ == "conj")
            elif child.dep_ == "poss":
                yield child
            elif child.dep_ in ("acl", "amod") and (
                child.lemma_.lower() in self.syntax.membership_words
                or child.lower_ in self.syntax.membership_words
            ):
                # "workers affiliated with the union", "militias loyal to the army"
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("with", "to", "of"):
                        yield from (o for o in prep.children if o.dep_ == "pobj")
        if head.dep_ == "appos":
            yield head.head

    def _pronoun(self, token: Token, lemma: str, exclude: tuple[str, ...]) -> tuple[str, ...]:
        syntax = self.syntax
        if lemma in syntax.person_pronouns or token.lower_ in syntax.person_pronouns:
            wanted = "person"
        elif lemma in syntax.singular_pronouns or token.lower_ in syntax.singular_pronouns:
            wanted = "singular"
        elif lemma in syntax.plural_pronouns or token.lower_ in syntax.plural_pronouns:
            wanted = "plural"
        else:
            return ()
        start = token.idx
        floor = self._paragraph_floor(start)
        objects = _main_clause_objects(token)
        before = [
            m
            for m in reversed(self.mentions)
            if m.span[1] <= start
            and m.span[0] >= floor
            and m.actor_id not in exclude
            and not any(a <= m.span[0] < b for a, b in objects)
        ]
        sentence_start = sentence_of(token).start_char
        in_sentence = [m for m in before if m.span[0] >= sentence_start]
        for mention in in_sentence:
            if self._fits(mention, wanted):
                return (mention.actor_id,)
        if wanted == "singular":  # "the gangs' leaders and its finances": a collective's "its"
            for mention in in_sentence:
                if self.kinds.get(mention.actor_id) == "group":
                    return (mention.actor_id,)
        for mention in before:
            if self._fits(mention, wanted):
                return (mention.actor_id,)
        if wanted == "plural":  # "they" often stands for an organisation in the sentence
            sentence = sentence_of(token)
            for mention in before:
                if mention.span[0] >= sentence.start_char and (
                    self.kinds.get(mention.actor_id) == "organization"
                ):
                    return (mention.actor_id,)
        return ()

    def _paragraph_floor(self, offset: int) -> int:
        """Start of the paragraph before the one holding ``offset``."""
        index = bisect_right(self.paragraphs, offset) - 1
        return self.paragraphs[max(index - 1, 0)] if self.paragraphs else 0

    def _fits(self, mention: Mention, wanted: str) -> bool:
        kind = self.kinds.get(mention.actor_id)
        if wanted == "person":
            return kind == "person"
        plural = self._plural(mention)
        if wanted == "plural":
            return plural or kind == "group"
        return kind in _PLURAL_KINDS and not plural

    def _plural(self, mention: Mention) -> bool:
        span = self.doc.char_span(mention.span[0], mention.span[1], alignment_mode="expand")
        if span is None:
            return False
        head = span.root
        return head.tag_ in ("NNS", "NNPS") or "Plur" in head.morph.get("Number", [])


def _identity_pairs(token: Token, syntax: Syntax) -> Iterator[tuple[Token, Token]]:
    """(noun, name) pairs a clause equates: "identified the victim as X", "the victim was
    identified as X", "X was identified as the victim", "the victim is X"."""
    lemma = token.lemma_.lower()
    if lemma in IDENTIFY_VERBS:
        subjects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        if token.dep_ == "acl":  # "a man, identified as X, ..."
            subjects.append(token.head)
        sides = [_relative_antecedent(s, syntax) for s in subjects]
        hosts = [token, *subjects]
        objects = [
            o
            for host in hosts
            for prep in host.children
            if prep.dep_ == "prep" and prep.lower_ == "as"
            for o in prep.children
            if o.dep_ == "pobj"
        ]
        for side in sides:
            for obj in objects:
                yield side, obj
                yield obj, side
    elif lemma == "be":
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        attributes = [c for c in token.children if c.dep_ == "attr"]
        for subject in subjects:
            for attribute in attributes:
                yield subject, attribute
                yield attribute, subject


def _relative_antecedent(token: Token, syntax: Syntax) -> Token:
    """The noun a relative pronoun stands for ("a man, who was identified as ...")."""
    if token.lemma_.lower() in syntax.relative_pronouns and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _main_clause_objects(pronoun: Token) -> list[tuple[int, int]]:
    """Character spans of the objects of the clause a subordinate clause hangs from: the
    subject of "while they ..." is rarely what the main clause acts upon ("negotiating
    with gangs while they readied their troops": they are the negotiators)."""
    clause = pronoun.head
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "advcl":
        return []
    governor = clause.head
    spans = []
    for child in governor.children:
        if child.dep_ in ("dobj", "dative", "prep"):
            words = list(child.subtree)
            spans.append((words[0].idx, words[-1].idx + len(words[-1].text)))
    return spans


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for actor_id in ids:
        if actor_id not in out:
            out.append(actor_id)
    return tuple(out)
