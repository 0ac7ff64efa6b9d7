"""The JSON API: ``/api/...``, the same questions the pages ask, as data.

Every route reads through ``KnowledgeBase`` (parameterised queries only); the event
routes take the CLI's filters (``dossier.web.params``). The OpenAPI schema at
``/openapi.json`` documents them.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, UploadFile

from dossier.errors import InputError, Messages
from dossier.kb import KnowledgeBase
from dossier.store.query import events as query_events
from dossier.store.rows import EventRow, Stats, row_dict
from dossier.web.app import State, state
from dossier.web.params import EventParams, event_params

router = APIRouter(prefix="/api", tags=["api"])
StateDep = Annotated[State, Depends(state)]
ParamsDep = Annotated[EventParams, Depends(event_params)]
MAX_POINTS = 5000  # events drawn at most by the timeline, network and map
# Events of each role, and documents, in an actor profile (/api/events has all events,
# the actor's ``documents`` counts all documents).
PROFILE_EVENTS = 200


@dataclass(frozen=True)
class Page:
    """One page of events, and whether more follow."""

    rows: list[EventRow]
    has_more: bool


def events_page(kb: KnowledgeBase, params: EventParams) -> Page:
    """The events of ``params``' page (the store has no offset: read up to the page)."""
    end = params.page * params.per_page
    rows = kb.events(**params.filters(), limit=end + 1)
    return Page(list(rows[end - params.per_page : end]), len(rows) > end)


def drawn_events(kb: KnowledgeBase, params: EventParams, *, dated: bool) -> list[EventRow]:
    """The events a chart draws: the filters of ``params``, at most ``MAX_POINTS``."""
    query = kb.event_filter(**params.filters(), limit=MAX_POINTS)
    return query_events(kb.db, dataclasses.replace(query, dated=dated))


def chart(
    found: State, name: str, params: EventParams, draw: Callable[[KnowledgeBase], Any]
) -> Any:
    """A chart's data; without filters (a scan of the store), kept until the store changes."""
    if params == EventParams():
        return found.kept(("chart", name), draw)
    with found.store() as kb:
        return draw(kb)


def actor_facts(kb: KnowledgeBase, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """The kind and sector of these actors, by id (parameterised, in chunks)."""
    wanted = list(ids)
    facts: dict[str, tuple[str, str | None]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for ident, kind, sector in kb.db.read(
            f"SELECT id, kind, sector FROM actors WHERE id IN ({marks})", chunk
        ):
            facts[ident] = (kind, sector)
    return facts


@lru_cache(maxsize=1)
def _ontology() -> dict[str, Any]:
    source = resources.files("dossier").joinpath("data/events/ontology.yaml")
    loaded: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))
    return loaded["types"]


def event_types() -> list[str]:
    """PLOVER's sixteen event types, in the ontology's order."""
    return list(_ontology())


def score(row: EventRow) -> float:
    """PLOVER's conflict (-10) to cooperation (+10) score of the event's type and mode."""
    entry = _ontology().get(row.type, {})
    mode_score = (entry.get("modes") or {}).get(row.mode) if row.mode else None
    value = mode_score if mode_score is not None else entry.get("score", 0.0)
    return float(value or 0.0)


def network(kb: KnowledgeBase, rows: list[EventRow]) -> dict[str, Any]:
    """Actors as nodes (sized by events), actor-recipient pairs as scored edges."""
    events_of: Counter[str] = Counter()
    names: dict[str, str] = {}
    edges: dict[tuple[str, str], list[EventRow]] = {}
    for row in rows:
        for ident, name in zip(row.actor + row.recipient, row.actor_names + row.recipient_names,
                               strict=False):
            events_of[ident] += 1
            names[ident] = name
        for source in row.actor:
            for target in row.recipient:
                if source != target:
                    edges.setdefault((source, target), []).append(row)
    facts = actor_facts(kb, names)
    nodes = [
        {
            "id": ident,
            "name": names[ident],
            "events": count,
            "sector": facts[ident][1] if ident in facts else None,
            "kind": facts[ident][0] if ident in facts else None,
        }
        for ident, count in events_of.most_common()
    ]
    links = []
    for (source, target), found in edges.items():
        mean = sum(score(row) for row in found) / len(found)
        links.append(
            {
                "source": source,
                "target": target,
                "events": len(found),
                "score": round(mean, 2),
                "kind": "cooperation" if mean > 0 else "conflict",
                "types": sorted({row.type for row in found}),
            }
        )
    return {"nodes": nodes, "edges": links}


def timeline_item(row: EventRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "type": row.type,
        "start": row.date_start,
        "end": row.date_end,
        "precision": row.precision,
        "when_text": row.when_text,
        "actor_names": list(row.actor_names),
        "recipient_names": list(row.recipient_names),
        "killed": row.killed,
        "trigger": row.trigger,
    }


def map_item(row: EventRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "type": row.type,
        "lat": row.lat,
        "lon": row.lon,
        "place": row.place,
        "country": row.country,
        "precision": row.place_precision,
        "date": row.date_start,
        "killed": row.killed,
    }


@router.get("/events", summary="Events matching the filters, one page at a time")
def api_events(found: StateDep, params: ParamsDep) -> dict[str, Any]:
    with found.store() as kb:
        page = events_page(kb, params)
    return {
        "page": params.page,
        "per_page": params.per_page,
        "has_more": page.has_more,
        "events": [row_dict(row) for row in page.rows],
    }


@router.get("/events/{event_id}", summary="One event, with the spans of its evidence")
def api_event(event_id: str, found: StateDep) -> dict[str, Any]:
    with found.store() as kb:
        row = kb.event(event_id)
        if row is None:
            raise HTTPException(404, Messages.E114.format(event=event_id, path=kb.path))
        marks = kb.marks(row)
    return row_dict(row) | {"marks": [row_dict(mark) for mark in marks]}


@router.get("/actors", summary="Actors, most events first")
def api_actors(
    found: StateDep,
    name: str | None = None,
    kind: str | None = None,
    country: str | None = None,
    sector: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    with found.store() as kb:
        rows = kb.actors(name or None, kind=kind or None, country=country or None,
                         sector=sector or None, limit=limit)
    return rows.to_dicts()


@router.get(
    "/actors/{actor}",
    summary="Everything about one actor (id, name or alias), its first events and documents",
)
def api_actor(actor: str, found: StateDep) -> dict[str, Any]:
    with found.store() as kb:
        profile = kb.actor(actor, limit=PROFILE_EVENTS)
        if profile is None:
            raise HTTPException(404, Messages.E115.format(name=actor, path=kb.path))
    return row_dict(profile) | {"events_limit": PROFILE_EVENTS,
                                "documents_limit": PROFILE_EVENTS}


@router.get("/timeline", summary="Dated events as spans, for the timeline")
def api_timeline(found: StateDep, params: ParamsDep) -> dict[str, Any]:
    def draw(kb: KnowledgeBase) -> dict[str, Any]:
        rows = drawn_events(kb, params, dated=True)
        return {"events": [timeline_item(row) for row in rows], "limit": MAX_POINTS}

    answer: dict[str, Any] = chart(found, "timeline", params, draw)
    return answer


@router.get("/network", summary="Actors and the events between them")
def api_network(found: StateDep, params: ParamsDep) -> dict[str, Any]:
    def draw(kb: KnowledgeBase) -> dict[str, Any]:
        return network(kb, drawn_events(kb, params, dated=False))

    answer: dict[str, Any] = chart(found, "network", params, draw)
    return answer


@router.get("/map", summary="Events with coordinates, for the map")
def api_map(found: StateDep, params: ParamsDep) -> dict[str, Any]:
    def draw(kb: KnowledgeBase) -> dict[str, Any]:
        rows = drawn_events(kb, params, dated=False)
        return {"events": [map_item(row) for row in rows if row.lat is not None
                           and row.lon is not None]}

    answer: dict[str, Any] = chart(found, "map", params, draw)
    return answer


@router.get("/search", summary="Full text over documents and evidence sentences")
def api_search(
    found: StateDep,
    q: Annotated[str, Query(description="Words; \"a phrase\"; prefix*")] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[dict[str, Any]]:
    with found.store() as kb:
        return kb.search(q, limit).to_dicts()


@router.get("/stats", summary="Totals and breakdowns by type, month, country and actor")
def api_stats(found: StateDep) -> dict[str, Any]:
    stats: Stats = found.kept("stats", KnowledgeBase.stats)
    return stats.to_dict()


@router.get("/documents", summary="Stored documents, without their text")
def api_documents(
    found: StateDep, limit: Annotated[int, Query(ge=1, le=10000)] = 1000
) -> list[dict[str, Any]]:
    with found.store() as kb:
        return kb.documents(limit=limit).to_dicts()


@router.post("/uploads", summary="Add articles: ingested in the background")
def api_upload(
    found: StateDep,
    files: Annotated[list[UploadFile] | None, File()] = None,
    text: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
) -> dict[str, Any]:
    uploads = read_uploads(files or [], text, title)
    return found.jobs.start(uploads).to_dict()


@router.get("/uploads/{job_id}", summary="The progress of an upload")
def api_upload_status(job_id: str, found: StateDep) -> dict[str, Any]:
    return found.jobs.get(job_id).to_dict()


def read_uploads(files: list[UploadFile], text: str, title: str) -> list[tuple[str, bytes]]:
    """The uploaded files and the pasted text as (name, bytes); reads at most a little
    more than the size limit of each file, so a huge upload is refused, not stored."""
    from dossier.web.uploads import MAX_BYTES, safe_name

    uploads: list[tuple[str, bytes]] = []
    for upload in files:
        if upload.filename:
            uploads.append((upload.filename, upload.file.read(MAX_BYTES + 1)))
    if text.strip():
        name = safe_name(title.strip() or "pasted", "pasted") + ".txt"
        uploads.append((name, text.encode("utf-8")))
    if not uploads:
        raise InputError(Messages.E165)
    return uploads
