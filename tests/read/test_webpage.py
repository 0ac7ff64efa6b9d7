"""Saved web pages: the article's text and metadata, without the page around it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.records import Document
from tests.read.support import documents, errors, one_error, read_all

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Bridge blockade ends | Valley Courier</title>
<meta property="og:title" content="Bridge blockade ends after talks">
<meta property="og:site_name" content="Valley Courier">
<meta property="article:published_time" content="2022-08-19T07:45:00+00:00">
<link rel="canonical" href="https://example.org/2022/bridge-blockade">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Bridge blockade ends after talks</h1>
<p>Farmers who had blocked the river bridge for nine days lifted their trucks on Thursday
after a long night of talks with the provincial governor.</p>
<p>The governor promised to review fuel prices by the end of September, a union leader told
reporters outside the town hall.</p>
<p>Police said no arrests were made during the protest, which began on 10 August 2022 and
cut the main road to the coast.</p>
</article>
<footer>Subscribe to our newsletter. All rights reserved.</footer>
</body></html>
"""


def test_a_page_gives_its_article_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "bridge.html"
    path.write_text(PAGE, encoding="utf-8")
    [document] = read_all(path)
    assert isinstance(document, Document)
    assert document.id == "bridge"
    assert document.title == "Bridge blockade ends after talks"
    assert document.url == "https://example.org/2022/bridge-blockade"
    assert document.source == "Valley Courier"
    assert document.published == "2022-08-19"
    paragraphs = document.text.split("\n\n")
    assert paragraphs[1].startswith("Farmers who had blocked the river bridge")
    assert paragraphs[-1].endswith("cut the main road to the coast.")
    assert "Subscribe" not in document.text
    assert "Sport" not in document.text


def test_the_date_comes_from_metadata_never_from_the_article_text(tmp_path: Path) -> None:
    page = PAGE.replace(
        '<meta property="article:published_time" content="2022-08-19T07:45:00+00:00">', ""
    )
    path = tmp_path / "bridge.htm"
    path.write_text(page, encoding="utf-8")
    [document] = read_all(path)
    assert isinstance(document, Document)
    assert document.published is None


def test_a_sidecar_and_the_override_win_over_the_page(tmp_path: Path) -> None:
    (tmp_path / "bridge.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "bridge.json").write_text(json.dumps({"id": "vc-88", "title": "Mine"}))
    [document] = read_all(tmp_path / "bridge.html", published="2022-08")
    assert isinstance(document, Document)
    assert (document.id, document.title, document.published) == ("vc-88", "Mine", "2022-08")
    assert document.source == "Valley Courier"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"<html><head><title>Menu</title></head><body></body></html>", "no article text found"),
        (b"", "the input is empty"),
        (b"<html>\x00\x00\x00</html>", "looks like a binary file"),
    ],
)
def test_pages_without_an_article_are_errors(tmp_path: Path, raw: bytes, problem: str) -> None:
    (tmp_path / "menu.html").write_bytes(raw)
    (tmp_path / "bridge.html").write_text(PAGE, encoding="utf-8")
    items = read_all(tmp_path / "menu.html", tmp_path / "bridge.html")
    assert one_error(items).startswith(f"{tmp_path / 'menu.html'}: {problem}")
    assert [d.id for d in documents(items)] == ["bridge"]


def test_a_page_over_the_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bridge.html").write_text(PAGE, encoding="utf-8")
    [message] = errors(read_all(tmp_path / "bridge.html", max_chars=100))
    assert "characters is more than the limit of 100" in message
