from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dossier.cli import app


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5"])
def test_other_hosts_need_a_token(
    tmp_path: Path, host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DOSSIER_TOKEN", raising=False)
    db = str(tmp_path / "kb.sqlite")
    result = CliRunner().invoke(app, ["serve", "--db", db, "--host", host])
    assert result.exit_code != 0
    assert isinstance(result.exception, Exception)
    assert "needs a token" in str(result.exception)


@pytest.mark.parametrize(
    ("args", "env_token"),
    [(["--host", "0.0.0.0", "--token", "t0k"], None), (["--host", "10.0.0.2"], "t0k"),
     (["--token", "t0k"], None)],
)
def test_a_token_guards_every_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], env_token: str | None
) -> None:
    served: dict[str, Any] = {}

    def run(application: Any, **options: Any) -> None:
        served["app"], served["options"] = application, options

    monkeypatch.setattr(uvicorn, "run", run)
    if env_token is None:
        monkeypatch.delenv("DOSSIER_TOKEN", raising=False)
    else:
        monkeypatch.setenv("DOSSIER_TOKEN", env_token)
    db = str(tmp_path / "kb.sqlite")
    result = CliRunner().invoke(app, ["serve", "--db", db, *args])
    assert result.exit_code == 0, result.output
    with TestClient(served["app"]) as client:
        assert client.get("/api/stats").status_code == 401
        headers = {"Authorization": "Bearer t0k"}
        assert client.get("/api/stats", headers=headers).status_code == 200


def test_threads_reach_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **_: served.update(app=application))
    db = str(tmp_path / "kb.sqlite")
    result = CliRunner().invoke(app, ["serve", "--db", db, "--threads", "3"])
    assert result.exit_code == 0, result.output
    assert served["app"].state.dossier.readers.size == 3
    served["app"].state.dossier.close()
    refused = CliRunner().invoke(app, ["serve", "--db", db, "--threads", "0"])
    assert refused.exit_code != 0
