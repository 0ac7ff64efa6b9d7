"""find_actors on short texts written for the tests: names, roles, short forms, generics."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from dossier.actors import ActorDictionary, find_actors
from dossier.records import Actor, Mention

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.load()


def run(nlp: Language, dictionary: ActorDictionary, text: str, country: str | None = "SLV"):
    return find_actors(nlp(text), dictionary, country)


def by_name(actors: list[Actor]) -> dict[str, Actor]:
    return {actor.name: actor for actor in actors}


@pytest.mark.parametrize(
    ("text", "name", "role", "sector"),
    [
        (
            "Interior Minister Ana Ruiz met reporters on Tuesday.",
            "Ana Ruiz",
            "Interior Minister",
            "GOV",
        ),
        (
            "Yesterday former Defense Minister Pablo Ortega denied the charges.",
            "Pablo Ortega",
            "former Defense Minister",
            "GOV",
        ),
        (
            "The current Education Minister Elsa Pérez visited schools.",
            "Elsa Pérez",
            "Education Minister",
            "GOV",
        ),
        ("General Tomás Ibarra ordered a withdrawal.", "Tomás Ibarra", "General", "MIL"),
        ("The raid was led by police chief Elena Cruz.", "Elena Cruz", "police chief", "COP"),
        ("On Friday judge Marta Solís signed the warrant.", "Marta Solís", "judge", "JUD"),
        (
            "Prosecutors say gang leader Wilfredo Campos ordered it.",
            "Wilfredo Campos",
            "gang leader",
            "CRM",
        ),
        ("Bishop Fabio Ramírez said the talks had ended.", "Fabio Ramírez", "Bishop", "REL"),
    ],
)
def test_title_gives_role_and_sector(nlp, dictionary, text, name, role, sector):
    actor = by_name(run(nlp, dictionary, text)[0])[name]
    assert actor.kind == "person"
    assert role in actor.roles
    assert actor.sector == sector


@pytest.mark.parametrize(
    ("text", "name", "role", "sector", "affiliation"),
    [
        (
            "Jorge Alvarado, a former guerrilla who now runs a bakery, was arrested.",
            "Jorge Alvarado",
            "former guerrilla",
            "REB",
            None,
        ),
        (
            "Luisa Fernández, a spokeswoman for the army, denied it.",
            "Luisa Fernández",
            "spokeswoman for the army",
            "MIL",
            "slv-army",
        ),
        (
            "Nelson Cañas, a member of the MS13, was detained.",
            "Nelson Cañas",
            "member of the MS13",
            "CRM",
            "ms13",
        ),
    ],
)
def test_apposition_gives_role(nlp, dictionary, text, name, role, sector, affiliation):
    actor = by_name(run(nlp, dictionary, text)[0])[name]
    assert role in actor.roles
    assert actor.sector == sector
    if affiliation:
        assert affiliation in actor.affiliations


def test_title_before_apposition_gives_country(nlp, dictionary):
    text = "Honduras's security minister, Julio Ramos, said the prisons were calm."
    actor = by_name(run(nlp, dictionary, text)[0])["Julio Ramos"]
    assert actor.roles == ("security minister",)
    assert actor.country == "HND"
    assert "hnd-gov" in actor.affiliations


def test_organisation_in_title_is_an_affiliation(nlp, dictionary):
    actors, _ = run(nlp, dictionary, "FMLN official Teresa Guzmán spoke to the press.")
    actor = by_name(actors)["Teresa Guzmán"]
    assert "fmln" in actor.affiliations
    assert actor.sector == "PTY"


@pytest.mark.parametrize(
    ("text", "name", "forms"),
    [
        (
            "Interior Minister Ana Ruiz met reporters. Later, Ruiz said the plan would go ahead.",
            "Ana Ruiz",
            ["Ana Ruiz", "Ruiz"],
        ),
        (
            "Ruiz said the plan would go ahead. Interior Minister Ana Ruiz had announced it.",
            "Ana Ruiz",
            ["Ruiz", "Ana Ruiz"],
        ),
        (
            "President Luis Mora Cañas spoke first. Mora Cañas said he would not resign.",
            "Luis Mora Cañas",
            ["Luis Mora Cañas", "Mora Cañas"],
        ),
        (
            "Judge Marta Solís Peña ruled on Friday. Solís said the law was clear.",
            "Marta Solís Peña",
            ["Marta Solís Peña", "Solís"],
        ),
        (
            "Defense lawyer Ana María Ruiz took the case. Ms. Ruiz said the charges were false.",
            "Ana María Ruiz",
            ["Ana María Ruiz", "Ruiz"],
        ),
        (
            "Colonel Raúl Ibáñez arrived. Gen. Ibáñez, as he later became, left.",
            "Raúl Ibáñez",
            ["Raúl Ibáñez", "Ibáñez"],
        ),
    ],
)
def test_short_forms_resolve_to_the_full_name(nlp, dictionary, text, name, forms):
    actors, _ = run(nlp, dictionary, text)
    people = [a for a in actors if a.kind == "person"]
    assert [a.name for a in people] == [name]
    assert [text[s:e] for s, e in people[0].mentions] == forms


def test_two_people_with_one_surname_go_to_the_nearest(nlp, dictionary):
    text = (
        "Mayor Carlos Rivas opened the market. Judge Elena Rivas closed the case. "
        "Rivas said the ruling was final."
    )
    actors = by_name(run(nlp, dictionary, text)[0])
    assert [text[s:e] for s, e in actors["Elena Rivas"].mentions] == ["Elena Rivas", "Rivas"]
    assert len(actors["Carlos Rivas"].mentions) == 1


def test_split_person_name_is_joined(nlp, dictionary):
    text = "Officials close to Ramón Díaz Ortega said he would run again."
    doc = nlp(text)
    start = next(t.i for t in doc if t.text == "Ramón")
    doc.ents = [Span(doc, start, start + 2, "PERSON"), Span(doc, start + 2, start + 3, "ORG")]
    actors, _ = find_actors(doc, dictionary, "SLV")
    people = [a for a in actors if a.kind == "person"]
    assert [a.name for a in people] == ["Ramón Díaz Ortega"]
    assert not [a for a in actors if a.id.startswith("org:")]


def test_surname_that_is_a_place_stays_a_person(nlp, dictionary):
    text = "Education Minister Pedro Valencia visited the schools. Valencia said they were unsafe."
    doc = nlp(text)
    second = [t.i for t in doc if t.text == "Valencia"][1]
    first = next(t.i for t in doc if t.text == "Pedro")
    doc.ents = [Span(doc, first, first + 2, "PERSON"), Span(doc, second, second + 1, "GPE")]
    actors, mentions = find_actors(doc, dictionary, "SLV")
    assert [a.id for a in actors] == ["person:pedro-valencia"]
    assert [m.text for m in mentions] == ["Pedro Valencia", "Valencia"]


@pytest.mark.parametrize(
    ("text", "actor_id", "forms"),
    [
        (
            "The Nationalist Republican Alliance (ARENA) won. ARENA celebrated.",
            "arena",
            ["Nationalist Republican Alliance", "ARENA", "ARENA"],
        ),
        (
            "The National Foundation for Rural Development (FUNADER) said the drought was "
            "worsening. FUNADER asked for help.",
            "org:national-foundation-for-rural-development",
            ["National Foundation for Rural Development", "FUNADER", "FUNADER"],
        ),
        (
            "Members of the Coalition for Clean Water (CCW) marched on Friday. The CCW said "
            "it would return.",
            "org:coalition-for-clean-water",
            ["Coalition for Clean Water", "CCW", "CCW"],
        ),
    ],
)
def test_acronym_pairs_with_its_expansion(nlp, dictionary, text, actor_id, forms):
    actors = {a.id: a for a in run(nlp, dictionary, text)[0]}
    assert [text[s:e] for s, e in actors[actor_id].mentions] == forms


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("SLV", {("slv-pnc", "SLV"), ("gangs:slv", "SLV"), ("slv-army", "SLV")}),
        ("MEX", {("police:mex", "MEX"), ("gangs:mex", "MEX"), ("sedena", "MEX")}),
        (None, {("police", None), ("gangs", None), ("military", None)}),
    ],
)
def test_generic_agents_take_the_document_country(nlp, dictionary, country, expected):
    text = "Police arrested 12 gang members while the army sealed the area."
    actors, _ = run(nlp, dictionary, text, country)
    assert {(a.id, a.country) for a in actors} == expected


def test_generic_word_inside_a_title_is_not_an_actor(nlp, dictionary):
    actors, _ = run(nlp, dictionary, "The raid was led by police chief Elena Cruz.")
    assert [a.id for a in actors] == ["person:elena-cruz"]
    assert "slv-pnc" in actors[0].affiliations


def test_possessive_is_stripped_and_gives_the_government(nlp, dictionary):
    text = "Critics said Pedro Alvarado's government had failed. Alvarado denied it."
    actors, mentions = run(nlp, dictionary, text)
    person = by_name(actors)["Pedro Alvarado"]
    assert [text[s:e] for s, e in person.mentions] == ["Pedro Alvarado", "Alvarado"]
    assert "slv-gov" in person.affiliations
    assert all(not m.text.endswith("'s") for m in mentions)


@pytest.mark.parametrize(
    "text",
    [
        "The YouTube video posted on Monday showed 40 people near the border.",
        "The government launched Operation Iron Fist in March. Iron Fist targeted extortion.",
        "Killings rose by 20 percent in 2015, according to figures released in January.",
    ],
)
def test_no_actors_from_dates_numbers_products_or_operations(nlp, dictionary, text):
    actors, _ = run(nlp, dictionary, text)
    assert all(a.id in ("slv-gov",) for a in actors), [a.id for a in actors]


def check_offsets(text: str, actors: list[Actor], mentions: list[Mention]) -> None:
    spans = {m.span for m in mentions}
    for mention in mentions:
        assert text[mention.span[0] : mention.span[1]] == mention.text
    for actor in actors:
        assert set(actor.mentions) <= spans
    assert len(spans) == len(mentions)


@pytest.mark.parametrize(
    "text",
    [
        "Interior Minister Ana Ruiz met reporters.\u00a0Ruiz said the MS-13 and the 18th Street "
        "gang had agreed to talk, and the PNC confirmed it.",
        "“We will not negotiate,” said Gen. Tomás Ibarra, whose soldiers patrol Soyapango.",
        "The Sinaloa Cartel’s rivals, the CJNG, fought the Guardia Nacional near the DEA office.",
    ],
)
def test_mention_offsets_point_at_the_text(nlp, dictionary, text):
    actors, mentions = run(nlp, dictionary, text)
    assert mentions
    check_offsets(text, actors, mentions)


def test_runs_on_an_empty_document(nlp, dictionary):
    assert find_actors(nlp(""), dictionary, "SLV") == ([], [])


def test_doc_of_another_vocab(dictionary):
    import spacy

    doc: Doc = spacy.blank("en")("The DEA and the FBI raided the house.")
    actors, _ = find_actors(doc, dictionary, None)
    assert [a.id for a in actors] == ["dea", "fbi"]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "actors", "places"),
    [
        ("Norway condemned the attack.", ["Norway"], []),
        ("Peru held talks with Chile on Monday.", ["Peru", "Chile"], []),
        ("Two soldiers died in Peru last year.", [], ["Peru"]),
    ],
)
def test_a_country_in_an_actor_position_is_an_actor(
    text: str, actors: list[str], places: list[str], nlp: Language
) -> None:
    from dossier.places import Gazetteer, find_places

    doc = nlp(text)
    found, _ = find_actors(doc, ActorDictionary.load(), None, find_places(doc, Gazetteer.load()))
    countries = [a for a in found if a.id.startswith("country:")]
    assert [a.name for a in countries] == actors
    assert all(a.kind == "location" and a.country for a in countries)
    assert not {a.name for a in found} & set(places)


@pytest.mark.model
def test_a_street_name_is_not_a_person(nlp: Language) -> None:
    text = "A woman was shot in the 1200 block of Calvin Boulevard. Marta Quiroga was wounded."
    doc = nlp(text)
    assert ("Calvin Boulevard", "PERSON") in [(e.text, e.label_) for e in doc.ents]
    found, _ = find_actors(doc, ActorDictionary.load(), None)
    names = [a.name for a in found if a.kind == "person"]
    assert "Calvin Boulevard" not in names
    assert "Marta Quiroga" in names


def _as_people(nlp: Language, text: str, *names: str) -> Doc:
    """The parse of ``text`` with exactly ``names`` tagged PERSON (the recogniser's
    mistakes, made on purpose)."""
    doc = nlp(text)
    spans, after = [], 0
    for name in names:
        start = text.index(name, after)
        span = doc.char_span(start, start + len(name), label="PERSON")
        assert span is not None, name
        spans.append(span)
        after = start + len(name)
    doc.ents = spans
    return doc


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "tagged", "expected"),
    [
        # a headline's words are no name
        ("Teen Shot To Death In Park\n\nMarta Quiroga was wounded.", "Teen Shot To Death", []),
        # an address with numbers is no name
        (
            "The shooting happened at 302 E. 10th St. Waterloo on Sunday.",
            "302 E. 10th St. Waterloo",
            [],
        ),
        # a spaced dash ends a name
        (
            "Sam Duncan - VIEWER DISCRETION ADVISED was posted on Monday.",
            "Sam Duncan - VIEWER DISCRETION",
            ["Sam Duncan"],
        ),
        # an age glued to a name is not part of it
        (
            "Officers shot Laquan McDonald 16 times in October.",
            "Laquan McDonald 16",
            ["Laquan McDonald"],
        ),
    ],
)
def test_what_the_recogniser_takes_for_a_person(
    nlp: Language, dictionary: ActorDictionary, text: str, tagged: str, expected: list[str]
) -> None:
    found, _ = find_actors(_as_people(nlp, text, tagged), dictionary, None)
    assert [a.name for a in found if a.kind == "person"] == expected


@pytest.mark.model
def test_a_first_name_alone_is_the_person_it_begins(
    nlp: Language, dictionary: ActorDictionary
) -> None:
    text = "Sara Mutschlechner was shot on Sunday. Witnesses said Sara was walking home."
    doc = _as_people(nlp, text, "Sara Mutschlechner", "Sara")
    found, mentions = find_actors(doc, dictionary, None)
    people = [a for a in found if a.kind == "person"]
    assert [a.name for a in people] == ["Sara Mutschlechner"]
    assert len([m for m in mentions if m.actor_id == people[0].id]) == 2


@pytest.mark.model
def test_a_one_word_name_used_as_a_place_is_the_place(
    nlp: Language, dictionary: ActorDictionary
) -> None:
    from dossier.places import Gazetteer, find_places

    text = "AUBURN, Alabama -- A student was shot near Auburn on Sunday."
    doc = _as_people(nlp, text, "Auburn")
    places = find_places(doc, Gazetteer.load())
    found, _ = find_actors(doc, dictionary, None, places)
    assert [a.name for a in found if a.kind == "person"] == []
