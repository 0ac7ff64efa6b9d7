"""Uploads cannot write outside their folder, and a body that is too large is refused
before it is read: upload names with ``..``, absolute paths, NUL and Windows
separators; request bodies past the limit, declared or streamed."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from dossier.errors import Messages
from dossier.web import app as web_app
from dossier.web import create_app
from dossier.web.security import BodyLimit
from dossier.web.uploads import Jobs, safe_name

HOSTILE_NAMES = [
    "../../escaped.txt",
    "../../../../../../../../tmp/escaped.txt",
    "/tmp/escaped.txt",
    "..\\..\\escaped.txt",
    "C:\\Windows\\escaped.txt",
    "\\\\server\\share\\escaped.txt",
    "escaped.txt\x00.html",
    "....//....//escaped.txt",
    "..",
    ".",
    "~/.bashrc.txt",
    "%2e%2e%2fescaped.txt",
    ".hidden.txt",
    "a" * 5000 + ".txt",
]


@given(st.text())
def test_safe_name_stays_in_its_folder(name: str) -> None:
    cleaned = safe_name(name, "upload.txt")
    assert cleaned and len(cleaned) <= 120
    assert not {"/", "\\", "\x00", ":"} & set(cleaned)
    assert not cleaned.startswith((".", "-"))
    folder = Path("/srv/uploads/00")
    assert (folder / cleaned).resolve().parent == folder


@pytest.fixture
def saved(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, Path]]:
    """The (job folder, saved file) of each accepted upload; the ingest is not run."""
    found: list[tuple[Path, Path]] = []

    def record(self: Jobs, job: Any, files: list[tuple[Any, Path]], folder: Path) -> None:
        found.extend((folder, path) for _, path in files)
        job.done = True

    monkeypatch.setattr(Jobs, "_run", record)
    return found


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_upload_names_stay_in_the_job_folder(
    tmp_path: Path, saved: list[tuple[Path, Path]], name: str
) -> None:
    target = tmp_path / "escaped.txt"
    name = name.replace("/tmp/", f"{tmp_path}/")
    with TestClient(create_app(tmp_path / "kb.sqlite")) as client:
        response = client.post(
            "/api/uploads", files=[("files", (name, b"Police arrested a man.", "text/plain"))]
        )
    assert response.status_code in (200, 400), response.text  # 400: the form is refused
    refused = response.status_code == 400 or response.json()["files"][0]["state"] == "failed"
    assert len(saved) == (0 if refused else 1)
    for folder, path in saved:
        assert path.resolve().is_relative_to(folder.resolve()), path
        assert path.parent.parent == folder
        assert path.is_file()
    assert not target.exists()
    assert {p.name for p in tmp_path.iterdir()} <= {"kb.sqlite", "kb.sqlite-wal", "kb.sqlite-shm"}


def test_oversized_request_refused_with_a_clear_error(
    tmp_path: Path, saved: list[tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web_app, "MAX_REQUEST", 10_000)
    with TestClient(create_app(tmp_path / "kb.sqlite")) as client:
        response = client.post(
            "/api/uploads", files=[("files", ("big.txt", b"x" * 20_000, "text/plain"))]
        )
        small = client.post("/api/uploads", files=[("files", ("ok.txt", b"x" * 100, "text/plain"))])
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-frame-options"] == "DENY"  # the guard's headers, still
    detail = response.json()["detail"]
    assert detail.startswith("/api/uploads: the request is larger than the limit of 10000 bytes")
    assert small.status_code == 200
    assert [path.name for _, path in saved] == ["ok.txt"]  # the big one never reached a job


def test_token_is_checked_before_the_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_app, "MAX_REQUEST", 10)
    with TestClient(create_app(tmp_path / "kb.sqlite", token="t")) as client:
        assert client.post("/api/uploads", content=b"x" * 100).status_code == 401


def test_the_limit_covers_every_allowed_upload() -> None:
    from dossier.web.uploads import MAX_BYTES, MAX_FILES

    assert web_app.MAX_REQUEST > MAX_FILES * MAX_BYTES
    assert Messages.E190.startswith("{path}: ")


class Body:
    """An ASGI ``receive`` sending ``chunks`` chunks of ``size`` bytes; counts reads."""

    def __init__(self, chunks: int, size: int):
        self.left = chunks
        self.size = size
        self.reads = 0

    async def __call__(self) -> dict[str, Any]:
        self.reads += 1
        self.left -= 1
        return {"type": "http.request", "body": b"x" * self.size, "more_body": self.left > 0}


async def read_all_then_answer(scope: Any, receive: Any, send: Any) -> None:
    """An app that reads the whole body (as form parsing does), then answers 200."""
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"read"})


def run(headers: list[tuple[bytes, bytes]], body: Body) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    limit = BodyLimit(read_all_then_answer, limit=1000, message="{path}: too large")
    scope = {"type": "http", "method": "POST", "path": "/api/uploads", "headers": headers}
    # In a thread of its own: the browser tests' driver may hold this thread's event loop.
    worker = threading.Thread(target=asyncio.run, args=(limit(scope, body, send),))
    worker.start()
    worker.join(30)
    return sent


def test_streamed_body_is_cut_at_the_limit() -> None:
    body = Body(chunks=1000, size=100)  # 100 kB, no Content-Length
    sent = run([], body)
    assert sent[0]["status"] == 413
    assert b"too large" in sent[1]["body"]
    assert body.reads == 11  # 1,100 bytes read of 100,000: stopped past 1,000


def test_declared_body_is_refused_unread() -> None:
    body = Body(chunks=1000, size=100)
    sent = run([(b"content-length", b"100000")], body)
    assert sent[0]["status"] == 413
    assert body.reads == 0


def test_body_under_the_limit_passes() -> None:
    body = Body(chunks=5, size=100)
    sent = run([(b"content-length", b"500")], body)
    assert sent[0]["status"] == 200 and sent[1]["body"] == b"read"
    assert body.reads == 5
