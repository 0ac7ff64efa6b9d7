"""``dossier actors``, ``actor``, ``search`` and ``stats``: who, what was said, how much."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Group
from rich.table import Table
from rich.text import Text

from dossier.cli.app import app
from dossier.cli.render import (
    DbOption,
    FormatOption,
    LimitOption,
    check_format,
    console,
    emit,
    event_table,
    limit_of,
    marked,
    note,
    open_kb,
    write_records,
)
from dossier.errors import InputError, Messages
from dossier.store.rows import ActorProfile, ActorRow, EventRow, Results, SearchHit, Stats, row_dict


@app.command()
def actors(
    db: DbOption = Path("dossier.sqlite"),
    name: Annotated[
        str | None, typer.Option("--name", help="Words of the name or an alias.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="person, organization, group or location.")
    ] = None,
    country: Annotated[str | None, typer.Option("--country", help="ISO 3166 alpha-3.")] = None,
    sector: Annotated[str | None, typer.Option("--sector", help="GOV, COP, CRM, ...")] = None,
    limit: LimitOption = 50,
    output_format: FormatOption = "table",
) -> None:
    """Actors across all documents, most events first, with roles and sectors."""
    fmt = check_format(output_format)
    with open_kb(db) as kb:
        rows = kb.actors(name, kind=kind, country=country, sector=sector, limit=limit_of(limit))
    emit(rows, fmt, actor_table)
    if fmt == "table" and not rows:
        note("no actors match")


def actor_table(rows: Results[ActorRow]) -> Table:
    """One row an actor: name and id, what it is, how often it appears, how the text
    calls it; four columns, so it fits 80 characters."""
    table = Table(expand=True, pad_edge=False)
    table.add_column("actor", overflow="fold", ratio=3, min_width=16)
    table.add_column("kind", overflow="fold", ratio=2, min_width=10)
    table.add_column("docs / events", justify="right", min_width=6)
    table.add_column("roles and aliases", overflow="fold", ratio=4, min_width=16)
    for row in rows:
        name = Text(row.name)
        name.append(f"\n{row.id}", style="dim")
        kind = " ".join(part for part in (row.kind, row.sector, row.country) if part)
        names = Text(", ".join(row.roles[:3]))
        aliases = ", ".join(row.aliases[:4])
        if aliases:
            names.append(("\n" if row.roles else "") + aliases, style="dim")
        table.add_row(name, kind, f"{row.documents} / {row.events}", names)
    return table


@app.command()
def actor(
    name: Annotated[str, typer.Argument(help="A name, alias, short form or actor id.")],
    db: DbOption = Path("dossier.sqlite"),
    output_format: FormatOption = "table",
) -> None:
    """Everything about one actor: aliases, roles over time, affiliations, events, quotes."""
    fmt = check_format(output_format)
    with open_kb(db) as kb:
        profile = kb.actor(name)
    if profile is None:
        raise InputError(Messages.E115.format(name=name, path=db))
    if fmt == "json":
        write_records([_profile_dict(profile)], "json", ())
        return
    if fmt != "table":
        records = [
            row_dict(event) | {"role": role}
            for role, rows in (("actor", profile.as_actor), ("recipient", profile.as_recipient))
            for event in rows
        ]
        write_records(records, fmt, [*EventRow.__dataclass_fields__, "role"])
        return
    console().print(_profile_view(profile))


def _profile_dict(profile: ActorProfile) -> dict[str, Any]:
    return {
        **row_dict(profile.actor),
        "role_history": [row_dict(role) for role in profile.roles],
        "affiliations": [row_dict(found) for found in profile.affiliations],
        "as_actor": [row_dict(event) for event in profile.as_actor],
        "as_recipient": [row_dict(event) for event in profile.as_recipient],
        "quotes": [row_dict(quote) for quote in profile.quotes],
        "doc_ids": list(profile.doc_ids),
    }


def _profile_view(profile: ActorProfile) -> Group:
    row = profile.actor
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    for label, value in (
        ("id", row.id),
        ("kind", row.kind),
        ("country", row.country or ""),
        ("sector", row.sector or ""),
        ("aliases", ", ".join(row.aliases)),
        ("documents", f"{row.documents}: {', '.join(profile.doc_ids[:8])}"),
        ("events", f"{len(profile.as_actor)} as actor, {len(profile.as_recipient)} as recipient"),
    ):
        if value:
            facts.add_row(label, value)
    parts: list[Any] = [Text(row.name, style="bold"), facts]
    if profile.roles:
        roles = Table(title="roles over time", title_justify="left", pad_edge=False)
        for column in ("published", "role", "document"):
            roles.add_column(column, overflow="fold")
        for role in profile.roles:
            roles.add_row(role.published or "?", role.role, role.doc_id)
        parts.append(roles)
    if profile.affiliations:
        parts.append(_affiliation_table(profile))
    for title, events in (("as actor", profile.as_actor), ("as recipient", profile.as_recipient)):
        if events:
            table = event_table(Results(events, EventRow))
            table.title, table.title_justify = f"events {title}", "left"
            parts.append(table)
    if profile.quotes:
        quotes = Table(title="quotes", title_justify="left", pad_edge=False)
        quotes.add_column("published", no_wrap=True)
        quotes.add_column("quote", overflow="fold")
        quotes.add_column("document", overflow="fold")
        for quote in profile.quotes:
            quotes.add_row(quote.published or "?", f"“{quote.text}”", quote.doc_id)
        parts.append(quotes)
    return Group(*parts)


def _affiliation_table(profile: ActorProfile) -> Table:
    """Who the actor is affiliated with: most documents first, dated by the documents."""
    table = Table(title="affiliations", title_justify="left", pad_edge=False)
    table.add_column("affiliated with", overflow="fold")
    table.add_column("documents", justify="right")
    table.add_column("first", no_wrap=True)
    table.add_column("last", no_wrap=True)
    for found in profile.affiliations:
        name = Text(found.name)
        name.append(f"\n{found.actor_id}", style="dim")
        table.add_row(
            name, str(found.documents), found.first_published or "?", found.last_published or "?"
        )
    return table


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words to find; "a phrase"; prefix*.')],
    db: DbOption = Path("dossier.sqlite"),
    limit: LimitOption = 20,
    output_format: FormatOption = "table",
) -> None:
    """Full-text search over documents and evidence sentences, with snippets."""
    fmt = check_format(output_format)
    with open_kb(db) as kb:
        hits = kb.search(query, limit=limit or 1_000_000)
    emit(hits, fmt, search_table)
    if fmt == "table" and not hits:
        note("nothing matches")


def search_table(hits: Results[SearchHit]) -> Table:
    table = Table(expand=True, pad_edge=False)
    table.add_column("found in", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=1)
    table.add_column("snippet", overflow="fold", ratio=3)
    for hit in hits:
        where = hit.event_id if hit.event_id else hit.doc_id
        table.add_row(
            f"{hit.kind} {where}", hit.published or "", hit.title or "", marked(hit.snippet)
        )
    return table


@app.command()
def stats(
    db: DbOption = Path("dossier.sqlite"),
    output_format: FormatOption = "table",
) -> None:
    """Counts by type, month, country and actor, and fatalities by month."""
    fmt = check_format(output_format)
    with open_kb(db) as kb:
        found = kb.stats()
    if fmt == "json":
        write_records([found.to_dict()], "json", ())
        return
    if fmt != "table":
        records = [
            {"section": section, "key": count.key, "count": count.count}
            for section, counts in _sections(found)
            for count in counts
        ]
        write_records(records, fmt, ("section", "key", "count"))
        return
    console().print(_stats_view(found))


def _sections(found: Stats) -> list[tuple[str, tuple[Any, ...]]]:
    from dossier.store.rows import Count

    totals = tuple(
        Count(name, getattr(found, name))
        for name in ("documents", "events", "actors", "quotes", "mentions")
    )
    return [
        ("total", totals),
        ("type", found.by_type),
        ("month", found.by_month),
        ("country", found.by_country),
        ("actor", found.by_actor),
        ("killed_by_month", found.killed_by_month),
    ]


def _stats_view(found: Stats) -> Group:
    tables: list[Table] = []
    killed = {count.key: count.count for count in found.killed_by_month}
    for section, counts in _sections(found):
        if section == "killed_by_month" or not counts:
            continue
        table = Table(title=section, title_justify="left", pad_edge=False)
        table.add_column(section)
        table.add_column("count", justify="right")
        if section == "month":
            table.add_column("killed", justify="right")
        for count in counts:
            cells = [count.key, f"{count.count:,}"]
            if section == "month":
                cells.append(f"{killed[count.key]:,}" if count.key in killed else "")
            table.add_row(*cells)
        tables.append(table)
    return Group(*tables)
