"""``dossier eval``: run one gold set through dossier and collect its figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from dossier.config import Config
from dossier.errors import DossierError, InputError, Messages

SETS = ("seed",)


@dataclass
class EvalResult:
    name: str
    figures: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)


def _seed_article(gold_path: Path, doc_id: str) -> Path:
    """The article a seed gold file annotates: ``samples/<id>.txt`` beside ``gold/``."""
    return gold_path.resolve().parent.parent.parent / "samples" / f"{doc_id}.txt"


def run_seed(path: Path) -> EvalResult:
    from dossier.evaluate.seed import load_seed, score_seed
    from dossier.pipeline import Extractor
    from dossier.read import iter_documents

    files = sorted(path.glob("*.gold.yaml")) if path.is_dir() else [path]
    if not files:
        raise InputError(Messages.E001.format(path=path / "*.gold.yaml"))
    extractor = Extractor(Config())
    result = EvalResult("seed")
    for file in files:
        gold = load_seed(file)
        article = _seed_article(file, gold.doc_id)
        documents = list(iter_documents([str(article)]))
        document = documents[0]
        if isinstance(document, DossierError):
            raise document
        score = score_seed(gold, extractor.extract_one(document))
        for key, value in score.figures.items():
            result.figures[key] = result.figures.get(key, 0) + value
        result.errors.extend({"doc": gold.doc_id, **e} for e in score.errors)
    return result


def run(name: str, path: Path) -> EvalResult:
    if not path.exists():
        raise InputError(Messages.E001.format(path=path))
    runners = {"seed": run_seed}
    if name not in runners:
        raise InputError(Messages.E051.format(name=name, choices=", ".join(SETS)))
    return runners[name](path)


def print_table(result: EvalResult, console: Console) -> None:
    table = Table(title=f"dossier eval {result.name}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in result.figures.items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)
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
