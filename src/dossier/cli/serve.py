"""``dossier serve``: the web UI over the knowledge base (``dossier.web``).

Bound to 127.0.0.1 unless ``--host`` says otherwise; any other host needs a token
(``--token`` or ``DOSSIER_TOKEN``), which every request must then present.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from dossier.cli.app import app
from dossier.cli.render import DbOption
from dossier.errors import InputError, Messages

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    db: DbOption = Path("dossier.sqlite"),
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="The port.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option("--token", help="Require this token (else DOSSIER_TOKEN, if set)."),
    ] = None,
    threads: Annotated[
        int,
        typer.Option(
            "--threads",
            min=1,
            max=64,
            help="Requests answered at once, each with its own connection.",
        ),
    ] = 4,
) -> None:
    """Browse the knowledge base in a web browser (JSON API under /api)."""
    import uvicorn

    from dossier.web import create_app

    token = token or os.environ.get("DOSSIER_TOKEN") or None
    if host not in LOCAL_HOSTS and not token:
        raise InputError(Messages.E164.format(host=host))
    application = create_app(db, token=token, threads=threads)
    shown = "[::1]" if host == "::1" else host
    typer.echo(f"dossier: serving {db} at http://{shown}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False)
