"""The HTML pages: server-rendered with Jinja2 (autoescape on), one route per view.

Pages read the same helpers as the API (``dossier.web.api``); values reach the HTML
only through the templates' escaping or through ``highlight`` (escape, then wrap).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dossier.cli.render import type_label, when_label
from dossier.errors import Messages
from dossier.kb import KnowledgeBase
from dossier.store.rows import EventRow
from dossier.web.api import event_types, events_page
from dossier.web.app import State, error_page, state
from dossier.web.highlight import Span, highlight, snippet
from dossier.web.params import SORTS, EventParams, event_params
from dossier.web.uploads import MAX_BYTES, SUFFIXES

router = APIRouter(include_in_schema=False)
StateDep = Annotated[State, Depends(state)]
ParamsDep = Annotated[EventParams, Depends(event_params)]
MAX_LISTED = 200  # events of each role and documents listed on an actor's page
DYADS = 15  # actor pairs on the dashboard
DYADS_STALE = 60.0  # seconds they may lag behind writes: seconds to count on 1M events


def document_titles(kb: KnowledgeBase, doc_ids: tuple[str, ...]) -> dict[str, str | None]:
    """The titles of these documents (one parameterised query)."""
    if not doc_ids:
        return {}
    marks = ", ".join("?" * len(doc_ids))
    rows = kb.db.read(f"SELECT id, title FROM documents WHERE id IN ({marks})", doc_ids)
    return {row[0]: row[1] for row in rows}


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    found = state(request)
    context |= {"when_label": when_label, "type_label": type_label}
    return found.templates.TemplateResponse(request, template, context)


@router.get("/")
def home() -> Response:
    return RedirectResponse("/events", status_code=303)


@router.get("/favicon.ico")
def favicon() -> Response:
    return RedirectResponse("/static/icon.svg", status_code=308)


@router.get("/events")
def events(request: Request, found: StateDep, params: ParamsDep) -> HTMLResponse:
    with found.store() as kb:
        page = events_page(kb, params)
    return render(request, "events.html", page=page, params=params, types=event_types(),
                  sorts=SORTS, title="Events")


def event_spans(row: EventRow, marks: tuple[Any, ...]) -> list[Span]:
    """The evidence sentence and its marks, as spans of the whole text."""
    base = row.sentence_start
    spans = [Span(row.sentence_start, row.sentence_end, "evidence", "evidence")]
    spans.extend(Span(base + m.start, base + m.end, m.role) for m in marks)
    return spans


@router.get("/events/{event_id}")
def event(request: Request, event_id: str, found: StateDep) -> HTMLResponse:
    with found.store() as kb:
        row = kb.event(event_id)
        if row is None:
            return error_page(request, 404, Messages.E114.format(event=event_id, path=kb.path))
        marks = kb.marks(row)
        extraction = kb.extraction(row.doc_id)
        siblings = kb.events(doc=row.doc_id, sort="doc")
    text = extraction.document.text if extraction else row.sentence
    spans = event_spans(row, marks) if extraction else [
        Span(m.start, m.end, m.role) for m in marks
    ]
    sentence = highlight(row.sentence, [Span(m.start, m.end, m.role) for m in marks])
    return render(request, "event.html", row=row, article=highlight(text, spans),
                  sentence=sentence, siblings=siblings, title=f"Event {row.id}")


@router.get("/search")
def search(
    request: Request, found: StateDep, q: Annotated[str, Query()] = ""
) -> HTMLResponse:
    with found.store() as kb:
        hits = kb.search(q, 50) if q.strip() else []
    shown = [(hit, snippet(hit.snippet)) for hit in hits]
    return render(request, "search.html", q=q, hits=shown, title="Search")


@router.get("/actors")
def actors(
    request: Request, found: StateDep, name: Annotated[str, Query()] = ""
) -> HTMLResponse:
    with found.store() as kb:
        rows = kb.actors(name.strip() or None, limit=200)
    return render(request, "actors.html", rows=rows, name=name, title="Actors")


@router.get("/actors/{actor}")
def actor(request: Request, actor: str, found: StateDep) -> HTMLResponse:
    with found.store() as kb:
        profile = kb.actor(actor, limit=MAX_LISTED)
        if profile is None:
            return error_page(request, 404, Messages.E115.format(name=actor, path=kb.path))
        titles = document_titles(kb, profile.doc_ids[:MAX_LISTED])
    return render(request, "actor.html", profile=profile, titles=titles, listed=MAX_LISTED,
                  title=profile.actor.name)


@router.get("/documents")
def documents(request: Request, found: StateDep) -> HTMLResponse:
    with found.store() as kb:
        rows = kb.documents()
    return render(request, "documents.html", rows=rows, title="Documents")


@router.get("/documents/{doc_id}")
def document(request: Request, doc_id: str, found: StateDep) -> HTMLResponse:
    with found.store() as kb:
        extraction = kb.extraction(doc_id)
        if extraction is None:
            return error_page(request, 404, f"no document '{doc_id}'")
        rows = kb.events(doc=doc_id, sort="doc")
    spans: list[Span] = []
    for index, row in enumerate(rows):
        spans.append(Span(row.trigger_start, row.trigger_end, "trigger", f"ev-{index}"))
    for found_actor in extraction.actors:
        spans.extend(Span(a, b, "mention") for a, b in found_actor.mentions)
    spans.extend(Span(t.span[0], t.span[1], "timex") for t in extraction.timexes)
    spans.extend(Span(q.span[0], q.span[1], "quote") for q in extraction.quotes)
    spans.extend(Span(q.span[0], q.span[1], "figure") for q in extraction.quantities)
    text = highlight(extraction.document.text, spans)
    return render(request, "document.html", extraction=extraction, rows=rows, text=text,
                  title=extraction.document.title or doc_id)


@router.get("/timeline")
def timeline(request: Request, params: ParamsDep) -> HTMLResponse:
    return render(request, "timeline.html", params=params, title="Timeline")


@router.get("/network")
def network(request: Request, params: ParamsDep) -> HTMLResponse:
    return render(request, "network.html", params=params, title="Network")


@router.get("/map")
def map_page(request: Request, params: ParamsDep) -> HTMLResponse:
    return render(request, "map.html", params=params, title="Map")


@router.get("/dashboard")
def dashboard(request: Request, found: StateDep) -> HTMLResponse:
    stats = found.kept("stats", KnowledgeBase.stats)
    dyads = found.kept("dyads", lambda kb: kb.dyads(DYADS), stale=DYADS_STALE)
    return render(request, "dashboard.html", stats=stats, dyads=dyads, title="Dashboard")


@router.get("/add")
def add(request: Request) -> HTMLResponse:
    return render(request, "add.html", suffixes=SUFFIXES, max_bytes=MAX_BYTES,
                  title="Add articles")
