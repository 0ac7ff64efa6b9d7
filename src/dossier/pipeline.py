"""The extraction pipeline: parse, find, code, per document.

``Extractor`` holds what one process needs (the spaCy model and the data resources,
each loaded once) and turns ``Document`` records into ``Extraction`` records.
``extract`` runs it over a stream, in this process or in ``jobs`` worker processes;
each worker loads its own ``Extractor`` and parses its batches with ``nlp.pipe``.
Batches are capped in documents and in characters, and only a few per worker are in
flight at once, so memory stays flat however long the stream.
"""

from __future__ import annotations

import multiprocessing
import re
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from spacy.tokens import Doc

from dossier import limits, quantities, quotes, time
from dossier.actors import ActorDictionary, find_actors
from dossier.config import Config
from dossier.errors import DossierError, ExtractionError, Messages
from dossier.events import Lexicon, code_events
from dossier.limits import Deadline
from dossier.nlp import load_model
from dossier.places import Gazetteer, find_places, main_country
from dossier.records import Document, Extraction, Findings


class Extractor:
    """Turns documents into dossier/1 extractions; load once per process."""

    def __init__(self, config: Config):
        self.config = config
        self.nlp = load_model()
        self.dictionary = ActorDictionary.load(config.actor_files)
        self.lexicon = Lexicon.load()
        self.gazetteer = Gazetteer.load()
        # spaCy refuses texts over nlp.max_length; dossier's own limit is the one in force.
        self.nlp.max_length = max(self.nlp.max_length, config.max_chars)

    def extract_one(self, document: Document) -> Extraction:
        """Parse and code one document; its time limit covers the parse too."""
        self.check_size(document)
        deadline = Deadline(document.id, self.config.time_limit)
        with limits.running(deadline):
            try:
                doc = self.nlp(document.text)
            except DossierError:
                raise
            except Exception as exc:  # spaCy's own errors, named for the document
                raise _failed(document, "parse", exc) from exc
            return self._code(doc, document, deadline)

    def check_size(self, document: Document) -> None:
        """Raise E042 for a text over ``Config.max_chars``, E043 for one that is not
        Unicode text (an unpaired surrogate, which spaCy and SQLite cannot take)."""
        text = document.text
        if len(text) > self.config.max_chars:
            message = Messages.E042.format(
                doc_id=document.id, size=len(text), limit=self.config.max_chars
            )
            raise ExtractionError(message, doc_id=document.id, stage="parse")
        if surrogate := _SURROGATE.search(text):
            message = Messages.E043.format(
                doc_id=document.id, code=ord(surrogate[0]), offset=surrogate.start()
            )
            raise ExtractionError(message, doc_id=document.id, stage="parse")

    def parseable(self, document: Document) -> str:
        """The text to parse for ``document``: nothing, if ``code`` will refuse it."""
        try:
            self.check_size(document)
        except ExtractionError:
            return ""
        return document.text

    def code(self, doc: Doc, document: Document) -> Extraction:
        """Run the find and code stages over one parsed document, within the time limit."""
        self.check_size(document)
        deadline = Deadline(document.id, self.config.time_limit)
        with limits.running(deadline):
            return self._code(doc, document, deadline)

    def _code(self, doc: Doc, document: Document, deadline: Deadline) -> Extraction:
        stage = "time"
        try:
            deadline.enter(stage)
            timexes = time.find_timexes(document.text, document.published, doc)
            stage = "quantities"
            deadline.enter(stage)
            numbers = quantities.find_quantities(doc)
            stage = "places"
            deadline.enter(stage)
            places = find_places(doc, self.gazetteer)
            country = main_country(places)
            country_place = None if country is None else self.gazetteer.country(country)
            stage = "actors"
            deadline.enter(stage)
            actors, mentions = find_actors(doc, self.dictionary, country, places)
            findings = Findings(
                actors=tuple(actors),
                mentions=tuple(mentions),
                timexes=tuple(timexes),
                quantities=tuple(numbers),
                places=tuple(places),
                country=country,
                country_place=None if country_place is None else country_place.where(),
            )
            stage = "quotes"
            deadline.enter(stage)
            said = quotes.find_quotes(doc, findings, document.published)
            stage = "events"
            deadline.enter(stage)
            events = code_events(doc, document, findings, self.lexicon, said)
            deadline.check()
        except DossierError:
            raise
        except Exception as exc:  # a bug in a stage must not take the whole run down
            raise _failed(document, stage, exc) from exc
        return Extraction(
            document=document,
            actors=tuple(actors),
            events=tuple(events),
            quotes=tuple(said),
            timexes=tuple(timexes),
            quantities=tuple(numbers),
        )

    def extract_batch(self, documents: list[Document]) -> list[Extraction | DossierError]:
        """Parse a batch with ``nlp.pipe`` and code each document."""
        results: list[Extraction | DossierError] = []
        texts = (self.parseable(d) for d in documents)
        for document, doc in zip(documents, self.nlp.pipe(texts), strict=True):
            try:
                results.append(self.code(doc, document))
            except DossierError as exc:
                results.append(exc)
        return results


_SURROGATE = re.compile("[\ud800-\udfff]")


def _failed(document: Document, stage: str, exc: Exception) -> ExtractionError:
    message = Messages.E040.format(doc_id=document.id, stage=stage, detail=repr(exc))
    return ExtractionError(message, doc_id=document.id, stage=stage)


# Text per batch, counted in characters per document of the batch size: about one news
# article each. spaCy parses a batch in one pass whose memory grows with its tokens
# (some 4 kB per character of text at the peak); the cap keeps that peak the same
# however long the corpus, when long articles happen to come together.
CHARS_PER_DOCUMENT = 2_000


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Lists of at most ``size`` documents holding at most ``size * CHARS_PER_DOCUMENT``
    characters of text, in order; a document longer than that is a batch of its own."""
    budget = size * CHARS_PER_DOCUMENT
    batch: list[Document] = []
    chars = 0
    for document in documents:
        if batch and chars + len(document.text) > budget:
            yield batch
            batch, chars = [], 0
        batch.append(document)
        chars += len(document.text)
        if len(batch) >= size:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _extract_batch(extractor: Extractor, batch: list[Document]) -> list[Extraction | DossierError]:
    """``extractor.extract_batch``; if the batch as a whole fails (spaCy raising inside
    ``nlp.pipe``, say), each document again on its own, so that only the one at fault
    gets an error."""
    try:
        return extractor.extract_batch(batch)
    except Exception:  # retried one by one, where the fault is named for its document
        return [_extract_alone(extractor, document) for document in batch]


def _extract_alone(extractor: Extractor, document: Document) -> Extraction | DossierError:
    try:
        return extractor.extract_one(document)
    except DossierError as exc:
        return exc
    except Exception as exc:  # a bug must cost its document, not the run
        return _failed(document, "parse", exc)


# Batches in flight per worker process: one being extracted, one queued behind it, one
# done and waiting its turn to be yielded in order. More would only hold more documents
# and results in memory; fewer would leave a worker idle while the caller is busy.
BATCHES_PER_JOB = 3

_worker: Extractor | Exception | None = None


def _init_worker(config: Config) -> None:
    global _worker  # one Extractor per worker process, built by the pool initializer
    try:
        _worker = Extractor(config)
    except Exception as exc:  # an invalid actor file, say: raised by _work, in the caller,
        _worker = exc  # as with one job, rather than a pool that dies and is replaced


def _work(batch: list[Document]) -> list[Extraction | DossierError]:
    if isinstance(_worker, Exception):
        raise _worker
    if _worker is None:
        raise RuntimeError("a dossier worker ran before its initializer")
    return _extract_batch(_worker, batch)


def extract(documents: Iterable[Document], config: Config) -> Iterator[Extraction | DossierError]:
    """Extract every document, in order, yielding an error in place of any that fails.

    With ``config.jobs`` above 1 the batches go to that many worker processes, at most
    ``BATCHES_PER_JOB`` batches per worker in flight at a time: ``documents`` is read
    only as fast as the results are consumed, so memory stays flat however long the
    stream. A worker process that dies breaks its pool: each document then in flight
    gets an error (stage ``worker``) and a new pool carries on with the rest.
    """
    batches = _batches(documents, config.batch_size)
    if config.jobs <= 1:
        extractor = Extractor(config)
        for batch in batches:
            yield from _extract_batch(extractor, batch)
        return
    yield from _in_workers(batches, config)


_Pending = tuple[list[Document], Future[list[Extraction | DossierError]]]


def _in_workers(
    batches: Iterator[list[Document]], config: Config
) -> Iterator[Extraction | DossierError]:
    window = BATCHES_PER_JOB * config.jobs
    pending: deque[_Pending] = deque()
    pool = _pool(config)
    try:
        for batch in batches:
            try:
                future = pool.submit(_work, batch)
            except BrokenProcessPool:  # a worker died: its pool takes no more work
                pool.shutdown(wait=True)
                pool = _pool(config)
                future = pool.submit(_work, batch)
            pending.append((batch, future))
            if len(pending) >= window:
                yield from _results(*pending.popleft())
        while pending:
            yield from _results(*pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pool(config: Config) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        config.jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(config,),
    )


def _results(
    batch: list[Document], future: Future[list[Extraction | DossierError]]
) -> list[Extraction | DossierError]:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        return [_failed(document, "worker", exc) for document in batch]
