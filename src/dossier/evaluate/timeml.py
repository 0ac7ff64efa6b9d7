"""Scoring temporal expressions against TimeML gold, the way TempEval-3 does.

A ``.tml`` file is read into a ``TimemlDoc``: the document text with every tag
stripped, the document creation time (the ``<DCT>`` timex, which is the publication
date and not a timex to find), and the gold ``TIMEX3`` inside ``<TEXT>`` with spans into
the stripped text. A system is any callable ``(text, dct) -> list[Timex]``; it is run
on the ``<TEXT>`` region only, so the header (DCT, title, wire codes) is never scored.

Figures (``TimemlScores``), as in TempEval-3:
- strict span P/R/F1: a system timex matches a gold one with exactly the same span;
- relaxed span P/R/F1: the two spans overlap (one-to-one, largest overlap first);
- value P/R/F1: a relaxed match whose normalised value is equal, precision over the
  system's timexes and recall over the gold ones;
- type accuracy: among relaxed matches, the share with the same type.

``benchmarks/timeml.py PATH`` prints the figures for a file or folder.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dossier.errors import InputError, Messages
from dossier.records import Span, Timex

System = Callable[[str, str], list[Timex]]

_TAG = re.compile(r"<(/?)([A-Za-z_][\w.-]*)((?:\s+[^<>]*?)?)\s*(/?)>|<\?[^>]*\?>|<!--.*?-->", re.S)
_ATTR = re.compile(r'([\w:.-]+)\s*=\s*"([^"]*)"')
_DATE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")


@dataclass(frozen=True)
class TimemlDoc:
    """One TimeML document: stripped text, creation date, gold timexes in ``<TEXT>``."""

    id: str
    text: str
    dct: str  # ISO date, "1998-08-07"
    body: Span  # the <TEXT> region of ``text``
    timexes: tuple[Timex, ...]


@dataclass(frozen=True)
class TimemlScores:
    """TempEval-3 timex figures over a set of documents."""

    documents: int
    gold: int
    system: int
    strict_precision: float
    strict_recall: float
    strict_f1: float
    relaxed_precision: float
    relaxed_recall: float
    relaxed_f1: float
    value_precision: float
    value_recall: float
    value_f1: float
    type_accuracy: float

    def lines(self) -> list[str]:
        """The figures as short lines of text, for a terminal or a README."""
        return [
            f"documents {self.documents}, gold timexes {self.gold}, system timexes {self.system}",
            f"strict span   P {self.strict_precision:.3f}  R {self.strict_recall:.3f}"
            f"  F1 {self.strict_f1:.3f}",
            f"relaxed span  P {self.relaxed_precision:.3f}  R {self.relaxed_recall:.3f}"
            f"  F1 {self.relaxed_f1:.3f}",
            f"value         P {self.value_precision:.3f}  R {self.value_recall:.3f}"
            f"  F1 {self.value_f1:.3f}",
            f"type accuracy {self.type_accuracy:.3f}",
        ]


@dataclass(frozen=True)
class TimexError:
    """One disagreement between gold and system.

    ``kind`` is ``missed`` (gold, no overlapping system timex), ``spurious`` (system, no
    overlapping gold), ``span`` (overlap but not the same span), ``value`` or ``type``
    (the normalisation differs). One pair may give several errors.
    """

    doc_id: str
    kind: str
    gold: Timex | None
    system: Timex | None
    context: str


@dataclass(frozen=True)
class _Pair:
    gold: Timex
    system: Timex


@dataclass(frozen=True)
class _Alignment:
    doc: TimemlDoc
    system: tuple[Timex, ...]
    pairs: tuple[_Pair, ...]
    missed: tuple[Timex, ...]
    spurious: tuple[Timex, ...]


def _invalid(path: Path, detail: str) -> InputError:
    return InputError(Messages.E050.format(path=path, detail=detail))


def load_timeml(path: Path) -> TimemlDoc:
    """Read one ``.tml`` file; raises ``InputError`` (E050) if it is not valid TimeML."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _invalid(path, str(exc)) from exc
    return _parse(raw, path)


def load_timeml_dir(path: Path) -> list[TimemlDoc]:
    """Read every ``.tml`` file under ``path`` (recursively), sorted by file path."""
    if path.is_file():
        return [load_timeml(path)]
    files = sorted(path.rglob("*.tml"))
    if not files:
        raise _invalid(path, "no .tml files found")
    return [load_timeml(file) for file in files]


def _parse(raw: str, path: Path) -> TimemlDoc:
    """Strip tags, keeping offsets of the TIMEX3, DCT, DOCID and TEXT elements."""
    pieces: list[str] = []
    length = 0
    stack: list[tuple[str, dict[str, str], int]] = []
    gold: list[tuple[dict[str, str], int, int]] = []
    regions: dict[str, Span] = {}
    dct_attrs: dict[str, str] | None = None
    position = 0
    for match in _TAG.finditer(raw):
        chunk = html.unescape(raw[position : match.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = match.end()
        name = match.group(2)
        if name is None:  # declaration or comment
            continue
        if match.group(4):  # self-closing: <MAKEINSTANCE .../>
            continue
        if not match.group(1):
            stack.append((name, dict(_ATTR.findall(match.group(3) or "")), length))
            continue
        if not stack or stack[-1][0] != name:
            if any(open_name == name for open_name, _, _ in stack):
                raise _invalid(path, f"element <{stack[-1][0]}> is never closed")
            raise _invalid(path, f"closing </{name}> does not match an open element")
        _, attrs, start = stack.pop()
        if name == "TIMEX3":
            if "DCT" in [open_name for open_name, _, _ in stack]:
                dct_attrs = attrs
            else:
                gold.append((attrs, start, length))
        elif name in ("TEXT", "DOCID") and name not in regions:
            regions[name] = (start, length)
    tail = html.unescape(raw[position:])
    if "<" in tail:
        raise _invalid(path, "unterminated tag")
    pieces.append(tail)
    if stack:
        raise _invalid(path, f"element <{stack[-1][0]}> is never closed")
    text = "".join(pieces)
    return _document(path, text, regions, dct_attrs, gold)


def _document(
    path: Path,
    text: str,
    regions: dict[str, Span],
    dct_attrs: dict[str, str] | None,
    gold: list[tuple[dict[str, str], int, int]],
) -> TimemlDoc:
    if dct_attrs is None:
        raise _invalid(path, "no <DCT> creation time")
    dct = _DATE.match(dct_attrs.get("value", ""))
    if dct is None:
        raise _invalid(path, f"creation time '{dct_attrs.get('value')}' is not an ISO date")
    if "TEXT" not in regions:
        raise _invalid(path, "no <TEXT> element")
    body = regions["TEXT"]
    timexes = []
    for attrs, start, end in gold:
        if not body[0] <= start <= end <= body[1]:
            continue
        if "type" not in attrs or "value" not in attrs:
            raise _invalid(path, f"TIMEX3 '{text[start:end]}' has no type or value")
        timexes.append(
            Timex(
                text=text[start:end],
                span=(start, end),
                type=attrs["type"],
                value=attrs["value"],
                mod=attrs.get("mod") or None,
            )
        )
    docid = regions.get("DOCID")
    doc_id = text[docid[0] : docid[1]].strip() if docid else path.stem
    return TimemlDoc(
        id=doc_id or path.stem, text=text, dct=dct.group(0), body=body, timexes=tuple(timexes)
    )


def _overlap(a: Span, b: Span) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _align(doc: TimemlDoc, system: System) -> _Alignment:
    start, end = doc.body
    found = [
        Timex(t.text, (t.span[0] + start, t.span[1] + start), t.type, t.value, t.mod)
        for t in system(doc.text[start:end], doc.dct)
    ]
    candidates = sorted(
        (
            (-_overlap(g.span, s.span), gi, si)
            for gi, g in enumerate(doc.timexes)
            for si, s in enumerate(found)
            if _overlap(g.span, s.span) > 0
        ),
    )
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs = []
    for _, gi, si in candidates:
        if gi in used_gold or si in used_system:
            continue
        used_gold.add(gi)
        used_system.add(si)
        pairs.append(_Pair(doc.timexes[gi], found[si]))
    pairs.sort(key=lambda pair: pair.gold.span)
    return _Alignment(
        doc=doc,
        system=tuple(found),
        pairs=tuple(pairs),
        missed=tuple(g for i, g in enumerate(doc.timexes) if i not in used_gold),
        spurious=tuple(s for i, s in enumerate(found) if i not in used_system),
    )


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _scores(alignments: Sequence[_Alignment]) -> TimemlScores:
    gold = sum(len(a.doc.timexes) for a in alignments)
    system = sum(len(a.system) for a in alignments)
    pairs = [pair for a in alignments for pair in a.pairs]
    strict = sum(1 for p in pairs if p.gold.span == p.system.span)
    value = sum(1 for p in pairs if p.gold.value == p.system.value)
    same_type = sum(1 for p in pairs if p.gold.type == p.system.type)

    def prf(matched: int) -> tuple[float, float, float]:
        precision, recall = _ratio(matched, system), _ratio(matched, gold)
        return precision, recall, _f1(precision, recall)

    strict_p, strict_r, strict_f = prf(strict)
    relaxed_p, relaxed_r, relaxed_f = prf(len(pairs))
    value_p, value_r, value_f = prf(value)
    return TimemlScores(
        documents=len(alignments),
        gold=gold,
        system=system,
        strict_precision=strict_p,
        strict_recall=strict_r,
        strict_f1=strict_f,
        relaxed_precision=relaxed_p,
        relaxed_recall=relaxed_r,
        relaxed_f1=relaxed_f,
        value_precision=value_p,
        value_recall=value_r,
        value_f1=value_f,
        type_accuracy=_ratio(same_type, len(pairs)),
    )


def score_timeml(docs: Iterable[TimemlDoc], system: System) -> TimemlScores:
    """TempEval-3 span, value and type figures of ``system`` on ``docs``."""
    return _scores([_align(doc, system) for doc in docs])


def _context(doc: TimemlDoc, span: Span, width: int = 60) -> str:
    start = max(doc.body[0], span[0] - width)
    end = min(doc.body[1], span[1] + width)
    before, inside, after = doc.text[start : span[0]], doc.text[span[0] : span[1]], doc.text[
        span[1] : end
    ]
    return " ".join(f"{before}[{inside}]{after}".split())


def _errors(alignment: _Alignment) -> list[TimexError]:
    doc = alignment.doc
    errors = [
        TimexError(doc.id, "missed", g, None, _context(doc, g.span)) for g in alignment.missed
    ]
    errors += [
        TimexError(doc.id, "spurious", None, s, _context(doc, s.span)) for s in alignment.spurious
    ]
    for pair in alignment.pairs:
        context = _context(doc, pair.gold.span)
        if pair.gold.span != pair.system.span:
            errors.append(TimexError(doc.id, "span", pair.gold, pair.system, context))
        if pair.gold.value != pair.system.value:
            errors.append(TimexError(doc.id, "value", pair.gold, pair.system, context))
        if pair.gold.type != pair.system.type:
            errors.append(TimexError(doc.id, "type", pair.gold, pair.system, context))
    errors.sort(key=_error_position)
    return errors


def _error_position(error: TimexError) -> Span:
    timex = error.gold if error.gold is not None else error.system
    return timex.span if timex is not None else (0, 0)


def timeml_errors(docs: Iterable[TimemlDoc], system: System) -> list[TimexError]:
    """Every disagreement of ``system`` with the gold, document by document."""
    return [error for doc in docs for error in _errors(_align(doc, system))]


def evaluate(
    docs: Iterable[TimemlDoc], system: System
) -> tuple[TimemlScores, list[TimexError]]:
    """Scores and errors from one run of ``system`` over ``docs``."""
    alignments = [_align(doc, system) for doc in docs]
    return _scores(alignments), [e for a in alignments for e in _errors(a)]


def format_error(error: TimexError) -> str:
    """One line per error: kind, gold and system text/type/value/mod, context."""

    def show(timex: Timex | None) -> str:
        if timex is None:
            return "-"
        mod = f" {timex.mod}" if timex.mod else ""
        return f"'{timex.text}' {timex.type} {timex.value}{mod}"

    return (
        f"{error.kind:8} {error.doc_id}: gold {show(error.gold)} | system {show(error.system)}"
        f" | {error.context}"
    )
