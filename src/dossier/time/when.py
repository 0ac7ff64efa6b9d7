"""Calendar spans (``When``) from timexes, for events, quotes and the article itself.

``to_when`` turns one DATE/TIME value into first and last day, with a precision;
START, MID and END take the first, middle or last third of the span ("early 2014":
January-April). ``when_for`` picks the span of an event from the timexes of its
sentence: a range when the sentence states one ("between January 2015 and August
2016", "from March 2012 until early 2014", "March-May 2015"), else the most specific
calendar timex (day before month before season/quarter before year before decade),
the first one on a tie.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Sequence
from datetime import date, timedelta

from dossier.records import Timex, When
from dossier.time.dates import QUARTER_START, SEASON_START, parse_anchor

_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?$")
_MONTH = re.compile(r"(\d{4})-(\d\d)$")
_YEAR = re.compile(r"(\d{4})$")
_QUARTER = re.compile(r"(\d{4})-([QH])([1-4])$")
_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)$")
_WEEK = re.compile(r"(\d{4})-W(\d\d)(-WE)?$")
_DECADE = re.compile(r"(\d{3})$")
_CENTURY = re.compile(r"(\d{2})$")
_SPECIFIC = {
    "day": 0,
    "range": 1,
    "week": 1,
    "month": 2,
    "season": 3,
    "quarter": 3,
    "year": 4,
    "decade": 5,
    "century": 6,
}
_OPENING = re.compile(r"\b(between|from)\s+(?:the\s+)?$", re.IGNORECASE)
_LINKS = {
    "between": r"and|to|-|–",
    "from": r"to|until|till|through|thru|into|-|–",
    None: r"-|–|to|through|until|till",
}


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def _calendar(value: str) -> tuple[date, date, str] | None:
    """First day, last day and precision of a TIMEX3 calendar value, else ``None``."""
    if match := _DAY.match(value):
        try:
            day = date(*(int(g) for g in match.groups()))
        except ValueError:
            return None
        return day, day, "day"
    if match := _MONTH.match(value):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            return None
        return date(year, month, 1), _end_of_month(year, month), "month"
    if match := _YEAR.match(value):
        year = int(match.group(1))
        return date(year, 1, 1), date(year, 12, 31), "year"
    if match := _QUARTER.match(value):
        year, letter, number = int(match.group(1)), match.group(2), int(match.group(3))
        if letter == "H":
            first = 1 if number == 1 else 7
            return date(year, first, 1), _end_of_month(year, first + 5), "quarter"
        first = QUARTER_START[number]
        return date(year, first, 1), _end_of_month(year, first + 2), "quarter"
    if match := _SEASON.match(value):
        year, first = int(match.group(1)), SEASON_START[match.group(2)]
        last_year, last = (year + 1, 2) if first == 12 else (year, first + 2)
        return date(year, first, 1), _end_of_month(last_year, last), "season"
    if match := _WEEK.match(value):
        try:
            monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            return None
        if match.group(3):
            return monday + timedelta(days=5), monday + timedelta(days=6), "week"
        return monday, monday + timedelta(days=6), "week"
    if match := _DECADE.match(value):
        first = int(match.group(1)) * 10
        return date(first, 1, 1), date(first + 9, 12, 31), "decade"
    if match := _CENTURY.match(value):
        first = int(match.group(1)) * 100
        return date(max(first, 1), 1, 1), date(first + 99, 12, 31), "century"
    return None


def _part(first: date, last: date, mod: str | None) -> tuple[date, date]:
    """The first (START), middle (MID) or last (END) third of first..last."""
    if mod not in ("START", "MID", "END") or first == last:
        return first, last
    years = last.year - first.year + 1
    if years >= 10 and (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        # Decades and centuries by whole years: "the early 1990s" is 1990-1993.
        head, tail = -(-years // 3), years // 3
        if mod == "START":
            return first, date(first.year + head - 1, 12, 31)
        if mod == "END":
            return date(last.year - tail + 1, 1, 1), last
        return date(first.year + head, 1, 1), date(last.year - tail, 12, 31)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months >= 3:
        third = months // 3 + (1 if months % 3 == 2 else 0)
        if mod == "START":
            end_year, end_month = divmod(first.month - 1 + third - 1, 12)
            return first, _end_of_month(first.year + end_year, end_month + 1)
        if mod == "END":
            start_year, start_month = divmod(last.month - 1 - (third - 1), 12)
            return date(last.year + start_year, start_month + 1, 1), last
        middle_year, middle_month = divmod(first.month - 1 + third, 12)
        last_year, last_month = divmod(first.month - 1 + months - third - 1, 12)
        return (
            date(first.year + middle_year, middle_month + 1, 1),
            _end_of_month(first.year + last_year, last_month + 1),
        )
    days = (last - first).days + 1
    if days < 3:  # "early the weekend": two days have no thirds
        return first, last
    third = days // 3
    if mod == "START":
        return first, first + timedelta(days=third - 1)
    if mod == "END":
        return last - timedelta(days=third - 1), last
    return first + timedelta(days=third), last - timedelta(days=third)


def to_when(timex: Timex) -> When | None:
    """A DATE or TIME timex as a calendar span; ``None`` for durations, sets and values
    that are not calendar dates (``PAST_REF``, ``XXXX-10``)."""
    if timex.type not in ("DATE", "TIME"):
        return None
    found = _within_calendar(timex.value)
    if found is None:
        return None
    first, last, precision = found
    try:
        first, last = _part(first, last, timex.mod)
    except (OverflowError, ValueError):  # a third of a span at the calendar's edge
        return None
    start, end = first.isoformat(), last.isoformat()
    if timex.mod in ("BEFORE", "ON_OR_BEFORE"):
        start = None  # type: ignore[assignment]
    if timex.mod in ("AFTER", "ON_OR_AFTER"):
        end = None  # type: ignore[assignment]
    return When(start=start, end=end, precision=precision, text=timex.text)


def publication_when(published: str | None) -> When | None:
    """The article's date as a span with precision ``publication``."""
    anchor = parse_anchor(published)
    if anchor is None:
        return None
    found = _within_calendar(anchor.value)
    if found is None:
        return None
    first, last, _ = found
    return When(start=first.isoformat(), end=last.isoformat(), precision="publication")


def _within_calendar(value: str) -> tuple[date, date, str] | None:
    """``_calendar(value)``, or ``None`` for a span that leaves Python's calendar (years
    1 to 9999): the decade "000", the winter of 9999."""
    try:
        return _calendar(value)
    except (OverflowError, ValueError):
        return None


def when_for(text: str, timexes: Sequence[Timex], window: tuple[int, int]) -> When | None:
    """The time span of an event whose sentence is ``window``.

    A range stated in the window ("between A and B", "from A until B", "A-B") gives
    one ``When`` from A's start to B's end, precision ``range``, its text covering the
    whole range; otherwise the most specific calendar timex in the window (the first
    on a tie); ``None`` if the window has none.
    """
    inside = [
        (timex, when)
        for timex in sorted(timexes, key=lambda t: t.span)
        if window[0] <= timex.span[0] and timex.span[1] <= window[1]
        if (when := to_when(timex)) is not None
    ]
    if not inside:
        return None
    for (first, first_when), (second, second_when) in zip(inside, inside[1:], strict=False):
        if _ends_before_it_starts(first_when, second_when):
            continue  # "between January 2015 and August 1008" is no range
        found = _range(text, first, second, window)
        if found is not None:
            start = found
            return When(
                start=first_when.start,
                end=second_when.end,
                precision="range",
                text=text[start : second.span[1]],
            )
    best = min(inside, key=lambda pair: _SPECIFIC.get(pair[1].precision, 6))
    return best[1]


def _ends_before_it_starts(first: When, second: When) -> bool:
    return first.start is not None and second.end is not None and second.end < first.start


def _range(text: str, first: Timex, second: Timex, window: tuple[int, int]) -> int | None:
    """Where the range "between/from FIRST and/to SECOND" starts, if the text says one."""
    between = text[first.span[1] : second.span[0]]
    before = text[max(window[0], first.span[0] - 16) : first.span[0]]
    opening = _OPENING.search(before)
    word = opening.group(1).lower() if opening else None
    if not re.fullmatch(rf"\s*(?:{_LINKS[word]})\s*(?:the\s+)?", between, re.IGNORECASE):
        return None
    if opening is None:
        return first.span[0]
    return first.span[0] - len(before) + opening.start()
