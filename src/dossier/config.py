"""The validated settings one extraction run needs, passed in explicitly."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from dossier.errors import ConfigError, Messages


@dataclass(frozen=True)
class Config:
    """Settings for reading and extracting.

    ``actor_files`` add a user's own actor dictionaries to the bundled one;
    ``published`` overrides every document's publication date; ``max_chars`` is the
    largest document text dossier will process; ``time_limit`` is how many seconds
    extraction may spend on one document (``None``: no limit; see ``dossier.limits``
    for what it covers); ``jobs`` is the number of worker processes; ``batch_size``
    the number of documents each worker parses at once.
    """

    actor_files: tuple[Path, ...] = ()
    published: str | None = None
    max_chars: int = 1_000_000
    time_limit: float | None = 300.0
    jobs: int = 1
    batch_size: int = 32

    def __post_init__(self) -> None:
        if self.max_chars < 1:
            raise ConfigError(Messages.E044.format(name="max_chars", value=self.max_chars))
        if self.time_limit is not None and not 0 < self.time_limit < math.inf:
            raise ConfigError(Messages.E044.format(name="time_limit", value=self.time_limit))
