"""Publication dates: validate what users and files give, normalise to partial ISO dates.

dossier keeps a publication date at the precision it is known: ``2016``, ``2016-11`` or
``2016-11-03``. Feeds and web pages carry full timestamps (ISO 8601 or RFC 2822); those
are cut to the day *as written*, without converting time zones, so an article stamped
``Tue, 01 Nov 2016 23:00:00 -0600`` stays on 1 November.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from dossier.errors import InputError, Messages

_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\S.*")


def parse_date(value: str) -> str:
    """Return ``value`` as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise E020 if it is none.

    Accepted: those three forms, full ISO 8601 datetimes (``2016-11-03T10:00:00Z``) and
    RFC 2822 dates (``Thu, 03 Nov 2016 10:00:00 GMT``); the last two are cut to the day.
    """
    text = value.strip()
    normalised = _iso(text) or _rfc2822(text)
    if normalised is None:
        raise InputError(Messages.E020.format(value=value), stage="read")
    return normalised


def _iso(text: str) -> str | None:
    if _YEAR.fullmatch(text):
        return text if int(text) >= 1 else None
    if match := _MONTH.fullmatch(text):
        year, month = int(match[1]), int(match[2])
        return text if year >= 1 and 1 <= month <= 12 else None
    if _DAY.fullmatch(text):
        return _valid_day(text)
    if match := _DATETIME.fullmatch(text):
        try:
            datetime.fromisoformat(text)
        except ValueError:
            return None
        return match[1]
    return None


def _valid_day(text: str) -> str | None:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _rfc2822(text: str) -> str | None:
    if not re.search(r"[A-Za-z]{3}", text):  # RFC 2822 always names the month
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.date().isoformat()
