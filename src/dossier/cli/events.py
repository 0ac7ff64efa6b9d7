"""``dossier events``, ``dossier show`` and ``dossier timeline``: the stored events."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dossier.cli.app import app
from dossier.cli.render import (
    STYLES,
    DbOption,
    FormatOption,
    LimitOption,
    check_format,
    console,
    emit,
    event_table,
    limit_of,
    note,
    open_kb,
    parties,
    trigger_snippet,
    type_label,
    when_label,
    write_records,
)
from dossier.errors import InputError, Messages
from dossier.store.rows import EventRow, Mark, Results, row_dict

if TYPE_CHECKING:
    from dossier.kb import KnowledgeBase
    from dossier.scale.query import ParquetEvents

ActorName = Annotated[
    str | None, typer.Option("--actor", help="Who acts: a name, alias, short form or id.")
]
Since = Annotated[
    str | None, typer.Option("--since", help="Events whose span reaches this date or later.")
]
Until = Annotated[
    str | None, typer.Option("--until", help="Events whose span starts by this date.")
]
Recipient = Annotated[str | None, typer.Option("--recipient", help="On whom: a name, alias or id.")]
Involving = Annotated[str | None, typer.Option("--involving", help="An actor on either side.")]
EventTypes = Annotated[
    list[str] | None, typer.Option("--type", help="PLOVER type (repeat for several).")
]
Modes = Annotated[list[str] | None, typer.Option("--mode", help="PLOVER mode.")]
Contexts = Annotated[
    list[str] | None, typer.Option("--context", help="PLOVER context (crime, ...).")
]
Countries = Annotated[
    list[str] | None, typer.Option("--country", help="Where: ISO 3166 alpha-3 code.")
]
MinKilled = Annotated[
    int | None, typer.Option("--min-killed", min=0, help="At least this many killed.")
]
Hedged = Annotated[
    bool | None,
    typer.Option("--hedged/--no-hedged", help="Only hedged, or only unhedged, events."),
]
TextQuery = Annotated[
    str | None, typer.Option("--text", help="Words the evidence sentence contains.")
]
Docs = Annotated[list[str] | None, typer.Option("--doc", help="A document id.")]
Sort = Annotated[str, typer.Option("--sort", help="date, -date, killed, confidence or doc.")]


@app.command()
def events(
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
    limit: LimitOption = 100,
    sort: Sort = "date",
    output_format: FormatOption = "table",
    parquet: Annotated[
        Path | None,
        typer.Option(
            "--parquet",
            help="Query this Parquet dataset (from --engine dask) through DuckDB, not --db.",
        ),
    ] = None,
) -> None:
    """List stored events that match every filter given."""
    fmt = check_format(output_format)
    source: KnowledgeBase | ParquetEvents
    if parquet is not None:
        from dossier.scale.query import ParquetEvents

        source = ParquetEvents(parquet)
    else:
        source = open_kb(db)
    with source as kb:
        rows = kb.events(
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
    emit(rows, fmt, event_table)
    if fmt == "table":
        _footer(len(rows), limit, "events")


def _footer(count: int, limit: int, what: str) -> None:
    if count == 0:
        note(f"no {what} match")
    elif limit and count == limit:
        note(f"the first {count} {what}; --limit 0 shows all")


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="An event id, as 'dossier events' lists.")],
    db: DbOption = Path("dossier.sqlite"),
    output_format: FormatOption = "table",
) -> None:
    """One event: its actors, time, place, figures, and its evidence highlighted."""
    fmt = check_format(output_format)
    with open_kb(db) as kb:
        row = kb.event(event_id)
        if row is None:
            raise InputError(Messages.E114.format(event=event_id, path=db))
        found = kb.marks(row)
    if fmt != "table":
        record = row_dict(row) | {"marks": [row_dict(mark) for mark in found]}
        write_records([record], fmt, list(record))
        return
    console().print(_event_panel(row, found))


def highlighted(sentence: str, found: tuple[Mark, ...]) -> Text:
    """The evidence sentence with each mark in its role's style."""
    text = Text(sentence)
    for mark in found:
        text.stylize(STYLES[mark.role], mark.start, mark.end)
    return text


def _event_panel(row: EventRow, found: tuple[Mark, ...]) -> Panel:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    figures = [
        f"{label} {value}"
        for label, value in (
            ("killed", row.killed),
            ("injured", row.injured),
            ("arrested", row.arrested),
        )
        if value is not None
    ]
    if row.money_amount is not None:
        figures.append(f"{row.money_amount:,.0f} {row.money_currency or ''}".strip())
    place = ", ".join(p for p in (row.place, row.admin1, row.country) if p)
    quoted = f' "{row.when_text}"' if row.when_text else ""
    for label, value in (
        ("type", type_label(row)),
        ("context", ", ".join(row.context)),
        ("actor", Text(", ".join(row.actor_names), style=STYLES["actor"])),
        ("recipient", Text(", ".join(row.recipient_names), style=STYLES["recipient"])),
        ("when", f"{when_label(row)} ({row.precision})" + quoted),
        ("where", f"{place} ({row.place_precision})" if place else ""),
        ("figures", "; ".join(figures)),
        ("attribution", ", ".join(row.attribution)),
        ("confidence", f"{row.confidence:.2f}"),
        (
            "document",
            f"{row.title or row.doc_id} · {row.source or 'no source'}"
            f" · {row.published or 'no date'} · {row.doc_id}",
        ),
    ):
        if value:
            facts.add_row(label, value)
    legend = Text("  ").join(Text(role, style=style) for role, style in STYLES.items())
    body = Group(facts, Text(""), highlighted(row.sentence, found), Text(""), legend)
    return Panel(body, title=row.id, title_align="left")


@app.command()
def timeline(
    db: DbOption = Path("dossier.sqlite"),
    actor: Annotated[
        str | None, typer.Option("--actor", help="Only events this actor acts in or undergoes.")
    ] = None,
    since: Since = None,
    until: Until = None,
    limit: LimitOption = 0,
    output_format: FormatOption = "table",
) -> None:
    """Dated events in time order, grouped by month, each with its precision."""
    fmt = check_format(output_format)
    with open_kb(db) as kb:
        rows = kb.timeline(actor, since=since, until=until, limit=limit_of(limit))
    emit(rows, fmt, timeline_table)
    if fmt == "table":
        _footer(len(rows), limit, "dated events")


def timeline_table(rows: Results[EventRow]) -> Table:
    table = Table(expand=True, pad_edge=False)
    table.add_column("month", no_wrap=True, style="bold")
    table.add_column("when (precision)", overflow="fold", ratio=1)
    table.add_column("event", overflow="fold", ratio=1)
    table.add_column("actor → recipient", overflow="fold", ratio=2)
    table.add_column("evidence", overflow="fold", ratio=3)
    for index, (month, group) in enumerate(groupby(rows, key=lambda row: row.month)):
        if index:
            table.add_section()
        for position, row in enumerate(group):
            killed = "" if row.killed is None else f", {row.killed} killed"
            table.add_row(
                month if position == 0 else "",
                f"{when_label(row)} ({row.precision})",
                type_label(row) + killed,
                parties(row),
                trigger_snippet(row, 50),
            )
    return table
