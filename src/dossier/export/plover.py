"""``plover``: POLECAT-style event records, one JSON object per line.

POLECAT (the PLOVER-coded dataset) writes one record per event with a single actor and
recipient, each with a country, sectors and the name as written, a PLOVER type, mode,
contexts and intensity, and the event's place. The field names here are POLECAT's
columns in snake case (``Event Date`` is ``event_date``); where dossier holds more than
one actor on a side, the first is the primary one of the flat fields and
``actor_ids``/``actor_names`` list them all. ``docs/exports.md`` lists every field.
"""

from __future__ import annotations

import json
from typing import Any

from dossier.export.reference import quad_of, score_of
from dossier.export.source import Exported, Output, Source, as_selection, opened
from dossier.records import SCHEMA
from dossier.store.rows import ActorRow, DocumentRow, EventRow


def _side(
    prefix: str,
    ids: tuple[str, ...],
    names: tuple[str, ...],
    actors: dict[str, ActorRow],
    raw: dict[tuple[str, str], str],
    doc_id: str,
) -> dict[str, Any]:
    primary = actors.get(ids[0]) if ids else None
    sectors = [actors[i].sector for i in ids if i in actors and actors[i].sector]
    return {
        f"{prefix}_name": names[0] if names else None,
        f"{prefix}_name_raw": raw.get((doc_id, ids[0])) if ids else None,
        f"{prefix}_id": ids[0] if ids else None,
        f"{prefix}_country": primary.country if primary else None,
        f"primary_{prefix}_sector": primary.sector if primary else None,
        f"{prefix}_sectors": list(dict.fromkeys(sectors)),
        f"{prefix}_title": primary.roles[0] if primary and primary.roles else None,
        f"{prefix}_ids": list(ids),
        f"{prefix}_names": list(names),
    }


def plover_record(
    row: EventRow,
    actors: dict[str, ActorRow],
    document: DocumentRow | None,
    raw: dict[tuple[str, str], str],
) -> dict[str, Any]:
    """One event as a POLECAT-style record (plain JSON values)."""
    return {
        "event_id": row.id,
        "story_id": row.doc_id,
        "event_date": row.date_start,
        "event_date_end": row.date_end,
        "date_precision": row.precision,
        "date_text": row.when_text,
        "publication_date": row.published,
        "event_type": row.type,
        "event_mode": row.mode,
        "event_intensity": score_of(row.type, row.mode),
        "quad_code": quad_of(row.type),
        "contexts": list(row.context),
        **_side("actor", row.actor, row.actor_names, actors, raw, row.doc_id),
        **_side("recipient", row.recipient, row.recipient_names, actors, raw, row.doc_id),
        "placename": row.place,
        "province": row.admin1,
        "country": row.country,
        "latitude": row.lat,
        "longitude": row.lon,
        "feature_type": row.place_precision,
        "killed": row.killed,
        "injured": row.injured,
        "arrested": row.arrested,
        "negated": row.negated,
        "hypothetical": row.hypothetical,
        "future": row.future,
        "historical": row.historical,
        "hedged": row.hedged,
        "attribution": list(row.attribution),
        "confidence": round(row.confidence, 3),
        "event_text": row.sentence,
        "trigger_text": row.trigger,
        "headline": row.title,
        "source": row.source,
        "url": document.url if document else None,
        "language": document.language if document else None,
        "version": SCHEMA,
    }


def write_plover(source: Source, out: Output) -> Exported:
    """Write one POLECAT-style JSON record per event, one per line."""
    selection = as_selection(source)
    actors = selection.actors()
    documents = selection.documents()
    raw = selection.names()
    count = 0
    with opened(out) as stream:
        for row in selection.events:
            record = plover_record(row, actors, documents.get(row.doc_id), raw)
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return Exported(count, "events")
