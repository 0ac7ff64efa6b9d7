"""From what the user names (files, directories, ``-``, feed URLs) to documents.

``iter_documents`` picks a reader for each source by its kind and, for files, by
suffix. A reader yields documents, and errors for bad records within an input; it
raises ``InputError`` when a whole input is unusable. Here every such error becomes a
value in the stream, so one bad input never stops the others.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import MappingProxyType

from dossier.errors import InputError, Messages
from dossier.read import feed, jsonl, pdf, table, text, webpage
from dossier.read.decoding import BOM, decode, fail, looks_binary
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
    data = _stdin_bytes()
    if looks_binary(data):
        raise fail(Messages.E003, path=STDIN_NAME)
    if data.removeprefix(BOM.encode("utf-8")).lstrip().startswith(b"{"):
        yield from jsonl.read_jsonl_lines(STDIN_NAME, STDIN_ID, data.split(b"\n"), options)
        return
    yield text.read_text(STDIN_NAME, decode(STDIN_NAME, data), options, doc_id=STDIN_ID)


def _stdin_bytes() -> bytes:
    """All of standard input, as bytes even when a test replaces it with text."""
    stream = sys.stdin
    if stream is None:
        raise fail(Messages.E013, path=STDIN_NAME, detail="there is no standard input")
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            data: bytes = buffer.read()
            return data
        return str(stream.read()).encode("utf-8", errors="surrogateescape")
    except OSError as exc:
        raise fail(Messages.E013, path=STDIN_NAME, detail=exc.strerror or exc) from exc
