"""The titles lexicon (``data/actors/titles.yaml``): titles and the sector they give,
the words around titles and names, organisation head words, country words."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from dossier.errors import ConfigError, Messages

TITLES_PATH = ("data", "actors", "titles.yaml")
NO_SECTOR = "none"  # titles whose sector comes from the organisation named with them
# fmt: off
SECTORS = ("GOV", "MIL", "COP", "JUD", "LEG", "PTY", "REB", "CRM", "MED", "CVL", "BUS", "NGO",
           "IGO", "REL")
# fmt: on
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG"})
REGION_WORDS = ("Latin", "Central", "South", "North", "Inter", "Pan")


@dataclass(frozen=True)
class TitleLexicon:
    """Word lists that turn the words around a name into a role, a sector, a country."""

    titles: Mapping[str, str | None]  # title phrase (lower case) -> sector or None
    keep_modifiers: frozenset[str]
    drop_modifiers: frozenset[str]
    honorifics: frozenset[str]
    government_nouns: frozenset[str]
    non_actor_markers: frozenset[str]
    street_heads: frozenset[str]
    not_name_words: frozenset[str]
    place_nouns: frozenset[str]  # "the block of X", "an X shopping center": X is a place
    place_parts: frozenset[str]  # "X's east side": X is a place
    portfolios: frozenset[str]
    place_prepositions: frozenset[str]
    local_titles: frozenset[str]
    org_heads: tuple[tuple[re.Pattern[str], str], ...]  # in file order
    countries: tuple[tuple[re.Pattern[str], str], ...]  # longest name first
    title_words: frozenset[str]  # every word of a title or a portfolio ("public", "army")

    @classmethod
    def load(cls) -> TitleLexicon:
        return _load()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TitleLexicon:
        titles: dict[str, str | None] = {}
        for sector, phrases in data["titles"].items():
            if sector != NO_SECTOR and sector not in SECTORS:
                raise ValueError(f"unknown sector '{sector}' in titles")
            for phrase in phrases:
                key = " ".join(str(phrase).lower().split())
                if key in titles:
                    raise ValueError(f"title '{key}' is listed twice")
                titles[key] = None if sector == NO_SECTOR else str(sector)
        heads = tuple(
            (_word_pattern(str(word)), str(sector))
            for sector, words in data["org_heads"].items()
            for word in words
        )
        pairs = [
            (str(name), str(code)) for code, names in data["countries"].items() for name in names
        ]
        pairs.sort(key=lambda pair: -len(pair[0]))
        portfolios = _lower(data["portfolios"])
        words = frozenset(w for phrase in [*titles, *portfolios] for w in phrase.split())
        return cls(
            titles=titles,
            keep_modifiers=_lower(data["keep_modifiers"]),
            drop_modifiers=_lower(data["drop_modifiers"]),
            honorifics=_lower(data["honorifics"]),
            government_nouns=_lower(data["government_nouns"]),
            non_actor_markers=_lower(data["non_actor_markers"]),
            street_heads=_lower(data.get("street_heads", ())),
            not_name_words=_lower(data.get("not_name_words", ())),
            place_nouns=_lower(data.get("place_nouns", ())),
            place_parts=_lower(data.get("place_parts", ())),
            portfolios=portfolios,
            place_prepositions=_lower(data["place_prepositions"]),
            local_titles=_lower(data["local_titles"]),
            org_heads=heads,
            countries=tuple((_country_pattern(name), code) for name, code in pairs),
            title_words=words,
        )

    def by_sector(self) -> dict[str, list[str]]:
        """Title phrases grouped by sector (``none`` for those without one)."""
        grouped: dict[str, list[str]] = {}
        for phrase, sector in self.titles.items():
            grouped.setdefault(sector or NO_SECTOR, []).append(phrase)
        return grouped

    def org_sector(self, name: str) -> str | None:
        """The sector an organisation's name gives it ("... Police Department" -> COP)."""
        lowered = name.lower()
        found = [
            (m.start(), sector)
            for pattern, sector in self.org_heads
            if (m := pattern.search(lowered))
        ]
        return min(found)[1] if found else None

    def country_in(self, text: str) -> str | None:
        """The country a text names or describes ("Salvadoran", "El Salvador's")."""
        for pattern, code in self.countries:
            if pattern.search(text):
                return code
        return None


def _lower(words: Any) -> frozenset[str]:
    return frozenset(str(word).lower() for word in words)


def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word.lower()) + r"(?!\w)")


def _country_pattern(name: str) -> re.Pattern[str]:
    """Short capitalised names ("US") match only as written; others in any case."""
    flags = 0 if name.isupper() or "." in name else re.IGNORECASE
    region = "".join(f"(?<!{word} )" for word in REGION_WORDS)  # "Central American" is no country
    return re.compile(region + r"(?<![\w.-])" + re.escape(name) + r"(?![\w])", flags)


@lru_cache(maxsize=1)
def _load() -> TitleLexicon:
    path = resources.files("dossier").joinpath(*TITLES_PATH)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return TitleLexicon.from_dict(data)
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(Messages.E076.format(path="/".join(TITLES_PATH), detail=exc)) from exc
