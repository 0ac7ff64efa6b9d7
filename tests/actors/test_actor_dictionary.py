"""The actor dictionary: bundled data, validation on load, user files, pickling."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import spacy

from dossier.actors import ActorDictionary
from dossier.actors.dictionary import SECTORS, fold, spellings
from dossier.errors import ConfigError


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.load()


@pytest.fixture(scope="module")
def blank() -> spacy.language.Language:
    return spacy.blank("en")


@pytest.mark.parametrize(
    ("entry_id", "sector", "country"),
    [
        ("ms13", "CRM", None),
        ("barrio18", "CRM", None),
        ("barrio18-surenos", "CRM", None),
        ("barrio18-revolucionarios", "CRM", None),
        ("slv-pnc", "COP", "SLV"),
        ("slv-gov", "GOV", "SLV"),
        ("slv-fgr", "JUD", "SLV"),
        ("hnd-pn", "COP", "HND"),
        ("gtm-pnc", "COP", "GTM"),
        ("fmln", "PTY", "SLV"),
        ("arena", "PTY", "SLV"),
        ("libre", "PTY", "HND"),
        ("sinaloa-cartel", "CRM", "MEX"),
        ("cjng", "CRM", "MEX"),
        ("sedena", "MIL", "MEX"),
        ("farc", "REB", "COL"),
        ("clan-del-golfo", "CRM", "COL"),
        ("dea", "COP", "USA"),
        ("ofac", "GOV", "USA"),
        ("cicig", "IGO", None),
        ("maccih", "IGO", None),
        ("hrw", "NGO", None),
        ("cristosal", "NGO", "SLV"),
        ("el-faro", "MED", "SLV"),
        ("insight-crime", "MED", None),
    ],
)
def test_bundled_entries(dictionary: ActorDictionary, entry_id: str, sector: str, country: str):
    entry = dictionary.entry(entry_id)
    assert entry is not None
    assert (entry.sector, entry.country) == (sector, country)


def test_every_bundled_entry_is_well_formed(dictionary: ActorDictionary):
    for entry in dictionary.entries.values():
        assert entry.sector in SECTORS
        assert entry.generic == (entry.country is None and entry.source.endswith("generic.yaml"))
        assert all(a in dictionary.entries for a in entry.affiliations)


@pytest.mark.parametrize(
    ("generic_id", "country", "expected"),
    [
        ("police", "SLV", "slv-pnc"),
        ("government", "SLV", "slv-gov"),
        ("military", "HND", "hnd-army"),
        ("prosecutors", "GTM", "gtm-mp"),
        ("gangs", "SLV", "gangs:slv"),
        ("police", "PER", "police:per"),
        ("police", None, "police"),
    ],
)
def test_generic_ids(dictionary: ActorDictionary, generic_id: str, country: str, expected: str):
    assert dictionary.generic_id(generic_id, country) == expected


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


ONE = """
actors:
  - id: {id}
    name: {name}
    aliases: [{aliases}]
    country: {country}
    sector: {sector}
    kind: group
"""


def entry_text(**fields: str) -> str:
    values = {
        "id": "rio-gang",
        "name": "Rio Gang",
        "aliases": "RG",
        "country": "SLV",
        "sector": "CRM",
    } | fields
    return ONE.format(**values)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (entry_text(sector="GANG"), ["unknown sector 'GANG'", "rio-gang"]),
        (entry_text(name="''"), ["'name' is missing", "rio-gang"]),
        (entry_text(id="Rio Gang"), ["lower-case letters"]),
        (entry_text(country="Salvador"), ["not an ISO 3166 alpha-3 code", "rio-gang"]),
        (entry_text() + "    colour: red\n", ["unknown field 'colour'"]),
        (entry_text() + "    affiliations: [nobody]\n", ["'nobody'", "affiliations"]),
        (entry_text() + entry_text().replace("actors:", ""), ["id 'rio-gang' is already defined"]),
        (
            entry_text() + entry_text(id="river-gang", name="River Gang").replace("actors:", ""),
            ["alias 'RG' already names 'rio-gang'", "river-gang"],
        ),
        ("actors: {}\n", ["an 'actors' list"]),
        ("actors: [\n", ["not valid YAML"]),
        ("- just a list\n", ["an 'actors' list"]),
    ],
)
def test_invalid_user_files_name_file_and_entry(tmp_path: Path, body: str, words: list[str]):
    path = write(tmp_path, "mine.yaml", body)
    with pytest.raises(ConfigError) as caught:
        ActorDictionary.load([path])
    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_an_alias_may_be_shared_across_countries(tmp_path: Path):
    body = entry_text() + entry_text(id="rio-gang-hn", country="HND").replace("actors:", "")
    dictionary = ActorDictionary.load([write(tmp_path, "mine.yaml", body)])
    assert {"rio-gang", "rio-gang-hn"} <= set(dictionary.entries)


def test_user_entries_win_on_id(tmp_path: Path):
    body = entry_text(id="ms13", name="Salvatrucha Gang", aliases="Salvatruchas", country="USA")
    dictionary = ActorDictionary.load([write(tmp_path, "mine.yaml", body)])
    entry = dictionary.entry("ms13")
    assert entry is not None
    assert (entry.name, entry.country) == ("Salvatrucha Gang", "USA")
    assert entry.source.endswith("mine.yaml")
    assert dictionary.entry("barrio18") is not None


def test_missing_user_file(tmp_path: Path):
    with pytest.raises(ConfigError, match="no such file"):
        ActorDictionary.load([tmp_path / "absent.yaml"])


def test_user_entries_are_matched(tmp_path: Path, blank: spacy.language.Language):
    dictionary = ActorDictionary.load([write(tmp_path, "mine.yaml", entry_text())])
    doc = blank("Members of the Rio Gang and the RG were seen.")
    found = {(c.key, doc[c.start : c.end].text) for c in dictionary.candidates(doc)}
    assert ("rio-gang", "Rio Gang") in found
    assert ("rio-gang", "RG") in found


def test_pickles_without_matchers(dictionary: ActorDictionary, blank: spacy.language.Language):
    doc = blank("The DEA and the FBI.")
    before = dictionary.candidates(doc)
    copy = pickle.loads(pickle.dumps(dictionary))
    assert len(pickle.dumps(dictionary)) < 200_000
    assert copy.entries == dictionary.entries
    assert copy.candidates(doc) == before


@pytest.mark.parametrize(
    ("alias", "also"),
    [
        ("Policía Nacional", "Policia Nacional"),
        ("Attorney General's Office", "Attorney General’s Office"),
    ],
)
def test_spellings(alias: str, also: str):
    assert also in spellings(alias)
    assert fold(alias) == fold(also)
