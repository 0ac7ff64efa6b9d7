"""Extractions as Arrow tables and back: the columns of a dossier Parquet dataset.

One table per kind of record (``documents``, ``actors``, ``events``, ``quotes``,
``timexes``, ``quantities``), plus ``errors`` for documents that failed extraction.
Every row carries ``doc_id`` and its ``position`` in the document's list, so that the
tables rebuild each ``Extraction`` exactly (``extractions``). The columns are the
dossier/1 fields with nested records as Arrow structs and lists (DuckDB reads them as
``e."when".start``, ``list_contains(e.context, 'crime')``); numbers keep their full
precision (the JSON contract rounds ``confidence``; the dataset does not). Events also
carry what queries need without the text: the store's ``event_id``, the span in whole
days (``date_start``, ``date_end``) and the ``sentence`` and ``trigger`` words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pyarrow as pa

from dossier.errors import DossierError
from dossier.records import Document, Extraction
from dossier.store.names import day_span, event_id

_SPAN = pa.list_(pa.int64())
_TEXTS = pa.list_(pa.string())
_WHEN = pa.struct(
    [
        ("start", pa.string()),
        ("end", pa.string()),
        ("precision", pa.string()),
        ("text", pa.string()),
    ]
)
_WHERE = pa.struct(
    [
        ("name", pa.string()),
        ("country", pa.string()),
        ("admin1", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("precision", pa.string()),
    ]
)
_MONEY = pa.struct([("amount", pa.float64()), ("currency", pa.string())])
_MODALITY = pa.struct(
    [(flag, pa.bool_()) for flag in ("negated", "hypothetical", "future", "historical", "hedged")]
)
_EVIDENCE = pa.struct([("sentence", _SPAN), ("trigger", _SPAN)])
_ROW = [("doc_id", pa.string()), ("position", pa.int32())]

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("doc_id", pa.string()),
            ("partition", pa.string()),
            ("position", pa.int32()),  # the document's place in its partition
            ("title", pa.string()),
            ("url", pa.string()),
            ("source", pa.string()),
            ("published", pa.string()),
            ("language", pa.string()),
            ("text", pa.large_string()),
        ]
    ),
    "actors": pa.schema(
        [
            *_ROW,
            ("id", pa.string()),
            ("name", pa.string()),
            ("aliases", _TEXTS),
            ("kind", pa.string()),
            ("country", pa.string()),
            ("sector", pa.string()),
            ("roles", _TEXTS),
            ("affiliations", _TEXTS),
            ("mentions", pa.list_(_SPAN)),
            ("dictionary_id", pa.string()),
        ]
    ),
    "events": pa.schema(
        [
            *_ROW,
            ("id", pa.string()),
            ("type", pa.string()),
            ("mode", pa.string()),
            ("context", _TEXTS),
            ("actor", _TEXTS),
            ("recipient", _TEXTS),
            ("when", _WHEN),
            ("where", _WHERE),
            ("killed", pa.int64()),
            ("injured", pa.int64()),
            ("arrested", pa.int64()),
            ("money", _MONEY),
            ("modality", _MODALITY),
            ("attribution", _TEXTS),
            ("evidence", _EVIDENCE),
            ("confidence", pa.float64()),
            ("event_id", pa.string()),
            ("date_start", pa.string()),
            ("date_end", pa.string()),
            ("sentence", pa.string()),
            ("trigger", pa.string()),
        ]
    ),
    "quotes": pa.schema(
        [
            *_ROW,
            ("speaker", pa.string()),
            ("text", pa.string()),
            ("span", _SPAN),
            ("when", _WHEN),
        ]
    ),
    "timexes": pa.schema(
        [
            *_ROW,
            ("text", pa.string()),
            ("span", _SPAN),
            ("type", pa.string()),
            ("value", pa.string()),
            ("mod", pa.string()),
        ]
    ),
    "quantities": pa.schema(
        [
            *_ROW,
            ("kind", pa.string()),
            ("value", pa.float64()),
            ("currency", pa.string()),
            ("span", _SPAN),
            ("approximate", pa.bool_()),
            ("text", pa.string()),
        ]
    ),
    "errors": pa.schema(
        [
            ("doc_id", pa.string()),
            ("partition", pa.string()),
            ("stage", pa.string()),
            ("message", pa.string()),
        ]
    ),
}
TABLES = tuple(SCHEMAS)  # the tables every partition writes, in this order
RECORDS = ("actors", "events", "quotes", "timexes", "quantities")


def partition_tables(
    partition: str,
    documents: Sequence[Document],
    results: Sequence[Extraction | DossierError],
) -> dict[str, pa.Table]:
    """Every table of one partition from its documents and what extraction made of them."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for position, (document, result) in enumerate(zip(documents, results, strict=True)):
        rows["documents"].append(
            {
                "doc_id": document.id,
                "partition": partition,
                "position": position,
                **{k: v for k, v in document.to_dict().items() if k != "id"},
            }
        )
        if isinstance(result, DossierError):
            rows["errors"].append(
                {
                    "doc_id": document.id,
                    "partition": partition,
                    "stage": result.stage,
                    "message": result.message,
                }
            )
            continue
        for name, records in record_rows(result).items():
            rows[name].extend(records)
    return {name: pa.Table.from_pylist(rows[name], schema=SCHEMAS[name]) for name in TABLES}


def record_rows(extraction: Extraction) -> dict[str, list[dict[str, Any]]]:
    """The rows of one extraction in each record table."""
    document = extraction.document
    doc_id = document.id

    def rows(items: Iterable[Any]) -> list[dict[str, Any]]:
        return [{"doc_id": doc_id, "position": i, **item.to_dict()} for i, item in enumerate(items)]

    events = []
    for position, event in enumerate(extraction.events):
        start, end = day_span(event.when.start, event.when.end)
        (s_start, s_end), (t_start, t_end) = event.evidence.sentence, event.evidence.trigger
        events.append(
            {
                "doc_id": doc_id,
                "position": position,
                **event.to_dict(),
                "confidence": event.confidence,  # to_dict rounds it for JSON; keep it whole
                "event_id": event_id(doc_id, event.id),
                "date_start": start,
                "date_end": end,
                "sentence": document.text[s_start:s_end],
                "trigger": document.text[t_start:t_end],
            }
        )
    return {
        "actors": rows(extraction.actors),
        "events": events,
        "quotes": rows(extraction.quotes),
        "timexes": rows(extraction.timexes),
        "quantities": rows(extraction.quantities),
    }


def extractions(tables: dict[str, pa.Table]) -> Iterator[Extraction]:
    """The extractions one partition's tables hold, in document order (failed ones left out).

    A record table missing from ``tables`` gives no records, and documents read without
    their ``text`` column get an empty text (what the reduce step reads).
    """
    failed = set(tables["errors"].column("doc_id").to_pylist())
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for name in RECORDS:
        by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in tables[name].to_pylist() if name in tables else ():
            by_doc[row["doc_id"]].append(row)
        grouped[name] = by_doc
    documents = sorted(tables["documents"].to_pylist(), key=lambda row: row["position"])
    for row in documents:
        doc_id = row["doc_id"]
        if doc_id in failed:
            continue
        data: dict[str, Any] = {
            "doc_id": doc_id,
            **{k: row[k] for k in ("title", "url", "source", "published", "language")},
        }
        for name in RECORDS:
            data[name] = sorted(grouped[name].get(doc_id, ()), key=lambda r: r["position"])
        yield Extraction.from_dict(data, text=row.get("text") or "")
