"""What to highlight in an event's evidence sentence: trigger, actors, time, place, figures.

``marks`` returns spans relative to the sentence, each with the role it plays, so the
CLI (Rich styles) and the web UI (HTML) can render the same highlighting.
"""

from __future__ import annotations

from dossier.store.database import Database
from dossier.store.rows import EventRow, Mark

_FIGURES = ("killed", "injured", "arrested", "money")


def marks(db: Database, event: EventRow) -> tuple[Mark, ...]:
    """The spans of ``event.sentence`` that its trigger and arguments came from."""
    base, limit = event.sentence_start, event.sentence_end
    found: list[Mark] = []

    def add(start: int, end: int, role: str) -> None:
        if base <= start < end <= limit:
            found.append(Mark(start - base, end - base, role))

    add(event.trigger_start, event.trigger_end, "trigger")
    roles = {actor: "actor" for actor in event.actor}
    roles.update({actor: "recipient" for actor in event.recipient if actor not in roles})
    if roles:
        marks_ = ", ".join("?" * len(roles))
        for start, end, actor_id in db.read(
            'SELECT start, "end", actor_id FROM mentions WHERE doc_id = ? AND start >= ?'
            f' AND "end" <= ? AND actor_id IN ({marks_}) ORDER BY start',
            (event.doc_id, base, limit, *roles),
        ):
            add(start, end, roles[actor_id])
    if event.when_text:
        timexes = db.read(
            'SELECT start, "end" FROM timexes WHERE doc_id = ? AND start >= ? AND "end" <= ?'
            " AND text = ?",
            (event.doc_id, base, limit, event.when_text),
        )
        spans = [(r[0], r[1]) for r in timexes] or _find(event.sentence, event.when_text, base)
        for start, end in spans[:1]:
            add(start, end, "when")
    if event.place:
        for start, end in _find(event.sentence, event.place, base)[:1]:
            add(start, end, "place")
    figures = ", ".join("?" * len(_FIGURES))
    for start, end in db.read(
        'SELECT start, "end" FROM quantities WHERE doc_id = ? AND start >= ? AND "end" <= ?'
        f" AND kind IN ({figures})",
        (event.doc_id, base, limit, *_FIGURES),
    ):
        add(start, end, "figure")
    return tuple(sorted(found, key=lambda m: (m.start, m.end, m.role)))


def _find(sentence: str, words: str, base: int) -> list[tuple[int, int]]:
    at = sentence.find(words)
    return [] if at < 0 else [(base + at, base + at + len(words))]
