"""The validated settings one extraction run needs, passed in explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Config:
    """Settings for reading and extracting.

    ``actor_files`` add a user's own actor dictionaries to the bundled one;
    ``published`` overrides every document's publication date; ``max_chars`` is the
    largest document text dossier will process; ``jobs`` is the number of worker
    processes; ``batch_size`` the number of documents each worker parses at once.
    """

    actor_files: tuple[Path, ...] = ()
    published: str | None = None
    max_chars: int = 1_000_000
    jobs: int = 1
    batch_size: int = 32
