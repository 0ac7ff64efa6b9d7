"""Events straight from a Parquet dataset, through DuckDB: ``dossier events --parquet``.

For stores too big for SQLite, the same filters as ``KnowledgeBase.events`` are
answered by DuckDB over the dataset's files, and the same ``EventRow`` records come
back, so every output format is the same. Actor names resolve as in the store
(``store/lookup.py``): an exact merged id; else a merged actor's normalised name or a
name a document gives it; else an alias; else the actors whose words hold every word
of the name; the most active first. Merged ids and names come from the reduce step's
tables (``actor_ids``, ``actors_merged``), so they are the ids a loaded store shows.

Two differences from the store, both documented in docs/scale.md: ``text`` matches
whole words (and ``word*`` prefixes, ``"two words"`` phrases) in the evidence sentence
with accents and case folded, by regular expression rather than FTS5; and events
with the same dates sort in dataset order (partition, document, event), which is the
store's order when the store was loaded from this dataset alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from dossier.errors import InputError, Messages
from dossier.read.dates import parse_date
from dossier.scale.dataset import Dataset
from dossier.store.filters import SORTS
from dossier.store.names import day_end, day_start, normalise
from dossier.store.rows import EventRow, Results

Many = str | Iterable[str] | None


def _many(value: Many) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


_KEY = "d.partition, d.position, e.position"
ORDERS = {
    "date": f"e.date_start NULLS FIRST, e.date_end NULLS FIRST, {_KEY}",
    "-date": "e.date_start DESC NULLS LAST, e.date_end DESC NULLS LAST,"
    " d.partition DESC, d.position DESC, e.position DESC",
    "killed": "e.killed IS NULL, e.killed DESC NULLS LAST, e.date_start NULLS FIRST,"
    f" e.date_end NULLS FIRST, {_KEY}",
    "confidence": f"e.confidence DESC, e.date_start NULLS FIRST, e.date_end NULLS FIRST, {_KEY}",
    "doc": "e.doc_id, e.position",
}
_WORDS = re.compile(r'"([^"]*)"|(\S+)')
_EDGE = r"[^\pL\pN]"  # what separates words, as FTS5's tokenizer splits them


def text_pattern(text: str) -> list[str]:
    """One regular expression per word or quoted phrase of ``text``; all must match.

    Words are matched whole in the accent- and case-folded sentence; ``word*`` matches
    words starting with ``word``. Anything else in ``text`` is plain words, as in
    ``store.filters.fts_query``.
    """
    patterns = []
    for match in _WORDS.finditer(text):
        phrase, word = match.group(1), match.group(2)
        raw = phrase if phrase is not None else word
        prefix = phrase is None and raw.endswith("*")
        words = normalise(raw.rstrip("*") if prefix else raw).split()
        if not words:
            continue
        body = f"{_EDGE}+".join(words)  # normalise leaves only letters, digits, spaces
        end = "" if prefix else f"($|{_EDGE})"
        patterns.append(f"(^|{_EDGE}){body}{end}")
    return patterns


class ParquetEvents:
    """A DuckDB connection over one finished dataset, with its tables as views."""

    def __init__(self, root: Path):
        self.dataset = Dataset.open(root)
        self.dataset.require_complete()
        self.path = root
        self.db = duckdb.connect()
        try:
            for name in ("events", "documents", "actor_ids", "actors_merged"):
                self.db.read_parquet(self.dataset.glob(name)).create_view(name)
        except duckdb.Error as exc:
            raise InputError(Messages.E181.format(path=root, detail=exc)) from exc
        self._activity: bool = False

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ParquetEvents:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read(self, sql: str, params: Iterable[object] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.db.execute(sql, list(params)).fetchall()
        except duckdb.Error as exc:
            raise InputError(Messages.E181.format(path=self.path, detail=exc)) from exc

    def _ensure_activity(self) -> None:
        """How many events and documents each merged actor is in, for ordering matches."""
        if self._activity:
            return
        self._read(
            "CREATE TEMP TABLE activity AS SELECT m.actor_id, COUNT(DISTINCT e.event_id) AS events"
            " FROM events e JOIN actor_ids m ON m.doc_id = e.doc_id"
            " AND list_contains(list_concat(e.actor, e.recipient), m.local_id)"
            " GROUP BY m.actor_id"
        )
        self._activity = True

    def resolve(self, name: str) -> tuple[str, ...]:
        """The merged ids of the actors ``name`` designates, most active first."""
        if self._read("SELECT 1 FROM actors_merged WHERE id = ?", [name]):
            return (name,)
        norm = normalise(name)
        if not norm:
            return ()
        words = sorted(set(norm.split()))
        steps: tuple[tuple[str, list[object]], ...] = (
            (
                "SELECT id FROM actors_merged WHERE norm_name = $1"
                " UNION SELECT actor_id FROM actor_ids WHERE norm_name = $1",
                [norm],
            ),
            ("SELECT id FROM actors_merged WHERE list_contains(alias_norms, $1)", [norm]),
            ("SELECT id FROM actors_merged WHERE list_has_all(words, $1)", [words]),
        )
        self._ensure_activity()
        for sql, params in steps:
            found = self._read(
                "SELECT a.id FROM actors_merged a LEFT JOIN activity t ON t.actor_id = a.id"
                f" WHERE a.id IN ({sql})"
                " ORDER BY coalesce(t.events, 0) DESC, a.documents DESC, a.id",
                params,
            )
            if found:
                return tuple(row[0] for row in found)
        return ()

    def events(
        self,
        *,
        actor: str | None = None,
        recipient: str | None = None,
        involving: str | None = None,
        type: Many = None,
        mode: Many = None,
        context: Many = None,
        country: Many = None,
        since: str | None = None,
        until: str | None = None,
        min_killed: int | None = None,
        hedged: bool | None = None,
        text: str | None = None,
        doc: Many = None,
        limit: int | None = None,
        sort: str = "date",
    ) -> Results[EventRow]:
        """Events matching every filter given, as ``KnowledgeBase.events`` returns them."""
        if sort not in ORDERS or sort not in SORTS:
            raise InputError(
                Messages.E111.format(what="sort", value=sort, choices=", ".join(SORTS))
            )
        where: list[str] = []
        params: list[object] = []
        for role, name in (("actor", actor), ("recipient", recipient), (None, involving)):
            if name is None:
                continue
            ids = list(self.resolve(name))
            if not ids:
                return Results([], EventRow)
            side = "list_concat(e.actor, e.recipient)" if role is None else f"e.{role}"
            where.append(
                "EXISTS (SELECT 1 FROM actor_ids m WHERE m.doc_id = e.doc_id"
                f" AND list_contains({side}, m.local_id) AND list_contains(?, m.actor_id))"
            )
            params.append(ids)
        for column, values in (
            ("e.type", [v.upper() for v in _many(type)]),
            ("e.mode", _many(mode)),
            ('e."where".country', [v.upper() for v in _many(country)]),
            ("e.doc_id", _many(doc)),
        ):
            if values:
                where.append(f"list_contains(?, {column})")
                params.append(values)
        if _many(context):
            where.append("list_has_any(e.context, ?)")
            params.append(_many(context))
        if min_killed is not None:
            where.append("e.killed >= ?")
            params.append(min_killed)
        if hedged is not None:
            where.append("e.modality.hedged = ?")
            params.append(hedged)
        if since is not None:
            where.append("e.date_end >= ?")
            params.append(day_start(parse_date(since)))
        if until is not None:
            where.append("e.date_start <= ?")
            params.append(day_end(parse_date(until)))
        if text is not None:
            patterns = text_pattern(text)
            if not patterns:
                return Results([], EventRow)
            for pattern in patterns:
                where.append("regexp_matches(strip_accents(lower(e.sentence)), ?)")
                params.append(pattern)
        if limit == 0:
            return Results([], EventRow)
        sql = (
            "SELECT e.*, d.title, d.source, d.published FROM events e"
            " JOIN documents d ON d.doc_id = e.doc_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {ORDERS[sort]}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        cursor = self._cursor(sql, params)
        columns = [d[0] for d in cursor.description or ()]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        return Results(self._event_rows(rows), EventRow)

    def _cursor(self, sql: str, params: list[object]) -> duckdb.DuckDBPyConnection:
        try:
            return self.db.execute(sql, params)
        except duckdb.Error as exc:
            raise InputError(Messages.E181.format(path=self.path, detail=exc)) from exc

    def _event_rows(self, rows: list[dict[str, Any]]) -> list[EventRow]:
        merged: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
        doc_ids = sorted({row["doc_id"] for row in rows})
        if doc_ids:
            for doc_id, local_id, actor_id, name in self._read(
                "SELECT m.doc_id, m.local_id, m.actor_id, a.name FROM actor_ids m"
                " JOIN actors_merged a ON a.id = m.actor_id WHERE list_contains(?, m.doc_id)",
                [doc_ids],
            ):
                merged[doc_id][local_id] = (actor_id, name)
        return [_event_row(row, merged[row["doc_id"]]) for row in rows]


def _event_row(row: dict[str, Any], merged: dict[str, tuple[str, str]]) -> EventRow:
    when, where, money = row["when"], row["where"] or {}, row["money"] or {}
    modality, evidence = row["modality"], row["evidence"]
    actors = [merged[local] for local in row["actor"] if local in merged]
    recipients = [merged[local] for local in row["recipient"] if local in merged]
    (s_start, s_end), (t_start, t_end) = evidence["sentence"], evidence["trigger"]
    return EventRow(
        id=row["event_id"],
        doc_id=row["doc_id"],
        local_id=row["id"],
        type=row["type"],
        mode=row["mode"],
        context=tuple(row["context"]),
        actor=tuple(a for a, _ in actors),
        actor_names=tuple(n for _, n in actors),
        recipient=tuple(a for a, _ in recipients),
        recipient_names=tuple(n for _, n in recipients),
        date_start=row["date_start"],
        date_end=row["date_end"],
        when_start=when["start"],
        when_end=when["end"],
        precision=when["precision"],
        when_text=when["text"],
        place=where.get("name"),
        country=where.get("country"),
        admin1=where.get("admin1"),
        lat=where.get("lat"),
        lon=where.get("lon"),
        place_precision=where.get("precision"),
        killed=row["killed"],
        injured=row["injured"],
        arrested=row["arrested"],
        money_amount=money.get("amount"),
        money_currency=money.get("currency"),
        negated=bool(modality["negated"]),
        hypothetical=bool(modality["hypothetical"]),
        future=bool(modality["future"]),
        historical=bool(modality["historical"]),
        hedged=bool(modality["hedged"]),
        attribution=tuple(row["attribution"]),
        sentence_start=s_start,
        sentence_end=s_end,
        trigger_start=t_start,
        trigger_end=t_end,
        sentence=row["sentence"],
        trigger=row["trigger"],
        confidence=row["confidence"],
        title=row["title"],
        source=row["source"],
        published=row["published"],
    )
