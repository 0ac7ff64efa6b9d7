"""A person's roles, sector, country and affiliations, read from the words around a name.

Three places hold a role:

- a title right before the name, with its qualifiers: "current Interior Minister
  Arístides Valencia" gives "Interior Minister" (``drop_modifiers`` such as "current"
  go), "former Public Security Minister Benito Lara" keeps "former", "FMLN official
  Ana Ruiz" names the FMLN as an affiliation; courtesy forms ("Mr.", "Sra.") are
  skipped and give no role;
- an apposition after the name: "Raúl Mijango, a former guerrilla who ..." gives
  "former guerrilla"; "Ana Ruiz, a spokeswoman for the army" gives "spokeswoman for the
  army" and the army as an affiliation;
- an apposition before the name: "El Salvador's security minister, Ana Ruiz," gives
  "security minister" and the country.

The sector is the title's (``titles.yaml``), else the sector of the organisation named
with it. A name followed by "'s administration" (``government_nouns``) leads a
government.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dossier.actors.lexicon import TitleLexicon
from dossier.actors.match import TitleMatch

POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
CONNECTORS = frozenset({"and", "of", "for", "y", "de"})
HYPHENS = frozenset({"-", "–"})
PREPOSITIONS = frozenset({"of", "for", "with", "at", "in", "from"})
NOUNS = frozenset({"NOUN", "PROPN"})
SKIPPED_LEFT = frozenset({"det", "poss", "case", "punct", "predet"})
ARTICLES = frozenset({"the", "a", "an"})
# Entity types that never qualify a title ("On Monday President ...").
# fmt: off
NOT_QUALIFIERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT",
                            "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "PERSON"})
# fmt: on


@dataclass(frozen=True)
class RoleContext:
    """What role finding reads besides the document: the lexicon and who owns which words."""

    lexicon: TitleLexicon
    titles: Mapping[int, TitleMatch]  # title phrases by their end token
    title_tokens: frozenset[int]  # every token inside a title phrase
    owners: Mapping[int, str]  # token index -> actor id (dictionary, generic, organisation)
    sectors: Mapping[str, str | None]  # actor id -> sector
    countries: Mapping[str, str | None]  # actor id -> country


@dataclass(frozen=True)
class Role:
    text: str
    sector: str | None = None
    country: str | None = None
    affiliations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Owner:
    """Who a title belongs to through a possessive: an actor, or only a country."""

    actor: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Description:
    """Everything the words around one mention of a person say about them."""

    roles: tuple[Role, ...] = ()
    leads_government: bool = False
    claimed: tuple[int, ...] = ()  # tokens of titles and courtesy forms


def describe(doc: Doc, start: int, end: int, context: RoleContext) -> Description:
    """Roles and the like for the person named by tokens ``start:end``."""
    roles: list[Role] = []
    claimed: list[int] = []
    before = _title_before(doc, start, context, claimed)
    if before is not None:
        roles.append(before)
    root = doc[start:end].root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= end and child.pos_ in NOUNS:
            after = _apposition(doc, child, context, claimed, with_object=True)
            if after is not None:
                roles.append(after)
    head = root.head
    if root.dep_ == "appos" and head.i < start and head.pos_ in NOUNS:
        ahead = _apposition(doc, head, context, claimed, with_object=False)
        if ahead is not None:
            roles.append(ahead)
    return Description(
        roles=tuple(roles),
        leads_government=_leads_government(doc, end, context.lexicon),
        claimed=tuple(sorted(set(claimed))),
    )


def _title_before(doc: Doc, start: int, context: RoleContext, claimed: list[int]) -> Role | None:
    lexicon = context.lexicon
    last = start - 1
    while last >= 0 and (doc[last].is_space or doc[last].lower_ in lexicon.honorifics):
        claimed.append(last)
        last -= 1
    title = context.titles.get(last + 1)
    if title is None or last < 0:
        return None
    first = _extend_left(doc, title.start, start, context)
    while first < title.start and (
        doc[first].is_space
        or doc[first].lower_ in lexicon.drop_modifiers
        or doc[first].lower_ in CONNECTORS
    ):
        first += 1
    claimed.extend(range(first, last + 1))
    return _role(doc, first, title.end, title, context, _possessor(doc, first, context))


def _extend_left(doc: Doc, first: int, name_start: int, context: RoleContext) -> int:
    """The first word of a title's qualifiers ("former", "Public Security", "FMLN")."""
    sentence_start = doc[first].sent.start if doc.has_annotation("SENT_START") else 0
    while first > sentence_start and _qualifies(doc, first - 1, name_start, context):
        first -= 1
    return first


def _qualifies(doc: Doc, i: int, name_start: int, context: RoleContext) -> bool:
    """Whether token ``i`` belongs to the title that starts right after it."""
    token = doc[i]
    word = token.lower_
    modifiers = context.lexicon.keep_modifiers | (context.lexicon.drop_modifiers - ARTICLES)
    if token.is_space:
        return "\n" not in token.text
    if word in modifiers or i in context.title_tokens:
        return True
    if token.text in HYPHENS and not token.whitespace_:  # "then-President", "ex-minister"
        return i > 0 and doc[i - 1].lower_ in context.lexicon.keep_modifiers
    if word in CONNECTORS:  # "Justice and Public Security Minister"
        return i > 0 and doc[i - 1].text[:1].isupper() and doc[i + 1].text[:1].isupper()
    if token.text[:1].isupper():
        return word in context.lexicon.title_words or _capitalised_qualifier(token, context)
    return word in context.lexicon.title_words and i < token.head.i < name_start


def _capitalised_qualifier(token: Token, context: RoleContext) -> bool:
    """A capitalised word that qualifies a title: "Interior", "Salvadoran", "FMLN"."""
    if token.text in POSSESSIVES or token.ent_type_ in NOT_QUALIFIERS:
        return False
    if token.i in context.owners or context.lexicon.country_in(token.text):
        return True
    return token.tag_ in ("NNP", "NNPS") or (token.pos_ == "ADJ" and not token.is_sent_start)


def _possessor(doc: Doc, first: int, context: RoleContext) -> Owner:
    """Who owns a title through a possessive: "the FMLN's", "El Salvador's"."""
    if first < 2 or doc[first - 1].text not in POSSESSIVES:
        return Owner()
    return _owner(doc, first - 2, doc[max(0, first - 4) : first - 1].text, context)


def _owner(doc: Doc, i: int, words: str, context: RoleContext) -> Owner:
    actor = context.owners.get(i)
    if actor is not None:
        return Owner(actor=actor)
    return Owner(country=context.lexicon.country_in(words))


def _apposition(
    doc: Doc, head: Token, context: RoleContext, claimed: list[int], *, with_object: bool
) -> Role | None:
    """A role given by a noun phrase in apposition to the name."""
    title = context.titles.get(head.i + 1)
    if title is None:
        return None
    left = [t for t in head.lefts if t.dep_ not in SKIPPED_LEFT]
    first = min([t.left_edge.i for t in left] + [title.start])
    while first < title.start and doc[first].lower_ in context.lexicon.drop_modifiers:
        first += 1
    end = head.i + 1
    owner = Owner()
    poss = [t for t in head.lefts if t.dep_ == "poss"]
    if poss:
        owner = _owner(doc, poss[0].i, doc[poss[0].left_edge.i : poss[0].i + 1].text, context)
    if with_object:  # "a spokesman for the army", "a member of the MS13"
        prep = next((t for t in head.rights if t.dep_ == "prep"), None)
        if prep is not None and prep.lower_ in PREPOSITIONS:
            objects = [t for t in prep.children if t.dep_ == "pobj"]
            if objects and objects[0].i in context.owners:
                end = objects[0].right_edge.i + 1
                owner = Owner(actor=context.owners[objects[0].i])
    claimed.extend(range(first, head.i + 1))
    return _role(doc, first, end, title, context, owner)


def _role(
    doc: Doc, first: int, end: int, title: TitleMatch, context: RoleContext, owner: Owner
) -> Role:
    """The role in tokens ``first:end``: its sector, country and the actors it names."""
    named = [context.owners[i] for i in range(first, end) if i in context.owners]
    affiliations = list(dict.fromkeys([*named, *([owner.actor] if owner.actor else [])]))
    unowned = " ".join(t.text for t in doc[first:end] if t.i not in context.owners)
    countries = [context.countries.get(key) for key in affiliations]
    country = context.lexicon.country_in(unowned) or owner.country
    country = country or next((c for c in countries if c), None)
    sectors = [context.sectors.get(key) for key in affiliations]
    sector = title.sector or next((s for s in sectors if s), None)
    return Role(
        text=doc[first:end].text,
        sector=sector,
        country=country,
        affiliations=tuple(affiliations),
    )


def _leads_government(doc: Doc, end: int, lexicon: TitleLexicon) -> bool:
    """Whether the name heads a government: "Ana Ruiz's administration"."""
    i = end
    while i < len(doc) and (doc[i].is_space or doc[i].text in POSSESSIVES):
        i += 1
    return i < len(doc) and doc[i].lower_ in lexicon.government_nouns
