"""The ``dossier`` command: a thin layer over the Python API.

Each command parses its options into a ``Config``, calls the library, and renders the
result. A ``DossierError`` becomes one line on standard error and a non-zero exit.
Commands live in one module each and register themselves on ``app`` when imported.
"""

from __future__ import annotations

import sys

import typer

from dossier.cli import (  # noqa: F401  (registers the commands)
    evaluate,
    events,
    export,
    extract,
    ingest,
    knowledge,
    load,
    maintain,
    serve,
)
from dossier.cli.app import app, fail
from dossier.errors import DossierError

__all__ = ["app", "main"]


@app.command()
def version() -> None:
    """Print dossier's version and the spaCy model it uses."""
    from dossier import __version__
    from dossier.nlp import load_model

    nlp = load_model()
    typer.echo(f"dossier {__version__} (spaCy model {nlp.meta['name']} {nlp.meta['version']})")


def main() -> None:
    """Entry point: run the app, turning dossier's own errors into one clean line."""
    try:
        app()
    except DossierError as exc:
        fail(exc.message)
        sys.exit(2)
    except KeyboardInterrupt:
        fail("interrupted")
        sys.exit(130)
