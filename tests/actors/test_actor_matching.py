"""Dictionary matching: spellings, case rules, longest match, aliases shared by countries."""

from __future__ import annotations

import pytest
import spacy

from dossier.actors import ActorDictionary
from dossier.actors.match import find_matches


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.load()


@pytest.fixture(scope="module")
def blank() -> spacy.language.Language:
    return spacy.blank("en")


def named(
    blank: spacy.language.Language,
    dictionary: ActorDictionary,
    text: str,
    country: str | None = None,
) -> list[tuple[str, str]]:
    doc = blank(text)
    matches = find_matches(doc, dictionary, country)
    return [(doc[m.start : m.end].text, m.entry_id) for m in matches.named]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police blamed the MS-13 for the attack.", [("MS-13", "ms13")]),
        ("Police blamed the MS 13 for the attack.", [("MS 13", "ms13")]),
        ("Police blamed MS13 cliques for the attack.", [("MS13", "ms13")]),
        ("Police blamed the Mara Salvatrucha for it.", [("Mara Salvatrucha", "ms13")]),
        ("Police blamed the mara salvatrucha for it.", [("mara salvatrucha", "ms13")]),
        ("Police said la Mara controls the market.", [("la Mara", "ms13")]),
        ("A rival clique of the 18th Street gang fled.", [("18th Street gang", "barrio18")]),
        (
            "Members of Calle 18 and M18 were detained.",
            [("Calle 18", "barrio18"), ("M18", "barrio18")],
        ),
        (
            "The Barrio 18 Revolucionarios faction split.",
            [("Barrio 18 Revolucionarios", "barrio18-revolucionarios")],
        ),
        ("The Sureños run the prison.", [("Sureños", "barrio18-surenos")]),
        ("The Surenos run the prison.", [("Surenos", "barrio18-surenos")]),
        (
            "The Cartel de Jalisco Nueva Generacion grew.",
            [("Cartel de Jalisco Nueva Generacion", "cjng")],
        ),
        (
            "Analysts at InSight Crime and Human Rights Watch agreed.",
            [("InSight Crime", "insight-crime"), ("Human Rights Watch", "hrw")],
        ),
    ],
)
def test_spellings_match(blank, dictionary, text: str, expected: list[tuple[str, str]]):
    assert named(blank, dictionary, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ARENA won the vote.", [("ARENA", "arena")]),
        ("The crowd filled the arena.", []),
        ("Fans came to the Arena on Sunday.", []),
        ("GANA joined the coalition.", [("GANA", "gana")]),
        ("Nobody gana anything here.", []),
        ("Libre deputies walked out.", [("Libre", "libre")]),
        ("The market is libre today.", []),
        ("Morena lost the state.", [("Morena", "morena")]),
        ("The morena girl left.", []),
        ("The factum was disputed.", []),
    ],
)
def test_case_rules(blank, dictionary, text: str, expected: list[tuple[str, str]]):
    assert named(blank, dictionary, text) == expected


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("The PNC arrested him.", "SLV", "slv-pnc"),
        ("The PNC arrested him.", "GTM", "gtm-pnc"),
        ("The Guatemalan government said the PNC arrested him.", None, "gtm-pnc"),
        ("The Policía Nacional Civil arrested him.", "SLV", "slv-pnc"),
        ("The Policia Nacional Civil arrested him.", "GTM", "gtm-pnc"),
        ("The FGR charged him.", "MEX", "mex-fgr"),
    ],
)
def test_shared_alias_goes_to_the_document_country(blank, dictionary, text, country, expected):
    found = dict((b, a) for a, b in named(blank, dictionary, text, country))
    assert expected in found


def test_shared_alias_without_a_country_is_left_alone(blank, dictionary):
    assert named(blank, dictionary, "The PNC arrested him.", None) == []


def test_titles_are_found(blank, dictionary):
    doc = blank("The former police chief met the Interior Minister.")
    titles = find_matches(doc, dictionary, None).titles
    assert [(doc[t.start : t.end].text, t.sector) for t in titles] == [
        ("police chief", "COP"),
        ("Minister", "GOV"),
    ]
