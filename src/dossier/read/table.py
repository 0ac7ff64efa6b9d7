"""CSV files: a header row, then one article per row.

The header names the columns (``text`` is required; ``id``, ``title``, ``url``,
``source``, ``published`` and ``language`` are used if present; any other column is
ignored; case and surrounding spaces do not matter). Rows are numbered as a
spreadsheet shows them: the header is row 1. A row without an id gets
``<stem>:<row>``. A bad row becomes an error naming the file and row, and the rows
after it are still read.

The file is streamed: read in chunks, decoded as it comes and parsed line by line, so
memory follows the longest row, not the file. A line longer than any row within the
field limit could be (``line_chars``) is skipped as it is read, never held whole, and
reported; a byte that is not UTF-8 ends the file with an error naming its line, after
the rows before it.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dossier.errors import InputError, Messages
from dossier.read.decoding import (
    SNIFF_BYTES,
    decode_chunks,
    fail,
    looks_binary,
    open_binary,
    wide_encoding,
)
from dossier.read.fields import ReadOptions, record_document
from dossier.records import Document

SUFFIXES = (".csv",)

CHUNK_BYTES = 1 << 16  # read this many bytes of the file at a time
CSV_FIELD_LIMIT = 131_072  # the csv module's own default field limit, in characters


def line_chars(fields: int, max_chars: int) -> int:
    """The longest line a row of ``fields`` fields within the field limit may take.

    A field of ``n`` characters takes at most ``2n + 2`` in the file (quoted, with
    every character a doubled quote), plus a separator or the line end.
    """
    return fields * (2 * max(max_chars, CSV_FIELD_LIMIT) + 3)


def read_csv_file(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """Yield a document or an error per row; raise ``InputError`` if the file is unusable."""
    name = str(path)
    with open_binary(path) as handle:
        head = _read(name, handle, SNIFF_BYTES)
        if not head.strip() and _blank(name, handle):
            raise fail(Messages.E002, path=name)
        if encoding := wide_encoding(head):
            raise fail(Messages.E004, path=name, detail=f"it is {encoding} text")
        if looks_binary(head):
            raise fail(Messages.E003, path=name)
        handle.seek(0)
        yield from read_csv_rows(name, path.stem, _chunks(name, handle), options)


def read_csv_rows(
    name: str, stem: str, chunks: Iterable[bytes], options: ReadOptions
) -> Iterator[Document | InputError]:
    """Yield a document or an error for each row of the CSV text in ``chunks``.

    ``name`` names the input in messages and ``stem`` starts the ids of rows that have
    none. Raises E023 if the header has no ``text`` column, E025 if no row follows it
    and E004 at a byte that is not UTF-8 (the rows before it are yielded first).
    """
    _allow_fields_of(options.max_chars)
    lines = _Lines(decode_chunks(name, chunks), line_chars(1, options.max_chars))
    rows = csv.reader(lines, strict=True)
    header = _header(name, rows, lines)
    if header is None:
        raise fail(Messages.E002, path=name)
    if "text" not in header:
        raise fail(Messages.E023, path=name, columns=", ".join(header) or "nothing")
    lines.limit = line_chars(len(header), options.max_chars)
    found = 0
    for number, row in enumerate(_rows(rows, lines, options.max_chars), start=2):
        if not isinstance(row, list):
            found += 1
            yield _row_error(name, number, row, len(header), options.max_chars)
            continue
        if not any(field.strip() for field in row):
            continue
        found += 1
        if len(row) != len(header):
            detail = f"{len(row)} fields, but the header has {len(header)}"
            yield fail(Messages.E008, path=name, line=number, detail=detail)
            continue
        record = dict(zip(header, row, strict=True))
        where = f"{name}, row {number}"
        try:
            yield record_document(
                record, where=where, default_id=f"{stem}:{number}", options=options
            )
        except InputError as exc:
            yield exc
    if not found:
        raise fail(Messages.E025, path=name, what="a header")


class _Overlong(Exception):
    """A line longer than ``_Lines.limit``: it holds ``size`` characters."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class _FieldTooLong(Exception):
    """A field longer than the limit, in a line cut short."""


@dataclass(frozen=True)
class _Cut:
    """A line cut short: its first characters, and how many it held in all."""

    start: str
    size: int


class _Lines:
    """The lines of a text, each with its ``\\n``, one at a time, for ``csv.reader``.

    A line longer than ``limit`` characters is cut: the csv module gets its first
    ``limit`` characters and the rest is skipped as it arrives, never held. ``cut``
    holds the line's length until the reader of the rows takes it; should the csv
    module ask for the next line of the same row (a quoted field was open at the
    cut), ``_Overlong`` is raised instead.
    """

    def __init__(self, text: Iterator[str], limit: int) -> None:
        self.limit = limit
        self.cut: int | None = None
        self._text = text
        self._ready: deque[str | _Cut] = deque()
        self._partial: list[str] = []  # the line being read, in pieces
        self._partial_size = 0
        self._skipped: _Cut | None = None  # the line being skipped, once over the limit
        self._ended = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.cut is not None:
            raise _Overlong(self.cut)
        while not self._ready:
            if self._ended:
                raise StopIteration
            self._take(next(self._text, None))
        line = self._ready.popleft()
        if isinstance(line, _Cut):
            self.cut = line.size
            return line.start
        if len(line) > self.limit:
            self.cut = len(line)
            return line[: self.limit]
        return line

    def _take(self, text: str | None) -> None:
        """Split the next piece of ``text`` into lines; ``None`` at the end."""
        if text is None:
            self._ended = True
            if self._partial_size or self._skipped is not None:
                self._end_line()
            return
        first, *others = text.split("\n")
        self._extend(first)
        if not others:
            return
        self._extend("\n")
        self._end_line()
        *whole, last = others
        self._ready.extend(line + "\n" for line in whole)
        self._extend(last)

    def _extend(self, piece: str) -> None:
        if self._skipped is not None:
            self._skipped = _Cut(self._skipped.start, self._skipped.size + len(piece))
            return
        self._partial.append(piece)
        self._partial_size += len(piece)
        if self._partial_size > self.limit:
            line = "".join(self._partial)
            self._skipped = _Cut(line[: self.limit], len(line))
            self._partial, self._partial_size = [], 0

    def _end_line(self) -> None:
        if self._skipped is not None:
            self._ready.append(self._skipped)
            self._skipped = None
            return
        self._ready.append("".join(self._partial))
        self._partial, self._partial_size = [], 0


def _header(name: str, rows: Iterator[list[str]], lines: _Lines) -> list[str] | None:
    """The header's column names, or ``None`` if the text holds nothing at all."""
    try:
        header = next(rows)
    except StopIteration:  # nothing but a byte order mark
        return None
    except csv.Error as exc:
        raise fail(Messages.E008, path=name, line=1, detail=f"not valid CSV ({exc})") from exc
    except _Overlong as exc:
        raise _header_overlong(name, exc.size) from exc
    if lines.cut is not None:
        raise _header_overlong(name, lines.cut)
    return [column.strip().lower() for column in header]


def _header_overlong(name: str, size: int) -> InputError:
    detail = f"a header line of {size} characters, longer than any header can be"
    return fail(Messages.E008, path=name, line=1, detail=detail)


def _rows(
    rows: Iterator[list[str]], lines: _Lines, max_chars: int
) -> Iterator[list[str] | Exception]:
    """Each row, or the error that row raised; the reader goes on after an error.

    A row whose line was cut short is an error too: the csv module's if it found one
    in what it was given, else a field too long if the part read holds one, else
    ``_Overlong`` (it has more fields than the header).
    """
    while True:
        try:
            row: list[str] | Exception = next(rows)
        except StopIteration:
            return
        except (csv.Error, _Overlong) as exc:
            row = exc
        cut, lines.cut = lines.cut, None
        if cut is not None and isinstance(row, list):
            long_field = any(len(field) > max_chars for field in row)
            row = _FieldTooLong() if long_field else _Overlong(cut)
        yield row


def _row_error(name: str, number: int, error: Exception, fields: int, max_chars: int) -> InputError:
    if isinstance(error, _Overlong):
        limit = line_chars(fields, max_chars)
        detail = (
            f"a line of {error.size} characters, longer than the {limit} a row of "
            f"{fields} fields within the limit can take"
        )
        return fail(Messages.E008, path=name, line=number, detail=detail)
    if isinstance(error, _FieldTooLong) or "field larger than field limit" in str(error):
        return fail(Messages.E026, where=f"{name}, row {number}", limit=max_chars)
    return fail(Messages.E008, path=name, line=number, detail=f"not valid CSV ({error})")


def _chunks(name: str, handle: BinaryIO) -> Iterator[bytes]:
    while chunk := _read(name, handle, CHUNK_BYTES):
        yield chunk


def _read(name: str, handle: BinaryIO, size: int) -> bytes:
    try:
        return handle.read(size)
    except OSError as exc:
        raise fail(Messages.E013, path=name, detail=exc.strerror or exc) from exc


def _blank(name: str, handle: BinaryIO) -> bool:
    """True if the rest of the file holds nothing but white space."""
    while chunk := _read(name, handle, CHUNK_BYTES):
        if chunk.strip():
            return False
    return True


def _allow_fields_of(max_chars: int) -> None:
    """Let the csv module read fields as long as the document limit.

    Its default limit (131,072 characters) is below dossier's; the setting is the
    csv module's own and only ever raised here, never lowered.
    """
    if csv.field_size_limit() < max_chars:
        csv.field_size_limit(max_chars)
