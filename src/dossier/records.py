"""The typed records that flow between dossier's stages.

Every record is a frozen dataclass with ``to_dict`` / ``from_dict`` matching the
dossier/1 contract (``docs/contract.md``, ``src/dossier/data/dossier-1.schema.json``).
Spans are ``(start, end)`` character offsets into ``Document.text``; in JSON they are
two-element lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

SCHEMA = "dossier/1"

Span = tuple[int, int]


def _span(value: Any) -> Span:
    start, end = value
    return (int(start), int(end))


def _opt_span(value: Any) -> Span | None:
    return None if value is None else _span(value)


@dataclass(frozen=True)
class Document:
    """One article as read: the text every offset points into, and its metadata."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None  # ISO date, possibly partial: "2016", "2016-11", "2016-11-03"
    language: str = "en"

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})

    def with_published(self, published: str | None) -> Document:
        return replace(self, published=published)


@dataclass(frozen=True)
class Timex:
    """A temporal expression and its TIMEX3-style normalised value."""

    text: str
    span: Span
    type: str  # DATE | TIME | DURATION | SET
    value: str  # "2014-02", "P20M", "PAST_REF", ...
    mod: str | None = None  # START | MID | END | APPROX | BEFORE | AFTER | ...

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": list(self.span),
            "type": self.type,
            "value": self.value,
            "mod": self.mod,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Timex:
        return cls(
            text=data["text"],
            span=_span(data["span"]),
            type=data["type"],
            value=data["value"],
            mod=data.get("mod"),
        )


@dataclass(frozen=True)
class When:
    """A calendar span an event or quote falls in, with how precisely it is known.

    ``precision`` is one of ``day``, ``week``, ``month``, ``season``, ``quarter``,
    ``year``, ``decade``, ``century``, ``range``, ``publication`` (no date in the text:
    the article's own date stands in) or ``unknown``.
    """

    start: str | None
    end: str | None
    precision: str
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> When:
        return cls(
            start=data.get("start"),
            end=data.get("end"),
            precision=data["precision"],
            text=data.get("text"),
        )


@dataclass(frozen=True)
class Where:
    """A place an event happened, resolved against the gazetteer."""

    name: str
    country: str | None  # ISO 3166 alpha-3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str = "country"  # city | admin1 | country | document

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Where:
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


@dataclass(frozen=True)
class Money:
    amount: float
    currency: str  # ISO 4217

    def to_dict(self) -> dict[str, Any]:
        amount: float | int = int(self.amount) if float(self.amount).is_integer() else self.amount
        return {"amount": amount, "currency": self.currency}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Money:
        return cls(amount=data["amount"], currency=data["currency"])


@dataclass(frozen=True)
class Quantity:
    """A number the text states about people or money, with ACLED-style flags."""

    kind: str  # killed | injured | arrested | money | count
    value: float
    span: Span
    currency: str | None = None
    approximate: bool = False  # a vague number fixed by convention ("dozens" = 12)
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "kind": self.kind,
            "value": value,
            "currency": self.currency,
            "span": list(self.span),
            "approximate": self.approximate,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quantity:
        return cls(
            kind=data["kind"],
            value=data["value"],
            span=_span(data["span"]),
            currency=data.get("currency"),
            approximate=bool(data.get("approximate", False)),
            text=data.get("text", ""),
        )


@dataclass(frozen=True)
class Mention:
    """One place in the text where an actor is named or referred to."""

    actor_id: str
    span: Span
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"actor_id": self.actor_id, "span": list(self.span), "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        return cls(actor_id=data["actor_id"], span=_span(data["span"]), text=data["text"])


@dataclass(frozen=True)
class Actor:
    """A person, organisation or group named in one document.

    ``id`` is the dictionary id when the actor dictionary knows it (``ms13``,
    ``slv-gov``), else a slug of the kind and name (``person:aristides-valencia``), so
    that the store can merge the same actor across documents.
    """

    id: str
    name: str
    kind: str  # person | organization | group | location
    aliases: tuple[str, ...] = ()
    country: str | None = None
    sector: str | None = None
    roles: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()  # actor ids
    mentions: tuple[Span, ...] = ()
    dictionary_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "kind": self.kind,
            "country": self.country,
            "sector": self.sector,
            "roles": list(self.roles),
            "affiliations": list(self.affiliations),
            "mentions": [list(span) for span in self.mentions],
            "dictionary_id": self.dictionary_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(
            id=data["id"],
            name=data["name"],
            kind=data["kind"],
            aliases=tuple(data.get("aliases", ())),
            country=data.get("country"),
            sector=data.get("sector"),
            roles=tuple(data.get("roles", ())),
            affiliations=tuple(data.get("affiliations", ())),
            mentions=tuple(_span(s) for s in data.get("mentions", ())),
            dictionary_id=data.get("dictionary_id"),
        )


@dataclass(frozen=True)
class Modality:
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False
    hedged: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Modality:
        return cls(**{f.name: bool(data.get(f.name, False)) for f in fields(cls)})


@dataclass(frozen=True)
class Evidence:
    sentence: Span
    trigger: Span

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": list(self.sentence), "trigger": list(self.trigger)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(sentence=_span(data["sentence"]), trigger=_span(data["trigger"]))


@dataclass(frozen=True)
class Event:
    """A PLOVER-coded event with its arguments and the words it came from."""

    id: str
    type: str
    evidence: Evidence
    when: When
    mode: str | None = None
    context: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()  # actor ids
    recipient: tuple[str, ...] = ()  # actor ids
    where: Where | None = None
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None
    money: Money | None = None
    modality: Modality = field(default_factory=Modality)
    attribution: tuple[str, ...] = ()
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "context": list(self.context),
            "actor": list(self.actor),
            "recipient": list(self.recipient),
            "when": self.when.to_dict(),
            "where": None if self.where is None else self.where.to_dict(),
            "killed": self.killed,
            "injured": self.injured,
            "arrested": self.arrested,
            "money": None if self.money is None else self.money.to_dict(),
            "modality": self.modality.to_dict(),
            "attribution": list(self.attribution),
            "evidence": self.evidence.to_dict(),
            "confidence": round(self.confidence, 3),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        return cls(
            id=data["id"],
            type=data["type"],
            mode=data.get("mode"),
            context=tuple(data.get("context", ())),
            actor=tuple(data.get("actor", ())),
            recipient=tuple(data.get("recipient", ())),
            when=When.from_dict(data["when"]),
            where=None if data.get("where") is None else Where.from_dict(data["where"]),
            killed=data.get("killed"),
            injured=data.get("injured"),
            arrested=data.get("arrested"),
            money=None if data.get("money") is None else Money.from_dict(data["money"]),
            modality=Modality.from_dict(data.get("modality", {})),
            attribution=tuple(data.get("attribution", ())),
            evidence=Evidence.from_dict(data["evidence"]),
            confidence=float(data.get("confidence", 0.5)),
        )


@dataclass(frozen=True)
class Quote:
    """A direct quotation, its speaker (an actor id) and when it was said."""

    text: str
    span: Span
    speaker: str | None = None
    when: When | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "text": self.text,
            "span": list(self.span),
            "when": None if self.when is None else self.when.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        return cls(
            text=data["text"],
            span=_span(data["span"]),
            speaker=data.get("speaker"),
            when=None if data.get("when") is None else When.from_dict(data["when"]),
        )


@dataclass(frozen=True)
class Extraction:
    """Everything dossier found in one document: one dossier/1 object."""

    document: Document
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timexes: tuple[Timex, ...] = ()
    quantities: tuple[Quantity, ...] = ()

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        doc = self.document
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "doc_id": doc.id,
            "title": doc.title,
            "url": doc.url,
            "source": doc.source,
            "published": doc.published,
            "language": doc.language,
        }
        if include_text:
            out["text"] = doc.text
        out["actors"] = [a.to_dict() for a in self.actors]
        out["events"] = [e.to_dict() for e in self.events]
        out["quotes"] = [q.to_dict() for q in self.quotes]
        out["timexes"] = [t.to_dict() for t in self.timexes]
        out["quantities"] = [q.to_dict() for q in self.quantities]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str | None = None) -> Extraction:
        document = Document(
            id=data["doc_id"],
            text=data.get("text", text or ""),
            title=data.get("title"),
            url=data.get("url"),
            source=data.get("source"),
            published=data.get("published"),
            language=data.get("language", "en"),
        )
        return cls(
            document=document,
            actors=tuple(Actor.from_dict(a) for a in data.get("actors", ())),
            events=tuple(Event.from_dict(e) for e in data.get("events", ())),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes", ())),
            timexes=tuple(Timex.from_dict(t) for t in data.get("timexes", ())),
            quantities=tuple(Quantity.from_dict(q) for q in data.get("quantities", ())),
        )


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the text, resolved against the gazetteer (not in dossier/1)."""

    span: Span
    text: str
    where: Where


@dataclass(frozen=True)
class Findings:
    """What the find stage saw in one document, handed to the event coder."""

    actors: tuple[Actor, ...] = ()
    mentions: tuple[Mention, ...] = ()
    timexes: tuple[Timex, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    country: str | None = None  # the document's main country, ISO alpha-3
    country_place: Where | None = None  # that country as a place, for events with no other
