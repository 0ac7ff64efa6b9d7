"""Numbers the text states about people and money.

``find_quantities`` reads each number phrase ("694", "at least 12", "dozens",
"three hundred", "$10 million", "millions of dollars"), drops the numbers that count
no one (years, ages, times, shares, ordinals, numbers inside names, rates), and
classifies the rest:

- ``money`` when a currency symbol, code or word goes with it;
- ``killed``, ``injured`` or ``arrested`` when the dependency tree ties it to a
  casualty word: the number or the noun it counts is the object of a killing verb,
  the subject of a death verb or of a passive ("12 people were killed"), the count
  in a casualty noun ("30 deaths", "the massacre of 9", "the death toll rose to 30"),
  or stands before a casualty adjective ("left 5 dead", "14 injured");
- ``count`` when it counts people otherwise ("40 protesters").

Counting follows ACLED: the stated floor for "at least 12" and "more than 30"; vague
numbers fixed by convention ("dozens" = 12) and flagged ``approximate``, as are
estimates ("about 50", "up to 50"). The word lists live in ``data/quantities.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from dossier.errors import ConfigError, Messages
from dossier.records import Quantity

DATA_FILE = "quantities.yaml"
CASUALTY_KINDS = ("killed", "injured", "arrested")
SKIP_LABELS = frozenset({"DATE", "TIME", "PERCENT", "ORDINAL"})
NAME_FREE_LABELS = frozenset({"GPE", "NORP", "LOC", "DATE"})  # "Honduras 12 ..." is no name
TIME_AFTER = frozenset({"after", "before", "later", "earlier", "ago"})
NOUN_POS = frozenset({"NOUN", "PROPN", "PRON", "ADJ", "NUM"})
FIGURE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([a-z]{0,3})$")
YEARS = range(1800, 2101)
MAX_AGE = 120


def _strings(value: Any) -> list[str]:
    """A word list, checked: YAML reads a bare ``no`` or ``on`` as a boolean."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"expected a list of words, got {value!r}")
    return value


@dataclass(frozen=True)
class Phrases:
    """Word phrases ("at least", "a few"), indexed by first and last word for matching."""

    by_first: Mapping[str, tuple[tuple[str, ...], ...]]
    by_last: Mapping[str, tuple[tuple[str, ...], ...]]

    @classmethod
    def of(cls, phrases: Iterable[str]) -> Phrases:
        split = sorted({tuple(p.lower().split()) for p in phrases}, key=len, reverse=True)
        by_first: dict[str, tuple[tuple[str, ...], ...]] = {}
        by_last: dict[str, tuple[tuple[str, ...], ...]] = {}
        for words in split:  # longest first, so the first match is the longest
            by_first[words[0]] = (*by_first.get(words[0], ()), words)
            by_last[words[-1]] = (*by_last.get(words[-1], ()), words)
        return cls(by_first, by_last)

    def at(self, doc: Doc, i: int) -> tuple[str, ...] | None:
        """The longest phrase the text holds from token ``i``."""
        if i >= len(doc):
            return None
        for words in self.by_first.get(doc[i].lower_, ()):
            if tuple(t.lower_ for t in doc[i : i + len(words)]) == words:
                return words
        return None

    def before(self, doc: Doc, i: int) -> tuple[str, ...] | None:
        """The longest phrase that ends just before token ``i``."""
        if i <= 0:
            return None
        for words in self.by_last.get(doc[i - 1].lower_, ()):
            start = i - len(words)
            if start >= 0 and tuple(t.lower_ for t in doc[start:i]) == words:
                return words
        return None


def _by_kind(raw: Mapping[str, Any]) -> dict[str, str]:
    return {word.lower(): kind for kind, words in raw.items() for word in _strings(words)}


@dataclass(frozen=True)
class QuantityLexicon:
    """The contents of ``quantities.yaml``, validated."""

    units: Mapping[str, float]
    scales: Mapping[str, float]
    suffixes: Mapping[str, float]
    vague: Mapping[str, float]
    weak_vague: Mapping[tuple[str, ...], float]
    modifiers: Mapping[tuple[str, ...], bool]  # words -> flags an estimate
    currency_symbols: Mapping[str, str]
    currency_words: Mapping[str, str]
    currency_qualifiers: Mapping[tuple[str, ...], Mapping[str, str]]
    weak_vague_blockers: frozenset[str]
    victim_verbs: Mapping[str, str]  # lemma -> kind
    subject_verbs: Mapping[str, str]
    casualty_adjectives: Mapping[str, str]
    casualty_nouns: Mapping[str, str]
    people_nouns: frozenset[str]
    age_words: frozenset[str]
    age_prefixes: frozenset[str]
    percent_words: Phrases
    time_words: frozenset[str]
    rate_words: Phrases
    pronoun_determiners: frozenset[str]
    non_victims: frozenset[str]
    weak_vague_phrases: Phrases
    modifier_phrases: Phrases
    qualifier_phrases: Phrases

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> QuantityLexicon:
        qualifiers = {
            tuple(str(k).split()): {str(w): str(c) for w, c in v.items()}
            for k, v in raw["currency_qualifiers"].items()
        }
        weak = {str(k): float(v) for k, v in raw["weak_vague"].items()}
        modifiers = {str(k): bool(v) for k, v in raw["modifiers"].items()}
        return cls(
            units={str(k): float(v) for k, v in raw["units"].items()},
            scales={str(k): float(v) for k, v in raw["scales"].items()},
            suffixes={str(k): float(v) for k, v in raw["suffixes"].items()},
            vague={str(k): float(v) for k, v in raw["vague"].items()},
            weak_vague={tuple(k.split()): v for k, v in weak.items()},
            modifiers={tuple(k.split()): v for k, v in modifiers.items()},
            currency_symbols={str(k): str(v) for k, v in raw["currency_symbols"].items()},
            currency_words={str(k): str(v) for k, v in raw["currency_words"].items()},
            currency_qualifiers=qualifiers,
            weak_vague_blockers=frozenset(_strings(raw["weak_vague_blockers"])),
            victim_verbs=_by_kind(raw["victim_verbs"]),
            subject_verbs=_by_kind(raw["subject_verbs"]),
            casualty_adjectives=_by_kind(raw["casualty_adjectives"]),
            casualty_nouns=_by_kind(raw["casualty_nouns"]),
            people_nouns=frozenset(_strings(raw["people_nouns"])),
            age_words=frozenset(_strings(raw["age_words"])),
            age_prefixes=frozenset(_strings(raw["age_prefixes"])),
            percent_words=Phrases.of(_strings(raw["percent_words"])),
            time_words=frozenset(_strings(raw["time_words"])),
            rate_words=Phrases.of(_strings(raw["rate_words"])),
            pronoun_determiners=frozenset(_strings(raw["pronoun_determiners"])),
            non_victims=frozenset(_strings(raw["non_victims"])),
            weak_vague_phrases=Phrases.of(weak),
            modifier_phrases=Phrases.of(modifiers),
            qualifier_phrases=Phrases.of(str(k) for k in raw["currency_qualifiers"]),
        )


@lru_cache(maxsize=1)
def load_lexicon() -> QuantityLexicon:
    """The bundled word lists, read once per process."""
    path = resources.files("dossier") / "data" / DATA_FILE
    try:
        return QuantityLexicon.from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(Messages.E091.format(path=str(path), detail=exc)) from exc


@dataclass(frozen=True)
class Figure:
    """The numeric core of a phrase: tokens ``start:end`` and what they are worth."""

    start: int
    end: int
    value: float
    approximate: bool = False
    weak: bool = False  # "several", "many": counts only as casualties
    suffix: float = 1.0  # an abbreviated multiplier ("5m"), applied only to money


@dataclass(frozen=True)
class Phrase:
    """A figure with its modifier and currency: the words a ``Quantity`` points at."""

    figure: Figure
    start: int  # first token, modifier and currency symbol included
    end: int  # one past the last token, currency word included
    end_char: int
    approximate: bool
    currency: str | None
    multiplier: float = 1.0  # "$5m", "$3bn": applied to money only


def find_quantities(doc: Doc) -> list[Quantity]:
    """Every number about people or money in the document, in text order."""
    lexicon = load_lexicon()
    text = doc.text  # the Doc joins its tokens' texts on every read of .text
    found = []
    for phrase in _phrases(doc, lexicon):
        quantity = _classify(doc, text, phrase, lexicon)
        if quantity is not None:
            found.append(quantity)
    return found


def _phrases(doc: Doc, lexicon: QuantityLexicon) -> Iterator[Phrase]:
    i = 0
    while i < len(doc):
        figure = _read_figure(doc, i, lexicon)
        if figure is None:
            i += 1
            continue
        yield _extend(doc, figure, lexicon)
        i = figure.end


def _read_figure(doc: Doc, i: int, lexicon: QuantityLexicon) -> Figure | None:
    """The figure starting at token ``i``, if one does."""
    weak = lexicon.weak_vague_phrases.at(doc, i)
    if weak is not None and (i == 0 or doc[i - 1].lower_ not in lexicon.weak_vague_blockers):
        end = i + len(weak)
        return Figure(i, end, lexicon.weak_vague[weak], approximate=True, weak=True)
    word = doc[i].lower_
    if word in lexicon.vague:
        value, end = lexicon.vague[word], i + 1
        while (
            end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ in lexicon.vague
        ):
            value *= lexicon.vague[doc[end + 1].lower_]
            end += 2
        return Figure(i, end, value, approximate=True)
    return _read_exact(doc, i, lexicon)


def _read_exact(doc: Doc, i: int, lexicon: QuantityLexicon) -> Figure | None:
    """A figure in digits or words: "694", "12,000", "1.5 million", "three hundred"."""
    total = current = 0.0
    suffix = 1.0
    end = i
    if doc[i].lower_ in ("a", "an") and i + 1 < len(doc) and doc[i + 1].lower_ in lexicon.scales:
        current, end = 1.0, i + 1  # "a dozen", "a million"
    elif match := FIGURE.match(doc[i].lower_):
        whole, fraction, letters = match.groups()
        if letters and letters not in lexicon.suffixes:
            return None
        current = float(whole.replace(",", "") + (fraction or ""))
        suffix = lexicon.suffixes.get(letters, 1.0)
        end = i + 1
    while end < len(doc):
        word = doc[end].lower_
        if word in lexicon.units and (end == i or _joins_units(doc, end, i, lexicon)):
            current += lexicon.units[word]
        elif word in lexicon.scales and end > i:
            scale = lexicon.scales[word]
            if scale < 1000:
                current = (current or 1.0) * scale
            else:
                total, current = total + (current or 1.0) * scale, 0.0
        elif word in ("and", "-") and _continues(doc, end, i, lexicon):
            pass
        else:
            break
        end += 1
    if end == i:
        return None
    return Figure(i, end, total + current, suffix=suffix)


def _joins_units(doc: Doc, at: int, start: int, lexicon: QuantityLexicon) -> bool:
    """Whether a unit word continues the figure: "twenty-five", "a hundred and ten"."""
    previous = doc[at - 1].lower_
    if previous in ("and", "-"):
        return at - 2 >= start
    return (
        previous in lexicon.units and lexicon.units[previous] >= 20 > lexicon.units[doc[at].lower_]
    )


def _continues(doc: Doc, at: int, start: int, lexicon: QuantityLexicon) -> bool:
    """Whether "and" or a hyphen sits inside a number written in words."""
    if at + 1 >= len(doc) or at == start:
        return False
    before, after = doc[at - 1].lower_, doc[at + 1].lower_
    if doc[at].lower_ == "-":
        return before in lexicon.units and after in lexicon.units
    return before in lexicon.scales and after in lexicon.units


def _extend(doc: Doc, figure: Figure, lexicon: QuantityLexicon) -> Phrase:
    """Add the currency symbol and modifier before the figure, the currency after it."""
    start, end = figure.start, figure.end
    currency = None
    if start > 0 and doc[start - 1].text in lexicon.currency_symbols:
        currency = lexicon.currency_symbols[doc[start - 1].text]
        start -= 1
    suffix_end, multiplier = end, figure.suffix
    if currency is not None or _currency_after(doc, end + 1, lexicon):
        suffix = doc[end].lower_.rstrip(".") if end < len(doc) else ""
        if suffix in lexicon.suffixes:  # "$5m", "5m euros", split by the tokenizer
            suffix_end, multiplier = end + 1, multiplier * lexicon.suffixes[suffix]
    after, code = _currency_words(doc, suffix_end, lexicon)
    if currency is None and code is not None:
        currency, end = code, after
    elif currency is not None:
        end = suffix_end
    modifier = lexicon.modifier_phrases.before(doc, start)
    approximate = figure.approximate
    if modifier is not None:
        start -= len(modifier)
        approximate = approximate or lexicon.modifiers[modifier]
    last = doc[end - 1]
    text = last.text.rstrip(".") if last.lower_.rstrip(".") in lexicon.suffixes else last.text
    return Phrase(figure, start, end, last.idx + len(text), approximate, currency, multiplier)


def _currency_after(doc: Doc, at: int, lexicon: QuantityLexicon) -> bool:
    return _currency_words(doc, at, lexicon)[1] is not None


def _currency_words(doc: Doc, at: int, lexicon: QuantityLexicon) -> tuple[int, str | None]:
    """The currency named from token ``at``: "dollars", "of dollars", "Mexican pesos", "USD"."""
    if at < len(doc) and doc[at].lower_ == "of":
        at += 1
    if at >= len(doc):
        return at, None
    if doc[at].text in lexicon.currency_symbols and doc[at].text.isupper():
        return at + 1, lexicon.currency_symbols[doc[at].text]
    qualifier = lexicon.qualifier_phrases.at(doc, at)
    if qualifier is not None:
        head = at + len(qualifier)
        if head < len(doc):
            unit = doc[head].lower_
            singular = unit if unit in lexicon.currency_qualifiers[qualifier] else unit.rstrip("s")
            if singular in lexicon.currency_qualifiers[qualifier]:
                return head + 1, lexicon.currency_qualifiers[qualifier][singular]
    word = doc[at].lower_
    if word in lexicon.currency_words:
        return at + 1, lexicon.currency_words[word]
    return at, None


def _classify(doc: Doc, text: str, phrase: Phrase, lexicon: QuantityLexicon) -> Quantity | None:
    """The quantity a phrase states, if it counts people or money; ``text`` is ``doc.text``."""
    figure = phrase.figure
    if phrase.currency is not None:
        return _quantity(doc, text, phrase, "money", figure.value * phrase.multiplier)
    if _not_a_count(doc, figure, lexicon):
        return None
    anchor = _anchor(doc, figure)
    counted = _counted(anchor)
    if _is_rate(doc, max(counted.i, figure.end - 1), lexicon):
        return None
    kind = _casualty_kind(doc, figure, counted, lexicon)
    if kind is not None:
        if not _counts_victims(counted, figure, kind, lexicon):
            return None
        return _quantity(doc, text, phrase, kind, figure.value)
    if figure.weak or figure.value < 2:
        return None
    if not _counts_people(counted, figure, lexicon, casualty=False):
        return None
    return _quantity(doc, text, phrase, "count", figure.value)


def _quantity(doc: Doc, text: str, phrase: Phrase, kind: str, value: float) -> Quantity:
    start_char = doc[phrase.start].idx
    return Quantity(
        kind=kind,
        value=value,
        span=(start_char, phrase.end_char),
        currency=phrase.currency,
        approximate=phrase.approximate,
        text=text[start_char : phrase.end_char],
    )


def _not_a_count(doc: Doc, figure: Figure, lexicon: QuantityLexicon) -> bool:
    """Years, ages, times, shares, ordinals and numbers that are part of a name."""
    tokens = doc[figure.start : figure.end]
    if any(t.ent_type_ in SKIP_LABELS for t in tokens) or figure.suffix != 1.0:
        return True
    first, after = doc[figure.start], figure.end
    if len(first.text) == 4 and first.text.isdigit() and int(first.text) in YEARS:
        return True
    if lexicon.percent_words.at(doc, after) or _followed_by_age(doc, after, lexicon):
        return True
    if after < len(doc) and doc[after].lower_ in lexicon.time_words:
        return True
    if _apposed_age(doc, figure):
        return True
    if figure.start > 0:
        before = doc[figure.start - 1]
        if before.lower_ in lexicon.age_prefixes or before.text in ("#", "No.", "no."):
            return True
        if first.lower_ == "one" and before.lower_ in lexicon.pronoun_determiners:
            return True
        if _inside_name(doc, figure.start):
            return True
    return False


def _followed_by_age(doc: Doc, at: int, lexicon: QuantityLexicon) -> bool:
    """ "23-year-old", "23 years old", "a 9-month-old"."""
    words = [t.lower_ for t in doc[at : at + 4] if t.text != "-"]
    if not words:
        return False
    if words[0] in lexicon.age_words and len(words) > 1 and words[1] == "old":
        return True
    return words[0] in lexicon.age_words and words[0].endswith("-old")


def _apposed_age(doc: Doc, figure: Figure) -> bool:
    """ "Ana Ruiz, 37, was shot": a bare number set off by commas after a noun is an age."""
    if figure.start < 2 or doc[figure.start - 1].text != "," or figure.value >= MAX_AGE:
        return False
    if doc[figure.start - 2].pos_ not in ("PROPN", "NOUN"):
        return False
    return figure.end >= len(doc) or doc[figure.end].is_punct


def _inside_name(doc: Doc, at: int) -> bool:
    """A number right after a capitalised name: "Barrio 18", "MS-13", "Route 66"."""
    before = doc[at - 1]
    if before.text == "-" and at >= 2:
        before = doc[at - 2]
    if not before.is_alpha or not before.text[:1].isupper():
        return False
    if before.ent_type_ in NAME_FREE_LABELS:
        return False
    return before.pos_ == "PROPN" or not before.is_sent_start


def _anchor(doc: Doc, figure: Figure) -> Token:
    """The figure's syntactic head: the one token whose head lies outside it."""
    tokens = doc[figure.start : figure.end]
    outside = [t for t in tokens if not figure.start <= t.head.i < figure.end or t.head.i == t.i]
    return outside[-1] if outside else tokens[-1]


def _counted(anchor: Token) -> Token:
    """The noun a number counts ("12 people"), or the number itself ("killed 12")."""
    head = anchor.head
    modifier_deps = ("nummod", "quantmod", "amod", "compound", "nmod", "det")
    if anchor.dep_ in modifier_deps and head.i > anchor.i and head.pos_ in NOUN_POS:
        return head
    return anchor


def _of_object(token: Token) -> Token | None:
    """ "dozens of people" -> people."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _counts_victims(counted: Token, figure: Figure, kind: str, lexicon: QuantityLexicon) -> bool:
    """Whether the counted noun can be casualties of that kind.

    The killed are any noun but a few a killing word takes in another sense ("executed 3
    search warrants"); the injured and arrested are people.
    """
    if kind != "killed":
        return _counts_people(counted, figure, lexicon, casualty=True)
    if figure.start <= counted.i < figure.end:
        target = _of_object(counted)
        if target is None:
            return True
        counted = target
    return counted.lemma_.lower() not in lexicon.non_victims


def _counts_people(
    counted: Token, figure: Figure, lexicon: QuantityLexicon, casualty: bool
) -> bool:
    """Whether the counted noun is people; a bare number passes only as a casualty."""
    if figure.start <= counted.i < figure.end:
        target = _of_object(counted)
        if target is None:
            return casualty
        counted = target
    lemma = counted.lemma_.lower()
    return (
        lemma in lexicon.people_nouns
        or counted.lower_ in lexicon.people_nouns
        or (casualty and lemma in lexicon.casualty_nouns)
    )


def _is_rate(doc: Doc, last: int, lexicon: QuantityLexicon) -> bool:
    """ "one gang member killed per day": a figure per unit of time is no count."""
    for at in range(last + 1, min(last + 4, len(doc))):
        if doc[at].is_punct:
            return False
        rate = lexicon.rate_words.at(doc, at)
        if rate is not None:
            following = at + len(rate)
            return following >= len(doc) or doc[following].lower_ not in TIME_AFTER
    return False


def _casualty_kind(
    doc: Doc, figure: Figure, counted: Token, lexicon: QuantityLexicon
) -> str | None:
    """killed | injured | arrested when a casualty word governs the number, else None."""
    after = max(counted.i + 1, figure.end)
    if after < len(doc):
        word = doc[after]
        if word.lower_ in lexicon.casualty_adjectives and not _has_object(word):
            return lexicon.casualty_adjectives[word.lower_]
    kind = lexicon.casualty_nouns.get(counted.lemma_.lower())
    if kind is not None and counted.i >= figure.end:  # "30 deaths", "40 arrests"
        return kind
    return _kind_by_role(counted, lexicon, depth=0)


def _kind_by_role(token: Token, lexicon: QuantityLexicon, depth: int) -> str | None:
    """The casualty kind the token's place in the tree gives it."""
    for child in token.children:
        if child.dep_ in ("amod", "acl", "relcl"):
            verbs = [child, *(c for c in child.children if c.dep_ == "conj")]
            for verb in verbs:  # "students abducted and killed"
                kind = _verb_kind(verb, lexicon)
                if kind is not None:
                    return kind
    head, dep = token.head, token.dep_
    if dep == "nsubjpass" or (dep == "dobj" and head.pos_ in ("VERB", "AUX")):
        return lexicon.victim_verbs.get(head.lemma_.lower()) or _complement_kind(head, lexicon)
    if dep == "nsubj":
        if head.lemma_.lower() in lexicon.subject_verbs:
            return lexicon.subject_verbs[head.lemma_.lower()]
        if head.tag_ == "VBN" and not _has_object(head):  # "7 wounded"
            return lexicon.victim_verbs.get(head.lemma_.lower())
        return None
    if dep == "pobj" and head.dep_ in ("prep", "agent"):
        governor = head.head
        kind = lexicon.casualty_nouns.get(governor.lemma_.lower())
        if kind is not None and governor.pos_ in ("NOUN", "PROPN"):
            return kind  # "the massacre of 9"
        return _subject_kind(governor, lexicon)  # "the death toll rose to 30"
    if dep == "attr":
        return _subject_kind(head, lexicon)  # "the death toll was 30"
    if dep in ("conj", "appos") and depth < 3:
        return _kind_by_role(head, lexicon, depth + 1)
    return None


def _verb_kind(token: Token, lexicon: QuantityLexicon) -> str | None:
    """A participle or clause on the counted noun: "people killed", "men who died"."""
    lemma = token.lemma_.lower()
    if token.lower_ in lexicon.casualty_adjectives:
        return lexicon.casualty_adjectives[token.lower_]
    if lemma in lexicon.subject_verbs:
        return lexicon.subject_verbs[lemma]
    passive = token.tag_ == "VBN" or any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
    if lemma in lexicon.victim_verbs and passive and not _has_object(token):
        return lexicon.victim_verbs[lemma]
    return None


def _complement_kind(verb: Token, lexicon: QuantityLexicon) -> str | None:
    """ "left 5 dead", "shot dead four men": a casualty adjective completing the verb."""
    for child in verb.children:
        if child.dep_ in ("oprd", "acomp", "xcomp", "advmod", "ccomp") and (
            child.lower_ in lexicon.casualty_adjectives
        ):
            return lexicon.casualty_adjectives[child.lower_]
    return None


def _subject_kind(verb: Token, lexicon: QuantityLexicon) -> str | None:
    """The kind of a casualty noun that is the verb's subject ("the death toll")."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "expl"):
            kind = lexicon.casualty_nouns.get(child.lemma_.lower())
            if kind is not None:
                return kind
    return None


def _has_object(verb: Token) -> bool:
    return any(child.dep_ in ("dobj", "obj") for child in verb.children)
