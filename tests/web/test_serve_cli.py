from __future__ import annotations

from pathlib import Path

import pytest
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
