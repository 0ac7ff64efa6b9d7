"""PDF files: the text of every page, in order, pages separated by a blank line.

Text comes from pypdf's text layer; a scanned PDF without one has no text (E015),
since dossier does no OCR. The title comes from the PDF's metadata; a JSON sidecar
overrides it and supplies the rest.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from dossier.errors import InputError, Messages
from dossier.read.decoding import (
    check_text,
    fail,
    markup_bytes,
    normalise_newlines,
    read_bytes,
)
from dossier.read.fields import ReadOptions
from dossier.read.text import with_sidecar
from dossier.records import Document

SUFFIXES = (".pdf",)


def read_pdf_file(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """Yield the PDF's text as one document; raise ``InputError`` if it cannot be read."""
    name = str(path)
    data = read_bytes(path, markup_bytes(options.max_chars), max_chars=options.max_chars)
    if not data:
        raise fail(Messages.E002, path=name)
    pages, title = _extract(name, data)
    text = "\n\n".join(page for page in pages if page)
    if not text:
        raise fail(Messages.E015, path=name)
    check_text(name, text, options.max_chars)
    yield with_sidecar(path, text, options, title=title)


def _extract(name: str, data: bytes) -> tuple[list[str], str | None]:
    """Each page's text, stripped, and the metadata title; pypdf's errors become E010.

    pypdf raises more than its own errors on a malformed file (fuzzing found an
    ``AttributeError`` for a page whose ``/Parent`` names a missing object): here, at
    the one place dossier calls it, any exception means the file is not a readable PDF.
    """
    from pypdf import PdfReader  # slow to import; only needed when a PDF is read

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise fail(Messages.E010, path=name, detail="it is protected by a password")
        pages = [normalise_newlines(page.extract_text() or "").strip() for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except InputError:
        raise
    except Exception as exc:  # a malformed PDF can fail anywhere inside pypdf
        raise fail(Messages.E010, path=name, detail=_reason(exc)) from exc
    return pages, title if isinstance(title, str) else None


def _reason(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
