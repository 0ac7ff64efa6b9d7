"""``load``: a finished Parquet dataset into the SQLite knowledge base.

Each partition's tables are read back into the ``Extraction`` of every document
(``tables.extractions``) and handed to ``Store.ingest``, in input order, so the store
merges actors by its own rules exactly as a local ingest of the same documents does:
the loaded store equals the locally built one. Ingest commits each document on its own
and skips a document stored with the same content, so loading is safe to interrupt and
to repeat: a second load changes nothing. Documents that failed extraction on the
cluster (the ``errors`` table) come back as errors, reported, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.errors import DossierError, ExtractionError
from dossier.scale.dataset import Dataset
from dossier.scale.tables import extractions

if TYPE_CHECKING:
    from dossier.kb import KnowledgeBase
    from dossier.store.writer import Outcome


@dataclass(frozen=True)
class Loaded:
    """What became of one document of the dataset."""

    doc_id: str
    outcome: Outcome | None  # stored | skipped | replaced; None when it failed
    error: DossierError | None = None


def load(root: Path, kb: KnowledgeBase, *, force: bool = False) -> Iterator[Loaded]:
    """Load every document of the finished dataset at ``root`` into ``kb``, in order.

    Raises ``InputError`` if ``root`` is not a dataset or its run has not finished.
    """
    dataset = Dataset.open(root)
    dataset.require_complete()
    for partition in dataset.manifest_names():
        tables = dataset.read_partition(partition)
        for row in tables["errors"].to_pylist():
            error = ExtractionError(row["message"], doc_id=row["doc_id"], stage=row["stage"])
            yield Loaded(row["doc_id"], None, error)
        for extraction in extractions(tables):
            doc_id = extraction.document.id
            try:
                outcome = kb.ingest(extraction, force=force)
            except ExtractionError as exc:
                yield Loaded(doc_id, None, exc)
                continue
            yield Loaded(doc_id, outcome)
