"""Actors by name: resolving what a user types to store actor ids, and actor rows.

``resolve`` tries, in order, and stops at the first step that finds anything:

1. the store id itself (``ms13``, ``person:aristides-valencia``);
2. the normalised name (accents, case and punctuation ignored);
3. an alias any document gave the actor;
4. whole words: every word typed is a word of one of the actor's names or aliases, so
   "Valencia" or "Aristides" finds "Arístides Valencia".

All actors found at that step are returned, those in the most events first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from dossier.store.database import Database
from dossier.store.names import normalise
from dossier.store.rows import ActorRow, AffiliationRow, QuoteRow, RoleRow


def resolve(db: Database, name: str) -> tuple[str, ...]:
    """The store ids of the actors ``name`` designates (see the module docstring)."""
    if db.read("SELECT 1 FROM actors WHERE id = ?", (name,)):
        return (name,)
    norm = normalise(name)
    if not norm:
        return ()
    words = sorted(set(norm.split()))
    steps: tuple[tuple[str, tuple[object, ...]], ...] = (
        (
            "SELECT id FROM actors WHERE norm_name = ?1"
            " UNION SELECT actor_id FROM document_actors WHERE norm_name = ?1",
            (norm,),
        ),
        ("SELECT DISTINCT actor_id FROM actor_aliases WHERE norm = ?", (norm,)),
        (
            f"SELECT actor_id FROM actor_words WHERE word IN ({', '.join('?' * len(words))})"
            " GROUP BY actor_id HAVING COUNT(*) = ?",
            (*words, len(words)),
        ),
    )
    for sql, params in steps:
        found = db.read(
            f"SELECT id FROM actors WHERE id IN ({sql})"
            " ORDER BY events DESC, documents DESC, id",
            params,
        )
        if found:
            return tuple(row[0] for row in found)
    return ()


@dataclass(frozen=True)
class ActorFilter:
    name: str | None = None  # words of the name or of an alias, accents ignored
    kind: str | None = None
    country: str | None = None
    sector: str | None = None
    limit: int | None = None


def actor_rows(db: Database, query: ActorFilter) -> list[ActorRow]:
    """Merged actors, most events first, with their aliases and most frequent roles."""
    where: list[str] = []
    params: list[object] = []
    if query.name is not None:
        words = sorted(set(normalise(query.name).split()))
        if not words:
            return []
        prefixes = " UNION ALL ".join(
            f"SELECT actor_id, {i} AS q FROM actor_words WHERE word >= ? AND word < ?"
            for i in range(len(words))
        )
        where.append(
            f"a.id IN (SELECT actor_id FROM ({prefixes}) GROUP BY actor_id"
            " HAVING COUNT(DISTINCT q) = ?)"
        )
        for word in words:
            params.extend((word, word + "\U0010ffff"))
        params.append(len(words))
    for column, value in (
        ("a.kind", query.kind),
        ("a.country", None if query.country is None else query.country.upper()),
        ("a.sector", None if query.sector is None else query.sector.upper()),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    sql = "SELECT a.* FROM actors a"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY a.events DESC, a.documents DESC, a.id"
    if query.limit is not None:
        sql += " LIMIT ?"
        params.append(max(query.limit, 0))
    return rows_for(db, db.read(sql, params))


def actor_row(db: Database, actor_id: str) -> ActorRow | None:
    found = rows_for(db, db.read("SELECT a.* FROM actors a WHERE a.id = ?", (actor_id,)))
    return found[0] if found else None


def rows_for(db: Database, rows: list) -> list[ActorRow]:  # type: ignore[type-arg]
    result = []
    for row in rows:
        aliases = _aliases(db, row["id"], row["name"])
        roles = Counter(
            r[0] for r in db.read("SELECT role FROM actor_roles WHERE actor_id = ?", (row["id"],))
        )
        result.append(
            ActorRow(
                id=row["id"],
                name=row["name"],
                kind=row["kind"],
                country=row["country"],
                sector=row["sector"],
                dictionary_id=row["dictionary_id"],
                documents=row["documents"],
                events=row["events"],
                mentions=row["mentions"],
                aliases=aliases,
                roles=tuple(role for role, _ in sorted(roles.items(), key=lambda r: (-r[1], r[0]))),
            )
        )
    return result


def _aliases(db: Database, actor_id: str, name: str) -> tuple[str, ...]:
    """Every other way the documents name the actor, in order of first appearance."""
    rows = db.read(
        "SELECT alias FROM (SELECT al.alias, d.key, 1 AS kind, al.position FROM actor_aliases al"
        " JOIN documents d ON d.id = al.doc_id WHERE al.actor_id = ?1"
        " UNION ALL SELECT da.name, d.key, 0, 0 FROM document_actors da"
        " JOIN documents d ON d.id = da.doc_id WHERE da.actor_id = ?1)"
        " ORDER BY key, kind, position",
        (actor_id,),
    )
    # One spelling per name up to case: "Police" opening a sentence is "police".
    seen: dict[str, str] = {name.casefold(): name}
    for (alias,) in rows:
        key = alias.casefold()
        if key not in seen or (seen[key] != name and alias.islower()):
            seen[key] = alias
    return tuple(alias for key, alias in seen.items() if key != name.casefold())


def roles(db: Database, actor_id: str) -> tuple[RoleRow, ...]:
    rows = db.read(
        "SELECT r.role, r.doc_id, r.published FROM actor_roles r"
        " JOIN documents d ON d.id = r.doc_id WHERE r.actor_id = ?"
        " ORDER BY r.published IS NULL, r.published, d.key, r.position",
        (actor_id,),
    )
    return tuple(RoleRow(*row) for row in rows)


def affiliations(db: Database, actor_id: str) -> tuple[AffiliationRow, ...]:
    """The actors this one is affiliated with, most documents first, then earliest."""
    rows = db.read(
        "SELECT f.affiliation_id, a.name, MIN(f.published), MAX(f.published),"
        " COUNT(DISTINCT f.doc_id) AS documents FROM actor_affiliations f"
        " JOIN actors a ON a.id = f.affiliation_id WHERE f.actor_id = ?"
        " GROUP BY f.affiliation_id, a.name"
        " ORDER BY documents DESC, MIN(f.published) IS NULL, MIN(f.published), f.affiliation_id",
        (actor_id,),
    )
    return tuple(AffiliationRow(*row) for row in rows)


def quotes(db: Database, actor_id: str) -> tuple[QuoteRow, ...]:
    rows = db.read(
        "SELECT q.doc_id, q.speaker_id, a.name, q.text, q.start, q.\"end\", q.when_start,"
        " q.when_end, q.precision, d.published FROM quotes q"
        " JOIN documents d ON d.id = q.doc_id LEFT JOIN actors a ON a.id = q.speaker_id"
        " WHERE q.speaker_id = ? ORDER BY d.published IS NULL, d.published, d.key, q.position",
        (actor_id,),
    )
    return tuple(QuoteRow(*row) for row in rows)


def documents_of(db: Database, actor_id: str) -> tuple[str, ...]:
    rows = db.read(
        "SELECT DISTINCT da.doc_id FROM document_actors da JOIN documents d ON d.id = da.doc_id"
        " WHERE da.actor_id = ? ORDER BY d.published IS NULL, d.published, d.key",
        (actor_id,),
    )
    return tuple(row[0] for row in rows)
