"""Fixtures for the event coder tests."""

from __future__ import annotations

import pytest

from dossier.events import Lexicon


@pytest.fixture(scope="session")
def event_lexicon() -> Lexicon:
    return Lexicon.load()
