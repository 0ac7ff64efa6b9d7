"""What an extraction must hold together before the store accepts it.

The store refuses, with an ``ExtractionError`` naming the document, an extraction whose
parts contradict each other: an event or quote naming an actor the document does not
define, a span outside the text, an actor or event id used twice. Such a record would
break the store's references or point readers at words that are not there.
"""

from __future__ import annotations

from dossier.errors import ExtractionError, Messages
from dossier.records import Extraction, Span
from dossier.store.names import event_id


def check(extraction: Extraction) -> None:
    """Raise ``ExtractionError`` unless every reference and span in it holds together."""
    document = extraction.document
    length = len(document.text)

    def fail(template: str, **values: object) -> ExtractionError:
        return ExtractionError(
            template.format(doc_id=document.id, **values), doc_id=document.id, stage="store"
        )

    def span(what: str, value: Span) -> None:
        start, end = value
        if not 0 <= start <= end <= length:
            raise fail(Messages.E107, what=what, start=start, end=end, length=length)

    known: set[str] = set()
    for actor in extraction.actors:
        if actor.id in known:
            raise fail(Messages.E108, actor=actor.id)
        known.add(actor.id)
        for mention in actor.mentions:
            span(f"a mention of actor '{actor.id}'", mention)
    seen: set[str] = set()
    for event in extraction.events:
        store_id = event_id(document.id, event.id)
        if store_id in seen:
            raise fail(Messages.E116, event=event.id)
        seen.add(store_id)
        for local in (*event.actor, *event.recipient):
            if local not in known:
                raise fail(Messages.E106, what=f"event '{event.id}'", actor=local)
        span(f"the evidence sentence of event '{event.id}'", event.evidence.sentence)
        span(f"the trigger of event '{event.id}'", event.evidence.trigger)
    for quote in extraction.quotes:
        if quote.speaker is not None and quote.speaker not in known:
            raise fail(Messages.E106, what="a quote", actor=quote.speaker)
        span("a quote", quote.span)
    for timex in extraction.timexes:
        span(f"the timex '{timex.text}'", timex.span)
    for quantity in extraction.quantities:
        span(f"the quantity '{quantity.text}'", quantity.span)
