from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_events_lists_and_pages(web_client: TestClient) -> None:
    body = web_client.get("/api/events").json()
    assert [e["id"] for e in body["events"]] == ["web-calm:e1", "web-hostile:e1"]
    assert body["has_more"] is False
    first = web_client.get("/api/events", params={"per_page": 1}).json()
    assert first["has_more"] is True and len(first["events"]) == 1
    second = web_client.get("/api/events", params={"per_page": 1, "page": 2}).json()
    assert second["events"][0]["id"] == "web-hostile:e1" and second["has_more"] is False


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "ASSAULT"}, ["web-hostile:e1"]),
        ({"type": ["ASSAULT", "COERCE"]}, ["web-calm:e1", "web-hostile:e1"]),
        ({"mode": "arrest"}, ["web-calm:e1"]),
        ({"actor": "Police"}, ["web-calm:e1"]),
        ({"recipient": "a smuggler"}, ["web-calm:e1"]),
        ({"country": "SLV"}, ["web-hostile:e1"]),
        ({"since": "2021"}, ["web-hostile:e1"]),
        ({"until": "2020-12"}, ["web-calm:e1"]),
        ({"min_killed": "1"}, ["web-hostile:e1"]),
        ({"hedged": "yes"}, []),
        ({"text": "smuggler"}, ["web-calm:e1"]),
        ({"doc": "web-calm"}, ["web-calm:e1"]),
        ({"sort": "-date"}, ["web-hostile:e1", "web-calm:e1"]),
        ({"actor": "", "type": ""}, ["web-calm:e1", "web-hostile:e1"]),  # empty form fields
    ],
)
def test_event_filters(
    web_client: TestClient, params: dict[str, object], expected: list[str]
) -> None:
    body = web_client.get("/api/events", params=params).json()  # type: ignore[arg-type]
    assert [e["id"] for e in body["events"]] == expected


@pytest.mark.parametrize(
    "params",
    [{"min_killed": "many"}, {"page": "0"}, {"per_page": "100000"}, {"sort": "name"},
     {"page": "401"},
     {"since": "yesterday-ish"}, {"hedged": "perhaps"}],
)
def test_bad_filters_are_400(web_client: TestClient, params: dict[str, str]) -> None:
    response = web_client.get("/api/events", params=params)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_event_and_marks(web_client: TestClient) -> None:
    body = web_client.get("/api/events/web-calm:e1").json()
    assert body["type"] == "COERCE" and body["arrested"] == 1
    roles = {mark["role"] for mark in body["marks"]}
    assert {"trigger", "actor", "recipient"} <= roles


@pytest.mark.parametrize(
    "path", ["/api/events/nope:e9", "/api/actors/nobody-at-all", "/api/uploads/nojob"]
)
def test_missing_is_404_or_400(web_client: TestClient, path: str) -> None:
    assert web_client.get(path).status_code in (404, 400)


def test_actors_and_profile(web_client: TestClient) -> None:
    names = {a["name"] for a in web_client.get("/api/actors").json()}
    assert "Police" in names
    profile = web_client.get("/api/actors/Police").json()
    assert profile["actor"]["sector"] == "government"
    assert [e["id"] for e in profile["as_actor"]] == ["web-calm:e1"]


def test_timeline_network_map(web_client: TestClient) -> None:
    timeline = web_client.get("/api/timeline").json()["events"]
    assert {(e["start"], e["end"]) for e in timeline} == {
        ("2020-06-01", "2020-06-30"), ("2021-05-03", "2021-05-03")
    }
    network = web_client.get("/api/network", params={"type": "COERCE"}).json()
    assert {n["name"] for n in network["nodes"]} == {"Police", "a smuggler"}
    assert network["edges"][0]["kind"] == "conflict" and network["edges"][0]["score"] < 0
    markers = web_client.get("/api/map").json()["events"]
    assert [(m["lat"], m["lon"]) for m in markers] == [(13.5, -89.2)]


def test_search_and_stats(web_client: TestClient) -> None:
    hits = web_client.get("/api/search", params={"q": "smuggler"}).json()
    assert hits and all(hit["doc_id"] == "web-calm" for hit in hits)
    stats = web_client.get("/api/stats").json()
    assert stats["documents"] == 2 and stats["events"] == 2
    assert len(web_client.get("/api/documents").json()) == 2


def test_openapi_documents_the_api(web_client: TestClient) -> None:
    paths = web_client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/actors", "/api/actors/{actor}",
                 "/api/timeline", "/api/network", "/api/search", "/api/stats"):
        assert path in paths
    assert "/events" not in paths
