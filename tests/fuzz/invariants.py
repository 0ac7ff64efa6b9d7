"""What must hold for any input, checked by the property tests and the atheris harnesses.

A reader yields a ``Document`` whose every field is storable text and whose date is a
partial ISO date, or an ``InputError``; an extraction's every span points into the
text, the words a span names are the words it records, and its dossier/1 object
validates against the schema, serialises as strict JSON (no NaN, no surrogates) and
reads back as the same record.
"""

from __future__ import annotations

import json
import math
import re

import jsonschema

from dossier.errors import DossierError
from dossier.records import Document, Extraction, Span, When
from tests.schema import SCHEMA

_ISODATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
_WHEN = {"$defs": SCHEMA["$defs"], "$ref": "#/$defs/when"}


class Broken(AssertionError):
    """An invariant does not hold; the message says which and where."""


def check_item(item: object, max_chars: int) -> None:
    """Check one item a reader yielded: an ``InputError`` with a message, or a document."""
    if isinstance(item, DossierError):
        _require(bool(item.message) and "\n" not in item.message, f"bad message {item!r}")
        item.message.encode("utf-8", errors="surrogateescape")
        return
    _require(isinstance(item, Document), f"a reader yielded {type(item).__name__}")
    assert isinstance(item, Document)
    check_document(item, max_chars)


def check_document(document: Document, max_chars: int) -> None:
    _require(bool(document.id), "a document without an id")
    _require(bool(document.text.strip()), f"{document.id}: empty text")
    _require(len(document.text) <= max_chars, f"{document.id}: text over the size limit")
    _require("\r" not in document.text, f"{document.id}: line ends not normalised")
    for name in ("id", "text", "title", "url", "source", "published", "language"):
        value = getattr(document, name)
        if value is not None:
            _require(isinstance(value, str), f"{document.id}: {name} is {type(value).__name__}")
            _storable(value, f"{document.id}: {name}")
    if document.published is not None:
        _require(
            _ISODATE.fullmatch(document.published) is not None,
            f"{document.id}: published {document.published!r} is not a partial ISO date",
        )
    check_extraction(Extraction(document=document))


def check_extraction(extraction: Extraction) -> None:
    """Every span inside the text and true to it; the record valid, strict and stable."""
    text = extraction.document.text
    where = extraction.document.id

    def inside(what: str, span: Span) -> str:
        start, end = span
        _require(0 <= start <= end <= len(text), f"{where}: {what} span {span} outside the text")
        return text[start:end]

    for timex in extraction.timexes:
        _require(inside("timex", timex.span) == timex.text, f"{where}: timex {timex}")
    for quantity in extraction.quantities:
        _require(inside("quantity", quantity.span) == quantity.text, f"{where}: {quantity}")
        _require(math.isfinite(quantity.value), f"{where}: quantity value {quantity.value}")
    for quote in extraction.quotes:
        inside("quote", quote.span)
    known = {actor.id for actor in extraction.actors}
    for actor in extraction.actors:
        for mention in actor.mentions:
            _require(bool(inside(f"mention of {actor.id}", mention)), f"{where}: empty mention")
    for event in extraction.events:
        sentence = event.evidence.sentence
        trigger = event.evidence.trigger
        inside(f"sentence of {event.id}", sentence)
        _require(bool(inside(f"trigger of {event.id}", trigger)), f"{where}: empty trigger")
        _require(
            sentence[0] <= trigger[0] and trigger[1] <= sentence[1],
            f"{where}: {event.id}: trigger {trigger} outside its sentence {sentence}",
        )
        for actor_id in (*event.actor, *event.recipient):
            _require(actor_id in known, f"{where}: {event.id} names unknown actor {actor_id}")
    for include_text in (False, True):
        record = extraction.to_dict(include_text=include_text)
        problems = [error.message for error in _VALIDATOR.iter_errors(record)]
        _require(not problems, f"{where}: schema: {problems[:3]}")
        serialised = json.dumps(record, ensure_ascii=False, allow_nan=False)
        _storable(serialised, f"{where}: the JSON record")
        _require(
            Extraction.from_dict(json.loads(serialised)).to_dict(include_text=include_text)
            == record,
            f"{where}: the record does not read back as itself",
        )


def check_when(when: When | None) -> None:
    """A ``When`` is valid against the schema and starts no later than it ends."""
    if when is None:
        return
    problems = [e.message for e in _VALIDATOR.evolve(schema=_WHEN).iter_errors(when.to_dict())]
    _require(not problems, f"{when}: {problems[:3]}")
    if when.start is not None and when.end is not None:
        _require(when.start[:10] <= when.end[:10], f"{when}: ends before it starts")


def _storable(value: str, what: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Broken(f"{what} is not valid Unicode ({exc.reason} at {exc.start})") from exc


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise Broken(message)
