"""find_actors on the project's sample article, scored against its hand annotation.

Skipped, with the reason, where ``../shared`` is not beside the checkout.
"""

from __future__ import annotations

import pytest
import yaml

from dossier.actors import ActorDictionary, find_actors
from dossier.actors.dictionary import fold
from dossier.records import Actor
from tests.conftest import GOLD, SHARED, needs_gold

SLUG = "insightcrime-el-salvador-gang-negotiations"
SAMPLE = SHARED / "samples" / f"{SLUG}.txt"
SEED = ("seed", f"{SLUG}.gold.yaml")

pytestmark = [
    pytest.mark.model,
    needs_gold(*SEED),
    pytest.mark.skipif(not SAMPLE.exists(), reason=f"sample article not found at {SAMPLE}"),
]


@pytest.fixture(scope="module")
def found(nlp) -> list[Actor]:
    text = SAMPLE.read_text(encoding="utf-8")
    actors, mentions = find_actors(nlp(text), ActorDictionary.load(), "SLV")
    for mention in mentions:
        assert text[mention.span[0] : mention.span[1]] == mention.text
    return actors


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return yaml.safe_load(GOLD.joinpath(*SEED).read_text(encoding="utf-8"))["actors"]


def names(actor: Actor) -> set[str]:
    return {fold(actor.name), *(fold(alias) for alias in actor.aliases)}


def matching(found: list[Actor], wanted: dict) -> Actor | None:
    """The extracted actor whose name or an alias equals one of the gold names."""
    gold_names = {fold(wanted["name"]), *(fold(a) for a in wanted.get("aliases", ()))}
    return next((actor for actor in found if names(actor) & gold_names), None)


def test_every_gold_actor_is_found(found, gold):
    missing = [wanted["name"] for wanted in gold if matching(found, wanted) is None]
    assert not missing


def test_people_carry_their_gold_roles(found, gold):
    for wanted in gold:
        if wanted["kind"] != "person":
            continue
        actor = matching(found, wanted)
        assert actor is not None and actor.kind == "person"
        gold_roles = [fold(role) for role in wanted["roles"]]
        assert any(fold(role) in g for role in actor.roles for g in gold_roles), (
            actor.name,
            actor.roles,
        )
