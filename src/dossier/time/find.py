"""Finding temporal expressions: match every rule, keep the best non-overlapping ones,
normalise them in reading order.

1. One scan finds the words some rule may start on ("late", "the", "October", digits);
   there, each such rule's regex is tried, and a match its normaliser accepts is a
   candidate (normalised once without discourse context, to check it).
2. Candidates compete for the text: the longest wins, then the earliest rule.
3. The winners are normalised again in reading order, each seeing the last calendar
   date mentioned before it (for "a year earlier", "that day", "the quarter").

With a parsed ``Doc``, the tense of the verb that governs an expression decides
between the last and the next "October" or "Monday" (the text's tense cues otherwise).
spaCy's own DATE/TIME entities are not used: on TimeBank/AQUAINT, the 152 the grammar
does not find are mostly ages ("a 6-year-old") and bare numbers; 24 are timexes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from dossier import limits
from dossier.records import Timex
from dossier.time.context import Context, Reading
from dossier.time.dates import parse_anchor
from dossier.time.rules import Grammar, Rule, load_grammar

_CALENDAR = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?|-Q[1-4])?$")


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    priority: int
    rule: Rule
    match: re.Match[str]


def find_timexes(text: str, published: str | None, doc: Doc | None = None) -> list[Timex]:
    """Every temporal expression in ``text``, sorted by offset, never overlapping.

    Values are TIMEX3-style and resolved against ``published`` (``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``; ``None`` leaves relative expressions as ``PAST_REF``,
    ``FUTURE_REF``, ``PRESENT_REF`` or underspecified values like ``XXXX-10``). ``doc``,
    the spaCy parse of ``text``, if given, tells the tense of the governing verbs.
    """
    grammar = load_grammar()
    context = Context(
        text, parse_anchor(published), grammar.lexicon, grammar.future, grammar.past, doc
    )
    candidates = _candidates(text, grammar, context)
    chosen = _resolve(candidates)
    return _normalise(chosen, context)


def _candidates(text: str, grammar: Grammar, context: Context) -> list[_Candidate]:
    found = []
    for start in grammar.starts.finditer(text):
        limits.check()
        position = start.start()
        for rule in grammar.rules_at(start.group(0)):
            match = rule.regex.match(text, position)
            if match is not None and _readings(rule, match, context):
                found.append(_Candidate(match.start(), match.end(), rule.priority, rule, match))
    return found


def _readings(rule: Rule, match: re.Match[str], context: Context) -> list[Reading]:
    """What ``rule`` reads in ``match``; nothing if it would fall outside the calendar.

    Python's dates run from year 1 to 9999: "the weekend" after 31 December 9999 or
    "a year earlier" than 0001 is no date.
    """
    try:
        return list(rule.handler(match, context))
    except (OverflowError, ValueError):
        return []


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """The longest candidates first, then by rule order; none may overlap a kept one."""
    ranked = sorted(candidates, key=lambda c: (c.start - c.end, c.priority, c.start))
    kept: list[_Candidate] = []
    taken: list[tuple[int, int]] = []  # the kept spans, sorted and never overlapping
    for candidate in ranked:
        place = bisect.bisect_left(taken, (candidate.start, candidate.start))
        if place > 0 and taken[place - 1][1] > candidate.start:
            continue  # the kept span before it runs into it
        if place < len(taken) and taken[place][0] < candidate.end:
            continue  # it runs into the kept span after it
        kept.append(candidate)
        taken.insert(place, (candidate.start, candidate.end))
    kept.sort(key=lambda c: c.start)
    return kept


def _normalise(chosen: list[_Candidate], context: Context) -> list[Timex]:
    timexes = []
    for candidate in chosen:
        for reading in _readings(candidate.rule, candidate.match, context):
            timexes.append(_timex(context.text, reading))
            if reading.type == "DATE" and not reading.anaphoric and _CALENDAR.match(reading.value):
                context = context.with_reference(reading.value)
    return timexes


def _timex(text: str, reading: Reading) -> Timex:
    return Timex(
        text=text[reading.start : reading.end],
        span=(reading.start, reading.end),
        type=reading.type,
        value=reading.value,
        mod=reading.mod,
    )
