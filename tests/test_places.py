"""Tests for dossier.places: the gazetteer, place resolution and the main country."""

from __future__ import annotations

import pickle
from importlib import resources

import pytest
import yaml
from spacy.language import Language

from dossier.places import Gazetteer, PlaceData, find_places, main_country, name_key
from dossier.records import PlaceMention, Where


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Michoacán", "michoacan"),
        ("  New   York ", "new york"),
        ("US", "=US"),
        ("us", "us"),
        ("Côte d’Ivoire", "cote d'ivoire"),
    ],
)
def test_name_key(text: str, key: str) -> None:
    assert name_key(text) == key


@pytest.mark.parametrize(
    ("name", "country", "precision"),
    [
        ("Honduras", "HND", "country"),
        ("the US", "USA", "country"),
        ("U.S.", "USA", "country"),
        ("Britain", "GBR", "country"),
        ("Netherlands", "NLD", "country"),
        ("Guatemala", "GTM", "country"),  # the country before its department
        ("Georgia", "GEO", "country"),  # the country before the US state
        ("Tegucigalpa", "HND", "city"),
        ("Bogota", "COL", "city"),
        ("Washington", "USA", "city"),  # the capital before the state
        ("Sinaloa", "MEX", "admin1"),
        ("Michoacan", "MEX", "admin1"),
        ("Texas", "USA", "admin1"),
        ("Olancho", "HND", "admin1"),
    ],
)
def test_lookup_best_reading(gazetteer: Gazetteer, name: str, country: str, precision: str) -> None:
    best = gazetteer.lookup(name)[0]
    assert (best.country, best.precision) == (country, precision)
    assert best.lat is not None and best.lon is not None


@pytest.mark.parametrize("name", ["us", "Xanadu Heights", ""])
def test_lookup_unknown(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.lookup(name) == ()


def test_lookup_keeps_every_reading(gazetteer: Gazetteer) -> None:
    countries = {p.country for p in gazetteer.lookup("Santa Ana")}
    assert {"USA", "SLV"} <= countries


def test_city_knows_its_region(gazetteer: Gazetteer) -> None:
    soyapango = gazetteer.lookup("Soyapango")[0]
    assert (soyapango.admin1, soyapango.population > 0) == ("San Salvador", True)
    assert gazetteer.lookup("Santa Ana")[0].admin1 == "California"


@pytest.mark.parametrize(
    ("word", "country"),
    [("Salvadoran", "SLV"), ("Hondurans", "HND"), ("Mexican", "MEX"), ("Guatemalan", "GTM")],
)
def test_demonym(gazetteer: Gazetteer, word: str, country: str) -> None:
    place = gazetteer.demonym(word)
    assert place is not None and place.country == country and place.precision == "country"


def test_demonym_unknown(gazetteer: Gazetteer) -> None:
    assert gazetteer.demonym("Martian") is None


def test_place_data_rejects_yaml_booleans() -> None:
    raw = yaml.safe_load((resources.files("dossier") / "data" / "places.yaml").read_text())
    raw["demonyms"] = {"NOR": [False]}  # what a bare `no` in YAML becomes
    with pytest.raises(TypeError):
        PlaceData.from_dict(raw)


def test_pickle_ships_data_not_index(gazetteer: Gazetteer) -> None:
    gazetteer.lookup("Honduras")  # build the index
    payload = pickle.dumps(gazetteer)
    assert len(payload) < 100_000
    copy = pickle.loads(payload)
    assert copy.lookup("Honduras") == gazetteer.lookup("Honduras")


def _mention(start: int, country: str | None) -> PlaceMention:
    return PlaceMention((start, start + 3), "xyz", Where(name="xyz", country=country))


@pytest.mark.parametrize(
    ("countries", "expected"),
    [
        ([], None),
        ([None], None),
        (["SLV"], "SLV"),
        (["HND", "SLV", "SLV"], "SLV"),
        (["HND", "SLV"], "HND"),  # a tie goes to the first named
        (["GTM", "SLV", "SLV", "GTM"], "GTM"),
    ],
)
def test_main_country(countries: list[str | None], expected: str | None) -> None:
    places = [_mention(10 * i, c) for i, c in enumerate(countries)]
    assert main_country(places) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Troops were sent to Honduras after a wave of killings.",
            [("Honduras", "HND", "country")],
        ),
        (
            "Two Honduran men were detained in Guatemala.",
            [("Honduran", "HND", "country"), ("Guatemala", "GTM", "country")],
        ),
        (
            "Gang violence in El Salvador’s capital worried the United States.",
            [("El Salvador", "SLV", "country"), ("United States", "USA", "country")],
        ),
        (
            "The mayor of Santa Ana, California, spoke to the press.",
            [("Santa Ana", "USA", "city"), ("California", "USA", "admin1")],
        ),
        (
            "Police in El Salvador raided a house in Santa Ana on Friday.",
            [("El Salvador", "SLV", "country"), ("Santa Ana", "SLV", "city")],
        ),
        (
            "Officials in Texas said the suspect had fled to Georgia.",
            [("Texas", "USA", "admin1"), ("Georgia", "USA", "admin1")],
        ),
        (
            "Protesters gathered in Tbilisi, the capital of Georgia.",
            [("Tbilisi", "GEO", "city"), ("Georgia", "GEO", "country")],
        ),
        (  # a region the text names picks the namesake inside it
            "A man was shot in Springfield, Ohio, on Monday.",
            [("Springfield", "USA", "city"), ("Ohio", "USA", "admin1")],
        ),
        (  # a far bigger namesake abroad wins over a small town at home
            "The US ambassador flew to Paris for talks.",
            [("US", "USA", "country"), ("Paris", "FRA", "city")],
        ),
        (
            "Police in Paris, Texas, arrested a man.",
            [("Paris", "USA", "city"), ("Texas", "USA", "admin1")],
        ),
        (  # a compass word before a city
            "Southwest Philadelphia saw three shootings this week.",
            [("Southwest Philadelphia", "USA", "city")],
        ),
        (  # continents and world regions are no gazetteer places
            "The gang operates in Central America and Asia.",
            [],
        ),
        (  # "the" is part of some names
            "Troops from the Netherlands landed in The Hague.",
            [("Netherlands", "NLD", "country"), ("Hague", "NLD", "city")],
        ),
        ("", []),
    ],
)
def test_find_places(
    nlp: Language, gazetteer: Gazetteer, text: str, expected: list[tuple[str, str, str]]
) -> None:
    found = find_places(nlp(text), gazetteer)
    assert [text[p.span[0] : p.span[1]] for p in found] == [p.text for p in found]
    assert [(p.text, p.where.country, p.where.precision) for p in found] == expected


@pytest.mark.model
def test_first_or_last_word_of_a_person_is_no_place(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Minister Rosa Valencia met the mayor. Later Valencia flew to Honduras."
    doc = nlp(text)
    assert any(e.label_ == "PERSON" and e.text.endswith("Valencia") for e in doc.ents)
    found = find_places(doc, gazetteer)
    assert [p.where.name for p in found] == ["Honduras"]


@pytest.mark.model
def test_place_strips_article_and_possessive(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "The United States's envoy and the US embassy spoke."
    found = find_places(nlp(text), gazetteer)
    assert found, "no place found"
    for place in found:
        assert place.where.country == "USA"
        assert not place.text.lower().startswith("the ")
        assert not place.text.endswith("'s")
        assert text[place.span[0] : place.span[1]] == place.text


@pytest.mark.model
def test_main_country_counts_cities(nlp: Language, gazetteer: Gazetteer) -> None:
    text = (
        "A bus driver was shot in San Pedro Sula. A day later two more died in "
        "Tegucigalpa, and Guatemala closed a border crossing."
    )
    assert main_country(find_places(nlp(text), gazetteer)) == "HND"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("AKRON, Ohio -- Police say a pizza shop worker was shot on Monday.", "Akron"),
        ("ST. LOUIS (KTVI) - A woman was shot in the head on Tuesday night.", "St. Louis"),
        ("Fire crews left.\n\nMILWAUKEE — A man was wounded on Sunday.", "Milwaukee"),
    ],
)
def test_a_dateline_names_a_city(nlp: Language, gazetteer: Gazetteer, text: str, city: str) -> None:
    found = find_places(nlp(text), gazetteer)
    datelines = [p for p in found if p.where.precision == "city" and p.text.isupper()]
    assert [p.where.name for p in datelines] == [city]
    assert all(text[p.span[0] : p.span[1]] == p.text for p in found)


@pytest.mark.model
def test_capitals_inside_a_paragraph_are_no_dateline(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Reporters said AKRON, in capitals, was printed on the sign."
    found = find_places(nlp(text), gazetteer)
    assert not [p for p in found if p.text == "AKRON" and p.where.name == "Akron"]
