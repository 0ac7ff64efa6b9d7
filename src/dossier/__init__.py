"""dossier: turn news articles into a sourced, PLOVER-coded knowledge base.

The public Python API is exactly what this module exports (``__all__``); the CLI is a
thin layer over it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.config import Config
from dossier.errors import (
    ConfigError,
    DossierError,
    ExtractionError,
    InputError,
    StoreError,
)
from dossier.records import (
    SCHEMA,
    Actor,
    Document,
    Event,
    Evidence,
    Extraction,
    Modality,
    Money,
    Quantity,
    Quote,
    Timex,
    When,
    Where,
)

if TYPE_CHECKING:
    from dossier.kb import KnowledgeBase

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "Actor",
    "Config",
    "ConfigError",
    "Document",
    "DossierError",
    "Event",
    "Evidence",
    "Extraction",
    "ExtractionError",
    "InputError",
    "Modality",
    "Money",
    "Quantity",
    "Quote",
    "StoreError",
    "Timex",
    "When",
    "Where",
    "__version__",
    "extract",
    "extract_text",
    "open",
    "read_documents",
]


def read_documents(
    sources: Iterable[str], config: Config | None = None
) -> Iterator[Document | InputError]:
    """Read files, directories, ``-`` or feed URLs into documents (errors as values)."""
    from dossier.read import iter_documents

    config = config or Config()
    return iter_documents(sources, published=config.published, max_chars=config.max_chars)


def extract(
    documents: Iterable[Document], config: Config | None = None
) -> Iterator[Extraction | DossierError]:
    """Extract dossier/1 records from documents, in order; failures come back as errors."""
    from dossier.pipeline import extract as run

    return run(documents, config or Config())


def extract_text(
    text: str, *, doc_id: str = "text", published: str | None = None, config: Config | None = None
) -> Extraction:
    """Extract one text in this process; raises ``DossierError`` if it fails."""
    from dossier.pipeline import Extractor

    return Extractor(config or Config()).extract_one(
        Document(id=doc_id, text=text, published=published)
    )


def open(
    path: str | Path = "dossier.sqlite", *, create: bool = True, timeout: float = 30.0
) -> KnowledgeBase:
    """Open the knowledge base at ``path`` (made if missing, unless ``create=False``).

    ``timeout`` is how many seconds to wait for another process writing to the same
    file before giving up with a ``StoreError``. See ``dossier.kb.KnowledgeBase``.
    """
    from dossier.kb import open as open_kb

    return open_kb(path, create=create, timeout=timeout)
