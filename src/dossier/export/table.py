"""``csv`` and ``parquet``: one row per event, flat columns, the same table in both.

Lists (contexts, actor ids and names, attribution) are joined with ``;`` so that every
cell holds one value; the ids line up with the names. Empty lists and missing values
are empty cells (CSV) or nulls (Parquet). Booleans are ``true``/``false`` in CSV.
``COLUMNS`` is the table's schema; ``docs/exports.md`` describes each column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dossier.errors import DossierError, Messages
from dossier.export.source import Exported, Output, Source, as_selection, opened
from dossier.store.rows import DocumentRow, EventRow

SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # string | int | float | bool


def _columns(spec: str) -> tuple[Column, ...]:
    found = []
    for item in spec.split():
        name, _, kind = item.partition(":")
        found.append(Column(name, kind or "string"))
    return tuple(found)


COLUMNS = _columns(
    "id doc_id type mode context actor_ids actors recipient_ids recipients"
    " when_start when_end when_precision when_text date_start date_end"
    " place country admin1 latitude:float longitude:float place_precision"
    " killed:int injured:int arrested:int money_amount:float money_currency"
    " negated:bool hypothetical:bool future:bool historical:bool hedged:bool"
    " attribution confidence:float trigger sentence"
    " sentence_start:int sentence_end:int trigger_start:int trigger_end:int"
    " title source url published"
)


def _joined(values: tuple[str, ...]) -> str | None:
    return SEPARATOR.join(values) if values else None


def table_row(row: EventRow, document: DocumentRow | None) -> dict[str, Any]:
    """One event as the table's columns (``None`` for a missing value)."""
    return {
        "id": row.id,
        "doc_id": row.doc_id,
        "type": row.type,
        "mode": row.mode,
        "context": _joined(row.context),
        "actor_ids": _joined(row.actor),
        "actors": _joined(row.actor_names),
        "recipient_ids": _joined(row.recipient),
        "recipients": _joined(row.recipient_names),
        "when_start": row.when_start,
        "when_end": row.when_end,
        "when_precision": row.precision,
        "when_text": row.when_text,
        "date_start": row.date_start,
        "date_end": row.date_end,
        "place": row.place,
        "country": row.country,
        "admin1": row.admin1,
        "latitude": row.lat,
        "longitude": row.lon,
        "place_precision": row.place_precision,
        "killed": row.killed,
        "injured": row.injured,
        "arrested": row.arrested,
        "money_amount": row.money_amount,
        "money_currency": row.money_currency,
        "negated": row.negated,
        "hypothetical": row.hypothetical,
        "future": row.future,
        "historical": row.historical,
        "hedged": row.hedged,
        "attribution": _joined(row.attribution),
        "confidence": row.confidence,
        "trigger": row.trigger,
        "sentence": row.sentence,
        "sentence_start": row.sentence_start,
        "sentence_end": row.sentence_end,
        "trigger_start": row.trigger_start,
        "trigger_end": row.trigger_end,
        "title": row.title,
        "source": row.source,
        "url": None if document is None else document.url,
        "published": row.published,
    }


def table_rows(source: Source) -> Iterator[dict[str, Any]]:
    selection = as_selection(source)
    documents = selection.documents()
    for row in selection.events:
        yield table_row(row, documents.get(row.doc_id))


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def write_csv(source: Source, out: Output) -> Exported:
    """Write the event table as CSV (RFC 4180 quoting, UTF-8, ``\\n`` line ends)."""
    count = 0
    with opened(out) as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow([column.name for column in COLUMNS])
        for record in table_rows(source):
            writer.writerow([_cell(record[column.name]) for column in COLUMNS])
            count += 1
    return Exported(count, "events")


def write_parquet(source: Source, out: Output) -> Exported:
    """Write the event table as one Parquet file (pyarrow, typed columns, zstd)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise DossierError(Messages.E144) from exc
    kinds = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    schema = pa.schema([pa.field(c.name, kinds[c.kind]) for c in COLUMNS])
    records = list(table_rows(source))
    table = pa.Table.from_pylist(records, schema=schema)
    with opened(out, binary=True) as stream:
        pq.write_table(table, stream, compression="zstd")
    return Exported(len(records), "events")
