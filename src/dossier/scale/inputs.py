"""Inputs for cluster runs: what the readers read, plus globs and Parquet article tables.

A source is anything ``dossier.read_documents`` reads (files, directories, ``-``, feed
URLs), a glob (``news/2016-*.jsonl``, expanded here in name order, for schedulers that
pass arguments unexpanded), or a Parquet file or directory of Parquet files holding one
article per row (columns ``text`` and, optionally, ``id``, ``title``, ``url``,
``source``, ``published``, ``language``). Parquet is read one row group at a time, so
memory does not grow with the table; each row is checked by the readers' own
``record_document``, exactly like a JSONL line.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dossier.config import Config
from dossier.errors import InputError, Messages
from dossier.read.fields import ReadOptions, record_document
from dossier.records import Document

PARQUET = ".parquet"
BATCH_ROWS = 256  # articles read from a Parquet file at a time
COLUMNS = ("id", "text", "title", "url", "source", "published", "language")


def read_sources(sources: Iterable[str], config: Config) -> Iterator[Document | InputError]:
    """Every document of every source, in order; bad inputs as ``InputError`` values.

    Document ids must be unique across the run, as ``dossier.read_documents`` requires
    (E027): a Parquet row repeating an earlier id is an error, not a replacement.
    """
    import dossier

    options = ReadOptions(published=config.published, max_chars=config.max_chars)
    seen: set[str] = set()
    plain: list[str] = []

    def unique(
        source: object, items: Iterable[Document | InputError]
    ) -> Iterator[Document | InputError]:
        for item in items:
            if isinstance(item, Document):
                if item.id in seen:
                    yield InputError(
                        Messages.E027.format(path=source, doc_id=item.id),
                        doc_id=item.id,
                        stage="read",
                    )
                    continue
                seen.add(item.id)
            yield item

    def flush() -> Iterator[Document | InputError]:
        if plain:
            yield from unique(plain[-1], dossier.read_documents(list(plain), config))
            plain.clear()

    for source in _expand(sources):
        parquet = _parquet_files(Path(source))
        if not parquet:
            plain.append(source)
            continue
        yield from flush()
        for path in parquet:
            yield from unique(path, read_parquet_articles(path, options))
    yield from flush()


def _expand(sources: Iterable[str]) -> Iterator[str]:
    """Sources as given; a glob that names no existing path becomes its matches, sorted."""
    for source in sources:
        if glob.has_magic(source) and not Path(source).exists():
            matches = sorted(glob.glob(source, recursive=True))
            yield from matches or [source]  # no match: the reader reports the missing path
        else:
            yield source


def _parquet_files(path: Path) -> list[Path]:
    """The Parquet files a source names: itself, or those under a directory of them."""
    if path.is_file():
        return [path] if path.suffix.lower() == PARQUET else []
    if not path.is_dir():
        return []
    others = any(
        p.is_file() and p.suffix.lower() != PARQUET and not p.name.startswith(("_", "."))
        for p in path.rglob("*")
    )
    if others:  # a directory of other files, or a mixed one, goes to the ordinary readers
        return []
    return sorted(p for p in path.rglob(f"*{PARQUET}") if not p.name.startswith("."))


def _plain(value: object) -> object:
    """A Parquet date or timestamp as the ISO text the readers expect; else as it is."""
    if isinstance(value, date | datetime):
        return value.isoformat()[:10]
    return value


def read_parquet_articles(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """One document per row of a Parquet file of articles; a bad row is an error value."""
    try:
        table = pq.ParquetFile(path)
        names = set(table.schema_arrow.names)
    except (OSError, pa.ArrowException) as exc:
        yield InputError(Messages.E178.format(path=path, detail=exc), stage="read")
        return
    if "text" not in names:
        columns = ", ".join(sorted(names)) or "none"
        yield InputError(Messages.E023.format(path=path, columns=columns), stage="read")
        return
    wanted = [c for c in COLUMNS if c in names]
    row = 0
    try:
        for batch in table.iter_batches(batch_size=BATCH_ROWS, columns=wanted):
            for record in batch.to_pylist():
                row += 1
                where = f"{path}, row {row}"
                try:
                    yield record_document(
                        {k: _plain(v) for k, v in record.items()},
                        where=where,
                        default_id=f"{path.stem}:{row}",
                        options=options,
                    )
                except InputError as exc:
                    yield exc
    except (OSError, pa.ArrowException) as exc:
        yield InputError(Messages.E182.format(path=path, row=row + 1, detail=exc), stage="read")
