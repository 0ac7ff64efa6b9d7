"""The word lists of temporal expressions, loaded once from ``data/time.yaml``.

``Lexicon`` holds each list as a lowercase-keyed mapping (``months["sept"] == 9``) and
knows how to turn a list into a regular-expression fragment for the grammar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from dossier.errors import ConfigError, Messages

_DATA_FILE = "time.yaml"


@dataclass(frozen=True)
class UnitDuration:
    """How a unit is written in a TIMEX3 duration: ``code`` x ``size``, time or date part."""

    code: str
    size: int
    time: bool


@dataclass(frozen=True)
class Holiday:
    """A holiday: a fixed month and day, the nth weekday of a month, or Easter + offset."""

    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    nth: int | None = None
    after_monday: bool = False
    easter: int | None = None


@dataclass(frozen=True)
class Lexicon:
    """Every word list the grammar and the normaliser use; keys are lowercase."""

    months: Mapping[str, int]
    ambiguous_months: frozenset[str]
    month_cues: tuple[str, ...]
    weekdays: Mapping[str, int]
    seasons: Mapping[str, str]
    parts_of_day: Mapping[str, str]
    numbers: Mapping[str, float]
    vague_numbers: frozenset[str]
    ordinals: Mapping[str, int]
    decade_words: Mapping[str, int]
    units: Mapping[str, str]
    unit_durations: Mapping[str, UnitDuration]
    point_mods: Mapping[str, str | None]
    duration_mods: Mapping[str, str]
    trailing_mods: Mapping[str, str]
    relative_words: Mapping[str, int]
    deictic_days: Mapping[str, int]
    deictic_refs: Mapping[str, str]
    set_words: Mapping[str, str]
    holidays: Mapping[str, Holiday]
    future_cues: tuple[str, ...]
    past_cues: tuple[str, ...]

    def number(self, words: str) -> float | None:
        """The value of a number in digits or words ("12", "twenty-four", "a hundred")."""
        text = normal(words)
        if not text:
            return None
        if text in self.numbers:
            return self.numbers[text]
        digits = text.replace(",", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", digits):
            return float(digits)
        total = 0.0
        current = 0.0
        for word in re.split(r"[\s-]+", text):
            if word == "and":
                continue
            value = self.numbers.get(word)
            if value is None:
                if not re.fullmatch(r"\d+", word):
                    return None
                value = float(word)
            if value == 1000:
                total += max(current, 1) * 1000
                current = 0
            elif value == 100:
                current = max(current, 1) * 100
            else:
                current += value
        return total + current


def normal(words: str) -> str:
    """Lowercase, one space between words, no trailing period."""
    return " ".join(words.lower().replace("’", "'").split()).rstrip(".")


def alternation(words: Iterable[str], *, capitalised: bool = False) -> str:
    """A regex fragment matching any of ``words``, the longest one where several fit.

    The words are laid out as a trie ("jan(?:uary)?") so that the regex engine
    rejects a position after a character or two. Spaces match any whitespace and an
    apostrophe either kind. ``capitalised`` words match only as written or in
    capitals (case-sensitively).
    """
    forms = set()
    for word in words:
        forms.add(word)
        if capitalised:
            forms.add(word.upper())
    body = _trie(sorted(forms))
    return f"(?-i:{body})" if capitalised else body


def _trie(words: list[str]) -> str:
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return "(?:" + _emit(root) + ")"


def _char(char: str) -> str:
    if char == " ":
        return r"\s+"
    if char in "'’":
        return "['’]"
    return re.escape(char)


def _emit(node: dict[str, Any]) -> str:
    branches = [_char(char) + _emit(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _lower(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {normal(str(key)): value for key, value in mapping.items()}


def _build(data: dict[str, Any]) -> Lexicon:
    return Lexicon(
        months=_lower(data["months"]),
        ambiguous_months=frozenset(normal(m) for m in data["ambiguous_months"]),
        month_cues=tuple(normal(c) for c in data["month_cues"]),
        weekdays=_lower(data["weekdays"]),
        seasons=_lower(data["seasons"]),
        parts_of_day=_lower(data["parts_of_day"]),
        numbers=_lower(data["numbers"]),
        vague_numbers=frozenset(normal(w) for w in data["vague_numbers"]),
        ordinals=_lower(data["ordinals"]),
        decade_words=_lower(data["decade_words"]),
        units=_lower(data["units"]),
        unit_durations={k: UnitDuration(**v) for k, v in data["unit_durations"].items()},
        point_mods=_lower(data["point_mods"]),
        duration_mods=_lower(data["duration_mods"]),
        trailing_mods=_lower(data["trailing_mods"]),
        relative_words=_lower(data["relative_words"]),
        deictic_days=_lower(data["deictic_days"]),
        deictic_refs=_lower(data["deictic_refs"]),
        set_words=_lower(data["set_words"]),
        holidays={normal(k): Holiday(**v) for k, v in data["holidays"].items()},
        future_cues=tuple(normal(c) for c in data["future_cues"]),
        past_cues=tuple(normal(c) for c in data["past_cues"]),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged word lists, read and checked once per process."""
    path = resources.files("dossier") / "data" / _DATA_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return _build(data)
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(
            Messages.E060.format(path=_DATA_FILE, detail=f"{type(exc).__name__}: {exc}")
        ) from exc
