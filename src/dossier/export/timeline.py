"""``timelinejs``: the selected events as a Knight Lab TimelineJS 3 JSON file.

One slide per dated event, in date order, grouped by PLOVER type. Dates keep the
precision the text gave: a month-precise event has no ``day``, a year-precise one only
a ``year``; an ``end_date`` is written when the span ends in another day, month or year
(at that precision). Headlines and texts are HTML in TimelineJS, so every value is
escaped; the evidence sentence is the slide's text with the trigger in bold, followed by
the article's title, source and date (linked when the article has an http(s) URL).
Undated events cannot sit on a timeline and are left out.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from dossier.export.source import Exported, Output, Source, as_selection, opened
from dossier.store.rows import DocumentRow, EventRow

# How many parts of an ISO day each precision keeps (1 year, 2 month, 3 day).
PARTS = {
    "day": 3,
    "week": 3,
    "range": 3,
    "publication": 3,
    "month": 2,
    "season": 2,
    "quarter": 2,
    "year": 1,
    "decade": 1,
    "century": 1,
}
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def timeline_date(day: str, precision: str) -> dict[str, str]:
    """An ISO day as a TimelineJS date, cut to ``precision`` (``{"year": "2016", ...}``)."""
    parts = day.split("-")[: PARTS.get(precision, 3)]
    names = ("year", "month", "day")
    return {name: str(int(value)) for name, value in zip(names, parts, strict=False)}


def _headline(row: EventRow) -> str:
    label = row.type + (f":{row.mode}" if row.mode else "")
    parties = ", ".join(row.actor_names) or "?"
    if row.recipient_names:
        parties += " → " + ", ".join(row.recipient_names)
    return html.escape(f"{label}: {parties}")


def _body(row: EventRow, document: DocumentRow | None) -> str:
    start = row.trigger_start - row.sentence_start
    end = row.trigger_end - row.sentence_start
    sentence = row.sentence
    text = (
        html.escape(sentence[:start].lstrip())
        + "<strong>"
        + html.escape(sentence[start:end])
        + "</strong>"
        + html.escape(sentence[end:].rstrip())
    )
    notes = [f"{flag}" for flag in ("negated", "hypothetical", "future", "historical", "hedged")
             if getattr(row, flag)]
    if row.precision == "publication":
        notes.append("no date in the text: the article's date")
    if notes:
        text += f" <em>({html.escape(', '.join(notes))})</em>"
    title = html.escape(row.title or row.doc_id)
    url = document.url if document else None
    if url and url.lower().startswith(("http://", "https://")):
        title = f'<a href="{html.escape(url, quote=True)}">{title}</a>'
    cite = ", ".join(html.escape(v) for v in (row.source, row.published) if v)
    return f"<p>{text}</p><p>{title}" + (f" ({cite})" if cite else "") + "</p>"


def timeline_slide(
    row: EventRow, document: DocumentRow | None, index: int
) -> dict[str, Any] | None:
    """One event as a TimelineJS slide; ``None`` when it has no date."""
    if not row.date_start:
        return None
    slide: dict[str, Any] = {
        "start_date": timeline_date(row.date_start, row.precision),
        "text": {"headline": _headline(row), "text": _body(row, document)},
        "group": row.type,
        "unique_id": f"e{index}-" + _UNSAFE.sub("-", row.id).strip("-"),
    }
    if row.date_end and row.date_end != row.date_start:
        end = timeline_date(row.date_end, row.precision)
        if end != slide["start_date"]:
            slide["end_date"] = end
    return slide


def write_timelinejs(source: Source, out: Output, *, title: str = "dossier") -> Exported:
    """Write a TimelineJS JSON document of the dated events, oldest first."""
    selection = as_selection(source)
    documents = selection.documents()
    dated = sorted(
        (row for row in selection.events if row.date_start),
        key=lambda row: (row.date_start or "", row.date_end or "", row.id),
    )
    slides = [
        slide
        for index, row in enumerate(dated, start=1)
        if (slide := timeline_slide(row, documents.get(row.doc_id), index)) is not None
    ]
    span = ""
    if dated:
        span = f", {dated[0].date_start} to {max(r.date_end or r.date_start or '' for r in dated)}"
    sources = len({row.doc_id for row in dated})
    document = {
        "title": {
            "text": {
                "headline": html.escape(title),
                "text": html.escape(f"{len(slides)} events from {sources} documents{span}"),
            }
        },
        "events": slides,
    }
    with opened(out) as stream:
        json.dump(document, stream, ensure_ascii=False, indent=1)
        stream.write("\n")
    return Exported(
        len(slides), "events", len(selection.events) - len(slides), "undated"
    )
