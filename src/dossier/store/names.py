"""Names as the store compares them, store actor ids, and dates widened to days.

``normalise("  Arístides  VALENCIA ")`` is ``"aristides valencia"``: accents folded,
case folded, every run of characters that are not letters or digits turned into one
space. Two actors with the same kind and normalised name are one actor across
documents (unless one of them comes from the actor dictionary: those merge by
dictionary id).
"""

from __future__ import annotations

import calendar
import unicodedata
from functools import lru_cache

_KIND_PREFIX = {"person": "person", "organization": "org", "group": "group", "location": "place"}


@lru_cache(maxsize=1 << 16)  # an ingest normalises the same few names again and again
def normalise(text: str) -> str:
    """Fold accents and case, keep letters and digits, one space between words."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words: list[str] = []
    word = ""
    for char in bare:
        if char.isalnum():
            word += char
        elif word:
            words.append(word)
            word = ""
    if word:
        words.append(word)
    return " ".join(words)


def actor_id(kind: str, norm_name: str, dictionary_id: str | None) -> str:
    """The store's id for a merged actor: the dictionary id, else ``<kind>:<slug>``."""
    if dictionary_id:
        return dictionary_id
    slug = norm_name.replace(" ", "-") or "unnamed"
    return f"{_KIND_PREFIX.get(kind, kind)}:{slug}"


def event_id(doc_id: str, local_id: str) -> str:
    """The store's event id: the contract's ``<doc_id>:e<n>``, prefixed if it is not."""
    return local_id if local_id.startswith(f"{doc_id}:") else f"{doc_id}:{local_id}"


def day_start(value: str | None) -> str | None:
    """The first day of a partial ISO date: ``2014-02`` -> ``2014-02-01``."""
    if not value:
        return None
    if len(value) == 4:
        return f"{value}-01-01"
    if len(value) == 7:
        return f"{value}-01"
    return value[:10]


def day_end(value: str | None) -> str | None:
    """The last day of a partial ISO date: ``2014-02`` -> ``2014-02-28``."""
    if not value:
        return None
    if len(value) == 4:
        return f"{value}-12-31"
    if len(value) == 7:
        try:
            last = calendar.monthrange(int(value[:4]), int(value[5:7]))[1]
        except ValueError:  # not a month: keep the text, it still sorts
            return value
        return f"{value}-{last:02d}"
    return value[:10]


def day_span(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """An event's span in whole days; a missing bound takes the other's extent."""
    first = day_start(start) or day_start(end)
    last = day_end(end) or day_end(start)
    if first and last and last < first:
        first, last = last, first
    return first, last
