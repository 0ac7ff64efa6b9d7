"""CSV files: a header row, then one article per row; a bad row never costs the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.records import Document
from tests.read.support import documents, errors, one_error, read_all


def write_csv(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8", newline="")
    return path


def test_each_row_is_a_document(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "desk.csv",
        " ID ,Text,Title,url,source,published,language,notes\r\n"
        'd-1,"A mayor resigned.\r\nHe gave no reason.",Mayor quits,https://example.org/d-1,'
        "Desk,2020-01-15,en,skip me\r\n"
        ",Another row without an id.,,,,2020,,\r\n",
    )
    assert read_all(path) == [
        Document(
            id="d-1",
            text="A mayor resigned.\nHe gave no reason.",
            title="Mayor quits",
            url="https://example.org/d-1",
            source="Desk",
            published="2020-01-15",
        ),
        Document(id="desk:3", text="Another row without an id.", published="2020"),
    ]


def test_blank_rows_are_skipped_and_rows_numbered_like_a_spreadsheet(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "desk.csv", "text\n\nfirst story\n,\n\nsecond story\n")
    assert [d.id for d in documents(read_all(path))] == ["desk:3", "desk:6"]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ('x,"quoted"then,2020', "row 3: not valid CSV (',' expected after '\"')"),
        ("x,too,many,fields", "row 3: 4 fields, but the header has 3"),
        ("x,,2020", "row 3: the record's 'text' is empty"),
        ("x,some text,31/12/2020", "row 3: 'published' value '31/12/2020' is not a valid date"),
        ("x," + "z" * 41 + ",2020", "row 3: 41 characters is more than the limit of 40"),
    ],
)
def test_a_bad_row_is_an_error_naming_file_and_row(tmp_path: Path, row: str, problem: str) -> None:
    content = f"id,text,published\na,before,2020\n{row}\nc,after,2020\n"
    path = write_csv(tmp_path / "desk.csv", content)
    items = read_all(path, max_chars=40)
    assert one_error(items).startswith(f"{path}, {problem}")
    assert [d.text for d in documents(items)] == ["before", "after"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "the input is empty"),
        ("id,title\na,b\n", "the CSV header has no 'text' column (found: id, title)"),
        ("id,text\n", "holds no records, only a header"),
    ],
)
def test_unusable_csv_files_are_one_error(tmp_path: Path, content: str, problem: str) -> None:
    path = write_csv(tmp_path / "desk.csv", content)
    assert errors(read_all(path)) == [f"{path}: {problem}"]


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "desk.csv"
    path.write_bytes(b"text\nfine\nSe captur\xf3\n")
    assert errors(read_all(path)) == [
        f"{path}: not valid UTF-8 text (byte 0xF3 at line 3, column 10); save it as UTF-8"
    ]


def test_a_field_beyond_the_csv_module_default_limit_is_read(tmp_path: Path) -> None:
    long_text = "word " * 40_000  # 200,000 characters, above csv's default field limit
    path = write_csv(tmp_path / "desk.csv", f"text\n{long_text}\n")
    [document] = read_all(path)
    assert isinstance(document, Document)
    assert document.text == long_text
