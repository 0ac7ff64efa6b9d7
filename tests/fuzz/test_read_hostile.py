"""Hostile input to every reader: whatever the bytes, documents or one-line errors.

Property tests (hypothesis) over random bytes in each format, text in every common
encoding, deeply nested HTML, huge lines, malformed CSV, feeds and PDFs, plus the
regressions the atheris harness in ``fuzz/readers.py`` found.
"""

from __future__ import annotations

import io
import json
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dossier.errors import InputError
from dossier.read import iter_documents
from dossier.read.jsonl import line_bytes
from dossier.records import Document
from tests.fuzz.invariants import check_item

SUFFIXES = (".txt", ".md", ".html", ".jsonl", ".csv", ".xml", ".atom", ".pdf")
MAX_CHARS = 5_000
FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def read(path: Path, max_chars: int = MAX_CHARS) -> list[Document | InputError]:
    items = list(iter_documents([str(path)], max_chars=max_chars))
    for item in items:
        check_item(item, max_chars)
    return items


def messages(items: list[Document | InputError]) -> list[str]:
    return [item.message for item in items if isinstance(item, InputError)]


@FAST
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=2_000))
def test_random_bytes_in_any_format_give_documents_or_errors(
    tmp_path: Path, suffix: str, data: bytes
) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    assert read(path)  # at least one item: a document or the reason there is none


_HOSTILE_CHARS = st.sampled_from(
    [
        "\u200b",  # zero-width space
        "\u200d",  # zero-width joiner
        "\u202e",  # right-to-left override
        "\u2066",  # left-to-right isolate
        "\ufeff",  # a BOM in the middle of the text
        "\u0000",
        "\u001b",
        "\u0085",  # next line
        "\u2028",  # line separator
        "\U0001f46e\u200d\u2640\ufe0f",  # a zero-width-joined emoji sequence
        "\u0627\u0644\u0634\u0631\u0637\u0629",  # Arabic
        "\r",
        "\r\n",
        "e\u0301",  # a combining accent
    ]
)
HOSTILE_TEXT = st.lists(
    st.one_of(_HOSTILE_CHARS, st.text(max_size=20)), min_size=1, max_size=40
).map("".join)


@FAST
@given(
    text=HOSTILE_TEXT,
    encoding=st.sampled_from(
        ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252",
         "shift_jis", "gb18030", "koi8-r"]
    ),
    suffix=st.sampled_from([".txt", ".html", ".csv", ".jsonl"]),
)  # fmt: skip
def test_text_in_any_encoding_is_read_as_utf8_or_refused(
    tmp_path: Path, text: str, encoding: str, suffix: str
) -> None:
    data = text.encode(encoding, errors="replace")
    if suffix == ".csv":
        data = b"id,text\nx," + data
    elif suffix == ".jsonl":
        data = b'{"text": "' + data + b'"}'
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    items = read(path)
    if encoding in ("utf-8", "utf-8-sig") and suffix == ".txt":
        written = text if encoding == "utf-8-sig" else text.removeprefix("\ufeff")
        expected = written.replace("\r\n", "\n").replace("\r", "\n")
        [item] = items
        if "\x00" in text:
            assert messages(items) == [f"{path}: looks like a binary file, not text"]
        elif not expected.strip():
            assert messages(items) == [f"{path}: the input is empty"]
        else:
            assert isinstance(item, Document)
            assert item.text == expected


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
@pytest.mark.parametrize("suffix", [".txt", ".md", ".jsonl", ".csv", "-"])
def test_utf16_and_utf32_text_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str, suffix: str
) -> None:
    data = '{"text": "Police arrested 12 men."}\n'.encode(encoding)  # with a BOM
    if suffix == "-":
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        name = "<stdin>"
    else:
        name = str(tmp_path / f"input{suffix}")
        Path(name).write_bytes(data)
    items = list(iter_documents([name if suffix != "-" else "-"], max_chars=MAX_CHARS))
    assert messages(items) == [
        f"{name}: not valid UTF-8 text (it is {encoding.upper()} text); save it as UTF-8"
    ]


@FAST
@given(text=HOSTILE_TEXT, escape=st.booleans())
def test_a_jsonl_record_keeps_its_text_or_is_refused(
    tmp_path: Path, text: str, escape: bool
) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"id": "w", "text": text}, ensure_ascii=escape) + "\n", "utf-8")
    [item] = read(path)
    if isinstance(item, Document):
        assert item.text == text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize(
    ("record", "text"),
    [
        # Found by reasoning about the atheris harness: a JSON escape can hold half a
        # surrogate pair, which no UTF-8 text (or SQLite) can store.
        (r'{"text": "before \ud800 after"}', "before \ufffd after"),
        (r'{"text": "\udfff\ud800"}', "\ufffd\ufffd"),
        (r'{"text": "a \ud83d\ude00 pair"}', "a \U0001f600 pair"),
    ],
)
def test_unpaired_surrogates_in_json_become_replacement_characters(
    tmp_path: Path, record: str, text: str
) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text(record.replace("}", r', "title": "\udc80"}') + "\n", "utf-8")
    [document] = read(path)
    assert isinstance(document, Document)
    assert (document.text, document.title) == (text, "\ufffd")


@pytest.mark.parametrize("depth", [100, 1_000, 50_000])
def test_deeply_nested_html_is_read_or_refused(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.html"
    body = "<div>" * depth + "<p>Police arrested 12 gang members in San Salvador.</p>"
    path.write_text(f"<html><body>{body}{'</div>' * depth}</body></html>", "utf-8")
    assert read(path, max_chars=1_000_000)


@pytest.mark.parametrize("depth", [1_000, 50_000])
def test_deeply_nested_feed_html_is_read_or_refused(tmp_path: Path, depth: int) -> None:
    markup = "&lt;div&gt;" * depth + "Gunmen killed three people." + "&lt;/div&gt;" * depth
    path = tmp_path / "deep.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item>'
        f"<guid>d</guid><description>{markup}</description></item></channel></rss>",
        "utf-8",
    )
    [item] = read(path, max_chars=1_000_000)
    assert isinstance(item, Document)
    assert item.text == "Gunmen killed three people."


def test_a_huge_single_line_of_text_is_read_within_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text("Police arrested 12 men; " * 40_000, "utf-8")  # 960,000 characters
    [document] = read(path, max_chars=1_000_000)
    assert isinstance(document, Document)
    assert len(document.text) == 960_000


@pytest.mark.parametrize("suffix", [".txt", ".html", ".xml", ".pdf"])
def test_a_file_too_large_for_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"big{suffix}"
    with path.open("wb") as handle:
        handle.truncate(2_000_000)  # a sparse file: nothing is written, nothing read
    tracemalloc.start()
    try:
        [message] = messages(read(path, max_chars=1_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message == (
        f"{path}: 2000000 bytes is too large for the limit of 1000 characters per document;"
        " raise it with --max-chars"
    )
    assert peak < 1_000_000


def test_a_100_mb_jsonl_line_is_refused_without_holding_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"id": "before", "text": "Police arrested 12 men."}\n')
        handle.write(b'{"id": "huge", "text": "')
        chunk = b"killed " * (1 << 17)  # 917,504 bytes
        for _ in range(110):  # about 100 MB
            handle.write(chunk)
        handle.write(b'"}\n{"id": "after", "text": "Two soldiers were wounded."}\n')
    size = path.stat().st_size
    assert size > 100_000_000
    tracemalloc.start()
    try:
        items = read(path, max_chars=1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [item.id for item in items if isinstance(item, Document)] == ["before", "after"]
    limit = line_bytes(1_000_000)
    line = size - len(b'{"id": "before", "text": "Police arrested 12 men."}\n')
    line -= len(b'{"id": "after", "text": "Two soldiers were wounded."}\n')
    assert messages(items) == [
        f"{path}, line 2: {line} bytes is longer than a record within the limit of 1000000"
        f" characters can be ({limit} bytes); raise it with --max-chars"
    ]
    assert peak < 3 * limit  # the line was skipped in chunks, never held whole


def test_a_huge_jsonl_line_on_standard_input_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = b'{"text": "' + b"x" * 2_000_000 + b'"}\n{"id": "ok", "text": "Police said."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    items = list(iter_documents(["-"], max_chars=1_000))
    assert [item.id for item in items if isinstance(item, Document)] == ["ok"]
    [message] = messages(items)
    assert message.startswith("<stdin>, line 1: 2000013 bytes is longer than a record")


def test_too_much_plain_text_on_standard_input_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"word " * 10_000)))
    [message] = messages(list(iter_documents(["-"], max_chars=1_000)))
    assert message == (
        "<stdin>: more than 4003 bytes is too large for the limit of 1000 characters per document;"
        " raise it with --max-chars"
    )


@pytest.mark.parametrize(
    "nested",
    ["[" * 100_000 + "]" * 100_000, '{"a":' * 5_000 + "1" + "}" * 5_000],
)
def test_json_nested_too_deeply_is_an_error_for_its_line(tmp_path: Path, nested: str) -> None:
    # Found while reviewing the JSON Lines reader: json.loads raised RecursionError.
    path = tmp_path / "deep.jsonl"
    path.write_text(f'{{"text": "x", "title": {nested}}}\n{{"text": "Police said."}}\n', "utf-8")
    items = read(path, max_chars=1_000_000)
    assert messages(items) == [f"{path}, line 1: not a valid JSON object (nested too deeply)"]
    assert [item.text for item in items if isinstance(item, Document)] == ["Police said."]
    (tmp_path / "story.txt").write_text("Police said.", "utf-8")
    (tmp_path / "story.json").write_text(nested, "utf-8")
    assert messages(read(tmp_path / "story.txt")) == [
        f"{tmp_path / 'story.json'}: the JSON sidecar is invalid (nested too deeply)"
    ]


MALFORMED_CSV = [
    b'id,text\n1,"unclosed quote\n',
    b"id,text\n1\n",
    b"text\n" + b'"' * 1_000,
    b'\xef\xbb\xbfid,text\r\n1,"a""b"\r2,c\n',
    b"id,text,text\n1,a,b\n",
    b"id,text\n" + b"x," * 10_000 + b"\n",
]


@pytest.mark.parametrize("data", MALFORMED_CSV)
def test_malformed_csv_gives_documents_or_errors(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(data)
    assert read(path)


MALFORMED_FEEDS = [
    # Found by fuzz/readers.py: a non-ASCII byte in the XML declaration's encoding
    # made feedparser raise UnicodeDecodeError.
    b'<?xml version="1.0" encoding="\xf5tf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
    b"<title>Wire</title>\n<ent\x01r<y",
    b'<?xml version="1.0" encoding="no-such-codec"?><rss version="2.0"><channel><item>'
    b"<description>Text</description></item></channel></rss>",
    b'<rss version="2.0"><channel><item><description>Text</description>'
    b"<pubDate>9999-99-99</pubDate></item></channel></rss>",
    # Found by this test: a character reference to a surrogate made feedparser raise
    # UnicodeEncodeError.
    b'<rss version="2.0"><channel><item><description>&#xD800; &#0; &#x110000;</description>'
    b"</item></channel></rss>",
    b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><rss version="2.0"><channel><item>'
    b"<description>&c;&c;&c;</description></item></channel></rss>",
]


@pytest.mark.parametrize("data", MALFORMED_FEEDS)
def test_malformed_feeds_give_documents_or_errors(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(data)
    assert read(path)


@pytest.mark.parametrize(
    ("written", "published"),
    [
        ("the day before yesterday", None),  # neither dossier nor feedparser reads it
        ("9999-99-99", "9999-11-01"),  # feedparser's reading, wrapped into the calendar
        ("Thu, 03 Nov 2016 10:00:00 GMT", "2016-11-03"),
        ("2016-11-03T10:00:00+02:00", "2016-11-03"),
    ],
)
def test_a_feed_date_is_a_partial_iso_date_or_none(
    tmp_path: Path, written: str, published: str | None
) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        '<rss version="2.0"><channel><item><guid>g</guid><description>Text</description>'
        f"<pubDate>{written}</pubDate></item></channel></rss>",
        "utf-8",
    )
    [document] = read(path)
    assert isinstance(document, Document)
    assert document.published == published


def _pdf(page: bytes) -> bytes:
    """A one-page PDF whose page object is ``page``, with a correct cross-reference."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page,
        b"<< /Length 44 >>\nstream\nBT /F1 10 Tf 10 50 Td (Police said.) Tj ET\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


MALFORMED_PDFS = [
    # Found by fuzz/readers.py: a page without resources whose /Parent names an object
    # that does not exist made pypdf raise AttributeError.
    _pdf(b"<< /Type /Page /Parent 9 0 R /MediaBox [0 0 300 100] /Contents 4 0 R >>"),
    _pdf(b"<< /Type /Page /Parent null /MediaBox [0 0 300 100] /Contents 4 0 R >>"),
    _pdf(b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 300 100] /Contents 4 0 R >>"),
    _pdf(b"<< /Type /Page /Parent 2 0 R /Contents 9 0 R >>"),
    b"%PDF-1.7\n" + b"[" * 10_000,
    b"%PDF-1.4\ntrailer\n<< /Root << /Pages << /Kids [null] /Count 1 >> >> >>\n%%EOF",
]


@pytest.mark.parametrize("data", MALFORMED_PDFS)
def test_malformed_pdfs_give_documents_or_errors(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(data)
    assert read(path)


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=3_000))
@example(data=b"{" + b"\xff" * 10)
@example(data=b"\xef\xbb\xbf{" + b"\n" * 5_000)
def test_standard_input_gives_documents_or_errors(data: bytes) -> None:
    stream = io.TextIOWrapper(io.BytesIO(data))
    saved = sys.stdin
    sys.stdin = stream
    try:
        items = list(iter_documents(["-"], max_chars=MAX_CHARS))
    finally:
        sys.stdin = saved
    assert items
    for item in items:
        check_item(item, MAX_CHARS)
