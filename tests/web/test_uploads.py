from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dossier.web import create_app
from dossier.web.uploads import MAX_BYTES, check, safe_name


def wait(client: TestClient, job: dict[str, Any]) -> dict[str, Any]:
    for _ in range(600):
        if job["done"]:
            return job
        time.sleep(0.1)
        job = client.get(f"/api/uploads/{job['id']}").json()
    raise AssertionError("the upload did not finish")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("../../etc/passwd", "passwd"), ("a b<c>.txt", "a-b-c-.txt"), ("..", "x.txt"),
     ("C:\\docs\\news.html", "news.html")],
)
def test_safe_name(name: str, expected: str) -> None:
    assert safe_name(name, "x.txt") == expected


@pytest.mark.parametrize(
    ("name", "size", "refused"),
    [("a.txt", 10, False), ("a.HTML", 10, False), ("a.jsonl", 10, False),
     ("a.exe", 10, True), ("a.pdf", 10, True), ("noext", 10, True),
     ("big.txt", MAX_BYTES + 1, True)],
)
def test_check(name: str, size: int, refused: bool) -> None:
    assert (check(name, size) is not None) == refused


def test_refused_files_fail_with_a_message(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "kb.sqlite")) as client:
        files = [
            ("files", ("run.exe", b"MZ", "application/octet-stream")),
            ("files", ("huge.txt", b"x" * (MAX_BYTES + 10), "text/plain")),
        ]
        job = wait(client, client.post("/api/uploads", files=files).json())
    states = {f["name"]: (f["state"], f["errors"]) for f in job["files"]}
    assert states["run.exe"][0] == "failed" and "only .txt" in states["run.exe"][1][0]
    assert states["huge.txt"][0] == "failed" and "upload limit" in states["huge.txt"][1][0]


def test_nothing_to_add_is_400(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "kb.sqlite")) as client:
        response = client.post("/api/uploads", data={"text": "  "})
    assert response.status_code == 400


@pytest.mark.model
def test_pasted_text_is_ingested(tmp_path: Path) -> None:
    text = (
        "Soldiers detained four suspected extortionists in the capital on 2 February 2023,"
        " the defence ministry said.\n"
    )
    with TestClient(create_app(tmp_path / "kb.sqlite")) as client:
        started = client.post("/api/uploads", data={"text": text, "title": "extortion raid"})
        job = wait(client, started.json())
        assert job["files"][0]["state"] == "stored", job
        documents = client.get("/api/documents").json()
        assert [d["id"] for d in documents] == ["extortion-raid"]
        again = wait(client, client.post("/api/uploads", data={"text": text,
                                                               "title": "extortion raid"}).json())
    assert again["files"][0]["state"] == "skipped"
