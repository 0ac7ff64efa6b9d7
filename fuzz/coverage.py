"""Line coverage of dossier's code by a fuzzing corpus: which lines its inputs reach.

libFuzzer's ``cov:`` counts instrumented edges, across every instrumented package; this
replays a corpus through a harness's ``one_input`` under ``sys.settrace`` and prints,
for each module of ``src/dossier`` the corpus reached, the lines run out of the lines
that can run (from the compiled code objects), and the totals per package.

    .venv/bin/python fuzz/coverage.py readers [CORPUS_FOLDER ...]

Without folders it replays ``/tmp/dossier-fuzz/<target>/corpus`` and the seeds.
"""

from __future__ import annotations

import importlib
import sys
from collections import defaultdict
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "dossier"
sys.path.insert(0, str(ROOT))


def runnable_lines(path: Path) -> set[int]:
    """The line numbers that hold code in ``path``, from its compiled code objects."""
    lines: set[int] = set()
    stack: list[CodeType] = [compile(path.read_text("utf-8"), str(path), "exec")]
    while stack:
        code = stack.pop()
        lines.update(line for _, _, line in code.co_lines() if line is not None)
        stack.extend(const for const in code.co_consts if isinstance(const, CodeType))
    return lines


def main(target: str, folders: list[str]) -> None:
    if not folders:
        folders = [f"/tmp/dossier-fuzz/{target}/corpus", str(ROOT / "fuzz" / "seeds" / target)]
    inputs = sorted(p for folder in folders for p in Path(folder).iterdir() if p.is_file())
    ran: dict[str, set[int]] = defaultdict(set)
    prefix = str(PACKAGE)

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            ran[frame.f_code.co_filename].add(frame.f_lineno)
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename.startswith(prefix):
            ran[frame.f_code.co_filename].add(frame.f_lineno)
            return local
        return None

    failures = 0
    sys.settrace(tracer)  # before the import, so that module-level lines count as run
    try:
        harness = importlib.import_module(f"fuzz.{target}")
        for path in inputs:
            try:
                harness.one_input(path.read_bytes())
            except Exception:  # noqa: BLE001  (counted: a crash the run already reported)
                failures += 1
    finally:
        sys.settrace(None)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    print(f"{target}: {len(inputs)} inputs replayed, {failures} raised")
    for name in sorted(ran):
        path = Path(name)
        possible = runnable_lines(path)
        hit = len(ran[name] & possible)
        module = path.relative_to(PACKAGE)
        package = module.parts[0] if len(module.parts) > 1 else module.stem
        totals[package][0] += hit
        totals[package][1] += len(possible)
        print(f"  {module}: {hit}/{len(possible)} lines ({100 * hit / len(possible):.0f}%)")
    for package, (reached, runnable) in sorted(totals.items()):
        print(f"{package}: {reached}/{runnable} lines ({100 * reached / runnable:.0f}%)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
