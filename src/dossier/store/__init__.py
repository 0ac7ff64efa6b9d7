"""The knowledge base's storage: one SQLite file (WAL, FTS5), written and queried here.

- ``schema``: the tables, indexes and full-text indexes, as SQL;
- ``migrations``: named, recorded, forward-only schema changes;
- ``database``: opening the file (pragmas, migrations) and mapping ``sqlite3`` errors;
- ``writer``: ``Store.ingest``, one document per transaction;
- ``actors``: merged actors, found for each document's actor and kept exact, document
  by document;
- ``backup``: consistent copies (``backup``) and atomic ``restore`` of a whole store;
- ``query``, ``lookup``, ``evidence``, ``restore``: reading it back;
- ``rows``: the typed rows queries return, and ``Results``.

Most users want ``dossier.open(path)`` (``dossier.kb``), which wraps all of these.
"""

from __future__ import annotations

from dossier.store.database import DEFAULT_TIMEOUT, Database
from dossier.store.migrations import MIGRATIONS, Migration
from dossier.store.rows import (
    ActorProfile,
    ActorRow,
    AffiliationRow,
    Count,
    DocumentRow,
    EventRow,
    Mark,
    QuoteRow,
    Results,
    RoleRow,
    SearchHit,
    Stats,
)
from dossier.store.writer import Store, content_hash

__all__ = [
    "DEFAULT_TIMEOUT",
    "MIGRATIONS",
    "ActorProfile",
    "ActorRow",
    "AffiliationRow",
    "Count",
    "Database",
    "DocumentRow",
    "EventRow",
    "Mark",
    "Migration",
    "QuoteRow",
    "Results",
    "RoleRow",
    "SearchHit",
    "Stats",
    "Store",
    "content_hash",
]
