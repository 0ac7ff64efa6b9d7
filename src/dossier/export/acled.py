"""``acled``: events as rows in ACLED's column layout, for tools built on ACLED data.

The mapping is data (``data/export/acled.yaml``): rules from PLOVER type, mode and
figures to ACLED's event and sub-event types, sectors to "inter" codes, precisions to
ACLED's time and geo precision codes, countries to ACLED regions. ``docs/exports.md``
gives the whole table and the reasons. ACLED records what happened: verbal events
(statements, accusations, threats, requests, ...), events that did not or not yet happen
(negated, hypothetical, future) and undated events are left out, and counted.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dossier.errors import ConfigError, Messages
from dossier.export.reference import country, data_file, read_yaml
from dossier.export.source import Exported, Output, Source, as_selection, one_line, opened
from dossier.store.rows import ActorRow, DocumentRow, EventRow

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)


@dataclass(frozen=True)
class Rule:
    """One line of the mapping: conditions on a PLOVER event, and the ACLED types."""

    type: str
    event: str | None
    sub: str | None = None
    modes: frozenset[str] | None = None
    killed: bool | None = None
    intervened: bool | None = None
    recipient: str | None = None  # armed
    actor: str | None = None  # unarmed
    swap: bool = False
    side1: int | None = None
    side2: int | None = None


@dataclass(frozen=True)
class AcledMap:
    """The validated mapping (``AcledMap.load()`` reads the bundled one)."""

    rules: tuple[Rule, ...]
    disorder: dict[str, str]
    inter: dict[str, int]
    unknown_inter: int
    unknown_attacker_inter: int
    unknown_attacker_name: str
    armed: frozenset[int]
    unarmed: frozenset[int]
    violent: frozenset[str]
    generic: dict[int, str]
    time_precision: dict[str, int]
    range_days: tuple[tuple[int, int], ...]  # (up to this many days, code), shortest first
    geo_precision: dict[str, int]
    country_names: dict[str, str]
    regions: dict[str, str]  # alpha-3 -> region
    leave_out: tuple[str, ...]

    @classmethod
    def load(cls, path: Path | None = None) -> AcledMap:
        path = path or data_file("export", "acled.yaml")
        data = read_yaml(path)
        try:
            return _build(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(Messages.E142.format(path=path, detail=exc)) from exc

    def rule_for(self, row: EventRow, actors: list[int | None], recipients: list[int]) -> Rule:
        """The first rule the event meets (its ``event`` is ``None``: left out)."""
        killed = (row.killed or 0) > 0
        intervened = (row.arrested or 0) + (row.injured or 0) > 0
        for rule in self.rules:
            if rule.type != row.type:
                continue
            if rule.modes is not None and row.mode not in rule.modes:
                continue
            if rule.killed is not None and rule.killed != killed:
                continue
            if rule.intervened is not None and rule.intervened != intervened:
                continue
            if rule.recipient == "armed" and not any(c in self.armed for c in recipients):
                continue
            if rule.actor == "unarmed" and not (
                actors and all(c is not None and c in self.unarmed for c in actors)
            ):
                continue
            return rule
        return Rule(type=row.type, event=None)


def _build(data: dict[str, Any]) -> AcledMap:
    rules = []
    for spec in data["rules"]:
        modes = spec.get("mode")
        rules.append(
            Rule(
                type=str(spec["type"]),
                event=spec["event"],
                sub=spec.get("sub"),
                modes=None if modes is None else frozenset(map(str, modes)),
                killed=spec.get("killed"),
                intervened=spec.get("intervened"),
                recipient=spec.get("recipient"),
                actor=spec.get("actor"),
                swap=bool(spec.get("swap", False)),
                side1=spec.get("side1"),
                side2=spec.get("side2"),
            )
        )
        if rules[-1].event is not None and rules[-1].sub not in data["disorder"]:
            raise ValueError(f"sub-event type {rules[-1].sub!r} has no disorder type")
    return AcledMap(
        rules=tuple(rules),
        disorder={str(k): str(v) for k, v in data["disorder"].items()},
        inter={str(k): int(v) for k, v in data["inter"].items()},
        unknown_inter=int(data["unknown_inter"]),
        unknown_attacker_inter=int(data["unknown_attacker_inter"]),
        unknown_attacker_name=str(data["unknown_attacker_name"]),
        armed=frozenset(int(v) for v in data["armed"]),
        unarmed=frozenset(int(v) for v in data["unarmed"]),
        violent=frozenset(str(v) for v in data["violent"]),
        generic={int(k): str(v) for k, v in data["generic"].items()},
        time_precision={str(k): int(v) for k, v in data["time_precision"].items()},
        range_days=tuple(sorted((int(k), int(v)) for k, v in data["range_days"].items())),
        geo_precision={str(k): int(v) for k, v in data["geo_precision"].items()},
        country_names={str(k): str(v) for k, v in data["country_names"].items()},
        regions={
            str(code): str(region) for region, codes in data["regions"].items() for code in codes
        },
        leave_out=tuple(str(v) for v in data["leave_out"]),
    )


@dataclass(frozen=True)
class Party:
    """One side of an ACLED row: its actor, associated actors and inter code."""

    actor: str = ""
    assoc: str = ""
    inter: int = 0


def _country_name(mapping: AcledMap, alpha3: str | None) -> str:
    if not alpha3:
        return ""
    override = mapping.country_names.get(alpha3)
    found = country(alpha3)
    return override or (found.name if found else alpha3)


def _party(
    mapping: AcledMap,
    names: tuple[str, ...],
    codes: list[int],
    countries: list[str | None],
    fallback_country: str | None,
) -> Party:
    if not names:
        return Party()
    generic = mapping.generic.get(codes[0])
    if generic is not None:
        where = _country_name(mapping, fallback_country or countries[0])
        label = f"{generic} ({where})" if where else generic
        return Party(label, "; ".join(names), codes[0])
    return Party(names[0], "; ".join(names[1:]), codes[0])


def _precision(mapping: AcledMap, row: EventRow) -> int:
    if row.precision == "range" and row.date_start and row.date_end:
        days = (date.fromisoformat(row.date_end) - date.fromisoformat(row.date_start)).days + 1
        for limit, code in mapping.range_days:
            if days <= limit:
                return code
        return 3
    return mapping.time_precision.get(row.precision, 3)


def _timestamp(document: DocumentRow | None) -> int | str:
    if document is None or not document.ingested_at:
        return ""
    try:
        return int(datetime.fromisoformat(document.ingested_at).timestamp())
    except ValueError:
        return ""


def _tags(row: EventRow) -> str:
    tags = [f"plover={row.type}" + (f":{row.mode}" if row.mode else "")]
    tags += [f"context={context}" for context in row.context]
    tags += [flag for flag in ("hedged", "historical") if getattr(row, flag)]
    tags += [f"{name}={getattr(row, name)}" for name in ("arrested", "injured")
             if getattr(row, name) is not None]
    tags += [f"attribution={name}" for name in row.attribution]
    tags.append(f"confidence={row.confidence:.2f}")
    return "; ".join(one_line(tag) for tag in tags)


def acled_row(
    row: EventRow,
    actors: dict[str, ActorRow],
    document: DocumentRow | None,
    mapping: AcledMap,
) -> dict[str, Any] | None:
    """One event as an ACLED row, or ``None`` when ACLED would not record it."""
    if any(getattr(row, flag) for flag in mapping.leave_out) or not row.date_start:
        return None
    inter = mapping.inter

    def code(actor_id: str) -> int | None:
        found = actors.get(actor_id)
        return None if found is None or found.sector is None else inter.get(found.sector)

    actor_codes = [code(a) for a in row.actor]
    recipient_codes = [c if c is not None else mapping.unknown_inter
                       for c in (code(r) for r in row.recipient)]
    rule = mapping.rule_for(row, actor_codes, recipient_codes)
    if rule.event is None or rule.sub is None:
        return None
    attacker = mapping.unknown_attacker_inter if rule.event in mapping.violent else None
    first_codes = [c if c is not None else (attacker or mapping.unknown_inter)
                   for c in actor_codes]

    def countries(ids: tuple[str, ...]) -> list[str | None]:
        return [actors[i].country if i in actors else None for i in ids]

    sides = [
        (row.actor_names, first_codes, countries(row.actor)),
        (row.recipient_names, recipient_codes, countries(row.recipient)),
    ]
    if rule.swap:
        sides.reverse()
    for index, override in ((0, rule.side1), (1, rule.side2)):
        if override is not None:
            names, codes, where = sides[index]
            sides[index] = (names, [override] * len(codes), where)
    first, second = (_party(mapping, *side, row.country) for side in sides)
    if not first.actor and rule.event not in mapping.violent:
        first, second = second, first  # ACLED always names actor1
    elif not first.actor:
        home = _country_name(mapping, row.country)
        label = mapping.unknown_attacker_name
        first = Party(f"{label} ({home})" if home else label, "",
                      mapping.unknown_attacker_inter)
    interaction: int | str = ""
    if first.inter:
        low, high = sorted((first.inter, second.inter))
        interaction = first.inter * 10 if not second.inter else low * 10 + high
    place = country(row.country)
    return {
        "event_id_cnty": f"{row.country}-{row.id}" if row.country else row.id,
        "event_date": row.date_start,
        "year": int(row.date_start[:4]),
        "time_precision": _precision(mapping, row),
        "disorder_type": mapping.disorder[rule.sub],
        "event_type": rule.event,
        "sub_event_type": rule.sub,
        "actor1": first.actor,
        "assoc_actor_1": first.assoc,
        "inter1": first.inter or "",
        "actor2": second.actor,
        "assoc_actor_2": second.assoc,
        "inter2": second.inter,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting"
        if rule.event in mapping.violent and second.inter == 7
        else "",
        "iso": place.numeric if place else "",
        "region": mapping.regions.get(row.country or "", ""),
        "country": _country_name(mapping, row.country),
        "admin1": row.admin1 or "",
        "admin2": "",
        "admin3": "",
        "location": row.place or "",
        "latitude": "" if row.lat is None else row.lat,
        "longitude": "" if row.lon is None else row.lon,
        "geo_precision": mapping.geo_precision.get(row.place_precision or "", "")
        if row.place
        else "",
        "source": (document.source if document else row.source) or "",
        "source_scale": "",
        "notes": one_line(row.sentence),
        "fatalities": row.killed or 0,
        "tags": _tags(row),
        "timestamp": _timestamp(document),
    }


def write_acled(source: Source, out: Output, *, mapping: AcledMap | None = None) -> Exported:
    """Write the events ACLED would record as CSV with ACLED's columns, in its order."""
    mapping = mapping or AcledMap.load()
    selection = as_selection(source)
    actors = selection.actors()
    documents = selection.documents()
    count = skipped = 0
    with opened(out) as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in selection.events:
            record = acled_row(row, actors, documents.get(row.doc_id), mapping)
            if record is None:
                skipped += 1
                continue
            writer.writerow(record)
            count += 1
    return Exported(
        count,
        "events",
        skipped,
        "outside ACLED's scope (verbal events), undated, negated, hypothetical or future",
    )
