"""Document metadata as files give it (JSON sidecars, JSONL records, CSV rows, feeds).

Every format hands its metadata to ``make_document`` as a plain mapping of the
dossier field names; this module checks each value once, the same way for all of
them, and builds the ``Document``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dossier.errors import InputError, Messages
from dossier.read.dates import parse_date
from dossier.read.decoding import (
    BOM,
    fail,
    looks_binary,
    normalise_newlines,
    replace_surrogates,
)
from dossier.records import Document

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class ReadOptions:
    """How to read: a date that overrides every document's own, and the size limit."""

    published: str | None = None
    max_chars: int = 1_000_000


def make_document(
    text: str,
    metadata: Mapping[str, object],
    *,
    where: str,
    default_id: str,
    options: ReadOptions,
) -> Document:
    """Build a ``Document`` from ``text`` and the dossier fields found in ``metadata``.

    ``where`` names the input (``file.jsonl, line 3``) for messages. Missing or empty
    fields are ``None``; ``id`` falls back to ``default_id`` and ``language`` to
    ``en``. A ``published`` override in ``options`` replaces the record's own date,
    which is then not checked. Raises E017 for a value that is not text, E018 for a
    date that is not one. Unpaired surrogates in any text become U+FFFD.
    """
    doc_id = _identifier(metadata.get("id"), where) or default_id
    if options.published is not None:
        published: str | None = options.published
    else:
        published = _published(_text_field(metadata, "published", where), where, doc_id)
    return Document(
        id=doc_id,
        text=replace_surrogates(text),
        title=_text_field(metadata, "title", where),
        url=_text_field(metadata, "url", where),
        source=_text_field(metadata, "source", where),
        published=published,
        language=_language(_text_field(metadata, "language", where)),
    )


def record_document(
    record: Mapping[str, object], *, where: str, default_id: str, options: ReadOptions
) -> Document:
    """A document from one record of a collection (a JSONL line, a CSV row).

    The record's ``text`` is required (E007), must be text (E017), not blank (E016)
    and within the size limit (E005); its line ends are normalised, nothing else.
    """
    if "text" not in record:
        raise fail(Messages.E007, where=where)
    text = record["text"]
    if not isinstance(text, str):
        raise fail(Messages.E017, where=where, field="text", kind=kind_of(text))
    if not text.strip():
        raise fail(Messages.E016, where=where)
    text = normalise_newlines(text)
    if len(text) > options.max_chars:
        raise fail(Messages.E005, path=where, size=len(text), limit=options.max_chars)
    return make_document(text, record, where=where, default_id=default_id, options=options)


_KINDS: dict[type, str] = {
    str: "a string",
    type(None): "null",
    dict: "an object",
    list: "a list",
    bool: "true or false",
    int: "a number",
    float: "a number",
}


def kind_of(value: object) -> str:
    """How a JSON value that is not text is named in messages."""
    return _KINDS.get(type(value), type(value).__name__)


def _identifier(value: object, where: str) -> str | None:
    """An id may be written as text or as a whole number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if value is None or isinstance(value, str):
        return replace_surrogates((value or "").strip()) or None
    raise fail(Messages.E017, where=where, field="id", kind=kind_of(value))


def _text_field(metadata: Mapping[str, object], name: str, where: str) -> str | None:
    value = metadata.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise fail(Messages.E017, where=where, field=name, kind=kind_of(value))
    return replace_surrogates(value.strip()) or None


def _published(value: str | None, where: str, doc_id: str) -> str | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except InputError as exc:
        raise fail(Messages.E018, where=where, value=value, doc_id=doc_id) from exc


def _language(value: str | None) -> str:
    """The primary subtag, lower case: ``en-US`` and ``EN`` are both ``en``."""
    if value is None:
        return DEFAULT_LANGUAGE
    return value.replace("_", "-").split("-")[0].lower() or DEFAULT_LANGUAGE


def read_sidecar(path: Path) -> dict[str, object]:
    """The metadata in ``<stem>.json`` beside ``path``, or nothing if there is none.

    A sidecar is a JSON object; dossier uses its ``id``, ``title``, ``url``,
    ``source``, ``published`` and ``language`` and ignores other keys (a licence, a
    note). Anything that is not a JSON object raises E014.
    """
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        return {}
    try:
        data = sidecar.read_bytes()
    except OSError as exc:
        raise fail(Messages.E013, path=sidecar, detail=exc.strerror or exc) from exc
    if looks_binary(data):
        raise fail(Messages.E014, path=sidecar, detail="binary data")
    try:
        value = json.loads(data.decode("utf-8").removeprefix(BOM))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise fail(Messages.E014, path=sidecar, detail=exc) from exc
    except RecursionError as exc:  # '[[[[...' nested deeper than Python's stack allows
        raise fail(Messages.E014, path=sidecar, detail="nested too deeply") from exc
    if not isinstance(value, dict):
        raise fail(Messages.E014, path=sidecar, detail=f"{kind_of(value)}, not an object")
    return value
