"""Inputs for cluster runs: Parquet tables of articles, globs, ids unique across them."""

from __future__ import annotations

import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dossier.config import Config
from dossier.errors import InputError
from dossier.records import Document
from dossier.scale import read_sources

ROWS = [
    {"id": "a-1", "text": "Police detained two men.", "title": "Arrests", "published": "2016-03"},
    {"id": "a-2", "text": "The truce held.", "title": None, "published": None},
    {"id": None, "text": "No id here.", "title": None, "published": None},
    {"id": "a-4", "text": "  ", "title": None, "published": None},
    {"id": "a-5", "text": None, "title": None, "published": None},
    {"id": "a-6", "text": "Bad date.", "title": None, "published": "2016-13-40"},
]


def articles(path: Path, rows: list[dict[str, object]], **kwargs: object) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path, **kwargs)  # type: ignore[arg-type]
    return path


def read(*sources: str | Path) -> list[Document | InputError]:
    return list(read_sources([str(s) for s in sources], Config()))


def messages(items: list[Document | InputError]) -> list[str]:
    return [item.message if isinstance(item, InputError) else item.id for item in items]


def test_a_parquet_table_gives_a_document_or_an_error_per_row(tmp_path: Path) -> None:
    path = articles(tmp_path / "news.parquet", ROWS, row_group_size=2)
    found = read(path)
    assert messages(found) == [
        "a-1",
        "a-2",
        "news:3",
        f"{path}, row 4: the record's 'text' is empty",
        f"{path}, row 5: 'text' must be text, not null",
        f"{path}, row 6: 'published' value '2016-13-40' is not a valid date:"
        " use YYYY, YYYY-MM or YYYY-MM-DD",
    ]
    first = found[0]
    assert isinstance(first, Document)
    assert (first.title, first.published, first.language) == ("Arrests", "2016-03", "en")


def test_whole_number_ids_become_text(tmp_path: Path) -> None:
    rows = [{"id": 7, "text": "Text."}, {"id": 8, "text": "More text."}]
    assert messages(read(articles(tmp_path / "numbered.parquet", rows))) == ["7", "8"]


def test_parquet_dates_become_iso_dates(tmp_path: Path) -> None:
    rows = [{"id": "d", "text": "Text.", "published": datetime.date(2016, 11, 3)}]
    (found,) = read(articles(tmp_path / "dated.parquet", rows))
    assert isinstance(found, Document) and found.published == "2016-11-03"


def test_a_table_without_text_is_named(tmp_path: Path) -> None:
    path = articles(tmp_path / "notext.parquet", [{"id": "x", "body": "Text."}])
    assert messages(read(path)) == [
        f"{path}: the CSV header has no 'text' column (found: body, id)"
    ]


def test_a_file_that_is_not_parquet_is_named(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 but not really")
    (error,) = read(path)
    assert isinstance(error, InputError) and error.message.startswith(f"{path}: could not be read")


def test_a_directory_of_parquet_files_is_read_in_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "dataset"
    folder.mkdir()
    articles(folder / "part-1.parquet", [{"id": "late", "text": "Later text."}])
    articles(folder / "part-0.parquet", [{"id": "early", "text": "Earlier text."}])
    assert messages(read(folder)) == ["early", "late"]


def test_globs_expand_in_name_order(tmp_path: Path) -> None:
    for name in ("b", "a", "c"):
        (tmp_path / f"{name}.jsonl").write_text(f'{{"id": "{name}", "text": "Text {name}."}}\n')
    assert messages(read(tmp_path / "*.jsonl")) == ["a", "b", "c"]


def test_a_glob_matching_nothing_is_a_missing_input(tmp_path: Path) -> None:
    pattern = tmp_path / "none-*.jsonl"
    assert messages(read(pattern)) == [f"{pattern}: no such file or directory"]


def test_an_id_read_twice_across_formats_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "first.jsonl").write_text('{"id": "same", "text": "First."}\n')
    parquet = articles(tmp_path / "second.parquet", [{"id": "same", "text": "Second."}])
    found = read(tmp_path / "first.jsonl", parquet)
    assert messages(found)[0] == "same"
    assert isinstance(found[1], InputError) and "already read in this run" in found[1].message


@pytest.mark.parametrize("rows", [1, 600])
def test_large_tables_stream_in_batches(tmp_path: Path, rows: int) -> None:
    path = articles(
        tmp_path / "many.parquet", [{"id": f"n{i}", "text": f"Text {i}."} for i in range(rows)]
    )
    assert messages(read(path)) == [f"n{i}" for i in range(rows)]
