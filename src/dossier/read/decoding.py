"""From bytes to the text every offset points into: the checks all text formats share.

Text is kept exactly as written, with two exceptions: a leading UTF-8 byte order mark
is dropped and line ends (``\\r\\n``, ``\\r``) become ``\\n``.
"""

from __future__ import annotations

from pathlib import Path

from dossier.errors import InputError, Messages

SNIFF_BYTES = 8192  # how much of a file the binary check looks at
BOM = "\ufeff"


def fail(template: str, *, doc_id: str | None = None, **values: object) -> InputError:
    """An ``InputError`` from the read stage with its message filled in."""
    return InputError(template.format(**values), doc_id=doc_id, stage="read")


def read_bytes(path: Path) -> bytes:
    """The whole file; raise E001 if it is missing, E013 if it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise fail(Messages.E001, path=path) from exc
    except OSError as exc:
        raise fail(Messages.E013, path=path, detail=exc.strerror or exc) from exc


def looks_binary(data: bytes) -> bool:
    """True if the first bytes hold a NUL, which no text file does."""
    return b"\x00" in data[:SNIFF_BYTES]


def decode(name: str, data: bytes) -> str:
    """Decode UTF-8 text, dropping a BOM and normalising line ends.

    Raises E003 for binary data and E004, naming the line and column, for bytes that
    are not UTF-8.
    """
    if looks_binary(data):
        raise fail(Messages.E003, path=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(Messages.E004, path=name, detail=where_undecodable(data, exc.start)) from exc
    return normalise_newlines(text.removeprefix(BOM))


def where_undecodable(data: bytes, offset: int, *, first_line: int = 1) -> str:
    """Describe a bad byte for a person: its value, line and column (in bytes).

    ``first_line`` is the number of the line ``data`` starts on.
    """
    line = data.count(b"\n", 0, offset) + first_line
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"byte 0x{data[offset]:02X} at line {line}, column {column}"


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_text(name: str, text: str, max_chars: int, *, doc_id: str | None = None) -> str:
    """Return ``text`` if it holds something and fits the limit; raise E002 or E005."""
    if not text.strip():
        raise fail(Messages.E002, path=name, doc_id=doc_id)
    if len(text) > max_chars:
        raise fail(Messages.E005, path=name, size=len(text), limit=max_chars, doc_id=doc_id)
    return text
