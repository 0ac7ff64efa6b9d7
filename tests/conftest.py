"""Fixtures shared across the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings
from spacy.language import Language

from dossier.nlp import load_model

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
GOLD = SHARED / "gold"

# No test is timed: a slow example on a loaded machine is not a failure. Under CI
# (``.ci/run`` sets CI=true) Hypothesis loads its "ci" profile, which also draws the same
# examples on every run, so CI's verdict does not depend on luck.
settings.register_profile("dossier", deadline=None)
if settings.get_current_profile_name() != "ci":
    settings.load_profile("dossier")


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_model()


@pytest.fixture(scope="session")
def extractor():  # type: ignore[no-untyped-def]
    from dossier.config import Config
    from dossier.pipeline import Extractor

    return Extractor(Config())


def needs_gold(*parts: str) -> pytest.MarkDecorator:
    """Skip a test, with the reason, when ``../shared/gold/<parts>`` is not beside the checkout."""
    path = GOLD.joinpath(*parts)
    return pytest.mark.skipif(not path.exists(), reason=f"gold data not found at {path}")
