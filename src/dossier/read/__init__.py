"""Readers: turn what the user names into ``Document`` records.

One module per format (``text``, ``webpage``, ``jsonl``, ``table`` for CSV, ``feed``,
``pdf``); ``sources`` picks among them. Bad inputs come back as ``InputError`` values
in the stream, each with a one-line message naming the input and the problem.
"""

from __future__ import annotations

from dossier.read.dates import parse_date
from dossier.read.sources import SUFFIXES, iter_documents

__all__ = ["SUFFIXES", "iter_documents", "parse_date"]
