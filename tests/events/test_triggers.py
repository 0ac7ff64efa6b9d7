"""Tests for ``TriggerSet``: the triggers standing as events and each one's contents,
worked out once per document."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dossier.events import Lexicon
from dossier.events.triggers import Trigger, TriggerSet


@pytest.fixture(scope="module")
def triggers(event_lexicon: Lexicon) -> tuple[Trigger, ...]:
    sense = event_lexicon.patterns[0].sense
    return tuple(Trigger(i, sense, (i,), "verbal") for i in range(0, 20, 2))  # 0, 2, ... 18


def test_events_leave_out_contents_and_can_be_asked_again(
    triggers: tuple[Trigger, ...],
) -> None:
    found = TriggerSet(triggers, content_of=((4, 2), (6, 2), (10, 12)))
    expected = [t.token for t in triggers if t.token not in (4, 6, 10)]
    assert [t.token for t in found.events()] == expected
    assert [t.token for t in found.events()] == expected


def test_contents_nearest_first_ties_in_text_order(triggers: tuple[Trigger, ...]) -> None:
    found = TriggerSet(triggers, content_of=((6, 8), (10, 8), (2, 8), (14, 16), (10, 16)))
    assert [t.token for t in found.contents(triggers[4])] == [6, 10, 2]
    assert [t.token for t in found.contents(triggers[8])] == [14, 10]  # 10 under two parents
    assert found.contents(triggers[0]) == []


_PAIRS = st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), max_size=15)


@given(content_of=_PAIRS)
def test_the_indexes_agree_with_a_scan(
    event_lexicon: Lexicon, content_of: list[tuple[int, int]]
) -> None:
    sense = event_lexicon.patterns[0].sense
    triggers = tuple(Trigger(i, sense, (i,), "verbal") for i in range(0, 20, 2))
    found = TriggerSet(triggers, tuple(content_of))
    inside = {child for child, _ in content_of}
    assert list(found.events()) == [t for t in triggers if t.token not in inside]
    for trigger in triggers:
        children = {child for child, parent in content_of if parent == trigger.token}
        scanned = [t for t in triggers if t.token in children]
        nearest = sorted(scanned, key=lambda t: abs(t.token - trigger.token))
        assert found.contents(trigger) == nearest


@given(content_of=_PAIRS, governors=st.lists(st.integers(0, 20), min_size=10, max_size=10))
def test_events_told_in_a_clause_agree_with_a_scan(
    event_lexicon: Lexicon, content_of: list[tuple[int, int]], governors: list[int]
) -> None:
    """A light-verb trigger is told in its verb's clause; two triggers may share one."""
    sense = event_lexicon.patterns[0].sense
    triggers = tuple(
        Trigger(i, sense, (i,), "light", governor=g) if g % 3 else Trigger(i, sense, (i,), "verbal")
        for i, g in zip(range(0, 20, 2), governors, strict=True)
    )
    found = TriggerSet(triggers, tuple(content_of))
    events = list(found.events())
    for clause in range(21):
        assert found.told_in(clause) == tuple(t.token for t in events if t.clause == clause)
