"""Hand-built findings for the event coder tests: actors, timexes, quantities, places.

Every test text is written for the tests. Actors are given as ``(name, kind)``: each
occurrence of the name in the text becomes a mention of the actor whose id is the
name's slug ("Federal Police" is ``federal-police``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.language import Language

from dossier.events import Lexicon, code_events
from dossier.records import (
    Actor,
    Document,
    Event,
    Findings,
    Mention,
    PlaceMention,
    Quantity,
    Timex,
    Where,
)

PUBLISHED = "2016-11-10"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _span(text: str, words: str, nth: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(words), text)]
    start = starts[nth]
    return start, start + len(words)


def findings(
    text: str,
    actors: Sequence[tuple[str, str]] = (),
    timexes: Sequence[tuple[str, str, str]] = (),
    quantities: Sequence[tuple[str, str, float]] = (),
    places: Sequence[tuple[str, str, str]] = (),
    country: str | None = None,
) -> Findings:
    """Findings for ``text``: timexes are (words, type, value), quantities (words, kind,
    value; "$" in the words makes it USD money), places (words, country, precision)."""
    found_actors, mentions = [], []
    for name, kind in actors:
        spans = [
            (m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)
        ]
        found_actors.append(Actor(slug(name), name, kind, mentions=tuple(spans)))
        mentions.extend(Mention(slug(name), span, name) for span in spans)
    return Findings(
        actors=tuple(found_actors),
        mentions=tuple(mentions),
        timexes=tuple(
            Timex(words, _span(text, words), kind, value) for words, kind, value in timexes
        ),
        quantities=tuple(
            Quantity(
                "money" if "$" in words else kind,
                value,
                _span(text, words),
                currency="USD" if "$" in words else None,
                text=words,
            )
            for words, kind, value in quantities
        ),
        places=tuple(
            PlaceMention(_span(text, words), words, Where(words, country_code, precision=level))
            for words, country_code, level in places
        ),
        country=country,
    )


def code(
    nlp: Language,
    lexicon: Lexicon,
    text: str,
    published: str | None = PUBLISHED,
    **given: Sequence[tuple[str, str]] | Sequence[tuple[str, str, str]] | str | None,
) -> list[Event]:
    """The events ``code_events`` finds in ``text`` with the given findings."""
    document = Document(id="t", text=text, published=published)
    return code_events(nlp(text), document, findings(text, **given), lexicon)  # type: ignore[arg-type]


def only(events: list[Event], event_type: str) -> Event:
    """The single event of ``event_type`` among ``events``."""
    found = [e for e in events if e.type == event_type]
    assert len(found) == 1, [(e.type, e.actor, e.recipient) for e in events]
    return found[0]


def trigger_text(text: str, event: Event) -> str:
    return text[event.evidence.trigger[0] : event.evidence.trigger[1]]
