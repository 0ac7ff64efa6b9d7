"""Actors by name: resolving what a user types to store actor ids, and actor rows.

``resolve`` tries, in order, and stops at the first step that finds anything:

1. the store id itself (``ms13``, ``person:aristides-valencia``);
2. the normalised name (accents, case and punctuation ignored);
3. an alias any document gave the actor;
4. whole words: every word typed is a word of one of the actor's names or aliases, so
   "Valencia" or "Aristides" finds "Arístides Valencia".

All actors found at that step are returned, those in the most events first.

An actor's profile reads about what it shows: the police or a president are named in
most documents of a large store, so their aliases come from each distinct spelling
(the actor's variants, an index of aliases) rather than from every row that gives one,
their roles are counted by SQLite, and their documents are the first ``limit`` in
publication order.

Order of appearance: a document's rows are inserted in one transaction and get rowids
above every row stored before, so among the rows of one table a smaller rowid belongs
to a document stored earlier (a smaller ``documents.key``) or to the same one;
``_aliases`` relies on it to find the first and last document giving a spelling
without reading the others.
"""

from __future__ import annotations

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
        roles = db.read(
            "SELECT role, COUNT(*) AS n FROM actor_roles INDEXED BY actor_roles_role"
            " WHERE actor_id = ? GROUP BY role ORDER BY n DESC, role",
            (row["id"],),
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
                roles=tuple(role for role, _ in roles),
            )
        )
    return result


# Where a spelling is given: (document key, 0 for a name or 1 for an alias, position
# among the actor's aliases in that document, rowid). Today's order of appearance is
# the first three; the rowid orders what they leave tied.
Place = tuple[int, int, int, int]


def _aliases(db: Database, actor_id: str, name: str) -> tuple[str, ...]:
    """Every other way the documents name the actor, in order of first appearance.

    One spelling per name up to case ("Police" opening a sentence is "police"): the
    last one in lower case if any is, else the first one.
    """
    own = name.casefold()
    seen: dict[str, str] = {own: name}
    latest: dict[str, Place] = {}  # where the lower-case spelling kept is last given
    spellings = _spellings(db, actor_id)
    for spelling, (_, last) in sorted(spellings.items(), key=lambda item: item[1][0]):
        key = spelling.casefold()
        seen.setdefault(key, spelling)
        if key != own and spelling.islower() and (key not in latest or last > latest[key]):
            seen[key] = spelling
            latest[key] = last
    return tuple(alias for key, alias in seen.items() if key != own)


def _spellings(db: Database, actor_id: str) -> dict[str, tuple[Place, Place]]:
    """Each distinct name and alias the documents give the actor, with the places it
    is first and last given (the last only for spellings in lower case, the only ones
    ``_aliases`` keeps by their last place; the first again for the others).

    Names come from the actor's variants (``actor_variants``, kept by the writer: a
    few rows however many documents), aliases from one scan of an index."""
    places: dict[str, tuple[Place, Place]] = {}

    def keep(spelling: str, first: Place, last: Place) -> None:
        if spelling in places:
            first, last = min(first, places[spelling][0]), max(last, places[spelling][1])
        places[spelling] = (first, last)

    named: list[tuple[str, int, int]] = []
    for name, kind, country, sector, first in db.read(
        "SELECT name, kind, country, sector, first_row FROM actor_variants WHERE actor_id = ?",
        (actor_id,),
    ):
        last = first
        if name.islower():
            last = db.read(
                "SELECT MAX(rowid) FROM document_actors INDEXED BY document_actors_variant"
                " WHERE actor_id = ? AND name = ? AND kind = ? AND country IS ? AND sector IS ?",
                (actor_id, name, kind, country, sector),
            )[0][0]
        named.append((name, first, last))
    keys = _document_keys(db, "document_actors", {r for row in named for r in row[1:]})
    for spelling, first, last in named:
        keep(spelling, (keys[first], 0, 0, first), (keys[last], 0, 0, last))
    aliases = db.read(
        "SELECT alias, MIN(rowid), MAX(rowid) FROM actor_aliases"
        " INDEXED BY actor_aliases_spelling WHERE actor_id = ? GROUP BY alias",
        (actor_id,),
    )
    keys = _document_keys(db, "actor_aliases", {r for row in aliases for r in row[1:]})
    for spelling, first, last in aliases:
        keep(
            spelling,
            _alias_place(db, actor_id, spelling, keys[first], first, "ASC"),
            _alias_place(db, actor_id, spelling, keys[last], last, "DESC"),
        )
    return places


def _document_keys(db: Database, table: str, rowids: set[int]) -> dict[int, int]:
    """The key of the document each of these rows of ``table`` belongs to."""
    found: dict[int, int] = {}
    ordered = sorted(rowids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        rows = db.read(
            f"SELECT t.rowid, d.key FROM {table} t JOIN documents d ON d.id = t.doc_id"
            f" WHERE t.rowid IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        found.update((int(row[0]), int(row[1])) for row in rows)
    return found


def _alias_place(
    db: Database, actor_id: str, alias: str, key: int, rowid: int, direction: str
) -> Place:
    """The first (``ASC``) or last (``DESC``) place the alias is given in the document
    of row ``rowid``."""
    position, row = db.read(
        "SELECT position, rowid FROM actor_aliases INDEXED BY actor_aliases_spelling"
        " WHERE actor_id = ? AND alias = ? AND doc_id = (SELECT doc_id FROM actor_aliases"
        f" WHERE rowid = ?) ORDER BY position {direction}, rowid {direction} LIMIT 1",
        (actor_id, alias, rowid),
    )[0]
    return (key, 1, position, row)


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
        " JOIN documents d INDEXED BY documents_id_published ON d.id = q.doc_id"
        " LEFT JOIN actors a ON a.id = q.speaker_id"
        " WHERE q.speaker_id = ? ORDER BY d.published IS NULL, d.published, d.key, q.position",
        (actor_id,),
    )
    return tuple(QuoteRow(*row) for row in rows)


def documents_of(db: Database, actor_id: str, limit: int | None = None) -> tuple[str, ...]:
    """The documents naming the actor, by publication date (undated last), then as
    stored; with ``limit``, the first that many.

    An actor named in a good share of the store's documents is found by walking the
    documents in that order until ``limit`` are found; another by sorting its own."""
    if limit is not None and limit <= 0:
        return ()
    if limit is not None and _walk_is_cheaper(db, actor_id, limit):
        return _first_documents(db, actor_id, limit)
    sql = (
        "SELECT da.doc_id FROM document_actors da INDEXED BY document_actors_actor"
        " JOIN documents d INDEXED BY documents_id_published ON d.id = da.doc_id"
        " WHERE da.actor_id = ? GROUP BY da.doc_id"
        " ORDER BY d.published IS NULL, d.published, d.key"
    )
    params: tuple[object, ...] = (actor_id,)
    if limit is not None:
        sql += " LIMIT ?"
        params += (limit,)
    return tuple(row[0] for row in db.read(sql, params))


# Sorting an actor's documents costs about this many times what stepping over one
# document of the store does (measured on 1,000,000 events: 3.5 and 0.7 microseconds).
_SORT_COST = 5


def _walk_is_cheaper(db: Database, actor_id: str, limit: int) -> bool:
    """Whether walking the store's documents in order finds the actor's first ``limit``
    sooner than sorting all of its own (a plan only: both give the same answer)."""
    row = db.read(
        "SELECT (SELECT documents FROM actors WHERE id = ?), (SELECT MAX(key) FROM documents)",
        (actor_id,),
    )[0]
    named, stored = row[0] or 0, row[1] or 0
    return named * named * _SORT_COST > limit * stored


def _first_documents(db: Database, actor_id: str, limit: int) -> tuple[str, ...]:
    found: list[str] = []
    for dated in ("d.published IS NOT NULL", "d.published IS NULL"):
        rows = db.read(
            f"SELECT d.id FROM documents d INDEXED BY documents_order WHERE {dated}"
            " AND EXISTS (SELECT 1 FROM document_actors da INDEXED BY document_actors_actor"
            " WHERE da.actor_id = ? AND da.doc_id = d.id)"
            " ORDER BY d.published, d.key LIMIT ?",
            (actor_id, limit - len(found)),
        )
        found.extend(row[0] for row in rows)
        if len(found) >= limit:
            break
    return tuple(found)
