"""The ``dossier`` command, run as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.schema import SCHEMA

pytestmark = pytest.mark.model

ARTICLE = (
    "Police arrested 14 suspected gang members in San Miguel on Tuesday, the national "
    "police said. Two officers were wounded in the operation."
)


def dossier(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dossier", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "good.json").write_text(
        json.dumps({"id": "good-1", "published": "2016-05-03", "source": "test"}),
        encoding="utf-8",
    )
    return tmp_path


def test_extract_prints_valid_dossier_records(corpus: Path) -> None:
    run = dossier("extract", str(corpus / "good.txt"))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    jsonschema.validate(record, SCHEMA)
    assert record["doc_id"] == "good-1"
    assert record["published"] == "2016-05-03"


def test_extract_reads_standard_input_with_a_date() -> None:
    run = dossier("extract", "-", "--published", "2016-11", "--format", "json", stdin=ARTICLE)
    assert run.returncode == 0, run.stderr
    [record] = json.loads(run.stdout)
    assert record["published"] == "2016-11"


def test_bad_inputs_get_one_line_each_and_the_good_one_still_runs(corpus: Path) -> None:
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    (corpus / "latin1.txt").write_bytes("Se capturó a él".encode("latin-1"))
    (corpus / "bad.jsonl").write_text('{"id": "a", "text": "fine text here"}\n{oops\n')
    missing = corpus / "missing.txt"
    run = dossier(
        "extract",
        str(corpus / "empty.txt"),
        str(corpus / "binary.txt"),
        str(corpus / "latin1.txt"),
        str(corpus / "bad.jsonl"),
        str(missing),
        str(corpus / "good.txt"),
    )
    assert run.returncode == 1
    errors = run.stderr.strip().splitlines()
    assert len(errors) == 5, run.stderr
    assert all(line.startswith("dossier: error: ") for line in errors)
    assert "Traceback" not in run.stderr
    for name in ("empty.txt", "binary.txt", "latin1.txt", "bad.jsonl", "missing.txt"):
        assert sum(name in line for line in errors) == 1, (name, errors)
    ids = [json.loads(line)["doc_id"] for line in run.stdout.splitlines()]
    assert ids == ["a", "good-1"]


def test_invalid_published_date_is_a_clean_error(corpus: Path) -> None:
    run = dossier("extract", str(corpus / "good.txt"), "--published", "2016-13-45")
    assert run.returncode == 2
    assert run.stderr.strip().startswith("dossier: error: '2016-13-45' is not a valid date")
    assert run.stdout == ""
