"""What the knowledge base commands share: the ``--db`` and ``--format`` options,
opening the store, and writing rows as a table, CSV, JSON lines or JSON.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dossier.errors import InputError, Messages
from dossier.store.rows import MARK_CLOSE, MARK_OPEN, EventRow, Results

if TYPE_CHECKING:
    from dossier.kb import KnowledgeBase

FORMATS = ("table", "csv", "jsonl", "json")

DbOption = Annotated[
    Path,
    typer.Option(
        "--db",
        envvar="DOSSIER_DB",
        show_envvar=True,
        help="The knowledge base file.",
    ),
]
FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="table (the default), csv, jsonl or json.")
]
LimitOption = Annotated[
    int, typer.Option("--limit", "-n", min=0, help="At most this many; 0: all.")
]

STYLES = {
    "trigger": "bold reverse",
    "actor": "bold cyan",
    "recipient": "bold magenta",
    "when": "green",
    "place": "yellow",
    "figure": "bold red",
}


def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def check_format(value: str) -> str:
    if value not in FORMATS:
        raise InputError(
            Messages.E111.format(what="format", value=value, choices=", ".join(FORMATS))
        )
    return value


def open_kb(db: Path) -> KnowledgeBase:
    """The knowledge base a query command reads; an error if there is none yet."""
    from dossier.kb import open as open_kb

    return open_kb(db, create=False)


def limit_of(value: int) -> int | None:
    return None if value == 0 else value


def plain(value: Any) -> Any:
    """A value as CSV shows it: lists joined with '; ', booleans as true/false."""
    if isinstance(value, list | tuple):
        return "; ".join(str(plain(v)) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def write_records(records: list[dict[str, Any]], fmt: str, columns: Iterable[str]) -> None:
    """Write dicts as CSV (with ``columns`` as header), JSON lines or a JSON array."""
    out = sys.stdout
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({key: plain(value) for key, value in record.items()})
    elif fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")


def emit(rows: Results[Any], fmt: str, table: Callable[[Results[Any]], Table]) -> None:
    """Write query results in the chosen format (``table`` renders with ``table``)."""
    if fmt == "table":
        if rows:
            console().print(table(rows))
        return
    columns = [f.name for f in fields(rows.row_type)] if rows.row_type else []
    write_records(rows.to_dicts(), fmt, columns)


def when_label(row: EventRow) -> str:
    """An event's time as compactly as its precision allows: ``2016-03-08``, ``2014-02``,
    ``2012``, ``2015-10-01..2015-12-31``."""
    start, end = row.when_start, row.when_end
    if start is None and end is None:
        return "?"
    if start is None:
        return f"..{end}"
    if start == end or end is None:
        return str(start)
    cut = {"month": 7, "year": 4}.get(row.precision)
    if cut is not None and start[:cut] == end[:cut]:
        return start[:cut]
    return f"{start}..{end}"


def type_label(row: EventRow) -> str:
    flags = [name for name, on in row.modality.to_dict().items() if on]
    label = row.type + (f":{row.mode}" if row.mode else "")
    return label + (f" ({', '.join(flags)})" if flags else "")


def parties(row: EventRow) -> str:
    actors = ", ".join(row.actor_names) or "?"
    if not row.recipient_names:
        return actors
    return f"{actors} → {', '.join(row.recipient_names)}"


def trigger_snippet(row: EventRow, width: int = 70) -> Text:
    """The words around the trigger, the trigger in bold."""
    start = row.trigger_start - row.sentence_start
    end = row.trigger_end - row.sentence_start
    sentence = row.sentence.replace("\n", " ").replace("\t", " ")
    side = max((width - (end - start)) // 2, 10)
    left = max(start - side, 0)
    right = min(end + side, len(sentence))
    if left > 0 and " " in sentence[left:start]:
        left = sentence.index(" ", left, start) + 1
    if right < len(sentence) and " " in sentence[end:right]:
        right = sentence.rindex(" ", end, right)
    text = Text("…" if left else "")
    text.append(sentence[left:start])
    text.append(sentence[start:end], style="bold")
    text.append(sentence[end:right])
    if right < len(sentence):
        text.append("…")
    return text


def event_table(rows: Results[EventRow]) -> Table:
    """One row an event: its id (for ``dossier show``), what and when, who, where and
    how many, and the words it came from; four columns, so it fits 80 characters."""
    table = Table(expand=True, show_lines=False, pad_edge=False)
    table.add_column("id / event", overflow="fold", ratio=2, min_width=20)
    table.add_column("actor → recipient", overflow="fold", ratio=2, min_width=14)
    table.add_column("when, where, killed", overflow="fold", ratio=2, min_width=12)
    table.add_column("evidence", overflow="fold", ratio=3, min_width=16)
    for row in rows:
        what = Text(row.id, style="dim")
        what.append("\n" + type_label(row))
        facts = Text(when_label(row))
        facts.append(f" {row.precision}", style="dim")
        if row.place:
            facts.append(f"\n{row.place}")
        if row.killed is not None:
            facts.append(f"\n{row.killed} killed")
        table.add_row(what, parties(row), facts, trigger_snippet(row))
    return table


def marked(snippet: str) -> Text:
    """A search snippet with the matched words styled instead of bracketed."""
    text = Text()
    rest = snippet
    while MARK_OPEN in rest:
        before, _, after = rest.partition(MARK_OPEN)
        inside, _, rest = after.partition(MARK_CLOSE)
        text.append(before)
        text.append(inside, style="bold reverse")
    text.append(rest)
    return text


def note(message: str) -> None:
    """A remark for the person at the terminal, on standard error."""
    Console(stderr=True, highlight=False).print(message, style="dim", markup=False)
