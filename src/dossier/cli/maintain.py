"""``dossier backup``, ``restore`` and ``reextract``: keeping a knowledge base safe and
up to date.

- ``backup DEST``: a consistent copy made with SQLite's online backup API, while other
  processes go on reading and writing the store;
- ``restore SRC``: replace the store with a backup, atomically, after checking it;
- ``reextract``: run the current extractor over every stored document again, replacing
  each document's records in a transaction of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dossier.cli.app import ActorsOption, JobsOption, app, fail, make_config, progress
from dossier.cli.render import DbOption
from dossier.errors import DossierError, Messages, StoreError

ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]


@app.command()
def backup(
    destination: Annotated[Path, typer.Argument(help="The backup file to write.")],
    db: DbOption = Path("dossier.sqlite"),
    force: ForceOption = False,
) -> None:
    """Copy the knowledge base to DEST (safe while an ingest or serve is running)."""
    import dossier

    with dossier.open(db, create=False) as kb:
        copy = kb.backup(destination, force=force)
    typer.echo(f"{db}: backed up to {copy.path}: {copy.documents} documents, {copy.events} events")


@app.command()
def restore(
    source: Annotated[Path, typer.Argument(help="A backup made by 'dossier backup'.")],
    db: DbOption = Path("dossier.sqlite"),
    force: Annotated[
        bool, typer.Option("--force", help="Replace a knowledge base that holds documents.")
    ] = False,
) -> None:
    """Replace the knowledge base with the backup SRC (refuses a non-empty store)."""
    from dossier.kb import restore as restore_copy

    copy = restore_copy(source, db, force=force)
    typer.echo(f"{db}: restored from {source}: {copy.documents} documents, {copy.events} events")


@app.command()
def reextract(
    db: DbOption = Path("dossier.sqlite"),
    jobs: JobsOption = 1,
    actors: ActorsOption = None,
) -> None:
    """Extract every stored document again with the current extractor.

    Each document's records are replaced in a transaction of its own: an interrupted
    run leaves a consistent store, and running it again finishes the work.
    """
    import dossier

    config = make_config(None, jobs, actors)
    counts = {"changed": 0, "unchanged": 0, "failed": 0}
    with dossier.open(db, create=False) as kb, progress() as bar:
        task = bar.add_task("reextract", total=None, rate=0.0)
        for _, outcome in kb.reextract(config):
            if isinstance(outcome, DossierError):
                counts["failed"] += 1
                fail(outcome.message)
            else:
                counts[outcome] += 1
            elapsed = bar.tasks[0].elapsed or 0.0
            done = bar.tasks[0].completed + 1
            bar.update(task, advance=1, rate=done / elapsed if elapsed else 0.0)
        totals = kb.totals()
    total = sum(counts.values())
    typer.echo(
        f"{db}: re-extracted {total} documents: changed {counts['changed']},"
        f" unchanged {counts['unchanged']}, failed {counts['failed']};"
        f" the knowledge base holds {totals['events']} events and {totals['actors']} actors"
    )
    if counts["failed"]:
        raise StoreError(Messages.E198.format(path=db, failed=counts["failed"], total=total))
