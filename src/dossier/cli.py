"""The ``dossier`` command: a thin layer over the Python API.

Each command parses its options into a ``Config``, calls the library, and renders the
result. A ``DossierError`` becomes one line on standard error and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from dossier.config import Config
from dossier.errors import DossierError, InputError
from dossier.records import Document, Extraction

app = typer.Typer(
    name="dossier",
    help="Turn news articles into a sourced, PLOVER-coded knowledge base.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True, highlight=False)

PublishedOption = Annotated[
    str | None,
    typer.Option(
        "--published", help="Publication date for every input (YYYY, YYYY-MM or YYYY-MM-DD)."
    ),
]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")]
ActorsOption = Annotated[
    list[Path] | None,
    typer.Option("--actors", help="An actor dictionary (YAML) to add to the bundled one."),
]


def fail(message: str) -> None:
    """Report one problem with an input on standard error."""
    stderr.print(f"dossier: error: {message}", markup=False, soft_wrap=True)


def make_config(
    published: str | None, jobs: int = 1, actors: list[Path] | None = None
) -> Config:
    from dossier.read import parse_date

    for path in actors or ():
        if not path.is_file():
            raise InputError(f"{path}: no such actor dictionary")
    return Config(
        published=None if published is None else parse_date(published),
        jobs=jobs,
        actor_files=tuple(actors or ()),
    )


class Tally:
    """Counts what a run read and what failed, for the exit code and the summary."""

    def __init__(self) -> None:
        self.read = 0
        self.failed = 0

    def documents(self, items: Iterable[Document | DossierError]) -> Iterator[Document]:
        for item in items:
            if isinstance(item, DossierError):
                self.failed += 1
                fail(item.message)
            else:
                self.read += 1
                yield item


def progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.completed} documents"),
        TextColumn("{task.fields[rate]:.1f}/s"),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=not stderr.is_terminal,
    )


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
) -> None:
    """Print one dossier/1 record per document, storing nothing."""
    import dossier

    if output_format not in ("jsonl", "json", "table"):
        raise InputError(f"--format: '{output_format}' is not one of jsonl, json, table")
    config = make_config(published, jobs, actors)
    tally = Tally()
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
                ("killed", event.killed), ("injured", event.injured), ("arrested", event.arrested)
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

