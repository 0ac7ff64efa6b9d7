"""CSV files: a header row, then one article per row.

The header names the columns (``text`` is required; ``id``, ``title``, ``url``,
``source``, ``published`` and ``language`` are used if present; any other column is
ignored; case and surrounding spaces do not matter). Rows are numbered as a
spreadsheet shows them: the header is row 1. A row without an id gets
``<stem>:<row>``. A bad row becomes an error naming the file and row, and the rows
after it are still read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from dossier.errors import InputError, Messages
from dossier.read.decoding import decode, fail, read_bytes
from dossier.read.fields import ReadOptions, record_document
from dossier.records import Document

SUFFIXES = (".csv",)


def read_csv_file(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """Yield a document or an error per row; raise ``InputError`` if the file is unusable."""
    name = str(path)
    data = read_bytes(path)
    if not data.strip():
        raise fail(Messages.E002, path=name)
    _allow_fields_of(options.max_chars)
    rows = csv.reader(io.StringIO(decode(name, data), newline=""), strict=True)
    try:
        header = [column.strip().lower() for column in next(rows)]
    except csv.Error as exc:
        raise fail(Messages.E008, path=name, line=1, detail=f"not valid CSV ({exc})") from exc
    if "text" not in header:
        raise fail(Messages.E023, path=name, columns=", ".join(header) or "nothing")
    found = 0
    for number, row in enumerate(_rows(rows), start=2):
        if isinstance(row, csv.Error):
            found += 1
            yield _row_error(name, number, row, options.max_chars)
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
                record, where=where, default_id=f"{path.stem}:{number}", options=options
            )
        except InputError as exc:
            yield exc
    if not found:
        raise fail(Messages.E025, path=name, what="a header")


def _rows(reader: Iterator[list[str]]) -> Iterator[list[str] | csv.Error]:
    """Each row, or the error that row raised; the reader goes on after an error."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield exc


def _row_error(name: str, number: int, error: csv.Error, max_chars: int) -> InputError:
    if "field larger than field limit" in str(error):
        return fail(Messages.E026, where=f"{name}, row {number}", limit=max_chars)
    return fail(Messages.E008, path=name, line=number, detail=f"not valid CSV ({error})")


def _allow_fields_of(max_chars: int) -> None:
    """Let the csv module read fields as long as the document limit.

    Its default limit (131,072 characters) is below dossier's; the setting is the
    csv module's own and only ever raised here, never lowered.
    """
    if csv.field_size_limit() < max_chars:
        csv.field_size_limit(max_chars)
