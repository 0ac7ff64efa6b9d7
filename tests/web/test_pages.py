from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import HOSTILE_NAME, HOSTILE_VICTIM

PAGES = [
    "/events",
    "/events?type=ASSAULT&actor=&hedged=",
    "/events/web-hostile:e1",
    "/events/web-calm:e1",
    "/search?q=attacked",
    "/search?q=script",
    "/actors",
    "/actors/group:script-alert-actor-script",
    "/actors/person:img-src-x-onerror-alert-1",
    "/documents",
    "/documents/web-hostile",
    "/timeline",
    "/network",
    "/map",
    "/dashboard",
    "/add",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_with_headers(web_client: TestClient, path: str) -> None:
    response = web_client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"]
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("path", PAGES)
def test_hostile_strings_are_escaped(web_client: TestClient, path: str) -> None:
    html = web_client.get(path).text
    for raw in ("<script>alert", "<img src=x", "<iframe", "<svg onload", "<b>", "<i>port"):
        assert raw not in html, f"{raw!r} reached {path} unescaped"
    # Only the page's own script tags (with src, same origin) are present.
    assert html.count("<script") == html.count('<script src="/')


@pytest.mark.parametrize(
    "path",
    [
        "/events/web-hostile:e1",
        "/actors/group:script-alert-actor-script",
        "/documents/web-hostile",
        "/events",
    ],
)
def test_hostile_strings_are_shown_as_text(web_client: TestClient, path: str) -> None:
    html = web_client.get(path).text
    assert "&lt;script&gt;alert(" in html


@pytest.mark.parametrize(
    "path", ["/api/events", "/api/events/web-hostile:e1", "/api/actors", "/api/search?q=attacked",
             "/api/actors/group:script-alert-actor-script", "/api/network", "/api/timeline"]
)
def test_api_is_json_not_html(web_client: TestClient, path: str) -> None:
    response = web_client.get(path)
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<" not in response.text and ">" not in response.text  # escaped as \\u003c
    text = json.dumps(response.json(), ensure_ascii=False)
    assert HOSTILE_NAME in text or HOSTILE_VICTIM in text or "attacked" in text


def test_event_page_highlights_evidence(web_client: TestClient) -> None:
    html = web_client.get("/events/web-calm:e1").text
    assert 'id="evidence"' in html
    assert '<mark class="hl-evidence hl-trigger">arrested</mark>' in html
    assert '<mark class="hl-trigger">arrested</mark>' in html  # in the evidence block
    assert re.search(r'<mark class="hl-evidence hl-actor"[^>]*>Police</mark>', html)
    assert 'href="/documents/web-calm"' in html


def test_filters_stay_in_links(web_client: TestClient) -> None:
    html = web_client.get("/events", params={"type": "COERCE", "per_page": "1"}).text
    assert 'value="COERCE" selected' in html
    empty = web_client.get("/events", params={"per_page": "1"}).text
    assert 'href="/events?page=2&amp;per_page=1"' in empty


@pytest.mark.parametrize(
    "path", ["/events/none:e1", "/actors/nobody-we-know", "/documents/absent"]
)
def test_missing_pages_are_404(web_client: TestClient, path: str) -> None:
    response = web_client.get(path)
    assert response.status_code == 404
    assert "content-security-policy" in response.headers


def test_bad_filter_page_is_400(web_client: TestClient) -> None:
    response = web_client.get("/events", params={"min_killed": "<b>x</b>"})
    assert response.status_code == 400
    assert "<b>x</b>" not in response.text


def test_home_goes_to_events(web_client: TestClient) -> None:
    response = web_client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/events"


def test_column_headers_sort(web_client: TestClient) -> None:
    html = web_client.get("/events").text
    assert 'href="/events?sort=-date"' in html and 'href="/events?sort=killed"' in html
    descending = web_client.get("/events?sort=-date").text
    assert 'aria-sort="descending"' in descending
    assert descending.index(">attacked<") < descending.index(">arrested<")
