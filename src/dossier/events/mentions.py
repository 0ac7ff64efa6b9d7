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
   ("His administration", "the MS13's finances").

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
