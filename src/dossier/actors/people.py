"""Names of people and organisations from the entity recogniser, cleaned.

The recogniser's PERSON and ORG entities become ``Name`` records after general
repairs:

- a PERSON followed directly by a one- or two-word capitalised entity or word
  ("Salvador Sánchez" + "Cerén") is one name; so is a one-word place name directly
  before a PERSON, and a name with a nickname in quotes inside ('José "El Chepe" Díaz');
- an ORG or a GPE that has a person's shape (capitalised words, no organisation word)
  and an age ("38-year-old Goldie Long", "Branyon Fehring, 23") or is whom someone was
  identified as, or an ORG whose last word the recogniser calls a person elsewhere
  ("Lumpkin"), is a person;
- leading articles, courtesy forms and titles ("the", "Mr.", "President") and a
  trailing possessive ("'s", "’s") are not part of a name;
- a name the dictionary already holds, a name inside a generic agent ("Gang members"),
  a portfolio word ("Interior" in "Interior Minister"), the name of an operation, a
  plan or a platform ("Operation Check", "YouTube"), a vehicle after its model year ("a
  2006 Suzuki"), and anything without a capital letter are not names of actors. Dates
  and numbers are never PERSON or ORG.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dossier.actors.dictionary import fold
from dossier.actors.lexicon import TitleLexicon
from dossier.actors.match import Matches

PERSON = "PERSON"
ORG = "ORG"
GPE = "GPE"
NAME_LABELS = frozenset({PERSON, ORG})
JOINABLE = frozenset({PERSON, ORG, "GPE", "NORP", "LOC", "FAC"})
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
ARTICLES = frozenset({"the"})
EDGE_PUNCT = frozenset({",", "-", "–", "—", ":", ";", "“", "”", '"', "(", ")"})
BRACKETS = frozenset({"(", "["})
DASHES = frozenset({"-", "–", "—", "--"})
NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT"})
PROPER_TAGS = frozenset({"NNP", "NNPS"})
GENERATIONS = frozenset({"sr", "jr", "ii", "iii", "iv"})  # "James Jordan Sr.": the name's
QUOTES = frozenset({"“", "”", '"', "'", "‘", "’", "«", "»"})


@dataclass(frozen=True)
class Name:
    """Tokens ``start:end`` name a person or an organisation (``label``)."""

    start: int
    end: int
    label: str  # PERSON | ORG

    def tokens(self) -> range:
        return range(self.start, self.end)


def find_names(doc: Doc, lexicon: TitleLexicon, matches: Matches) -> list[Name]:
    """The PERSON and ORG names of a document that the dictionary does not hold."""
    taken = {i for match in matches.named for i in match.tokens()}
    generic = [range(m.start, m.end) for m in matches.generic]
    titles = {i for t in matches.titles for i in range(t.start, t.end)}
    introduced = _introduced_names(doc, lexicon)
    titled = [*_titled_names(doc, lexicon, matches, taken), *_nicknamed(doc, taken, titles)]
    surnames = {fold(e.text) for e in doc.ents if e.label_ == PERSON and len(e) == 1}
    names = []
    for start, end, label in [*titled, *_joined_entities(doc, lexicon, taken, titles)]:
        if any(s < end and start < e for s, e, _ in titled if (s, e) != (start, end)):
            continue  # a name after a title is a person's, whatever the recogniser said
        if label == ORG and _titled_person(doc, start, end, titles):
            label = PERSON
        start, end = _trim(doc, start, end, label, lexicon, titles)
        known = surnames if label == ORG else set()  # "San Salvador" is no Salvador
        if label in (ORG, GPE) and _person_shaped(doc, start, end, lexicon, known):
            label = PERSON  # "38-year-old Goldie Long", "Branyon Fehring, 23"
        elif label == GPE:
            continue
        if start >= end or taken.intersection(range(start, end)):
            continue
        if any(start >= g.start and end <= g.stop for g in generic):
            continue
        generic_words = {i for g in generic for i in g}
        if all(i in generic_words or doc[i].is_stop or doc[i].is_punct for i in range(start, end)):
            continue  # "Constitutional Chamber of the Supreme Court": generic words only
        span = doc[start:end]
        if not _looks_like_name(span, lexicon) or _words(span) in introduced:
            continue
        if label == PERSON and span.text.isupper():  # a dateline ("BOGOTÁ —"), a heading
            continue
        if start > 0 and _model_year(doc[start - 1]):
            continue  # a vehicle ("a 2006 Suzuki", "a 2002 Ford Explorer"), not an actor
        if label == PERSON and len(span) > 1 and _address(span, lexicon):
            continue  # an address ("Monroe Drive", "E. 10th St. Waterloo"), not a person
        if label == PERSON and any(t.lower_ in lexicon.not_name_words for t in span):
            continue  # a headline's words ("Teen Shot To Death"), not a name
        if len(span) == 1 and span[0].tag_ not in PROPER_TAGS and not span.text.isupper():
            continue  # a common noun the recogniser took for a name ("Killings rose")
        if span[0].lower_ in lexicon.non_actor_markers or (
            label == ORG and any(t.lower_ in lexicon.non_actor_markers for t in span)
        ):
            continue  # "Operation Check", "Special Law against Terrorism", "YouTube"
        names.append(Name(start, end, label))
    return names


def _joined_entities(
    doc: Doc, lexicon: TitleLexicon, taken: set[int], titles: set[int]
) -> Iterator[tuple[int, int, str]]:
    """PERSON and ORG entities, with split names joined back together."""
    ents = list(doc.ents)
    skip = False
    for index, ent in enumerate(ents):
        if skip:
            skip = False
            continue
        after = ents[index + 1] if index + 1 < len(ents) else None
        if ent.label_ == PERSON:
            start, end = ent.start, ent.end
            if after is not None and after.start == end and _joins(after, taken, titles):
                end, skip = after.end, True
            elif end < len(doc) and _extends(doc[end], lexicon, taken, titles):
                end += 1
            yield start, end, PERSON
        elif (
            after is not None
            and after.label_ == PERSON
            and after.start == ent.end
            and ent.label_ == "GPE"
            and len(ent) == 1
            and _joins(ent, taken, titles)
            and lexicon.country_in(ent.text) is None
        ):
            yield ent.start, after.end, PERSON
            skip = True
        elif ent.label_ in NAME_LABELS or ent.label_ == GPE:
            yield ent.start, ent.end, ent.label_  # a GPE only if it proves a person's name


def _titled_names(
    doc: Doc, lexicon: TitleLexicon, matches: Matches, taken: set[int]
) -> Iterator[tuple[int, int, str]]:
    """Capitalised names right after a title or a courtesy form ("Lawyer Ana Ruiz")."""
    leads = [t.end for t in matches.titles]
    leads += [t.i + 1 for t in doc if t.lower_ in lexicon.honorifics and t.text[:1].isupper()]
    for start in sorted(set(leads)):
        while start < len(doc) and doc[start].is_space:
            start += 1
        if start > 0 and doc[start - 1].ent_iob_ == "I":
            continue  # the title is part of a longer name ("General Motors")
        end = start
        while end < len(doc) and end - start < 4 and _name_token(doc[end], taken):
            end += 1
        if end > start and doc[end - 1].ent_type_ not in NOT_NAMES:
            yield start, end, PERSON


def _nicknamed(doc: Doc, taken: set[int], titles: set[int]) -> Iterator[tuple[int, int, str]]:
    """A name with a nickname in quotes inside it: 'Eduardo "Eddy" Villagomez', 'José
    "El Chepe" Díaz' (the recogniser splits them)."""
    for token in doc:
        if not token.is_quote or token.i == 0 or not _name_word(doc[token.i - 1]):
            continue
        close = next((t.i for t in doc[token.i + 1 : token.i + 5] if t.is_quote), None)
        if close is None or close == token.i + 1:
            continue
        start = token.i
        while start > 0 and token.i - start < 3 and _name_part(doc[start - 1], taken, titles):
            start -= 1
        end = close + 1
        while end < len(doc) and end - close <= 3 and _name_part(doc[end], taken, titles):
            end += 1
        if start < token.i and end > close + 1:
            yield start, end, PERSON


def _name_part(token: Token, taken: set[int], titles: set[int]) -> bool:
    return (
        _name_word(token)
        and token.tag_ in PROPER_TAGS
        and token.i not in taken
        and token.i not in titles
        and token.ent_type_ not in NOT_NAMES
    )


def _name_token(token: Token, taken: set[int]) -> bool:
    return (
        _name_word(token)
        and token.tag_ in PROPER_TAGS
        and token.i not in taken
        and token.ent_type_ not in NOT_NAMES
    )


def _titled_person(doc: Doc, start: int, end: int, titles: set[int]) -> bool:
    """An ORG that is a title and a name ("Bishop Fabio Colindres")."""
    if doc[start].lower_ in ARTICLES:
        start += 1
    rest = start
    while rest < end and rest in titles:
        rest += 1
    return start < rest < end and end - rest <= 4 and all(_name_word(t) for t in doc[rest:end])


def _person_shaped(
    doc: Doc, start: int, end: int, lexicon: TitleLexicon, surnames: set[str]
) -> bool:
    """An "organisation" that is a person's name: two to four capitalised words with no
    organisation word, given an age ("38-year-old Goldie Long", "Branyon Fehring, 23"),
    given as whom someone was identified ("identified the girl as Kimi Reylander") or
    whose last word the recogniser calls a person elsewhere ("Mekel Lumpkin" and
    "Lumpkin")."""
    words = doc[start:end]
    if not 2 <= len(words) <= 4 or not all(_name_word(t) for t in words):
        return False
    if lexicon.org_sector(words.text) is not None or lexicon.country_in(words.text):
        return False
    last = words[-1]
    if last.dep_ in ("compound", "amod", "nmod") and last.head.i >= end:
        return False  # "an 18-year-old Carson City man": the age is the man's
    if fold(words[-1].text) in surnames or _identified_as(words[-1]):
        return True
    before = doc[start - 1] if start > 0 else None
    aged = before is not None and before.lower_ == "old" and before.ent_type_ == "DATE"
    return aged or _age_after(doc, end)


def _identified_as(token: Token) -> bool:
    """The name a person is identified by: "identified the girl as Kimi Reylander"."""
    head = token.head
    return (
        token.dep_ == "pobj"
        and head.lower_ == "as"
        and head.head.lemma_.lower() in ("identify", "name")
    )


def _model_year(token: Token) -> bool:
    """A four-digit year right before a name: a make of car or a model ("a 2006 Suzuki")."""
    return token.is_digit and len(token.text) == 4 and 1900 <= int(token.text) <= 2100


def _age_after(doc: Doc, end: int) -> bool:
    """ ", 23," or ", 23." right after a name: the person's age, as news gives it."""
    if end + 1 >= len(doc) or doc[end].text != "," or not doc[end + 1].is_digit:
        return False
    closing = end + 2 >= len(doc) or doc[end + 2].is_punct
    return closing and 0 < int(doc[end + 1].text) < 120


def _joins(ent: Span, taken: set[int], titles: set[int]) -> bool:
    """An entity that may be the missing part of a person's name."""
    return (
        ent.label_ in JOINABLE
        and len(ent) <= 2
        and all(_name_word(t) and t.i not in taken and t.i not in titles for t in ent)
    )


def _extends(token: Token, lexicon: TitleLexicon, taken: set[int], titles: set[int]) -> bool:
    """An untagged capitalised word right after a PERSON that belongs to the name."""
    return (
        token.ent_iob_ == "O"
        and token.tag_ == "NNP"
        and _name_word(token)
        and not token.is_sent_start
        and token.i not in taken
        and token.i not in titles
        and token.lower_ not in lexicon.government_nouns
    )


def _name_word(token: Token) -> bool:
    return token.is_alpha and token.text[0].isupper()


def _trim(
    doc: Doc, start: int, end: int, label: str, lexicon: TitleLexicon, titles: set[int]
) -> tuple[int, int]:
    """Drop articles, courtesy forms and titles in front, possessives and punctuation behind."""
    end = next(
        (i for i in range(start, end) if doc[i].text in BRACKETS or _spaced_dash(doc, i)), end
    )
    while end > start and (doc[end - 1].text in POSSESSIVES or doc[end - 1].text in EDGE_PUNCT):
        end -= 1
    while start < end and (doc[start].lower_ in ARTICLES or doc[start].text in EDGE_PUNCT):
        start += 1
    while end > start and label == PERSON and doc[end - 1].like_num:
        end -= 1  # an age after the name ("Laquan McDonald 16")
    while end > start + 1 and label == PERSON and _title_abbreviation(doc[end - 1], lexicon):
        end -= 1  # a title cut off from its name ("LAPD Det." + "Dave Garrido said")
    if label == PERSON:
        last_title = max((i for i in range(start, end - 1) if i in titles), default=None)
        if last_title is not None:
            start = last_title + 1
        while start < end and _courtesy(doc[start], lexicon):
            start += 1
    return start, end


def _title_abbreviation(token: Token, lexicon: TitleLexicon) -> bool:
    """A courtesy form or rank ("Det", "Sgt."), never a generational suffix ("Sr.")."""
    word = token.lower_.rstrip(".")
    return word not in GENERATIONS and (
        word in lexicon.honorifics or f"{word}." in lexicon.honorifics
    )


def _address(span: Span, lexicon: TitleLexicon) -> bool:
    """A street word after the first, or a house or street number: an address."""
    return any(t.lower_ in lexicon.street_heads for t in span[1:]) or any(
        any(c.isdigit() for c in t.text) for t in span
    )


def _spaced_dash(doc: Doc, i: int) -> bool:
    """A dash with space on both sides: punctuation between phrases ("Ana Ruiz - VIDEO"),
    never a hyphen inside a name ("Garcia-Manriquez")."""
    return (
        doc[i].text in DASHES
        and bool(doc[i].whitespace_)
        and i > 0
        and bool(doc[i - 1].whitespace_)
    )


def _courtesy(token: Token, lexicon: TitleLexicon) -> bool:
    word = token.lower_
    return (
        word in lexicon.honorifics
        or word in lexicon.keep_modifiers
        or word in lexicon.drop_modifiers
        or token.text in POSSESSIVES
        or token.text in EDGE_PUNCT
    )


def _looks_like_name(span: Span, lexicon: TitleLexicon) -> bool:
    text = span.text
    if not any(c.isalpha() for c in text) or not text[0].isupper() and not text[0].isdigit():
        return False
    if all(t.like_num or not t.is_alpha for t in span):
        return False
    folded = fold(text)
    return folded not in lexicon.portfolios and folded not in lexicon.titles


def _words(span: Span) -> tuple[str, ...]:
    return tuple(fold(t.text) for t in span)


def _introduced_names(doc: Doc, lexicon: TitleLexicon) -> set[tuple[str, ...]]:
    """Names that a capitalised marker introduces ("Operation Check" -> "Check")."""
    found = set()
    for token in doc:
        if token.lower_ not in lexicon.non_actor_markers or not token.text[0].isupper():
            continue
        words: list[str] = []
        for follower in doc[token.i + 1 : token.i + 6]:
            if follower.text in QUOTES and not words:
                continue
            if not _name_word(follower):
                break
            words.append(fold(follower.text))
        if words:
            found.add(tuple(words))
    return found
