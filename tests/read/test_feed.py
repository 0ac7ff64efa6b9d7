"""RSS and Atom feeds, from files and URLs: one document per entry."""

from __future__ import annotations

import urllib.error
from pathlib import Path

import pytest

from dossier.errors import InputError
from dossier.read import feed
from dossier.records import Document
from tests.read.support import documents, errors, one_error, read_all

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Border Wire</title><link>https://example.org/</link><language>en-us</language>
  <item>
    <title>Checkpoint closed</title>
    <link>https://example.org/news/checkpoint</link>
    <guid isPermaLink="false">bw-2041</guid>
    <pubDate>Tue, 01 Nov 2016 23:00:00 -0600</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>Customs officers closed the northern checkpoint
      &amp; turned back <b>forty</b> lorries.</p><p>It reopens on Monday.</p>]]></content:encoded>
  </item>
  <item>
    <title>Second item</title>
    <link>https://example.org/news/second</link>
    <description>&lt;p&gt;Only a summary here.&lt;br/&gt;On two lines.&lt;/p&gt;</description>
  </item>
  <item>
    <description>No link, no guid, no date.</description>
  </item>
  <item><title>Title only</title><link>https://example.org/news/empty</link></item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Notes</title>
  <id>urn:uuid:harbour-notes</id>
  <updated>2023-03-02T10:00:00Z</updated>
  <entry>
    <title>Ferry strike</title>
    <id>urn:uuid:ferry-strike</id>
    <link href="https://example.org/ferry"/>
    <updated>2023-03-02T10:00:00Z</updated>
    <content type="text">Ferry crews walked out at dawn.

They want safer rotas.</content>
  </entry>
</feed>
"""


def test_rss_entries_become_documents_and_an_empty_entry_an_error(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    items = read_all(path)
    assert documents(items) == [
        Document(
            id="bw-2041",
            text="Customs officers closed the northern checkpoint & turned back forty lorries."
            "\n\nIt reopens on Monday.",
            title="Checkpoint closed",
            url="https://example.org/news/checkpoint",
            source="Border Wire",
            published="2016-11-01",
        ),
        Document(
            id="https://example.org/news/second",
            text="Only a summary here.\n\nOn two lines.",
            title="Second item",
            url="https://example.org/news/second",
            source="Border Wire",
        ),
        Document(id="wire:3", text="No link, no guid, no date.", source="Border Wire"),
    ]
    assert errors(items) == [f"{path}, entry 4: the feed entry has no text (no summary or content)"]


def test_atom_entries_keep_plain_text_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "harbour.atom"
    path.write_text(ATOM, encoding="utf-8")
    assert read_all(path) == [
        Document(
            id="urn:uuid:ferry-strike",
            text="Ferry crews walked out at dawn.\n\nThey want safer rotas.",
            title="Ferry strike",
            url="https://example.org/ferry",
            source="Harbour Notes",
            published="2023-03-02",
        )
    ]


def test_published_override_applies_to_entries(tmp_path: Path) -> None:
    path = tmp_path / "harbour.xml"
    path.write_text(ATOM, encoding="utf-8")
    [document] = read_all(path, published="2023")
    assert isinstance(document, Document)
    assert document.published == "2023"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("<notes><note>hello</note></notes>", "not a readable RSS or Atom feed ("),
        ("plain words, no markup at all", "not a readable RSS or Atom feed ("),
        (
            '<rss version="2.0"><channel><title>Quiet</title></channel></rss>',
            "the feed has no entries",
        ),
        ("", "the input is empty"),
    ],
)
def test_files_that_are_no_usable_feed_are_errors(
    tmp_path: Path, content: str, problem: str
) -> None:
    (tmp_path / "bad.xml").write_text(content, encoding="utf-8")
    (tmp_path / "harbour.atom").write_text(ATOM, encoding="utf-8")
    items = read_all(tmp_path / "bad.xml", tmp_path / "harbour.atom")
    assert one_error(items).startswith(f"{tmp_path / 'bad.xml'}: {problem}")
    assert [d.id for d in documents(items)] == ["urn:uuid:ferry-strike"]


def test_a_feed_url_is_fetched_and_read(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def fake_fetch(url: str, max_bytes: int | None = None) -> bytes:
        asked.append(url)
        return ATOM.encode("utf-8")

    monkeypatch.setattr(feed, "fetch", fake_fetch)
    [document] = read_all("https://example.org/harbour.atom")
    assert asked == ["https://example.org/harbour.atom"]
    assert isinstance(document, Document)
    assert document.id == "urn:uuid:ferry-strike"


def test_a_feed_that_cannot_be_fetched_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def refuse(request: object, timeout: float) -> object:
        raise urllib.error.URLError("name or service not known")

    monkeypatch.setattr(feed.urllib.request, "urlopen", refuse)
    (tmp_path / "harbour.atom").write_text(ATOM, encoding="utf-8")
    items = read_all("http://feeds.invalid/rss", tmp_path / "harbour.atom")
    assert one_error(items) == (
        "http://feeds.invalid/rss: the feed could not be fetched (name or service not known)"
    )
    assert len(documents(items)) == 1


def test_fetch_maps_http_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_found(request: object, timeout: float) -> object:
        raise urllib.error.HTTPError("https://example.org/x", 404, "Not Found", {}, None)  # type: ignore[arg-type]

    monkeypatch.setattr(feed.urllib.request, "urlopen", not_found)
    with pytest.raises(InputError, match=r"could not be fetched \(HTTP 404 Not Found\)"):
        feed.fetch("https://example.org/x")


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
        ("Line<br>break<br/>twice", "Line\n\nbreak\n\ntwice"),
        ("<ul><li>first</li><li>second</li></ul>", "first\n\nsecond"),
        ("<p>Keep <i>inline</i>   words\n together</p>", "Keep inline words together"),
        ("<script>var x = 1;</script><style>p {}</style>Visible", "Visible"),
        ("Caf&eacute; &amp; bar &#8212; open", "Caf\u00e9 & bar \u2014 open"),
        ("", ""),
    ],
)
def test_strip_html(markup: str, text: str) -> None:
    assert feed.strip_html(markup) == text
