from __future__ import annotations

import pytest

from dossier.store.rows import MARK_CLOSE, MARK_OPEN
from dossier.web.highlight import Span, highlight, snippet


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("plain", [], "plain"),
        ("a <b> c", [], "a &lt;b&gt; c"),
        ("one two", [Span(4, 7, "trigger")], 'one <mark class="hl-trigger">two</mark>'),
        (
            "<x> y",
            [Span(0, 3, "actor")],
            '<mark class="hl-actor">&lt;x&gt;</mark> y',
        ),
        (
            "abcd",
            [Span(0, 4, "evidence"), Span(1, 2, "trigger")],
            '<mark class="hl-evidence">a</mark><mark class="hl-evidence hl-trigger">b</mark>'
            '<mark class="hl-evidence">cd</mark>',
        ),
        ("abc", [Span(2, 9, "actor"), Span(1, 1, "actor")], "abc"),  # outside or empty
        ("abc", [Span(0, 1, "onclick")], "abc"),  # unknown roles are not classes
    ],
)
def test_highlight_escapes_then_wraps(text: str, spans: list[Span], expected: str) -> None:
    assert str(highlight(text, spans)) == expected


def test_highlight_anchor_once() -> None:
    html = str(highlight("ab", [Span(0, 2, "evidence", "ev"), Span(1, 2, "trigger")]))
    assert html.count('id="ev"') == 1


def test_snippet_marks_matches_and_escapes() -> None:
    text = f"<i>{MARK_OPEN}gang{MARK_CLOSE}</i> talks"
    assert str(snippet(text)) == '&lt;i&gt;<mark class="hl-match">gang</mark>&lt;/i&gt; talks'
