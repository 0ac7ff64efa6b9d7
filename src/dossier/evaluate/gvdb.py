"""Scoring counts, names and places against the Gun Violence Database gold.

The GVDB development split (``gold/gvdb/dev.tsv``, Pavlick et al., EMNLP 2016) is a
tab-separated file with the header ``Article id, Article url, Article title, Full text,
Json, Worker``. ``Full text`` is the title glued to the body; the ``Json`` column holds
one crowd worker's annotation: ``victim-section`` and ``shooter-section`` (each person
with a ``name {value, startIndex, endIndex}``; victims with ``victim-was``, a list of
``killed``, ``injured``, ``hospitalized``) and ``date-and-time`` (``city {value}``,
``state``, ``date``). ``load_gvdb`` reads it into ``GvdbArticle`` records.

``article_document`` builds the ``Document`` dossier reads: the title and the body as
two paragraphs (the file glues them, which would merge the title's last word with the
body's first), and no publication date: the annotated ``date`` is the incident's, not
the article's, and giving it as ``published`` would hand the time stage the answer.

``score_gvdb`` counts, per article (``GvdbOutput``: the extraction and the places the
find stage saw):

- killed (injured): the gold figure is the number of victims marked ``killed``
  (``injured``); the system figure is the largest ``killed`` (``injured``) among the
  article's ASSAULT events that are neither negated nor hypothetical, 0 if none;
  exact-match accuracy and mean absolute error;
- victim and shooter names, micro P/R/F1: the system's victims are the person actors
  that are recipients of those events, its shooters the person actors that are their
  actors; a name matches a gold name when their surnames agree (last word, casefolded,
  accents folded, generational suffixes such as "Jr." and "III" dropped), one to one;
- the incident city, accuracy over articles whose gold names one: the system's city is
  the ``where`` of the qualifying ASSAULT event with the most killed (the first such
  event on ties) when it is a city, else the first city-precision place in the text;
  ``city_accuracy`` compares casefolded names exactly, ``city_overlap_accuracy``
  accepts one name inside the other as whole words ("southwest Houston", "Houston"),
  because the crowd's city spans are often wider or narrower than a city name.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.errors import InputError, Messages
from dossier.records import Actor, Document, Event, Extraction, PlaceMention, Span

COLUMNS = ("Article id", "Article url", "Article title", "Full text", "Json", "Worker")
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class GvdbPerson:
    """A victim or shooter as annotated: the name (may be empty) and what happened."""

    name: str
    span: Span | None  # into ``GvdbArticle.text``; None when the worker marked no span
    killed: bool = False
    injured: bool = False


@dataclass(frozen=True)
class GvdbArticle:
    id: str
    url: str
    title: str
    text: str  # "Full text": the title glued to the body, as the offsets expect
    victims: tuple[GvdbPerson, ...]
    shooters: tuple[GvdbPerson, ...]
    city: str | None
    state: str | None
    date: str | None  # the incident date

    @property
    def killed(self) -> int:
        return sum(1 for v in self.victims if v.killed)

    @property
    def injured(self) -> int:
        return sum(1 for v in self.victims if v.injured)


def _invalid(path: Path, detail: str) -> InputError:
    return InputError(Messages.E050.format(path=path, detail=detail))


def _value(field: Any) -> str:
    if isinstance(field, dict):
        return str(field.get("value") or "").strip()
    return str(field or "").strip()


def _span(field: Any) -> Span | None:
    if not isinstance(field, dict):
        return None
    start, end = int(field.get("startIndex", -1)), int(field.get("endIndex", -1))
    return (start, end) if 0 <= start < end else None


def _person(raw: Any, *, victim: bool) -> GvdbPerson:
    if not isinstance(raw, dict):
        raise TypeError(f"a person must be a JSON object, not {type(raw).__name__}")
    was = (raw.get("victim-was") or []) if victim else []
    if not isinstance(was, list):
        raise TypeError("'victim-was' must be a list")
    name = raw.get("name")
    return GvdbPerson(
        name=_value(name).strip(" ,;"),
        span=_span(name),
        killed="killed" in was,
        injured="injured" in was,
    )


def _people(annotation: dict[str, Any], key: str, *, victim: bool) -> tuple[GvdbPerson, ...]:
    section = annotation.get(key) or []
    if not isinstance(section, list):
        raise TypeError(f"'{key}' must be a list")
    return tuple(_person(raw, victim=victim) for raw in section)


def _article(row: dict[str, str]) -> GvdbArticle:
    annotation = json.loads(row["Json"])
    if not isinstance(annotation, dict):
        raise TypeError("the Json column must hold a JSON object")
    when = annotation.get("date-and-time") or {}
    if not isinstance(when, dict):
        raise TypeError("'date-and-time' must be a JSON object")
    return GvdbArticle(
        id=row["Article id"].strip(),
        url=row["Article url"].strip(),
        title=row["Article title"],
        text=row["Full text"],
        victims=_people(annotation, "victim-section", victim=True),
        shooters=_people(annotation, "shooter-section", victim=False),
        city=_value(when.get("city")) or None,
        state=_value(when.get("state")) or None,
        date=_value(when.get("date")) or None,
    )


def load_gvdb(path: Path, limit: int | None = None) -> tuple[GvdbArticle, ...]:
    """Read a GVDB TSV file (the first ``limit`` articles); raises ``InputError`` (E050)."""
    csv.field_size_limit(sys.maxsize)  # an article's text is one field
    articles: list[GvdbArticle] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise _invalid(path, f"the header lacks {', '.join(missing)}")
            for number, row in enumerate(reader, start=2):
                if limit is not None and len(articles) >= limit:
                    break
                if None in row or any(row[c] is None for c in COLUMNS):
                    raise _invalid(path, f"row {number}: expected {len(COLUMNS)} columns")
                try:
                    articles.append(_article(row))
                except (ValueError, TypeError, AttributeError) as exc:
                    raise _invalid(path, f"row {number}: {exc}") from exc
    except OSError as exc:
        raise InputError(Messages.E013.format(path=path, detail=exc.strerror)) from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise _invalid(path, str(exc)) from exc
    if not articles:
        raise _invalid(path, "no articles")
    return tuple(articles)


def article_document(article: GvdbArticle) -> Document:
    """The article as dossier reads it: title and body apart, no publication date."""
    text = article.text
    title = article.title.strip()
    if title and text.startswith(article.title) and len(text) > len(article.title):
        text = f"{article.title}\n\n{text[len(article.title):]}"
    return Document(id=f"gvdb-{article.id}", text=text, title=title or None, url=article.url)


@dataclass(frozen=True)
class GvdbOutput:
    """What dossier made of one article: its extraction (None if it failed) and places."""

    extraction: Extraction | None
    places: tuple[PlaceMention, ...] = ()


@dataclass(frozen=True)
class GvdbError:
    """One disagreement: ``kind`` names it (``killed under``, ``victim missed``, ...)."""

    doc_id: str
    kind: str
    want: Any
    got: Any
    context: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc_id,
            "kind": self.kind,
            "want": self.want,
            "got": self.got,
            "context": self.context,
        }


@dataclass(frozen=True)
class GvdbScores:
    articles: int
    killed_accuracy: float
    killed_mae: float
    injured_accuracy: float
    injured_mae: float
    victim_precision: float
    victim_recall: float
    victim_f1: float
    shooter_precision: float
    shooter_recall: float
    shooter_f1: float
    city_articles: int
    city_accuracy: float
    city_overlap_accuracy: float
    errors: tuple[GvdbError, ...]

    def figures(self) -> dict[str, float | int]:
        names = [
            "killed_accuracy", "killed_mae", "injured_accuracy", "injured_mae",
            "victim_precision", "victim_recall", "victim_f1",
            "shooter_precision", "shooter_recall", "shooter_f1",
        ]
        out: dict[str, float | int] = {"gvdb_articles": self.articles}
        out.update({f"gvdb_{n}": round(getattr(self, n), 3) for n in names})
        out["gvdb_city_articles"] = self.city_articles
        out["gvdb_city_accuracy"] = round(self.city_accuracy, 3)
        out["gvdb_city_overlap_accuracy"] = round(self.city_overlap_accuracy, 3)
        return out


def fold(text: str) -> str:
    """Casefolded, accents removed, spaces normalised."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def surname(name: str) -> str | None:
    """The last word of a name, folded, skipping generational suffixes; None if none."""
    words = [w for w in _WORD.findall(fold(name)) if w not in SUFFIXES]
    return words[-1] if words else None


def violent_events(extraction: Extraction) -> list[Event]:
    """The ASSAULT events that are neither negated nor hypothetical."""
    return [
        e
        for e in extraction.events
        if e.type == "ASSAULT" and not e.modality.negated and not e.modality.hypothetical
    ]


def _people_of(events: Sequence[Event], actors: dict[str, Actor], role: str) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for event in events:
        for actor_id in getattr(event, role):
            actor = actors.get(actor_id)
            if actor is not None and actor.kind == "person":
                seen.setdefault(actor_id, actor)
    return list(seen.values())


def system_city(extraction: Extraction, places: Sequence[PlaceMention]) -> str | None:
    """The city of the deadliest qualifying ASSAULT event, else the first city named."""
    events = violent_events(extraction)
    if events:
        deadliest = max(events, key=lambda e: (e.killed or 0, -e.evidence.trigger[0]))
        if deadliest.where is not None and deadliest.where.precision == "city":
            return deadliest.where.name
    cities = sorted((p for p in places if p.where.precision == "city"), key=lambda p: p.span)
    return cities[0].where.name if cities else None


def city_overlaps(gold: str, system: str) -> bool:
    """One name inside the other, as whole words ("southwest houston" and "houston")."""
    a, b = fold(gold), fold(system)
    short, long = sorted((a, b), key=len)
    return bool(short) and re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long) is not None


@dataclass
class _Tally:
    killed_right: int = 0
    killed_error: int = 0
    injured_right: int = 0
    injured_error: int = 0
    city_articles: int = 0
    city_right: int = 0
    city_overlap: int = 0


@dataclass
class _NameTally:
    right: int = 0
    system: int = 0
    gold: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.right / self.system if self.system else 0.0
        r = self.right / self.gold if self.gold else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _context(article: GvdbArticle, span: Span | None = None, width: int = 80) -> str:
    """The words around ``span`` (the start of the body when there is none)."""
    if span is None:
        start = len(article.title) if article.text.startswith(article.title) else 0
        return " ".join(article.text[start : start + 2 * width].split())
    before = article.text[max(0, span[0] - width) : span[0]]
    inside, after = article.text[span[0] : span[1]], article.text[span[1] : span[1] + width]
    return " ".join(f"{before}[{inside}]{after}".split())


def _why_missed(key: str, role: str, extraction: Extraction) -> str:
    """Where a gold name was lost: not found, not a person, or not in an event's role."""
    named = [a for a in extraction.actors if surname(a.name) == key]
    if not named:
        return "not an actor"
    if all(a.kind != "person" for a in named):
        return "actor, not a person"
    return f"person, not the {role} of an ASSAULT"


def _score_names(
    article: GvdbArticle,
    what: str,
    found: Sequence[Actor],
    extraction: Extraction,
    tally: _NameTally,
    errors: list[GvdbError],
) -> None:
    gold, role = (
        (article.victims, "recipient") if what == "victim" else (article.shooters, "actor")
    )
    wanted = {p.name: key for p in gold if (key := surname(p.name))}
    spans = {p.name: p.span for p in gold}
    have = {a.name: key for a in found if (key := surname(a.name))}
    want_count, have_count = Counter(wanted.values()), Counter(have.values())
    tally.gold += sum(want_count.values())
    tally.system += sum(have_count.values())
    tally.right += sum((want_count & have_count).values())
    doc = f"gvdb-{article.id}"
    got = sorted(have)
    for name, key in wanted.items():
        if key not in have_count:
            kind = f"{what} missed: {_why_missed(key, role, extraction)}"
            errors.append(GvdbError(doc, kind, name, got, _context(article, spans[name])))
    for name, key in have.items():
        if key not in want_count:
            errors.append(GvdbError(doc, f"{what} spurious", sorted(wanted), name))


def _count_error(
    article: GvdbArticle, what: str, want: int, got: int, events: Sequence[Event]
) -> GvdbError:
    if got > want:
        kind = f"{what} over"
    elif got > 0:
        kind = f"{what} under"
    elif events:
        kind = f"{what} none: no count on the ASSAULT events"
    else:
        kind = f"{what} none: no ASSAULT event"
    return GvdbError(f"gvdb-{article.id}", kind, want, got, _context(article))


def score_gvdb(articles: Sequence[GvdbArticle], outputs: Sequence[GvdbOutput]) -> GvdbScores:
    """Score dossier's outputs (one per article, same order) against the gold."""
    if len(articles) != len(outputs):
        raise ValueError("one output per article is needed")
    tally = _Tally()
    victims, shooters = _NameTally(), _NameTally()
    errors: list[GvdbError] = []
    for article, output in zip(articles, outputs, strict=True):
        extraction = output.extraction or Extraction(document=article_document(article))
        events = violent_events(extraction)
        killed = max((e.killed or 0 for e in events), default=0)
        injured = max((e.injured or 0 for e in events), default=0)
        tally.killed_right += killed == article.killed
        tally.killed_error += abs(killed - article.killed)
        tally.injured_right += injured == article.injured
        tally.injured_error += abs(injured - article.injured)
        if killed != article.killed:
            errors.append(_count_error(article, "killed", article.killed, killed, events))
        if injured != article.injured:
            errors.append(_count_error(article, "injured", article.injured, injured, events))
        actors = {a.id: a for a in extraction.actors}
        victims_found = _people_of(events, actors, "recipient")
        _score_names(article, "victim", victims_found, extraction, victims, errors)
        shooters_found = _people_of(events, actors, "actor")
        _score_names(article, "shooter", shooters_found, extraction, shooters, errors)
        if article.city:
            city = system_city(extraction, output.places)
            tally.city_articles += 1
            exact = city is not None and fold(city) == fold(article.city)
            tally.city_right += exact
            close = city is not None and city_overlaps(article.city, city)
            tally.city_overlap += close
            if not exact:
                kind = "city none" if city is None else "city close" if close else "city wrong"
                errors.append(
                    GvdbError(f"gvdb-{article.id}", kind, article.city, city, _context(article))
                )
    n = len(articles)
    vp, vr, vf = victims.prf()
    sp, sr, sf = shooters.prf()
    cities = tally.city_articles
    return GvdbScores(
        articles=n,
        killed_accuracy=tally.killed_right / n if n else 0.0,
        killed_mae=tally.killed_error / n if n else 0.0,
        injured_accuracy=tally.injured_right / n if n else 0.0,
        injured_mae=tally.injured_error / n if n else 0.0,
        victim_precision=vp,
        victim_recall=vr,
        victim_f1=vf,
        shooter_precision=sp,
        shooter_recall=sr,
        shooter_f1=sf,
        city_articles=cities,
        city_accuracy=tally.city_right / cities if cities else 0.0,
        city_overlap_accuracy=tally.city_overlap / cities if cities else 0.0,
        errors=tuple(errors),
    )
