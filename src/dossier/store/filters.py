"""Event filters to parameterised SQL, with a small planner choosing how to find rows.

Every value a user gives travels as a parameter; the only text spliced into SQL comes
from fixed strings here (sort orders, index names, column lists). Full-text queries are
rebuilt from the user's words (``fts_query``) so that no input is read as FTS5 syntax.

SQLite's own planner knows only average selectivities (one actor is in 400 events on
average, so it always starts from the actor's events, even for a gang that is in a
fifth of the store). The planner here uses what the store knows exactly or cheaply
(events per actor, the span of dates held, the number of events) to pick between:

- **a driving set**: start from the smallest candidate set (an actor's events, the
  full-text matches, the events overlapping a short period, a document's events),
  check the other filters on each, sort;
- **an ordered scan**: walk the date index in the requested order and stop at the
  limit; with ``since``, the events that began before ``since`` and still run on it
  (an R*Tree stabbing query) come first, then the index range from ``since``.

Both give the same rows in the same order; only the time differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dossier.errors import InputError, Messages
from dossier.store.database import Database
from dossier.store.names import day_end, day_start

SORTS = {
    "date": "e.date_start, e.date_end, e.key",
    "-date": "e.date_start DESC, e.date_end DESC, e.key DESC",
    "killed": "e.killed IS NULL, e.killed DESC, e.date_start, e.date_end, e.key",
    "confidence": "e.confidence DESC, e.date_start, e.date_end, e.key",
    "doc": "e.doc_id, e.position",
}
SELECT = (
    "SELECT e.*, d.title, d.source, d.published FROM events e{index}"
    " JOIN documents d ON d.id = e.doc_id"
)
TEXT_ESTIMATE = 5_000  # full-text matches, assumed: counting them costs as much as finding them
TYPES = 16  # PLOVER event types, for the share of events one type holds
GUESS = 0.3  # the share of events a filter without statistics keeps


@dataclass(frozen=True)
class EventFilter:
    """What ``KnowledgeBase.events`` selects. Empty tuples and ``None`` select everything.

    ``actor``, ``recipient`` and ``involving`` hold store actor ids (resolved from names
    by ``lookup.resolve``); ``since`` and ``until`` are partial ISO dates and select
    events whose span overlaps them; ``text`` is a full-text query over evidence.
    """

    actor: tuple[str, ...] | None = None
    recipient: tuple[str, ...] | None = None
    involving: tuple[str, ...] | None = None
    type: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    min_killed: int | None = None
    hedged: bool | None = None
    text: str | None = None
    doc: tuple[str, ...] = ()
    dated: bool = False
    limit: int | None = None
    sort: str = "date"


@dataclass(frozen=True)
class Sql:
    text: str
    params: tuple[object, ...]


@dataclass(frozen=True)
class Facts:
    """What the planner knows about the store: cheap to read, exact enough to choose."""

    total: int
    first_day: str | None = None
    last_day: str | None = None
    actor_events: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Condition:
    """One filter: as a per-row check, and (if it can) as a set of event keys to start from."""

    check: str
    params: tuple[object, ...]
    driver: str | None = None
    driver_params: tuple[object, ...] = ()
    estimate: float | None = None  # rows in the driving set
    share: float = GUESS  # share of all events the check keeps
    name: str = ""


def _marks(values: tuple[object, ...]) -> str:
    return ", ".join("?" * len(values))


def julian_day(day: str | None) -> int:
    """The whole Julian day number of an ISO day, as ``event_spans`` stores it."""
    return date.fromisoformat(day or "").toordinal() + 1721424


def facts(db: Database, query: EventFilter) -> Facts:
    total = db.read("SELECT MAX(key) FROM events")[0][0] or 0
    first = last = None
    if query.since or query.until:
        first = db.read("SELECT MIN(date_start) FROM events")[0][0]
        last = db.read("SELECT MAX(date_start) FROM events")[0][0]
    ids = tuple({*(query.actor or ()), *(query.recipient or ()), *(query.involving or ())})
    counts: dict[str, int] = {}
    if ids:
        rows = db.read(f"SELECT id, events FROM actors WHERE id IN ({_marks(ids)})", ids)
        counts = {row[0]: row[1] for row in rows}
    return Facts(total, first, last, counts)


def conditions(query: EventFilter, known: Facts) -> list[Condition] | None:
    """The filter's conditions, or ``None`` when it cannot match anything."""
    total = max(known.total, 1)
    found: list[Condition] = []
    for role, ids in (
        ("actor", query.actor),
        ("recipient", query.recipient),
        (None, query.involving),
    ):
        if ids is None:
            continue
        if not ids:
            return None
        role_sql = "" if role is None else "role = ? AND "
        role_check = "" if role is None else "ea.role = ? AND "
        role_params: tuple[object, ...] = () if role is None else (role,)
        estimate = sum(known.actor_events.get(i, 0) for i in ids)
        found.append(
            Condition(
                check="EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_key = e.key AND"
                f" {role_check}ea.actor_id IN ({_marks(ids)}))",
                params=(*role_params, *ids),
                driver=f"SELECT event_key FROM event_actors WHERE {role_sql}"
                f"actor_id IN ({_marks(ids)})",
                driver_params=(*role_params, *ids),
                estimate=estimate,
                share=estimate / total,
            )
        )
    types = tuple(v.upper() for v in query.type)
    for column, values, share in (
        ("type", types, len(types) / TYPES),
        ("mode", query.mode, GUESS),
        ("country", tuple(v.upper() for v in query.country), GUESS),
    ):
        if values:
            found.append(
                Condition(f"+e.{column} IN ({_marks(values)})", values, share=share, name=column)
            )
    if query.doc:
        found.append(
            Condition(
                f"+e.doc_id IN ({_marks(query.doc)})",
                query.doc,
                driver=f"SELECT key FROM events WHERE doc_id IN ({_marks(query.doc)})",
                driver_params=query.doc,
                estimate=50 * len(query.doc),
                share=50 * len(query.doc) / total,
            )
        )
    if query.context:
        found.append(
            Condition(
                "EXISTS (SELECT 1 FROM event_contexts c WHERE c.event_key = e.key"
                f" AND c.context IN ({_marks(query.context)}))",
                query.context,
            )
        )
    if query.min_killed is not None:
        found.append(Condition("+e.killed >= ?", (query.min_killed,), share=0.1))
    if query.hedged is not None:
        found.append(Condition("+e.hedged = ?", (int(query.hedged),), share=0.5))
    if query.text is not None:
        match = fts_query(query.text)
        if not match:
            return None
        keys = "SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ?"
        found.append(
            Condition(
                f"e.key IN ({keys})",
                (match,),
                driver=keys,
                driver_params=(match,),
                estimate=TEXT_ESTIMATE,
                share=TEXT_ESTIMATE / total,
            )
        )
    return found


def _period(query: EventFilter, known: Facts) -> Condition | None:
    """The ``since``/``until`` overlap as a condition, with the events it likely holds."""
    if not (query.since or query.until):
        return None
    since, until = day_start(query.since), day_end(query.until)
    checks, params, spans, span_params = [], [], [], []
    if since:
        checks.append("e.date_end >= ?")
        params.append(since)
        spans.append("last_day >= ?")
        span_params.append(julian_day(since))
    if until:
        checks.append("e.date_start <= ?")
        params.append(until)
        spans.append("first_day <= ?")
        span_params.append(julian_day(until))
    estimate = float(known.total)
    if known.first_day and known.last_day:
        first, last = julian_day(known.first_day), julian_day(known.last_day)
        low = max(first, julian_day(since)) if since else first
        high = min(last, julian_day(until)) if until else last
        estimate = known.total * max(high - low + 31, 1) / max(last - first + 31, 1)
    return Condition(
        " AND ".join(checks),
        tuple(params),
        driver=f"SELECT event_key FROM event_spans WHERE {' AND '.join(spans)}",
        driver_params=tuple(span_params),
        estimate=estimate,
        share=min(estimate / max(known.total, 1), 1.0),
    )


def event_statements(query: EventFilter, known: Facts, plan: str | None = None) -> list[Sql]:
    """The SELECTs whose rows, concatenated and cut to the limit, answer ``query``.

    ``plan`` forces ``scan`` or ``driven`` (tests compare them); by default the cheaper
    one by the estimates is chosen.
    """
    if query.sort not in SORTS:
        raise InputError(
            Messages.E111.format(what="sort", value=query.sort, choices=", ".join(SORTS))
        )
    found = conditions(query, known)
    if found is None or query.limit == 0:
        return []
    period = _period(query, known)
    if query.dated:
        found.append(Condition("e.date_start IS NOT NULL", (), share=1.0))
    drivers = [c for c in (*found, *([period] if period else [])) if c.estimate is not None]
    best = min(drivers, key=lambda c: c.estimate or 0.0, default=None)
    if plan == "scan" and query.sort in ("date", "-date"):
        return _ordered_scan(query, found)
    if plan is None and query.sort in ("date", "-date") and query.limit is not None:
        share = 1.0
        for condition in found:
            share *= condition.share
        in_period = period.estimate if period and period.estimate else float(known.total)
        scan = min(in_period, query.limit / max(share, 1e-9))
        if best is None or best.estimate is None or scan < best.estimate:
            return _ordered_scan(query, found)
    return [_driven(query, found, period, best)]


def _driven(
    query: EventFilter, found: list[Condition], period: Condition | None, best: Condition | None
) -> Sql:
    where: list[str] = []
    params: list[object] = []
    for condition in (*found, *([period] if period else [])):
        if condition is best and best.driver is not None:
            where.append(f"e.key IN ({best.driver})")
            params.extend(best.driver_params)
        else:
            where.append(condition.check)
            params.extend(condition.params)
    return _statement(query, where, params, index="")


def _ordered_scan(query: EventFilter, found: list[Condition]) -> list[Sql]:
    """Walk the date index (or the type-and-date index for one type) in sort order."""
    index = " INDEXED BY events_date"
    where: list[str] = []
    params: list[object] = []
    for condition in found:
        if condition.name == "type" and len(condition.params) == 1:
            index = " INDEXED BY events_type_date"
            where.append("e.type = ?")
        else:
            where.append(condition.check)
        params.extend(condition.params)
    since, until = day_start(query.since), day_end(query.until)
    ranged, ranged_params = list(where), list(params)
    if since:
        ranged.append("e.date_start >= ?")
        ranged_params.append(since)
    if until:
        ranged.append("e.date_start <= ?")
        ranged_params.append(until)
    statements = [_statement(query, ranged, ranged_params, index)]
    if since:  # begun before ``since`` and still running then: they sort before the range
        point = julian_day(since)
        where.append(
            "e.key IN (SELECT event_key FROM event_spans WHERE first_day < ? AND last_day >= ?)"
        )
        params.extend((point, point))
        if until:
            where.append("e.date_start <= ?")
            params.append(until)
        straddling = _statement(query, where, params, index="")
        statements.insert(0 if query.sort == "date" else 1, straddling)
    return statements


def _statement(query: EventFilter, where: list[str], params: list[object], index: str) -> Sql:
    sql = SELECT.format(index=index)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {SORTS[query.sort]}"
    if query.limit is not None:
        sql += " LIMIT ?"
        params = [*params, max(query.limit, 0)]
    return Sql(sql, tuple(params))


_WORDS = re.compile(r'"([^"]*)"|(\S+)')


def fts_query(text: str) -> str:
    """An FTS5 query matching every word of ``text``, safe whatever ``text`` holds.

    Words are ANDed; ``"two words"`` is a phrase; a trailing ``*`` asks for a prefix.
    Everything else (``NEAR``, ``OR``, parentheses, column filters, quotes) is searched
    as plain words: each word goes into the query as a quoted FTS5 string.
    """
    parts: list[str] = []
    for match in _WORDS.finditer(text):
        phrase, word = match.group(1), match.group(2)
        raw = phrase if phrase is not None else word
        prefix = phrase is None and raw.endswith("*")
        raw = raw.rstrip("*") if prefix else raw
        if not any(char.isalnum() for char in raw):
            continue
        parts.append('"' + raw.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(parts)
