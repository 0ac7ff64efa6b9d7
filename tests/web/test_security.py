"""The token on every route, the headers on every response, CORS closed, JSON escaped,
pages without inline script. Routes are read from the app (``tests.web.routes``)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from httpx import Response

from dossier.web import create_app, security
from tests.web.routes import Endpoint, endpoints

TOKEN = "s3cret-token"
ENDPOINTS = endpoints()
GETS = [e for e in ENDPOINTS if e.method == "GET"]
API = [e for e in GETS if e.path.startswith("/api/")]
NOT_PAGES = ("/api/", "/static/", "/vendor/", "/openapi.json", "/favicon.ico")
PAGES = [e for e in GETS if not e.path.startswith(NOT_PAGES)]


@pytest.fixture
def guarded(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(web_db, token=TOKEN)) as client:
        yield client


def call(client: TestClient, endpoint: Endpoint, **headers: str) -> Response:
    return client.request(endpoint.method, endpoint.path, headers=headers, follow_redirects=False)


def test_every_kind_of_route_is_enumerated() -> None:
    paths = {e.template for e in ENDPOINTS}
    assert {
        "/api/events",
        "/api/uploads",
        "/events/{event_id}",
        "/static/{path}",
        "/openapi.json",
    } <= paths
    assert len(ENDPOINTS) >= 25


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_token_required_on_every_route(guarded: TestClient, endpoint: Endpoint) -> None:
    response = call(guarded, endpoint)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["x-frame-options"] == "DENY"
    assert call(guarded, endpoint, Authorization=f"Bearer {TOKEN}").status_code != 401


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_wrong_cookie_refused_on_every_route(guarded: TestClient, endpoint: Endpoint) -> None:
    guarded.cookies.set("token", TOKEN + "x")
    assert call(guarded, endpoint).status_code == 401
    guarded.cookies.set("token", TOKEN)
    assert call(guarded, endpoint).status_code != 401


@pytest.mark.parametrize(
    "header",
    [
        "Bearer wrong",
        "Basic s3cret-token",
        "Bearer",
        "",
        f"Bearer {TOKEN[:-1]}",
        f"Bearer {TOKEN}{TOKEN}",
        f"Bearer {TOKEN.upper()}",
    ],
)
def test_wrong_token_refused(guarded: TestClient, header: str) -> None:
    assert guarded.get("/api/stats", headers={"Authorization": header}).status_code == 401


@pytest.mark.parametrize(
    ("given", "token", "same"),
    [
        ("tökén", "tökén", True),
        ("tökén", "token", False),
        ("\udcff", "x", False),
        ("", "", True),
        (None, "x", False),
    ],
)
def test_same_token(given: str | None, token: str, same: bool) -> None:
    assert security.same_token(given, token) is same


def test_bearer_token_accepted(guarded: TestClient) -> None:
    response = guarded.get("/api/stats", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200


def test_query_token_sets_cookie(guarded: TestClient) -> None:
    response = guarded.get(f"/?token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert guarded.get("/events").status_code == 200  # the cookie now travels
    guarded.cookies.clear()
    assert guarded.get("/events?token=wrong").status_code == 401


@pytest.mark.parametrize("given", ["nope", "", "x" * 500, TOKEN, TOKEN[:-1]])
def test_compare_is_constant_time(
    guarded: TestClient, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    calls: list[tuple[bytes, bytes]] = []

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return a == b

    monkeypatch.setattr(security.secrets, "compare_digest", spy)
    guarded.get("/api/stats", headers={"Authorization": f"Bearer {given}"})
    wanted = hashlib.sha256(TOKEN.encode()).digest()
    if given:  # an empty bearer value is no token at all: nothing to compare
        assert calls and all(len(a) == len(b) == 32 and b == wanted for a, b in calls)
    assert all(a != given.encode() for a, _ in calls)  # never the raw value


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
@pytest.mark.parametrize("token", [None, TOKEN])
def test_security_headers_on_every_response(
    web_db: Path, endpoint: Endpoint, token: str | None
) -> None:
    with TestClient(create_app(web_db, token=token)) as client:
        check_headers(call(client, endpoint))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/no/such/page"),
        ("GET", "/api/no-such"),
        ("DELETE", "/api/events"),
        ("GET", "/api/events?sort=sideways"),
        ("GET", "/events?min_killed=many"),
        ("GET", "/api/actors?limit=0"),
        ("GET", "/events/none:e9"),
        ("GET", "/api/events/none:e9"),
        ("GET", "/static/../pyproject.toml"),
        ("POST", "/api/uploads"),
    ],
)
def test_security_headers_on_errors(web_client: TestClient, method: str, path: str) -> None:
    response = web_client.request(method, path, follow_redirects=False)
    assert response.status_code >= 400
    check_headers(response)


def check_headers(response: Response) -> None:
    headers = response.headers
    csp = dict(part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";"))
    assert csp["script-src"] == "'self'" and "unsafe" not in headers["content-security-policy"]
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert not [name for name in headers if name.startswith("access-control-")]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_cors_preflight_refused(web_client: TestClient, endpoint: Endpoint) -> None:
    response = web_client.options(
        endpoint.path,
        headers={
            "Origin": "http://evil.example",
            "Access-Control-Request-Method": endpoint.method,
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert response.status_code >= 400
    assert not [name for name in response.headers if name.startswith("access-control-")]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_no_cors_on_requests_from_other_origins(web_client: TestClient, endpoint: Endpoint) -> None:
    response = call(web_client, endpoint, Origin="http://evil.example")
    assert not [name for name in response.headers if name.startswith("access-control-")]


@pytest.mark.parametrize("endpoint", API, ids=str)
def test_api_answers_escaped_json(web_client: TestClient, endpoint: Endpoint) -> None:
    response = call(web_client, endpoint)
    assert response.headers["content-type"] == "application/json"
    assert "<" not in response.text and ">" not in response.text
    json.loads(response.text)  # still JSON


@pytest.mark.parametrize(
    "path",
    [
        "/api/events/<script>alert(1)",
        "/api/actors/<u onmouseover=alert(9)>",
        "/api/uploads/<b>job",
        "/api/events?sort=<script>",
        "/api/actors?limit=<b>",
    ],
)
def test_api_errors_escape_what_they_echo(web_client: TestClient, path: str) -> None:
    response = web_client.get(path)
    assert response.status_code in (400, 404, 422)
    assert response.headers["content-type"] == "application/json"
    assert "<" not in response.text and ">" not in response.text
    assert "\\u003c" in response.text  # the value is echoed, escaped


def test_hostile_values_reach_the_api_intact(web_client: TestClient) -> None:
    profile = web_client.get("/api/actors/person:img-src-x-onerror-alert-1").json()
    assert profile["actor"]["name"] == '<img src=x onerror="alert(1)">'


class Markup(HTMLParser):
    """What a page holds that a Content-Security-Policy without 'unsafe-inline' would
    block, or that runs script without one: inline scripts and styles, handlers,
    javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and not values.get("src"):
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}=...>")
            if (
                name in ("href", "src", "action", "formaction")
                and value
                and (value.strip().lower().startswith(("javascript:", "data:text/html")))
            ):
                self.found.append(f"<{tag} {name}={value}>")


@pytest.mark.parametrize("endpoint", PAGES, ids=str)
def test_pages_have_no_inline_script_or_style(web_client: TestClient, endpoint: Endpoint) -> None:
    response = web_client.get(endpoint.path)
    assert response.headers["content-type"].startswith("text/html")
    parser = Markup()
    parser.feed(response.text)
    assert parser.found == []


@pytest.mark.parametrize(
    "path",
    [
        "/documents/web-hostile",
        "/events/web-hostile:e1",
        "/search?q=victim",
        "/actors/person:img-src-x-onerror-alert-1",
        "/documents",
    ],
)
def test_hostile_quote_url_and_source_shown_as_text(web_client: TestClient, path: str) -> None:
    html = web_client.get(path).text
    parser = Markup()
    parser.feed(html)
    assert parser.found == []
    assert "<svg" not in html and "<script>window" not in html and "<img src=x" not in html


def test_document_page_shows_quote_url_and_source_escaped(web_client: TestClient) -> None:
    html = web_client.get("/documents/web-hostile").text
    assert "&lt;svg onload=" in html  # the quote, in the article
    assert "javascript:window.pwned" in html and 'href="javascript:' not in html  # the url
    assert "&lt;script&gt;window.pwned=&#39;source&#39;&lt;/script&gt;" in html  # the source


def test_query_token_redirect_stays_on_the_site() -> None:
    scope = {
        "type": "http",
        "method": "GET",
        "path": "//evil.example/x",
        "headers": [],
        "query_string": f"token={TOKEN}&a=1".encode(),
        "server": ("testserver", 80),
        "scheme": "http",
        "root_path": "",
    }
    response = security._refusal(Request(scope), TOKEN)
    assert response is not None and response.status_code == 303
    assert response.headers["location"] == "/evil.example/x?a=1"


def test_a_failing_route_answers_500_with_the_headers(web_db: Path) -> None:
    app = create_app(web_db)

    def boom() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/api/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/boom")
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error"}
    check_headers(response)
