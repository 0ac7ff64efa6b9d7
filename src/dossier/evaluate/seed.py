"""Scoring one extraction against the hand-annotated seed article.

The gold file (``gold/seed/*.gold.yaml``) states its own matching rules at the top;
this module implements them: an extracted event matches a gold event when its type is
acceptable, an actor and a recipient match the listed names or collectives, and its
time span overlaps; each extracted event matches one gold event at most (a maximum
bipartite matching, so the count does not depend on order).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dossier.errors import InputError, Messages
from dossier.records import Actor, Event, Extraction


def _norm(text: str) -> str:
    """Case-, quote- and space-insensitive form of a name or quote."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("’", "'").replace("…", "...")
    return re.sub(r"\s+", " ", text).strip(" .,'\"")


@dataclass(frozen=True)
class GoldEvent:
    id: str
    summary: str
    required: bool
    types: tuple[str, ...]
    actor: tuple[str, ...] | str | None  # names, or the name of a collective
    recipient: tuple[str, ...] | str | None
    when: tuple[str, str] | None
    money: float | None = None
    killed: int | None = None


@dataclass(frozen=True)
class GoldActor:
    name: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class SeedGold:
    doc_id: str
    published: str | None
    actors: tuple[GoldActor, ...]
    collectives: dict[str, tuple[str, ...]]
    collective_sectors: dict[str, tuple[str, ...]]
    events: tuple[GoldEvent, ...]
    quotes: tuple[tuple[tuple[str, ...], str], ...]  # (speaker names, text)
    timexes: tuple[tuple[str, str, str | None], ...]  # (text, value, mod)
    quantities: tuple[dict[str, Any], ...]


def _names(value: Any) -> tuple[str, ...] | str | None:
    if value is None or isinstance(value, str):
        return value
    return tuple(str(v) for v in value)


def load_seed(path: Path) -> SeedGold:
    """Read a seed gold file; a malformed one raises ``InputError`` naming it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        events = tuple(
            GoldEvent(
                id=e["id"],
                summary=e.get("summary", ""),
                required=bool(e.get("required", False)),
                types=tuple(e["type"]),
                actor=_names(e.get("actor")),
                recipient=_names(e.get("recipient")),
                when=(str(e["when"]["start"]), str(e["when"]["end"])) if e.get("when") else None,
                money=(e.get("money") or {}).get("amount"),
                killed=e.get("killed"),
            )
            for e in data["events"]
        )
        return SeedGold(
            doc_id=data["document"]["id"],
            published=str(data["document"].get("published") or "") or None,
            actors=tuple(
                GoldActor(a["name"], tuple(a.get("aliases", ())), tuple(a.get("roles", ())))
                for a in data.get("actors", ())
            ),
            collectives={k: tuple(v) for k, v in data.get("collectives", {}).items()},
            collective_sectors={
                k: tuple(v) for k, v in data.get("collective_sectors", {}).items()
            },
            events=events,
            quotes=tuple(
                (tuple(q["speaker"]), q["text"]) for q in data.get("quotes", ())
            ),
            timexes=tuple(
                (t["text"], str(t["value"]), t.get("mod")) for t in data.get("timexes", ())
            ),
            quantities=tuple(data.get("quantities", ())),
        )
    except OSError as exc:
        raise InputError(Messages.E013.format(path=path, detail=exc.strerror)) from exc
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise InputError(Messages.E050.format(path=path, detail=repr(exc))) from exc


@dataclass
class SeedScore:
    figures: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)


class _Matcher:
    """Decides whether extracted actors and events satisfy the gold's descriptions."""

    def __init__(self, gold: SeedGold, extraction: Extraction):
        self.gold = gold
        self.actors = {a.id: a for a in extraction.actors}

    def actor_names(self, actor: Actor) -> set[str]:
        return {_norm(actor.name), *(_norm(a) for a in actor.aliases)}

    def actor_matches(self, actor_id: str, wanted: tuple[str, ...] | str) -> bool:
        actor = self.actors.get(actor_id)
        if actor is None:
            return False
        names = self.actor_names(actor)
        if isinstance(wanted, str):  # a collective
            listed = {_norm(n) for n in self.gold.collectives.get(wanted, ())}
            sectors = set(self.gold.collective_sectors.get(wanted, ()))
            return bool(names & listed) or actor.sector in sectors
        return bool(names & {_norm(n) for n in wanted})

    def event_matches(self, event: Event, gold: GoldEvent) -> bool:
        if event.type not in gold.types:
            return False
        for ids, wanted in ((event.actor, gold.actor), (event.recipient, gold.recipient)):
            if wanted is not None and not any(self.actor_matches(i, wanted) for i in ids):
                return False
        if gold.when is not None:
            start, end = event.when.start, event.when.end
            if start is None or end is None:
                return False
            if _day(end, last=True) < gold.when[0] or _day(start) > gold.when[1]:
                return False
        return True


def _day(value: str, *, last: bool = False) -> str:
    """Widen a partial ISO date to a day for comparison ("2014" → 2014-01-01 or -12-31)."""
    parts = value.split("-")
    if len(parts) == 1:
        return f"{value}-12-31" if last else f"{value}-01-01"
    if len(parts) == 2:
        return f"{value}-31" if last else f"{value}-01"
    return value


def _max_matching(edges: dict[int, list[int]]) -> dict[int, int]:
    """Maximum bipartite matching (gold index -> event index) by augmenting paths."""
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for e in edges.get(g, ()):
            if e in seen:
                continue
            seen.add(e)
            if e not in owner or augment(owner[e], seen):
                owner[e] = g
                return True
        return False

    for g in sorted(edges):
        augment(g, set())
    return {g: e for e, g in owner.items()}


def score_seed(gold: SeedGold, extraction: Extraction) -> SeedScore:
    """Score an extraction of the seed article; every miss becomes an error row."""
    score = SeedScore()
    matcher = _Matcher(gold, extraction)
    text = extraction.document.text
    events = list(extraction.events)

    # Required events first, so optional ones never take an event a required one needs.
    order = sorted(range(len(gold.events)), key=lambda i: not gold.events[i].required)
    edges = {
        rank: [j for j, e in enumerate(events) if matcher.event_matches(e, gold.events[i])]
        for rank, i in enumerate(order)
    }
    matched = {order[rank]: j for rank, j in _max_matching(edges).items()}
    required = [i for i, g in enumerate(gold.events) if g.required]
    score.figures["events_required_found"] = sum(1 for i in required if i in matched)
    score.figures["events_required"] = len(required)
    score.figures["events_optional_found"] = sum(
        1 for i, g in enumerate(gold.events) if not g.required and i in matched
    )
    score.figures["events_extracted"] = len(events)
    for i, g in enumerate(gold.events):
        if i not in matched:
            score.errors.append(
                {"kind": "event missed", "gold": g.id, "required": g.required,
                 "summary": g.summary}
            )
    used = set(matched.values())
    unmatched = [e for j, e in enumerate(events) if j not in used]
    score.figures["events_unmatched"] = len(unmatched)
    for e in unmatched:
        score.errors.append(
            {
                "kind": "event unmatched",
                "event": e.id,
                "type": e.type if e.mode is None else f"{e.type}:{e.mode}",
                "actor": [matcher.actors[a].name for a in e.actor if a in matcher.actors],
                "recipient": [matcher.actors[a].name for a in e.recipient if a in matcher.actors],
                "when": e.when.to_dict(),
                "trigger": text[e.evidence.trigger[0] : e.evidence.trigger[1]],
                "sentence": text[e.evidence.sentence[0] : e.evidence.sentence[1]],
            }
        )
    for g_index, j in matched.items():
        g, e = gold.events[g_index], events[j]
        if g.killed is not None and e.killed != g.killed:
            score.errors.append({"kind": "killed", "gold": g.id, "want": g.killed, "got": e.killed})
        if g.money is not None and (e.money is None or e.money.amount != g.money):
            score.errors.append({"kind": "money", "gold": g.id, "want": g.money,
                                 "got": None if e.money is None else e.money.to_dict()})

    _score_timexes(gold, extraction, score)
    _score_quotes(gold, extraction, matcher, score)
    _score_quantities(gold, extraction, score)
    _score_people(gold, extraction, matcher, score)
    return score


def _score_timexes(gold: SeedGold, extraction: Extraction, score: SeedScore) -> None:
    found = {(_norm(t.text), t.value, t.mod) for t in extraction.timexes}
    hits = 0
    for text, value, mod in gold.timexes:
        if (_norm(text), value, mod) in found:
            hits += 1
            continue
        same_text = [t for t in extraction.timexes if _norm(text) in _norm(t.text)]
        score.errors.append(
            {"kind": "timex", "text": text, "want": [value, mod],
             "got": [[t.text, t.value, t.mod] for t in same_text]}
        )
    score.figures["timex_values_right"] = hits
    score.figures["timexes_gold"] = len(gold.timexes)


def _score_quotes(
    gold: SeedGold, extraction: Extraction, matcher: _Matcher, score: SeedScore
) -> None:
    hits = 0
    for speakers, text in gold.quotes:
        want = _norm(text)
        candidates = [q for q in extraction.quotes if want in _norm(q.text)]
        if any(
            q.speaker is not None and matcher.actor_matches(q.speaker, speakers)
            for q in candidates
        ):
            hits += 1
            continue
        score.errors.append(
            {"kind": "quote", "text": text, "want": list(speakers),
             "got": [[q.text, q.speaker] for q in candidates]}
        )
    score.figures["quotes_with_speaker"] = hits
    score.figures["quotes_gold"] = len(gold.quotes)


def _score_quantities(gold: SeedGold, extraction: Extraction, score: SeedScore) -> None:
    hits = 0
    for q in gold.quantities:
        value = q.get("amount", q.get("value"))
        if any(
            x.kind == q["kind"]
            and x.value == value
            and (q.get("currency") is None or x.currency == q["currency"])
            for x in extraction.quantities
        ):
            hits += 1
        else:
            score.errors.append({"kind": "quantity", "want": q})
    score.figures["quantities_right"] = hits
    score.figures["quantities_gold"] = len(gold.quantities)


def _role_matches(found: Sequence[str], wanted: Sequence[str]) -> bool:
    """A role matches when one phrasing contains the other ("President" in "President of ...")."""
    for role in found:
        r = _norm(role)
        if len(r) >= 4 and any(r in _norm(w) or _norm(w) in r for w in wanted):
            return True
    return False


def _score_people(
    gold: SeedGold, extraction: Extraction, matcher: _Matcher, score: SeedScore
) -> None:
    people = [a for a in gold.actors if a.roles]
    hits = 0
    for person in people:
        wanted = (person.name, *person.aliases)
        found = [a for a in extraction.actors if matcher.actor_matches(a.id, wanted)]
        if any(_role_matches(a.roles, person.roles) for a in found):
            hits += 1
            continue
        score.errors.append(
            {"kind": "actor role", "name": person.name, "want": list(person.roles),
             "got": [[a.name, list(a.roles)] for a in found]}
        )
    score.figures["people_with_roles"] = hits
    score.figures["people_gold"] = len(people)
