"""Saved web pages: the article's main text and metadata, found by trafilatura.

Navigation, footers and reader comments are left out. Each block of the article
(paragraph, heading, list item) becomes a paragraph of the document, separated by a
blank line. The date comes from the page's metadata only, never from dates mentioned
in the article's text. A JSON sidecar overrides what the page says.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dossier.errors import InputError, Messages
from dossier.read.decoding import check_text, fail, looks_binary, markup_bytes, read_bytes
from dossier.read.fields import ReadOptions
from dossier.read.text import with_sidecar
from dossier.records import Document

SUFFIXES = (".html", ".htm")

# Dates mentioned in the body are events, not the publication date: metadata only.
_DATE_SEARCH = {"extensive_search": False, "original_date": True}


def read_html_file(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """Yield the page's article as one document; raise ``InputError`` if there is none."""
    import trafilatura  # slow to import; only needed when a page is read

    name = str(path)
    data = read_bytes(path, markup_bytes(options.max_chars), max_chars=options.max_chars)
    if not data.strip():
        raise fail(Messages.E002, path=name)
    if looks_binary(data):
        raise fail(Messages.E003, path=name)
    extracted = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=_DATE_SEARCH,
    )
    page: dict[str, Any] = {}
    if extracted is not None:
        page = extracted if isinstance(extracted, dict) else extracted.as_dict()
    blocks = (line.strip() for line in (page.get("text") or "").splitlines())
    text = "\n\n".join(block for block in blocks if block)
    if not text:
        raise fail(Messages.E009, path=name)
    check_text(name, text, options.max_chars)
    found = {
        "title": page.get("title"),
        "url": page.get("url"),
        "source": page.get("sitename"),
        "published": page.get("date"),
    }
    yield with_sidecar(path, text, options, **found)
