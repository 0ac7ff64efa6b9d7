"""``dossier load``, and what ``extract`` and ``ingest`` share to run on Dask.

``--engine dask`` sends the documents to a Dask cluster (``--scheduler ADDRESS`` or a
scheduler file; without it, a local cluster of ``--jobs`` worker processes) and writes
a Parquet dataset to ``--out DIR`` (``dossier.scale``, docs/scale.md); ``dossier load
DIR`` stores a finished dataset in the knowledge base.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dossier.cli.app import Tally, VerboseOption, app, fail, progress
from dossier.cli.render import DbOption
from dossier.config import Config
from dossier.errors import InputError, Messages

if TYPE_CHECKING:
    from dossier.kb import KnowledgeBase
    from dossier.scale.engine import Run

ENGINES = ("local", "dask")

EngineOption = Annotated[
    str,
    typer.Option("--engine", help="local (processes on this machine) or dask (a Dask cluster)."),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="With --engine dask: the scheduler's address (tcp://host:8786) or its"
        " scheduler file (.json); without it, a local cluster of --jobs workers.",
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="With --engine dask: the Parquet dataset's directory."),
]
PartitionOption = Annotated[
    int,
    typer.Option(
        "--partition-size", min=1, help="With --engine dask: documents per partition (task)."
    ),
]


def check_engine(engine: str, scheduler: str | None, out: Path | None) -> Path | None:
    """The dataset directory when the engine is dask, ``None`` for local; errors else."""
    if engine not in ENGINES:
        raise InputError(Messages.E170.format(engine=engine))
    if engine == "local":
        for option, value in (("--scheduler", scheduler), ("--out", out)):
            if value is not None:
                raise InputError(Messages.E172.format(option=option))
        return None
    if out is None:
        raise InputError(Messages.E171)
    return out


def run_on_dask(
    paths: list[str],
    config: Config,
    out: Path,
    scheduler: str | None,
    partition_size: int,
    tally: Tally,
    *,
    report: bool = True,
) -> Run:
    """Extract ``paths`` on Dask into the dataset at ``out``; with ``report``, name each
    document whose extraction failed as its partition finishes."""
    from dossier.scale import read_sources
    from dossier.scale.engine import Run, connect, run_dask

    run = Run()
    with connect(scheduler, config.jobs) as client, progress() as bar:
        task = bar.add_task("extract", total=None, rate=0.0)
        documents = tally.documents(read_sources(paths, config))
        for manifest in run_dask(
            documents, config, out, client=client, partition_size=partition_size, run=run
        ):
            for error in manifest.errors if report and not manifest.skipped else ():
                fail(str(error["message"]))
            elapsed = bar.tasks[0].elapsed or 0.0
            done = bar.tasks[0].completed + len(manifest.documents)
            bar.update(
                task, advance=len(manifest.documents), rate=done / elapsed if elapsed else 0.0
            )
    for message in run.lost:
        fail(message)
    return run


def run_summary(out: Path, run: Run) -> str:
    state = "finished" if not run.lost else "NOT finished; run again to complete it"
    return (
        f"{out}: {run.partitions} partitions ({run.written} written, {run.skipped} already"
        f" done, {len(run.lost)} failed), {run.documents} documents, {len(run.failed)}"
        f" failed extraction, {run.seconds:.1f} s; {state}"
    )


def load_into(
    kb: KnowledgeBase, out: Path, force: bool, *, verbose: bool = False
) -> dict[str, int]:
    """Load the dataset at ``out`` into ``kb``; count outcomes, report failures; with
    ``verbose``, name each document on standard error once it is committed."""
    from dossier.scale import load as load_dataset

    counts = {"stored": 0, "skipped": 0, "replaced": 0, "failed": 0}
    with progress() as bar:
        task = bar.add_task("load", total=None, rate=0.0)
        for loaded in load_dataset(out, kb, force=force):
            if loaded.error is not None:
                counts["failed"] += 1
                fail(loaded.error.message)
            elif loaded.outcome is not None:
                counts[loaded.outcome] += 1
                if verbose:  # after the commit: a document named here is in the store
                    typer.echo(f"{loaded.outcome} {loaded.doc_id}", err=True)
            elapsed = bar.tasks[0].elapsed or 0.0
            done = bar.tasks[0].completed + 1
            bar.update(task, advance=1, rate=done / elapsed if elapsed else 0.0)
    return counts


@app.command()
def load(
    dataset: Annotated[Path, typer.Argument(help="A Parquet dataset written by --engine dask.")],
    db: DbOption = Path("dossier.sqlite"),
    force: Annotated[
        bool, typer.Option("--force", help="Replace documents even if already stored.")
    ] = False,
    verbose: VerboseOption = False,
) -> None:
    """Store a finished Parquet dataset in the knowledge base (stored documents skipped)."""
    import dossier

    with dossier.open(db) as kb:
        counts = load_into(kb, dataset, force, verbose=verbose)
        totals = kb.totals()
    typer.echo(
        f"{db}: stored {counts['stored']}, skipped {counts['skipped']}, replaced"
        f" {counts['replaced']}, failed {counts['failed']} from {dataset};"
        f" the knowledge base holds {totals['events']} events and {totals['actors']} actors"
    )
    if counts["failed"]:
        raise typer.Exit(1)
