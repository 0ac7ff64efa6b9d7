"""Which mentions of one document name the same actor: short forms and acronyms.

People. Every full name seen (a dictionary person or a PERSON name) starts a group;
shorter forms join the group whose full name they are a form of: the surname
("Valencia" for "Arístides Valencia"), the two surnames ("Sánchez Cerén" for "Salvador
Sánchez Cerén"), the first surname of a three-part name, or the first and last words;
a first name the recogniser tags alone joins the full name it begins ("Sara").
Then every capitalised occurrence of a form anywhere in the text becomes a mention of
the group, whatever the recogniser tagged it (a place, an organisation, nothing),
unless the words belong to a longer name. When two people share a form, the nearest
one mentioned before wins, else the nearest after.

Acronyms. A bracket that ends in an acronym pairs it with the name before the bracket
and with a name given inside it: "Nationalist Republican Alliance (Alianza Republicana
Nacionalista – ARENA)". An acronym the dictionary does not know is paired only when
its first letter starts a word of the name, and then every use of it in the text is a
mention of that actor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dossier.actors.dictionary import fold

SEPARATORS = frozenset({"–", "—", "-", ",", ";", ":", "or"})
ACRONYM = re.compile(r"[A-ZÁÉÍÓÚÑ0-9][A-ZÁÉÍÓÚÑ0-9&.-]*[A-ZÁÉÍÓÚÑ0-9]\Z")
MAX_BRACKET = 20  # tokens


@dataclass(frozen=True)
class Seed:
    """A mention that starts or joins a person group."""

    start: int
    end: int
    words: tuple[str, ...]  # folded words of the fullest name known for it
    entry_id: str | None = None


@dataclass(frozen=True)
class Person:
    """One person of the document: the fullest name and every mention's tokens."""

    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    entry_id: str | None = None


@dataclass
class _Group:
    words: tuple[str, ...]
    entry_id: str | None
    spans: list[tuple[int, int]] = field(default_factory=list)


def group_people(
    doc: Doc, seeds: Sequence[Seed], blocked: set[int], lead_ins: set[int]
) -> list[Person]:
    """Group person mentions and find the short forms the recogniser missed.

    ``blocked`` tokens belong to other actors; ``lead_ins`` are tokens (titles,
    courtesy forms) that may stand right before a name without being part of it.
    """
    groups: list[_Group] = []
    ordered = sorted(seeds, key=lambda s: (s.entry_id is None, -len(s.words), s.start))
    for seed in ordered:
        mention = _fold_span(doc, seed.start, seed.end)
        if seed.entry_id is not None:
            group = next((g for g in groups if g.entry_id == seed.entry_id), None)
            candidates = [] if group is None else [group]
        else:
            candidates = [g for g in groups if is_form(mention, g.words)]
        if candidates:
            _nearest(candidates, seed.start).spans.append((seed.start, seed.end))
        else:
            groups.append(_Group(seed.words, seed.entry_id, [(seed.start, seed.end)]))
    _scan_forms(doc, groups, blocked, lead_ins)
    return [
        Person(words=g.words, spans=tuple(sorted(set(g.spans))), entry_id=g.entry_id)
        for g in groups
    ]


def is_form(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether ``short`` is a way to write the name ``full`` (both folded words)."""
    if not short or len(short) > len(full):
        return False
    if short == full or full[-len(short) :] == short:
        return True
    if len(full) >= 3 and short == (full[-2],):
        return True
    if len(short) == 1 and len(full) >= 2 and short[0] == full[0]:
        return True  # the first name alone, as news uses for the young ("Sara")
    return (
        len(short) >= 2 and short[0] == full[0] and short[-1] == full[-1] and _within(short, full)
    )


def forms(full: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every form of a name that ``is_form`` accepts and a text may use alone."""
    found = {full[-size:] for size in range(1, len(full) + 1)}
    if len(full) >= 3:
        found.add((full[-2],))
        found.add((full[0], full[-1]))
    return found


def _within(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    rest = iter(full)
    return all(word in rest for word in short)


def _fold_span(doc: Doc, start: int, end: int) -> tuple[str, ...]:
    return tuple(fold(t.text) for t in doc[start:end])


def _nearest(groups: Sequence[_Group], position: int) -> _Group:
    """The group mentioned last before ``position``, else first after it."""

    def distance(group: _Group) -> tuple[int, int]:
        before = [position - start for start, _ in group.spans if start <= position]
        if before:
            return (0, min(before))
        return (1, min(start - position for start, _ in group.spans))

    return min(groups, key=distance)


def _scan_forms(doc: Doc, groups: list[_Group], blocked: set[int], lead_ins: set[int]) -> None:
    by_form: dict[tuple[str, ...], list[_Group]] = {}
    for group in groups:
        for form in forms(group.words):
            by_form.setdefault(form, []).append(group)
    if not by_form:
        return
    held = blocked | {i for g in groups for start, end in g.spans for i in range(start, end)}
    longest = max(len(form) for form in by_form)
    firsts = {form[0] for form in by_form if form}
    folded = [fold(t.text) for t in doc]  # once: the scan below looks at each word often
    i = 0
    while i < len(doc):
        step = 1
        if folded[i] not in firsts:
            i += 1
            continue
        for size in range(min(longest, len(doc) - i), 0, -1):
            key = tuple(folded[i : i + size])
            owners = by_form.get(key)
            if (
                owners
                and not held.intersection(range(i, i + size))
                and _stands_alone(doc, i, i + size, lead_ins)
            ):
                _nearest(owners, i).spans.append((i, i + size))
                step = size
                break
        i += step


def _stands_alone(doc: Doc, start: int, end: int, lead_ins: set[int]) -> bool:
    """Capitalised words that are not part of a longer name."""
    if not all(t.text[:1].isupper() and not t.text.isupper() for t in doc[start:end]):
        return False  # lower case, or capitals only (a dateline, a heading)
    before = start - 1
    while before >= 0 and doc[before].is_space:
        before -= 1
    if before >= 0 and before not in lead_ins and _proper(doc[before]):
        return False
    after = end
    while after < len(doc) and doc[after].is_space:
        after += 1
    return not (after < len(doc) and _proper(doc[after]) and not doc[after].is_sent_start)


def _proper(token: Token) -> bool:
    return token.is_alpha and token.text[0].isupper() and token.tag_ in ("NNP", "NNPS")


# --- acronyms -------------------------------------------------------------------------


@dataclass(frozen=True)
class Acronym:
    """A bracket that gives an acronym for the name before it."""

    short: tuple[int, int]  # the acronym's tokens
    opening: int  # the bracket's token; the long name ends right before it
    inner: tuple[int, int] | None = None  # a name inside the bracket, before the acronym


def find_acronyms(doc: Doc) -> list[Acronym]:
    """Every "Name (ACRONYM)" and "Name (Other name – ACRONYM)" in the text."""
    found = []
    for token in doc:
        if token.text != "(" or token.i == 0:
            continue
        close = next((t.i for t in doc[token.i + 1 : token.i + MAX_BRACKET] if t.text == ")"), None)
        if close is None or close == token.i + 1:
            continue
        short_start = _acronym_start(doc, token.i + 1, close)
        if short_start is None:
            continue
        inner_end = short_start
        while inner_end > token.i + 1 and doc[inner_end - 1].lower_ in SEPARATORS:
            inner_end -= 1
        inner = (token.i + 1, inner_end) if inner_end > token.i + 1 else None
        if inner is not None and not doc[inner[0]].text[:1].isupper():
            continue
        found.append(Acronym(short=(short_start, close), opening=token.i, inner=inner))
    return found


def _acronym_start(doc: Doc, first: int, close: int) -> int | None:
    """Where the acronym ending the bracket starts ("FARC-EP" is three tokens)."""
    start = close - 1
    while start > first and not doc[start - 1].whitespace_:
        start -= 1
    text = doc[start:close].text
    letters = [c for c in text if c.isalpha()]
    if not ACRONYM.match(text) or len(letters) < 2:
        return None
    return start


def acronym_fits(acronym: str, name: str) -> bool:
    """Whether an acronym may abbreviate a name: its first letter starts one of the
    name's words ("FMLN", but also "FUNADER" for a name translated from Spanish)."""
    letters = [c for c in fold(acronym) if c.isalpha()]
    initials = {w[0] for w in re.split(r"[\s\-–]+", fold(name)) if w and w[0].isalpha()}
    return bool(letters) and letters[0] in initials
