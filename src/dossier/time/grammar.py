"""A small token-pattern language for temporal expressions, compiled to regexes.

A pattern is a line of tokens separated by spaces::

    PMOD? MONTH DAY ( , YEAR )?

- ``MONTH`` (capitals): a symbol, a regex fragment built from the word lists
  (``symbols``); it is captured as a named group, ``month`` (a second ``MONTH`` in the
  same pattern is ``month2``);
- ``the``, ``ago|earlier``: literal words, alternatives separated by ``|``; ``_``
  stands for a space inside a literal (``from_now``);
- ``,`` ``.`` ``'s``: punctuation, glued to the previous token; ``-``: a dash glued
  to both sides ("March-May");
- ``( A B | C )``: a group of alternatives; ``?`` after a token or a group makes it
  optional.

Tokens are joined by whitespace or a hyphen ("20-month", "mid-1996",
"third-quarter"). A whole pattern must start and end on word boundaries. Patterns are
matched case-insensitively; symbols for names (months, weekdays) are case-sensitive.

For speed, every pattern also knows the words it may start on (``pattern_firsts``):
the finder tries a rule only where the text has one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dossier.time.lexicon import Lexicon, alternation

JOINT = r"(?:\s+|\s*[-–]\s*)"
_GLUED = {",": r"\s*,", ".": r"\.", "'s": r"['’]s", "-": r"\s*[-–]\s*"}
BEFORE = r"(?<![\w'’$£€#])(?<!\d[.,])(?<![a-z]-)"
_AFTER = r"(?!\w)(?-i:(?![-–][a-z]))"


def _numbers(lexicon: Lexicon) -> str:
    words = [w for w in lexicon.numbers if " " not in w and w not in ("a", "an", "half")]
    word = alternation(words)
    sequence = rf"{word}(?:(?:[\s-]+and)?[\s-]+{word})*"
    phrases = alternation([w for w in lexicon.numbers if " " in w])
    digits = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
    return rf"(?:{digits}|{phrases}|{sequence}|an?)"


def _year_words(lexicon: Lexicon) -> str:
    ones = "one|two|three|four|five|six|seven|eight|nine"
    teens = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    under_100 = rf"(?:(?:{tens})(?:[\s-]+(?:{ones}))?|{teens}|(?:oh|o)[\s-]+(?:{ones}))"
    return (
        rf"(?:nineteen[\s-]+(?:hundred(?:[\s-]+(?:and[\s-]+)?(?:{ones}|{under_100}))?"
        rf"|{under_100})|two[\s-]+thousand(?:[\s-]+(?:and[\s-]+)?(?:{under_100}|{ones}))?)"
    )


def build_symbols(lexicon: Lexicon) -> dict[str, str]:
    """The regex fragment of every symbol the rules may use."""
    months = list(lexicon.months)
    full_months = [m for m in months if len(m) > 4 or m in ("may", "june", "july")]
    weekdays = list(lexicon.weekdays)
    full_weekdays = [w for w in weekdays if w.endswith("day")]
    short_weekdays = [w for w in weekdays if not w.endswith("day")]

    def names(words: list[str]) -> str:
        return alternation([w.capitalize() for w in words], capitalised=True)

    abbreviations = [m for m in months if m not in full_months]
    month = rf"(?:{names(full_months)}|{names(abbreviations)}\.?)"
    weekday = rf"(?:{names(full_weekdays)}|{names(short_weekdays)}\.)"
    holidays = alternation(
        [" ".join(p.capitalize() if p[0].isalpha() else p for p in h.split()) for h in
         lexicon.holidays],
        capitalised=False,
    )
    return {
        "MONTH": month,
        "MONTHNAME": names(full_months),
        "WEEKDAY": weekday,
        "WEEKDAYS": rf"(?:{names(full_weekdays)})s",
        "SEASON": alternation(lexicon.seasons),
        "POD": alternation(lexicon.parts_of_day),
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)",
        "YEAR": r"(?:1[0-9]\d\d|20\d\d)(?![\d,]\d|\.\d|%)",
        "SHORTYEAR": r"['’]\d\d(?!\w)",
        "YEARWORDS": _year_words(lexicon),
        "DECADE": (
            r"(?:(?:1[0-9]|20)\d0['’]?s|['’]\d0s|[1-9]0s|"
            + alternation(lexicon.decade_words)
            + ")"
        ),
        "NUM": _numbers(lexicon),
        "FRACTION": r"(?:and\s+a\s+half|and\s+one\s+half|and\s+a\s+quarter|[½¼¾]|[13]/[24])",
        "VAGUE": alternation(lexicon.vague_numbers),
        "VAGUEREL": alternation(["recent", "coming", "upcoming", "ensuing", "past"]),
        "ORD": alternation(lexicon.ordinals),
        "UNIT": alternation(lexicon.units),
        "UNITSG": alternation([u for u in lexicon.units if lexicon.units[u] == u]),
        "REL": alternation(lexicon.relative_words),
        "PMOD": alternation([m for m in lexicon.point_mods if m not in ("before", "after")]),
        "DMOD": alternation(lexicon.duration_mods),
        "TMOD": alternation(lexicon.trailing_mods),
        "DEICTICDAY": alternation(lexicon.deictic_days),
        "DEICTICREF": alternation(lexicon.deictic_refs),
        "SETWORD": alternation(lexicon.set_words),
        "HOLIDAY": holidays,
        "CLOCK": (
            r"(?:(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*(?:[ap]\.\s?m\b\.?|[ap]m\b)"
            r"|(?:[01]?\d|2[0-3]):[0-5]\d(?=\s*(?:[ECMP][SD]T|GMT|UTC|local|hours|h\b))"
            r"|noon|midnight|midday)"
        ),
        "TZ": r"(?-i:[ECMPA][SD]T|GMT|UTC)(?![\w])|local\s+time",
        "QCODE": r"(?-i:Q[1-4])",
        "ISODATE": r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)",
        "SLASHDATE": r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?![\d/])",
    }


def first_key(word: str) -> str:
    """How a word is looked up when a rule may start on it: lowercase, "#" for numbers."""
    if word[:1].isdigit():
        return "#"
    run = re.match(r"[^\W\d_]+", word)
    return run.group(0).lower() if run else word[:1]


def symbol_firsts(lexicon: Lexicon) -> dict[str, frozenset[str]]:
    """The words each symbol may start with (``first_key`` of its entries)."""

    def keys(words: Iterable[str]) -> frozenset[str]:
        return frozenset(first_key(w) for w in words)

    number_words = keys(lexicon.numbers) | {"#"}
    return {
        "MONTH": keys(lexicon.months),
        "MONTHNAME": keys(lexicon.months),
        "WEEKDAY": keys(lexicon.weekdays),
        "WEEKDAYS": keys(lexicon.weekdays),
        "SEASON": keys(lexicon.seasons),
        "POD": keys(lexicon.parts_of_day),
        "DAY": frozenset("#"),
        "YEAR": frozenset("#"),
        "SHORTYEAR": frozenset("'"),
        "YEARWORDS": frozenset({"nineteen", "two"}),
        "DECADE": keys(lexicon.decade_words) | {"#", "'"},
        "NUM": number_words,
        "FRACTION": frozenset({"and", "½", "¼", "¾", "#"}),
        "VAGUE": keys(lexicon.vague_numbers),
        "VAGUEREL": frozenset({"recent", "coming", "upcoming", "ensuing", "past"}),
        "ORD": keys(lexicon.ordinals),
        "UNIT": keys(lexicon.units),
        "UNITSG": keys(lexicon.units),
        "REL": keys(lexicon.relative_words),
        "PMOD": keys(lexicon.point_mods),
        "DMOD": keys(lexicon.duration_mods),
        "TMOD": keys(lexicon.trailing_mods),
        "DEICTICDAY": keys(lexicon.deictic_days),
        "DEICTICREF": keys(lexicon.deictic_refs),
        "SETWORD": keys(lexicon.set_words),
        "HOLIDAY": keys(lexicon.holidays),
        "CLOCK": frozenset({"#", "noon", "midnight", "midday"}),
        "TZ": frozenset(),
        "QCODE": frozenset({"q"}),
        "ISODATE": frozenset("#"),
        "SLASHDATE": frozenset("#"),
    }


@dataclass(frozen=True)
class _Item:
    """One token of a parsed pattern: a symbol, literal words, punctuation or a group."""

    kind: str  # symbol | literal | glue | group
    text: str
    optional: bool
    alternatives: tuple[tuple[_Item, ...], ...] = ()


def _split(pattern: str) -> list[str]:
    return pattern.replace("(", " ( ").replace(")", " ) ").split()


def _parse(tokens: list[str], index: int) -> tuple[tuple[tuple[_Item, ...], ...], int]:
    """Alternatives (split on "|") from ``index`` up to the closing parenthesis."""
    alternatives: list[tuple[_Item, ...]] = []
    items: list[_Item] = []
    while index < len(tokens) and tokens[index] != ")":
        raw = tokens[index]
        index += 1
        if raw == "|":
            alternatives.append(tuple(items))
            items = []
        elif raw == "(":
            inner, index = _parse(tokens, index)
            if index >= len(tokens):
                raise ValueError("missing ')' in pattern")
            index += 1
            optional = index < len(tokens) and tokens[index] == "?"
            index += optional
            items.append(_Item("group", "", optional, inner))
        elif raw == "?":
            raise ValueError("'?' must follow a token")
        else:
            optional = raw.endswith("?") and len(raw) > 1
            name = raw[:-1] if optional else raw
            if name in _GLUED:
                kind = "glue"
            elif name.isupper() and name.isalpha():
                kind = "symbol"
            else:
                kind = "literal"
            items.append(_Item(kind, name, optional))
    alternatives.append(tuple(items))
    return tuple(alternatives), index


def parse_pattern(pattern: str) -> tuple[tuple[_Item, ...], ...]:
    tokens = _split(pattern)
    alternatives, rest = _parse(tokens, 0)
    if rest != len(tokens):
        raise ValueError(f"unbalanced parentheses in pattern {pattern!r}")
    return alternatives


def pattern_body(pattern: str, symbols: Mapping[str, str]) -> str:
    """The regex of one pattern without its word boundaries (see the module docstring)."""
    return _alternatives(parse_pattern(pattern), symbols, {})


def compile_pattern(pattern: str, symbols: Mapping[str, str]) -> re.Pattern[str]:
    """The regex of one pattern, with named groups and word boundaries."""
    return re.compile(BEFORE + pattern_body(pattern, symbols) + _AFTER, re.IGNORECASE)


def pattern_firsts(pattern: str, firsts: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The words (``first_key``) a match of the pattern may start with."""
    keys, _ = _firsts_of_alternatives(parse_pattern(pattern), firsts)
    return frozenset(keys)


def _firsts_of_alternatives(
    alternatives: tuple[tuple[_Item, ...], ...], firsts: Mapping[str, frozenset[str]]
) -> tuple[set[str], bool]:
    keys: set[str] = set()
    can_be_empty = False
    for items in alternatives:
        found, empty = _firsts_of_sequence(items, firsts)
        keys |= found
        can_be_empty |= empty
    return keys, can_be_empty


def _firsts_of_sequence(
    items: tuple[_Item, ...], firsts: Mapping[str, frozenset[str]]
) -> tuple[set[str], bool]:
    keys: set[str] = set()
    for item in items:
        if item.kind == "glue":
            continue
        if item.kind == "symbol":
            found, empty = set(firsts[item.text]), False
        elif item.kind == "literal":
            found, empty = {first_key(w) for w in item.text.split("|")}, False
        else:
            found, empty = _firsts_of_alternatives(item.alternatives, firsts)
        keys |= found
        if not (item.optional or empty):
            return keys, False
    return keys, True


@dataclass(frozen=True)
class _Token:
    regex: str
    optional: bool
    glued: bool  # joined to the previous token without a space or hyphen
    glue_next: bool = False  # the next token joins it without a space or hyphen ("-")


def _alternatives(
    alternatives: tuple[tuple[_Item, ...], ...],
    symbols: Mapping[str, str],
    counts: dict[str, int],
) -> str:
    bodies = [_join([_token(item, symbols, counts) for item in items]) for items in alternatives]
    return bodies[0] if len(bodies) == 1 else "(?:" + "|".join(bodies) + ")"


def _token(item: _Item, symbols: Mapping[str, str], counts: dict[str, int]) -> _Token:
    if item.kind == "group":
        regex = _alternatives(item.alternatives, symbols, counts)
        first = item.alternatives[0][0] if item.alternatives[0] else None
        return _Token(f"(?:{regex})", item.optional, first is not None and first.kind == "glue")
    name = item.text
    if item.kind == "glue":
        return _Token(_GLUED[name], item.optional, glued=True, glue_next=name == "-")
    if item.kind == "symbol":
        if name not in symbols:
            raise ValueError(f"unknown symbol {name}")
        counts[name] = counts.get(name, 0) + 1
        group = name.lower() + ("" if counts[name] == 1 else str(counts[name]))
        return _Token(f"(?P<{group}>{symbols[name]})", item.optional, glued=False)
    words = [re.escape(w).replace("_", r"\s+").replace("'", "['’]") for w in name.split("|")]
    return _Token("(?:" + "|".join(words) + ")", item.optional, glued=False)


def _join(parts: list[_Token]) -> str:
    """Concatenate tokens, each preceded by its joint, so that optional ones vanish whole.

    The joint is whitespace or a hyphen; none before punctuation or after "-"; only
    optional whitespace after punctuation (", 1999" and " 1999" both follow "Oct. 15").
    Optional tokens before the first required one carry their joint after them.
    """
    out = ""
    leading = True
    glue_next = False  # the previous token was "-"
    loose = False  # punctuation may have come just before
    for part in parts:
        joint = "" if part.glued or glue_next else r"\s*" if loose else JOINT
        glue_next = part.glue_next
        if leading and part.optional:
            after = "" if part.glued else JOINT
            out += f"(?:{part.regex}{after})?"
        elif leading:
            out += (r"\s*" if loose else "") + part.regex
            leading = False
        else:
            out += f"(?:{joint}{part.regex})" + ("?" if part.optional else "")
        if part.regex in (_GLUED[","], _GLUED["."]):
            loose = True
        elif not part.optional:
            loose = False
    return out
