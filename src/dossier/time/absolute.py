"""Normalisers for calendar expressions: days, months, years, quarters, seasons, times.

Each takes the regex match of its rule and the ``Context`` and returns the readings
it makes (usually one; none rejects the match). Missing parts (the year of "late
October", the date of "Friday") come from the anchor, looking back in time unless the
sentence speaks of the future.
"""

from __future__ import annotations

import re
from datetime import date

from dossier.time.context import Context, Reading
from dossier.time.dates import (
    SOON_DAYS,
    Anchor,
    day_in_year,
    day_value,
    holiday_date,
    month_value,
    month_year,
    quarter_year,
    season_year,
    shift,
    weekday_date,
)
from dossier.time.lexicon import normal

Match = re.Match[str]
_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d\d))?\s*([ap])?", re.I)


def whole(m: Match, type_: str, value: str, mod: str | None = None) -> list[Reading]:
    return [Reading(m.start(), m.end(), type_, value, mod)]


def group(m: Match, name: str) -> str | None:
    """A named group's text, or ``None`` if the pattern has no such group or it is empty."""
    try:
        return m.group(name)
    except IndexError:
        return None


def point_mod(m: Match, ctx: Context) -> str | None:
    """The mod a leading or trailing modifier gives: "late" END, "or later" ON_OR_AFTER."""
    lexicon = ctx.lexicon
    mod = group(m, "pmod") or group(m, "pmod2")
    if mod:
        return lexicon.point_mods.get(normal(mod).replace("-", " ").strip())
    trailing = group(m, "tmod")
    return lexicon.trailing_mods.get(normal(trailing)) if trailing else None


def month_number(ctx: Context, text: str) -> int:
    return ctx.lexicon.months[normal(text)]


def _year(text: str) -> int:
    return int(text)


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _date_value(year: int, month: int, day: int) -> str | None:
    try:
        return day_value(date(year, month, day))
    except ValueError:
        return None


def calendar_day(m: Match, ctx: Context) -> list[Reading]:
    """"Nov. 3, 2016", "3 November", "Friday, Oct. 23": a day, its year from the anchor."""
    month = month_number(ctx, m.group("month"))
    day = _day(m.group("day"))
    year_text = group(m, "year")
    if year_text:
        value = _date_value(_year(year_text), month, day)
    elif ctx.anchor is None:
        value = f"XXXX-{month:02d}-{day:02d}" if 1 <= day <= 31 else None
    else:
        value = _day_from_weekday(ctx.anchor, month, day, group(m, "weekday"), ctx)
        if value is None:
            value = day_in_year(ctx.anchor, month, day, ctx.direction(m.start(), m.end()))
    if value is None:
        return []
    return whole(m, "DATE", value, point_mod(m, ctx))


def _day_from_weekday(
    anchor: Anchor, month: int, day: int, weekday: str | None, ctx: Context
) -> str | None:
    """The year in which month/day falls on the weekday the text names, if only one does."""
    if weekday is None:
        return None
    number = ctx.lexicon.weekdays[normal(weekday)]
    matches = [
        value
        for year in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (value := _date_value(year, month, day)) is not None
        and date.fromisoformat(value).isoweekday() == number
    ]
    return matches[0] if len(matches) == 1 else None


def numeric_date(m: Match, ctx: Context) -> list[Reading]:
    """"2016-11-03", "11/03/2016" (month first when it can be, else day first)."""
    text = m.group(0)
    if "-" in text:
        return whole(m, "DATE", text)
    first, second, year_text = (int(p) for p in text.split("/"))
    year = year_text
    if year < 100:
        base = ctx.anchor.year if ctx.anchor else 2000
        year += (base // 100) * 100
        if year > base + 10:
            year -= 100
    value = _date_value(year, first, second) or _date_value(year, second, first)
    return whole(m, "DATE", value) if value else []


def month_and_year(m: Match, ctx: Context) -> list[Reading]:
    """"November 1989", "late October 2015", "Oct. of 2015"."""
    month = month_number(ctx, m.group("month"))
    return whole(m, "DATE", month_value(_year(m.group("year")), month), point_mod(m, ctx))


def month_alone(m: Match, ctx: Context) -> list[Reading]:
    """"October", "late October", "last April": the year from the anchor and the tense."""
    name = m.group("monthname")
    month = month_number(ctx, name)
    rel = group(m, "rel")
    mod = point_mod(m, ctx)
    if not rel and not group(m, "pmod") and normal(name) in ctx.lexicon.ambiguous_months:
        cue = " ".join(ctx.words_before(m.start(), 2))
        if not any(cue == c or cue.endswith(" " + c) for c in ctx.lexicon.month_cues):
            return []
    anchor = ctx.anchor
    if anchor is None:
        return whole(m, "DATE", f"XXXX-{month:02d}", mod)
    if anchor.month is None:
        return whole(m, "DATE", month_value(anchor.year, month), mod)
    step = ctx.lexicon.relative_words.get(normal(rel)) if rel else None
    if step is not None and step < 0:  # "last April": before the anchor's month
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif step is not None and step > 0:  # "next April": after it
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif step == 0:  # "this April"
        year = anchor.year
    else:
        year = month_year(anchor, month, ctx.direction(m.start(), m.end()))
    return whole(m, "DATE", month_value(year, month), mod)


def month_of_relative_year(m: Match, ctx: Context) -> list[Reading]:
    """"July last year", "January of next year"."""
    month = month_number(ctx, m.group("monthname"))
    step = ctx.lexicon.relative_words[normal(m.group("rel"))]
    if ctx.anchor is None:
        return whole(m, "DATE", f"XXXX-{month:02d}", point_mod(m, ctx))
    year = ctx.anchor.year + step
    return whole(m, "DATE", month_value(year, month), point_mod(m, ctx))


def month_range(m: Match, ctx: Context) -> list[Reading]:
    """"March-May 2015", "March to May 2015": two months, the first takes the year."""
    year = _year(m.group("year"))
    first = month_number(ctx, m.group("monthname"))
    second = month_number(ctx, m.group("month"))
    first_year = year - 1 if first > second else year
    start, end = m.span("monthname")
    return [
        Reading(start, end, "DATE", month_value(first_year, first)),
        Reading(m.start("month"), m.end(), "DATE", month_value(year, second)),
    ]


def day_range(m: Match, ctx: Context) -> list[Reading]:
    """"March 3-5, 2015": two days of one month."""
    whole_match = calendar_day(m, ctx)
    if not whole_match:
        return []
    first_value = whole_match[0].value
    second_day = _day(m.group("day2"))
    second_value = first_value[:-2] + f"{second_day:02d}"
    if not second_value.startswith("XXXX") and _date_value(
        *(int(p) for p in second_value.split("-"))
    ) is None:
        return []
    return [
        Reading(m.start(), m.end("day"), "DATE", first_value),
        Reading(m.start("day2"), m.end(), "DATE", second_value),
    ]


def year(m: Match, ctx: Context) -> list[Reading]:
    """"2014", "early 2014", "fiscal 1989", "1990 and beyond"."""
    value = _year(m.group("year"))
    if value < 1900 and not group(m, "pmod") and not _year_cue(m, ctx):
        return []
    if re.match(r"\s*(?:%|per\s*cent|percent)", ctx.text_after(m.end())):
        return []
    return whole(m, "DATE", f"{value:04d}", point_mod(m, ctx))


def _year_cue(m: Match, ctx: Context) -> bool:
    cues = ("in", "since", "of", "from", "until", "by", "during", "year", "before", "after")
    return any(w in cues for w in ctx.words_before(m.start()))


def short_year(m: Match, ctx: Context) -> list[Reading]:
    """"in '89": two digits, the century nearest the anchor."""
    if not _year_cue(m, ctx) and not group(m, "pmod"):
        return []
    digits = int(m.group("shortyear")[1:])
    base = ctx.anchor.year if ctx.anchor else 2000
    value = (base // 100) * 100 + digits
    if value > base + 10:
        value -= 100
    return whole(m, "DATE", f"{value:04d}", point_mod(m, ctx))


def year_words(m: Match, ctx: Context) -> list[Reading]:
    """"nineteen ninety-six", "the year two thousand"."""
    words = normal(m.group("yearwords")).replace("-", " ").split()
    if words[0] == "nineteen":
        rest = ctx.lexicon.number(" ".join(w for w in words[1:] if w not in ("oh", "o")))
        if words[1:2] == ["hundred"]:
            rest = ctx.lexicon.number(" ".join(words[2:])) if len(words) > 2 else 0
        value = 1900 + int(rest or 0)
    else:
        value = int(ctx.lexicon.number(" ".join(words)) or 0)
    if not 1000 <= value <= 2099:
        return []
    return whole(m, "DATE", f"{value:04d}", point_mod(m, ctx))


def decade(m: Match, ctx: Context) -> list[Reading]:
    """"the 1990s", "the early '80s", "the nineties": the TIMEX3 decade "199"."""
    text = normal(m.group("decade")).replace("’", "'")
    if re.fullmatch(r"\d0s", text) and not normal(m.group(0)).startswith("the"):
        return []  # "in their 30s": an age
    digits = re.match(r"(\d{4})|'?(\d)0", text)
    if digits and digits.group(1):
        value = digits.group(1)[:3]
    else:
        tens = int(digits.group(2)) if digits else ctx.lexicon.decade_words[text]
        base = ctx.anchor.year if ctx.anchor else 2000
        century = base // 100
        if century * 100 + tens * 10 > base:
            century -= 1
        value = f"{century:02d}{tens}"
    return whole(m, "DATE", value, point_mod(m, ctx))


def century(m: Match, ctx: Context) -> list[Reading]:
    """"the 20th century", "the nineteenth century": the TIMEX3 century "19"."""
    number = ctx.lexicon.ordinals.get(normal(m.group("ord")))
    if number is None:
        return []
    return whole(m, "DATE", f"{number - 1:02d}", point_mod(m, ctx))


def quarter(m: Match, ctx: Context) -> list[Reading]:
    """"the third quarter", "third-quarter", "Q3 2016", "the 1988 second quarter"."""
    code = group(m, "qcode")
    ordinal = group(m, "ord")
    half = "half" in normal(m.group(0))
    if code:
        number = int(code[1])
    elif ordinal:
        number = ctx.lexicon.ordinals.get(normal(ordinal), 0)
    else:  # "the last quarter of 2015", "the final half"
        number = 2 if half else 4
    if not 1 <= number <= (2 if half else 4):
        return []
    letter = "H" if half else "Q"
    year_text = group(m, "year")
    rel = group(m, "rel")
    if year_text:
        year = _year(year_text)
    elif ctx.anchor is None:
        return whole(m, "DATE", f"XXXX-{letter}{number}", point_mod(m, ctx))
    elif rel:
        year = ctx.anchor.year + ctx.lexicon.relative_words[normal(rel)]
    elif half:
        return []  # "the first half" of a match, a century, a speech
    else:
        direction = ctx.direction(m.start(), m.end())
        year = quarter_year(ctx.anchor, number, direction)
    return whole(m, "DATE", f"{year:04d}-{letter}{number}", point_mod(m, ctx))


def season(m: Match, ctx: Context) -> list[Reading]:
    """"summer 2015", "last fall", "this summer", "the early summer", "in winter"."""
    code = ctx.lexicon.seasons[normal(m.group("season"))]
    year_text = group(m, "year")
    rel = group(m, "rel")
    mod = point_mod(m, ctx)
    if not (year_text or rel or mod or _season_cue(m, ctx)):
        return []
    if year_text:
        return whole(m, "DATE", f"{_year(year_text):04d}-{code}", mod)
    if ctx.anchor is None:
        return whole(m, "DATE", f"XXXX-{code}", mod)
    if rel:
        step = ctx.lexicon.relative_words.get(normal(rel), 0)
        mode = "last" if step < 0 else "next" if step > 0 else "nearest"
    else:
        mode = "future" if ctx.direction(m.start(), m.end()) > 0 else "past"
    return whole(m, "DATE", f"{season_year(ctx.anchor, code, mode):04d}-{code}", mod)


def _season_cue(m: Match, ctx: Context) -> bool:
    if normal(m.group(0)).startswith("the "):
        return normal(m.group("season")) != "fall" or bool(
            re.match(r"\s+of\b", ctx.text_after(m.end()))
        ) or ctx.words_before(m.start()) in (["in"], ["during"], ["since"], ["until"])
    before = ctx.words_before(m.start())
    return before in (["in"], ["during"], ["since"], ["until"], ["by"], ["through"])


def holiday(m: Match, ctx: Context) -> list[Reading]:
    """"Christmas", "last Thanksgiving", "Easter 2016"."""
    spec = ctx.lexicon.holidays[normal(m.group("holiday"))]
    year_text = group(m, "year")
    rel = group(m, "rel")
    if year_text:
        day = holiday_date(_year(year_text), spec)
        return whole(m, "DATE", day_value(day)) if day else []
    anchor = ctx.anchor
    if anchor is None or anchor.date is None:
        if anchor is None or spec.month is None or spec.day is None:
            return whole(m, "DATE", f"{anchor.year:04d}" if anchor else "XXXX")
        return whole(m, "DATE", f"{anchor.year:04d}-{spec.month:02d}-{spec.day:02d}")
    step = ctx.lexicon.relative_words.get(normal(rel)) if rel else None
    direction = step if step else ctx.direction(m.start(), m.end())
    today = anchor.date
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    days = [d for y in years if (d := holiday_date(y, spec)) is not None]
    soon = [d for d in days if 0 < (d - today).days <= SOON_DAYS]
    if direction < 0 and step is None and soon:
        chosen = soon[0]
    elif direction < 0:
        chosen = max(d for d in days if d < today or (step is None and d == today))
    else:
        chosen = min(d for d in days if d > today or (step is None and d == today))
    return whole(m, "DATE", day_value(chosen))


def week_of(m: Match, ctx: Context) -> list[Reading]:
    """"the week of March 6": the ISO week holding that day."""
    readings = calendar_day(m, ctx)
    if not readings or "X" in readings[0].value:
        return []
    year_, week, _ = date.fromisoformat(readings[0].value).isocalendar()
    return whole(m, "DATE", f"{year_:04d}-W{week:02d}")


def clock(m: Match, ctx: Context) -> list[Reading]:
    """"10:35 a.m.", "10 p.m. Wednesday", "noon Saturday": a TIME on a day."""
    hour, minute = _clock_time(m.group("clock"))
    if hour is None:
        return []
    day = _clock_day(m, ctx)
    mod = None
    dmod = group(m, "dmod")
    if dmod:
        mod = ctx.lexicon.duration_mods.get(normal(dmod))
        mod = "APPROX" if mod in ("APPROX", "LESS_THAN", "MORE_THAN") else mod
    return whole(m, "TIME", f"{day}T{hour:02d}:{minute:02d}", mod)


def _clock_time(text: str) -> tuple[int | None, int]:
    word = normal(text)
    if word in ("noon", "midday"):
        return 12, 0
    if word == "midnight":
        return 24, 0
    parts = _CLOCK.match(text)
    if parts is None:
        return None, 0
    hour, minute = int(parts.group(1)), int(parts.group(2) or 0)
    half = (parts.group(3) or "").lower()
    if half and not 1 <= hour <= 12:
        return None, 0
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    return hour, minute


def _clock_day(m: Match, ctx: Context) -> str:
    anchor = ctx.anchor
    weekday = group(m, "weekday")
    deictic = group(m, "deicticday")
    if group(m, "month") and group(m, "day"):
        readings = calendar_day(m, ctx)
        if readings:
            return readings[0].value
    if weekday and anchor and anchor.date:
        number = ctx.lexicon.weekdays[normal(weekday)]
        found = weekday_date(anchor, number, ctx.direction(m.start(), m.end()))
        if found:
            return day_value(found)
    if deictic and anchor:
        return shift(anchor, "day", ctx.lexicon.deictic_days[normal(deictic)])
    if anchor and anchor.date:
        return anchor.value
    return "XXXX-XX-XX"
