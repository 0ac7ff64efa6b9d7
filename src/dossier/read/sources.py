"""From what the user names (files, directories, ``-``, feed URLs) to documents.

``iter_documents`` picks a reader for each source by its kind and, for files, by
suffix. A reader yields documents, and errors for bad records within an input; it
raises ``InputError`` when a whole input is unusable. Here every such error becomes a
value in the stream, so one bad input never stops the others.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO, TextIO

from dossier.errors import InputError, Messages
from dossier.read import feed, jsonl, pdf, table, text, webpage
from dossier.read.decoding import (
    BOM,
    SNIFF_BYTES,
    decode,
    fail,
    looks_binary,
    text_bytes,
    wide_encoding,
)
from dossier.read.fields import ReadOptions
from dossier.records import Document

Reader = Callable[[Path, ReadOptions], Iterator[Document | InputError]]

STDIN = "-"
STDIN_NAME = "<stdin>"  # how standard input is named in messages
STDIN_ID = "stdin"  # the id of a plain text read from standard input

READERS: MappingProxyType[str, Reader] = MappingProxyType(
    {
        **dict.fromkeys(text.SUFFIXES, text.read_text_file),
        **dict.fromkeys(webpage.SUFFIXES, webpage.read_html_file),
        **dict.fromkeys(jsonl.SUFFIXES, jsonl.read_jsonl_file),
        **dict.fromkeys(table.SUFFIXES, table.read_csv_file),
        **dict.fromkeys(feed.SUFFIXES, feed.read_feed_file),
        **dict.fromkeys(pdf.SUFFIXES, pdf.read_pdf_file),
    }
)
SUFFIXES = tuple(READERS)


def iter_documents(
    sources: Iterable[str], *, published: str | None = None, max_chars: int = 1_000_000
) -> Iterator[Document | InputError]:
    """Read every source, in order, yielding documents and, for bad inputs, errors.

    A source is a file (its suffix picks the format), a directory (every readable
    file under it, in name order; hidden files and unknown suffixes are skipped),
    ``-`` for standard input (plain text, or JSON Lines if it starts with ``{``) or
    an http(s) URL of an RSS or Atom feed. ``published``, already checked with
    ``parse_date``, replaces every document's own date. Texts longer than
    ``max_chars`` are refused (E005). Errors are yielded as ``InputError`` values,
    never raised, so later inputs are still read.
    """
    options = ReadOptions(published=published, max_chars=max_chars)
    seen: set[str] = set()
    for source in sources:
        for item in _guarded(_read_source(source, options)):
            if isinstance(item, Document):
                if item.id in seen:  # a second document would replace the first when stored
                    yield InputError(
                        Messages.E027.format(path=source, doc_id=item.id), doc_id=item.id
                    )
                    continue
                seen.add(item.id)
            yield item


def _guarded(items: Iterator[Document | InputError]) -> Iterator[Document | InputError]:
    """Pass ``items`` on; an error that ends them early becomes the last item."""
    try:
        yield from items
    except InputError as exc:
        yield exc


def _read_source(source: str, options: ReadOptions) -> Iterator[Document | InputError]:
    if source == STDIN:
        yield from _read_stdin(options)
    elif feed.is_url(source):
        yield from feed.read_feed_url(source, options)
    elif Path(source).is_dir():
        yield from _read_directory(Path(source), options)
    else:
        yield from read_file(Path(source), options)


def read_file(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """The documents in one file, read by the reader its suffix names."""
    if not path.exists():
        raise fail(Messages.E001, path=path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        suffix = path.suffix or "(none)"
        raise fail(Messages.E012, path=path, suffix=suffix, known=" ".join(SUFFIXES))
    yield from reader(path, options)


def _read_directory(root: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    found = False
    for path in files_under(root):
        found = True
        yield from _guarded(read_file(path, options))
    if not found:
        raise fail(Messages.E024, path=root, known=" ".join(SUFFIXES))


def files_under(root: Path) -> Iterator[Path]:
    """The files under ``root`` that dossier reads, in a stable order.

    Each folder's files come in name order, then its subfolders in name order;
    hidden files and folders and files with unknown suffixes are skipped.
    """
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and Path(name).suffix.lower() in READERS:
                yield Path(folder, name)


def _read_stdin(options: ReadOptions) -> Iterator[Document | InputError]:
    """JSON Lines, streamed, if standard input starts with ``{``; else one plain text,
    refused (E029) once it holds more bytes than the size limit allows."""
    stream = _stdin_stream()
    head = _read(stream, SNIFF_BYTES)
    if encoding := wide_encoding(head):
        raise fail(Messages.E004, path=STDIN_NAME, detail=f"it is {encoding} text")
    if looks_binary(head):
        raise fail(Messages.E003, path=STDIN_NAME)
    if head.removeprefix(BOM.encode("utf-8")).lstrip().startswith(b"{"):
        rejoined = io.BufferedReader(_Rejoined(head, stream))
        yield from jsonl.read_jsonl_lines(STDIN_NAME, STDIN_ID, rejoined, options)
        return
    limit = text_bytes(options.max_chars)
    data = head + _read(stream, max(limit + 1 - len(head), 0))
    if len(data) > limit:  # the rest is left unread: its size is unknown
        size = f"more than {limit}"
        raise fail(Messages.E029, path=STDIN_NAME, size=size, max_chars=options.max_chars)
    yield text.read_text(STDIN_NAME, decode(STDIN_NAME, data), options, doc_id=STDIN_ID)


def _stdin_stream() -> BinaryIO:
    """Standard input as bytes, even when a test replaces it with text."""
    stream = sys.stdin
    if stream is None:
        raise fail(Messages.E013, path=STDIN_NAME, detail="there is no standard input")
    buffer: BinaryIO | None = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    return io.BytesIO(_read_text(stream).encode("utf-8", errors="surrogateescape"))


def _read_text(stream: TextIO) -> str:
    try:
        return str(stream.read())
    except OSError as exc:
        raise fail(Messages.E013, path=STDIN_NAME, detail=exc.strerror or exc) from exc


def _read(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes (fewer only at the end of the stream); E013 if it fails."""
    parts: list[bytes] = []
    wanted = size
    try:
        while wanted > 0 and (part := stream.read(wanted)):
            parts.append(part)
            wanted -= len(part)
    except OSError as exc:
        raise fail(Messages.E013, path=STDIN_NAME, detail=exc.strerror or exc) from exc
    return b"".join(parts)


class _Rejoined(io.RawIOBase):
    """The bytes already read from a stream (``head``), then the rest of the stream."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            count = min(len(view), len(self._head))
            view[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        try:
            data = self._rest.read(len(view))
        except OSError as exc:
            raise fail(Messages.E013, path=STDIN_NAME, detail=exc.strerror or exc) from exc
        view[: len(data)] = data
        return len(data)
