"""The export registry: every format has its writer and its section in docs/exports.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import InputError
from dossier.export import FORMATS, get_format

DOCS = Path(__file__).resolve().parents[2] / "docs" / "exports.md"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_format_has_writer_and_docs(name: str) -> None:
    fmt = get_format(name.upper())
    assert fmt.name == name and fmt.writer.__name__ == f"write_{name}"
    assert f"## `{name}`" in DOCS.read_text(encoding="utf-8")


def test_unknown_format() -> None:
    with pytest.raises(InputError, match="unknown export format 'xls'"):
        get_format("xls")
