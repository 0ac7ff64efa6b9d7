"""``dossier extract``: print dossier/1 records, storing nothing."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dossier.cli.app import (
    DEFAULTS,
    ActorsOption,
    JobsOption,
    MaxCharsOption,
    PublishedOption,
    Tally,
    TimeLimitOption,
    app,
    fail,
    make_config,
    progress,
)
from dossier.cli.load import (
    EngineOption,
    OutOption,
    PartitionOption,
    SchedulerOption,
    check_engine,
    run_on_dask,
    run_summary,
)
from dossier.errors import DossierError, InputError
from dossier.records import Extraction


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, feed URLs or '-'.")],
    published: PublishedOption = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="jsonl (one object per line), json (an array) or table."
        ),
    ] = "jsonl",
    jobs: JobsOption = 1,
    actors: ActorsOption = None,
    with_text: Annotated[
        bool, typer.Option("--with-text", help="Include each document's text in its record.")
    ] = False,
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
    out: OutOption = None,
    partition_size: PartitionOption = 64,
    max_chars: MaxCharsOption = DEFAULTS.max_chars,
    time_limit: TimeLimitOption = DEFAULTS.time_limit or 0.0,
) -> None:
    """Print one dossier/1 record per document, storing nothing.

    With --engine dask, write a Parquet dataset to --out instead (docs/scale.md).
    """
    import dossier

    if output_format not in ("jsonl", "json", "table"):
        raise InputError(f"--format: '{output_format}' is not one of jsonl, json, table")
    dataset = check_engine(engine, scheduler, out)
    config = make_config(published, jobs, actors, max_chars=max_chars, time_limit=time_limit)
    tally = Tally()
    if dataset is not None:
        run = run_on_dask(paths, config, dataset, scheduler, partition_size, tally)
        typer.echo(run_summary(dataset, run), err=True)
        if tally.failed or run.failed or run.lost:
            raise typer.Exit(1)
        return
    records: list[dict[str, object]] = []
    with progress() as bar:
        task = bar.add_task("extract", total=None, rate=0.0)
        documents = tally.documents(dossier.read_documents(paths, config))
        for result in dossier.extract(documents, config):
            if isinstance(result, DossierError):
                tally.failed += 1
                fail(result.message)
                continue
            if output_format == "table":
                print_events(result, Console(highlight=False))
                continue
            record = result.to_dict(include_text=with_text)
            if output_format == "jsonl":
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                records.append(record)
            elapsed = bar.tasks[0].elapsed or 0.0
            bar.update(task, advance=1, rate=bar.tasks[0].completed / elapsed if elapsed else 0.0)
    if output_format == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    if tally.failed:
        raise typer.Exit(1)


def print_events(extraction: Extraction, console: Console) -> None:
    """A terminal table of one document's events, each with the words it came from."""
    document = extraction.document
    names = {a.id: a.name for a in extraction.actors}
    table = Table(
        title=f"{document.title or document.id} ({document.published or 'no date'})",
        title_justify="left",
        expand=True,
    )
    for column in ("type", "actor", "recipient", "when", "where", "figures", "evidence"):
        table.add_column(column, overflow="fold")
    for event in extraction.events:
        figures = [
            f"{label} {value}"
            for label, value in (
                ("killed", event.killed),
                ("injured", event.injured),
                ("arrested", event.arrested),
            )
            if value is not None
        ]
        if event.money is not None:
            figures.append(f"{event.money.amount:,.0f} {event.money.currency}")
        flags = [name for name, on in event.modality.to_dict().items() if on]
        start, end = event.evidence.trigger
        table.add_row(
            event.type + (f":{event.mode}" if event.mode else ""),
            ", ".join(names.get(a, a) for a in event.actor),
            ", ".join(names.get(a, a) for a in event.recipient),
            f"{event.when.start or '?'}..{event.when.end or '?'} ({event.when.precision})",
            event.where.name if event.where else "",
            " ".join(figures + flags),
            document.text[start:end],
        )
    console.print(table)
