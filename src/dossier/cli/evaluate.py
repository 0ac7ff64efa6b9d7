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
    name: Annotated[
        str, typer.Argument(help="The gold set: seed, timeml, gvdb, plover or petrarch.")
    ],
    path: Annotated[Path, typer.Argument(help="The gold file or folder.")],
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", min=1, help="Score only the first N items."),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    errors: Annotated[
        Path | None, typer.Option("--errors", help="Write every error (gold vs output) here.")
    ] = None,
    cameo_map: Annotated[
        Path | None,
        typer.Option(
            "--cameo-map",
            help="petrarch: the CAMEO to PLOVER table (default: reference/"
            "CAMEO2PLOVER-2021.txt in a folder above the gold).",
        ),
    ] = None,
) -> None:
    """Score dossier's extraction on human-annotated gold data."""
    from dossier.evaluate import report

    if output_format not in ("table", "json"):
        raise typer.BadParameter("use 'table' or 'json'", param_hint="--format")
    result = report.run(name, path, report.EvalOptions(limit=limit, cameo_map=cameo_map))
    if output_format == "json":
        sys.stdout.write(json.dumps(result.figures, indent=2) + "\n")
    else:
        report.print_table(result, Console(highlight=False))
    if errors is not None:
        errors.write_text(
            "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in result.errors),
            encoding="utf-8",
        )
