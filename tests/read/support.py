"""Helpers the reader tests share: read inputs and split documents from errors."""

from __future__ import annotations

from dossier.errors import InputError
from dossier.read import iter_documents
from dossier.records import Document


def read_all(*sources: object, **options: object) -> list[Document | InputError]:
    """Everything ``iter_documents`` yields for ``sources`` (paths or strings), as a list."""
    return list(iter_documents([str(source) for source in sources], **options))  # type: ignore[arg-type]


def documents(items: list[Document | InputError]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def errors(items: list[Document | InputError]) -> list[str]:
    """The messages of the errors among ``items``, in order."""
    return [item.message for item in items if isinstance(item, InputError)]


def one_error(items: list[Document | InputError]) -> str:
    """The message of the single error among ``items``."""
    [message] = errors(items)
    return message
