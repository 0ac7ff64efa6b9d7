"""``dossier export FORMAT``: the stored events, filtered as ``dossier events`` filters
them, written in a format other tools read (``dossier.export``; docs/exports.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dossier.cli.app import app
from dossier.cli.events import (
    ActorName,
    Contexts,
    Countries,
    Docs,
    EventTypes,
    Hedged,
    Involving,
    MinKilled,
    Modes,
    Recipient,
    Since,
    Sort,
    TextQuery,
    Until,
)
from dossier.cli.render import DbOption, LimitOption, limit_of, note, open_kb
from dossier.errors import InputError, Messages


@app.command("export")
def export_command(
    export_format: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT",
            help="jsonl, csv, parquet, acled, plover, gexf, graphml, timelinejs or ftm.",
        ),
    ],
    output: Annotated[
        str,
        typer.Option("--output", "-o", help="The file to write; '-': standard output."),
    ] = "-",
    db: DbOption = Path("dossier.sqlite"),
    actor: ActorName = None,
    recipient: Recipient = None,
    involving: Involving = None,
    event_type: EventTypes = None,
    mode: Modes = None,
    context: Contexts = None,
    country: Countries = None,
    since: Since = None,
    until: Until = None,
    min_killed: MinKilled = None,
    hedged: Hedged = None,
    text: TextQuery = None,
    doc: Docs = None,
    limit: LimitOption = 0,
    sort: Sort = "date",
    with_text: Annotated[
        bool,
        typer.Option("--with-text", help="jsonl and ftm: include each document's text."),
    ] = False,
) -> None:
    """Export the events matching every filter given (all by default) as FORMAT."""
    from dossier.export import export, get_format, select

    fmt = get_format(export_format)
    if output == "-" and fmt.binary:
        raise InputError(Messages.E140.format(format=fmt.name))
    with open_kb(db) as kb:
        selection = select(
            kb,
            actor=actor,
            recipient=recipient,
            involving=involving,
            type=event_type,
            mode=mode,
            context=context,
            country=country,
            since=since,
            until=until,
            min_killed=min_killed,
            hedged=hedged,
            text=text,
            doc=doc,
            limit=limit_of(limit),
            sort=sort,
        )
        target = sys.stdout if output == "-" else Path(output)
        result = export(fmt.name, selection, target, include_text=with_text)
    where = "standard output" if output == "-" else output
    message = f"{fmt.name}: wrote {result.count} {result.unit} to {where}"
    if result.skipped:
        message += f"; left out {result.skipped} events ({result.reason})"
    note(message)
