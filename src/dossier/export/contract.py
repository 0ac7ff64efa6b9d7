"""``jsonl``: the dossier/1 contract, one JSON object per document of the selected events.

Each document is rebuilt from the store as the ``Extraction`` that was ingested
(``kb.extraction``); its ``events`` are cut down to the selected ones, in the
document's own order. Actors, quotes, timexes and quantities stay whole: they belong to
the document, and every actor id a kept event names is still defined. Documents come in
the order of their first selected event.
"""

from __future__ import annotations

import json
from dataclasses import replace

from dossier.export.source import Exported, Output, Source, as_selection, opened


def write_jsonl(source: Source, out: Output, *, include_text: bool = False) -> Exported:
    """Write one dossier/1 record per document; ``include_text`` adds each ``text``."""
    selection = as_selection(source)
    wanted: dict[str, set[str]] = {}
    for row in selection.events:
        wanted.setdefault(row.doc_id, set()).add(row.local_id)
    count = 0
    with opened(out) as stream:
        for doc_id, local_ids in wanted.items():
            extraction = selection.extraction(doc_id, fmt="jsonl")
            if extraction is None:
                continue
            kept = tuple(event for event in extraction.events if event.id in local_ids)
            record = replace(extraction, events=kept).to_dict(include_text=include_text)
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return Exported(count, "documents")
