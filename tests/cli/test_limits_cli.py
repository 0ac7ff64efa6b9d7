"""The size and time limits on the command line: one line per refused document."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model


def dossier(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dossier", *args], capture_output=True, text=True, timeout=300
    )


def test_a_document_over_max_chars_is_reported_and_the_others_extracted(tmp_path: Path) -> None:
    (tmp_path / "short.txt").write_text("Police arrested 12 men.", "utf-8")
    (tmp_path / "long.txt").write_text("Police arrested 12 men. " * 10, "utf-8")
    result = dossier("extract", str(tmp_path), "--max-chars", "100")
    assert result.returncode == 1
    assert result.stderr == (
        f"dossier: error: {tmp_path / 'long.txt'}: 240 characters is more than the limit of 100\n"
    )
    assert [json.loads(line)["doc_id"] for line in result.stdout.splitlines()] == ["short"]


def test_a_document_over_the_time_limit_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Police arrested 12 men on Monday.", "utf-8")
    result = dossier("extract", str(tmp_path / "a.txt"), "--time-limit", "0.000001")
    assert result.returncode == 1
    assert result.stderr.startswith(
        "dossier: error: a: extraction took longer than the limit of 1e-06 s (stopped in stage"
    )
    assert result.stdout == ""


@pytest.mark.parametrize(("option", "value"), [("--max-chars", "0"), ("--time-limit", "-1")])
def test_a_limit_out_of_range_is_refused(option: str, value: str) -> None:
    result = dossier("extract", "-", option, value)
    assert result.returncode == 2
    assert option in result.stderr
