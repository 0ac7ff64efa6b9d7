"""Tests for dossier.events.code_events: triggers, arguments, figures, ids, dedupe."""

from __future__ import annotations

import pytest
from spacy.language import Language

from dossier.events import Lexicon
from tests.events.support import code, only, trigger_text

pytestmark = pytest.mark.model

ORG, GROUP, PERSON = "organization", "group", "person"


@pytest.mark.parametrize(
    ("text", "actors", "expected"),
    [
        # active voice: subject acts, object receives
        (
            "Federal troops attacked the Jalisco cartel near the border.",
            [("Federal troops", ORG), ("Jalisco cartel", GROUP)],
            ("ASSAULT", ("federal-troops",), ("jalisco-cartel",)),
        ),
        # passive with agent
        (
            "The mayor of Tela was arrested by the National Police on Tuesday.",
            [("mayor of Tela", PERSON), ("National Police", ORG)],
            ("COERCE", ("national-police",), ("mayor-of-tela",)),
        ),
        # agentless passive: no actor
        (
            "Two union leaders were detained in the capital.",
            [("union leaders", GROUP)],
            ("COERCE", (), ("union-leaders",)),
        ),
        # coordinated subjects meet: all are actors
        (
            "The Interior Ministry and the Red Cross met in the port city.",
            [("Interior Ministry", ORG), ("Red Cross", ORG)],
            ("CONSULT", ("interior-ministry", "red-cross"), ()),
        ),
        # coordinated objects
        (
            "Police arrested Juan Ortega and Luis Mena at a checkpoint.",
            [("Police", ORG), ("Juan Ortega", PERSON), ("Luis Mena", PERSON)],
            ("COERCE", ("police",), ("juan-ortega", "luis-mena")),
        ),
        # "met with X"
        (
            "The envoy met with Barrio 18 leaders in a prison.",
            [("envoy", PERSON), ("Barrio 18", GROUP)],
            ("CONSULT", ("envoy",), ("barrio-18",)),
        ),
        # relative clause: the antecedent is the subject
        (
            "The Gulf Clan, which negotiated with the army, later lost its leader.",
            [("Gulf Clan", GROUP), ("army", ORG)],
            ("CONSULT", ("gulf-clan",), ("army",)),
        ),
        # possessive nominal trigger
        (
            "The government's crackdown on the Barrio 18 began in March.",
            [("government", ORG), ("Barrio 18", GROUP)],
            ("COERCE", ("government",), ("barrio-18",)),
        ),
        # light verb + event noun + "against"
        (
            "The cartel launched an offensive against the state police.",
            [("cartel", GROUP), ("state police", ORG)],
            ("ASSAULT", ("cartel",), ("state-police",)),
        ),
        # light verb "held negotiations with"
        (
            "Church mediators held negotiations with the gang leaders last week.",
            [("Church mediators", GROUP), ("gang leaders", GROUP)],
            ("CONSULT", ("church-mediators",), ("gang-leaders",)),
        ),
        # light verb "carried out an attack on"
        (
            "Gunmen from the Tren de Aragua carried out an attack on a bus depot owner.",
            [("Tren de Aragua", GROUP), ("bus depot owner", PERSON)],
            ("ASSAULT", ("tren-de-aragua",), ("bus-depot-owner",)),
        ),
        # control verb: the infinitive's subject is its governor's
        (
            "The rebels began to negotiate with the government in Havana.",
            [("rebels", GROUP), ("government", ORG)],
            ("CONSULT", ("rebels",), ("government",)),
        ),
        # "between X and Y" truce: both sides are actors and recipients
        (
            "A truce between Barrio 18 and the Mara Salvatrucha took effect in June.",
            [("Barrio 18", GROUP), ("Mara Salvatrucha", GROUP)],
            ("AGREE", ("barrio-18", "mara-salvatrucha"), ("barrio-18", "mara-salvatrucha")),
        ),
        # a rejection takes its recipient from what it rejects
        (
            "The president rejected new talks with the gangs.",
            [("president", PERSON), ("gangs", GROUP)],
            ("REJECT", ("president",), ("gangs",)),
        ),
        # extradition: the country it goes to is the recipient
        (
            "Honduras extradited the trafficker to the United States.",
            [("Honduras", "location"), ("United States", "location")],
            ("COOPERATE", ("honduras",), ("united-states",)),
        ),
    ],
)
def test_actor_and_recipient_from_syntax(
    nlp: Language,
    event_lexicon: Lexicon,
    text: str,
    actors: list[tuple[str, str]],
    expected: tuple[str, tuple[str, ...], tuple[str, ...]],
) -> None:
    event_type, actor, recipient = expected
    event = only(code(nlp, event_lexicon, text, actors=actors), event_type)
    assert (event.actor, event.recipient) == (actor, recipient)


@pytest.mark.parametrize(
    ("text", "expected_type", "expected_mode"),
    [
        ("The army deployed troops to the northern province.", "MOBILIZE", "troops"),
        ("The governor lifted the curfew in the city.", "CONCEDE", None),
        ("The rebels demanded the release of their commander.", "REQUEST", "yield"),
        ("The prosecutor accused the mayor of embezzlement.", "ACCUSE", "allege"),
        ("The ombudsman condemned the police raid.", "ACCUSE", "disapprove"),
        ("Students protested outside the ministry.", "PROTEST", "demo"),
        ("The cartel threatened to kill the journalist.", "THREATEN", "violence"),
        ("The two parties signed a peace agreement.", "SUPPORT", None),
        ("The minister resigned after the scandal.", "RETREAT", "resign"),
        ("The agency opened an investigation into the mayor.", "ACCUSE", "investigate"),
        ("The soldiers shot the driver at a checkpoint.", "ASSAULT", "firearms"),
    ],
)
def test_types_and_modes(
    nlp: Language, event_lexicon: Lexicon, text: str, expected_type: str, expected_mode: str | None
) -> None:
    actors = [
        (name, ORG)
        for name in (
            "army",
            "governor",
            "rebels",
            "prosecutor",
            "mayor",
            "ombudsman",
            "police",
            "Students",
            "cartel",
            "journalist",
            "two parties",
            "minister",
            "agency",
            "soldiers",
            "driver",
        )
        if name in text
    ]
    event = only(code(nlp, event_lexicon, text, actors=actors), expected_type)
    assert event.mode == expected_mode


def test_a_death_with_a_perpetrator_is_an_assault_with_its_toll(
    nlp: Language, event_lexicon: Lexicon
) -> None:
    text = "In 2015, 52 alleged gang members died during confrontations with the army."
    events = code(
        nlp,
        event_lexicon,
        text,
        actors=[("gang members", GROUP), ("army", ORG)],
        timexes=[("2015", "DATE", "2015")],
        quantities=[("52", "killed", 52)],
    )
    event = only(events, "ASSAULT")
    assert (event.actor, event.recipient, event.killed) == (("army",), ("gang-members",), 52)
    assert event.modality.hedged
    assert trigger_text(text, event) == "died"


def test_a_death_without_violence_is_no_event(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "The former senator died in his sleep at home."
    assert code(nlp, event_lexicon, text, actors=[("former senator", PERSON)]) == []


@pytest.mark.parametrize(
    ("text", "quantities", "figure", "value"),
    [
        ("Police arrested 30 people in Soyapango.", [("30", "arrested", 30)], "arrested", 30),
        ("Gunmen killed five bus drivers in Comayagua.", [("five", "count", 5)], "killed", 5),
        (
            "Police arrested 12 suspects, though local media reported 15 arrests.",
            [("12", "arrested", 12), ("15", "arrested", 15)],
            "arrested",
            12,
        ),
    ],
)
def test_figures_attach_to_the_event(
    nlp: Language,
    event_lexicon: Lexicon,
    text: str,
    quantities: list[tuple[str, str, float]],
    figure: str,
    value: int,
) -> None:
    actors = [("Police", ORG), ("Gunmen", GROUP), ("bus drivers", GROUP), ("people", GROUP)]
    events = code(
        nlp, event_lexicon, text, actors=[a for a in actors if a[0] in text], quantities=quantities
    )
    assert min(getattr(e, figure) or 10**6 for e in events) == value


@pytest.mark.parametrize(
    ("text", "figure", "value"),
    [
        ("A teenager was shot and killed outside a bakery in Tela.", "killed", 1),
        ("Gunmen wounded a taxi driver and his wife in La Ceiba.", "injured", 2),
        ("Gunmen wounded several people in La Ceiba.", "injured", None),
    ],
)
def test_named_single_victims_are_counted(
    nlp: Language, event_lexicon: Lexicon, text: str, figure: str, value: int | None
) -> None:
    actors = [("Gunmen", GROUP)] if "Gunmen" in text else []
    [event] = code(nlp, event_lexicon, text, actors=actors)
    assert getattr(event, figure) == value


def test_money_attaches_to_aid(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "The ministry provided $2 million in aid to the fishing cooperative."
    events = code(
        nlp,
        event_lexicon,
        text,
        actors=[("ministry", ORG), ("fishing cooperative", ORG)],
        quantities=[("$2 million", "money", 2_000_000)],
    )
    event = only(events, "AID")
    assert event.money is not None and event.money.amount == 2_000_000
    assert event.recipient == ("fishing-cooperative",)


def test_a_promise_of_aid_is_agree(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "The ministry was willing to provide funds to the cooperative."
    events = code(nlp, event_lexicon, text, actors=[("ministry", ORG), ("cooperative", ORG)])
    assert only(events, "AGREE").actor == ("ministry",)


def test_a_pronoun_points_back_at_the_nearest_fitting_actor(
    nlp: Language, event_lexicon: Lexicon
) -> None:
    text = "The Farabundo Front won the vote in 2014. It then launched a war against the gangs."
    events = code(nlp, event_lexicon, text, actors=[("Farabundo Front", ORG), ("gangs", GROUP)])
    assert only(events, "ASSAULT").actor == ("farabundo-front",)


def test_a_person_pronoun_points_back_at_a_person(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Commander Rosa Tobar met the envoys in May. She later accused the army of torture."
    events = code(
        nlp,
        event_lexicon,
        text,
        actors=[("Rosa Tobar", PERSON), ("envoys", GROUP), ("army", ORG)],
    )
    assert only(events, "ACCUSE").actor == ("rosa-tobar",)


def test_a_named_operation_is_an_investigation(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Operation Shield has targeted motels and bars owned by gang leaders."
    event = only(code(nlp, event_lexicon, text), "ACCUSE")
    assert (event.mode, trigger_text(text, event)) == ("investigate", "Operation Shield")


@pytest.mark.parametrize(
    "text",
    [
        "The story of the offensive is instructive for the army.",
        "That truce was deeply unpopular with the army.",
        "The video captured gang members in a courtyard.",
        "The ceasefire talks drew the army into politics.",
    ],
)
def test_mentions_of_events_are_not_events(
    nlp: Language, event_lexicon: Lexicon, text: str
) -> None:
    events = code(nlp, event_lexicon, text, actors=[("army", ORG), ("gang members", GROUP)])
    assert events == []


def test_a_rate_is_not_an_event(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "More than one gang member is killed per day by the police."
    events = code(
        nlp,
        event_lexicon,
        text,
        actors=[("gang member", GROUP), ("police", ORG)],
        timexes=[("per day", "SET", "P1D")],
    )
    assert events == []


def test_an_event_told_twice_is_one_event(nlp: Language, event_lexicon: Lexicon) -> None:
    text = (
        "In March 2012, Barrio 18 and the Mara Salvatrucha agreed to a truce. "
        "The truce between Barrio 18 and the Mara Salvatrucha cut homicides in half."
    )
    events = code(
        nlp,
        event_lexicon,
        text,
        actors=[("Barrio 18", GROUP), ("Mara Salvatrucha", GROUP)],
        timexes=[("March 2012", "DATE", "2012-03")],
    )
    agree = [e for e in events if e.type == "AGREE"]
    assert len(agree) == 1
    assert agree[0].when.start == "2012-03-01"


def test_ids_count_events_in_text_order(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Police arrested the mayor on Monday. On Tuesday the mayor's lawyers accused the police."
    events = code(
        nlp, event_lexicon, text, actors=[("Police", ORG), ("police", ORG), ("mayor", PERSON)]
    )
    assert [e.id for e in events] == ["t:e1", "t:e2"]
    assert [e.type for e in events] == ["COERCE", "ACCUSE"]
    assert events[0].evidence.trigger[0] < events[1].evidence.trigger[0]


def test_evidence_spans_point_into_the_text(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Soldiers detained three journalists. The union condemned the arrests."
    events = code(
        nlp, event_lexicon, text, actors=[("Soldiers", ORG), ("journalists", GROUP), ("union", ORG)]
    )
    for event in events:
        start, end = event.evidence.sentence
        assert 0 <= start < end <= len(text)
        assert start <= event.evidence.trigger[0] < event.evidence.trigger[1] <= end
        assert 0.0 <= event.confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("Police arrested the gang leader for extortion.", "crime"),
        ("Police arrested the mayor for taking bribes.", "corruption"),
        ("Police arrested the cocaine traffickers at the port.", "illegal_drugs"),
        ("Police arrested the candidate before the election.", "election"),
    ],
)
def test_contexts_come_from_the_paragraph(
    nlp: Language, event_lexicon: Lexicon, text: str, context: str
) -> None:
    events = code(nlp, event_lexicon, text, actors=[("Police", ORG)])
    assert context in only(events, "COERCE").context


def test_crime_yields_to_a_narrower_context(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Police arrested the gang leader who ran the cocaine route."
    context = only(code(nlp, event_lexicon, text, actors=[("Police", ORG)]), "COERCE").context
    assert "illegal_drugs" in context and "crime" not in context


def test_modality_and_attribution_reach_the_event(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "According to the police, gunmen attacked a bus driver in Soyapango."
    events = code(nlp, event_lexicon, text, actors=[("police", ORG), ("bus driver", PERSON)])
    event = only(events, "ASSAULT")
    assert event.attribution == ("police",)
    assert event.modality.hedged and not event.modality.negated


def test_a_negated_event_is_kept_and_flagged(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "The rebels did not attack the convoy of the Red Cross."
    event = only(
        code(nlp, event_lexicon, text, actors=[("rebels", GROUP), ("Red Cross", ORG)]), "ASSAULT"
    )
    assert event.modality.negated


def test_far_from_refusing_is_not_a_refusal(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "Far from refusing to negotiate, the minister met the gang leaders in May."
    events = code(nlp, event_lexicon, text, actors=[("minister", PERSON), ("gang leaders", GROUP)])
    assert [e.type for e in events] == ["CONSULT"]
    assert not events[0].modality.negated


def test_a_refused_release_is_a_rejection(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "The ministry will not release the detained activists."
    event = only(
        code(nlp, event_lexicon, text, actors=[("ministry", ORG), ("activists", GROUP)]), "REJECT"
    )
    assert event.actor == ("ministry",) and not event.modality.negated


def test_a_demand_in_reported_speech(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "The bishops said the government must end the siege of the town."
    event = only(
        code(nlp, event_lexicon, text, actors=[("bishops", GROUP), ("government", ORG)]), "REQUEST"
    )
    assert (event.actor, event.recipient) == (("bishops",), ("government",))


def test_sanctions_and_extraditions(nlp: Language, event_lexicon: Lexicon) -> None:
    text = "The Treasury sanctioned the Sinaloa Cartel on Friday."
    event = only(
        code(nlp, event_lexicon, text, actors=[("Treasury", ORG), ("Sinaloa Cartel", GROUP)]),
        "SANCTION",
    )
    assert (event.actor, event.recipient) == (("treasury",), ("sinaloa-cartel",))
