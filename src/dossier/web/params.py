"""The event filters of the pages and the API, parsed once from the query string.

Forms send empty fields as empty strings; here they mean "no filter". The same
``EventParams`` feeds ``KnowledgeBase.events`` and the paging links of the pages.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query

from dossier.errors import InputError, Messages

PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_ROWS = 20_000  # the store reads every row up to a page: deep pages cost, so stop here
SORTS = ("date", "-date", "killed", "confidence", "doc")


@dataclass(frozen=True)
class EventParams:
    """The CLI's event filters, plus paging."""

    actor: str | None = None
    recipient: str | None = None
    involving: str | None = None
    type: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    min_killed: int | None = None
    hedged: bool | None = None
    text: str | None = None
    doc: tuple[str, ...] = ()
    sort: str = "date"
    page: int = 1
    per_page: int = PER_PAGE

    def filters(self) -> dict[str, Any]:
        """The keyword arguments of ``KnowledgeBase.events`` (without the limit)."""
        values = asdict(self)
        del values["page"], values["per_page"]
        return values

    def query(self, **changes: Any) -> str:
        """This view's query string, with ``changes``; defaults are left out."""
        values = asdict(self) | changes
        pairs: list[tuple[str, str]] = []
        for name, value in values.items():
            if value is None or value == () or value == getattr(EventParams, name, None):
                continue
            if isinstance(value, tuple):
                pairs.extend((name, item) for item in value)
            elif isinstance(value, bool):
                pairs.append((name, "yes" if value else "no"))
            else:
                pairs.append((name, str(value)))
        return urlencode(pairs)


def _text(value: str | None) -> str | None:
    value = None if value is None else value.strip()
    return value or None


def _many(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in values or () if v.strip())


def _count(name: str, value: str | None, low: int, high: int | None = None) -> int | None:
    value = _text(value)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise InputError(Messages.E160.format(name=name, value=value)) from None
    if number < low or (high is not None and number > high):
        raise InputError(Messages.E160.format(name=name, value=value))
    return number


def _yes_no(value: str | None) -> bool | None:
    value = (_text(value) or "").lower()
    if value in ("yes", "true", "1"):
        return True
    if value in ("no", "false", "0"):
        return False
    if value in ("", "any"):
        return None
    raise InputError(Messages.E160.format(name="hedged", value=value))


Many = Annotated[list[str] | None, Query()]


def event_params(
    actor: Annotated[str | None, Query(description="Who acts: name, alias or id.")] = None,
    recipient: Annotated[str | None, Query(description="On whom.")] = None,
    involving: Annotated[str | None, Query(description="An actor on either side.")] = None,
    type: Annotated[list[str] | None, Query(description="PLOVER types.")] = None,
    mode: Many = None,
    context: Many = None,
    country: Annotated[list[str] | None, Query(description="ISO 3166 alpha-3.")] = None,
    since: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    min_killed: Annotated[str | None, Query(description="At least this many killed.")] = None,
    hedged: Annotated[str | None, Query(description="yes, no or empty (either).")] = None,
    text: Annotated[str | None, Query(description="Words of the evidence sentence.")] = None,
    doc: Many = None,
    sort: Annotated[str, Query(description="date, -date, killed, confidence or doc.")] = "date",
    page: Annotated[str | None, Query(description="Page number, from 1.")] = None,
    per_page: Annotated[str | None, Query(description="Rows per page (max 500).")] = None,
) -> EventParams:
    """A FastAPI dependency: the event filters of a request."""
    sort = _text(sort) or "date"
    if sort not in SORTS:
        raise InputError(Messages.E111.format(what="sort", value=sort, choices=", ".join(SORTS)))
    params = EventParams(
        actor=_text(actor),
        recipient=_text(recipient),
        involving=_text(involving),
        type=_many(type),
        mode=_many(mode),
        context=_many(context),
        country=_many(country),
        since=_text(since),
        until=_text(until),
        min_killed=_count("min_killed", min_killed, 0),
        hedged=_yes_no(hedged),
        text=_text(text),
        doc=_many(doc),
        sort=sort,
        page=_count("page", page, 1) or 1,
        per_page=_count("per_page", per_page, 1, MAX_PER_PAGE) or PER_PAGE,
    )
    if params.page * params.per_page > MAX_ROWS:
        raise InputError(Messages.E166.format(page=params.page, rows=MAX_ROWS))
    return params
