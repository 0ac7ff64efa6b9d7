"""Atheris harness: every reader over arbitrary bytes, the first byte choosing the format.

The rest of the input is written to a file with that format's suffix (or handed to
standard input) and read with ``iter_documents``. Whatever the bytes, reading must
yield only documents and ``InputError`` values (any other exception is a crash), and
every document must satisfy ``tests/fuzz/invariants.py``.

    .venv/bin/python fuzz/readers.py -max_total_time=600
"""

from __future__ import annotations

import io
import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.fuzz

import atheris  # noqa: E402
from fuzz.harness import run  # noqa: E402

with atheris.instrument_imports(include=["dossier", "feedparser", "trafilatura", "pypdf"]):
    import feedparser  # noqa: F401  (imported here so that it is instrumented)
    import pypdf  # noqa: F401
    import trafilatura  # noqa: F401

    from dossier.read import iter_documents

from tests.fuzz.invariants import check_item  # noqa: E402

logging.disable(logging.CRITICAL)  # pypdf and trafilatura log every malformed input

FORMATS = (".txt", ".html", ".jsonl", ".csv", ".xml", ".atom", ".pdf", ".md", "-")
MAX_CHARS = 20_000
FOLDER = Path(tempfile.mkdtemp(prefix="dossier-fuzz-readers-"))


def one_input(data: bytes) -> None:
    if not data:
        return
    suffix = FORMATS[data[0] % len(FORMATS)]
    body = data[1:]
    if suffix == "-":
        sys.stdin = io.TextIOWrapper(io.BytesIO(body))
        source = "-"
    else:
        path = FOLDER / f"input{suffix}"
        path.write_bytes(body)
        source = str(path)
    for item in iter_documents([source], max_chars=MAX_CHARS):
        check_item(item, MAX_CHARS)


if __name__ == "__main__":
    run("readers", one_input, timeout=30, max_len=65536)
