"""Datasets written without Dask or spaCy, from the store tests' hand-built extractions.

``write_dataset`` does what a run does on the cluster (partitions in input order, each
written with ``engine.write_results``, then the reduce step, then the run marked
finished), with the extraction results given rather than computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dossier.errors import DossierError
from dossier.records import Extraction
from dossier.scale.dataset import Dataset, partitions
from dossier.scale.engine import write_results
from dossier.scale.reduce import reduce_actors


def write_dataset(
    root: Path,
    results: Sequence[Extraction | tuple[Extraction, DossierError]],
    size: int = 2,
    *,
    finish: bool = True,
) -> Dataset:
    """A dataset of ``results``; a ``(extraction, error)`` pair is a failed document."""
    documents = [r[0].document if isinstance(r, tuple) else r.document for r in results]
    outcome = {
        (r[0] if isinstance(r, tuple) else r).document.id: (r[1] if isinstance(r, tuple) else r)
        for r in results
    }
    dataset = Dataset.create(root, size)
    count = 0
    for partition in partitions(iter(documents), size):
        write_results(dataset, partition, [outcome[d.id] for d in partition.documents])
        count += 1
    if finish:
        reduce_actors(dataset)
        dataset.finish(count)
    return dataset
