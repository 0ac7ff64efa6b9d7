"""Hostile text through the whole extraction: no crash, no hang, offsets inside the text.

Whatever the text, ``Extractor`` returns an extraction that satisfies
``tests/fuzz/invariants.py`` (every span inside the text and true to it, valid
dossier/1, strict JSON) or raises a ``DossierError`` for that document: too long
(E042), not Unicode (E043), out of time (E041). The regressions the atheris harness
``fuzz/extract.py`` found are examples here.
"""

from __future__ import annotations

import copy
import signal
import threading

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import dossier
from dossier import limits, pipeline
from dossier.config import Config
from dossier.errors import DossierError, ExtractionError
from dossier.pipeline import Extractor
from dossier.records import Document
from tests.fuzz.invariants import check_extraction

pytestmark = pytest.mark.model

SOME = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Pieces of news text and of hostile text, joined at random.
PIECES = st.sampled_from(
    [
        "Police arrested 12 gang members in San Salvador",
        " on 3 November 2016",
        ", the ministry said.",
        ' "We will not negotiate," the minister said.',
        " Gunmen killed three people and wounded at least five",
        " between January 2015 and August 2016",
        " last month",
        " MS-13 and Barrio 18",
        " $2.5 million",
        " 9999-99-99",
        " 1e309 killed",
        " NaN wounded",
        " inf people were killed",
        " 99999999999999999999999999999 arrested",
        " -5 soldiers died",
        " 0000-00-00",
        " the year 0",
        "\u200b",
        "\u200f",
        "\u202e",
        "\ufeff",
        "\x00",
        "\x1b[31m",
        "\u2028",
        " \U0001f46e\u200d\u2640\ufe0f",
        " \u0627\u0644\u0634\u0631\u0637\u0629",
        "\n\n",
        "\t",
        " ",
        ".",
        '"',
        "\u201c",
    ]
)
HOSTILE_TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), min_size=1, max_size=30).map(
    "".join
)


def limited(extractor: Extractor, config: Config) -> Extractor:
    """The session's extractor (model and data loaded once) with other limits: the
    limits are all an extractor reads from its ``Config`` after it is built."""
    other = copy.copy(extractor)
    other.config = config
    return other


@pytest.fixture
def strict(extractor: Extractor) -> Extractor:
    """The extractor with a small size limit: 2,000 characters."""
    return limited(extractor, Config(max_chars=2_000))


@SOME
@given(text=HOSTILE_TEXT, published=st.sampled_from([None, "2016", "2016-11-03", "9999-12-31"]))
@example(text="1e309 killed and NaN wounded on 9999-99-99", published="2016-11-03")
@example(text="The weekend after the fourth quarter of 9999.", published="9999-12-31")
@example(text="Police killed 10" + "0" * 400 + " people.", published=None)
def test_any_text_gives_a_valid_extraction_or_an_error(
    extractor: Extractor, text: str, published: str | None
) -> None:
    document = Document(id="hostile", text=text, published=published)
    try:
        extraction = extractor.extract_one(document)
    except DossierError as exc:
        assert exc.doc_id == "hostile"
        assert exc.message.startswith("hostile: ") and "\n" not in exc.message
        return
    check_extraction(extraction)


@pytest.mark.parametrize(
    "text",
    [
        "On 9999-99-99 police said 1e309 people were killed and NaN wounded.",
        "Soldiers killed 99999999999999999999999999 rebels, the army said on 2016-13-45.",
        "Gangs extorted 1e400 dollars and 10^999 lempiras.",
        "Police arrested \u200b12\u200b gang members in San\u200fSalvador \u202eon Monday.",
        "Police\x00 arrested\x1b 12 gang\x7f members\x85 in San Salvador.",
        "\U0001f46e Police arrested 12 \U0001f52b gang members in San Salvador \U0001f1f8\U0001f1fb"
        " on Monday.",
        "\u0627\u0644\u0634\u0631\u0637\u0629 killed 3 people in"
        " \u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd.",
        '"' * 300 + " said police " + "\u201c" * 300,
    ],
)
def test_malformed_numbers_dates_and_characters(extractor: Extractor, text: str) -> None:
    check_extraction(extractor.extract_one(Document(id="d", text=text, published="2016-11-03")))


def test_an_unpaired_surrogate_is_refused_not_a_crash(extractor: Extractor) -> None:
    # Found by probing: spaCy's tokenizer raised UnicodeEncodeError on a lone surrogate.
    with pytest.raises(ExtractionError) as caught:
        extractor.extract_one(Document(id="s", text="Police \ud800 arrested 12 men."))
    assert caught.value.message == (
        "s: the text holds an unpaired surrogate (U+D800) at offset 7, which is not a character"
    )


def test_a_text_over_the_size_limit_is_refused(strict: Extractor) -> None:
    with pytest.raises(ExtractionError) as caught:
        strict.extract_one(Document(id="big", text="x" * 2_001))
    assert caught.value.message == (
        "big: 2001 characters is more than the limit of 2000; raise it with --max-chars"
    )


@pytest.fixture
def patient(extractor: Extractor) -> Extractor:
    """The extractor with a time limit of half a second, its lazy loads already done
    (the first document loads the time grammar and the actor matchers)."""
    extractor.extract_one(Document(id="warm", text="Police arrested 12 men on Monday."))
    return limited(extractor, Config(time_limit=0.5))


def _stuck_in_quotes(monkeypatch: pytest.MonkeyPatch, *, cooperative: bool) -> None:
    """Make the quotes stage never end: looping on ``limits.check()`` (as the stages'
    long loops do) or, not cooperative, in plain Python that checks nothing."""

    def forever(*args: object) -> list[object]:
        while True:
            if cooperative:
                limits.check()

    monkeypatch.setattr(pipeline.quotes, "find_quotes", forever)


def test_a_stage_that_checks_is_stopped_at_the_time_limit_in_any_thread(
    patient: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a thread (a Dask worker, a web upload) no signal can help: the checks do."""
    _stuck_in_quotes(monkeypatch, cooperative=True)
    outcome: list[object] = []

    def work() -> None:
        try:
            outcome.append(patient.extract_one(Document(id="slow", text="Police said so.")))
        except DossierError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    [error] = outcome
    assert isinstance(error, ExtractionError)
    assert error.message == (
        "slow: extraction took longer than the limit of 0.5 s (stopped in stage 'quotes');"
        " raise it with --time-limit"
    )


def test_a_stage_that_never_checks_is_stopped_by_the_timer_in_the_main_thread(
    patient: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stuck_in_quotes(monkeypatch, cooperative=False)
    with pytest.raises(ExtractionError) as caught:
        patient.extract_one(Document(id="slow", text="Police said so."))
    assert "(stopped in stage 'quotes')" in caught.value.message
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL  # the timer is put away


def test_a_batch_reports_each_failure_in_place(strict: Extractor) -> None:
    batch = [
        Document(id="ok-1", text="Police arrested 12 gang members in San Salvador."),
        Document(id="big", text="x " * 1_500),
        Document(id="surrogate", text="a \udc00 b"),
        Document(id="ok-2", text="Gunmen killed three people in Tegucigalpa."),
    ]
    results = strict.extract_batch(batch)
    assert [type(r).__name__ for r in results] == [
        "Extraction",
        "ExtractionError",
        "ExtractionError",
        "Extraction",
    ]
    assert [r.doc_id if isinstance(r, DossierError) else r.document.id for r in results] == [
        "ok-1",
        "big",
        "surrogate",
        "ok-2",
    ]


def test_extract_reports_a_hostile_document_and_goes_on() -> None:
    documents = [
        Document(id="bad", text="x \ud800"),
        Document(id="good", text="Police arrested 12 gang members in San Salvador."),
    ]
    results = list(dossier.extract(documents, Config(time_limit=30.0)))
    assert isinstance(results[0], ExtractionError)
    assert not isinstance(results[1], DossierError)
    check_extraction(results[1])
