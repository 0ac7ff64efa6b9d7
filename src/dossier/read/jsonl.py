"""JSON Lines files: one article per line, ``{"id": ..., "text": ..., ...}``.

Besides ``text``, a record may hold ``id``, ``title``, ``url``, ``source``,
``published`` and ``language``; other keys are ignored. A record without an id gets
``<stem>:<line>``. A bad line becomes an error naming the file and line, and the lines
after it are still read. The file is read line by line, so corpora of any size stream;
a line longer than any record within the size limit could be (``line_bytes``) is
skipped unread, in chunks, and reported (E028).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dossier.errors import InputError, Messages
from dossier.read.decoding import (
    BOM,
    SNIFF_BYTES,
    fail,
    looks_binary,
    open_binary,
    where_undecodable,
    wide_encoding,
)
from dossier.read.fields import ReadOptions, kind_of, record_document
from dossier.records import Document

SUFFIXES = (".jsonl", ".ndjson")

_BOM_BYTES = BOM.encode("utf-8")
JSON_BYTES_PER_CHAR = 12  # "\\ud83d\\ude00": a character written as two JSON escapes
FIELD_SLACK = 1 << 16  # room for the other fields (id, title, url, ...)
_SKIP_CHUNK = 1 << 20  # an overlong line is skipped this many bytes at a time


def line_bytes(max_chars: int) -> int:
    """The longest line a record whose text is within ``max_chars`` may take."""
    return JSON_BYTES_PER_CHAR * max_chars + FIELD_SLACK


@dataclass(frozen=True)
class _Overlong:
    """A line that was skipped, not read: it holds ``size`` bytes."""

    size: int


def read_jsonl_file(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """Yield a document or an error per line; raise ``InputError`` if the file is unusable."""
    name = str(path)
    with open_binary(path) as handle:
        head = handle.read(SNIFF_BYTES)
        if not head:
            raise fail(Messages.E002, path=name)
        if encoding := wide_encoding(head):
            raise fail(Messages.E004, path=name, detail=f"it is {encoding} text")
        if looks_binary(head):
            raise fail(Messages.E003, path=name)
        handle.seek(0)
        yield from read_jsonl_lines(name, path.stem, handle, options)


def read_jsonl_lines(
    name: str, stem: str, stream: BinaryIO, options: ReadOptions
) -> Iterator[Document | InputError]:
    """Yield a document or an error for each non-blank line read from ``stream``.

    ``name`` names the input in messages and ``stem`` starts the ids of records that
    have none. Raises E025 if there is no line with anything on it.
    """
    records = 0
    limit = line_bytes(options.max_chars)
    for number, raw in enumerate(_lines(stream, limit), start=1):
        if isinstance(raw, _Overlong):
            records += 1
            yield fail(
                Messages.E028,
                path=name,
                line=number,
                size=raw.size,
                limit=limit,
                max_chars=options.max_chars,
            )
            continue
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


def _lines(stream: BinaryIO, limit: int) -> Iterator[bytes | _Overlong]:
    """Each line of ``stream`` (with its end), or ``_Overlong`` for one over ``limit``
    bytes, which is skipped without being held in memory."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while (chunk := stream.readline(_SKIP_CHUNK)) and not chunk.endswith(b"\n"):
            size += len(chunk)
        yield _Overlong(size + len(chunk))


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
    except RecursionError as exc:  # '[[[[...' nested deeper than Python's stack allows
        detail = "nested too deeply"
        raise fail(Messages.E006, path=name, line=number, detail=detail) from exc
    if not isinstance(record, dict):
        detail = f"found {kind_of(record)}"
        raise fail(Messages.E006, path=name, line=number, detail=detail)
    where = f"{name}, line {number}"
    return record_document(record, where=where, default_id=f"{stem}:{number}", options=options)
