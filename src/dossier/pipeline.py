"""The extraction pipeline: parse, find, code, per document.

``Extractor`` holds what one process needs (the spaCy model and the data resources,
each loaded once) and turns ``Document`` records into ``Extraction`` records.
``extract`` runs it over a stream, in this process or in ``jobs`` worker processes;
each worker loads its own ``Extractor`` and parses its batches with ``nlp.pipe``.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc

from dossier import quantities, quotes, time
from dossier.actors import ActorDictionary, find_actors
from dossier.config import Config
from dossier.errors import DossierError, ExtractionError, Messages
from dossier.events import Lexicon, code_events
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

    def extract_one(self, document: Document) -> Extraction:
        return self.code(self.nlp(document.text), document)

    def code(self, doc: Doc, document: Document) -> Extraction:
        """Run the find and code stages over one parsed document."""
        stage = "time"
        try:
            timexes = time.find_timexes(document.text, document.published, doc)
            stage = "quantities"
            numbers = quantities.find_quantities(doc)
            stage = "places"
            places = find_places(doc, self.gazetteer)
            country = main_country(places)
            country_place = None if country is None else self.gazetteer.country(country)
            stage = "actors"
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
            said = quotes.find_quotes(doc, findings, document.published)
            stage = "events"
            events = code_events(doc, document, findings, self.lexicon)
        except DossierError:
            raise
        except Exception as exc:  # a bug in a stage must not take the whole run down
            raise ExtractionError(
                Messages.E040.format(doc_id=document.id, stage=stage, detail=repr(exc)),
                doc_id=document.id,
                stage=stage,
            ) from exc
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
        texts = (d.text for d in documents)
        for document, doc in zip(documents, self.nlp.pipe(texts), strict=True):
            try:
                results.append(self.code(doc, document))
            except DossierError as exc:
                results.append(exc)
        return results


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


_worker: Extractor | None = None


def _init_worker(config: Config) -> None:
    global _worker  # one Extractor per worker process, built by the pool initializer
    _worker = Extractor(config)


def _work(batch: list[Document]) -> list[Extraction | DossierError]:
    assert _worker is not None, "worker used before its initializer ran"
    return _worker.extract_batch(batch)


def extract(
    documents: Iterable[Document], config: Config
) -> Iterator[Extraction | DossierError]:
    """Extract every document, in order, yielding an error in place of any that fails."""
    batches = _batches(documents, config.batch_size)
    if config.jobs <= 1:
        extractor = Extractor(config)
        for batch in batches:
            yield from extractor.extract_batch(batch)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(config.jobs, initializer=_init_worker, initargs=(config,)) as pool:
        for results in pool.imap(_work, batches):
            yield from results
