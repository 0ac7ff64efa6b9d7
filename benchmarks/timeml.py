"""Score ``dossier.time.find_timexes`` on TimeML gold, TempEval-3 style, and time it.

    .venv/bin/python benchmarks/timeml.py ../shared/gold/timeml            # figures
    .venv/bin/python benchmarks/timeml.py ../shared/gold/timeml --errors   # + every error

Prints strict / relaxed span and value P/R/F1, type accuracy, and the speed of
``find_timexes`` (text only, no parse) in milliseconds per 1,000 words of the scored
text, the best of three runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dossier.errors import InputError
from dossier.evaluate.timeml import evaluate, format_error, load_timeml_dir
from dossier.time import find_timexes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a .tml file or a folder of them")
    parser.add_argument("--errors", action="store_true", help="print every error first")
    args = parser.parse_args()
    try:
        docs = load_timeml_dir(args.path)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 1
    scores, errors = evaluate(docs, find_timexes)
    if args.errors:
        for error in errors:
            print(format_error(error))
    texts = [(doc.text[doc.body[0] : doc.body[1]], doc.dct) for doc in docs]
    words = sum(len(text.split()) for text, _ in texts)
    rounds = []
    for _ in range(3):  # the best of three: the machine may be busy with something else
        started = time.perf_counter()
        for text, dct in texts:
            find_timexes(text, dct)
        rounds.append(time.perf_counter() - started)
    elapsed = min(rounds)
    for line in scores.lines():
        print(line)
    print(f"speed {1000 * elapsed / words * 1000:.2f} ms per 1,000 words ({words} words)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
