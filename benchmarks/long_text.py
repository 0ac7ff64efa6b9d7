"""How dossier's find and code stages grow with the length of one document.

    .venv/bin/python benchmarks/long_text.py
    .venv/bin/python benchmarks/long_text.py --shapes runon --sizes 1000 2000 4000
    .venv/bin/python benchmarks/long_text.py --shapes runon --sizes 4000 --profile
    .venv/bin/python benchmarks/long_text.py --shapes killed --sizes 500 1000 2000 4000

Builds texts of growing size (``--sizes``, in words; each size at least the one before)
from the sentences of real articles, the first ones of ``--corpus`` (default
``../shared/corpora/bbc-news.jsonl``; ``--corpus demo`` takes the bundled demo
articles, denser in events), in three shapes:

- ``articles``: whole articles one after another, paragraphs as they were;
- ``runon``: one "sentence" with no full stop: the sentences' final stops dropped and
  the sentences joined with ", " and " and " in turn (a scraped page, a flattened
  table); spaCy's parser still cuts it, into sentences of some 300 words (``sents``);
- ``paragraphs``: every sentence a paragraph of its own;
- ``killed``: the word "killed" and a space, repeated (``"killed " * size``), which
  spaCy parses as one sentence, its first word the root and nearly every other word
  a conjunct of it: the worst case of the argument search (a root as wide as the
  text); not among the default shapes, and read from no corpus.

For each text it times, in this process, after a warm-up document that pays for
dossier's lazy loading: ``parse``, the raw spaCy parse (``nlp(text)``), and ``code``,
dossier's find and code stages on that parse (``Extractor.code``, with no time limit).
It prints both, ``code/parse``, and how much each grew since the size before
(``x parse``, ``x code``: about 2 where a doubling of the text costs twice the time,
about 4 where it costs the square); then the seconds of each stage of ``code`` (the
functions ``dossier.pipeline`` calls, wrapped: time, quantities, places, actors,
quotes, events). A shape stops growing once its code time passes ``--budget``
seconds. ``--profile`` then runs ``Extractor.code`` under cProfile on the largest text
of each shape and prints the top ``--top`` functions by their own time and by
cumulative time.

Times are CPU seconds of this process (``time.process_time``), which other work on
the machine disturbs far less than wall time; ``code wall`` is the wall time of the
code stages, for comparison. Figures only, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path
from typing import Any

from dossier import pipeline, quantities, quotes
from dossier import time as timexes
from dossier.config import Config
from dossier.pipeline import Extractor
from dossier.records import Document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news.jsonl"
DEMO = ROOT / "src" / "dossier" / "demo"
SHAPES = ("articles", "runon", "paragraphs", "killed")
DEFAULT_SHAPES = SHAPES[:3]
STAGES = ("time", "quantities", "places", "actors", "quotes", "events")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
_BLANK = re.compile(r"\n\s*\n")


def _articles(corpus: str) -> Iterator[str]:
    """The article texts of the corpus, in order."""
    if corpus == "demo":
        for path in sorted(DEMO.glob("*.txt")):
            yield path.read_text(encoding="utf-8")
        return
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)["text"]


def _paragraphs(corpus: str) -> Iterator[str]:
    while True:  # the corpus again from the start when a size needs more than it has
        for text in _articles(corpus):
            for paragraph in _BLANK.split(text):
                if paragraph.strip():
                    yield " ".join(paragraph.split())


def _sentences(corpus: str) -> Iterator[str]:
    for paragraph in _paragraphs(corpus):
        yield from (s for s in _SENTENCE_END.split(paragraph) if s.strip())


def _take(pieces: Iterator[str], words: int) -> list[str]:
    """Pieces from the start of ``pieces`` until they hold at least ``words`` words."""
    taken: list[str] = []
    count = 0
    for piece in pieces:
        taken.append(piece)
        count += len(piece.split())
        if count >= words:
            break
    return taken


def build(shape: str, words: int, corpus: str) -> str:
    """A text of at least ``words`` words in ``shape`` (see the module docstring)."""
    if shape == "killed":
        return "killed " * words
    if shape == "articles":
        return "\n\n".join(_take(_paragraphs(corpus), words))
    sentences = _take(_sentences(corpus), words)
    if shape == "paragraphs":
        return "\n\n".join(sentences)
    clauses = [s.rstrip(".!? ") for s in sentences]
    joined = clauses[0]
    for clause, joint in zip(clauses[1:], cycle((", ", " and ")), strict=False):
        joined += joint + clause
    return joined + "."


class _Stages:
    """CPU seconds spent in each stage function since the last ``reset``."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(STAGES, 0.0)

    def reset(self) -> None:
        self.seconds = dict.fromkeys(STAGES, 0.0)

    def wrap(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[stage] += time.process_time() - started

        return timed

    def install(self) -> None:
        """Time the calls ``Extractor.code`` makes, patched where it finds them."""
        timexes.find_timexes = self.wrap("time", timexes.find_timexes)
        quantities.find_quantities = self.wrap("quantities", quantities.find_quantities)
        pipeline.find_places = self.wrap("places", pipeline.find_places)
        pipeline.find_actors = self.wrap("actors", pipeline.find_actors)
        quotes.find_quotes = self.wrap("quotes", quotes.find_quotes)
        pipeline.code_events = self.wrap("events", pipeline.code_events)


@dataclass(frozen=True)
class _Timing:
    parse: float  # CPU seconds
    code: float  # CPU seconds
    code_wall: float
    stages: dict[str, float]
    sentences: int
    events: int


def _timed(extractor: Extractor, stages: _Stages, document: Document) -> _Timing:
    started = time.process_time()
    doc = extractor.nlp(document.text)
    parsed = time.process_time()
    stages.reset()
    wall = time.perf_counter()
    extraction = extractor.code(doc, document)
    wall = time.perf_counter() - wall
    coded = time.process_time()
    return _Timing(
        parse=parsed - started,
        code=coded - parsed,
        code_wall=wall,
        stages=dict(stages.seconds),
        sentences=sum(1 for _ in doc.sents),
        events=len(extraction.events),
    )


def _growth(now: float, before: float | None) -> str:
    return f"{now / before:.2f}" if before else "-"


def run(
    extractor: Extractor, stages: _Stages, shape: str, sizes: list[int], corpus: str, budget: float
) -> str:
    """Print the tables of ``shape``, a row per size; return the largest text timed."""
    rows: list[tuple[int, _Timing]] = []
    text = ""
    for size in sizes:
        text = build(shape, size, corpus)
        document = Document(id=f"{shape}-{size}", text=text, published="2005-06-01")
        rows.append((len(text.split()), _timed(extractor, stages, document)))
        if rows[-1][1].code > budget:
            break
    print(f"\n{shape}: CPU seconds")
    print(
        f"{'words':>7} {'sents':>6} {'events':>6} {'parse':>7} {'code':>7} {'code/parse':>10} "
        f"{'x parse':>7} {'x code':>7} {'code wall':>9}"
    )
    before: _Timing | None = None
    for words, t in rows:
        print(
            f"{words:>7} {t.sentences:>6} {t.events:>6} {t.parse:>7.2f} {t.code:>7.2f} "
            f"{t.code / t.parse:>10.2f} {_growth(t.parse, before.parse if before else None):>7} "
            f"{_growth(t.code, before.code if before else None):>7} {t.code_wall:>9.2f}"
        )
        before = t
    print(f"\n{shape}: CPU seconds by stage (x: growth since the size before)")
    print(f"{'words':>7} " + " ".join(f"{stage:>15}" for stage in STAGES))
    before = None
    for words, t in rows:
        cells = [
            f"{t.stages[s]:7.2f} x{_growth(t.stages[s], before.stages[s] if before else None):>6}"
            for s in STAGES
        ]
        print(f"{words:>7} " + " ".join(f"{cell:>15}" for cell in cells))
        before = t
    if rows[-1][1].code > budget:
        print(f"(stopped: code took over {budget:g} s)")
    return text


def profile(extractor: Extractor, shape: str, text: str, top: int) -> None:
    document = Document(id=f"{shape}-profile", text=text, published="2005-06-01")
    doc = extractor.nlp(text)
    profiler = cProfile.Profile()
    profiler.enable()
    extractor.code(doc, document)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
        body = out.getvalue()
        print(f"\n{shape}, {len(text.split())} words: top {top} by {order}")
        print(body[body.find("   ncalls") :].rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(CORPUS), help="a JSONL corpus, or 'demo'")
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(DEFAULT_SHAPES))
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 2000, 4000, 8000, 16000])
    parser.add_argument("--budget", type=float, default=120.0, help="seconds of code per shape")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    if args.corpus != "demo" and not Path(args.corpus).is_file():
        print(f"long_text: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    sizes = sorted(args.sizes)
    stages = _Stages()
    stages.install()
    extractor = Extractor(Config(time_limit=None))
    warm = Document(id="warm-up", text=build("articles", 300, args.corpus), published="2005")
    _timed(extractor, stages, warm)
    print(f"corpus {args.corpus}; sizes {sizes} words; one process")
    largest = {
        shape: run(extractor, stages, shape, sizes, args.corpus, args.budget)
        for shape in args.shapes
    }
    if args.profile:
        for shape, text in largest.items():
            profile(extractor, shape, text, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
