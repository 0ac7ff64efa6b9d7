"""The Typer application and what every command shares: options, errors, progress."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from dossier.config import Config
from dossier.errors import DossierError, InputError
from dossier.records import Document

app = typer.Typer(
    name="dossier",
    help="Turn news articles into a sourced, PLOVER-coded knowledge base.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True, highlight=False)
DEFAULTS = Config()

PublishedOption = Annotated[
    str | None,
    typer.Option(
        "--published", help="Publication date for every input (YYYY, YYYY-MM or YYYY-MM-DD)."
    ),
]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")]
VerboseOption = Annotated[
    bool,
    typer.Option(
        "--verbose", "-v", help="Name each document on standard error once it is committed."
    ),
]
ActorsOption = Annotated[
    list[Path] | None,
    typer.Option("--actors", help="An actor dictionary (YAML) to add to the bundled one."),
]
MaxCharsOption = Annotated[
    int,
    typer.Option("--max-chars", min=1, help="Refuse a document longer than this (characters)."),
]
TimeLimitOption = Annotated[
    float,
    typer.Option(
        "--time-limit", min=0, help="Seconds extraction may spend on one document; 0: no limit."
    ),
]


def fail(message: str) -> None:
    """Report one problem with an input on standard error."""
    stderr.print(f"dossier: error: {message}", markup=False, soft_wrap=True)


def make_config(
    published: str | None,
    jobs: int = 1,
    actors: list[Path] | None = None,
    *,
    max_chars: int = DEFAULTS.max_chars,
    time_limit: float | None = DEFAULTS.time_limit,
) -> Config:
    """A ``Config`` from the shared options; a ``time_limit`` of 0 means no limit."""
    from dossier.read import parse_date

    for path in actors or ():
        if not path.is_file():
            raise InputError(f"{path}: no such actor dictionary")
    return Config(
        published=None if published is None else parse_date(published),
        jobs=jobs,
        actor_files=tuple(actors or ()),
        max_chars=max_chars,
        time_limit=time_limit or None,
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
