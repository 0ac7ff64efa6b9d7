"""Synthetic extractions, the same for the same number, and a script that ingests them.

    python -m tests.store.synthetic STORE COUNT

ingests extractions 0 .. COUNT-1 into STORE in order and prints each number once it is
committed: the SIGKILL test runs it, kills it at random points and checks the store.
No spaCy: the records are built by hand from a small vocabulary.
"""

from __future__ import annotations

import random
import sys

import dossier
from dossier.records import (
    Actor,
    Document,
    Event,
    Evidence,
    Extraction,
    Modality,
    Quantity,
    Quote,
    Timex,
    When,
    Where,
)

PEOPLE = ["Marta Quiñónez", "Tomás Ibarra", "Lucía Ferrer", "Óscar Medrano", "Ana Beltrán"]
GROUPS = ["Los Cuervos", "Banda Norte", "Colectivo Sur", "Frente Rojo"]
VERBS = [("detained", "COERCE"), ("attacked", "ASSAULT"), ("accused", "ACCUSE"),
         ("met", "CONSULT"), ("threatened", "THREATEN"), ("supported", "SUPPORT")]
PLACES = [("Ciudad Alta", "HND"), ("Puerto Viejo", "GTM"), ("San Lázaro", "SLV")]


def synthetic(number: int) -> Extraction:
    """Extraction ``number``: four actors drawn from a small cast, six events."""
    rng = random.Random(number)
    cast = rng.sample(PEOPLE, 2) + rng.sample(GROUPS, 2)
    sentences: list[str] = []
    spans: dict[str, list[tuple[int, int]]] = {name: [] for name in cast}
    events: list[Event] = []
    quantities: list[Quantity] = []
    timexes: list[Timex] = []
    offset = 0
    for index in range(6):
        who, whom = rng.sample(cast, 2)
        verb, kind = rng.choice(VERBS)
        place, country = rng.choice(PLACES)
        day = f"20{rng.randint(10, 19)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        count = rng.randint(1, 40)
        sentence = f"{who} {verb} {whom} in {place} on {day}, leaving {count} dead."
        start = offset
        spans[who].append((start, start + len(who)))
        trigger = start + len(who) + 1
        spans[whom].append((trigger + len(verb) + 1, trigger + len(verb) + 1 + len(whom)))
        at = start + sentence.index(day)
        timexes.append(Timex(day, (at, at + len(day)), "DATE", day))
        figure = start + sentence.index(f"{count} dead")
        quantities.append(Quantity("killed", count, (figure, figure + len(str(count))),
                                   text=str(count)))
        events.append(
            Event(
                id=f"syn-{number}:e{index + 1}",
                type=kind,
                mode=None,
                context=("crime",) if index % 2 else ("crime", "repression"),
                actor=(slug(who),),
                recipient=(slug(whom),),
                when=When(day, day, "day", day),
                where=Where(place, country, None, None, None, "city"),
                killed=count if kind == "ASSAULT" else None,
                modality=Modality(hedged=index == 3),
                attribution=("wire",),
                evidence=Evidence((start, start + len(sentence)), (trigger, trigger + len(verb))),
                confidence=round(rng.random(), 3),
            )
        )
        sentences.append(sentence)
        offset += len(sentence) + 1
    text = " ".join(sentences)
    actors = tuple(
        Actor(
            id=slug(name),
            name=name,
            kind="person" if name in PEOPLE else "group",
            aliases=(name.split()[-1],) if name in PEOPLE else (),
            country="HND",
            sector="GOV" if name in PEOPLE else "CRM",
            roles=("spokesperson",) if name in PEOPLE else (),
            mentions=tuple(spans[name]),
        )
        for name in cast
    )
    speaker = events[0].actor[0]
    first = sentences[0][: sentences[0].index(" ")]
    quote = Quote(first, (0, len(first)), speaker=speaker)
    return Extraction(
        document=Document(
            id=f"syn-{number}", text=text, title=f"Report {number}", source="synthetic",
            published=f"2020-{number % 12 + 1:02d}",
        ),
        actors=actors,
        events=tuple(events),
        quotes=(quote,),
        timexes=tuple(timexes),
        quantities=tuple(quantities),
    )


def slug(name: str) -> str:
    return "x:" + name.casefold().replace(" ", "-")


def ingest_all(path: str, count: int, report: bool = False) -> None:
    with dossier.open(path) as kb:
        for number in range(count):
            kb.ingest(synthetic(number))
            if report:
                sys.stdout.write(f"{number}\n")
                sys.stdout.flush()


if __name__ == "__main__":
    ingest_all(sys.argv[1], int(sys.argv[2]), report=True)
