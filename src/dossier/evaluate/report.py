"""``dossier eval``: run one gold set through dossier and collect its figures.

Every set runs the real extraction, the one ``dossier extract`` runs: an ``Extractor``
with the default ``Config``, over ``Document`` records built from the gold, parsed in
batches with ``nlp.pipe``. The figures come back as a flat dict (ratios rounded to three
places, counts as integers) and every disagreement with the gold as a dict whose
``kind`` names it, for ``--errors``.

- ``seed``: the hand-annotated sample article (``evaluate.seed``);
- ``timeml``: TimeML files; each ``<TEXT>`` is extracted with the document creation time
  as ``published`` and its timexes scored TempEval-3 style (``evaluate.timeml``);
- ``gvdb``: Gun Violence Database articles (``evaluate.gvdb``);
- ``plover``: PLOVER gold sentences, one document each (``evaluate.plover``);
- ``petrarch``: the PETRARCH-2 newswire validation sentences, CAMEO mapped to PLOVER
  (``evaluate.petrarch``), the story date as ``published``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from dossier.config import Config
from dossier.errors import DossierError, InputError, Messages
from dossier.pipeline import Extractor
from dossier.records import Document, Extraction, PlaceMention, Timex

if TYPE_CHECKING:
    from dossier.evaluate.timeml import TimexError

SETS = ("seed", "timeml", "gvdb", "plover", "petrarch")
BATCH = 32  # documents per nlp.pipe call


@dataclass(frozen=True)
class EvalOptions:
    """``limit``: score the first N items (articles, files, sentences) only;
    ``cameo_map``: the CAMEO to PLOVER table (else found beside the gold)."""

    limit: int | None = None
    cameo_map: Path | None = None


@dataclass
class EvalResult:
    name: str
    figures: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error_kinds(self, top: int = 10) -> list[tuple[str, int]]:
        """The most common kinds of error, most common first."""
        return Counter(str(e.get("kind")) for e in self.errors).most_common(top)


@dataclass(frozen=True)
class _Output:
    """One document's extraction (None when it failed, with the error) and its places."""

    document: Document
    extraction: Extraction | None
    error: DossierError | None = None
    places: tuple[PlaceMention, ...] = ()

    def or_empty(self) -> Extraction:
        return self.extraction or Extraction(document=self.document)


def _batches(documents: Sequence[Document]) -> list[list[Document]]:
    return [list(documents[i : i + BATCH]) for i in range(0, len(documents), BATCH)]


def _extract(extractor: Extractor, documents: Sequence[Document]) -> list[_Output]:
    """``extract_batch`` over the documents, keeping failures as values."""
    outputs = []
    for batch in _batches(documents):
        for document, result in zip(batch, extractor.extract_batch(batch), strict=True):
            if isinstance(result, DossierError):
                outputs.append(_Output(document, None, result))
            else:
                outputs.append(_Output(document, result))
    return outputs


def _extract_with_places(extractor: Extractor, documents: Sequence[Document]) -> list[_Output]:
    """The two calls ``extract_batch`` makes (``nlp.pipe``, ``code``), also keeping the
    places the find stage sees in each parse (gvdb's city falls back on them)."""
    from dossier.places import find_places

    outputs = []
    for batch in _batches(documents):
        for document, doc in zip(batch, extractor.nlp.pipe(d.text for d in batch), strict=True):
            places = tuple(find_places(doc, extractor.gazetteer))
            try:
                outputs.append(_Output(document, extractor.code(doc, document), None, places))
            except DossierError as exc:
                outputs.append(_Output(document, None, exc, places))
    return outputs


def _failures(outputs: Sequence[_Output]) -> list[dict[str, Any]]:
    return [
        {"doc": o.document.id, "kind": "extraction failed", "detail": str(o.error)}
        for o in outputs
        if o.error is not None
    ]


def _files(path: Path, pattern: str, name: str) -> list[Path]:
    files = sorted(path.glob(pattern)) if path.is_dir() else [path]
    if not files:
        raise InputError(Messages.E054.format(path=path, name=name, pattern=pattern))
    return files


def _seed_article(gold_path: Path, doc_id: str) -> Path:
    """The article a seed gold file annotates: ``samples/<id>.txt`` beside ``gold/``."""
    return gold_path.resolve().parent.parent.parent / "samples" / f"{doc_id}.txt"


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


SEED_RATIOS = (
    ("events_required_recall", "events_required_found", "events_required"),
    ("timex_value_accuracy", "timex_values_right", "timexes_gold"),
    ("quote_speaker_accuracy", "quotes_with_speaker", "quotes_gold"),
    ("quantity_accuracy", "quantities_right", "quantities_gold"),
    ("people_role_accuracy", "people_with_roles", "people_gold"),
)


def run_seed(path: Path, options: EvalOptions, extractor: Extractor) -> EvalResult:
    from dossier.evaluate.seed import load_seed, score_seed
    from dossier.read import iter_documents

    result = EvalResult("seed")
    for file in _files(path, "*.gold.yaml", "seed"):
        gold = load_seed(file)
        documents = list(iter_documents([str(_seed_article(file, gold.doc_id))]))
        document = documents[0]
        if isinstance(document, DossierError):
            raise document
        (output,) = _extract(extractor, [document])
        if output.error is not None:
            raise output.error
        score = score_seed(gold, output.or_empty())
        for key, value in score.figures.items():
            result.figures[key] = result.figures.get(key, 0) + value
        result.errors.extend({"doc": gold.doc_id, **e} for e in score.errors)
    for name, part, whole in SEED_RATIOS:
        result.figures[name] = _ratio(result.figures.get(part, 0), result.figures.get(whole, 0))
    return result


def _timex(timex: Timex | None) -> dict[str, Any] | None:
    return None if timex is None else timex.to_dict()


def _shape(value: str) -> str:
    """What a TIMEX3 value names: ``day``, ``week``, ``duration``, ``time``, ..."""
    shapes = (
        (r"P.*", "duration"),
        (r".*T\d.*", "time"),
        (r".*T[A-Z]{2}", "part of day"),
        (r"\d{4}-W\d+.*", "week"),
        (r"\d{4}-\d\d-\d\d", "day"),
        (r"\d{4}-\d\d", "month"),
        (r"\d{4}-(?:Q\d|SP|SU|FA|WI|H\d).*", "part of year"),
        (r"\d{4}(?:-XX)?", "year"),
        (r"\d{1,3}X*", "decade or century"),
        (r"[A-Z_]+_REF", "reference"),
    )
    return next((name for pattern, name in shapes if re.fullmatch(pattern, value)), "other")


def _timex_kind(error: TimexError) -> str:
    """``missed DATE``, ``value DATE: week as day``: the error, the gold (else system)
    type and, for a wrong value, how the two values differ."""
    timex = error.gold or error.system
    if timex is None:
        return error.kind
    kind = f"{error.kind} {timex.type}"
    if error.kind != "value" or error.gold is None or error.system is None:
        return kind
    gold, system = _shape(error.gold.value), _shape(error.system.value)
    if gold != system:
        return f"{kind}: {gold} as {system}"
    if gold == "day" and _days_apart(error.gold.value, error.system.value) % 7 == 0:
        return f"{kind}: day a week off"
    return f"{kind}: another {gold}"


def _days_apart(a: str, b: str) -> int:
    from datetime import date

    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:  # not a calendar day ("1998-02-30")
        return -1


def run_timeml(path: Path, options: EvalOptions, extractor: Extractor) -> EvalResult:
    from dossier.evaluate.timeml import evaluate, load_timeml_dir

    docs = load_timeml_dir(path)[: options.limit]
    documents = [
        Document(id=d.id, text=d.text[d.body[0] : d.body[1]], published=d.dct) for d in docs
    ]
    outputs = _extract(extractor, documents)
    found = {(o.document.text, o.document.published): o.or_empty().timexes for o in outputs}

    def system(text: str, dct: str) -> list[Timex]:
        return list(found.get((text, dct), ()))

    scores, errors = evaluate(docs, system)
    result = EvalResult("timeml")
    result.figures = {
        "timeml_documents": scores.documents,
        "timeml_gold": scores.gold,
        "timeml_system": scores.system,
        **{
            f"timeml_{name}": round(getattr(scores, name), 3)
            for name in (
                "strict_precision", "strict_recall", "strict_f1",
                "relaxed_precision", "relaxed_recall", "relaxed_f1",
                "value_precision", "value_recall", "value_f1", "type_accuracy",
            )
        },
    }
    result.errors = _failures(outputs) + [
        {
            "doc": e.doc_id,
            "kind": _timex_kind(e),
            "gold": _timex(e.gold),
            "system": _timex(e.system),
            "context": e.context,
        }
        for e in errors
    ]
    return result


def run_gvdb(path: Path, options: EvalOptions, extractor: Extractor) -> EvalResult:
    from dossier.evaluate.gvdb import GvdbOutput, article_document, load_gvdb, score_gvdb

    articles = load_gvdb(path, options.limit)
    outputs = _extract_with_places(extractor, [article_document(a) for a in articles])
    scores = score_gvdb(articles, [GvdbOutput(o.extraction, o.places) for o in outputs])
    return EvalResult(
        "gvdb", scores.figures(), _failures(outputs) + [e.to_dict() for e in scores.errors]
    )


def run_plover(path: Path, options: EvalOptions, extractor: Extractor) -> EvalResult:
    from dossier.evaluate.plover import Coded, load_plover, score_plover

    golds = [load_plover(file) for file in _files(path, "*.json", "plover")]
    records = tuple(r for g in golds for r in g.records)[: options.limit]
    gold = replace(golds[0], records=records)
    outputs = _extract(extractor, [Document(id=r.id, text=r.text) for r in records])
    coded = {
        o.document.text: Coded(o.or_empty().events, o.or_empty().actors) for o in outputs
    }

    def system(text: str) -> Coded:
        return coded[text]

    scores = score_plover(gold, system)
    errors = _failures(outputs)
    for record, outcome, output in zip(records, scores.outcomes, outputs, strict=True):
        base = {
            "doc": record.id,
            "gold": outcome.gold,
            "gold_actor": [e.text for e in record.actors],
            "gold_recipient": [e.text for e in record.recipients],
            "found": _event_labels(output.or_empty()),
            "text": record.text,
        }
        if not outcome.type_right:
            errors.append({"kind": f"type missed {record.type}", **base})
        for what in ("mode", "actor", "recipient"):
            if getattr(outcome, f"{what}_right") is False:
                errors.append({"kind": f"{what} wrong", **base})
    return EvalResult("plover", scores.figures(), errors)


def _event_labels(extraction: Extraction) -> list[str]:
    """``TYPE:mode actor names -> recipient names`` for each event, for error rows."""
    names = {a.id: a.name for a in extraction.actors}

    def who(ids: Sequence[str]) -> str:
        return "+".join(names.get(i, i) for i in ids) or "-"

    return [
        f"{e.type}{':' + e.mode if e.mode else ''} {who(e.actor)} -> {who(e.recipient)}"
        for e in extraction.events
    ]


def run_petrarch(path: Path, options: EvalOptions, extractor: Extractor) -> EvalResult:
    from dossier.evaluate.petrarch import (
        find_cameo_map,
        load_cameo_map,
        load_petrarch,
        petrarch_errors,
        score_petrarch,
    )

    (file,) = _files(path, "*.xml", "petrarch")[:1]
    table = load_cameo_map(options.cameo_map or find_cameo_map(file))
    gold = load_petrarch(file, limit=options.limit)
    documents = [Document(id=r.id, text=r.text, published=r.published) for r in gold.records]
    outputs = _extract(extractor, documents)
    scores = score_petrarch(gold, table, [o.or_empty() for o in outputs])
    return EvalResult("petrarch", scores.figures(), _failures(outputs) + petrarch_errors(scores))


Runner = Callable[[Path, EvalOptions, Extractor], EvalResult]
RUNNERS: dict[str, Runner] = {
    "seed": run_seed,
    "timeml": run_timeml,
    "gvdb": run_gvdb,
    "plover": run_plover,
    "petrarch": run_petrarch,
}


def run(
    name: str,
    path: Path,
    options: EvalOptions | None = None,
    extractor: Extractor | None = None,
) -> EvalResult:
    """Score extraction on the gold set ``name`` at ``path``.

    Pass an ``extractor`` to reuse one across several runs (it loads the model and the
    data once); raises ``InputError`` for an unknown set or a missing or bad gold file.
    """
    if name not in RUNNERS:
        raise InputError(Messages.E051.format(name=name, choices=", ".join(SETS)))
    if not path.exists():
        raise InputError(Messages.E001.format(path=path))
    return RUNNERS[name](path, options or EvalOptions(), extractor or Extractor(Config()))


def print_table(result: EvalResult, console: Console) -> None:
    table = Table(title=f"dossier eval {result.name}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in result.figures.items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)
    if result.name == "seed":
        _print_seed_errors(result, console)
        return
    kinds = result.error_kinds()
    if kinds:
        console.print(f"[bold]Most common errors[/bold] ({len(result.errors)} in all):")
        for kind, count in kinds:
            console.print(f"  {count:5d}  {kind}", markup=False)


def _print_seed_errors(result: EvalResult, console: Console) -> None:
    unmatched = [e for e in result.errors if e.get("kind") == "event unmatched"]
    if unmatched:
        console.print("[bold]Extracted events that matched no gold event:[/bold]")
        for e in unmatched:
            console.print(
                f"  {e['event']} {e['type']} actor={e['actor']} recipient={e['recipient']}"
                f" when={e['when']['start']}..{e['when']['end']} trigger='{e['trigger']}'",
                markup=False,
            )
    missed = [e for e in result.errors if e.get("kind") != "event unmatched"]
    if missed:
        console.print("[bold]Misses:[/bold]")
        for e in missed:
            console.print(f"  {e}", markup=False)
