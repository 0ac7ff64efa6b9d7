"""Actors: who a document names, from a curated dictionary and the entity recogniser.

``ActorDictionary.load(extra)`` reads the bundled dictionary (``data/actors/``) and a
user's own files; ``find_actors(doc, dictionary, country)`` returns the document's
actors and every mention of them.
"""

from dossier.actors.dictionary import ActorDictionary
from dossier.actors.find import find_actors

__all__ = ["ActorDictionary", "find_actors"]
