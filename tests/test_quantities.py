"""Tests for dossier.quantities: numbers about people and money."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml
from spacy.language import Language

from dossier.quantities import QuantityLexicon, find_quantities, load_lexicon
from dossier.records import Quantity

# (phrase, kind, value, approximate, currency)
Expected = tuple[str, str, float, bool, str | None]


def _found(nlp: Language, text: str) -> list[Quantity]:
    quantities = find_quantities(nlp(text))
    for quantity in quantities:
        assert text[quantity.span[0] : quantity.span[1]] == quantity.text
    return quantities


def _summary(quantities: list[Quantity]) -> list[Expected]:
    return [(q.text, q.kind, q.value, q.approximate, q.currency) for q in quantities]


def test_lexicon_loads() -> None:
    lexicon = load_lexicon()
    assert lexicon.vague["dozens"] == 12
    assert lexicon.vague["tens"] == 10
    assert lexicon.vague["hundreds"] == 100
    assert lexicon.weak_vague[("several",)] == 10
    assert lexicon.victim_verbs["kill"] == "killed"


def test_lexicon_rejects_yaml_booleans() -> None:
    raw = yaml.safe_load((resources.files("dossier") / "data" / "quantities.yaml").read_text())
    raw["pronoun_determiners"] = [False, "the"]  # what a bare `no` in YAML becomes
    with pytest.raises(TypeError):
        QuantityLexicon.from_dict(raw)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # killed
        (
            "Officials said 312 suspected smugglers died in shootouts with the army.",
            [("312", "killed", 312, False, None)],
        ),
        (
            "A band of gunmen killed 12 people at a bus stop.",
            [("12", "killed", 12, False, None)],
        ),
        (
            "Nineteen villagers were killed when the convoy was ambushed.",
            [("Nineteen", "killed", 19, False, None)],
        ),
        (
            "By Tuesday the death toll had risen to 41.",
            [("41", "killed", 41, False, None)],
        ),
        (
            "The explosion left 6 dead and 20 wounded.",
            [("6", "killed", 6, False, None), ("20", "injured", 20, False, None)],
        ),
        (
            "Assailants murdered two bus drivers near the market.",
            [("two", "killed", 2, False, None)],
        ),
        (
            "The group was accused of the massacre of 9 coffee pickers.",
            [("9", "killed", 9, False, None)],
        ),
        (
            "Relatives mourned the 23 inmates killed in the riot.",
            [("23", "killed", 23, False, None)],
        ),
        (
            "There were 14 homicides in the port city last week.",
            [("14", "killed", 14, False, None)],
        ),
        (
            "One of the hostages died before the rescue.",
            [("One", "killed", 1, False, None)],
        ),
        # injured
        (
            "At least 7 police officers were wounded in the raid.",
            [("At least 7", "injured", 7, False, None)],
        ),
        (
            "The riot injured thirty-two prisoners and hurt 5 guards.",
            [("thirty-two", "injured", 32, False, None), ("5", "injured", 5, False, None)],
        ),
        # arrested
        (
            "Agents arrested 40 alleged extortionists in a dawn operation.",
            [("40", "arrested", 40, False, None)],
        ),
        (
            "The sweep ended with 65 arrests across three provinces.",
            [("65", "arrested", 65, False, None)],
        ),
        (
            "Soldiers detained three hundred people at the border.",
            [("three hundred", "arrested", 300, False, None)],
        ),
        (
            "Marines captured a dozen cartel gunmen on the coast.",
            [("a dozen", "arrested", 12, False, None)],
        ),
        # vague numbers, fixed by convention and flagged
        (
            "Dozens of migrants were detained at the checkpoint.",
            [("Dozens", "arrested", 12, True, None)],
        ),
        (
            "Hundreds of people died in the fighting.",
            [("Hundreds", "killed", 100, True, None)],
        ),
        (
            "Residents said several people were murdered in the village.",
            [("several", "killed", 10, True, None)],
        ),
        # modifiers: the stated floor, or an estimate
        (
            "More than 30 soldiers were wounded.",
            [("More than 30", "injured", 30, False, None)],
        ),
        (
            "Up to 50 protesters were arrested.",
            [("Up to 50", "arrested", 50, True, None)],
        ),
        (
            "About 200 people were killed in the quake.",
            [("About 200", "killed", 200, True, None)],
        ),
        # plain head counts
        (
            "Some 2,500 demonstrators marched on the palace.",
            [("Some 2,500", "count", 2500, True, None)],
        ),
        (
            "Three of the victims were teenagers.",
            [("Three", "count", 3, False, None)],
        ),
        # money
        (
            "The mayor allegedly took $10 million in bribes.",
            [("$10 million", "money", 10_000_000, False, "USD")],
        ),
        (
            "The gang earned 2 million pesos a month from extortion.",
            [("2 million pesos", "money", 2_000_000, False, "MXN")],
        ),
        (
            "Investigators traced €5m to a shell company.",
            [("€5m", "money", 5_000_000, False, "EUR")],
        ),
        (
            "The fine reached US$3.5 billion.",
            [("US$3.5 billion", "money", 3_500_000_000, False, "USD")],
        ),
        (
            "The scheme moved millions of dollars through casinos.",
            [("millions of dollars", "money", 1_000_000, True, "USD")],
        ),
        (
            "Police seized 1.5 million Colombian pesos in cash.",
            [("1.5 million Colombian pesos", "money", 1_500_000, False, "COP")],
        ),
        (
            "Businesses paid 12,000 lempiras every week.",
            [("12,000 lempiras", "money", 12_000, False, "HNL")],
        ),
    ],
)
def test_find_quantities(nlp: Language, text: str, expected: list[Expected]) -> None:
    assert _summary(_found(nlp, text)) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The law was passed in 2015 after a long debate.",  # a year
        "A 23-year-old man was arrested on Sunday.",  # an age (the arrest has no number)
        "The victim, aged 17, was a student.",  # an age
        "Rosa Ibarra, 37, was shot and killed on her porch.",  # an age set off by commas
        "There are so many deaths in this city.",  # a manner of speaking
        "The shooting happened at 10:30 on the 3rd of May.",  # a time, an ordinal, a date
        "Support for the plan fell to 40 percent.",  # a share
        "Turnout was 62% in the capital.",  # a share
        "Members of Barrio 18 attended the hearing.",  # part of a name
        "No one was hurt in the blast.",  # no one
        "He was the one who was killed.",  # "one" as a pronoun
        "The prosecutor released 3 videos and 40 pages of evidence.",  # not people
        "Police seized 12 rifles and 5,000 rounds of ammunition.",  # not people
        "That is more than one gang member killed per day.",  # a rate
        "Many of the documents were burned.",  # a vague word about things
        "",
        "Detectives executed 3 search warrants at dawn.",  # a killing word in another sense
        "Troops captured 12 rifles in the hideout.",  # only people are arrested
    ],
)
def test_not_a_quantity(nlp: Language, text: str) -> None:
    assert _found(nlp, text) == []


@pytest.mark.model
def test_quantity_round_trips(nlp: Language) -> None:
    for quantity in _found(nlp, "Gunmen killed at least 12 people and stole $3 million."):
        assert Quantity.from_dict(quantity.to_dict()) == quantity


@pytest.mark.model
def test_each_figure_of_a_long_document_reads_its_own_text(nlp: Language) -> None:
    """The document's text is read once and every figure sliced from it: a paragraph
    told ten times gives its quantities ten times, each at its own place."""
    paragraph = "Gunmen killed at least 12 people and stole $3 million. Dozens were hurt.\n\n"
    once = _found(nlp, paragraph)
    assert len(once) == 3
    repeated = _found(nlp, paragraph * 10)
    shifted = [
        Quantity(
            kind=q.kind,
            value=q.value,
            span=(q.span[0] + k * len(paragraph), q.span[1] + k * len(paragraph)),
            currency=q.currency,
            approximate=q.approximate,
            text=q.text,
        )
        for k in range(10)
        for q in once
    ]
    assert repeated == shifted
