"""``pipeline.extract``: order, errors in place, bounded reading ahead, and worker processes.

Each ``--jobs 2`` run spawns two workers that load the model, so the runs are shared by
a module-scoped fixture and each test checks one property of them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dossier.config import Config
from dossier.errors import ConfigError, DossierError, ExtractionError
from dossier.pipeline import BATCHES_PER_JOB, CHARS_PER_DOCUMENT, Extractor, _batches, extract
from dossier.records import Document, Extraction

SENTENCES = (
    "Police arrested 12 gang members in San Salvador on Monday.",
    "Gunmen killed two bus drivers in Tegucigalpa last week, officials said.",
    "The interior minister met mediators in the capital on 3 March 2016.",
    "Soldiers seized 40 kilograms of cocaine near the border, the army said.",
    "A judge ordered the release of three suspects on Friday.",
    "Protesters marched through Guatemala City to demand an end to extortion.",
)
BATCH = 2
LIMIT = 400  # characters; the document written over it must fail, and only it
TOO_LONG = "too-long"


def _documents(count: int) -> list[Document]:
    documents = [
        Document(
            id=f"doc-{i:02d}",
            text=" ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 3)),
            published="2016-11-03",
        )
        for i in range(count)
    ]
    documents[5] = Document(id=TOO_LONG, text=" ".join(SENTENCES) * 2, published="2016-11-03")
    return documents


DOCUMENTS = _documents(40)


@dataclass
class Run:
    """What one ``extract`` run yielded, and how far ahead it had read its input."""

    results: list[Extraction | DossierError] = field(default_factory=list)
    read_ahead: list[int] = field(default_factory=list)


def _run(jobs: int) -> Run:
    run = Run()
    read = 0

    def source() -> Iterator[Document]:
        nonlocal read
        for document in DOCUMENTS:
            read += 1
            yield document

    config = Config(jobs=jobs, batch_size=BATCH, max_chars=LIMIT)
    for result in extract(source(), config):
        run.results.append(result)
        run.read_ahead.append(read - len(run.results))
    return run


@pytest.fixture(scope="module")
def runs() -> dict[int, Run]:
    return {jobs: _run(jobs) for jobs in (1, 2)}


def _id(result: Extraction | DossierError) -> str | None:
    return result.doc_id if isinstance(result, DossierError) else result.document.id


@pytest.mark.model
@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_in_input_order(runs: dict[int, Run], jobs: int) -> None:
    assert [_id(r) for r in runs[jobs].results] == [d.id for d in DOCUMENTS]


@pytest.mark.model
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_document_gets_an_error_in_its_place(runs: dict[int, Run], jobs: int) -> None:
    failed = [r for r in runs[jobs].results if isinstance(r, DossierError)]
    assert [(type(e), e.doc_id, e.stage) for e in failed] == [(ExtractionError, TOO_LONG, "parse")]
    assert isinstance(runs[jobs].results[6], Extraction)


@pytest.mark.model
@pytest.mark.parametrize("jobs", [1, 2])
def test_input_is_read_only_a_bounded_window_ahead(runs: dict[int, Run], jobs: int) -> None:
    window = BATCH if jobs == 1 else BATCHES_PER_JOB * jobs * BATCH
    assert len(DOCUMENTS) > 2 * window  # else the bound would hold trivially
    assert max(runs[jobs].read_ahead) <= window


@pytest.mark.model
def test_two_jobs_give_the_same_records_as_one(runs: dict[int, Run]) -> None:
    def records(run: Run) -> list[object]:
        return [r.message if isinstance(r, DossierError) else r.to_dict() for r in run.results]

    assert records(runs[2]) == records(runs[1])


@pytest.mark.model
def test_a_batch_that_fails_as_a_whole_is_retried_one_document_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    extract_one = Extractor.extract_one

    def whole_batch_fails(self: Extractor, documents: list[Document]) -> list[Extraction]:
        raise RuntimeError("the parser crashed on this batch")

    def one_fails(self: Extractor, document: Document) -> Extraction:
        if document.id == "doc-01":
            raise RuntimeError("the parser crashed on this document")
        return extract_one(self, document)

    monkeypatch.setattr(Extractor, "extract_batch", whole_batch_fails)
    monkeypatch.setattr(Extractor, "extract_one", one_fails)
    results = list(extract(DOCUMENTS[:4], Config(batch_size=4)))
    assert [_id(r) for r in results] == [d.id for d in DOCUMENTS[:4]]
    [error] = [r for r in results if isinstance(r, DossierError)]
    assert (error.doc_id, error.stage) == ("doc-01", "parse")
    assert "the parser crashed on this document" in error.message


@pytest.mark.model
def test_an_invalid_actor_file_is_raised_not_hung_on_with_two_jobs(tmp_path: Path) -> None:
    actors = tmp_path / "actors.yaml"
    actors.write_text("actors: [unclosed\n", encoding="utf-8")
    config = Config(jobs=2, batch_size=BATCH, actor_files=(actors,))
    with pytest.raises(ConfigError, match="actors.yaml"):
        list(extract(DOCUMENTS[:4], config))


@pytest.mark.model
def test_a_worker_that_dies_costs_its_batches_and_a_new_pool_finishes_the_run() -> None:
    config = Config(jobs=2, batch_size=1, max_chars=LIMIT)
    results = extract(iter(DOCUMENTS), config)
    first = next(results)
    victim = multiprocessing.active_children()[0]
    os.kill(victim.pid or 0, signal.SIGKILL)
    rest = list(results)
    got = [first, *rest]
    assert [_id(r) for r in got] == [d.id for d in DOCUMENTS]
    lost = {
        r.doc_id
        for r in got
        if isinstance(r, ExtractionError) and r.stage == "worker" and "terminated" in r.message
    }
    others = [r for r in got if isinstance(r, DossierError) and r.doc_id not in lost]
    assert [r.doc_id for r in others] == [TOO_LONG] or lost >= {TOO_LONG}
    assert len(lost) <= BATCHES_PER_JOB * config.jobs + 1
    assert isinstance(got[-1], Extraction)  # extracted by the pool that replaced it


def _sized(*lengths: int) -> list[Document]:
    return [Document(id=f"d{i}", text="x" * n) for i, n in enumerate(lengths)]


@pytest.mark.parametrize(
    ("lengths", "size", "expected"),
    [
        ((10, 10, 10, 10, 10), 2, [[0, 1], [2, 3], [4]]),
        # two documents of a batch of two may hold 2 * CHARS_PER_DOCUMENT characters
        ((CHARS_PER_DOCUMENT, CHARS_PER_DOCUMENT + 1, 10), 2, [[0], [1, 2]]),
        ((CHARS_PER_DOCUMENT - 5, CHARS_PER_DOCUMENT + 5, 10), 2, [[0, 1], [2]]),
        # a document over the whole budget goes alone
        ((10, 5 * CHARS_PER_DOCUMENT, 10), 2, [[0], [1], [2]]),
        ((), 3, []),
    ],
)
def test_batches_hold_at_most_size_documents_and_their_share_of_text(
    lengths: tuple[int, ...], size: int, expected: list[list[int]]
) -> None:
    documents = _sized(*lengths)
    got = [[documents.index(d) for d in batch] for batch in _batches(documents, size)]
    assert got == expected
