"""Exports: the knowledge base's events in the formats other tools read.

Each writer is ``write_<format>(source, out, ...) -> Exported``: ``source`` is a
``KnowledgeBase`` (all its events), a ``Selection`` (``select(kb, **filters)``, the
filters of ``kb.events``) or ``EventRow`` objects; ``out`` a path or an open stream.
``FORMATS`` maps each format name to its writer; ``export`` writes one to a path,
whole or not at all. ``docs/exports.md`` documents every format's field mapping.

    import dossier
    from dossier.export import export, select

    with dossier.open("dossier.sqlite") as kb:
        export("acled", select(kb, country="SLV", since="2015"), "slv.csv")
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.errors import DossierError, InputError, Messages
from dossier.export.acled import AcledMap, write_acled
from dossier.export.contract import write_jsonl
from dossier.export.ftm import write_ftm
from dossier.export.graph import network, write_gexf, write_graphml
from dossier.export.plover import write_plover
from dossier.export.source import Exported, Output, Selection, Source, as_selection, select
from dossier.export.table import write_csv, write_parquet
from dossier.export.timeline import write_timelinejs


@dataclass(frozen=True)
class Format:
    """One export format: its writer, whether it is binary, its usual file suffix."""

    name: str
    writer: Callable[..., Exported]
    suffix: str
    description: str
    binary: bool = False
    takes_text: bool = False  # the writer accepts include_text=


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("jsonl", write_jsonl, ".jsonl", "the dossier/1 contract, one document a line",
               takes_text=True),
        Format("csv", write_csv, ".csv", "one row per event, flat columns"),
        Format("parquet", write_parquet, ".parquet", "the csv table as Parquet", binary=True),
        Format("acled", write_acled, ".csv", "CSV in ACLED's column layout"),
        Format("plover", write_plover, ".jsonl", "POLECAT-style event records, one a line"),
        Format("gexf", write_gexf, ".gexf", "the actor network for Gephi"),
        Format("graphml", write_graphml, ".graphml", "the actor network as GraphML"),
        Format("timelinejs", write_timelinejs, ".json", "a Knight Lab TimelineJS document"),
        Format("ftm", write_ftm, ".ftm.json", "FollowTheMoney entities for Aleph",
               takes_text=True),
    )
}


def get_format(name: str) -> Format:
    """The format called ``name``; an ``InputError`` naming the choices otherwise."""
    found = FORMATS.get(name.lower())
    if found is None:
        raise InputError(
            Messages.E111.format(what="export format", value=name, choices=", ".join(FORMATS))
        )
    return found


def export(
    name: str, source: Source, out: Output, *, include_text: bool = False
) -> Exported:
    """Write ``source`` in format ``name`` to ``out``.

    A path is written to a temporary file beside it and renamed into place when the
    writer has finished, so a failed export never leaves half a file behind.
    """
    fmt = get_format(name)
    options: dict[str, Any] = {"include_text": include_text} if fmt.takes_text else {}
    if not isinstance(out, str | Path):
        return fmt.writer(source, out, **options)
    path = Path(out)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        result = fmt.writer(source, temporary, **options)
        os.replace(temporary, path)
    except OSError as exc:
        raise DossierError(Messages.E143.format(path=path, detail=exc.strerror or exc)) from exc
    finally:
        temporary.unlink(missing_ok=True)
    return result


__all__ = [
    "FORMATS",
    "AcledMap",
    "Exported",
    "Format",
    "Output",
    "Selection",
    "Source",
    "as_selection",
    "export",
    "get_format",
    "network",
    "select",
    "write_acled",
    "write_csv",
    "write_ftm",
    "write_gexf",
    "write_graphml",
    "write_jsonl",
    "write_parquet",
    "write_plover",
    "write_timelinejs",
]
