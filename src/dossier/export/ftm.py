"""``ftm``: FollowTheMoney entities for Aleph, one JSON object per line.

Four kinds of entity, each line ``{"id", "schema", "properties": {name: [values]}}``:

- ``Article``: each document of the selected events (title, date, URL, publisher);
- ``Person``, ``PublicBody``, ``Organization`` or ``LegalEntity``: each actor the events
  name (people; state bodies by sector GOV, MIL, COP, JUD, LEG; other organisations and
  groups; anything else), with aliases, country, sector and roles;
- ``Mention``: each actor in each document, with the name that document gives it,
  ``resolved`` to the actor and tied to the ``Article``;
- ``Event``: each selected event, with its date at the precision the text gave,
  ``organizer`` (the actors), ``involved`` (actors and recipients), place, country,
  summary (the evidence sentence) and the ``Article`` as ``proof``.

Ids are stable: a prefix and the SHA-1 of the store id (``dossier-event-3f2a...``), so
exporting again updates the same entities in Aleph. Countries are ISO 3166 alpha-2 in
lower case, as FollowTheMoney writes them; names are on one line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from dossier.export.reference import country
from dossier.export.source import (
    Exported,
    Output,
    Selection,
    Source,
    as_selection,
    one_line,
    opened,
)
from dossier.store.rows import ActorRow, DocumentRow, EventRow

STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG"})
# How many characters of an ISO day each precision keeps.
DATE_CUT = {"month": 7, "season": 7, "quarter": 7, "year": 4, "decade": 4, "century": 4}


def entity_id(kind: str, store_id: str) -> str:
    """A stable FollowTheMoney id for a store record: ``dossier-<kind>-<sha1>``."""
    return f"dossier-{kind}-{hashlib.sha1(store_id.encode('utf-8')).hexdigest()}"


def entity(entity_id_: str, schema: str, **properties: list[str] | str | None) -> dict[str, Any]:
    """An entity dict; empty and missing values are dropped, single values listed."""
    cleaned: dict[str, list[str]] = {}
    for name, values in properties.items():
        listed = [values] if isinstance(values, str) else list(values or [])
        kept = list(dict.fromkeys(v for v in listed if v))
        if kept:
            cleaned[name] = kept
    return {"id": entity_id_, "schema": schema, "properties": cleaned}


def _alpha2(alpha3: str | None) -> str | None:
    found = country(alpha3)
    return found.alpha2.lower() if found else None


def actor_schema(actor: ActorRow | None) -> str:
    if actor is None:
        return "LegalEntity"
    if actor.kind == "person":
        return "Person"
    if actor.kind in ("organization", "group"):
        return "PublicBody" if actor.sector in STATE_SECTORS else "Organization"
    return "LegalEntity"


def article_entity(doc_id: str, document: DocumentRow | None, row: EventRow,
                   text: str | None = None) -> dict[str, Any]:
    return entity(
        entity_id("doc", doc_id),
        "Article",
        title=one_line(row.title or doc_id),
        publishedAt=row.published,
        sourceUrl=document.url if document else None,
        publisher=one_line(row.source) or None,
        notes=f"dossier document {doc_id}",
        bodyText=None if text is None else text.strip(),
    )


def actor_entity(actor_id: str, name: str, actor: ActorRow | None) -> dict[str, Any]:
    schema = actor_schema(actor)
    roles = [one_line(role) for role in (actor.roles if actor else ())]
    return entity(
        entity_id("actor", actor_id),
        schema,
        name=one_line(actor.name if actor else name),
        alias=[one_line(alias) for alias in (actor.aliases if actor else ())],
        country=_alpha2(actor.country if actor else None),
        sector=actor.sector if actor else None,
        position=roles if schema == "Person" else None,
        description="; ".join(roles) if schema != "Person" else None,
        keywords=actor.kind if actor else None,
        notes=f"dossier actor {actor_id}",
    )


def mention_entity(doc_id: str, actor_id: str, name: str, actor: ActorRow | None) -> dict[str, Any]:
    return entity(
        entity_id("mention", f"{doc_id}\n{actor_id}"),
        "Mention",
        name=one_line(name),
        document=entity_id("doc", doc_id),
        resolved=entity_id("actor", actor_id),
        detectedSchema=actor_schema(actor),
        contextCountry=_alpha2(actor.country if actor else None),
    )


def _day(value: str | None, precision: str) -> str | None:
    return None if value is None else value[: DATE_CUT.get(precision, 10)]


def event_entity(row: EventRow, document: DocumentRow | None) -> dict[str, Any]:
    start, end = _day(row.date_start, row.precision), _day(row.date_end, row.precision)
    spans = end is not None and end != start
    label = row.type + (f":{row.mode}" if row.mode else "")
    parties = ", ".join(row.actor_names) or "?"
    if row.recipient_names:
        parties += " → " + ", ".join(row.recipient_names)
    notes = [flag for flag in ("negated", "hypothetical", "future", "historical", "hedged")
             if getattr(row, flag)]
    notes += [f"{name}: {getattr(row, name)}" for name in ("killed", "injured", "arrested")
              if getattr(row, name) is not None]
    if row.money_amount is not None:
        notes.append(f"money: {row.money_amount:g} {row.money_currency or ''}".strip())
    notes += [f"according to: {one_line(name)}" for name in row.attribution]
    notes.append(f"date precision: {row.precision}")
    return entity(
        entity_id("event", row.id),
        "Event",
        name=one_line(f"{label}: {parties}"),
        summary=row.sentence.strip(),
        date=start,
        startDate=start if spans else None,
        endDate=end if spans else None,
        organizer=[entity_id("actor", a) for a in row.actor],
        involved=[entity_id("actor", a) for a in (*row.actor, *row.recipient)],
        location=one_line(", ".join(p for p in (row.place, row.admin1) if p)) or None,
        country=_alpha2(row.country),
        proof=entity_id("doc", row.doc_id),
        sourceUrl=document.url if document else None,
        publisher=one_line(row.source) or None,
        keywords=[row.type, label, *row.context],
        notes="; ".join(notes),
        recordId=row.id,
    )


def ftm_entities(selection: Selection, *, include_text: bool = False) -> Iterator[dict[str, Any]]:
    """Articles, then actors, mentions and events: each entity before any that cites it."""
    actors = selection.actors()
    documents = selection.documents()
    names = selection.names()
    first_rows: dict[str, EventRow] = {}
    actor_names: dict[str, str] = {}
    for row in selection.events:
        first_rows.setdefault(row.doc_id, row)
        for ids, labels in ((row.actor, row.actor_names), (row.recipient, row.recipient_names)):
            for actor_id, name in zip(ids, labels, strict=False):
                actor_names.setdefault(actor_id, name)
    for doc_id, row in first_rows.items():
        text = selection.text(doc_id) if include_text else None
        yield article_entity(doc_id, documents.get(doc_id), row, text)
    for actor_id, name in actor_names.items():
        yield actor_entity(actor_id, name, actors.get(actor_id))
    for (doc_id, actor_id), name in names.items():
        if actor_id in actor_names and doc_id in first_rows:
            yield mention_entity(doc_id, actor_id, name, actors.get(actor_id))
    for row in selection.events:
        yield event_entity(row, documents.get(row.doc_id))


def write_ftm(source: Source, out: Output, *, include_text: bool = False) -> Exported:
    """Write the selection as FollowTheMoney entities, one JSON object per line."""
    count = 0
    with opened(out) as stream:
        for item in ftm_entities(as_selection(source), include_text=include_text):
            stream.write(json.dumps(item, ensure_ascii=False) + "\n")
            count += 1
    return Exported(count, "entities")
