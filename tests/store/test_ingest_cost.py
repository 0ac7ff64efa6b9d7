"""An ingest costs the same however many actors the store already holds.

Counted in SQLite virtual-machine instructions (a progress handler), which do not
depend on the machine's speed or load. Most actors of real news are named by one
document and are not in the actor dictionary, so that is the store built here.
"""

from __future__ import annotations

from pathlib import Path

from dossier.records import Actor, Document, Extraction
from dossier.store import Store


def witness(number: int) -> Extraction:
    """A document naming one person no other document names, and the police."""
    name = f"Witness {number:04d}"
    text = f"{name} told the police what happened."
    police = text.index("police")
    return Extraction(
        document=Document(id=f"w-{number}", text=text, published="2016-03"),
        actors=(
            Actor(id="w", name=name, kind="person", mentions=((0, len(name)),)),
            Actor(id="p", name="police", kind="organization", mentions=((police, police + 6),)),
        ),
    )


def instructions(store: Store, extraction: Extraction) -> int:
    steps = 0

    def step() -> int:
        nonlocal steps
        steps += 1
        return 0  # go on

    store.db.connection.set_progress_handler(step, 1)
    try:
        assert store.ingest(extraction) == "stored"
    finally:
        store.db.connection.set_progress_handler(None, 1)
    return steps


def test_an_ingest_costs_the_same_after_ten_or_two_thousand_actors(tmp_path: Path) -> None:
    store = Store(tmp_path / "kb.sqlite")
    try:
        store.ingest_many([witness(n) for n in range(10)])
        early = instructions(store, witness(10))
        store.ingest_many([witness(n) for n in range(11, 2000)])
        late = instructions(store, witness(2000))
    finally:
        store.close()
    assert late < 1.25 * early, (early, late)  # deeper B-trees only; no scan of the actors
