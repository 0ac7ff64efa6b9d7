"""One event per distinct happening: merging the mentions of one event, and the ids.

A document often tells one event several times ("negotiated a truce ... the truce
lasted ..."). Two events are the same when they have the same type, compatible modes,
the same polarity and hypothetical status, participants where one side's actors and
recipients are each contained in the other's, time spans where one contains the other
(two spans that only fall back on the publication date agree with each other, not with
a stated date), and compatible places (the same, or one only the document's country).
Each event merges into the nearest earlier one it matches, keeping the evidence of the
more confident mention, the union of participants, contexts and sources, the more
precise time and place, and the most conservative figures (ACLED: the lowest count
when accounts differ).

Ids are ``<doc_id>:e<n>`` with ``n`` counting events in text order from 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from dossier.records import Event, Money, When, Where

_VAGUE_TIME = frozenset({"publication", "unknown"})
_PLACE_RANK = {"city": 0, "admin1": 1, "country": 2, "document": 3}
_TIME_END = "9999-12-31"
_TIME_START = "0000-01-01"


def _within(inner: When, outer: When) -> bool:
    start_in, end_in = inner.start or _TIME_START, inner.end or _TIME_END
    start_out, end_out = outer.start or _TIME_START, outer.end or _TIME_END
    return start_out <= start_in and end_in <= end_out


def _times_agree(a: When, b: When) -> bool:
    vague = (a.precision in _VAGUE_TIME, b.precision in _VAGUE_TIME)
    if any(vague):
        return all(vague)
    return _within(a, b) or _within(b, a)


def _places_agree(a: Where | None, b: Where | None) -> bool:
    if a is None or b is None or a == b:
        return True
    broad = {"country", "document"}
    if a.precision in broad or b.precision in broad:
        return a.country is None or b.country is None or a.country == b.country
    return False


def _contained(small: Event, large: Event) -> bool:
    return set(small.actor) <= set(large.actor) and set(small.recipient) <= set(large.recipient)


def same_event(a: Event, b: Event) -> bool:
    """Whether two coded mentions tell the same event (see the module docstring)."""
    if a.type != b.type or (a.mode and b.mode and a.mode != b.mode):
        return False
    if a.modality.negated != b.modality.negated:
        return False
    if a.modality.hypothetical != b.modality.hypothetical:
        return False
    if not (_contained(a, b) or _contained(b, a)):
        return False
    return _times_agree(a.when, b.when) and _places_agree(a.where, b.where)


def _union(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for group in groups for item in group))


def _narrower(a: When, b: When) -> When:
    if a.precision in _VAGUE_TIME:
        return b
    if b.precision in _VAGUE_TIME:
        return a
    return b if _within(b, a) and not _within(a, b) else a


def _finer(a: Where | None, b: Where | None) -> Where | None:
    if a is None or b is None:
        return a or b
    return b if _PLACE_RANK.get(b.precision, 4) < _PLACE_RANK.get(a.precision, 4) else a


def _lowest(a: int | None, b: int | None) -> int | None:
    values = [v for v in (a, b) if v is not None]
    return min(values) if values else None


def _money(a: Money | None, b: Money | None) -> Money | None:
    if a is None or b is None:
        return a or b
    if a.currency == b.currency:
        return a if a.amount <= b.amount else b
    return a


def combine(a: Event, b: Event) -> Event:
    """One event from two mentions of it (see the module docstring)."""
    first, second = (a, b) if a.confidence >= b.confidence else (b, a)
    modality = replace(first.modality, hedged=first.modality.hedged or second.modality.hedged)
    return replace(
        first,
        mode=first.mode or second.mode,
        actor=_union(a.actor, b.actor),
        recipient=_union(a.recipient, b.recipient),
        context=_union(a.context, b.context),
        attribution=_union(a.attribution, b.attribution),
        when=_narrower(first.when, second.when),
        where=_finer(first.where, second.where),
        killed=_lowest(a.killed, b.killed),
        injured=_lowest(a.injured, b.injured),
        arrested=_lowest(a.arrested, b.arrested),
        money=_money(first.money, second.money),
        modality=modality,
    )


def merge_events(events: Sequence[Event]) -> list[Event]:
    """The distinct events among ``events`` (in text order), duplicates merged."""
    kept: list[Event] = []
    for event in sorted(events, key=lambda e: e.evidence.trigger):
        matches = [i for i, other in enumerate(kept) if same_event(other, event)]
        if not matches:
            kept.append(event)
            continue
        exact = [
            i
            for i in matches
            if set(kept[i].actor) == set(event.actor)
            and set(kept[i].recipient) == set(event.recipient)
        ]
        target = (exact or matches)[-1]
        kept[target] = combine(kept[target], event)
    return kept


def number(events: Iterable[Event], doc_id: str) -> list[Event]:
    """Give events their ids, ``<doc_id>:e<n>``, in text order."""
    ordered = sorted(events, key=lambda e: e.evidence.trigger)
    return [replace(e, id=f"{doc_id}:e{n}") for n, e in enumerate(ordered, start=1)]
