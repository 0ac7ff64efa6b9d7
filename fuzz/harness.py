"""What the atheris harnesses share: default corpus folders and the libFuzzer command line.

Run a harness as ``.venv/bin/python fuzz/<target>.py -max_total_time=600``. With no
corpus folder on the command line, it reads the seeds in ``fuzz/seeds/<target>/`` and
writes what it finds to ``/tmp/dossier-fuzz/<target>/corpus`` (crashes to
``/tmp/dossier-fuzz/<target>/``), so a run never writes into the repository. Any
libFuzzer option may be given (``-runs=``, ``-max_len=``, ``-timeout=``, a corpus folder).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import atheris

SEEDS = Path(__file__).resolve().parent / "seeds"
WORK = Path("/tmp/dossier-fuzz")


def run(target: str, one_input: Callable[[bytes], None], *, timeout: int, max_len: int) -> None:
    """Fuzz ``one_input``; ``timeout`` (seconds per input) and ``max_len`` are defaults."""
    argv = list(sys.argv)
    options = [arg for arg in argv[1:] if arg.startswith("-")]
    folders = [arg for arg in argv[1:] if not arg.startswith("-")]
    work = WORK / target
    (work / "corpus").mkdir(parents=True, exist_ok=True)
    if not folders:
        folders = [str(work / "corpus"), str(SEEDS / target)]
    defaults = {
        "-timeout": str(timeout),
        "-max_len": str(max_len),
        "-artifact_prefix": f"{work}/",
    }
    for name, value in defaults.items():
        if not any(option.startswith(f"{name}=") for option in options):
            options.append(f"{name}={value}")
    atheris.Setup([argv[0], *options, *folders], one_input)
    atheris.Fuzz()
