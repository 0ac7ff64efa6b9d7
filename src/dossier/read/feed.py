"""RSS and Atom feeds, from a file or a URL: one document per entry.

An entry's text is its full content if the feed carries it, otherwise its summary,
with the HTML markup taken out: each block (paragraph, heading, list item, line
break) becomes a paragraph, separated by a blank line. The entry's id (or link)
is the document id, so re-reading a feed gives the same ids; the feed's title is
the source. An entry's date is cut to the day as written in the feed.

Fetching a URL is the one network access in dossier, and only ever because the user
named the URL as an input; ``fetch`` is the single place it happens.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from dossier.errors import InputError, Messages
from dossier.read.dates import parse_date
from dossier.read.decoding import (
    fail,
    looks_binary,
    markup_bytes,
    normalise_newlines,
    read_bytes,
)
from dossier.read.fields import ReadOptions, make_document
from dossier.records import Document

SUFFIXES = (".rss", ".atom", ".xml")
URL_SCHEMES = ("http://", "https://")
FETCH_TIMEOUT = 30.0  # seconds
USER_AGENT = "dossier/0.1 (reads the feeds its user names)"

_BLOCKS = frozenset(
    (
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr",
        "ul",
    )
)  # fmt: skip
_HIDDEN = frozenset(("script", "style", "template"))


def is_url(source: str) -> bool:
    return source.lower().startswith(URL_SCHEMES)


def read_feed_file(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """Yield a document or an error per entry; raise ``InputError`` if it is no feed."""
    name = str(path)
    data = read_bytes(path, markup_bytes(options.max_chars), max_chars=options.max_chars)
    if not data.strip():
        raise fail(Messages.E002, path=name)
    yield from feed_documents(name, path.stem, data, options)


def read_feed_url(url: str, options: ReadOptions) -> Iterator[Document | InputError]:
    """Fetch the feed at ``url`` and yield a document or an error per entry."""
    body = fetch(url, markup_bytes(options.max_chars))
    if len(body) > markup_bytes(options.max_chars):
        raise fail(Messages.E029, path=url, size=len(body), max_chars=options.max_chars)
    yield from feed_documents(url, url, body, options)


def fetch(url: str, max_bytes: int | None = None) -> bytes:
    """The body at ``url`` (no more than ``max_bytes + 1`` bytes of it, if given); raise
    E022 if it cannot be fetched."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            body: bytes = response.read(None if max_bytes is None else max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise fail(Messages.E022, path=url, detail=f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise fail(Messages.E022, path=url, detail=reason) from exc
    return body


def feed_documents(
    name: str, stem: str, data: bytes, options: ReadOptions
) -> Iterator[Document | InputError]:
    """Parse feed bytes; ``stem`` starts the ids of entries with neither id nor link."""
    import feedparser  # slow to import; only needed when a feed is read

    if looks_binary(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(Messages.E003, path=name)
    try:
        parsed = feedparser.parse(data)
    except ValueError as exc:  # UnicodeError from a bad declared encoding or a &#xD800;
        raise fail(Messages.E011, path=name, detail=exc) from exc
    if not parsed.version and not parsed.entries:
        reason = parsed.get("bozo_exception") or "not an RSS or Atom document"
        raise fail(Messages.E011, path=name, detail=reason)
    if not parsed.entries:
        raise fail(Messages.E019, path=name)
    channel = parsed.feed
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{name}, entry {number}"
        try:
            yield _entry_document(entry, channel, where, f"{stem}:{number}", options)
        except InputError as exc:
            yield exc


def _entry_document(
    entry: Mapping[str, Any],
    channel: Mapping[str, Any],
    where: str,
    default_id: str,
    options: ReadOptions,
) -> Document:
    text = entry_text(entry)
    if not text:
        raise fail(Messages.E021, where=where)
    if len(text) > options.max_chars:
        raise fail(Messages.E005, path=where, size=len(text), limit=options.max_chars)
    metadata = {
        "id": entry.get("id") or entry.get("link"),
        "title": entry.get("title"),
        "url": entry.get("link"),
        "source": channel.get("title"),
        "published": _entry_date(entry),
        "language": channel.get("language"),
    }
    return make_document(text, metadata, where=where, default_id=default_id, options=options)


def entry_text(entry: Mapping[str, Any]) -> str:
    """The entry's content, else its summary, as plain text ("" if it has neither)."""
    for part in [*entry.get("content", ()), entry.get("summary_detail")]:
        if not part or not (part.get("value") or "").strip():
            continue
        value = str(part["value"])
        if "html" in (part.get("type") or "html"):
            return strip_html(value)
        return _paragraphs(normalise_newlines(value).split("\n\n"))
    return ""


def _entry_date(entry: Mapping[str, Any]) -> str | None:
    """The entry's date as written, or as feedparser read it if ours cannot.

    A date neither can read is left out (``None``) rather than kept as written: a
    document's date is always a partial ISO date.
    """
    for key in ("published", "updated", "created"):
        written = entry.get(key)
        if not written:
            continue
        try:
            return parse_date(str(written))
        except InputError:
            parsed = entry.get(f"{key}_parsed")
            return _struct_date(parsed) if parsed else None
    return None


def _struct_date(parsed: time.struct_time) -> str | None:
    """A ``struct_time`` as ``YYYY-MM-DD``, or ``None`` outside the years 1 to 9999."""
    if not 1 <= parsed.tm_year <= 9999:
        return None
    return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"


def strip_html(markup: str) -> str:
    """The text of an HTML fragment: one paragraph per block, entities decoded."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return _paragraphs(parser.blocks)


def _paragraphs(blocks: list[str]) -> str:
    """Blocks with their white space collapsed, blank ones dropped, one blank line apart."""
    collapsed = (" ".join(block.split()) for block in blocks)
    return "\n\n".join(block for block in collapsed if block)


class _TextParser(HTMLParser):
    """Collects an HTML fragment's text, starting a new block at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = [""]
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCKS:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self.blocks.append("")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.blocks[-1] += data
