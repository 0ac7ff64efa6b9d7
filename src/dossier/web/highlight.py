"""Text with spans highlighted, as safe HTML: escape first, then wrap the spans.

Spans are character offsets into the plain text and may overlap or nest. The text is
cut at every span boundary; each piece is escaped on its own and, when spans cover it,
wrapped in one ``<mark>`` whose classes name their roles. Nothing of the text is ever
read as markup, so an article full of tags shows as the characters it holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from dossier.store.rows import MARK_CLOSE, MARK_OPEN

ROLES = ("evidence", "trigger", "actor", "recipient", "when", "place", "figure", "mention",
         "timex", "quote", "event")


@dataclass(frozen=True)
class Span:
    """A stretch of the text to highlight, ``[start, end)``, with its role."""

    start: int
    end: int
    role: str
    anchor: str | None = None  # an id to link to the first piece of the span


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` as HTML with every span wrapped in ``<mark class="hl-ROLE ...">``."""
    kept = [s for s in spans if 0 <= s.start < s.end <= len(text) and s.role in ROLES]
    cuts = sorted({0, len(text), *(s.start for s in kept), *(s.end for s in kept)})
    parts: list[str] = []
    anchored: set[str] = set()
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = str(escape(text[start:end]))
        covering = [s for s in kept if s.start <= start and end <= s.end]
        if not covering:
            parts.append(piece)
            continue
        roles = sorted({s.role for s in covering}, key=ROLES.index)
        classes = " ".join(f"hl-{role}" for role in roles)
        anchor = next(
            (s.anchor for s in covering if s.anchor and s.start == start), None
        )
        ident = ""
        if anchor and anchor not in anchored:
            anchored.add(anchor)
            ident = f' id="{escape(anchor)}"'
        parts.append(f'<mark class="{classes}"{ident}>{piece}</mark>')
    return Markup("".join(parts))


def snippet(text: str) -> Markup:
    """A search snippet with the matched words (between the store's marks) in ``<mark>``."""
    parts: list[str] = []
    rest = text
    while MARK_OPEN in rest:
        before, _, after = rest.partition(MARK_OPEN)
        matched, _, rest = after.partition(MARK_CLOSE)
        parts.append(str(escape(before)))
        parts.append(f'<mark class="hl-match">{escape(matched)}</mark>')
    parts.append(str(escape(rest)))
    return Markup("".join(parts))
