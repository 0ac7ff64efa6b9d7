"""JSON Lines files: one article per line, ``{"id": ..., "text": ..., ...}``.

Besides ``text``, a record may hold ``id``, ``title``, ``url``, ``source``,
``published`` and ``language``; other keys are ignored. A record without an id gets
``<stem>:<line>``. A bad line becomes an error naming the file and line, and the lines
after it are still read. The file is read line by line, so corpora of any size stream.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from dossier.errors import InputError, Messages
from dossier.read.decoding import BOM, SNIFF_BYTES, fail, looks_binary, where_undecodable
from dossier.read.fields import ReadOptions, kind_of, record_document
from dossier.records import Document

SUFFIXES = (".jsonl", ".ndjson")

_BOM_BYTES = BOM.encode("utf-8")


def read_jsonl_file(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """Yield a document or an error per line; raise ``InputError`` if the file is unusable."""
    name = str(path)
    try:
        handle = path.open("rb")
    except FileNotFoundError as exc:
        raise fail(Messages.E001, path=name) from exc
    except OSError as exc:
        raise fail(Messages.E013, path=name, detail=exc.strerror or exc) from exc
    with handle:
        head = handle.read(SNIFF_BYTES)
        if not head:
            raise fail(Messages.E002, path=name)
        if looks_binary(head):
            raise fail(Messages.E003, path=name)
        handle.seek(0)
        yield from read_jsonl_lines(name, path.stem, handle, options)


def read_jsonl_lines(
    name: str, stem: str, lines: Iterable[bytes], options: ReadOptions
) -> Iterator[Document | InputError]:
    """Yield a document or an error for each non-blank line of ``lines``.

    ``name`` names the input in messages and ``stem`` starts the ids of records that
    have none. Raises E025 if there is no line with anything on it.
    """
    records = 0
    for number, raw in enumerate(lines, start=1):
        line = (raw.removeprefix(_BOM_BYTES) if number == 1 else raw).rstrip(b"\r\n")
        if not line.strip():
            continue
        records += 1
        try:
            yield _line_document(name, stem, number, line, options)
        except InputError as exc:
            yield exc
    if not records:
        raise fail(Messages.E025, path=name, what="blank lines")


def _line_document(
    name: str, stem: str, number: int, line: bytes, options: ReadOptions
) -> Document:
    try:
        source = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        detail = where_undecodable(line, exc.start, first_line=number)
        raise fail(Messages.E004, path=name, detail=detail) from exc
    try:
        record = json.loads(source)
    except json.JSONDecodeError as exc:
        detail = f"{exc.msg} at column {exc.colno}"
        raise fail(Messages.E006, path=name, line=number, detail=detail) from exc
    if not isinstance(record, dict):
        detail = f"found {kind_of(record)}"
        raise fail(Messages.E006, path=name, line=number, detail=detail)
    where = f"{name}, line {number}"
    return record_document(record, where=where, default_id=f"{stem}:{number}", options=options)
