"""End-to-end: a real headless Chromium against ``dossier serve`` over the demo corpus.

The demo corpus is ingested once per session (``python -m dossier ingest``) into a
temporary store; the server runs as a subprocess on a free 127.0.0.1 port. Each test
saves a screenshot of its page to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "src" / "dossier" / "demo"
SHOTS = ROOT / "artifacts" / "screenshots"
OUTLINES = ROOT / "src" / "dossier" / "web" / "node_modules" / "world-atlas"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.model,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)"
    ),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    subprocess.run(
        [sys.executable, "-m", "dossier", "ingest", str(DEMO), "--db", str(db)],
        check=True, capture_output=True, cwd=ROOT,
    )
    return db


@pytest.fixture(scope="session")
def server(demo_store: Path) -> Iterator[str]:
    yield from serve(demo_store)


@pytest.fixture(scope="session")
def hostile_server(web_db: Path) -> Iterator[str]:
    yield from serve(web_db)


def serve(store: Path) -> Iterator[str]:
    """Run ``dossier serve`` over ``store`` on a free port until the session ends."""
    demo_store = store
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DOSSIER_TOKEN"}
    process = subprocess.Popen(
        [sys.executable, "-m", "dossier", "serve", "--db", str(demo_store), "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(url + "/api/stats", timeout=1):
                    break
            except OSError:
                if process.poll() is not None:
                    detail = process.stderr.read().decode() if process.stderr else ""
                    raise RuntimeError(detail) from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    profile = tempfile.mkdtemp(prefix="dossier-chromium-")
    with playwright_api.sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=FLAGS, headless=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield tab
    tab.close()
    assert not errors, errors  # no script errors, no CSP violations


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_filter_events_by_actor_and_type(page: Any, server: str) -> None:
    page.goto(server + "/events")
    all_rows = page.locator("table.events tbody tr").count()
    assert all_rows > 10
    page.get_by_label("Actor", exact=True).fill("MS13")
    page.get_by_label("Type").select_option("AGREE")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/events?*")
    assert "actor=MS13" in page.url and "type=AGREE" in page.url
    rows = page.locator("table.events tbody tr")
    assert 0 < rows.count() < all_rows
    for text in rows.locator("td:nth-child(2)").all_inner_texts():
        assert text.startswith("AGREE")
    shot(page, "events")


def test_open_event_shows_highlighted_evidence(page: Any, server: str) -> None:
    page.goto(server + "/events?type=ASSAULT")
    page.locator("table.events tbody tr td:last-child a").first.click()
    page.wait_for_url("**/events/*")
    assert page.locator("blockquote.evidence-sentence mark.hl-trigger").count() == 1
    article = page.locator(".article mark.hl-evidence")
    assert article.count() >= 1 and article.first.is_visible()
    assert page.locator(".article mark.hl-trigger").count() == 1
    shot(page, "event")


def test_search(page: Any, server: str) -> None:
    page.goto(server + "/search")
    page.get_by_label("Search documents and evidence").fill("truce")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=truce")
    assert page.locator("ol.hits li").count() > 0
    assert page.locator("ol.hits mark.hl-match").count() > 0
    shot(page, "search")


def test_actor_and_documents(page: Any, server: str) -> None:
    page.goto(server + "/actors")
    page.locator("table tbody tr td a").first.click()
    page.wait_for_url("**/actors/*")
    assert page.get_by_role("heading", name="Events as actor").is_visible()
    shot(page, "actor")
    page.goto(server + "/documents")
    page.locator("table tbody tr td a").first.click()
    page.wait_for_url("**/documents/*")
    assert page.locator(".article mark").count() > 0
    shot(page, "document")


def test_timeline_zoom(page: Any, server: str) -> None:
    page.goto(server + "/timeline")
    chart = page.locator("#timeline")
    page.wait_for_selector("#timeline svg")
    before = page.locator("#timeline-range").inner_text()
    assert page.locator("#timeline .tl-span").count() > 0  # uncertain spans are spans
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Zoom in").click()
    after = page.locator("#timeline-range").inner_text()
    assert after != before
    assert int(chart.get_attribute("data-shown") or 0) > 0
    shot(page, "timeline")


def test_network_node_click_opens_actor(page: Any, server: str) -> None:
    page.goto(server + "/network")
    page.wait_for_selector("#network svg a.node")
    node = page.locator("#network svg a.node").first
    name = node.get_attribute("aria-label") or ""
    shot(page, "network")
    node.locator("circle").click()
    page.wait_for_url("**/actors/*")
    assert page.locator("h1").inner_text() in name


def test_map_markers(page: Any, server: str) -> None:
    page.goto(server + "/map")
    page.wait_for_selector("#map[data-ready=yes] svg")
    if OUTLINES.is_dir():  # installed by scripts/setup with npm ci
        assert page.locator("#map svg path").count() > 100  # country outlines
    markers = page.locator("#map svg .marker, #map svg .cluster").count()
    assert markers > 0
    shot(page, "map")


def test_dashboard_and_narrow_screen(page: Any, server: str) -> None:
    page.goto(server + "/dashboard")
    assert page.locator(".card").count() >= 4
    shot(page, "dashboard")
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(server + "/events")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 420
    shot(page, "events-400px")


def test_upload_article(page: Any, server: str, tmp_path: Path) -> None:
    article = tmp_path / "harbour-raid.txt"
    article.write_text(
        "Marines raided a warehouse in the harbour of Cartagena on 12 March 2024 and"
        " arrested nine members of the Clan del Golfo, the navy said on Wednesday.\n",
        encoding="utf-8",
    )
    page.goto(server + "/add")
    page.get_by_label("Files").set_input_files(str(article))
    page.get_by_role("button", name="Add").click()
    page.wait_for_selector("#upload-status[data-done=yes]", timeout=60_000)
    state = page.locator("#upload-files li").first.get_attribute("data-state")
    assert state == "stored"
    shot(page, "add")
    page.goto(server + "/events?doc=" + "harbour-raid")
    assert page.locator("table.events tbody tr").count() >= 1


HOSTILE_PAGES = [
    "/events",
    "/events/web-hostile:e1",
    "/actors",
    "/actors/group:script-alert-actor-script",
    "/actors/person:img-src-x-onerror-alert-1",
    "/documents",
    "/documents/web-hostile",
    "/search?q=attacked",
    "/search?q=victim",
    "/timeline",
    "/network",
    "/map",
    "/dashboard",
    "/api/events/web-hostile:e1",  # JSON opened as a page
    "/api/actors/person:img-src-x-onerror-alert-1",
]


def test_hostile_article_runs_no_script(page: Any, hostile_server: str) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    for path in HOSTILE_PAGES:
        page.goto(hostile_server + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("main script, main img, main iframe, main b").count() == 0, path
        assert page.locator("svg[onload], [onerror], a[href^='javascript:']").count() == 0, path
        assert page.evaluate("typeof window.pwned") == "undefined", path
    page.goto(hostile_server + "/events/web-hostile:e1")
    assert "<script>alert('actor')</script>" in page.locator(".article").inner_text()
    shot(page, "hostile-event")
    assert dialogs == []


def test_the_payloads_run_when_not_escaped(browser: Any) -> None:
    """The control of the test above: the same payloads, unescaped on a page without the
    app's Content-Security-Policy, do run, so "nothing ran" above means something."""
    from tests.web.conftest import HOSTILE_QUOTE, HOSTILE_WHEN

    tab = browser.new_page()
    try:
        for payload in (HOSTILE_QUOTE, HOSTILE_WHEN):
            tab.set_content(f"<main>{payload}</main>")
            tab.wait_for_function("typeof window.pwned !== 'undefined'", timeout=5000)
    finally:
        tab.close()
