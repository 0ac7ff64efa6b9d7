"""Atheris harness: finding and normalising temporal expressions in arbitrary text.

The first byte picks the publication date (none, partial, the calendar's first and
last days, a leap day); the rest is the text, as Unicode. ``find_timexes`` runs
without a parse (the tense then comes from the text's own cues), and every timex goes
through ``to_when`` and ``when_for``. Nothing may raise; every span must point at the
words it records and every ``When`` must be a valid calendar span.

    .venv/bin/python fuzz/timexes.py -max_total_time=600
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.fuzz

import atheris  # noqa: E402
from fuzz.harness import run  # noqa: E402

with atheris.instrument_imports(include=["dossier"]):
    from dossier.records import Document, Extraction
    from dossier.time import find_timexes, publication_when, to_when, when_for

from tests.fuzz.invariants import check_extraction, check_when  # noqa: E402

PUBLISHED = (None, "2016", "2016-11", "2016-11-03", "0001-01-01", "9999-12-31", "2016-02-29")


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    published = PUBLISHED[provider.ConsumeIntInRange(0, len(PUBLISHED) - 1)]
    text = provider.ConsumeUnicodeNoSurrogates(len(data))
    timexes = find_timexes(text, published)
    document = Document(id="fuzz", text=text or " ", published=published)
    check_extraction(Extraction(document=document, timexes=tuple(timexes)))
    for timex in timexes:
        check_when(to_when(timex))
    check_when(when_for(text, timexes, (0, len(text))))
    check_when(publication_when(published))


if __name__ == "__main__":
    run("timexes", one_input, timeout=30, max_len=4096)
