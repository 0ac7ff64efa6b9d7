"""parse_date: what users and feeds write, normalised to partial ISO dates."""

from __future__ import annotations

import pytest

from dossier.errors import InputError
from dossier.read import parse_date


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2016", "2016"),
        ("2016-11", "2016-11"),
        ("2016-11-03", "2016-11-03"),
        (" 2016-11-03 ", "2016-11-03"),
        ("2016-02-29", "2016-02-29"),
        ("2016-11-03T22:15:00", "2016-11-03"),
        ("2016-11-03T22:15:00Z", "2016-11-03"),
        ("2016-11-03T23:30:00-06:00", "2016-11-03"),  # the day as written, no time zone shift
        ("2016-11-03 08:00", "2016-11-03"),
        ("Thu, 03 Nov 2016 10:00:00 GMT", "2016-11-03"),
        ("Tue, 01 Nov 2016 23:00:00 -0600", "2016-11-01"),
        ("03 Nov 2016 10:00:00 +0100", "2016-11-03"),
    ],
)
def test_valid_dates_are_normalised(written: str, expected: str) -> None:
    assert parse_date(written) == expected


@pytest.mark.parametrize(
    "written",
    [
        "",
        "   ",
        "yesterday",
        "16",
        "2016-13",
        "2016-00",
        "2016-11-31",
        "2015-02-29",
        "2016-1-3",
        "0000",
        "03/11/2016",
        "2016-11-03T25:00:00",
        "November 2016",
        "2016-11-03 and more",
    ],
)
def test_invalid_dates_raise_e020_naming_the_value(written: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_date(written)
    assert caught.value.message.startswith(f"'{written}' is not a valid date")
    assert "YYYY-MM-DD" in caught.value.message
