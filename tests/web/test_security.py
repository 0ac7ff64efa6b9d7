from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dossier.web import create_app, security

TOKEN = "s3cret-token"


@pytest.fixture
def guarded(web_db: Path) -> TestClient:
    return TestClient(create_app(web_db, token=TOKEN))


@pytest.mark.parametrize("path", ["/events", "/api/events", "/static/style.css", "/openapi.json"])
def test_token_required(guarded: TestClient, path: str) -> None:
    response = guarded.get(path)
    assert response.status_code == 401
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("header", ["Bearer wrong", "Basic s3cret-token", "Bearer", ""])
def test_wrong_token_refused(guarded: TestClient, header: str) -> None:
    assert guarded.get("/api/stats", headers={"Authorization": header}).status_code == 401


def test_bearer_token_accepted(guarded: TestClient) -> None:
    response = guarded.get("/api/stats", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200


def test_query_token_sets_cookie(guarded: TestClient) -> None:
    response = guarded.get(f"/?token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert "httponly" in response.headers["set-cookie"].lower()
    assert guarded.get("/events").status_code == 200  # the cookie now travels
    guarded.cookies.clear()
    assert guarded.get("/events?token=wrong").status_code == 401


def test_compare_is_constant_time(guarded: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return a == b

    monkeypatch.setattr(security.secrets, "compare_digest", spy)
    guarded.get("/api/stats", headers={"Authorization": "Bearer nope"})
    assert calls == [(b"nope", TOKEN.encode())]


def test_no_cors(web_client: TestClient) -> None:
    response = web_client.options(
        "/api/events",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in response.headers
    got = web_client.get("/api/events", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in got.headers
