"""Scoring the event coder against the PLOVER gold-standard sentences.

The PLOVER gold standard (``gold/plover/PLOVER_GSR_dev.json``, Open Event Data
Alliance, CC BY-SA 4.0) is a JSON array of coded sentences; its first record documents
the file (``event: DOCUMENT``). ``load_plover`` reads it into ``PloverGold``: each
``PloverRecord`` has the sentence, the event type (old names mapped to the current
ontology: DEMAND is REQUEST, DISAPPROVE is ACCUSE:disapprove, INVESTIGATE is
ACCUSE:investigate, FIGHT is ASSAULT), and the actor and recipient texts.

``score_plover(gold, system)`` runs ``system`` (sentence text -> ``Coded``: the events
and the actors whose mentions they name) on each sentence and counts:

- type accuracy: sentences where one of the coded events has the gold type;
- mode accuracy: among those with a gold mode, the matched event has it;
- actor and recipient accuracy, on the matched event (the event of the gold type whose
  participants fit best): an extracted actor is right when one of its mention spans
  overlaps the gold actor text in the sentence; counted over sentences whose gold
  names an actor (recipient);
- type precision: the share of coded events whose type is the sentence's gold type
  (each gold sentence is coded with one event, so this is a lower bound).

``spacy_system()`` is the glue used to tune the coder: the full find stage when the
actor stage is available, else actor mentions from spaCy's named entities.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from dossier.errors import InputError, Messages
from dossier.records import Actor, Event, Mention, Span

LEGACY = {
    "DEMAND": ("REQUEST", None),
    "DISAPPROVE": ("ACCUSE", "disapprove"),
    "INVESTIGATE": ("ACCUSE", "investigate"),
    "FIGHT": ("ASSAULT", None),
}
_GAP = re.compile(r"\s*\.{2,}\s*|\s*…\s*")


@dataclass(frozen=True)
class PloverEntity:
    """An actor or recipient as the gold codes it: its words and country/sector codes."""

    text: str
    code: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class PloverRecord:
    id: str
    text: str
    type: str  # current PLOVER type
    mode: str | None
    original_type: str  # as written in the file
    context: tuple[str, ...]
    actors: tuple[PloverEntity, ...]
    recipients: tuple[PloverEntity, ...]
    markup: str = ""


@dataclass(frozen=True)
class PloverGold:
    path: str
    version: str | None
    license: str | None
    records: tuple[PloverRecord, ...]


@dataclass(frozen=True)
class Coded:
    """What a system coded from one sentence: events, and the actors they name."""

    events: tuple[Event, ...]
    actors: tuple[Actor, ...]


System = Callable[[str], Coded]


def _entities(value: Any) -> tuple[PloverEntity, ...]:
    if not value or not isinstance(value, list):
        return ()
    out = []
    for item in value:
        text = str(item.get("actorText", "")).strip()
        if text:
            out.append(PloverEntity(text, item.get("code") or None, item.get("sector") or None))
    return tuple(out)


def _mode(value: Any) -> str | None:
    if not value or not isinstance(value, str):
        return None
    return value.strip().lower() or None


def _markup(info: Any) -> str:
    if isinstance(info, dict):
        return str(info.get("markup", ""))
    return str(info or "")


def _record(raw: dict[str, Any]) -> PloverRecord:
    original = str(raw["event"]).strip().upper()
    event_type, mode = LEGACY.get(original, (original, None))
    context = raw.get("context") or ""
    return PloverRecord(
        id=str(raw["id"]),
        text=str(raw["text"]).strip().strip("{}").strip(),
        type=event_type,
        mode=mode or _mode(raw.get("mode")),
        original_type=original,
        context=tuple(c.strip() for c in str(context).split(",") if c.strip()),
        actors=_entities(raw.get("source")),
        recipients=_entities(raw.get("target")),
        markup=_markup(raw.get("textInfo")),
    )


def load_plover(path: Path) -> PloverGold:
    """Read a PLOVER gold file; a missing or malformed one raises ``InputError``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(Messages.E013.format(path=path, detail=exc.strerror)) from exc
    except json.JSONDecodeError as exc:
        raise InputError(Messages.E050.format(path=path, detail=str(exc))) from exc
    if not isinstance(data, list) or not data:
        raise InputError(Messages.E050.format(path=path, detail="expected a JSON array"))
    about = data[0] if str(data[0].get("event", "")).upper() == "DOCUMENT" else {}
    try:
        records = tuple(
            _record(raw) for raw in data if str(raw.get("event", "")).upper() != "DOCUMENT"
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise InputError(Messages.E050.format(path=path, detail=repr(exc))) from exc
    return PloverGold(str(path), about.get("version"), about.get("license"), records)


def gold_spans(text: str, entity: PloverEntity) -> list[Span]:
    """Where an entity's words occur in the sentence (each part of "A ... B")."""
    spans: list[Span] = []
    lowered = text.lower()
    for part in _GAP.split(entity.text):
        part = part.strip(" ()")
        if len(part) < 2:
            continue
        for match in re.finditer(re.escape(part.lower()), lowered):
            spans.append((match.start(), match.end()))
    return spans


def _overlaps(spans: Iterable[Span], others: Sequence[Span]) -> bool:
    return any(a < d and c < b for a, b in spans for c, d in others)


@dataclass(frozen=True)
class PloverOutcome:
    """How one gold sentence fared."""

    id: str
    gold: str  # TYPE or TYPE:mode
    found: tuple[str, ...]  # coded TYPE:mode, in text order
    type_right: bool
    mode_right: bool | None  # None when the gold has no mode or the type was missed
    actor_right: bool | None  # None when the gold names no actor or the type was missed
    recipient_right: bool | None


@dataclass(frozen=True)
class PloverScores:
    sentences: int
    type_accuracy: float
    mode_accuracy: float
    actor_accuracy: float
    recipient_accuracy: float
    type_precision: float
    events: int
    outcomes: tuple[PloverOutcome, ...]

    def figures(self) -> dict[str, float | int]:
        return {
            "plover_sentences": self.sentences,
            "plover_type_accuracy": round(self.type_accuracy, 3),
            "plover_mode_accuracy": round(self.mode_accuracy, 3),
            "plover_actor_accuracy": round(self.actor_accuracy, 3),
            "plover_recipient_accuracy": round(self.recipient_accuracy, 3),
            "plover_type_precision": round(self.type_precision, 3),
            "plover_events": self.events,
        }


def _fits(
    record: PloverRecord, event: Event, names: dict[str, tuple[Span, ...]]
) -> tuple[bool, bool]:
    def right(ids: Sequence[str], wanted: tuple[PloverEntity, ...]) -> bool:
        spans = [s for e in wanted for s in gold_spans(record.text, e)]
        return any(_overlaps(names.get(i, ()), spans) for i in ids)

    return right(event.actor, record.actors), right(event.recipient, record.recipients)


def _outcome(record: PloverRecord, coded: Coded) -> PloverOutcome:
    found = tuple(e.type if e.mode is None else f"{e.type}:{e.mode}" for e in coded.events)
    gold = record.type if record.mode is None else f"{record.type}:{record.mode}"
    candidates = [e for e in coded.events if e.type == record.type]
    if not candidates:
        return PloverOutcome(record.id, gold, found, False, None, None, None)
    names = {a.id: a.mentions for a in coded.actors}

    def rank(event: Event) -> tuple[int, float]:
        actor, recipient = _fits(record, event, names)
        return (int(actor) + int(recipient), event.confidence)

    best = max(candidates, key=rank)
    actor, recipient = _fits(record, best, names)
    return PloverOutcome(
        record.id,
        gold,
        found,
        True,
        None if record.mode is None else best.mode == record.mode,
        actor if record.actors else None,
        recipient if record.recipients else None,
    )


def _share(values: Sequence[bool | None]) -> float:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else 0.0


def score_plover(gold: PloverGold, system: System) -> PloverScores:
    """Run ``system`` on every gold sentence and score it (see the module docstring)."""
    outcomes: list[PloverOutcome] = []
    events = matching = 0
    for record in gold.records:
        coded = system(record.text)
        outcomes.append(_outcome(record, coded))
        events += len(coded.events)
        matching += sum(1 for e in coded.events if e.type == record.type)
    return PloverScores(
        sentences=len(outcomes),
        type_accuracy=_share([o.type_right for o in outcomes]),
        mode_accuracy=_share([o.mode_right for o in outcomes]),
        actor_accuracy=_share([o.actor_right for o in outcomes]),
        recipient_accuracy=_share([o.recipient_right for o in outcomes]),
        type_precision=matching / events if events else 0.0,
        events=events,
        outcomes=tuple(outcomes),
    )


def spacy_system(actors: str = "both") -> System:
    """The coder on single sentences, with the find stages dossier has.

    ``actors`` says where actor mentions come from: ``stage`` (``dossier.actors``),
    ``ner`` (spaCy's PERSON, ORG, GPE and NORP entities, the stand-in used before the
    actor stage existed) or ``both`` (the stage, plus entities it does not cover, such
    as the countries the PLOVER sentences are mostly about). Time and quantities come
    from their stages; there is no publication date.
    """
    from dossier.events import Lexicon, code_events
    from dossier.nlp import load_model
    from dossier.quantities import find_quantities
    from dossier.records import Document, Findings
    from dossier.time import find_timexes

    if actors not in ("stage", "ner", "both"):
        raise ValueError(f"actors must be 'stage', 'ner' or 'both', not {actors!r}")
    nlp, lexicon = load_model(), Lexicon.load()
    stage = None if actors == "ner" else _actor_stage()

    def run(text: str) -> Coded:
        doc = nlp(text)
        found: list[Actor] = []
        mentions: list[Mention] = []
        if stage is not None:
            found, mentions = stage(doc)
        if actors != "stage":
            extra, more = _ner_actors(doc, [m.span for m in mentions])
            found, mentions = [*found, *extra], [*mentions, *more]
        findings = Findings(
            actors=tuple(found),
            mentions=tuple(mentions),
            timexes=tuple(find_timexes(text, None, doc)),
            quantities=tuple(find_quantities(doc)),
        )
        events = code_events(doc, Document(id="s", text=text), findings, lexicon)
        return Coded(tuple(events), tuple(found))

    return run


_NER_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "NORP": "group"}


def _actor_stage() -> Callable[[Doc], tuple[list[Actor], list[Mention]]]:
    from dossier.actors import ActorDictionary, find_actors

    dictionary = ActorDictionary.load(())

    def run(doc: Doc) -> tuple[list[Actor], list[Mention]]:
        found, mentions = find_actors(doc, dictionary, None)
        return list(found), list(mentions)

    return run


def _ner_actors(doc: Doc, taken: Sequence[Span] = ()) -> tuple[list[Actor], list[Mention]]:
    """Actors and mentions from spaCy's named entities not already in ``taken``."""
    spans: dict[str, list[Span]] = {}
    found: dict[str, Actor] = {}
    mentions = []
    for ent in doc.ents:
        kind = _NER_KINDS.get(ent.label_)
        where = (ent.start_char, ent.end_char)
        if kind is None or _overlaps([where], taken):
            continue
        actor_id = f"ner:{kind}:{ent.text.lower().replace(' ', '-')}"
        found.setdefault(actor_id, Actor(actor_id, ent.text, kind))
        spans.setdefault(actor_id, []).append(where)
        mentions.append(Mention(actor_id, where, ent.text))
    actors = [Actor(a.id, a.name, a.kind, mentions=tuple(spans[a.id])) for a in found.values()]
    return actors, mentions
