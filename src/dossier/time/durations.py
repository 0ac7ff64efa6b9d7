"""Normalisers for durations and sets (frequencies).

Durations are ISO 8601 periods: "20-month" P20M, "five and a half hours" PT5H30M,
"the past two decades" P20Y, "several years" PXY. Sets are frequencies: "daily" P1D,
"every Monday" XXXX-WXX-1, "$500 a month" P1M.
"""

from __future__ import annotations

import re

from dossier.time.absolute import Match, group, whole
from dossier.time.context import Context, Reading
from dossier.time.lexicon import normal

_RATE_WORD = re.compile(
    r"(?:\d[\d,.]*|%|percent|cents?|dollars?|pesos?|euros?|pounds?|million|billion|times"
    r"|twice|once|thrice|each|apiece)$",
    re.I,
)
SUBUNIT = {
    "year": ("month", 12),
    "decade": ("year", 10),
    "century": ("year", 100),
    "quarter": ("month", 3),
    "month": ("day", 30),
    "week": ("day", 7),
    "fortnight": ("day", 14),
    "day": ("hour", 24),
    "hour": ("minute", 60),
    "minute": ("second", 60),
}
_PREPOSITIONS = frozenset({"over", "under", "within", "around", "about"})
_FRACTIONS = {"½": 0.5, "1/2": 0.5, "¼": 0.25, "1/4": 0.25, "¾": 0.75, "3/4": 0.75}


def _unit(ctx: Context, text: str) -> str:
    return ctx.lexicon.units[normal(text)]


def amount_of(m: Match, ctx: Context) -> float | None:
    """The number of units: digits or words, plus a trailing or leading fraction."""
    num = group(m, "num")
    if num is None:
        return None
    value = ctx.lexicon.number(num)
    if value is None:
        return None
    for name in ("fraction", "fraction2"):
        fraction = group(m, name)
        if fraction:
            text = normal(fraction)
            value += _FRACTIONS.get(text, 0.25 if "quarter" in text else 0.5)
    return value


def period(ctx: Context, unit: str, amount: float | None) -> str:
    """An ISO 8601 period for ``amount`` ``unit`` ("P20M", "PT5H30M", "PXY")."""
    size = ctx.lexicon.unit_durations[unit]
    code, prefix = size.code, "PT" if size.time else "P"
    if unit in ("decade", "century", "quarter"):
        sub, factor = SUBUNIT[unit]
        unit, amount = sub, None if amount is None else amount * factor
        size = ctx.lexicon.unit_durations[unit]
        code, prefix = size.code, "PT" if size.time else "P"
    if amount is None:
        return f"{prefix}X{code}"
    amount *= size.size
    whole_part = int(amount)
    rest = amount - whole_part
    if rest < 1e-9 or unit not in SUBUNIT:
        return f"{prefix}{whole_part if rest < 1e-9 else round(amount, 2)}{code}"
    sub, factor = SUBUNIT[unit]
    sub_size = ctx.lexicon.unit_durations[sub]
    sub_amount = round(rest * factor)
    head = f"{prefix}{whole_part}{code}" if whole_part else prefix
    if sub_size.time and not size.time:
        return f"{head}T{sub_amount}{sub_size.code}"
    return f"{head}{sub_amount}{sub_size.code}"


def duration_mod(m: Match, ctx: Context) -> str | None:
    dmod = group(m, "dmod")
    if dmod:
        return ctx.lexicon.duration_mods.get(normal(dmod))
    tmod = group(m, "tmod")
    return ctx.lexicon.trailing_mods.get(normal(tmod)) if tmod else None


def duration(m: Match, ctx: Context) -> list[Reading]:
    """"20-month", "three weeks", "the past two months", "about a decade", "several years"."""
    unit = _unit(ctx, m.group("unit"))
    if unit == "weekend" or re.match(r"[\s-]*old\b", ctx.text_after(m.end())):
        return []
    vague = group(m, "vague")
    amount = None if vague else amount_of(m, ctx)
    if not vague and amount is None:
        return []
    if amount is not None and 1000 <= amount < 2100 and m.group("unit").lower() == unit:
        return []  # "the 1988 quarter": a year, not 1988 quarters
    start = m.start()
    num = group(m, "num")
    if num and normal(num) in ("a", "an", "one") and _is_rate(m, ctx):
        return [Reading(start, m.end(), "SET", period(ctx, unit, 1))]
    if num and "-" in ctx.text[m.end("num") : m.start("unit")]:
        # An adjective ("the twelve-year war"): the article is not part of it.
        start = m.start("num") if not group(m, "dmod") else start
    if vague and normal(vague) in ("some", "many") and not normal(m.group("unit")).endswith("s"):
        return []
    if unit == "quarter" and _fraction_of(m, ctx, amount):
        return []  # "three-quarters of its food", "a quarter of the vote"
    if num and normal(num) in ("a", "an") and unit == "second" and re.match(
        r"\s+[a-z]", ctx.text_after(m.end())
    ):
        return []  # "a second round"
    value = period(ctx, unit, amount)
    mod = duration_mod(m, ctx)
    dmod = group(m, "dmod")
    if dmod and normal(dmod) in _PREPOSITIONS and re.match(
        r"\W+the\b", ctx.text[m.end("dmod") : m.end()], re.IGNORECASE
    ):
        # "over the past few days": a preposition, not "more than"
        start, mod = m.end("dmod") + len(ctx.text[m.end("dmod") :]) - len(
            ctx.text[m.end("dmod") :].lstrip()
        ), None
    return [Reading(start, m.end(), "DURATION", value, mod)]


def _fraction_of(m: Match, ctx: Context, amount: float | None) -> bool:
    """Quarters as a share of something rather than of a year."""
    plural = normal(m.group("unit")).endswith("s")
    after = ctx.text_after(m.end(), 30)
    if re.match(r"\s+of\s+(?!(?:the\s+)?(?:fiscal\s+)?(?:year|\d{4}))", after):
        return True
    if not plural:
        return True
    hyphen = group(m, "num") is not None and "-" in ctx.text[m.start("num") : m.end("unit")]
    return hyphen and (amount or 0) < 4


def _is_rate(m: Match, ctx: Context) -> bool:
    """"$5 a day", "three times a week": the unit after an amount is a frequency."""
    before = ctx.text[max(0, m.start() - 24) : m.start()].split()
    return bool(before) and bool(_RATE_WORD.search(before[-1].strip(",;")))


def duration_later(m: Match, ctx: Context) -> list[Reading]:
    """"three weeks later": the duration, without "later"."""
    readings = duration(m, ctx)
    if not readings:
        return []
    reading = readings[0]
    end = m.end("unit")
    fraction = group(m, "fraction2")
    if fraction:
        end = m.end("fraction2")
    return [Reading(reading.start, end, reading.type, reading.value, reading.mod)]


def plural_units(m: Match, ctx: Context) -> list[Reading]:
    """"for years", "within days", "over the years": an unknown number of units."""
    word = normal(m.group("unit"))
    unit = _unit(ctx, word)
    if not word.endswith("s") or unit == "weekend":
        return []
    cues = ("for", "in", "over", "within", "than", "after", "took", "take", "takes", "spent",
            "lasted", "last", "lasting", "follows", "followed")
    if not any(w in cues for w in ctx.words_before(m.start())):
        return []
    if normal(m.group(0)).startswith("the ") and not re.match(
        r"\s*(?:[,.;]|that|which|since|to come|ahead|before|after)", ctx.text_after(m.end())
    ):
        return []  # "in the days of the dictatorship" is not a number of days
    return whole(m, "DURATION", period(ctx, unit, None))


def long_duration(m: Match, ctx: Context) -> list[Reading]:
    """"decades-long", "a day-long meeting", "a 10-year-long war"."""
    unit = _unit(ctx, m.group("unit"))
    if unit == "weekend":
        return []
    amount = amount_of(m, ctx)
    if amount is None and not normal(m.group("unit")).endswith("s"):
        amount = 1
    return whole(m, "DURATION", period(ctx, unit, amount))


_FUNCTION_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "between", "by", "during", "for", "from", "in", "into",
     "of", "on", "or", "over", "since", "so", "than", "that", "the", "then", "through", "to",
     "until", "when", "where", "which", "while", "with", "within"}
)


def set_word(m: Match, ctx: Context) -> list[Reading]:
    """"daily", "every week", "annually", "daily rallies" (not "a quarterly dividend")."""
    word = normal(m.group("setword"))
    following = re.match(r"\s+([A-Za-z]+)", ctx.text_after(m.end(), 30))
    if (
        word in ("quarterly", "monthly", "annually", "yearly", "biannually", "semiannually")
        and following
        and following.group(1).lower() not in _FUNCTION_WORDS
    ):
        return []  # an adjective for a reporting period: "its quarterly dividend"
    return whole(m, "SET", ctx.lexicon.set_words[word])


def every(m: Match, ctx: Context) -> list[Reading]:
    """"every Monday", "each July", "every two years", "every other week", "per day"."""
    weekday_text = group(m, "weekday")
    if weekday_text:
        return whole(m, "SET", f"XXXX-WXX-{ctx.lexicon.weekdays[normal(weekday_text)]}")
    month = group(m, "monthname")
    if month:
        return whole(m, "SET", f"XXXX-{ctx.lexicon.months[normal(month)]:02d}")
    season_text = group(m, "season")
    if season_text:
        return whole(m, "SET", f"XXXX-{ctx.lexicon.seasons[normal(season_text)]}")
    unit = _unit(ctx, m.group("unit"))
    if unit == "weekend":
        return whole(m, "SET", "XXXX-WXX-WE")
    amount = amount_of(m, ctx) or 1
    if "other" in normal(m.group(0)).split():
        amount = 2
    return whole(m, "SET", period(ctx, unit, amount))


def weekdays_plural(m: Match, ctx: Context) -> list[Reading]:
    """"on Mondays": every Monday."""
    name = m.group("weekdays")[:-1]
    return whole(m, "SET", f"XXXX-WXX-{ctx.lexicon.weekdays[normal(name)]}")
