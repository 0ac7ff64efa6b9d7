"""Normalisers for relative dates: to the publication date or to the last date named.

Relative dates ("last week", "two years ago", "Monday", "yesterday") move from the
anchor; anaphoric ones ("a year earlier", "that day", "the following month", "the
quarter") from the last date the text mentioned (``Context.reference``), else from the
anchor. Without an anchor, relative dates become ``PAST_REF``, ``PRESENT_REF`` or
``FUTURE_REF``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from functools import wraps

from dossier.time.absolute import Match, group, point_mod, whole
from dossier.time.context import Context, Reading
from dossier.time.dates import Anchor, day_value, shift, weekday_date
from dossier.time.durations import SUBUNIT, amount_of, duration_mod
from dossier.time.lexicon import normal

Handler = Callable[[Match, Context], list[Reading]]

_REFS = {-1: "PAST_REF", 0: "PRESENT_REF", 1: "FUTURE_REF"}
_ANAPHORIC = {"following", "previous", "preceding", "prior", "the same", "same"}


def _anaphoric(readings: list[Reading]) -> list[Reading]:
    """Mark readings resolved against the last date mentioned: they do not become it."""
    return [replace(reading, anaphoric=True) for reading in readings]


def anaphoric(handler: Handler) -> Handler:
    """Mark every reading of ``handler`` as resolved against the last date mentioned."""

    @wraps(handler)
    def marked(m: Match, ctx: Context) -> list[Reading]:
        return _anaphoric(handler(m, ctx))

    return marked


def _unit(ctx: Context, text: str) -> str:
    return ctx.lexicon.units[normal(text)]


def _step(ctx: Context, rel: str) -> int:
    return ctx.lexicon.relative_words[normal(rel).replace("-", " ")]


def _base(ctx: Context, anaphoric: bool) -> Anchor | None:
    if anaphoric:
        found = ctx.reference_anchor()
        if found is not None:
            return found[0]
    return ctx.anchor


def relative(m: Match, ctx: Context) -> list[Reading]:
    """"last year", "next month", "this week", "the past year", "early next year"."""
    rel = normal(m.group("rel"))
    unit = _unit(ctx, m.group("unitsg"))
    step = _step(ctx, rel)
    the = normal(m.group(0)).startswith("the ") or " the " in normal(m.group(0))
    words = m.group(0).split()
    if all(w[:1].isupper() for w in words) and ctx.words_before(m.start()):
        return []  # a title: "This Week", "Next Year's Models"
    if unit in ("hour", "minute", "second") or (unit == "day" and step and not the):
        return []
    if unit in ("decade", "century") and step < 0:
        size = ctx.lexicon.unit_durations[unit]
        years = 10 if unit == "decade" else 100
        return whole(m, "DURATION", f"P{years * size.size}Y", point_mod(m, ctx))
    anaphoric = rel in _ANAPHORIC or (the and rel == "next")
    base = _base(ctx, anaphoric)
    if unit == "day" and step == 0:
        return []
    if base is None:
        return whole(m, "DATE", _REFS[max(-1, min(1, step))], point_mod(m, ctx))
    readings = whole(m, "DATE", shift(base, unit, step), point_mod(m, ctx))
    return _anaphoric(readings) if anaphoric else readings


@anaphoric
def that_unit(m: Match, ctx: Context) -> list[Reading]:
    """"that year", "the same day", "later that month": the unit of the last date."""
    unit = _unit(ctx, m.group("unitsg"))
    found = ctx.reference_anchor()
    if found is None:
        return whole(m, "DATE", "PAST_REF", point_mod(m, ctx))
    base, precision = found
    order = ("year", "quarter", "month", "day")
    if unit in ("week", "weekend") or order.index(precision) < order.index(
        unit if unit in order else "day"
    ):
        return []
    return whole(m, "DATE", shift(base, unit, 0), point_mod(m, ctx))


@anaphoric
def the_quarter(m: Match, ctx: Context) -> list[Reading]:
    """"the quarter", "the latest quarter": the quarter last mentioned, else the last one;
    "the latest period": the quarter last mentioned, if the text speaks of quarters."""
    found = ctx.reference_anchor()
    text = normal(m.group(0))
    latest = "latest" in text or "recent" in text
    if text.endswith("period"):
        if found is not None and found[1] == "quarter":
            return whole(m, "DATE", shift(found[0], "quarter", 0))
        if not latest or ctx.anchor is None:
            return []
        return whole(m, "DATE", shift(ctx.anchor, "quarter", -1))
    if found is not None and found[1] == "quarter" and not latest:
        return whole(m, "DATE", shift(found[0], "quarter", 0))
    if ctx.anchor is None:
        return whole(m, "DATE", "PAST_REF")
    return whole(m, "DATE", shift(ctx.anchor, "quarter", -1))


def year_period(m: Match, ctx: Context) -> list[Reading]:
    """"the 1988 quarter", "the 1989 period": that year's quarter like the last mentioned."""
    year = int(m.group("year"))
    found = ctx.reference_anchor()
    if found is not None and found[1] == "quarter" and found[0].month is not None:
        return _anaphoric(whole(m, "DATE", f"{year:04d}-Q{(found[0].month - 1) // 3 + 1}"))
    if normal(m.group(0)).endswith("quarter"):
        if ctx.anchor is None or ctx.anchor.month is None:
            return []
        latest = shift(ctx.anchor, "quarter", -1)
        return whole(m, "DATE", f"{year:04d}{latest[4:]}")
    return whole(m, "DATE", f"{year:04d}")


def the_year(m: Match, ctx: Context) -> list[Reading]:
    """"the year ended Sept. 30" (a year's duration), "for the full year" (this year)."""
    if re.match(r"\s+(?:that\s+)?(?:ended|ending|ends|to|through)\b", ctx.text_after(m.end())):
        return whole(m, "DURATION", "P1Y")
    if ctx.anchor is None:
        return whole(m, "DATE", "PRESENT_REF")
    return whole(m, "DATE", shift(ctx.anchor, "year", 0))


def vague_units(m: Match, ctx: Context) -> list[Reading]:
    """"recent months", "past years" (PAST_REF), "the coming weeks" (FUTURE_REF)."""
    word = normal(m.group("vaguerel"))
    if not normal(m.group("unit")).endswith("s"):
        return []
    value = "PAST_REF" if word in ("recent", "past", "last") else "FUTURE_REF"
    return whole(m, "DATE", value)


def ago(m: Match, ctx: Context) -> list[Reading]:
    """"two years ago", "a week from now", "several months ago"."""
    unit = _unit(ctx, m.group("unit"))
    forward = normal(m.group(0)).endswith(("from now", "from today", "hence"))
    sign = 1 if forward else -1
    mod = duration_mod(m, ctx)
    mod = "APPROX" if mod in ("LESS_THAN", "MORE_THAN") else mod
    amount = None if group(m, "vague") else amount_of(m, ctx)
    if amount is None and not group(m, "vague") and not normal(m.group("unit")).endswith("s"):
        return []
    anchor = ctx.anchor
    if amount is None or anchor is None:
        return whole(m, "DATE", _REFS[sign], mod)
    return whole(m, "DATE", _shifted(ctx, anchor, unit, sign * amount), mod)


def _shifted(ctx: Context, base: Anchor, unit: str, amount: float) -> str:
    """``base`` moved by ``amount`` units, at the precision of the unit."""
    if unit in ("hour", "minute", "second"):
        return shift(base, "day", 0)
    if unit in ("decade", "century"):
        unit, amount = "year", amount * (10 if unit == "decade" else 100)
    if unit == "fortnight":
        unit, amount = "week", amount * 2
    if amount != int(amount):
        sub, factor = SUBUNIT.get(unit, (unit, 1))
        unit, amount = sub, amount * factor
    steps = int(round(amount))
    if unit == "year":
        found = ctx.reference_anchor()
        if found is not None and found[1] == "quarter" and steps == -1:
            # "up 5% from a year ago", said of a quarter: the same quarter a year before.
            return shift(found[0], "quarter", -4)
    return shift(base, unit, steps)


@anaphoric
def earlier(m: Match, ctx: Context) -> list[Reading]:
    """"a year earlier": the last date mentioned, moved back, at its own precision."""
    unit = _unit(ctx, m.group("unit"))
    amount = amount_of(m, ctx)
    found = ctx.reference_anchor()
    if amount is None:
        return []
    if found is None:
        if ctx.anchor is None:
            return whole(m, "DATE", "PAST_REF")
        return whole(m, "DATE", _shifted(ctx, ctx.anchor, unit, -amount))
    base, precision = found
    if precision == "quarter" and unit == "year":
        return whole(m, "DATE", shift(base, "quarter", int(-4 * amount)))
    if precision == "quarter":
        return whole(m, "DATE", _shifted(ctx, Anchor(base.year), unit, -amount))
    return whole(m, "DATE", _shifted(ctx, base, unit, -amount))


@anaphoric
def year_earlier(m: Match, ctx: Context) -> list[Reading]:
    """"the year-ago quarter", "the year-earlier period": a year before the last date."""
    found = ctx.reference_anchor()
    quarter = "quarter" in normal(m.group(0))
    if found is None:
        if ctx.anchor is None:
            return whole(m, "DATE", "PAST_REF")
        if quarter and ctx.anchor.month is not None:
            return whole(m, "DATE", shift(ctx.anchor, "quarter", -5))
        return whole(m, "DATE", shift(ctx.anchor, "year", -1))
    base, precision = found
    if quarter and base.month is not None:
        precision = "quarter"
    if precision == "quarter":
        return whole(m, "DATE", shift(base, "quarter", -4))
    if precision == "day" and base.date is not None:
        year_before = Anchor(base.year - 1, base.month, base.day)
        return whole(m, "DATE", year_before.value)
    unit = "month" if precision == "month" else "year"
    return whole(m, "DATE", shift(base, unit, -12 if unit == "month" else -1))


def boundary(m: Match, ctx: Context) -> list[Reading]:
    """"the end of the year", "year-end", "the beginning of the month"."""
    unit = _unit(ctx, m.group("unitsg"))
    mod = point_mod(m, ctx) or "END"
    if ctx.anchor is None:
        return whole(m, "DATE", "PRESENT_REF", mod)
    if unit in ("hour", "minute", "second"):
        return []
    return whole(m, "DATE", shift(ctx.anchor, unit, 0), mod)


def weekday(m: Match, ctx: Context) -> list[Reading]:
    """"Friday", "last Monday", "early Tuesday", "Friday morning"."""
    number = ctx.lexicon.weekdays[normal(m.group("weekday"))]
    rel = group(m, "rel")
    pod = group(m, "pod")
    anchor = ctx.anchor
    step = _step(ctx, rel) if rel else None
    anaphoric = rel is not None and normal(rel) in _ANAPHORIC
    base = _base(ctx, anaphoric)
    if base is None or base.date is None:
        value = f"XXXX-WXX-{number}"
        if anchor is not None and base is None:
            value = anchor.value
    else:
        today = base.date
        if step is not None and step != 0:
            found = weekday_date(base, number, step)
            if found is not None and found == today:
                found += timedelta(days=7 * step)
        else:
            # "Wednesday's ruling": news reports what has happened.
            possessive = re.match(r"['’]s\b", ctx.text_after(m.end(), 3))
            direction = -1 if possessive else ctx.direction(m.start(), m.end())
            found = weekday_date(base, number, direction)
        value = day_value(found) if found else f"XXXX-WXX-{number}"
    if pod:
        code = ctx.lexicon.parts_of_day[normal(pod)]
        return whole(m, "TIME", f"{value}T{code}", point_mod(m, ctx))
    return whole(m, "DATE", value, point_mod(m, ctx))


def weekend(m: Match, ctx: Context) -> list[Reading]:
    """"the weekend", "last weekend", "this weekend"."""
    rel = group(m, "rel")
    anchor = ctx.anchor
    if anchor is None:
        return whole(m, "DATE", _REFS[_step(ctx, rel) if rel else -1])
    if rel:
        step = _step(ctx, rel)
    else:
        step = 0 if ctx.direction(m.start(), m.end()) > 0 else -1
        if anchor.date is not None and anchor.date.isoweekday() >= 6:
            step = 0
    return whole(m, "DATE", shift(anchor, "weekend", step))


def deictic_day(m: Match, ctx: Context) -> list[Reading]:
    """"today", "yesterday", "late yesterday", "tomorrow night", "this morning",
    "last night"; "the next morning" and "that night" from the last date mentioned."""
    word = group(m, "deicticday")
    rel = normal(group(m, "rel") or "")
    if word:
        step = ctx.lexicon.deictic_days[normal(word)]
    else:
        step = 0 if rel in ("", "this", "that") else max(-1, min(1, _step(ctx, rel)))
    anaphoric = rel in _ANAPHORIC or rel in ("next", "that") or not (word or rel)
    anchor = _base(ctx, anaphoric)
    pod = group(m, "pod")
    code = ctx.lexicon.parts_of_day[normal(pod)] if pod else None
    if word and normal(word) == "tonight":
        code = "NI"
    mod = point_mod(m, ctx)
    if anchor is None:
        return whole(m, "DATE", _REFS[max(-1, min(1, step))], mod)
    if anchor.date is None:
        return whole(m, "DATE", anchor.value, mod)
    value = shift(anchor, "day", step)
    readings = whole(m, "TIME", f"{value}T{code}", mod) if code else whole(m, "DATE", value, mod)
    return _anaphoric(readings) if anaphoric and ctx.reference_anchor() else readings


def deictic_ref(m: Match, ctx: Context) -> list[Reading]:
    """"now", "currently", "recently", "the future", "soon"."""
    word = normal(m.group("deicticref"))
    after = ctx.text_after(m.end()).lower()
    before = ctx.words_before(m.start())
    if word == "soon" and (before == ["as"] or re.match(r"\s+(?:after|as)\b", after)):
        return []
    if word in ("current", "recent") and not re.match(r"\s+[a-z]", after):
        return []
    return whole(m, "DATE", ctx.lexicon.deictic_refs[word])
