"""What the user names: files, directories, standard input; errors as values, in order."""

from __future__ import annotations

import importlib
import io
import json
import sys
from pathlib import Path

import pytest

from dossier.errors import InputError
from dossier.read import SUFFIXES, iter_documents
from dossier.records import Document
from tests.read.support import documents, errors, one_error, read_all

NOTE = "The council voted to close the old market.\n"


def test_the_public_api_is_what_init_exports() -> None:
    package = importlib.import_module("dossier.read")  # the attribute dossier.read is a function
    assert sorted(package.__all__) == ["SUFFIXES", "iter_documents", "parse_date"]
    assert set(SUFFIXES) >= {".txt", ".md", ".html", ".jsonl", ".csv", ".rss", ".xml", ".pdf"}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder of inputs with hidden files, unknown suffixes and a subfolder."""
    (tmp_path / "b.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "a.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"id": "a-note"}', encoding="utf-8")  # a sidecar
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\x00")
    (tmp_path / ".hidden.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "README").write_text(NOTE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.jsonl").write_text('{"text": "one"}\n{"text": "two"}\n')
    (tmp_path / "sub" / "A.TXT").write_text(NOTE, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "aa").mkdir()
    (tmp_path / "aa" / "empty.txt").write_text("", encoding="utf-8")
    return tmp_path


def test_a_directory_is_read_recursively_in_name_order_skipping_the_rest(tree: Path) -> None:
    items = read_all(tree)
    assert [d.id for d in documents(items)] == ["a-note", "b", "A", "c:1", "c:2"]
    assert errors(items) == [f"{tree / 'aa' / 'empty.txt'}: the input is empty"]
    assert items.index(next(i for i in items if isinstance(i, InputError))) == 2


def test_a_directory_with_nothing_to_read_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    message = one_error(read_all(tmp_path))
    assert message.startswith(f"{tmp_path}: the directory holds no files dossier reads (.txt")


@pytest.mark.parametrize("name", ["notes.docx", "README", "data.json"])
def test_a_named_file_with_an_unknown_suffix_is_an_error(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(NOTE, encoding="utf-8")
    suffix = Path(name).suffix or "(none)"
    message = one_error(read_all(tmp_path / name))
    assert message.startswith(f"{tmp_path / name}: unsupported file type '{suffix}'")
    assert ".txt" in message


def test_bad_inputs_are_values_and_every_good_input_is_still_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 10)
    (tmp_path / "latin1.txt").write_bytes("Se captur\u00f3".encode("latin-1"))
    (tmp_path / "mixed.jsonl").write_text('{"id": "m", "text": "kept"}\n{broken\n')
    (tmp_path / "good.txt").write_text(NOTE, encoding="utf-8")
    names = ["empty.txt", "binary.txt", "missing.txt", "latin1.txt", "mixed.jsonl", "good.txt"]
    items = read_all(*(tmp_path / name for name in names))
    assert [d.id for d in documents(items)] == ["m", "good"]
    problems = errors(items)
    assert len(problems) == 5
    for name, message in zip(names, problems, strict=False):
        assert message.startswith(str(tmp_path / name)), (name, message)
    assert problems[2] == f"{tmp_path / 'missing.txt'}: no such file or directory"


def test_errors_are_yielded_never_raised(tmp_path: Path) -> None:
    stream = iter_documents([str(tmp_path / "nope.txt"), str(tmp_path / "nope.csv")])
    assert [type(item) for item in stream] == [InputError, InputError]


def test_the_published_override_reaches_every_format(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "x", "published": "1990"}\n')
    (tmp_path / "c.csv").write_text("text,published\ny,1991-01\n")
    items = read_all(tmp_path, published="2016-11")
    assert [d.published for d in documents(items)] == ["2016-11"] * 3


class _Stdin(io.TextIOWrapper):
    """Standard input as a process sees it: text over a byte buffer."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data), encoding="utf-8")


@pytest.mark.parametrize("make", [_Stdin, lambda data: io.StringIO(data.decode("utf-8"))])
def test_standard_input_is_plain_text(monkeypatch: pytest.MonkeyPatch, make: type) -> None:
    monkeypatch.setattr(sys, "stdin", make(b"Lines from a pipe.\r\nSecond line.\n"))
    assert read_all("-", published="2016-11") == [
        Document(id="stdin", text="Lines from a pipe.\nSecond line.\n", published="2016-11")
    ]


def test_standard_input_starting_with_a_brace_is_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [{"id": "p-1", "text": "first"}, {"text": "second"}]
    data = "\n\n" + "\n".join(json.dumps(line) for line in lines) + "\n{bad\n"
    monkeypatch.setattr(sys, "stdin", _Stdin(b"\xef\xbb\xbf" + data.encode()))
    items = read_all("-")
    assert [(d.id, d.text) for d in documents(items)] == [("p-1", "first"), ("stdin:4", "second")]
    assert one_error(items).startswith("<stdin>, line 5: not a valid JSON object")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "<stdin>: the input is empty"),
        (b"\x00\x01", "<stdin>: looks like a binary file, not text"),
        (b'{"text": "\x00"}', "<stdin>: looks like a binary file, not text"),
        (b"caf\xe9", "<stdin>: not valid UTF-8 text (byte 0xE9 at line 1, column 4)"),
    ],
)
def test_bad_standard_input_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data: bytes, problem: str
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    (tmp_path / "good.txt").write_text(NOTE, encoding="utf-8")
    items = read_all("-", tmp_path / "good.txt")
    assert one_error(items).startswith(problem)
    assert [d.id for d in documents(items)] == ["good"]


def test_a_document_id_read_twice_is_an_error_not_a_silent_replacement(tmp_path: Path) -> None:
    for folder in ("north", "south"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(f"Raids in the {folder}.", "utf-8")
    items = read_all(tmp_path)
    assert [d.text for d in documents(items)] == ["Raids in the north."]
    [error] = errors(items)
    assert "document id 'report' was already read in this run" in error
    assert str(tmp_path) in error
