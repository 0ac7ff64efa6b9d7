"""Fixtures of the web tests: a small store with a hostile article, and a client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import dossier
from dossier.records import (
    Actor,
    Document,
    Event,
    Evidence,
    Extraction,
    Modality,
    Quote,
    Timex,
    When,
    Where,
)
from dossier.web import create_app

# Every string a page shows is hostile here: the text, the title, actor names, places,
# quotes, times, the source and the url. Payloads that run set ``window.pwned``.
HOSTILE_NAME = "<script>alert('actor')</script>"
HOSTILE_VICTIM = '<img src=x onerror="alert(1)">'
HOSTILE_QUOTE = (
    "<svg onload=\"window.pwned='quote'\"></svg> we will <script>window.pwned=1</script>"
)
HOSTILE_WHEN = "<img src=x onerror=\"window.pwned='when'\">"
HOSTILE_URL = "javascript:window.pwned='url';alert('url')"
HOSTILE_TEXT = (
    f"{HOSTILE_NAME} attacked {HOSTILE_VICTIM} in the port on 3 May 2021. "
    "Nobody was hurt. <b>bold</b> and <iframe src='//evil.example'></iframe> end here. "
    f'The victim said "{HOSTILE_QUOTE}" after {HOSTILE_WHEN}.'
)


def hostile_extraction() -> Extraction:
    text = HOSTILE_TEXT
    start = text.index(HOSTILE_NAME)
    victim = text.index(HOSTILE_VICTIM)
    trigger = text.index("attacked")
    sentence_end = text.index("Nobody") - 1
    quote = text.index(HOSTILE_QUOTE)
    when = text.index(HOSTILE_WHEN)
    actors = (
        Actor("group:xss", HOSTILE_NAME, "group", aliases=("<svg onload=alert(2)>",),
              mentions=((start, start + len(HOSTILE_NAME)),)),
        Actor("person:xss", HOSTILE_VICTIM, "person", affiliations=("group:xss",),
              mentions=((victim, victim + len(HOSTILE_VICTIM)),)),
    )
    event = Event(
        "e1",
        "ASSAULT",
        Evidence((0, sentence_end), (trigger, trigger + len("attacked"))),
        When("2021-05-03", "2021-05-03", "day", "3 May 2021"),
        mode="beat",
        actor=("group:xss",),
        recipient=("person:xss",),
        where=Where("<i>port</i>", "SLV", None, 13.5, -89.2, "city"),
        killed=2,
        modality=Modality(),
    )
    document = Document("web-hostile", text, title="<script>alert('title')</script>",
                        url=HOSTILE_URL, source="<script>window.pwned='source'</script>",
                        published="2021-05-04")
    return Extraction(
        document,
        actors,
        (event,),
        quotes=(Quote(HOSTILE_QUOTE, (quote, quote + len(HOSTILE_QUOTE)), "person:xss"),),
        timexes=(Timex(HOSTILE_WHEN, (when, when + len(HOSTILE_WHEN)), "DATE", "2021-05"),),
    )


def calm_extraction() -> Extraction:
    text = "Police arrested a smuggler in the north in June 2020. He denied everything."
    trigger = text.index("arrested")
    actors = (
        Actor("organization:police", "Police", "organization", sector="government",
              mentions=((0, 6),)),
        Actor("person:smuggler", "a smuggler", "person", mentions=((18, 27),)),
    )
    event = Event(
        "e1",
        "COERCE",
        Evidence((0, text.index(".") + 1), (trigger, trigger + len("arrested"))),
        When("2020-06-01", "2020-06-30", "month", "June 2020"),
        mode="arrest",
        actor=("organization:police",),
        recipient=("person:smuggler",),
        arrested=1,
    )
    document = Document("web-calm", text, title="A calm arrest", published="2020-07-01")
    return Extraction(document, actors, (event,))


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.sqlite"
    with dossier.open(path) as kb:
        kb.ingest(hostile_extraction())
        kb.ingest(calm_extraction())
    return path


@pytest.fixture
def web_client(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(web_db)) as client:
        yield client
