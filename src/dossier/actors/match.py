"""Dictionary actors, generic agents and title phrases found in a parsed document.

The dictionary's matchers report every alias they see, overlaps included
(``ActorDictionary.candidates``); this module chooses among them:

- an alias that several entries share (``PNC`` in El Salvador and Guatemala) goes to
  the entry of the document's country, else to the country the document's other
  unambiguous matches point at most often, else to an entry without a country; when
  none fits, the alias is left unmatched (a generic agent or the NER may take it);
- a proper-name alias of one word does not match a word written in lower case;
- the longest match wins; dictionary actors come before generic agents, which only
  take words no dictionary actor holds, and only when they end on a noun.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from dossier.actors.dictionary import TITLE_KEY, ActorDictionary, Candidate
from dossier.actors.lexicon import NO_SECTOR

NOUNS = frozenset({"NOUN", "PROPN"})


@dataclass(frozen=True)
class Match:
    """Tokens ``start:end`` name the dictionary entry ``entry_id``."""

    start: int
    end: int
    entry_id: str

    def tokens(self) -> range:
        return range(self.start, self.end)


@dataclass(frozen=True)
class TitleMatch:
    """Tokens ``start:end`` are a title phrase of the lexicon with this sector."""

    start: int
    end: int
    sector: str | None


@dataclass(frozen=True)
class Matches:
    named: tuple[Match, ...]  # dictionary actors, not overlapping
    generic: tuple[Match, ...]  # generic agents on words no dictionary actor holds
    titles: tuple[TitleMatch, ...]


def find_matches(doc: Doc, dictionary: ActorDictionary, country: str | None) -> Matches:
    """Choose the dictionary, generic and title matches of one document."""
    named_spans: dict[tuple[int, int], list[str]] = defaultdict(list)
    generic_spans: dict[tuple[int, int], list[str]] = defaultdict(list)
    titles: list[TitleMatch] = []
    for found in dictionary.candidates(doc):
        if found.key.startswith(TITLE_KEY):
            sector = found.key[len(TITLE_KEY) :]
            titles.append(
                TitleMatch(found.start, found.end, None if sector == NO_SECTOR else sector)
            )
            continue
        entry = dictionary.entries[found.key]
        spans = generic_spans if entry.generic else named_spans
        if entry.generic or _proper(doc, found):
            spans[(found.start, found.end)].append(found.key)
    named = _longest(_resolve(named_spans, dictionary, country))
    taken = {i for match in named for i in match.tokens()}
    generic = _longest(
        Match(start, end, ids[0])
        for (start, end), ids in generic_spans.items()
        if doc[end - 1].pos_ in NOUNS
        and not taken.intersection(range(start, end))
        and not _inside_name(doc, start, end)
    )
    return Matches(
        named=tuple(named), generic=tuple(generic), titles=tuple(_longest_titles(titles))
    )


def _inside_name(doc: Doc, start: int, end: int) -> bool:
    """Generic words that are part of a proper name ("Public Security Minister")."""
    after = end
    while after < len(doc) and doc[after].is_space:
        after += 1
    if after < len(doc) and _capitalised_noun(doc, after) and not doc[after].is_sent_start:
        return True
    first = doc[start]
    return (
        first.text[:1].isupper()
        and not first.is_sent_start
        and start > 0
        and _capitalised_noun(doc, start - 1)
    )


def _capitalised_noun(doc: Doc, i: int) -> bool:
    return doc[i].text[:1].isupper() and doc[i].tag_ in ("NNP", "NNPS")


def _proper(doc: Doc, found: Candidate) -> bool:
    """A one-word proper-name alias never matches a word written all in lower case."""
    return found.end - found.start > 1 or not doc[found.start].text.islower()


def _resolve(
    spans: dict[tuple[int, int], list[str]], dictionary: ActorDictionary, country: str | None
) -> list[Match]:
    """One entry per matched span, choosing by country where an alias is shared."""
    plain = Counter(
        dictionary.entries[ids[0]].country
        for ids in spans.values()
        if len(set(ids)) == 1 and dictionary.entries[ids[0]].country
    )
    preferred = [country, *(code for code, _ in plain.most_common())]
    chosen = []
    for (start, end), ids in spans.items():
        entry_id = _choose(sorted(set(ids)), dictionary, preferred)
        if entry_id is not None:
            chosen.append(Match(start, end, entry_id))
    return chosen


def _choose(
    ids: Sequence[str], dictionary: ActorDictionary, preferred: Sequence[str | None]
) -> str | None:
    if len(ids) == 1:
        return ids[0]
    entries = [dictionary.entries[i] for i in ids]
    for wanted in preferred:
        hits = [e.id for e in entries if wanted is not None and e.country == wanted]
        if hits:
            return hits[0]
    placeless = [e.id for e in entries if e.country is None]
    return placeless[0] if placeless else None


def _longest(matches: Iterable[Match]) -> list[Match]:
    """Non-overlapping matches, longest first, then earliest; returned in text order."""
    kept: list[Match] = []
    taken: set[int] = set()
    for match in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        if not taken.intersection(match.tokens()):
            kept.append(match)
            taken.update(match.tokens())
    return sorted(kept, key=lambda m: m.start)


def _longest_titles(titles: Iterable[TitleMatch]) -> list[TitleMatch]:
    kept: list[TitleMatch] = []
    taken: set[int] = set()
    for title in sorted(titles, key=lambda t: (t.start - t.end, t.start)):
        if not taken.intersection(range(title.start, title.end)):
            kept.append(title)
            taken.update(range(title.start, title.end))
    return sorted(kept, key=lambda t: t.start)
