"""``dossier ingest``: read, extract and store documents in the knowledge base.

Documents already stored with the same content (text and metadata) are skipped before
extraction, so running the same ingest again costs only the reading. Each document is
committed on its own: an interrupted run keeps what it finished, and running it again
completes the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Annotated

import typer

from dossier.cli.app import (
    DEFAULTS,
    ActorsOption,
    JobsOption,
    MaxCharsOption,
    PublishedOption,
    Tally,
    TimeLimitOption,
    VerboseOption,
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
    load_into,
    run_on_dask,
    run_summary,
)
from dossier.cli.render import DbOption
from dossier.config import Config
from dossier.errors import DossierError, ExtractionError
from dossier.records import Document


@dataclass
class Counts:
    stored: int = 0
    skipped: int = 0
    replaced: int = 0


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, feed URLs or '-'.")],
    db: DbOption = Path("dossier.sqlite"),
    published: PublishedOption = None,
    jobs: JobsOption = 1,
    actors: ActorsOption = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Extract and replace documents even if already stored."),
    ] = False,
    verbose: VerboseOption = False,
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
    out: OutOption = None,
    partition_size: PartitionOption = 64,
    max_chars: MaxCharsOption = DEFAULTS.max_chars,
    time_limit: TimeLimitOption = DEFAULTS.time_limit or 0.0,
) -> None:
    """Extract documents and store them in the knowledge base (skipping stored ones).

    With --engine dask, extract on Dask into the Parquet dataset --out, then load it.
    """
    import dossier

    dataset = check_engine(engine, scheduler, out)
    config = make_config(published, jobs, actors, max_chars=max_chars, time_limit=time_limit)
    tally = Tally()
    if dataset is not None:
        _ingest_on_dask(paths, config, dataset, scheduler, partition_size, tally, db, force)
        return
    counts = Counts()
    with dossier.open(db) as kb, progress() as bar:
        task = bar.add_task("ingest", total=None, rate=0.0)

        def advance() -> None:
            elapsed = bar.tasks[0].elapsed or 0.0
            done = bar.tasks[0].completed + 1
            bar.update(task, advance=1, rate=done / elapsed if elapsed else 0.0)

        def fresh(documents: Iterator[Document]) -> Iterator[Document]:
            for document in documents:
                if not force and kb.is_stored(document):
                    counts.skipped += 1
                    advance()
                    continue
                yield document

        pending = fresh(tally.documents(dossier.read_documents(paths, config)))
        first = next(pending, None)
        results = () if first is None else dossier.extract(chain([first], pending), config)
        for result in results:
            if isinstance(result, DossierError):
                tally.failed += 1
                fail(result.message)
                advance()
                continue
            try:
                outcome = kb.ingest(result, force=force)
            except ExtractionError as exc:
                tally.failed += 1
                fail(exc.message)
                advance()
                continue
            setattr(counts, outcome, getattr(counts, outcome) + 1)
            if verbose:  # after the commit: a document named here is in the store
                typer.echo(f"{outcome} {result.document.id}", err=True)
            advance()
        totals = kb.totals()
    typer.echo(
        f"{db}: read {tally.read}, stored {counts.stored}, skipped {counts.skipped},"
        f" replaced {counts.replaced}, failed {tally.failed};"
        f" the knowledge base holds {totals['events']} events and {totals['actors']} actors"
    )
    if tally.failed:
        raise typer.Exit(1)


def _ingest_on_dask(
    paths: list[str],
    config: Config,
    out: Path,
    scheduler: str | None,
    partition_size: int,
    tally: Tally,
    db: Path,
    force: bool,
) -> None:
    """Every document is extracted on Dask (stored ones too, so that partitions stay
    the same across restarts), then the dataset is loaded, skipping stored ones."""
    import dossier

    run = run_on_dask(paths, config, out, scheduler, partition_size, tally, report=False)
    typer.echo(run_summary(out, run), err=True)
    if run.lost:
        raise typer.Exit(1)
    with dossier.open(db) as kb:
        counts = load_into(kb, out, force)
        totals = kb.totals()
    typer.echo(
        f"{db}: read {tally.read}, stored {counts['stored']}, skipped {counts['skipped']},"
        f" replaced {counts['replaced']}, failed {tally.failed + counts['failed']};"
        f" the knowledge base holds {totals['events']} events and {totals['actors']} actors"
    )
    if tally.failed or counts["failed"]:
        raise typer.Exit(1)
