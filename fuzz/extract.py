"""Atheris harness: the whole extraction (parse, find, code) over arbitrary text.

The first byte picks the publication date; the rest is the text, as Unicode that may
hold unpaired surrogates, control characters, zero-width and right-to-left marks.
``Extractor.extract_one`` may only return an extraction satisfying
``tests/fuzz/invariants.py`` or raise a ``DossierError`` (a refused text, a document
over the time limit); anything else is a crash.

    .venv/bin/python fuzz/extract.py -max_total_time=600
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.fuzz

import atheris  # noqa: E402
from fuzz.harness import run  # noqa: E402

with atheris.instrument_imports(include=["dossier"]):
    from dossier.config import Config
    from dossier.errors import DossierError
    from dossier.pipeline import Extractor
    from dossier.records import Document

from tests.fuzz.invariants import check_extraction  # noqa: E402

PUBLISHED = (None, "2016", "2016-11", "2016-11-03", "0001-01-01", "9999-12-31")
TIME_LIMIT = 20.0  # seconds per document; libFuzzer's own -timeout is longer
EXTRACTOR = Extractor(Config(time_limit=TIME_LIMIT))


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    published = PUBLISHED[provider.ConsumeIntInRange(0, len(PUBLISHED) - 1)]
    text = provider.ConsumeUnicode(len(data))
    try:
        extraction = EXTRACTOR.extract_one(Document(id="fuzz", text=text, published=published))
    except DossierError as exc:
        assert exc.message and "\n" not in exc.message, repr(exc)
        return
    check_extraction(extraction)


if __name__ == "__main__":
    run("extract", one_input, timeout=60, max_len=4096)
