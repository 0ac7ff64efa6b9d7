"""Named, recorded, forward-only schema migrations.

Each migration has a name and a list of SQL statements. ``migrate`` applies the ones a
store has not seen yet, in order, each in its own ``BEGIN IMMEDIATE`` transaction that
also records it in the ``migrations`` table and sets ``PRAGMA user_version`` to the
number of migrations applied, so a crash leaves the store at one version or the next,
never between. A store whose version is newer than this code knows is refused. Two
processes opening a new store at once are safe: the second waits for the first's
transaction, sees the migration recorded and skips it.

The schema is never edited in place once released: a change is a new migration appended
to ``MIGRATIONS``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from dossier.errors import Messages, StoreError
from dossier.store import schema


@dataclass(frozen=True)
class Migration:
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_knowledge_base",
        tuple(
            schema.statements(schema.TABLES + schema.INDEXES + schema.SEARCH + schema.SPANS)
        ),
    ),
    Migration("0002_actor_affiliations", tuple(schema.statements(schema.AFFILIATIONS))),
    Migration("0003_actor_tallies", tuple(schema.statements(schema.ACTOR_TALLIES))),
    Migration("0004_profile_indexes", tuple(schema.statements(schema.PROFILE_INDEXES))),
)

_LEDGER = """
CREATE TABLE IF NOT EXISTS migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
)
"""


def version(connection: sqlite3.Connection) -> int:
    """The number of migrations the store has applied (``PRAGMA user_version``)."""
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def applied(connection: sqlite3.Connection) -> list[str]:
    """The names of the migrations recorded in the store, in the order they ran."""
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
    ).fetchone()
    if exists is None:
        return []
    return [row[0] for row in connection.execute("SELECT name FROM migrations ORDER BY rowid")]


def migrate(
    connection: sqlite3.Connection,
    path: str,
    migrations: tuple[Migration, ...] = MIGRATIONS,
) -> list[str]:
    """Apply the migrations the store lacks; return the names of those applied now.

    ``connection`` must be in autocommit mode (``isolation_level=None``): this function
    opens and closes its own transactions.
    """
    found = version(connection)
    if found > len(migrations):
        raise StoreError(
            Messages.E103.format(path=path, found=found, known=len(migrations)), stage="store"
        )
    if found == len(migrations):
        return []
    ran: list[str] = []
    for migration in migrations:
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute(_LEDGER)
            done = {row[0] for row in connection.execute("SELECT name FROM migrations")}
            if migration.name in done:
                connection.execute("ROLLBACK")
                continue
            for statement in migration.statements:
                connection.execute(statement)
            connection.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                (migration.name, _now()),
            )
            connection.execute(f"PRAGMA user_version = {len(done) + 1:d}")
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            if _busy(exc):
                raise
            raise StoreError(
                Messages.E110.format(path=path, name=migration.name, detail=exc), stage="store"
            ) from exc
        ran.append(migration.name)
    return ran


def _busy(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
