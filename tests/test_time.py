"""Tests for dossier.time: finding, normalising and spanning temporal expressions."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from dossier import time
from dossier.errors import InputError
from dossier.records import Timex, When
from tests.conftest import GOLD, needs_gold

# (text, published, expression, type, value, mod)
Case = tuple[str, str | None, str, str, str, str | None]

PUBLISHED = "2016-11-03"  # a Thursday

EXPRESSIONS: list[Case] = [
    # Calendar dates, months, years
    ("The mayor was elected in June 2001.", PUBLISHED, "June 2001", "DATE", "2001-06", None),
    ("Talks began in 2011 and failed.", PUBLISHED, "2011", "DATE", "2011", None),
    ("The ceasefire was signed on Aug. 14, 2009.", PUBLISHED, "Aug. 14, 2009", "DATE",
     "2009-08-14", None),
    ("The ceasefire was signed on 14 August 2009.", PUBLISHED, "14 August 2009", "DATE",
     "2009-08-14", None),
    ("Officers raided the farm on 2015-06-30.", PUBLISHED, "2015-06-30", "DATE", "2015-06-30",
     None),
    ("The census of fiscal 2012 was late.", PUBLISHED, "fiscal 2012", "DATE", "2012", None),
    ("Prices doubled in the 1980s.", PUBLISHED, "the 1980s", "DATE", "198", None),
    ("Violence peaked in the late '90s.", PUBLISHED, "the late '90s", "DATE", "199", "END"),
    ("It was the bloodiest year of the 20th century.", PUBLISHED, "the 20th century", "DATE",
     "19", None),
    ("Profits fell in the second quarter of 2014.", PUBLISHED,
     "the second quarter of 2014", "DATE", "2014-Q2", None),
    ("Sales rose in the third quarter.", PUBLISHED, "the third quarter", "DATE", "2016-Q3",
     None),
    ("The drought of summer 2013 hit the north.", PUBLISHED, "summer 2013", "DATE", "2013-SU",
     None),
    ("The march took place last spring.", PUBLISHED, "last spring", "DATE", "2016-SP", None),
    ("The court ruled on Christmas Eve 2012.", PUBLISHED, "Christmas Eve 2012", "DATE",
     "2012-12-24", None),
    # Months and days without a year
    ("The videos came out in late September.", PUBLISHED, "late September", "DATE", "2016-09",
     "END"),
    ("The gang leaders met in early May.", PUBLISHED, "early May", "DATE", "2016-05", "START"),
    ("Congress will vote on the budget in March.", PUBLISHED, "March", "DATE", "2017-03", None),
    ("The deadline for the offer is Dec. 15.", PUBLISHED, "Dec. 15", "DATE", "2016-12-15",
     None),
    ("The bodies were found on July 4.", PUBLISHED, "July 4", "DATE", "2016-07-04", None),
    # Mods
    ("The truce collapsed in early 2012.", PUBLISHED, "early 2012", "DATE", "2012", "START"),
    ("It was rebuilt by mid-2010.", PUBLISHED, "mid-2010", "DATE", "2010", "MID"),
    ("Elections are due at the end of 2017.", PUBLISHED, "the end of 2017", "DATE", "2017",
     "END"),
    # Relative to the publication date
    ("Police arrested him yesterday.", PUBLISHED, "yesterday", "DATE", "2016-11-02", None),
    ("The trial opens tomorrow.", PUBLISHED, "tomorrow", "DATE", "2016-11-04", None),
    ("Two soldiers died last week.", PUBLISHED, "last week", "DATE", "2016-W43", None),
    ("A new law takes effect next year.", PUBLISHED, "next year", "DATE", "2017", None),
    ("The group split two years ago.", PUBLISHED, "two years ago", "DATE", "2014", None),
    ("Homicides rose this month.", PUBLISHED, "this month", "DATE", "2016-11", None),
    ("The minister resigned on Monday.", PUBLISHED, "Monday", "DATE", "2016-10-31", None),
    ("The minister will resign on Monday.", PUBLISHED, "Monday", "DATE", "2016-11-07", None),
    ("Ten people were shot last Friday.", PUBLISHED, "last Friday", "DATE", "2016-10-28", None),
    ("Extortion fell over the past year.", PUBLISHED, "the past year", "DATE", "2015", None),
    ("The mayor spoke this morning.", PUBLISHED, "this morning", "TIME", "2016-11-03TMO", None),
    ("The bomb went off at 10:30 p.m. Tuesday.", PUBLISHED, "10:30 p.m. Tuesday", "TIME",
     "2016-11-01T22:30", None),
    ("The offensive will begin early next year.", PUBLISHED, "early next year", "DATE", "2017",
     "START"),
    # Anaphoric: against the last date mentioned
    ("Exports fell in 2014. A year earlier they had risen.", PUBLISHED, "A year earlier",
     "DATE", "2013", None),
    ("The prison riot began on May 2, 2015. That day two guards died.", PUBLISHED, "That day",
     "DATE", "2015-05-02", None),
    # Reference values
    ("The gangs are now stronger.", PUBLISHED, "now", "DATE", "PRESENT_REF", None),
    ("She currently leads the unit.", PUBLISHED, "currently", "DATE", "PRESENT_REF", None),
    ("He was recently transferred.", PUBLISHED, "recently", "DATE", "PAST_REF", None),
    ("Killings surged in recent months.", PUBLISHED, "recent months", "DATE", "PAST_REF", None),
    ("Peace is unlikely in the near future.", PUBLISHED, "the near future", "DATE",
     "FUTURE_REF", None),
    # Durations
    ("After a 20-month siege the town fell.", PUBLISHED, "20-month", "DURATION", "P20M", None),
    ("The strike ended four weeks later.", PUBLISHED, "four weeks", "DURATION", "P4W", None),
    ("The nine-year conflict ended in 1996.", PUBLISHED, "nine-year", "DURATION", "P9Y", None),
    ("He spent three days in custody.", PUBLISHED, "three days", "DURATION", "P3D", None),
    ("The siege lasted about two and a half years.", PUBLISHED, "about two and a half years",
     "DURATION", "P2Y6M", "APPROX"),
    ("The talks took more than a decade.", PUBLISHED, "more than a decade", "DURATION", "P10Y",
     "MORE_THAN"),
    ("Arrests rose over the past few days.", PUBLISHED, "the past few days", "DURATION", "PXD",
     None),
    ("Negotiators met for several hours.", PUBLISHED, "several hours", "DURATION", "PTXH", None),
    ("The feud has lasted for decades.", PUBLISHED, "decades", "DURATION", "PXY", None),
    # Sets
    ("Patrols are sent daily.", PUBLISHED, "daily", "SET", "P1D", None),
    ("The council meets every week.", PUBLISHED, "every week", "SET", "P1W", None),
    ("The market opens every Sunday.", PUBLISHED, "every Sunday", "SET", "XXXX-WXX-7", None),
    ("The gang collects $500 a month from each bus.", PUBLISHED, "a month", "SET", "P1M", None),
]


def _find(text: str, published: str | None, expression: str) -> Timex:
    timexes = time.find_timexes(text, published)
    for timex in timexes:
        assert text[timex.span[0] : timex.span[1]] == timex.text
    matching = [t for t in timexes if t.text == expression]
    assert matching, f"{expression!r} not found in {[t.text for t in timexes]}"
    return matching[0]


@pytest.mark.parametrize(("text", "published", "expression", "type_", "value", "mod"),
                         EXPRESSIONS)
def test_expression(
    text: str, published: str | None, expression: str, type_: str, value: str, mod: str | None
) -> None:
    timex = _find(text, published, expression)
    assert (timex.type, timex.value, timex.mod) == (type_, value, mod)


# Relative expressions against partial or missing publication dates.
PARTIAL: list[Case] = [
    ("The bridge was blown up yesterday.", "2016-11", "yesterday", "DATE", "2016-11", None),
    ("Troops arrived last month.", "2016-11", "last month", "DATE", "2016-10", None),
    ("Troops arrived last month.", "2016", "last month", "DATE", "2016", None),
    ("The killings began in late October.", "2016-11", "late October", "DATE", "2016-10",
     "END"),
    ("The killings began in late October.", "2016", "late October", "DATE", "2016-10", "END"),
    ("The killings began in late October.", None, "late October", "DATE", "XXXX-10", "END"),
    ("The bridge was blown up yesterday.", None, "yesterday", "DATE", "PAST_REF", None),
    ("Troops will leave next year.", None, "next year", "DATE", "FUTURE_REF", None),
    ("The tribunal meets this week.", None, "this week", "DATE", "PRESENT_REF", None),
    ("Two men were shot on Monday.", None, "Monday", "DATE", "XXXX-WXX-1", None),
    ("Two men were shot on Monday.", "2016-11", "Monday", "DATE", "XXXX-WXX-1", None),
    ("He fled three years ago.", None, "three years ago", "DATE", "PAST_REF", None),
    ("The accord was signed in 1992.", None, "1992", "DATE", "1992", None),
    ("The war lasted 12 years.", None, "12 years", "DURATION", "P12Y", None),
]


@pytest.mark.parametrize(("text", "published", "expression", "type_", "value", "mod"), PARTIAL)
def test_partial_or_missing_publication(
    text: str, published: str | None, expression: str, type_: str, value: str, mod: str | None
) -> None:
    timex = _find(text, published, expression)
    assert (timex.type, timex.value, timex.mod) == (type_, value, mod)


@pytest.mark.parametrize("published", ["2016-11-03T08:15:00", "2016-11-03 08:15"])
def test_publication_with_a_time_of_day(published: str) -> None:
    assert _find("It rained yesterday.", published, "yesterday").value == "2016-11-02"


@pytest.mark.parametrize("published", ["last Tuesday", "2016-13", "16-11-03", "2016-02-30"])
def test_invalid_publication_date(published: str) -> None:
    with pytest.raises(InputError, match="not a valid date"):
        time.find_timexes("It rained yesterday.", published)


@pytest.mark.parametrize(
    "text",
    [
        "The minister may resign.",  # "may" is not May
        "Protesters march on the capital.",
        "The 6-year-old boy was found.",  # an age
        "Its quarterly dividend was cut.",  # a reporting period, not a frequency
        "He won a second term.",
        "Iraq imports about three-quarters of its food.",
        "Prices rose 2.5% to 1,990 pesos.",
        "Spring water and autumn leaves.",
    ],
)
def test_not_temporal(text: str) -> None:
    assert time.find_timexes(text, PUBLISHED) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fighting raged from March to May 2015.",
         [("March", "2015-03"), ("May 2015", "2015-05")]),
        ("Fighting raged March-May 2015.", [("March", "2015-03"), ("May 2015", "2015-05")]),
        ("The vote is set for Nov. 8-9, 2016.",
         [("Nov. 8", "2016-11-08"), ("9, 2016", "2016-11-09")]),
        ("In November 1989 and again in 1992, talks failed.",
         [("November 1989", "1989-11"), ("1992", "1992")]),
    ],
)
def test_ranges_give_one_timex_per_end(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(t.text, t.value) for t in time.find_timexes(text, PUBLISHED)]
    assert found == expected


def test_sorted_exact_and_not_overlapping() -> None:
    text = (
        "Since 2009 the gangs have negotiated twice: between January 2012 and early 2014, "
        "and again last year, when talks lasted three weeks. A deal is expected next month; "
        "the president said on Monday that patrols would continue every day until 2018."
    )
    timexes = time.find_timexes(text, PUBLISHED)
    assert [t.text for t in timexes] == [
        "2009", "January 2012", "early 2014", "last year", "three weeks", "next month",
        "Monday", "every day", "2018",
    ]
    _check_invariants(text, timexes)


def _check_invariants(text: str, timexes: list[Timex]) -> None:
    previous_end = 0
    for timex in timexes:
        start, end = timex.span
        assert text[start:end] == timex.text
        assert previous_end <= start < end
        assert timex.type in ("DATE", "TIME", "DURATION", "SET")
        previous_end = end


_WORDS = [
    "the", "in", "last", "next", "early", "late", "mid", "year", "years", "month", "week",
    "day", "days", "ago", "earlier", "later", "March", "May", "October", "Monday", "Friday",
    "2014", "1990s", "quarter", "third", "two", "twelve", "20", "-", ",", ".", "now",
    "recent", "every", "daily", "summer", "fiscal", "a", "few", "of", "2016-11-03", "p.m.",
    "10:30", "'s", "and", "to", "between", "Christmas", "tonight", "night",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), max_size=30),
    st.sampled_from([None, "2016", "2016-11", "2016-11-03"]),
)
def test_any_text_gives_valid_timexes(words: list[str], published: str | None) -> None:
    text = " ".join(words)
    timexes = time.find_timexes(text, published)
    _check_invariants(text, timexes)
    for timex in timexes:
        time.to_when(timex)  # never raises


# to_when: (type, value, mod, start, end, precision); None when not a calendar date.
WHENS = [
    ("DATE", "2014-02-03", None, "2014-02-03", "2014-02-03", "day"),
    ("TIME", "2014-02-03T22:30", None, "2014-02-03", "2014-02-03", "day"),
    ("DATE", "2014-02", None, "2014-02-01", "2014-02-28", "month"),
    ("DATE", "2016-02", None, "2016-02-01", "2016-02-29", "month"),
    ("DATE", "2014", None, "2014-01-01", "2014-12-31", "year"),
    ("DATE", "2014", "START", "2014-01-01", "2014-04-30", "year"),
    ("DATE", "2014", "MID", "2014-05-01", "2014-08-31", "year"),
    ("DATE", "2014", "END", "2014-09-01", "2014-12-31", "year"),
    ("DATE", "2016-10", "END", "2016-10-22", "2016-10-31", "month"),
    ("DATE", "2016-10", "START", "2016-10-01", "2016-10-10", "month"),
    ("DATE", "2016-Q3", None, "2016-07-01", "2016-09-30", "quarter"),
    ("DATE", "2016-SU", None, "2016-06-01", "2016-08-31", "season"),
    ("DATE", "2016-WI", None, "2016-12-01", "2017-02-28", "season"),
    ("DATE", "199", None, "1990-01-01", "1999-12-31", "decade"),
    ("DATE", "199", "END", "1997-01-01", "1999-12-31", "decade"),
    ("DATE", "2016-W45", None, "2016-11-07", "2016-11-13", "week"),
    ("DATE", "1990", "ON_OR_AFTER", "1990-01-01", None, "year"),
]


@pytest.mark.parametrize(("type_", "value", "mod", "start", "end", "precision"), WHENS)
def test_to_when(
    type_: str, value: str, mod: str | None, start: str, end: str | None, precision: str
) -> None:
    timex = Timex("words", (0, 5), type_, value, mod)
    assert time.to_when(timex) == When(start, end, precision, "words")


@pytest.mark.parametrize(
    ("type_", "value"),
    [("DURATION", "P20M"), ("SET", "P1D"), ("DATE", "PAST_REF"), ("DATE", "PRESENT_REF"),
     ("DATE", "XXXX-10"), ("DATE", "XXXX-WXX-1"), ("DATE", "2014-13")],
)
def test_to_when_is_none_for_non_calendar_values(type_: str, value: str) -> None:
    assert time.to_when(Timex("words", (0, 5), type_, value)) is None


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2016-11", When("2016-11-01", "2016-11-30", "publication")),
        ("2016", When("2016-01-01", "2016-12-31", "publication")),
        ("2016-11-03", When("2016-11-03", "2016-11-03", "publication")),
        (None, None),
    ],
)
def test_publication_when(published: str | None, expected: When | None) -> None:
    assert time.publication_when(published) == expected


# when_for: (sentence, start, end, precision, text); the window is the whole sentence.
WHEN_FOR = [
    ("Police killed 300 people between January 2015 and August 2016.", "2015-01-01",
     "2016-08-31", "range", "between January 2015 and August 2016"),
    ("The truce held from March 2012 until early 2014.", "2012-03-01", "2014-04-30", "range",
     "from March 2012 until early 2014"),
    ("Raids continued March-May 2015.", "2015-03-01", "2015-05-31", "range", "March-May 2015"),
    ("In 2015 the army took the town on June 3, 2015.", "2015-06-03", "2015-06-03", "day",
     "June 3, 2015"),
    ("In 2014 and in 2015 the talks failed.", "2014-01-01", "2014-12-31", "year", "2014"),
    ("The rebels, who were founded in the 1980s, attacked in May 2015.", "2015-05-01",
     "2015-05-31", "month", "May 2015"),
]


@pytest.mark.parametrize(("sentence", "start", "end", "precision", "text"), WHEN_FOR)
def test_when_for(sentence: str, start: str, end: str, precision: str, text: str) -> None:
    timexes = time.find_timexes(sentence, PUBLISHED)
    assert time.when_for(sentence, timexes, (0, len(sentence))) == When(
        start, end, precision, text
    )


def test_when_for_only_looks_inside_the_window() -> None:
    text = "The deal was signed in 2012. Nobody knows who profited."
    timexes = time.find_timexes(text, PUBLISHED)
    second = text.index("Nobody")
    assert time.when_for(text, timexes, (second, len(text))) is None
    assert time.when_for(text, timexes, (0, second)) == When(
        "2012-01-01", "2012-12-31", "year", "2012"
    )


def test_when_for_skips_durations_and_references() -> None:
    text = "The gang now holds the port after a 20-month siege."
    timexes = time.find_timexes(text, PUBLISHED)
    assert [t.type for t in timexes] == ["DATE", "DURATION"]
    assert time.when_for(text, timexes, (0, len(text))) is None


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The negotiators will meet again on Monday.", "2016-11-07"),
        ("The negotiators met again on Monday.", "2016-10-31"),
    ],
)
def test_parse_gives_the_tense(nlp: Language, text: str, value: str) -> None:
    timexes = time.find_timexes(text, PUBLISHED, nlp(text))
    assert [(t.text, t.value) for t in timexes] == [("Monday", value)]


@needs_gold("seed")
def test_seed_article_timexes() -> None:
    sample = GOLD.parent / "samples" / "insightcrime-el-salvador-gang-negotiations.txt"
    if not sample.exists():
        pytest.skip(f"sample article not found at {sample}")
    gold_file = next((GOLD / "seed").glob("*.gold.yaml"))
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    found = time.find_timexes(sample.read_text(encoding="utf-8"), gold["document"]["published"])
    readings = {(t.text, t.value, t.mod) for t in found}
    for expected in gold["timexes"]:
        assert (expected["text"], expected["value"], expected.get("mod")) in readings
