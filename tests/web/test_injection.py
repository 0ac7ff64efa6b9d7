"""SQL (and FTS5) injection in every filter of every route: each query parameter and path
parameter the app reads (enumerated from its routes) with each payload answers like any
value that matches nothing (same status, same number of items), never a 500, and
nothing is written to the store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

import dossier
from dossier.web import create_app
from tests.web.routes import Endpoint, endpoints

PAYLOADS = [
    "' OR '1'='1",
    "1 OR 1=1",
    "'; DROP TABLE events; --",
    '"; DELETE FROM documents; --',
    "1); UPDATE actors SET name = 'x'; --",
    "%' UNION SELECT id, text, 1, 1 FROM documents --",
    "ASSAULT') OR ('1'='1",
    "* OR id:*",
    'NEAR(a b) OR "x" AND text : *',
    "a\x00' OR 1=1 --",
    "2021-01' OR '1'='1",
]
NOTHING = "qqq-matches-nothing"
FILTERS = [
    (endpoint, name)
    for endpoint in endpoints()
    if endpoint.method == "GET"
    for name in endpoint.query
]
WITH_IDS = [e for e in endpoints() if e.method == "GET" and e.params]


@pytest.fixture(scope="module")
def store(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("injection") / "kb.sqlite"
    with dossier.open(web_db, create=False) as kb:  # a consistent copy, WAL included
        kb.db.connection.execute("VACUUM INTO ?", (str(copy),))
    return copy


@pytest.fixture(scope="module")
def dump(store: Path) -> list[str]:
    """The copy's whole content as SQL, before any request."""
    with dossier.open(store, create=False) as kb:
        return list(kb.db.connection.iterdump())


@pytest.fixture(scope="module")
def client(store: Path, dump: list[str]) -> Iterator[TestClient]:
    with TestClient(create_app(store), raise_server_exceptions=False) as found:
        yield found


@pytest.fixture(scope="module")
def watcher(store: Path) -> Iterator[Any]:
    """A connection of its own whose ``data_version`` moves if anyone commits."""
    with dossier.open(store, create=False) as kb:
        yield kb


def version(watcher: Any) -> int:
    value: int = watcher.db.read("PRAGMA data_version")[0][0]
    return value


def items(response: Any) -> int | None:
    """How many things a JSON answer lists (events, actors, hits, nodes)."""
    if not response.headers.get("content-type", "").startswith("application/json"):
        return None
    body = response.json()
    if isinstance(body, list):
        return len(body)
    for key in ("events", "nodes"):
        if isinstance(body, dict) and key in body:
            return len(body[key])
    return None


def test_filters_are_enumerated() -> None:
    names = {(e.path, name) for e, name in FILTERS}
    assert ("/api/events", "actor") in names and ("/api/search", "q") in names
    assert ("/events", "text") in names and ("/api/actors", "sector") in names
    assert len(FILTERS) > 100


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize(("endpoint", "name"), FILTERS, ids=lambda v: str(v))
def test_injection_in_every_filter(
    client: TestClient, watcher: Any, endpoint: Endpoint, name: str, payload: str
) -> None:
    before = version(watcher)
    baseline = client.get(endpoint.path, params={name: NOTHING})
    response = client.get(endpoint.path, params={name: payload})
    assert response.status_code < 500, response.text
    assert response.status_code in (200, 400, 422)
    if response.status_code == 200 and baseline.status_code == 200:
        assert items(response) == items(baseline)
    assert version(watcher) == before  # nothing was written


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("endpoint", WITH_IDS, ids=str)
def test_injection_in_every_path_parameter(
    client: TestClient, watcher: Any, endpoint: Endpoint, payload: str
) -> None:
    before = version(watcher)
    path = endpoint.template
    for name in endpoint.params:
        path = path.replace("{" + name + "}", quote(payload, safe=""))
    response = client.get(path)
    assert response.status_code in (400, 404), response.text
    assert version(watcher) == before


def test_store_is_unchanged(client: TestClient, store: Path, dump: list[str]) -> None:
    for payload in PAYLOADS:  # again, every filter of the events at once
        client.get("/api/events", params={"actor": payload, "text": payload, "type": payload})
    with dossier.open(store, create=False) as kb:
        assert list(kb.db.connection.iterdump()) == dump
