"""Actor and Mention records from the drafts ``find`` puts together.

A draft is one actor of the document while its mentions are being collected. When all
are in, each becomes an ``Actor``: the dictionary's name, sector, country and
affiliations where the dictionary knows it; else what the text says (a person's
roles; an organisation's name: "... Police Department" is COP). A person holding a
national government title, or whose "administration" the text mentions, is
affiliated with the government of their country.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from dossier.actors.dictionary import ActorDictionary, Entry, fold
from dossier.actors.lexicon import STATE_SECTORS, TitleLexicon
from dossier.actors.roles import Role
from dossier.records import Actor, Mention, Where

GOVERNMENT = "government"  # the generic agent a head of government's administration is
TokenSpan = tuple[int, int]


@dataclass
class Draft:
    """One actor being put together from its mentions (token spans)."""

    key: str
    kind: str
    spans: list[TokenSpan] = field(default_factory=list)
    entry: Entry | None = None  # the dictionary entry, or the generic agent
    generic_spans: set[TokenSpan] = field(default_factory=set)  # named by a generic word
    roles: list[Role] = field(default_factory=list)
    leads_government: bool = False
    place: Where | None = None  # a country acting as an actor ("Israel said ...")

    def country(self, document_country: str | None) -> str | None:
        """The dictionary's country; a generic agent's is the document's."""
        if self.entry is None:
            return None
        return document_country if self.entry.generic else self.entry.country


@dataclass(frozen=True)
class Profile:
    sector: str | None
    country: str | None
    affiliations: tuple[str, ...]


def build(
    doc: Doc, drafts: list[Draft], dictionary: ActorDictionary, country: str | None
) -> tuple[list[Actor], list[Mention]]:
    """The actors in order of first mention, and every mention in text order."""
    text = doc.text  # built anew on every access: read it once
    actors = [_actor(doc, text, d, dictionary, country) for d in sorted(drafts, key=_first)]
    mentions = [
        Mention(actor.id, span, text[span[0] : span[1]])
        for actor in actors
        for span in actor.mentions
    ]
    return actors, sorted(mentions, key=lambda m: m.span)


def _first(draft: Draft) -> TokenSpan:
    return min(draft.spans)


def _actor(
    doc: Doc, text: str, draft: Draft, dictionary: ActorDictionary, country: str | None
) -> Actor:
    chars = tuple(_characters(doc, span) for span in sorted(set(draft.spans)))
    seen: dict[str, str] = {}
    for start, end in chars:
        seen.setdefault(fold(text[start:end]), text[start:end])
    names = list(seen.values())
    entry = draft.entry
    if entry is not None:
        name = entry.name
    elif draft.place is not None:
        name = draft.place.name
    else:
        name = max(names, key=lambda t: (len(t.split()), len(t)))
    if draft.kind == "person":
        profile = _person_profile(draft, dictionary, country)
    else:
        profile = _group_profile(draft, name, dictionary.titles, country)
    return Actor(
        id=draft.key,
        name=name,
        kind=draft.kind,
        aliases=tuple(t for t in names if t != name),
        country=profile.country,
        sector=profile.sector,
        roles=tuple(_distinct(role.text for role in draft.roles)),
        affiliations=tuple(a for a in dict.fromkeys(profile.affiliations) if a != draft.key),
        mentions=chars,
        dictionary_id=None if entry is None else entry.id,
    )


def _characters(doc: Doc, span: TokenSpan) -> tuple[int, int]:
    last = doc[span[1] - 1]
    return (doc[span[0]].idx, last.idx + len(last.text))


def _person_profile(draft: Draft, dictionary: ActorDictionary, country: str | None) -> Profile:
    """A person's sector, country and affiliations: the dictionary's, else the text's."""
    entry = draft.entry
    roles = draft.roles
    affiliations = [
        *(entry.affiliations if entry else ()),
        *(a for r in roles for a in r.affiliations),
    ]
    sector = entry.sector if entry else next((r.sector for r in roles if r.sector), None)
    if sector is None and draft.leads_government:
        sector = "GOV"
    home = entry.country if entry else next((r.country for r in roles if r.country), None)
    if home is None:
        homes = (dictionary.entries[a].country for a in affiliations if a in dictionary.entries)
        home = next((h for h in homes if h), None)
    if home is None and sector in STATE_SECTORS:
        home = country
    if draft.leads_government or _national_official(roles, dictionary.titles):
        affiliations.append(dictionary.generic_id(GOVERNMENT, home or country))
    return Profile(sector, home, tuple(affiliations))


def _group_profile(draft: Draft, name: str, lexicon: TitleLexicon, country: str | None) -> Profile:
    """An organisation's or group's: the dictionary's, else what its name says."""
    entry = draft.entry
    if entry is not None:
        return Profile(entry.sector, draft.country(country), entry.affiliations)
    if draft.place is not None:
        return Profile(None, draft.place.country, ())
    sector = lexicon.org_sector(name)
    home = lexicon.country_in(name)
    if home is None and sector in STATE_SECTORS:
        home = country
    return Profile(sector, home, ())


def _national_official(roles: list[Role], lexicon: TitleLexicon) -> bool:
    """Holds a government title that is not a local one ("mayor")."""
    return any(
        r.sector == "GOV" and not lexicon.local_titles.intersection(r.text.lower().split())
        for r in roles
    )


def _distinct(texts: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for text in texts:
        seen.setdefault(text.casefold(), text)
    return list(seen.values())
