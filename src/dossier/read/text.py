"""Plain text and Markdown files: one document each, metadata from a JSON sidecar.

``article.txt`` (or ``.text``, ``.md``) is read as UTF-8 and kept as written; an
``article.json`` beside it may hold ``id``, ``title``, ``url``, ``source``,
``published`` and ``language``. The id defaults to the file's stem, so the same file
gets the same id on every run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dossier.errors import InputError
from dossier.read.decoding import check_text, decode, read_bytes, text_bytes
from dossier.read.fields import ReadOptions, make_document, read_sidecar
from dossier.records import Document

SUFFIXES = (".txt", ".text", ".md")


def read_text_file(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """Yield the file as one document; raise ``InputError`` if it cannot be."""
    name = str(path)
    data = read_bytes(path, text_bytes(options.max_chars), max_chars=options.max_chars)
    text = check_text(name, decode(name, data), options.max_chars)
    yield with_sidecar(path, text, options)


def with_sidecar(path: Path, text: str, options: ReadOptions, **found: str | None) -> Document:
    """A document for a single-article file: ``found`` metadata, overridden by a sidecar.

    Used by every format that holds one article (text, HTML, PDF).
    """
    sidecar = read_sidecar(path)
    where = str(path.with_suffix(".json")) if sidecar else str(path)
    metadata = {**{k: v for k, v in found.items() if v}, **sidecar}
    return make_document(text, metadata, where=where, default_id=path.stem, options=options)


def read_text(name: str, text: str, options: ReadOptions, *, doc_id: str) -> Document:
    """A document from text already in memory (standard input)."""
    text = check_text(name, text, options.max_chars)
    return make_document(text, {}, where=name, default_id=doc_id, options=options)
