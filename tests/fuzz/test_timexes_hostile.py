"""Hostile text through the time grammar: spans true to the text, calendar spans valid.

``find_timexes`` without a parse, then ``to_when``, ``when_for`` and
``publication_when``, over random text and over the inputs the atheris harness
``fuzz/timexes.py`` found.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dossier.records import Document, Extraction, Timex
from dossier.time import find_timexes, publication_when, to_when, when_for
from tests.fuzz.invariants import check_extraction, check_when

PUBLISHED = [None, "2016", "2016-11", "2016-11-03", "0001-01-01", "9999-12-31", "2016-02-29"]
PIECES = st.sampled_from(
    [
        "the weekend", "last month", "a year earlier", "next Monday", "the fourth quarter of",
        "spring", "winter", "early", "late", "the 1990s", "the 21st century", "between",
        "from", "until", "and", "-", "–", "to", " ", ", ", "9999", "0000", "0001", "1008",
        "2016", "99", "13", "31", "February", "Q4", "H1", "9999-99-99", "2016-13-45",
        "10:30 p.m.", "every Tuesday", "for 20 months", "since", "\u200b", "\u202e",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=25).map(" ".join)


def check(text: str, published: str | None) -> list[Timex]:
    timexes = find_timexes(text, published)
    document = Document(id="t", text=text or " ", published=published)
    check_extraction(Extraction(document=document, timexes=tuple(timexes)))
    for timex in timexes:
        check_when(to_when(timex))
    check_when(when_for(text, timexes, (0, len(text))))
    check_when(publication_when(published))
    return timexes


@settings(max_examples=300, deadline=None)
@given(text=TEXT, published=st.sampled_from(PUBLISHED))
def test_any_text_gives_timexes_true_to_it(text: str, published: str | None) -> None:
    check(text, published)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300), published=st.sampled_from(PUBLISHED))
@example(text="", published=None)
def test_any_characters_give_timexes_true_to_them(text: str, published: str | None) -> None:
    check(text, published)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        # Found by fuzz/timexes.py: "the weekend" after the calendar's last day made
        # date arithmetic raise OverflowError.
        ("Fourth quarter of 9999; spring 0001; the 21st century; Q4 2016; the weekend.",
         "9999-12-31"),
        # Found by fuzz/timexes.py: a quarter of the year 0 made date() raise ValueError.
        ("Fourth quarter of 0000; spring 0001; the 21st century.", "2016-11-03"),
        ("the winter of 9999", "2016"),
        ("the 000s", None),
        ("a year earlier", "0001-01-01"),
        ("next week", "9999-12-31"),
        ("in early 0000", None),
        # Found by test_any_text_gives_timexes_true_to_it: the first third of a weekend
        # ended the day before it started.
        ("early the weekend", "2016-11-03"),
        ("late last weekend", "2016-11-03"),
    ],
)  # fmt: skip
def test_dates_at_the_edges_of_the_calendar(text: str, published: str | None) -> None:
    check(text, published)


def test_a_range_that_ends_before_it_starts_is_no_range() -> None:
    # Found by fuzz/timexes.py: "between January 2015 and August 1008" gave a When
    # ending a thousand years before it started.
    text = "Between January 2015 and August 1008, and from March 2012 until early 2014."
    timexes = check(text, "2016-11-03")
    when = when_for(text, timexes, (0, 36))
    assert when is not None
    assert (when.start, when.end, when.precision) == ("2015-01-01", "2015-01-31", "month")


@pytest.mark.parametrize("count", [20_000])
def test_many_timexes_in_one_text_are_all_found(count: int) -> None:
    """Choosing among candidates compared each with every one kept before it: 40,000
    timexes took about two minutes. Kept spans are now found by bisection."""
    text = "In 2016 and 2015, " * count
    timexes = find_timexes(text, "2016-11-03")
    assert len(timexes) == 2 * count
    assert timexes[-1].span == (len(text) - 6, len(text) - 2)
