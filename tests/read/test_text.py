"""Plain text and Markdown files, their JSON sidecars, and what makes them unreadable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dossier.errors import InputError
from dossier.records import Document
from tests.read.support import documents, one_error, read_all

REPORT = "The harbour police seized two boats on Friday.\nNobody was hurt, a spokesman said.\n"


@pytest.mark.parametrize("suffix", [".txt", ".text", ".md", ".TXT"])
def test_text_formats_read_as_written_with_the_stem_as_id(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"harbour{suffix}"
    path.write_text(REPORT, encoding="utf-8")
    [document] = read_all(path)
    assert document == Document(id="harbour", text=REPORT)


def test_a_sidecar_supplies_the_metadata(tmp_path: Path) -> None:
    (tmp_path / "harbour.txt").write_text(REPORT, encoding="utf-8")
    metadata = {
        "id": "coast-17",
        "title": "Boats seized",
        "url": "https://example.org/boats",
        "source": "Coast Herald",
        "published": "2021-06-04",
        "language": "en-GB",
    }
    (tmp_path / "harbour.json").write_text(json.dumps(metadata), encoding="utf-8")
    [document] = read_all(tmp_path / "harbour.txt")
    assert document == Document(
        id="coast-17",
        text=REPORT,
        title="Boats seized",
        url="https://example.org/boats",
        source="Coast Herald",
        published="2021-06-04",
        language="en",
    )


@pytest.mark.parametrize(
    ("sidecar", "expected"),
    [
        ({"published": "2021"}, Document(id="harbour", text=REPORT, published="2021")),
        ({"published": "2021-06"}, Document(id="harbour", text=REPORT, published="2021-06")),
        (
            {"published": "2021-06-04T18:30:00+02:00", "id": 42},
            Document(id="42", text=REPORT, published="2021-06-04"),
        ),
        ({"title": "", "language": "ES"}, Document(id="harbour", text=REPORT, language="es")),
        ({"title": None}, Document(id="harbour", text=REPORT)),
        ({"note": "kept by hand", "licence": "CC BY"}, Document(id="harbour", text=REPORT)),
    ],
)
def test_partial_sidecars_and_partial_dates(
    tmp_path: Path, sidecar: dict[str, object], expected: Document
) -> None:
    (tmp_path / "harbour.md").write_text(REPORT, encoding="utf-8")
    (tmp_path / "harbour.json").write_text(json.dumps(sidecar), encoding="utf-8")
    assert read_all(tmp_path / "harbour.md") == [expected]


@pytest.mark.parametrize(
    ("sidecar", "problem"),
    [
        ('["2021"]', "the JSON sidecar is invalid (a list, not an object)"),
        ('{"title": ', "the JSON sidecar is invalid (Expecting value"),
        ('{"title": ["a", "b"]}', "'title' must be text, not a list"),
        ('{"id": true}', "'id' must be text, not true or false"),
        ('{"published": "last week"}', "'published' value 'last week' is not a valid date"),
    ],
)
def test_a_bad_sidecar_is_an_error_naming_it(tmp_path: Path, sidecar: str, problem: str) -> None:
    (tmp_path / "harbour.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "harbour.json").write_text(sidecar, encoding="utf-8")
    (tmp_path / "other.txt").write_text(REPORT, encoding="utf-8")
    items = read_all(tmp_path / "harbour.txt", tmp_path / "other.txt")
    message = one_error(items)
    assert message.startswith(str(tmp_path / "harbour.json"))
    assert problem in message
    assert [d.id for d in documents(items)] == ["other"]


def test_published_override_replaces_the_sidecar_date_even_a_bad_one(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"published": "not a date"}', encoding="utf-8")
    (tmp_path / "b.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.json").write_text('{"published": "1999-01-02"}', encoding="utf-8")
    items = read_all(tmp_path / "a.txt", tmp_path / "b.txt", published="2016-11")
    assert [d.published for d in documents(items)] == ["2016-11", "2016-11"]


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"\xef\xbb\xbfA byte order mark goes.", "A byte order mark goes."),
        (b"Windows\r\nline ends\r\n", "Windows\nline ends\n"),
        (b"Old Mac\rline ends", "Old Mac\nline ends"),
        (b"  Leading and trailing space stays.  \n\n", "  Leading and trailing space stays.  \n\n"),
        ("Acentos: captur\u00f3 \u00e9l".encode(), "Acentos: captur\u00f3 \u00e9l"),
    ],
)
def test_only_the_bom_and_line_ends_change(tmp_path: Path, raw: bytes, text: str) -> None:
    (tmp_path / "a.txt").write_bytes(raw)
    [document] = read_all(tmp_path / "a.txt")
    assert isinstance(document, Document)
    assert document.text == text


@pytest.mark.parametrize(
    ("name", "raw", "problem"),
    [
        ("empty.txt", b"", "the input is empty"),
        ("blank.md", b" \n\t\n", "the input is empty"),
        ("bom-only.txt", b"\xef\xbb\xbf", "the input is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file"),
        (
            "latin1.txt",
            "First line\nSe captur\u00f3".encode("latin-1"),
            "not valid UTF-8 text (byte 0xF3 at line 2, column 10)",
        ),
    ],
)
def test_unreadable_text_files_name_the_file_and_problem(
    tmp_path: Path, name: str, raw: bytes, problem: str
) -> None:
    (tmp_path / name).write_bytes(raw)
    (tmp_path / "fine.txt").write_text(REPORT, encoding="utf-8")
    items = read_all(tmp_path / name, tmp_path / "fine.txt")
    message = one_error(items)
    assert message.startswith(f"{tmp_path / name}: {problem}")
    assert [d.id for d in documents(items)] == ["fine"]


def test_text_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text("x" * 101, encoding="utf-8")
    (tmp_path / "short.txt").write_text("x" * 100, encoding="utf-8")
    items = read_all(tmp_path / "long.txt", tmp_path / "short.txt", max_chars=100)
    expected = f"{tmp_path / 'long.txt'}: 101 characters is more than the limit of 100"
    assert one_error(items) == expected
    assert [d.id for d in documents(items)] == ["short"]


def test_the_same_file_gets_the_same_id_on_every_run(tmp_path: Path) -> None:
    (tmp_path / "harbour.txt").write_text(REPORT, encoding="utf-8")
    assert read_all(tmp_path / "harbour.txt") == read_all(tmp_path / "harbour.txt")


_AWKWARD = st.sampled_from(["\r\n", "\r", "\n", "\ufeff", "\x00", " ", "\u2028", "\u00e9"])


@given(st.lists(st.one_of(st.text(), _AWKWARD)).map("".join))
def test_any_text_reads_back_exactly_or_is_an_input_error(
    tmp_path_factory: pytest.TempPathFactory, written: str
) -> None:
    path = tmp_path_factory.mktemp("prop") / "any.txt"
    path.write_bytes(written.encode("utf-8"))
    [item] = read_all(path)
    expected = written.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(item, InputError):
        assert item.message.startswith(f"{path}: ")
        assert "\x00" in written or not expected.strip(), item.message
    else:
        assert item.text == expected
