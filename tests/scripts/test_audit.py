"""``scripts/audit``: fails on a known vulnerability, says so when it cannot audit.

pip-audit is replaced by a small script (``PIP_AUDIT``) that prints a report written for
the test, per vulnerability service, so no network is needed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AUDIT = ROOT / "scripts" / "audit"
LOCK = "requirements/base.txt"

CLEAN = {"dependencies": [{"name": "fastapi", "version": "0.1", "vulns": []}], "fixes": []}
VULNERABLE = {
    "dependencies": [
        {"name": "fastapi", "version": "0.1", "vulns": []},
        {
            "name": "jinja2",
            "version": "2.0",
            "vulns": [{"id": "PYSEC-0000-1", "fix_versions": ["2.1", "3.0"], "description": "x"}],
        },
    ],
    "fixes": [],
}
UNKNOWN = {
    "dependencies": [
        {"name": "fastapi", "skip_reason": "Dependency not found on PyPI and could not be audited"},
        {"name": "jinja2", "skip_reason": "Dependency not found on PyPI and could not be audited"},
    ],
    "fixes": [],
}
OFFLINE = (
    "Traceback (most recent call last):\n  ...\nrequests.exceptions.ConnectionError:"
    " HTTPSConnectionPool(host='api.osv.dev', port=443): Max retries exceeded"
    " (Caused by NameResolutionError(\"Failed to resolve 'api.osv.dev'"
    ' ([Errno -2] Name or service not known)"))\n'
)
BROKEN = "ERROR:pip_audit._cli:requirement file requirements/base.txt could not be parsed\n"


def fake(tmp_path: Path, answers: dict[str, tuple[int, Any, str]]) -> str:
    """A stand-in for pip-audit answering (exit status, JSON report, stderr) per service."""
    script = tmp_path / "fake_pip_audit.py"
    script.write_text(
        "import json, sys\n"
        f"answers = json.loads({json.dumps(json.dumps(answers))})\n"
        "service = sys.argv[sys.argv.index('--vulnerability-service') + 1]\n"
        "assert '--require-hashes' in sys.argv and '--disable-pip' in sys.argv\n"
        "status, report, err = answers[service]\n"
        "if report is not None: print(json.dumps(report))\n"
        "sys.stderr.write(err)\n"
        "sys.exit(status)\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def audit(tmp_path: Path, answers: dict[str, tuple[int, Any, str]]) -> subprocess.CompletedProcess:
    env = os.environ | {"PIP_AUDIT": fake(tmp_path, answers)}
    return subprocess.run(
        [sys.executable, str(AUDIT), LOCK], capture_output=True, text=True, env=env, check=False
    )


def test_a_known_vulnerability_fails(tmp_path: Path) -> None:
    done = audit(tmp_path, {"pypi": (1, VULNERABLE, ""), "osv": (0, CLEAN, "")})
    assert done.returncode == 1
    assert "jinja2 2.0: PYSEC-0000-1 (fixed in 2.1, 3.0)" in done.stdout
    assert "fastapi" not in done.stdout


def test_a_vulnerability_found_by_the_second_service_fails(tmp_path: Path) -> None:
    done = audit(tmp_path, {"pypi": (0, UNKNOWN, ""), "osv": (1, VULNERABLE, "")})
    assert done.returncode == 1
    assert "PYSEC-0000-1" in done.stdout and "(osv)" in done.stdout


def test_clean_passes(tmp_path: Path) -> None:
    done = audit(tmp_path, {"pypi": (0, CLEAN, ""), "osv": (0, VULNERABLE, "")})
    assert done.returncode == 0
    assert done.stdout == f"audit: {LOCK}: no known vulnerabilities in 1 packages (pypi)\n"


@pytest.mark.parametrize(
    "answers",
    [
        {"pypi": (0, UNKNOWN, ""), "osv": (1, None, OFFLINE)},
        {"pypi": (1, None, OFFLINE), "osv": (1, None, OFFLINE)},
    ],
)
def test_no_service_reachable_says_so_in_one_line(
    tmp_path: Path, answers: dict[str, tuple[int, Any, str]]
) -> None:
    done = audit(tmp_path, answers)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and "the audit could not run" in lines[0]
    assert "cannot reach api.osv.dev (Name or service not known)" in lines[0]
    assert "no known vulnerabilities" not in done.stdout


def test_pip_audit_failing_otherwise_is_an_error(tmp_path: Path) -> None:
    done = audit(tmp_path, {"pypi": (1, None, BROKEN), "osv": (1, None, BROKEN)})
    assert done.returncode == 2
    assert "could not be parsed" in done.stderr


def test_missing_pip_audit_is_an_error(tmp_path: Path) -> None:
    env = os.environ | {"PIP_AUDIT": str(tmp_path / "no-such-pip-audit")}
    done = subprocess.run(
        [sys.executable, str(AUDIT), LOCK], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 2
    assert "cannot run" in done.stderr
