"""The curated actor dictionary: YAML entries, validated once, and their matchers.

The bundled files live in ``dossier/data/actors/`` (one per country or region, plus
``generic.yaml`` for generic agents such as "the police"); a user adds their own files
in the same format (the CLI's ``--actors FILE``), and a user entry replaces a bundled
one with the same id. The format is described in the header of
``data/actors/el_salvador.yaml``.

Loading checks every entry and raises ``ConfigError`` naming the file and the entry:
missing or empty fields, unknown sector or kind, malformed country code, duplicate id,
one alias naming two actors of the same country, references to unknown ids.

The phrase matchers are built on first use for the vocabulary of the document being
read, kept in the instance, and dropped when the dictionary is pickled.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from dossier.actors.lexicon import SECTORS, TitleLexicon
from dossier.errors import ConfigError, Messages

KINDS = ("organization", "group", "person")
FIELDS = frozenset(
    {
        "id",
        "name",
        "aliases",
        "country",
        "sector",
        "kind",
        "affiliations",
        "roles",
        "stands_for",
        "case_sensitive",
        "generic",
    }
)
DATA_DIR = "actors"
TITLES_FILE = "titles.yaml"
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
COUNTRY_PATTERN = re.compile(r"[A-Z]{3}\Z")
TITLE_KEY = "title:"  # match keys of title phrases: "title:GOV", "title:none"


@dataclass(frozen=True)
class Entry:
    """One actor of the dictionary, as its file defines it."""

    id: str
    name: str
    kind: str
    sector: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    stands_for: tuple[str, ...] = ()  # generic agent ids this entry is, in its country
    case_sensitive: tuple[str, ...] = ()  # mixed-case aliases matched only as written
    generic: bool = False
    source: str = ""  # the file the entry came from

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def is_exact(self, alias: str) -> bool:
        """Whether an alias matches only as written: acronyms and listed aliases."""
        return alias in self.case_sensitive or not any(c.islower() for c in alias)


@dataclass(frozen=True)
class Candidate:
    """A stretch of tokens one dictionary entry (or title phrase) matched."""

    start: int  # token index
    end: int  # token index, exclusive
    key: str  # entry id, or TITLE_KEY + sector


@dataclass
class _Matchers:
    vocab: Vocab
    exact: PhraseMatcher  # aliases without lower-case letters, on ORTH
    folded: PhraseMatcher  # every other alias and the titles, on LOWER


class ActorDictionary:
    """The dictionary entries, the titles lexicon and the matchers built from them."""

    def __init__(self, entries: Iterable[Entry], titles: TitleLexicon):
        self.entries: dict[str, Entry] = {entry.id: entry for entry in entries}
        self.titles = titles
        self._stands_for = {
            (generic, entry.country): entry.id
            for entry in self.entries.values()
            for generic in entry.stands_for
            if entry.country
        }
        self._matchers: _Matchers | None = None

    @classmethod
    def load(cls, extra: Iterable[Path] = ()) -> ActorDictionary:
        """Read the bundled files and then ``extra`` ones; user entries win on id."""
        folder = resources.files("dossier") / "data" / DATA_DIR
        bundled_files = sorted(
            (p for p in folder.iterdir() if p.name.endswith(".yaml") and p.name != TITLES_FILE),
            key=lambda p: p.name,
        )
        bundled = _unique(
            entry for p in bundled_files for entry in _read(p.name, p.read_text("utf-8"))
        )
        user = _unique(entry for path in extra for entry in _read_user(Path(path)))
        merged = {**bundled, **user}
        entries = list(merged.values())
        _check_aliases(entries)
        _check_references(entries)
        return cls(entries, TitleLexicon.load())

    def __getstate__(self) -> dict[str, Any]:
        return {"entries": tuple(self.entries.values()), "titles": self.titles}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["entries"], state["titles"])  # type: ignore[misc]

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def standing_for(self, generic_id: str, country: str | None) -> Entry | None:
        """The entry that a generic agent means in a country ("police", SLV -> slv-pnc)."""
        if country is None:
            return None
        found = self._stands_for.get((generic_id, country))
        return None if found is None else self.entries[found]

    def generic_id(self, generic_id: str, country: str | None) -> str:
        """The actor id a generic agent takes in a document about ``country``.

        The country's own entry when one stands for it (``slv-pnc`` for "police" in
        El Salvador), else ``<generic id>:<country>`` ("gangs:slv"), else the bare id.
        """
        entry = self.standing_for(generic_id, country)
        if entry is not None:
            return entry.id
        return generic_id if country is None else f"{generic_id}:{country.lower()}"

    def candidates(self, doc: Doc) -> list[Candidate]:
        """Every alias and title phrase matched in the document, overlaps included."""
        matchers = self._matchers_for(doc.vocab)
        strings = doc.vocab.strings
        found = matchers.exact(doc) + matchers.folded(doc)
        return [Candidate(start, end, strings[key]) for key, start, end in found]

    def _matchers_for(self, vocab: Vocab) -> _Matchers:
        if self._matchers is None or self._matchers.vocab is not vocab:
            self._matchers = _build_matchers(vocab, self.entries.values(), self.titles)
        return self._matchers


def fold(text: str) -> str:
    """Text compared without case and accents, with one kind of apostrophe."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def spellings(alias: str) -> set[str]:
    """An alias and the spellings it also matches: no accents, either apostrophe."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", alias) if not unicodedata.combining(c))
    forms = {alias, unicodedata.normalize("NFC", plain)}
    return forms | {f.replace("'", "’") for f in forms} | {f.replace("’", "'") for f in forms}


def _build_matchers(vocab: Vocab, entries: Iterable[Entry], titles: TitleLexicon) -> _Matchers:
    make_doc = spacy.blank("en", vocab=vocab).make_doc
    exact = PhraseMatcher(vocab, attr="ORTH")
    folded = PhraseMatcher(vocab, attr="LOWER")
    for entry in entries:
        exact_forms = sorted({s for a in entry.names if entry.is_exact(a) for s in spellings(a)})
        folded_forms = sorted(
            {s for a in entry.names if not entry.is_exact(a) for s in spellings(a)}
        )
        if exact_forms:
            exact.add(entry.id, [make_doc(form) for form in exact_forms])
        if folded_forms:
            folded.add(entry.id, [make_doc(form) for form in folded_forms])
    for sector, phrases in titles.by_sector().items():
        forms = sorted({s for phrase in phrases for s in spellings(phrase)})
        folded.add(TITLE_KEY + sector, [make_doc(form) for form in forms])
    return _Matchers(vocab, exact, folded)


# --- reading and checking -------------------------------------------------------------


def _read_user(path: Path) -> list[Entry]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(Messages.E001.format(path=path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(Messages.E030.format(path=path, detail=exc)) from exc
    return _read(str(path), text)


def _read(source: str, text: str) -> list[Entry]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(Messages.E077.format(path=source, detail=exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        detail = "expected a mapping with an 'actors' list"
        raise ConfigError(Messages.E030.format(path=source, detail=detail))
    return [_entry(source, number, raw) for number, raw in enumerate(data["actors"], start=1)]


def _entry(source: str, number: int, raw: Any) -> Entry:
    label = f"#{number}"
    if not isinstance(raw, dict):
        raise _bad(source, label, "expected a mapping of fields")
    if isinstance(raw.get("id"), str):
        label = f"#{number} ('{raw['id']}')"
    unknown = sorted(set(map(str, raw)) - FIELDS)
    if unknown:
        raise _bad(source, label, f"unknown field '{unknown[0]}'")
    entry_id = _text(source, label, raw, "id")
    if not ID_PATTERN.match(entry_id):
        detail = f"id '{entry_id}' must be lower-case letters, digits and hyphens"
        raise _bad(source, label, detail)
    sector = _choice(source, label, raw, "sector", SECTORS)
    kind = _choice(source, label, raw, "kind", KINDS)
    generic = raw.get("generic", False)
    if not isinstance(generic, bool):
        raise _bad(source, label, "'generic' must be true or false")
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or not COUNTRY_PATTERN.match(country)):
        raise _bad(source, label, f"country '{country}' is not an ISO 3166 alpha-3 code")
    if generic and country is not None:
        raise _bad(source, label, "a generic agent takes the document's country; drop 'country'")
    entry = Entry(
        id=entry_id,
        name=_text(source, label, raw, "name"),
        kind=kind,
        sector=sector,
        country=country,
        aliases=_texts(source, label, raw, "aliases"),
        affiliations=_texts(source, label, raw, "affiliations"),
        roles=_texts(source, label, raw, "roles"),
        stands_for=_texts(source, label, raw, "stands_for"),
        case_sensitive=_texts(source, label, raw, "case_sensitive"),
        generic=generic,
        source=source,
    )
    stray = [a for a in entry.case_sensitive if a not in entry.names]
    if stray:
        raise _bad(source, label, f"case_sensitive alias '{stray[0]}' is not one of its names")
    return entry


def _text(source: str, label: str, raw: dict[str, Any], field: str) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(Messages.E070.format(path=source, entry=label, field=field))
    return value.strip()


def _texts(source: str, label: str, raw: dict[str, Any], field: str) -> tuple[str, ...]:
    value = raw.get(field) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _bad(source, label, f"'{field}' must be a list of non-empty strings")
    return tuple(dict.fromkeys(v.strip() for v in value))


def _choice(
    source: str, label: str, raw: dict[str, Any], field: str, choices: Sequence[str]
) -> str:
    value = _text(source, label, raw, field)
    if value not in choices:
        raise ConfigError(
            Messages.E071.format(
                path=source, entry=label, field=field, value=value, choices=", ".join(choices)
            )
        )
    return value


def _bad(source: str, label: str, detail: str) -> ConfigError:
    return ConfigError(Messages.E074.format(path=source, entry=label, detail=detail))


def _label(entry: Entry) -> str:
    return f"'{entry.id}'"


def _unique(entries: Iterable[Entry]) -> dict[str, Entry]:
    """Entries by id; the same id twice in one set of files is an error."""
    found: dict[str, Entry] = {}
    for entry in entries:
        first = found.get(entry.id)
        if first is not None:
            raise ConfigError(
                Messages.E072.format(
                    path=entry.source, entry=_label(entry), id=entry.id, other=first.source
                )
            )
        found[entry.id] = entry
    return found


def _check_aliases(entries: Sequence[Entry]) -> None:
    """One alias may name one actor per country (generic agents form their own set)."""
    owners: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        scope = "generic agents" if entry.generic else entry.country or "no country"
        keys = {("=" + a if entry.is_exact(a) else fold(a)) for a in entry.names}
        for key in sorted(keys):
            other = owners.setdefault((scope, key), entry)
            if other.id != entry.id:
                alias = key[1:] if key.startswith("=") else key
                raise ConfigError(
                    Messages.E073.format(
                        path=entry.source,
                        entry=_label(entry),
                        alias=alias,
                        other=other.id,
                        country=scope,
                    )
                )


def _check_references(entries: Sequence[Entry]) -> None:
    ids = {entry.id for entry in entries}
    generic = {entry.id for entry in entries if entry.generic}
    for entry in entries:
        for value in entry.affiliations:
            if value not in ids:
                raise _unknown(entry, value, "affiliations", "actor")
        for value in entry.stands_for:
            if value not in generic:
                raise _unknown(entry, value, "stands_for", "generic agent")
        if entry.stands_for and not entry.country:
            raise _bad(entry.source, _label(entry), "'stands_for' needs a 'country'")


def _unknown(entry: Entry, value: str, field: str, what: str) -> ConfigError:
    return ConfigError(
        Messages.E075.format(
            path=entry.source, entry=_label(entry), value=value, field=field, what=what
        )
    )
