"""The grammar of temporal expressions: one token pattern and one normaliser per rule.

Patterns use the symbols of ``grammar.build_symbols`` (word lists from
``data/time.yaml``); see ``grammar`` for the syntax. When matches overlap, the
longest wins, then the rule listed first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from dossier.time import absolute as a
from dossier.time import durations as d
from dossier.time import relative as r
from dossier.time.context import Context, Reading
from dossier.time.grammar import (
    BEFORE,
    build_symbols,
    compile_pattern,
    first_key,
    pattern_firsts,
    symbol_firsts,
)
from dossier.time.lexicon import Lexicon, alternation, load_lexicon

Handler = Callable[[re.Match[str], Context], list[Reading]]

# Leading modifiers: "late", "the end of", "the early" ("the early 1990s").
_MOD = "( PMOD the? | the PMOD? )?"
_AMOUNT = "NUM FRACTION? more|additional|extra|further? UNIT FRACTION?"

RULES: tuple[tuple[str, str, Handler], ...] = (
    # Days of the calendar
    ("weekday_month_day", "WEEKDAY ,? the? MONTH DAY ( ,? YEAR )?", a.calendar_day),
    ("weekday_day_month", "WEEKDAY ,? the? DAY of? MONTH ( ,? YEAR )?", a.calendar_day),
    ("day_range", "MONTH DAY - DAY ( ,? YEAR )?", a.day_range),
    ("month_day", "PMOD? MONTH DAY ( ,? YEAR )?", a.calendar_day),
    ("day_month", "PMOD? the? DAY of? MONTH ( ,? YEAR )?", a.calendar_day),
    ("iso_date", "ISODATE", a.numeric_date),
    ("slash_date", "SLASHDATE", a.numeric_date),
    ("week_of", "the week of MONTH DAY ( ,? YEAR )?", a.week_of),
    ("holiday", "REL? HOLIDAY ( ,? YEAR )?", a.holiday),
    # Months
    ("month_range", "MONTHNAME - MONTH ,? YEAR", a.month_range),
    ("month_range_words", "MONTHNAME to|through|until|till|and|or MONTH ,? YEAR", a.month_range),
    ("month_year", "PMOD? MONTH ,? of? YEAR TMOD?", a.month_and_year),
    ("month_of_year", "PMOD? MONTHNAME of? REL year", a.month_of_relative_year),
    ("month", "PMOD? REL? MONTHNAME", a.month_alone),
    # Years, decades, centuries
    ("year", "PMOD? YEAR TMOD?", a.year),
    ("fiscal_year", "PMOD? the? fiscal|calendar|financial|fy year? YEAR", a.year),
    ("the_year", "PMOD? the? year YEAR", a.year),
    ("short_year", "PMOD? SHORTYEAR", a.short_year),
    ("year_words", "PMOD? ( the? year )? YEARWORDS", a.year_words),
    ("decade", f"{_MOD} DECADE", a.decade),
    ("century", f"{_MOD} ORD century", a.century),
    # Quarters and halves
    ("quarter", f"{_MOD} ( REL year 's )? fiscal? ( ORD | last | final ) fiscal? quarter|half"
     " ( of|in fiscal? YEAR )?", a.quarter),
    ("year_quarter", "the? YEAR fiscal? ORD quarter|half", a.quarter),
    ("quarter_code", "QCODE ( ,? YEAR )?", a.quarter),
    # Seasons
    ("season_year", "PMOD? the? SEASON of? YEAR", a.season),
    ("season", f"{_MOD} REL? SEASON", a.season),
    # Relative to the publication date or to the last date mentioned
    ("relative", f"{_MOD} the? REL fiscal? UNITSG", r.relative),
    ("that_unit", "PMOD? that|the_same UNITSG", r.that_unit),
    ("the_quarter", "the|that latest|same|most_recent? quarter|period", r.the_quarter),
    ("year_period", "the YEAR fiscal? quarter|period", r.year_period),
    ("the_year", "the full|fiscal|calendar|financial? year", r.the_year),
    ("boundary", "PMOD the UNITSG", r.boundary),
    ("boundary_in", "PMOD in the UNITSG", r.boundary),
    ("unit_end", "the? UNITSG 's? end", r.boundary),
    ("ago", f"DMOD? {_AMOUNT} TMOD? ago|from_now|from_today|hence", r.ago),
    ("ago_vague", "DMOD? VAGUE? UNIT ago", r.ago),
    ("earlier", f"DMOD? {_AMOUNT} earlier", r.earlier),
    ("year_earlier", "the? comparable|corresponding|same|prior? year-ago|year-earlier|year_ago|"
     "year_earlier ORD? quarter|period|month|year|week", r.year_earlier),
    ("year_earlier_bare", "year-ago|year-earlier", r.year_earlier),
    ("last_years_quarter", "last year 's quarter|period", r.year_earlier),
    ("corresponding_period", "the comparable|corresponding|same quarter|period of? last_year|"
     "a_year_ago|a_year_earlier|the_previous_year|the_prior_year", r.year_earlier),
    ("later", f"DMOD? {_AMOUNT} later|afterward|afterwards|on", d.duration_later),
    # Durations
    ("duration", f"DMOD? the? REL? first|final|initial|entire|whole|full? {_AMOUNT} TMOD?",
     d.duration),
    ("duration_vague", "DMOD? the? REL? VAGUE UNIT TMOD?", d.duration),
    ("vague_units", "the? VAGUEREL UNIT", r.vague_units),
    ("plural_units", "the? UNIT", d.plural_units),
    ("long_duration", "( NUM - )? UNIT - long", d.long_duration),
    # Sets
    ("set_word", "SETWORD", d.set_word),
    ("every_unit", "every|each|per other? NUM? UNIT", d.every),
    ("times_a_unit", "once|twice|thrice a|per|every UNIT", d.every),
    ("every_weekday", "every|each WEEKDAY", d.every),
    ("every_month", "every|each MONTHNAME", d.every),
    ("every_season", "every|each SEASON", d.every),
    ("weekdays", "WEEKDAYS", d.weekdays_plural),
    # Days relative to the publication date, parts of days, clock times
    ("weekday", f"{_MOD} REL? WEEKDAY POD?", r.weekday),
    ("weekend", "the? REL? weekend", r.weekend),
    ("deictic_day", "PMOD? DEICTICDAY POD?", r.deictic_day),
    ("this_part_of_day", "PMOD? the? ( REL | that ) POD", r.deictic_day),
    ("the_part_of_day", "PMOD? the POD", r.deictic_day),
    ("clock_weekday", "DMOD? CLOCK TZ? ,? on? WEEKDAY", a.clock),
    ("clock_deictic", "DMOD? CLOCK TZ? ,? DEICTICDAY", a.clock),
    ("clock_date", "DMOD? CLOCK TZ? ,? on? MONTH DAY ( ,? YEAR )?", a.clock),
    ("clock", "DMOD? CLOCK TZ?", a.clock),
    ("deictic_ref", "DEICTICREF", r.deictic_ref),
)


@dataclass(frozen=True)
class Rule:
    """A compiled rule: its name, its regex and its normaliser."""

    name: str
    regex: re.Pattern[str]
    handler: Handler
    priority: int  # its place in RULES: the earlier wins a tie


@dataclass(frozen=True)
class Grammar:
    """Every rule compiled, in priority order, with the word lists they use."""

    rules: tuple[Rule, ...]
    starts: re.Pattern[str]  # the words some rule may start on
    by_first: Mapping[str, tuple[Rule, ...]]  # first_key of a word -> rules starting on it
    lexicon: Lexicon
    future: re.Pattern[str]
    past: re.Pattern[str]

    def rules_at(self, word: str) -> tuple[Rule, ...]:
        """The rules that may match from where ``word`` starts, in priority order."""
        return self.by_first.get(first_key(word), ())


@lru_cache(maxsize=1)
def load_grammar() -> Grammar:
    """Compile the rules once per process."""
    lexicon = load_lexicon()
    symbols = build_symbols(lexicon)
    rules = tuple(
        Rule(name, compile_pattern(pattern, symbols), handler, priority)
        for priority, (name, pattern, handler) in enumerate(RULES)
    )
    firsts = symbol_firsts(lexicon)
    keys = [pattern_firsts(pattern, firsts) for _, pattern, _ in RULES]
    by_first = {
        key: tuple(rule for rule, rule_keys in zip(rules, keys, strict=True) if key in rule_keys)
        for key in set().union(*keys)
    }
    words = [key for key in by_first if key[0].isalpha()]
    starts = re.compile(
        rf"{BEFORE}(?:{alternation(words)}(?![^\W\d_])|\d|['’]\d)", re.IGNORECASE
    )
    words = [cue for cue in lexicon.future_cues if cue[0].isalpha()]
    clitics = [cue for cue in lexicon.future_cues if not cue[0].isalpha()]
    future = re.compile(
        rf"(?<!\w){alternation(words)}(?!\w)|{alternation(clitics)}(?!\w)", re.IGNORECASE
    )
    # Past cues: the word list, and any lowercase word in "-ed" (not "-eed", not after "be").
    regular = r"(?<!be )(?<!been )(?-i:[a-z]{2,}[^e\W]ed)"
    past = re.compile(
        rf"(?<!\w)(?:{alternation(lexicon.past_cues)}|{regular})(?!\w)", re.IGNORECASE
    )
    return Grammar(
        rules=rules,
        starts=starts,
        by_first=by_first,
        lexicon=lexicon,
        future=future,
        past=past,
    )
