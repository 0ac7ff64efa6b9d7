"""CSV files: a header row, then one article per row; a bad row never costs the others."""

from __future__ import annotations

import csv
import io
import tempfile
import tracemalloc
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.errors import InputError, Messages
from dossier.read import iter_documents, table
from dossier.read.decoding import decode, fail
from dossier.read.fields import ReadOptions, record_document
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


# Streaming: the file is read in chunks (``CHUNK_BYTES``), decoded as it comes and parsed
# line by line. Small chunks put the boundaries inside characters, "\r\n" pairs and the
# byte order mark.

SMALL_CHUNKS = pytest.mark.parametrize("chunk_bytes", [1, 2, 3, 5, table.CHUNK_BYTES])


@SMALL_CHUNKS
def test_rows_before_a_bad_byte_are_read_then_the_error_names_it(
    tmp_path: Path, chunk_bytes: int
) -> None:
    path = tmp_path / "desk.csv"
    path.write_bytes(b'text\r\nfirst\r\n"second,\r\nquoted"\r\nSe captur\xf3\r\nafter\r\n')
    with mock.patch.object(table, "CHUNK_BYTES", chunk_bytes):
        items = read_all(path)
    assert [d.text for d in documents(items)] == ["first", "second,\nquoted"]
    assert errors(items) == [
        f"{path}: not valid UTF-8 text (byte 0xF3 at line 5, column 10); save it as UTF-8"
    ]


@SMALL_CHUNKS
def test_a_bad_byte_inside_an_open_quoted_field_ends_the_file(
    tmp_path: Path, chunk_bytes: int
) -> None:
    path = tmp_path / "desk.csv"
    path.write_bytes(b'text\nfirst\n"an open\nquote, then \xc3\xa9t\xe9 and more"\nlast\n')
    with mock.patch.object(table, "CHUNK_BYTES", chunk_bytes):
        items = read_all(path)
    assert [d.text for d in documents(items)] == ["first"]
    # "é" in UTF-8 takes columns 13 and 14; a lone 0xE9 (latin-1 "é") is at 16
    assert errors(items) == [
        f"{path}: not valid UTF-8 text (byte 0xE9 at line 4, column 16); save it as UTF-8"
    ]


def test_a_split_character_at_the_end_is_a_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "desk.csv"
    path.write_bytes(b"text\nfirst\nlast \xe2\x82")  # the euro sign without its last byte
    with mock.patch.object(table, "CHUNK_BYTES", 2):
        items = read_all(path)
    assert [d.text for d in documents(items)] == ["first"]
    assert errors(items) == [
        f"{path}: not valid UTF-8 text (byte 0xE2 at line 3, column 6); save it as UTF-8"
    ]


@SMALL_CHUNKS
def test_bom_line_ends_and_quoted_lines_read_in_chunks(tmp_path: Path, chunk_bytes: int) -> None:
    content = (
        "\ufeffid,text,title\r\n"
        'a,"Tres detenidos.\r\nLa fiscalía, ayer.\rFin.",€ 1\r\n'
        "\r\n"
        ',"""Quoted"" 😀",\n'
        "c,plain\u2028text,x"  # no line end at the end of the file
    )
    path = tmp_path / "desk.csv"
    path.write_bytes(content.encode("utf-8"))
    with mock.patch.object(table, "CHUNK_BYTES", chunk_bytes):
        items = read_all(path)
    assert items == [
        Document(id="a", text="Tres detenidos.\nLa fiscalía, ayer.\nFin.", title="€ 1"),
        Document(id="desk:4", text='"Quoted" 😀'),
        Document(id="c", text="plain\u2028text", title="x"),
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\xef\xbb\xbf", "the input is empty"),  # nothing but a UTF-8 byte order mark
        (b" \r\n\t" * 5_000, "the input is empty"),  # blank beyond the first bytes read
        (
            b" " * 10_000 + b"\ntext\nlater\n",
            "the CSV header has no 'text' column (found: nothing)",
        ),
        (
            b"\xff\xfet\x00e\x00x\x00t\x00",
            "not valid UTF-8 text (it is UTF-16 text); save it as UTF-8",
        ),
        (b"text\nan\x00image\n", "looks like a binary file, not text"),
    ],
)
def test_unusable_files_streamed_are_one_error(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "desk.csv"
    path.write_bytes(content)
    assert errors(read_all(path)) == [f"{path}: {problem}"]


def test_a_field_over_the_csv_limit_is_an_error_and_the_next_rows_are_read(
    tmp_path: Path,
) -> None:
    too_long = "z" * (table.line_chars(2, 40) + 1)  # over the csv module's limit, too
    path = write_csv(tmp_path / "desk.csv", f"text,id\nbefore,a\n{too_long},b\nafter,c\n")
    items = read_all(path, max_chars=40)
    assert errors(items) == [f"{path}, row 3: a field is longer than the limit of 40 characters"]
    assert [d.id for d in documents(items)] == ["a", "c"]


def raise_csv_field_limit(tmp_path: Path) -> None:
    """Read with the default limit, which raises the csv module's own (a process-wide
    setting) to at least 1,000,000 characters, so that tests do not depend on their order."""
    read_all(write_csv(tmp_path / "first.csv", "text\nsets the csv module's field limit\n"))


@pytest.mark.parametrize(
    "line",
    [
        "x," * 300_000,  # more fields than any line of two may hold
        'x,"' + "quoted, " * 80_000 + '"',  # the cut falls inside the quoted field
    ],
)
def test_a_line_longer_than_any_row_can_be_is_cut_and_reported(tmp_path: Path, line: str) -> None:
    raise_csv_field_limit(tmp_path)  # the quoted field (640,000 characters) is within it
    path = write_csv(tmp_path / "desk.csv", f"id,text\na,before\n{line}\nc,after\n")
    limit = table.line_chars(2, 40)
    items = read_all(path, max_chars=40)
    [message] = errors(items)
    assert message.startswith(f"{path}, row 3: a line of ")
    assert message.endswith(f"longer than the {limit} a row of 2 fields within the limit can take")
    assert [d.text for d in documents(items)] == ["before", "after"]


def test_an_overlong_header_is_an_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "desk.csv", "text" + ",x" * 200_000 + "\nstory\n")
    [message] = errors(read_all(path, max_chars=40))
    assert message == (
        f"{path}, row 1: a header line of 400005 characters, longer than any header can be"
    )


def peak_bytes_reading(path: Path, **options: object) -> tuple[int, list[str], int]:
    """The documents counted, the errors and the most memory allocated while reading."""
    count, messages = 0, []
    tracemalloc.start()
    try:
        for item in iter_documents([str(path)], **options):  # type: ignore[arg-type]
            if isinstance(item, Document):
                count += 1
            else:
                messages.append(item.message)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return count, messages, peak


def test_memory_follows_the_longest_row_not_the_file(tmp_path: Path) -> None:
    path = tmp_path / "years.csv"
    row = 'x,"{}",2020-01-01\n'.format("Police arrested a gang leader.\n" * 300)  # ~9 kB
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,text,published\n")
        for number in range(5_500):
            handle.write(row.replace("x", f"n{number}", 1))
    size = path.stat().st_size
    assert size > 50_000_000
    count, messages, peak = peak_bytes_reading(path)
    assert (count, messages) == (5_500, [])
    assert peak < size / 20


def test_a_huge_field_with_no_line_end_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.write(b"text\nbefore\n")
        for _ in range(50):
            handle.write(b"z" * 1_000_000)
    size = path.stat().st_size
    count, messages, peak = peak_bytes_reading(path)
    assert count == 1
    assert messages == [f"{path}, row 3: a field is longer than the limit of 1000000 characters"]
    assert peak < size / 4


# The reference: the reader as it was before it streamed, the whole file decoded at once
# and parsed with ``csv.reader``; kept here only to compare.


def whole_file_items(path: Path, max_chars: int) -> list[Document | str]:
    name = str(path)
    options = ReadOptions(max_chars=max_chars)
    try:
        data = path.read_bytes()
        if not data.strip():
            raise fail(Messages.E002, path=name)
        text = decode(name, data)
        if not text:  # a byte order mark alone: the old reader crashed (StopIteration)
            raise fail(Messages.E002, path=name)
        rows = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = [column.strip().lower() for column in next(rows)]
        except csv.Error as exc:
            raise fail(Messages.E008, path=name, line=1, detail=f"not valid CSV ({exc})") from exc
        if "text" not in header:
            raise fail(Messages.E023, path=name, columns=", ".join(header) or "nothing")
    except InputError as exc:
        return [exc.message]
    items: list[Document | str] = []
    number = 1
    while True:
        number += 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            items.append(f"{name}, row {number}: not valid CSV ({exc})")
            continue
        if not any(field.strip() for field in row):
            continue
        if len(row) != len(header):
            items.append(
                f"{name}, row {number}: {len(row)} fields, but the header has {len(header)}"
            )
            continue
        try:
            items.append(
                record_document(
                    dict(zip(header, row, strict=True)),
                    where=f"{name}, row {number}",
                    default_id=f"{path.stem}:{number}",
                    options=options,
                )
            )
        except InputError as exc:
            items.append(exc.message)
    return items or [Messages.E025.format(path=name, what="a header")]


CSV_PIECES = st.sampled_from(
    ["a", "b c", " ", ",", ",", '"', '"', "\n", "\r\n", "\r", "é", "€", "😀", "\ufeff", "\t"]
)
HEADERS = st.sampled_from(["text", "id,text", "text,title,published", " Text ,x", "id,title"])


@settings(max_examples=300, deadline=None)
@given(
    header=HEADERS,
    body=st.lists(CSV_PIECES, max_size=60).map("".join),
    bom=st.booleans(),
    chunk_bytes=st.integers(min_value=1, max_value=9),
)
def test_streaming_gives_what_the_whole_file_parse_gave(
    header: str, body: str, bom: bool, chunk_bytes: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "desk.csv")
        path.write_bytes(("\ufeff" if bom else "").encode() + f"{header}\n{body}".encode())
        with mock.patch.object(table, "CHUNK_BYTES", chunk_bytes):
            streamed = [
                item if isinstance(item, Document) else item.message
                for item in read_all(path, max_chars=12)
            ]
        assert streamed == whole_file_items(path, max_chars=12)


BYTE_PIECES = st.sampled_from(
    [b"a", b" ", b",", b'"', b"\n", b"\r\n", b"\r", "é".encode(), b"\xff", b"\xe2\x82", b"\x80"]
)


@settings(max_examples=300, deadline=None)
@given(body=st.lists(BYTE_PIECES, max_size=40).map(b"".join), chunk_bytes=st.integers(1, 9))
def test_a_bad_byte_ends_the_file_after_the_rows_before_its_line(
    body: bytes, chunk_bytes: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "desk.csv")
        path.write_bytes(b"id,text\n" + body)
        with mock.patch.object(table, "CHUNK_BYTES", chunk_bytes):
            streamed = [
                item if isinstance(item, Document) else item.message
                for item in read_all(path, max_chars=100)
            ]
        whole = whole_file_items(path, max_chars=100)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = len(b"id,text\n") + exc.start
        else:
            assert streamed == whole
            return
        assert streamed[-1] == whole[0]  # the same error, naming the same byte
        # before it: the rows of the lines that end before the bad byte
        data = path.read_bytes()
        path.write_bytes(data[: max(data.rfind(b"\n", 0, bad), data.rfind(b"\r", 0, bad)) + 1])
        before = whole_file_items(path, max_chars=100)
        cut_short = ("unexpected end of data", "only a header")  # at the end of the part kept
        assert streamed[:-1] == [
            item
            for item in before
            if not (isinstance(item, str) and any(what in item for what in cut_short))
        ]
