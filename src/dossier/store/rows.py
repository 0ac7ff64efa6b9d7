"""What queries return: typed, frozen rows, and ``Results`` to hold them.

Rows are flat (one value per column, tuples for lists) so that ``Results.to_dicts()``
and ``Results.to_pandas()`` give one column per field without unpacking; the nested
records of the dossier/1 contract are a property away (``EventRow.when``, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from dossier.errors import DossierError, Messages
from dossier.records import Evidence, Modality, Money, When, Where

if TYPE_CHECKING:
    import pandas

# Marks around the matched words in search snippets (``SearchHit.snippet``).
MARK_OPEN = "\u27e6"
MARK_CLOSE = "\u27e7"


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return row_dict(value)
    return value


def row_dict(row: Any) -> dict[str, Any]:
    """A row as a dict of plain values (tuples become lists)."""
    return {f.name: _plain(getattr(row, f.name)) for f in fields(row)}


@dataclass(frozen=True)
class EventRow:
    """One stored event, flat, with the names of its actors and its document's metadata."""

    id: str
    doc_id: str
    local_id: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    actor: tuple[str, ...]  # store actor ids
    actor_names: tuple[str, ...]
    recipient: tuple[str, ...]
    recipient_names: tuple[str, ...]
    date_start: str | None  # the span in whole days
    date_end: str | None
    when_start: str | None  # as the extraction gave it
    when_end: str | None
    precision: str
    when_text: str | None
    place: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    place_precision: str | None
    killed: int | None
    injured: int | None
    arrested: int | None
    money_amount: float | None
    money_currency: str | None
    negated: bool
    hypothetical: bool
    future: bool
    historical: bool
    hedged: bool
    attribution: tuple[str, ...]
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    sentence: str
    trigger: str
    confidence: float
    title: str | None
    source: str | None
    published: str | None

    @property
    def when(self) -> When:
        return When(self.when_start, self.when_end, self.precision, self.when_text)

    @property
    def where(self) -> Where | None:
        if self.place is None:
            return None
        return Where(
            self.place,
            self.country,
            self.admin1,
            self.lat,
            self.lon,
            self.place_precision or "country",
        )

    @property
    def money(self) -> Money | None:
        if self.money_amount is None or self.money_currency is None:
            return None
        return Money(self.money_amount, self.money_currency)

    @property
    def modality(self) -> Modality:
        return Modality(self.negated, self.hypothetical, self.future, self.historical, self.hedged)

    @property
    def evidence(self) -> Evidence:
        return Evidence(
            (self.sentence_start, self.sentence_end), (self.trigger_start, self.trigger_end)
        )

    @property
    def month(self) -> str | None:
        return None if self.date_start is None else self.date_start[:7]


@dataclass(frozen=True)
class ActorRow:
    """One merged actor with how much the store says about it."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    dictionary_id: str | None
    documents: int
    events: int
    mentions: int
    aliases: tuple[str, ...]
    roles: tuple[str, ...]  # most frequent first


@dataclass(frozen=True)
class RoleRow:
    """A title or description one document gives an actor, dated by the document."""

    role: str
    doc_id: str
    published: str | None


@dataclass(frozen=True)
class AffiliationRow:
    """An actor the profiled actor is affiliated with, and how many documents say so."""

    actor_id: str  # the affiliated actor's store id
    name: str
    first_published: str | None  # the earliest and latest dated documents saying so
    last_published: str | None
    documents: int


@dataclass(frozen=True)
class QuoteRow:
    doc_id: str
    speaker_id: str | None
    speaker: str | None
    text: str
    start: int
    end: int
    when_start: str | None
    when_end: str | None
    precision: str | None
    published: str | None


@dataclass(frozen=True)
class ActorProfile:
    """Everything the store holds about one actor (``KnowledgeBase.actor``)."""

    actor: ActorRow
    roles: tuple[RoleRow, ...]  # in publication order
    as_actor: tuple[EventRow, ...]
    as_recipient: tuple[EventRow, ...]
    quotes: tuple[QuoteRow, ...]
    doc_ids: tuple[str, ...]
    affiliations: tuple[AffiliationRow, ...] = ()  # most documents first


@dataclass(frozen=True)
class DocumentRow:
    id: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    language: str
    characters: int
    events: int
    content_hash: str
    ingested_at: str


@dataclass(frozen=True)
class SearchHit:
    """A full-text match: a document (title or text) or an event's evidence sentence."""

    kind: str  # document | event
    doc_id: str
    event_id: str | None
    title: str | None
    published: str | None
    snippet: str  # matched words between MARK_OPEN and MARK_CLOSE
    rank: float  # bm25: lower is better


@dataclass(frozen=True)
class Mark:
    """A span of an evidence sentence to highlight, relative to the sentence."""

    start: int
    end: int
    role: str  # trigger | actor | recipient | when | place | figure


@dataclass(frozen=True)
class Count:
    key: str
    count: int


@dataclass(frozen=True)
class Stats:
    """Totals and breakdowns of the store (``KnowledgeBase.stats``)."""

    documents: int
    events: int
    actors: int
    quotes: int
    mentions: int
    by_type: tuple[Count, ...]
    by_month: tuple[Count, ...]
    by_country: tuple[Count, ...]
    by_actor: tuple[Count, ...]
    killed_by_month: tuple[Count, ...]

    def to_dict(self) -> dict[str, Any]:
        return row_dict(self)


T = TypeVar("T")


class Results(list[T], Generic[T]):
    """A list of rows that converts itself to dicts or a pandas DataFrame."""

    def __init__(self, rows: Any = (), row_type: type | None = None):
        super().__init__(rows)
        self.row_type = row_type

    def to_dicts(self) -> list[dict[str, Any]]:
        return [row_dict(row) for row in self]

    def to_pandas(self) -> pandas.DataFrame:
        try:
            import pandas
        except ImportError as exc:
            raise DossierError(Messages.E112) from exc
        columns = [f.name for f in fields(self.row_type)] if self.row_type else None
        return pandas.DataFrame(self.to_dicts(), columns=columns)
