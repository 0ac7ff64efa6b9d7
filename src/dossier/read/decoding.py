"""From bytes to the text every offset points into: the checks all text formats share.

Text is kept exactly as written, with three exceptions: a leading UTF-8 byte order mark
is dropped, line ends (``\\r\\n``, ``\\r``) become ``\\n``, and an unpaired surrogate
(which only a JSON escape can produce) becomes U+FFFD.
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from dossier.errors import InputError, Messages

SNIFF_BYTES = 8192  # how much of a file the binary check looks at
BOM = "\ufeff"

# Byte limits that follow from the character limit (``--max-chars``), so that an
# oversized input is refused before it is read, decoded or parsed:
TEXT_BYTES_PER_CHAR = 4  # plain text: UTF-8 takes at most 4 bytes for a character
MARKUP_BYTES_PER_CHAR = 64  # HTML, feeds, PDF: markup, styles and images besides the text
MARKUP_SLACK = 1 << 20  # and at least a megabyte of it, however low the limit


def fail(template: str, *, doc_id: str | None = None, **values: object) -> InputError:
    """An ``InputError`` from the read stage with its message filled in."""
    return InputError(template.format(**values), doc_id=doc_id, stage="read")


def text_bytes(max_chars: int) -> int:
    """The most bytes a plain text of ``max_chars`` characters takes (with a BOM)."""
    return TEXT_BYTES_PER_CHAR * max_chars + len(BOM.encode("utf-8"))


def markup_bytes(max_chars: int) -> int:
    """The most bytes dossier reads of a page, feed or PDF for ``max_chars`` of text."""
    return MARKUP_BYTES_PER_CHAR * max_chars + MARKUP_SLACK


def open_binary(path: Path) -> BinaryIO:
    """The file opened to read its bytes as a stream; E001 if it is missing, E013 if it
    cannot be opened."""
    try:
        return path.open("rb")
    except FileNotFoundError as exc:
        raise fail(Messages.E001, path=path) from exc
    except OSError as exc:
        raise fail(Messages.E013, path=path, detail=exc.strerror or exc) from exc


def read_bytes(path: Path, max_bytes: int | None = None, *, max_chars: int = 0) -> bytes:
    """The whole file; raise E001 if it is missing, E013 if it cannot be read.

    With ``max_bytes``, a larger file is refused (E029, naming ``max_chars``, the limit
    it follows from) after reading at most ``max_bytes + 1`` bytes: its size on disk is
    checked first, and a file that grows while it is read (a pipe) is cut short.
    """
    try:
        if max_bytes is None:
            return path.read_bytes()
        size = path.stat().st_size
        if size <= max_bytes:
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise fail(Messages.E001, path=path) from exc
    except OSError as exc:
        raise fail(Messages.E013, path=path, detail=exc.strerror or exc) from exc
    if size > max_bytes:
        raise fail(Messages.E029, path=path, size=size, max_chars=max_chars)
    if len(data) > max_bytes:  # it grew while it was read; the rest is left unread
        size_read = f"more than {max_bytes}"
        raise fail(Messages.E029, path=path, size=size_read, max_chars=max_chars)
    return data


def looks_binary(data: bytes) -> bool:
    """True if the first bytes hold a NUL, which no text file does."""
    return b"\x00" in data[:SNIFF_BYTES]


def decode(name: str, data: bytes) -> str:
    """Decode UTF-8 text, dropping a BOM and normalising line ends.

    Raises E004 for text a byte order mark says is UTF-16 or UTF-32, E003 for other
    binary data and E004, naming the line and column, for bytes that are not UTF-8.
    """
    if encoding := wide_encoding(data):
        raise fail(Messages.E004, path=name, detail=f"it is {encoding} text")
    if looks_binary(data):
        raise fail(Messages.E003, path=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(Messages.E004, path=name, detail=where_undecodable(data, exc.start)) from exc
    return normalise_newlines(text.removeprefix(BOM))


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),  # before UTF-16: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def wide_encoding(data: bytes) -> str | None:
    """The encoding, UTF-16 or UTF-32, whose byte order mark starts ``data``, if any."""
    return next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)


def where_undecodable(
    data: bytes, offset: int, *, first_line: int = 1, first_column: int = 1
) -> str:
    """Describe a bad byte for a person: its value, line and column (in bytes).

    ``first_line`` and ``first_column`` say where ``data`` starts (a chunk of a file
    may start in the middle of a line).
    """
    line = data.count(b"\n", 0, offset) + first_line
    line_start = data.rfind(b"\n", 0, offset)
    column = offset - line_start if line_start >= 0 else offset + first_column
    return f"byte 0x{data[offset]:02X} at line {line}, column {column}"


def decode_chunks(name: str, chunks: Iterable[bytes]) -> Iterator[str]:
    """Decode UTF-8 text that arrives in chunks, as ``decode`` does a whole text.

    The chunks may split a character, a ``\\r\\n`` or the BOM anywhere: the text
    yielded, joined, is what ``decode`` gives for the bytes joined, and no more than
    a chunk (and the few bytes of a split character) is held at a time. A byte that
    is not UTF-8 raises E004, naming its line and column, once all the text before
    it has been yielded. The checks on the first bytes (``wide_encoding``,
    ``looks_binary``) are the caller's.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, column = 1, 1  # where the next chunk starts
    at_start = True
    held = ""  # a "\r" that ended the last text: a "\n" may follow
    for chunk in itertools.chain(chunks, [b""]):
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            split = len(exc.object) - len(chunk)  # bytes of a character the last chunk began
            valid = bytes(exc.object[: exc.start]).decode("utf-8")
            yield normalise_newlines(held + (valid.removeprefix(BOM) if at_start else valid))
            where = where_undecodable(
                exc.object, exc.start, first_line=line, first_column=column - split
            )
            raise fail(Messages.E004, path=name, detail=where) from exc
        line += chunk.count(b"\n")
        line_start = chunk.rfind(b"\n")
        column = len(chunk) - line_start if line_start >= 0 else column + len(chunk)
        if at_start and text:
            text, at_start = text.removeprefix(BOM), False
        text, held = held + text, ""
        if chunk and text.endswith("\r"):
            text, held = text[:-1], "\r"
        if text:
            yield normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """``text`` with each unpaired surrogate (a JSON ``"\\ud800"`` escape, say) replaced
    by U+FFFD: one character for one, so offsets are unchanged, and the text can be
    encoded as UTF-8 again."""
    return _SURROGATE.sub("\ufffd", text)


def check_text(name: str, text: str, max_chars: int, *, doc_id: str | None = None) -> str:
    """Return ``text`` if it holds something and fits the limit; raise E002 or E005."""
    if not text.strip():
        raise fail(Messages.E002, path=name, doc_id=doc_id)
    if len(text) > max_chars:
        raise fail(Messages.E005, path=name, size=len(text), limit=max_chars, doc_id=doc_id)
    return text
