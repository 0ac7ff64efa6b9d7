"""Scoring the event coder against the PETRARCH-2 validation records, through PLOVER.

``gold/petrarch/PETR2_GSR_validation.xml`` (openeventdata/UniversalPetrarch, MIT) holds
``<Sentence category= date= id=>`` records, each with ``<EventCoding eventcode=
sourcecode= targetcode=/>`` lines (or ``noevents="True"``), the ``<Text>`` and a
dependency ``<Parse>``. It is not well-formed XML (most ``<Sentence .../>`` tags close
themselves and are still followed by ``</Sentence>``), so it is read as tagged text.

Which records are real newswire: the file's header says its records are the ~40 test
records embedded in the GigaWord sample, plus ``TEST_*`` records; the ``category``
attribute keeps them apart. ``AFP`` (AFP stories, ids like ``AFP0808020625_4``) and
``GOLD`` (wire sentences coded by hand) are newswire; ``TEST``, ``VERB``, ``PASSIVE``
and ``OTHER`` are unit tests of PETRARCH's dictionaries and grammar, most of them
sentences made up for the test ("Obama wants Putin to attack Switzerland."), so
``load_petrarch`` keeps ``NEWSWIRE`` by default. Records repeating an earlier record's
text and codings are dropped, as are records with no text.

CAMEO event codes become PLOVER through ``reference/CAMEO2PLOVER-2021.txt``, parsed by
``load_cameo_map``; a code missing from the table takes its longest listed prefix
(``0352`` -> ``035``), then its two-digit family when that names one type. Codes with
no PLOVER equivalent (CAMEO 01 statements and 02 appeals are not in the table) leave
the sentence unscored (counted as ``unmapped``).

``score_petrarch`` gives the figures ``plover`` gives, per sentence: type accuracy (a
gold type is among the sentence's events), mode accuracy, and actor and recipient
accuracy on the matched event. CAMEO names actors by code (``USAGOV``), not by their
words, so an extracted actor fits a gold code when its country is the code's country
(when the code has one) and its sector is one the code's roles allow (when the code has
roles; ``data/evaluate/cameo_actors.yaml``): a bare country code such as ``USA`` takes
any actor of that country, ``---REB`` any rebel group. Codes that say neither (``---``)
are not scored. Sentences coded ``noevents`` give ``noevent_accuracy``: the share where
dossier codes no event either.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dossier.errors import ConfigError, InputError, Messages
from dossier.records import Actor, Event, Extraction

NEWSWIRE = frozenset({"AFP", "GOLD"})
MAP_NAME = "CAMEO2PLOVER-2021.txt"
ACTOR_CODES = ("evaluate", "cameo_actors.yaml")

_SENTENCE = re.compile(r"<Sentence\b([^>]*?)/?>(.*?)</Sentence>", re.S)
_CODING = re.compile(r"<EventCoding\b([^>]*?)/?>", re.S)
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_ATTR = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ENTRY = re.compile(r"^(\d{2,4})\s*:\s*([A-Z]+)\s*(?:,(.*))?$")


@dataclass(frozen=True)
class PloverCode:
    """What one CAMEO event code is in PLOVER."""

    type: str
    mode: str | None = None
    context: tuple[str, ...] = ()


@dataclass(frozen=True)
class CameoMap:
    """The CAMEO to PLOVER table: event codes, and the two-digit families."""

    path: str
    codes: dict[str, PloverCode]
    families: dict[str, PloverCode]

    def lookup(self, code: str) -> PloverCode | None:
        """The PLOVER coding of ``code``, by its longest listed prefix; None if none."""
        for size in range(len(code), 2, -1):
            found = self.codes.get(code[:size])
            if found is not None:
                return found
        return self.families.get(code[:2])


def _entry(line: str) -> tuple[str, PloverCode] | None:
    body = line.split("#", 1)[0].strip()
    match = _ENTRY.match(body)
    if match is None:
        return None
    code, kind, rest = match.groups()
    fields = [f.strip() for f in (rest or "").split(",")]
    mode = fields[0] if fields and fields[0] else None
    context = tuple(c.strip() for c in fields[1].split(";") if c.strip()) if len(fields) > 1 else ()
    return code, PloverCode(kind, mode, context)


def load_cameo_map(path: Path) -> CameoMap:
    """Parse the CAMEO to PLOVER table; raises ``InputError`` (E050) on a bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputError(Messages.E052.format(path=path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Messages.E050.format(path=path, detail=str(exc))) from exc
    codes: dict[str, PloverCode] = {}
    families: dict[str, PloverCode | None] = {}
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "~")):
            continue
        entry = _entry(stripped)
        if entry is None:
            detail = f"line {number}: expected 'CODE: TYPE, MODE, CONTEXT', got '{stripped}'"
            raise InputError(Messages.E050.format(path=path, detail=detail))
        code, plover = entry
        if len(code) == 2:  # a family heading; one listed twice with two types is ambiguous
            seen = families.get(code, plover)
            families[code] = plover if seen == plover else None
        else:
            codes.setdefault(code, plover)
    if not codes:
        raise InputError(Messages.E050.format(path=path, detail="no CAMEO codes"))
    return CameoMap(
        str(path), codes, {k: v for k, v in families.items() if v is not None}
    )


def find_cameo_map(gold: Path) -> Path:
    """``reference/CAMEO2PLOVER-2021.txt`` in the nearest folder above ``gold`` holding one."""
    for folder in gold.resolve().parents:
        candidate = folder / "reference" / MAP_NAME
        if candidate.is_file():
            return candidate
    raise InputError(Messages.E052.format(path=gold.resolve().parent / "reference" / MAP_NAME))


@dataclass(frozen=True)
class CameoActor:
    """A CAMEO actor code read as a country and the sectors its roles allow."""

    code: str
    country: str | None
    sectors: frozenset[str]

    @property
    def informative(self) -> bool:
        return self.country is not None or bool(self.sectors)

    def fits(self, actor: Actor) -> bool:
        if not self.informative:
            return False
        if self.country is not None and actor.country != self.country:
            return False
        return not self.sectors or actor.sector in self.sectors


@dataclass(frozen=True)
class _ActorCodes:
    kinds: dict[str, frozenset[str]]
    roles: dict[str, frozenset[str]]


def _sector_table(raw: Any, key: str) -> dict[str, frozenset[str]]:
    table = raw[key]
    if not isinstance(table, dict):
        raise TypeError(f"'{key}' must be a mapping")
    return {str(k): frozenset(str(s) for s in v) for k, v in table.items()}


@lru_cache(maxsize=1)
def _actor_codes() -> _ActorCodes:
    path = resources.files("dossier").joinpath("data", *ACTOR_CODES)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return _ActorCodes(_sector_table(raw, "kinds"), _sector_table(raw, "roles"))
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigError(Messages.E053.format(path=str(path), detail=exc)) from exc


def cameo_actor(code: str) -> CameoActor:
    """Read ``USAGOV``, ``---REB`` or ``IGOUNOMIL`` into a country and sectors."""
    table = _actor_codes()
    segments = [code[i : i + 3].upper() for i in range(0, len(code), 3)]
    country: str | None = None
    sectors: set[str] = set()
    if segments:
        head, segments = segments[0], segments[1:]
        if head in table.kinds:
            sectors |= table.kinds[head]
        elif re.fullmatch(r"[A-Z]{3}", head):
            country = head
    for segment in segments:
        sectors |= table.roles.get(segment, frozenset())
    return CameoActor(code, country, frozenset(sectors))


@dataclass(frozen=True)
class PetrarchCoding:
    """One expected coding: a CAMEO event code and the source and target actor codes."""

    event: str
    source: str = ""
    target: str = ""


@dataclass(frozen=True)
class PetrarchRecord:
    id: str
    category: str
    published: str | None  # the story date, ISO
    text: str
    codings: tuple[PetrarchCoding, ...]  # empty: the coders expect no event


@dataclass(frozen=True)
class PetrarchGold:
    path: str
    records: tuple[PetrarchRecord, ...]
    skipped: int  # records of other categories, repeated or without text


def _date(value: str) -> str | None:
    if re.fullmatch(r"(19|20)\d{6}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return None


def _record(attrs: dict[str, str], body: str) -> PetrarchRecord:
    text = _TEXT.search(body)
    if text is None:
        raise ValueError("no <Text>")
    codings = []
    for match in _CODING.finditer(body):
        coding = dict(_ATTR.findall(match.group(1)))
        if coding.get("noevents", "").lower() == "true":
            continue
        if "eventcode" not in coding:
            raise ValueError("an <EventCoding> has no eventcode")
        codings.append(
            PetrarchCoding(
                coding["eventcode"].strip(),
                coding.get("sourcecode", "").strip(),
                coding.get("targetcode", "").strip(),
            )
        )
    if not codings and not re.search(r'noevents\s*=\s*"true"', body, re.I):
        raise ValueError("no <EventCoding>")
    return PetrarchRecord(
        id=attrs["id"],
        category=attrs.get("category", ""),
        published=_date(attrs.get("date", "")),
        text=" ".join(html.unescape(text.group(1)).split()),
        codings=tuple(codings),
    )


def load_petrarch(
    path: Path, categories: Collection[str] | None = NEWSWIRE, limit: int | None = None
) -> PetrarchGold:
    """Read the validation records of ``categories`` (None: all); raises ``InputError``."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(Messages.E013.format(path=path, detail=exc.strerror)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(Messages.E050.format(path=path, detail=str(exc))) from exc
    start, end = raw.find("<Sentences>"), raw.rfind("</Sentences>")
    if start < 0 or end < start:
        raise InputError(Messages.E050.format(path=path, detail="no <Sentences> element"))
    body = _COMMENT.sub("", raw[start:end])
    records: list[PetrarchRecord] = []
    seen: set[tuple[str, tuple[PetrarchCoding, ...]]] = set()
    skipped = total = 0
    for total, match in enumerate(_SENTENCE.finditer(body), start=1):
        attrs = dict(_ATTR.findall(match.group(1)))
        if "id" not in attrs:
            detail = f"record {total}: <Sentence> has no id"
            raise InputError(Messages.E050.format(path=path, detail=detail))
        try:
            record = _record(attrs, match.group(2))
        except ValueError as exc:
            detail = f"record {total} (id {attrs['id']}): {exc}"
            raise InputError(Messages.E050.format(path=path, detail=detail)) from exc
        key = (record.text, record.codings)
        wanted = categories is None or record.category in categories
        if not wanted or not record.text or key in seen:
            skipped += 1
            continue
        seen.add(key)
        records.append(record)
    if total == 0:
        raise InputError(Messages.E050.format(path=path, detail="no <Sentence> records"))
    return PetrarchGold(str(path), tuple(records[:limit]), skipped)


@dataclass(frozen=True)
class _Gold:
    """One coding of a sentence, in PLOVER terms."""

    coding: PetrarchCoding
    plover: PloverCode
    source: CameoActor
    target: CameoActor

    @property
    def label(self) -> str:
        mode = f":{self.plover.mode}" if self.plover.mode else ""
        return f"{self.plover.type}{mode} {self.coding.source or '-'}->{self.coding.target or '-'}"


@dataclass(frozen=True)
class PetrarchOutcome:
    """How one sentence fared; ``None`` figures were not scored for it."""

    id: str
    text: str
    gold: tuple[str, ...]  # "TYPE:mode SOURCE->TARGET" per mapped coding
    found: tuple[str, ...]  # "TYPE:mode actor->recipient" per coded event
    unmapped: bool = False
    noevent_right: bool | None = None
    type_right: bool | None = None
    mode_right: bool | None = None
    actor_right: bool | None = None
    recipient_right: bool | None = None


@dataclass(frozen=True)
class PetrarchScores:
    sentences: int
    type_accuracy: float
    mode_accuracy: float
    actor_accuracy: float
    recipient_accuracy: float
    type_precision: float
    events: int
    noevent_sentences: int
    noevent_accuracy: float
    unmapped: int
    outcomes: tuple[PetrarchOutcome, ...]

    def figures(self) -> dict[str, float | int]:
        return {
            "petrarch_sentences": self.sentences,
            "petrarch_type_accuracy": round(self.type_accuracy, 3),
            "petrarch_mode_accuracy": round(self.mode_accuracy, 3),
            "petrarch_actor_accuracy": round(self.actor_accuracy, 3),
            "petrarch_recipient_accuracy": round(self.recipient_accuracy, 3),
            "petrarch_type_precision": round(self.type_precision, 3),
            "petrarch_events": self.events,
            "petrarch_noevent_sentences": self.noevent_sentences,
            "petrarch_noevent_accuracy": round(self.noevent_accuracy, 3),
            "petrarch_unmapped": self.unmapped,
        }


def _label(event: Event, actors: dict[str, Actor]) -> str:
    def names(ids: Sequence[str]) -> str:
        found = [actors[i] for i in ids if i in actors]
        return "+".join(f"{a.name}[{a.country or '-'}/{a.sector or '-'}]" for a in found) or "-"

    mode = f":{event.mode}" if event.mode else ""
    return f"{event.type}{mode} {names(event.actor)}->{names(event.recipient)}"


def _fits(ids: Sequence[str], code: CameoActor, actors: dict[str, Actor]) -> bool | None:
    if not code.informative:
        return None
    return any(code.fits(actors[i]) for i in ids if i in actors)


def _outcome(record: PetrarchRecord, table: CameoMap, extraction: Extraction) -> PetrarchOutcome:
    actors = {a.id: a for a in extraction.actors}
    events = list(extraction.events)
    found = tuple(_label(e, actors) for e in events)
    if not record.codings:
        return PetrarchOutcome(record.id, record.text, (), found, noevent_right=not events)
    golds = []
    for coding in record.codings:
        plover = table.lookup(coding.event)
        if plover is not None:
            golds.append(
                _Gold(coding, plover, cameo_actor(coding.source), cameo_actor(coding.target))
            )
    if not golds:
        return PetrarchOutcome(record.id, record.text, (), found, unmapped=True)
    labels = tuple(g.label for g in golds)
    pairs = [(e, g) for e in events for g in golds if e.type == g.plover.type]
    if not pairs:
        return PetrarchOutcome(record.id, record.text, labels, found, type_right=False)

    def rank(pair: tuple[Event, _Gold]) -> tuple[int, float]:
        event, gold = pair
        actor = _fits(event.actor, gold.source, actors)
        recipient = _fits(event.recipient, gold.target, actors)
        return (int(bool(actor)) + int(bool(recipient)), event.confidence)

    event, gold = max(pairs, key=rank)
    return PetrarchOutcome(
        record.id,
        record.text,
        labels,
        found,
        type_right=True,
        mode_right=None if gold.plover.mode is None else event.mode == gold.plover.mode,
        actor_right=_fits(event.actor, gold.source, actors),
        recipient_right=_fits(event.recipient, gold.target, actors),
    )


def _share(values: Sequence[bool | None]) -> float:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else 0.0


def _types(record: PetrarchRecord, table: CameoMap) -> set[str]:
    return {p.type for c in record.codings if (p := table.lookup(c.event)) is not None}


def score_petrarch(
    gold: PetrarchGold, table: CameoMap, extractions: Sequence[Extraction]
) -> PetrarchScores:
    """Score one extraction per gold record (same order); see the module docstring."""
    if len(extractions) != len(gold.records):
        raise ValueError("one extraction per gold record is needed")
    outcomes = [
        _outcome(record, table, extraction)
        for record, extraction in zip(gold.records, extractions, strict=True)
    ]
    events = matching = 0
    for record, extraction, outcome in zip(gold.records, extractions, outcomes, strict=True):
        if outcome.type_right is None:
            continue
        types = _types(record, table)
        events += len(extraction.events)
        matching += sum(1 for e in extraction.events if e.type in types)
    scored = [o for o in outcomes if o.type_right is not None]
    return PetrarchScores(
        sentences=len(scored),
        type_accuracy=_share([o.type_right for o in outcomes]),
        mode_accuracy=_share([o.mode_right for o in outcomes]),
        actor_accuracy=_share([o.actor_right for o in outcomes]),
        recipient_accuracy=_share([o.recipient_right for o in outcomes]),
        type_precision=matching / events if events else 0.0,
        events=events,
        noevent_sentences=sum(1 for o in outcomes if o.noevent_right is not None),
        noevent_accuracy=_share([o.noevent_right for o in outcomes]),
        unmapped=sum(1 for o in outcomes if o.unmapped),
        outcomes=tuple(outcomes),
    )


def petrarch_errors(scores: PetrarchScores) -> list[dict[str, Any]]:
    """One row per miss, with ``kind`` naming it, for ``dossier eval --errors``."""
    rows: list[dict[str, Any]] = []
    for o in scores.outcomes:
        base = {"doc": o.id, "gold": list(o.gold), "found": list(o.found), "text": o.text}
        if o.noevent_right is False:
            rows.append({"kind": "event where none is coded", **base})
        if o.type_right is False:
            wanted = sorted({g.split(" ")[0].split(":")[0] for g in o.gold})
            rows.append({"kind": f"type missed {'/'.join(wanted)}", **base})
        for what in ("mode", "actor", "recipient"):
            if getattr(o, f"{what}_right") is False:
                rows.append({"kind": f"{what} wrong", **base})
    return rows
