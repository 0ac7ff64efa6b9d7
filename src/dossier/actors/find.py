"""Find the actors of one parsed document: who is named, how often, in what role.

The steps, each in its own module:

1. ``match``: dictionary actors, generic agents and title phrases in the text;
2. ``people``: the recogniser's PERSON and ORG names the dictionary does not hold;
3. ``resolve``: person mentions grouped by name and short form, and acronyms paired
   with their expansions;
4. ``roles``: titles and appositions around each person mention;
5. ``build``: one ``Actor`` per actor found, with every mention, and the ``Mention``s.

Where two readings claim the same words, the dictionary wins over a person, a person
over the recogniser's organisations, and all of them over generic agents. A generic
word inside a title ("police chief") names no one, and a name the dictionary does not
know, seen only where a place goes ("in Cartagena"), is taken for a place; so is a
"person" seen only in the words of a place: the "of" object or a modifier of a place
noun ("the block of Jensen", "a south Augusta shopping center", "Waterloo police"), a
modifier of a noun with its own possessor ("his Waterloo home"), the possessor of a part
of a place or of a business ("Indy's east side", "Angie's Bar", "at Angie's."), after a
street word ("10th St. Waterloo"), or joined to such a place ("at 10th and Filbert").

Actor ids: the dictionary id for dictionary actors (``ms13``, ``slv-pnc``); for a
generic agent, its country's entry or ``<generic id>:<country>`` (see
``data/actors/generic.yaml``); else ``person:<slug>`` or ``org:<slug>`` of the name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dossier.actors.build import Draft, TokenSpan, build
from dossier.actors.dictionary import ActorDictionary, Entry, fold
from dossier.actors.lexicon import TitleLexicon
from dossier.actors.match import Matches, find_matches
from dossier.actors.people import ORG, PERSON, Name, find_names
from dossier.actors.resolve import Acronym, Person, Seed, acronym_fits, find_acronyms, group_people
from dossier.actors.roles import RoleContext, describe
from dossier.records import Actor, Mention, PlaceMention, Where

POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
NAME_CONNECTORS = frozenset({"of", "for", "and", "the", "de", "del", "la", "las", "los", "el", "y"})


def find_actors(
    doc: Doc,
    dictionary: ActorDictionary,
    country: str | None,
    places: Sequence[PlaceMention] = (),
) -> tuple[list[Actor], list[Mention]]:
    """The actors a document names and every mention of them, in text order.

    ``country`` (ISO alpha-3) is the document's main country: generic agents ("the
    police") belong to it, and it decides between dictionary entries that share an
    alias ("PNC"). ``places`` are the places the places stage resolved: a country named
    where an actor goes ("Israel said", "talks with Iran"), not where a place goes ("in
    Israel"), is an actor of its own, ``country:<alpha-3>``.
    """
    country = country.upper() if country else None
    matches = find_matches(doc, dictionary, country)
    names = find_names(doc, dictionary.titles, matches)
    people = _people(doc, dictionary, matches, names, places)
    held = {i for person in people for start, end in person.spans for i in range(start, end)}
    book = _Book()
    for match in matches.named:
        entry = dictionary.entries[match.entry_id]
        if entry.kind != "person":
            book.add(entry.id, entry.kind, (match.start, match.end), entry)
    for name in names:
        if name.label == ORG and not held.intersection(name.tokens()):
            key = "org:" + slug(doc[name.start : name.end].text)
            book.add(key, "organization", (name.start, name.end))
    for acronym in find_acronyms(doc):
        _pair(doc, acronym, dictionary, book)
    for match in matches.generic:
        if not held.intersection(match.tokens()):
            key = dictionary.generic_id(match.entry_id, country)
            entry = dictionary.entries.get(key) or dictionary.entries[match.entry_id]
            book.add(key, entry.kind, (match.start, match.end), entry, generic=True)
    for place in places:
        if place.where.precision != "country" or place.where.country is None:
            continue
        words = doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
        if words is not None and len(words):
            key = "country:" + place.where.country.lower()
            book.add(key, "location", (words.start, words.end), place=place.where)
    claimed = _describe_people(doc, people, matches, dictionary, country, book)
    book.drop_generic(claimed)
    book.drop_places(doc, dictionary.titles)
    return build(doc, list(book.drafts.values()), dictionary, country)


def slug(text: str) -> str:
    """A name as an id part: "Arístides Valencia" -> "aristides-valencia"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "unnamed"


@dataclass
class _Book:
    """The drafts of one document's actors, and which actor holds which token."""

    drafts: dict[str, Draft] = field(default_factory=dict)
    owners: dict[int, str] = field(default_factory=dict)

    def add(
        self,
        key: str,
        kind: str,
        span: TokenSpan,
        entry: Entry | None = None,
        *,
        generic: bool = False,
        place: Where | None = None,
    ) -> None:
        """A mention of ``key``, unless another actor already holds one of its tokens."""
        if self.owners.keys() & set(range(*span)):
            return
        draft = self.drafts.setdefault(key, Draft(key=key, kind=kind, entry=entry, place=place))
        draft.spans.append(span)
        if generic:
            draft.generic_spans.add(span)
        self.owners.update(dict.fromkeys(range(*span), key))

    def merge(self, old: str, new: str) -> None:
        """Every mention of ``old`` becomes one of ``new``."""
        if old == new or old not in self.drafts:
            return
        merged = self.drafts.pop(old)
        self.drafts[new].spans.extend(merged.spans)
        for i, key in self.owners.items():
            if key == old:
                self.owners[i] = new

    def drop_generic(self, claimed: set[int]) -> None:
        """A generic word inside a title ("police" in "police chief Ana Ruiz") names no one."""
        for key in list(self.drafts):
            draft = self.drafts[key]
            dropped = {s for s in draft.generic_spans if claimed.intersection(range(*s))}
            draft.spans = [s for s in draft.spans if s not in dropped]
            if not draft.spans:
                del self.drafts[key]

    def drop_places(self, doc: Doc, lexicon: TitleLexicon) -> None:
        """Names the dictionary does not know, seen where a place goes ("in Cartagena"),
        and "people" seen only there or in a place's words ("the block of Jensen",
        "Indy's east side")."""
        for key in list(self.drafts):
            draft = self.drafts[key]
            if draft.entry is not None:
                continue
            placed = [s for s in draft.spans if _in_place_position(doc, s, lexicon)]
            if draft.kind == "person" and all(
                s in placed or _in_place_phrase(doc, s, lexicon) for s in draft.spans
            ):
                del self.drafts[key]
            elif placed and draft.roles:
                draft.spans = [s for s in draft.spans if s not in placed]
            elif placed and draft.kind != "person":
                del self.drafts[key]
            # a person also named elsewhere stays whole: "shot at LeGrier" is not a place


def _people(
    doc: Doc,
    dictionary: ActorDictionary,
    matches: Matches,
    names: list[Name],
    places: Sequence[PlaceMention] = (),
) -> list[Person]:
    """Dictionary people and PERSON names, grouped, with their short forms. A one-word
    "name" that the document also uses as a town or region ("AUBURN, Alabama" and
    "Auburn") is the place (a country's name may stand for it as an actor)."""
    place_names = {fold(p.text) for p in places if p.where.precision != "country"}
    seeds = []
    blocked: set[int] = set()
    for match in matches.named:
        entry = dictionary.entries[match.entry_id]
        if entry.kind == "person":
            words = tuple(fold(w) for w in entry.name.split())
            seeds.append(Seed(match.start, match.end, words, entry.id))
        else:
            blocked.update(match.tokens())
    for name in names:
        if name.label == PERSON:
            words = tuple(fold(t.text) for t in doc[name.start : name.end] if not t.is_quote)
            if len(words) == 1 and words[0] in place_names:
                continue
            seeds.append(Seed(name.start, name.end, words))
    lexicon = dictionary.titles
    courtesy = lexicon.honorifics | lexicon.keep_modifiers | lexicon.drop_modifiers
    lead_ins = {i for t in matches.titles for i in range(t.start, t.end)}
    lead_ins.update(t.i for t in doc if t.lower_ in courtesy)
    return group_people(doc, seeds, blocked, lead_ins)


def _pair(doc: Doc, acronym: Acronym, dictionary: ActorDictionary, book: _Book) -> None:
    """Give an acronym and its expansion one actor, and every other use of the acronym."""
    short_key = book.owners.get(acronym.short[0])
    long_key = book.owners.get(acronym.opening - 1)
    inner_key = None if acronym.inner is None else book.owners.get(acronym.inner[0])
    keys = [k for k in (short_key, long_key, inner_key) if k is not None]
    known = [k for k in keys if k in dictionary.entries]
    if known:
        key = known[0]
    elif long_key is not None and _fits(doc, acronym, [book.drafts[long_key].spans[0]]):
        key = long_key
    elif long_key is None and (run := _name_before(doc, acronym)):
        key = "org:" + slug(doc[run[0] : run[1]].text)  # a name the recogniser missed
        book.add(key, "organization", run)
        if key not in book.drafts:
            return
    else:
        return
    for other in keys:
        if other not in dictionary.entries:
            book.merge(other, key)
    target = book.drafts[key]
    if acronym.inner is not None and inner_key is None:
        book.add(key, target.kind, acronym.inner, target.entry)
    if short_key is None:
        words = doc[acronym.short[0] : acronym.short[1]].text
        book.merge("org:" + slug(words), key)  # where the recogniser saw the acronym alone
        size = acronym.short[1] - acronym.short[0]
        for token in doc:
            if doc[token.i : token.i + size].text == words:
                book.add(key, target.kind, (token.i, token.i + size), target.entry)


def _fits(doc: Doc, acronym: Acronym, spans: list[TokenSpan]) -> bool:
    short = doc[acronym.short[0] : acronym.short[1]].text
    names = [doc[s:e].text for s, e in spans]
    if acronym.inner is not None:
        names.append(doc[acronym.inner[0] : acronym.inner[1]].text)
    return any(acronym_fits(short, name) for name in names)


def _name_before(doc: Doc, acronym: Acronym) -> TokenSpan | None:
    """The capitalised words before a bracket that the acronym's first letter starts:
    "Leaders of the Movement for Rural Justice (MRJ)" gives "Movement for Rural Justice"."""
    end = acronym.opening
    start = end
    while start > 0 and (
        doc[start - 1].text[:1].isupper() or doc[start - 1].lower_ in NAME_CONNECTORS
    ):
        start -= 1
    initial = fold(doc[acronym.short[0]].text)[:1]
    starts = [t.i for t in doc[start:end] if t.text[:1].isupper() and fold(t.text)[:1] == initial]
    if not starts or end - starts[0] < 2:
        return None
    return (starts[0], end)


def _describe_people(
    doc: Doc,
    people: list[Person],
    matches: Matches,
    dictionary: ActorDictionary,
    country: str | None,
    book: _Book,
) -> set[int]:
    """Add a draft per person with the roles around each mention; return title tokens."""
    context = _role_context(matches, book, dictionary, country)
    claimed: set[int] = set()
    for person in people:
        entry = None if person.entry_id is None else dictionary.entries[person.entry_id]
        key = entry.id if entry is not None else _person_key(doc, person)
        draft = book.drafts.setdefault(key, Draft(key=key, kind="person", entry=entry))
        draft.spans.extend(person.spans)
        for start, end in person.spans:
            description = describe(doc, start, end, context)
            draft.roles.extend(description.roles)
            draft.leads_government = draft.leads_government or description.leads_government
            claimed.update(description.claimed)
    return claimed


def _role_context(
    matches: Matches, book: _Book, dictionary: ActorDictionary, country: str | None
) -> RoleContext:
    sectors: dict[str, str | None] = {k: e.sector for k, e in dictionary.entries.items()}
    countries: dict[str, str | None] = {k: e.country for k, e in dictionary.entries.items()}
    for key, draft in book.drafts.items():
        sectors[key] = None if draft.entry is None else draft.entry.sector
        countries[key] = draft.country(country)
    return RoleContext(
        lexicon=dictionary.titles,
        titles={t.end: t for t in matches.titles},
        title_tokens=frozenset(i for t in matches.titles for i in range(t.start, t.end)),
        owners=dict(book.owners),
        sectors=sectors,
        countries=countries,
    )


def _person_key(doc: Doc, person: Person) -> str:
    longest = max(person.spans, key=lambda s: (s[1] - s[0], -s[0]))
    return "person:" + slug(doc[longest[0] : longest[1]].text)


def _in_place_phrase(doc: Doc, span: TokenSpan, lexicon: TitleLexicon) -> bool:
    """A name inside a phrase for a place: the "of" object or a modifier of a place noun
    ("the suburb of Holladay", "a south Augusta shopping center"), a modifier of a noun
    that has its own possessor ("his Waterloo home"), the possessor of a part of a place
    ("Indy's near east side"), or joined to a place so named ("at 10th and Filbert", "the
    area of Eight Mile and Ryan")."""
    root = doc[span[1] - 1]
    if _place_slot(root, lexicon) or _place_part_after(doc, span, lexicon):
        return True
    previous = doc[span[0] - 1].lower_ if span[0] > 0 else ""
    if previous in lexicon.street_heads or (
        previous == "of" and _after_place_word(doc, span[0], lexicon)
    ):
        return True  # "302 E. 10th St. Waterloo", "the block of Jensen"
    if root.dep_ == "conj" and root.head.i < span[0] and _place_slot(root.head, lexicon):
        return True
    before = span[0] - 1
    if before < 1 or doc[before].lower_ not in ("and", "&"):
        return False
    first = before
    while (
        first > 0
        and before - first < 3
        and (doc[first - 1].text[:1].isupper() or doc[first - 1].like_num)
    ):
        first -= 1
    return first < before and _after_place_word(doc, first, lexicon)


def _place_slot(token: Token, lexicon: TitleLexicon) -> bool:
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of":
        return head.head.lemma_.lower() in lexicon.place_nouns
    if token.dep_ in ("compound", "nmod", "amod") and head.i > token.i:
        return (
            head.lemma_.lower() in lexicon.place_nouns
            or head.lower_ in lexicon.street_heads
            or any(c.dep_ == "poss" for c in head.children)
        )
    if token.dep_ == "poss":
        return head.lemma_.lower() in lexicon.place_parts
    return False


def _place_part_after(doc: Doc, span: TokenSpan, lexicon: TitleLexicon) -> bool:
    """A possessive, then a part of a place within three words ("'s near east side"), or
    nothing after a preposition ("at Angie's.": the business)."""
    start, end = span
    if end >= len(doc) or doc[end].text not in POSSESSIVES:
        return False
    if end + 1 == len(doc) or doc[end + 1].is_punct:
        return start > 0 and doc[start - 1].pos_ == "ADP"
    for token in doc[end + 1 : end + 4]:
        if token.lower_ in lexicon.place_parts:
            return True
        if token.is_punct or token.pos_ == "VERB":
            return False
    return False


def _after_place_word(doc: Doc, start: int, lexicon: TitleLexicon) -> bool:
    """Words at ``start`` that follow a place preposition or a place noun's "of"."""
    before = start - 1
    if before < 0:
        return False
    word = doc[before].lower_
    if word in lexicon.place_prepositions:
        return True
    return word == "of" and before > 0 and doc[before - 1].lemma_.lower() in lexicon.place_nouns


def _in_place_position(doc: Doc, span: TokenSpan, lexicon: TitleLexicon) -> bool:
    before = span[0] - 1
    while before >= 0 and doc[before].is_space:
        before -= 1
    possessive = span[1] < len(doc) and doc[span[1]].text in POSSESSIVES
    return before >= 0 and doc[before].lower_ in lexicon.place_prepositions and not possessive
