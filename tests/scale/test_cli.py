"""The scale-out options of ``extract`` and ``ingest``: misuse is one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_kb_cli import dossier_cli


@pytest.mark.parametrize("command", ["extract", "ingest"])
@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--engine", "spark"], "--engine spark: unknown engine; choose local or dask"),
        (
            ["--engine", "dask"],
            "--engine dask writes a Parquet dataset: give its directory with --out DIR",
        ),
        (["--out", "OUT"], "--out goes with --engine dask"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler goes with --engine dask"),
    ],
)
def test_engine_options_are_checked_before_any_work(
    tmp_path: Path, command: str, options: list[str], message: str
) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Police detained two men.")
    args = [a.replace("OUT", str(tmp_path / "out")) for a in options]
    run = dossier_cli(command, str(source), *args, "--db", str(tmp_path / "kb.sqlite"))
    if command == "extract":
        run = dossier_cli(command, str(source), *args)
    assert run.returncode == 2
    assert run.stderr == f"dossier: error: {message}\n"
    assert not (tmp_path / "out").exists()


def test_a_scheduler_that_is_not_there_is_named(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Police detained two men.")
    address = "tcp://127.0.0.1:9"
    run = dossier_cli(
        "extract", str(source), "--engine", "dask", "--scheduler", address,
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert run.returncode == 2
    assert run.stderr.startswith(f"dossier: error: {address}: the Dask scheduler could not be")
    assert "Traceback" not in run.stderr
