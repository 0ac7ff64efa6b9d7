"""Temporal expressions: find them, normalise them TIMEX3-style, turn them into spans.

- ``find_timexes(text, published, doc=None)``: every temporal expression, normalised
  against the publication date;
- ``to_when(timex)``: a DATE/TIME timex as a calendar ``When``;
- ``publication_when(published)``: the article's own date as a ``When``;
- ``when_for(text, timexes, window)``: the ``When`` of an event's sentence.

The grammar is a list of token patterns (``rules``) over word lists in
``data/time.yaml``; normalisation is ours (``absolute``, ``relative``).
"""

from __future__ import annotations

from dossier.time.find import find_timexes
from dossier.time.when import publication_when, to_when, when_for

__all__ = ["find_timexes", "publication_when", "to_when", "when_for"]
