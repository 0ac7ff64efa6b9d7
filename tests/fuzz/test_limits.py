"""The per-document time limit (``dossier.limits``) and the limits' settings."""

from __future__ import annotations

import math
import signal
import threading
import time

import pytest

from dossier import limits
from dossier.config import Config
from dossier.errors import ConfigError, ExtractionError
from dossier.limits import Deadline


def test_a_deadline_passes_after_its_seconds() -> None:
    deadline = Deadline("d", 0.05)
    deadline.check()
    time.sleep(0.1)
    with pytest.raises(ExtractionError) as caught:
        deadline.check("events")
    assert caught.value.message == (
        "d: extraction took longer than the limit of 0.05 s (stopped in stage 'events');"
        " raise it with --time-limit"
    )
    assert (caught.value.doc_id, caught.value.stage) == ("d", "events")


def test_no_limit_never_passes() -> None:
    deadline = Deadline("d", None)
    deadline.enter("time")
    assert not deadline.passed()


def test_check_does_nothing_outside_a_running_block() -> None:
    limits.check()


def test_check_sees_the_deadline_of_its_own_thread_only() -> None:
    seen: list[str] = []

    def other() -> None:
        limits.check()  # the main thread's deadline has passed; this thread has none
        seen.append("ran")

    deadline = Deadline("d", 30.0)
    deadline.ends = 0.0  # already passed
    with limits.running(deadline):
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        with pytest.raises(ExtractionError):
            limits.check()
    assert seen == ["ran"]


def test_the_timer_interrupts_python_code_that_never_checks() -> None:
    with pytest.raises(ExtractionError) as caught, limits.running(Deadline("d", 0.2)):
        while True:
            pass
    assert "limit of 0.2 s" in caught.value.message
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_handler_already_in_place_is_left_alone() -> None:
    fired: list[int] = []

    def mine(signum: int, frame: object) -> None:
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        with limits.running(Deadline("d", 0.01)):
            time.sleep(0.05)
        assert signal.getsignal(signal.SIGALRM) is mine
        assert fired == []  # no timer was armed in its place
    finally:
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    ("settings", "shown"),
    [
        ({"max_chars": 0}, "max_chars: '0'"),
        ({"time_limit": 0.0}, "time_limit: '0.0'"),
        ({"time_limit": -1}, "time_limit: '-1'"),
        ({"time_limit": math.nan}, "time_limit: 'nan'"),
        ({"time_limit": math.inf}, "time_limit: 'inf'"),
    ],
)
def test_invalid_limits_are_refused(settings: dict[str, float], shown: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Config(**settings)  # type: ignore[arg-type]
    assert caught.value.message == f"{shown} is not a valid limit; give a number greater than 0"


def test_no_time_limit_is_allowed() -> None:
    assert Config(time_limit=None).time_limit is None
