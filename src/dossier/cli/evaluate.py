"""``dossier eval``: score extraction on human-annotated gold data."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from dossier.cli.app import app


@app.command("eval")
def evaluate(
    name: Annotated[str, typer.Argument(help="The gold set: seed.")],
    path: Annotated[Path, typer.Argument(help="The gold file or folder.")],
    output_format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    errors: Annotated[
        Path | None, typer.Option("--errors", help="Write every error (gold vs output) here.")
    ] = None,
) -> None:
    """Score dossier's extraction on human-annotated gold data."""
    from dossier.evaluate import report

    result = report.run(name, path)
    if output_format == "json":
        sys.stdout.write(json.dumps(result.figures, indent=2) + "\n")
    else:
        report.print_table(result, Console(highlight=False))
    if errors is not None:
        errors.write_text(
            "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in result.errors),
            encoding="utf-8",
        )
