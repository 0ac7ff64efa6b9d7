"""From argument words to actor ids: the mentions the actor stage found, and pronouns.

``Mentions`` indexes ``Findings.mentions`` by token. ``actors_for(token)`` gives the
actor ids an argument's head word stands for:

1. a mention that covers the head word;
2. mentions inside the head's own noun phrase, left of the head ("Senior Hungarian and
   Romanian officials", "the rebel offensive");
3. a personal pronoun: the nearest compatible mention before it, in the same or the
   previous paragraph (he/she/his/her: a person; it/its: a singular organisation,
   group or place; they/them/their: a plural one, or any group). A person pronoun also
   weighs the common nouns for one person the text introduces ("a 42-year-old woman",
   "the man" after "a man"): when one of them is nearer, the pronoun stands for that
   person, who has no actor unless the text names them. It agrees in sex with the noun
   or name ("her" is never "a man", nor a name the text calls "Mr." or "a 40-year-old
   man"); it is never the speaker of the quotation it stands in ('"He shot her," said
   Ana Ruiz'); of a name said to speak ("Ana Ruiz said", "said Ana Ruiz") and another
   person in the same sentence, the other is the likelier antecedent; "himself" is the
   event's own actor (``assemble`` makes them the recipient too: "shot himself");
4. a named apposition ("her son, Khai Hebron"); then
5. a head word no mention covers is looked through, two steps at most: apposition
   ("Raúl Mijango, a former guerrilla"), "of/from/among/including/such as" ("members of
   the FMLN", "leaders from the gangs", "individuals, including X") and the possessor
   ("His administration", "the MS13's finances"), but not the possessor of a person
   known by a tie to another ("his son", "Ana Ruiz's husband" name someone else);
6. a common noun for one person ("a 30-year-old man", "the victim", "the suspect") that
   the text later or earlier identifies by name ("identified the victim as Ana Ruiz",
   "the man was identified as ...", "identified him as ...", "The victim is Ana Ruiz",
   "victim Ana Ruiz"; checked before item 5): the named person, when
   the text names just one for that noun; "the victim" also stands for whoever is
   identified as the victim under another noun. ``victim()`` is the person the text
   identifies as its victim ("the victim", "the decedent", or the one person it
   identifies under a noun that names neither a perpetrator nor a tie to someone, or
   else the one named person it says died or was hurt: "X was found dead", "X had
   gunshot wounds", "a bullet hit X"; never one it says was arrested or charged). A
   person noun with an age ("a 27-year-old man") is identified with the one named
   person of that age.

A news agency's credit in a dateline ("HOUSTON (AP) —", "(Reuters) -", "ST. LOUIS, MO
(KTVI) -") names the publisher, never a party to what the sentence tells: its mentions
stand for no argument and no pronoun (``wire_credits``).

Relative pronouns ("which", "who") are resolved by the caller (``arguments``), which
knows the clause.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence

from spacy.tokens import Doc, Token

from dossier.events.lexicon import Syntax
from dossier.modality import default_cues
from dossier.nlp import sentence_of
from dossier.records import Findings, Mention, Quote

_THROUGH_PREPS = frozenset(
    {"of", "from", "among", "including", "include", "like", "such", "within", "inside"}
)
_LEFT_MODIFIERS = frozenset({"amod", "compound", "nmod", "nummod", "npadvmod", "quantmod"})
_PLURAL_KINDS = frozenset({"organization", "group", "location"})
IDENTIFY_VERBS = frozenset({"identify", "name"})
_Referent = tuple[int, Mention | None, Token | None]  # where, and a name or a noun
_NEW_REFERENT = frozenset({"a", "an", "another", "one"})  # "a man": someone not met before
_DEFINITE = frozenset({"the", "this", "that"})  # "the man": someone met before
_STATE_DEPS = frozenset({"oprd", "acomp", "xcomp", "advcl", "ccomp"})  # "found X dead"
_SUBJECT_ROLES = frozenset({"nsubj", "nsubjpass"})  # "X died", "X had gunshot wounds"
_FOUND_ROLES = _SUBJECT_ROLES | {"dobj"}  # "X was found dead", "they found X dead"
_HIT_ROLES = frozenset({"nsubjpass", "dobj"})  # "X was hit by gunfire", "a bullet hit X"
# A dateline credit: capitalised words in brackets, then a dash ("(AP) —", "(WCIV/WPDE) --").
_CREDIT = re.compile(r"\(([A-Z][\w.&/'’-]*(?: [A-Z][\w.&/'’-]*){0,3})\)\s*(?:-{1,2}|—|–)")
# What may stand before it: a place in capitals, perhaps with its state ("MEMPHIS, Tenn.").
_DATELINE_PLACE = re.compile(r"(?:^|[\s.!?|])[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][\w.'’-]*){0,3}[ ,]*$")
CREDIT_REACH = 300  # characters from a paragraph's start: a dateline opens the story


class Mentions:
    """The actor mentions of one document, looked up by token."""

    def __init__(
        self,
        doc: Doc,
        findings: Findings,
        syntax: Syntax,
        paragraphs: Sequence[int],
        quotes: Sequence[Quote] = (),
    ):
        self.doc = doc
        self.quotes = tuple((q.span, q.speaker) for q in quotes if q.speaker is not None)
        self.speech_verbs = default_cues().speech_verbs
        self.syntax = syntax
        self.kinds = {a.id: a.kind for a in findings.actors}
        self.names = {a.id: a.name for a in findings.actors}
        self.paragraphs = paragraphs  # character offsets where paragraphs start
        credits = wire_credits(doc.text, paragraphs)
        self.mentions = tuple(
            sorted(
                (m for m in findings.mentions if not _inside(m.span, credits)),
                key=lambda m: m.span,
            )
        )
        self._by_token: dict[int, list[Mention]] = {}
        for mention in self.mentions:
            span = doc.char_span(mention.span[0], mention.span[1], alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self._by_token.setdefault(token.i, []).append(mention)
        self.person_nouns = self._person_nouns()
        self.identified = self._identifications()
        self.genders = self._genders()
        self.accused = self._accused()
        self.casualties = self._casualties() - self.accused

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
        named_here = self.appositions(head)  # "her son, Khai Hebron": before any other
        if named_here:
            return named_here
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
            for said, name in _identity_pairs(token, self.syntax):
                noun = self._noun_for(said)
                people = [a for a in self.at(name) if self.kinds.get(a) == "person"]
                if len(people) != 1 or self.at(noun):
                    continue
                lemma = noun.lemma_.lower()
                if self._related(noun):
                    continue  # "her son" in one sentence is not "his son" in the next
                if lemma in self.syntax.single_persons or lemma in self.syntax.victim_nouns:
                    found.setdefault(lemma, set()).add(people[0])
        for noun, person in self._same_age():
            found.setdefault(noun.lemma_.lower(), set()).add(person)
        return {lemma: next(iter(ids)) for lemma, ids in found.items() if len(ids) == 1}

    def _same_age(self) -> Iterator[tuple[Token, str]]:
        """(noun, person) where an unnamed person and a named one have the same age, the
        only named one of that age: "a 27-year-old man was shot ... 27-year-old Ana Ruiz"
        or "Ana Ruiz, 27," (news gives the age again when it names the person)."""
        ages: dict[str, set[str]] = {}
        for mention in self.mentions:
            if self.kinds.get(mention.actor_id) != "person":
                continue
            span = self.doc.char_span(mention.span[0], mention.span[1], alignment_mode="expand")
            age = None if span is None else _age(span.root)
            if age is not None:
                ages.setdefault(age, set()).add(mention.actor_id)
        for noun in self.person_nouns:
            lemma = noun.lemma_.lower()
            if lemma not in self.syntax.single_persons or lemma in self.syntax.relation_nouns:
                continue
            people = ages.get(_age(noun) or "", set())
            if len(people) == 1:
                yield noun, next(iter(people))

    def _related(self, noun: Token) -> bool:
        """A person known by a tie to a possessor ("her son", "Ana Ruiz's husband")."""
        return noun.lemma_.lower() in self.syntax.relation_nouns and any(
            c.dep_ == "poss" for c in noun.children
        )

    def _noun_for(self, token: Token) -> Token:
        """For "he", "her": the nearest person noun before it that agrees with it ("a man
        was found dead ... identified him as Ana Ruiz"); else the token itself."""
        if token.lower_ not in self.syntax.person_pronouns:
            return token
        gender = self._gender_of_word(token)
        floor = self._paragraph_floor(token.idx)
        nouns = [
            noun
            for noun in self.person_nouns
            if floor <= noun.idx < token.idx and self._gender_of_word(noun) in (None, gender)
        ]
        return nouns[-1] if nouns else token

    def victim(self) -> str | None:
        """The person the text identifies as its victim (see item 6 above), if one."""
        for lemma in sorted(self.syntax.victim_nouns):
            if lemma in self.identified:
                return self.identified[lemma]
        others = {
            actor
            for lemma, actor in self.identified.items()
            if lemma not in self.syntax.perpetrator_nouns
            and lemma not in self.syntax.relation_nouns  # "X is the father of ...": a tie
            and actor not in self.accused
        }
        if len(others) == 1:
            return next(iter(others))
        return next(iter(self.casualties)) if len(self.casualties) == 1 else None

    def _accused(self) -> set[str]:
        """The named people the text says were arrested, charged or accused: suspects,
        whoever the story's victim is ("Ruiz is charged with assault")."""
        found: set[str] = set()
        for token in self.doc:
            if token.lemma_.lower() not in self.syntax.accusation_verbs:
                continue
            for head in token.children:
                if head.dep_ in ("nsubjpass", "dobj"):
                    for word in (head, *(c for c in head.children if c.dep_ == "conj")):
                        found.update(a for a in self.at(word) if self.kinds.get(a) == "person")
        return found

    def _casualties(self) -> set[str]:
        """The named people the text says died or were hurt without naming an act: "X
        was found dead", "X died", "X had gunshot wounds", "X was suffering from a gunshot
        wound", "X was hit by gunfire"."""
        found: set[str] = set()
        for verb, roles in self._casualty_clauses():
            for head in [c for c in verb.children if c.dep_ in roles] or _sourced(verb):
                if head.lemma_.lower() in self.syntax.relative_pronouns and verb.dep_ == "relcl":
                    head = verb.head  # "found Ana Ruiz, who was pronounced dead"
                for word in (head, *(c for c in head.children if c.dep_ == "conj")):
                    found.update(a for a in self.at(word) if self.kinds.get(a) == "person")
        return found

    def _casualty_clauses(self) -> Iterator[tuple[Token, frozenset[str]]]:
        """(verb, the roles of the casualty) for each clause that tells one; each word is
        looked at once, for what it says of the verb above it."""
        syntax = self.syntax
        for token in self.doc:
            lemma = token.lemma_.lower()
            if lemma in syntax.casualty_verbs and token.pos_ in ("VERB", "AUX"):
                yield token, _SUBJECT_ROLES  # "X died"
            elif token.dep_ in _STATE_DEPS and token.lower_ in syntax.casualty_states:
                yield token.head, _FOUND_ROLES  # "X was found dead", "found X dead"
            elif token.dep_ == "dobj" and lemma in syntax.wounds:
                yield token.head, _SUBJECT_ROLES  # "X had gunshot wounds"
            elif token.dep_ == "pobj" and lemma in syntax.wounds:
                prep = token.head  # "suffering from a gunshot wound", "found X with a wound"
                if prep.dep_ == "prep" and prep.lower_ in ("from", "with"):
                    yield prep.head, _FOUND_ROLES
            elif lemma in syntax.projectiles and token.dep_ in ("nsubj", "pobj"):
                verb = token.head if token.dep_ == "nsubj" else token.head.head
                if token.dep_ == "nsubj" or token.head.dep_ == "agent":
                    yield verb, _HIT_ROLES  # "a bullet hit X", "X was hit by gunfire"

    def _identified_as(self, head: Token) -> str | None:
        """The person a singular person noun was identified as (see item 6 above)."""
        if head.tag_ != "NN" or self._related(head):
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
            elif child.dep_ == "poss" and head.lemma_.lower() not in self.syntax.relation_nouns:
                yield child  # "His administration", never "his son" (someone else)
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
            return self._person_pronoun(token, exclude)
        if lemma in syntax.singular_pronouns or token.lower_ in syntax.singular_pronouns:
            wanted = "singular"
        elif lemma in syntax.plural_pronouns or token.lower_ in syntax.plural_pronouns:
            wanted = "plural"
        else:
            return ()
        before = self._mentions_before(token, exclude)
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
            for mention in in_sentence:
                if self.kinds.get(mention.actor_id) == "organization":
                    return (mention.actor_id,)
        return ()

    def _mentions_before(
        self, token: Token, exclude: tuple[str, ...], collective: bool = True
    ) -> list[Mention]:
        """Mentions a pronoun may point back to, nearest first (see ``_pronoun``); for a
        collective's pronoun ("they", "it"), not the objects of the clause it is under."""
        start = token.idx
        floor = self._paragraph_floor(start)
        objects = _main_clause_objects(token) if collective else []
        return [
            m
            for m in reversed(self.mentions)
            if m.span[1] <= start
            and m.span[0] >= floor
            and m.actor_id not in exclude
            and not any(a <= m.span[0] < b for a, b in objects)
        ]

    def _person_pronoun(self, token: Token, exclude: tuple[str, ...]) -> tuple[str, ...]:
        """The person "he", "her" points back to: the nearest person before it that agrees
        with it, in its sentence first, named or not, and never the speaker of the
        quotation it is in ('"He shot her," Ruiz said' is not about Ruiz). An unnamed
        one ("a woman was shot ... shot her") is no named actor: the pronoun then stands
        for no actor, unless the text names that person ("the woman, Ana Ruiz",
        "identified the woman as")."""
        if token.lower_.endswith("self") and exclude:
            return ()  # "shot himself": the event's own actor, who is no recipient
        gender = self._gender_of_word(token)
        speakers = {s for (a, b), s in self.quotes if a <= token.idx < b}
        mentions = [
            (m.span[0], m, None)
            for m in self._mentions_before(token, exclude, collective=False)
            if self.kinds.get(m.actor_id) == "person"
            and self.genders.get(m.actor_id) in (None, gender)
            and m.actor_id not in speakers
        ]
        floor = self._paragraph_floor(token.idx)
        nouns = [
            (noun.idx, None, noun)
            for noun in self.person_nouns
            if floor <= noun.idx < token.idx
            and self._gender_of_word(noun) in (None, gender)
            and not _local_subject(noun, token)
        ]
        referents = sorted([*mentions, *nouns], key=lambda r: -r[0])
        sentence_start = sentence_of(token).start_char
        ordered = [r for r in referents if r[0] >= sentence_start] or referents
        if not ordered:
            return ()
        _, mention, noun = self._past_speaker(ordered)
        if mention is not None:
            return (mention.actor_id,)
        if noun is None:
            return ()
        named = self.actors_for(noun, depth=1, exclude=exclude)
        return tuple(a for a in named if self.kinds.get(a) == "person")

    def _past_speaker(self, ordered: list[_Referent]) -> _Referent:
        """The nearest referent, unless it is who is said to speak in its sentence and
        that sentence has another ("Ruiz lived there, said Lt. Ana Soto. He was shot"):
        the one spoken of is the likelier antecedent."""
        first = ordered[0]
        home = None if first[1] is None else self._speaking_in(first[1])
        if home is None:
            return first
        for other in ordered[1:]:
            if other[0] < home:
                break
            if other[1] is None or self._speaking_in(other[1]) is None:
                return other
        return first

    def _speaking_in(self, mention: Mention) -> int | None:
        """Where the sentence starts in which a mention is the subject of a verb of saying
        ("Ruiz said", "said Ruiz"); None if it is not."""
        span = self.doc.char_span(mention.span[0], mention.span[1], alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        root = span.root
        if root.dep_ != "nsubj" or root.head.lemma_.lower() not in self.speech_verbs:
            return None
        return sentence_of(root).start_char

    def _gender_of_word(self, token: Token) -> str | None:
        words = {token.lower_, token.lemma_.lower()}
        if words & self.syntax.male_words:
            return None if words & self.syntax.female_words else "male"
        return "female" if words & self.syntax.female_words else None

    def _person_nouns(self) -> list[Token]:
        """Common nouns for one person that no mention covers and that a pronoun may point
        back to: one the text introduces ("a 42-year-old woman", "Man shot"), and "the
        man" after "a man". Other definite nouns ("the man" for a person named before,
        "her brother") are left to the names they stand for."""
        syntax = self.syntax
        people = syntax.single_persons | syntax.male_words | syntax.female_words
        found: list[Token] = []
        seen: set[str] = set()
        for token in self.doc:
            lemma = token.lemma_.lower()
            if token.tag_ != "NN" or lemma not in people or token.dep_ == "compound":
                continue
            if self.covered(token):
                continue
            determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "poss")}
            new = bool(determiners & _NEW_REFERENT) or not determiners
            if new or (lemma in seen and determiners & _DEFINITE):
                found.append(token)
            if new:
                seen.add(lemma)
        return found

    def _genders(self) -> dict[str, str]:
        """The sex the text gives each named person: a courtesy form ("Mrs. Ruiz") or a
        noun said of them ("Ana Ruiz, a 30-year-old woman", "identified the woman as")."""
        votes: dict[str, set[str]] = {}
        for mention in self.mentions:
            span = self.doc.char_span(mention.span[0], mention.span[1], alignment_mode="expand")
            if span is None or span.start == 0:
                continue
            gender = self._gender_of_word(self.doc[span.start - 1])
            if gender is not None:
                votes.setdefault(mention.actor_id, set()).add(gender)
        for noun in self.person_nouns:
            gender = self._gender_of_word(noun)
            if gender is None:
                continue
            named = list(self.appositions(noun))
            if noun.dep_ == "appos":
                named.extend(self.at(noun.head))
            lemma = noun.lemma_.lower()
            if lemma in self.identified:
                named.append(self.identified[lemma])
            for actor in named:
                if self.kinds.get(actor) == "person":
                    votes.setdefault(actor, set()).add(gender)
        return {actor: next(iter(g)) for actor, g in votes.items() if len(g) == 1}

    def appositions(self, noun: Token) -> tuple[str, ...]:
        """The named actors in apposition to a noun ("the victim, Ana Ruiz")."""
        return _unique(a for c in noun.children if c.dep_ == "appos" for a in self.at(c))

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
    identified as X", "X was identified as the victim", "the victim is X", and a story's
    role used as a title ("victim X", "suspect X")."""
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
    elif (
        token.dep_ in ("compound", "nmod")
        and token.head.pos_ == "PROPN"
        and lemma in syntax.victim_nouns | syntax.perpetrator_nouns
    ):
        yield token, token.head  # "shooting victim Ana Ruiz", "suspect Juan Pérez"
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


def _age(token: Token) -> str | None:
    """The age given with a person's word: "27-year-old man", "Ana Ruiz, 27,"."""
    for child in token.children:
        if child.lower_ == "old" or child.lower_.endswith("-old"):
            numbers = [t.text for t in child.subtree if t.like_num]
            if numbers:
                return numbers[0]
        elif child.dep_ == "appos" and child.like_num:
            return child.text
    return None


def _local_subject(noun: Token, pronoun: Token) -> bool:
    """Whether ``noun`` is the subject of the verb ``pronoun`` is the object of: "the
    suspect shot her" never means the suspect shot the suspect."""
    if pronoun.dep_ in ("nsubj", "nsubjpass") or noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = pronoun.head
    while verb.dep_ == "prep" or verb.dep_ == "agent":
        verb = verb.head
    return noun.head == verb or (verb.dep_ == "conj" and noun.head == verb.head)


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


def _sourced(verb: Token) -> list[Token]:
    """The subject a parse gave to the source before it: "According to the coroner, A
    and B were pronounced dead" read as "according to the coroner, A and B"; the names
    joined to the source's name after it are the verb's subject. The source's own name
    may stand in apposition to its title ("the coroner Rosa Diaz, A and B")."""
    found: list[Token] = []
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ != "according":
            continue
        for source in (o for to in prep.children for o in to.children if o.dep_ == "pobj"):
            name = next(
                (
                    c
                    for c in source.children
                    if c.dep_ == "appos" and c.i > source.i and c.left_edge.nbor(-1).text != ","
                ),
                source,
            )
            found.extend(
                c
                for c in name.children
                if c.dep_ in ("conj", "appos") and c.i > name.i and c.pos_ == "PROPN"
            )
    return found


def wire_credits(text: str, paragraphs: Sequence[int] = ()) -> list[tuple[int, int]]:
    """The character spans of the agency credits in the text's datelines: bracketed
    capitalised words followed by a dash, near a paragraph's start, and standing at the
    paragraph's start, glued to the words before them (a page title run into the story:
    "CBS Chicago(STMW) —"), or after a place in capitals ("CHICAGO (STMW) —")."""
    starts = sorted({0, *paragraphs})
    found = []
    for match in _CREDIT.finditer(text):
        opening = match.start()
        paragraph = starts[bisect_right(starts, opening) - 1]
        if opening - paragraph > CREDIT_REACH:
            continue
        before = text[paragraph:opening]
        if not before.strip() or not before[-1].isspace() or _DATELINE_PLACE.search(before[-60:]):
            found.append(match.span(1))
    return found


def _inside(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for actor_id in ids:
        if actor_id not in out:
            out.append(actor_id)
    return tuple(out)
