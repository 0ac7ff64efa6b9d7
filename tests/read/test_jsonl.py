"""JSON Lines files: one article per line; a bad line never costs the others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.records import Document
from tests.read.support import documents, errors, one_error, read_all


def write_lines(path: Path, *lines: str | dict[str, object]) -> Path:
    rendered = [line if isinstance(line, str) else json.dumps(line) for line in lines]
    path.write_text("\n".join(rendered) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson"])
def test_each_line_is_a_document(tmp_path: Path, suffix: str) -> None:
    path = write_lines(
        tmp_path / f"wire{suffix}",
        {
            "id": "w-1",
            "text": "Troops left the valley.\r\nThe road reopened.",
            "title": "Troops leave",
            "url": "https://example.org/w-1",
            "source": "Wire",
            "published": "2019-04-30",
            "language": "es",
            "section": "ignored",
        },
        {"text": "A second, shorter story.", "published": "2019-05"},
    )
    assert read_all(path) == [
        Document(
            id="w-1",
            text="Troops left the valley.\nThe road reopened.",
            title="Troops leave",
            url="https://example.org/w-1",
            source="Wire",
            published="2019-04-30",
            language="es",
        ),
        Document(id="wire:2", text="A second, shorter story.", published="2019-05"),
    ]


def test_blank_lines_and_a_bom_are_skipped_and_line_numbers_kept(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "first"}\n\n   \n{"text": "fourth"}\r\n')
    assert [(d.id, d.text) for d in documents(read_all(path))] == [
        ("wire:1", "first"),
        ("wire:4", "fourth"),
    ]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "x", "text": ', "line 2: not a valid JSON object (Expecting value at column 21)"),
        ('["a list"]', "line 2: not a valid JSON object (found a list)"),
        ('"just text"', "line 2: not a valid JSON object (found a string)"),
        ('{"id": "x"}', "line 2: the record has no 'text' field"),
        ('{"text": "   "}', "line 2: the record's 'text' is empty"),
        ('{"text": 12}', "line 2: 'text' must be text, not a number"),
        ('{"text": "ok", "title": {"a": 1}}', "line 2: 'title' must be text, not an object"),
        (
            '{"text": "ok", "published": "2019-02-30"}',
            "line 2: 'published' value '2019-02-30' is not a valid date",
        ),
        ('{"text": "' + "y" * 51 + '"}', "line 2: 51 characters is more than the limit of 50"),
    ],
)
def test_a_bad_line_is_an_error_naming_file_and_line(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = write_lines(tmp_path / "wire.jsonl", {"text": "before"}, line, {"text": "after"})
    items = read_all(path, max_chars=50)
    assert one_error(items).startswith(f"{path}, {problem}")
    assert [d.text for d in documents(items)] == ["before", "after"]


def test_invalid_utf8_on_one_line_names_that_line(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_bytes(b'{"text": "fine"}\n{"text": "Se captur\xf3"}\n{"text": "also fine"}\n')
    items = read_all(path)
    assert one_error(items) == (
        f"{path}: not valid UTF-8 text (byte 0xF3 at line 2, column 20); save it as UTF-8"
    )
    assert [d.text for d in documents(items)] == ["fine", "also fine"]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"", "the input is empty"),
        (b"\n\n  \n", "holds no records, only blank lines"),
        (b'{"text": "a"}\x00\x00\x00', "looks like a binary file, not text"),
    ],
)
def test_unusable_files_are_one_error(tmp_path: Path, raw: bytes, problem: str) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_bytes(raw)
    assert errors(read_all(path)) == [f"{path}: {problem}"]


def test_published_override_replaces_every_record_date(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "wire.jsonl",
        {"text": "one", "published": "2001"},
        {"text": "two", "published": "soon"},
        {"text": "three"},
    )
    items = read_all(path, published="2016-11-03")
    assert [d.published for d in documents(items)] == ["2016-11-03"] * 3


def test_ids_are_the_same_on_every_run(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "wire.jsonl", {"text": "one"}, {"id": 7, "text": "two"})
    assert [d.id for d in documents(read_all(path))] == ["wire:1", "7"]
    assert read_all(path) == read_all(path)
