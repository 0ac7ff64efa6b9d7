"""The event coder: PLOVER-coded events from a parsed document and its findings.

``Lexicon.load()`` reads the event lexicon (``data/events/*.yaml``) once;
``code_events(doc, document, findings, lexicon)`` returns the document's events.
"""

from dossier.events.assemble import code_events
from dossier.events.lexicon import Lexicon

__all__ = ["Lexicon", "code_events"]
