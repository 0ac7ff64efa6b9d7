"""The event lexicon: the PLOVER ontology and the words and frames that code it.

The lexicon is data (``src/dossier/data/events/*.yaml``), loaded and validated once into
frozen records. Every YAML file in the lexicon directory is merged: ``types`` and
``legacy`` (the ontology), ``senses`` (trigger words per type and mode), ``frames`` and
the word classes of ``syntax.yaml``, ``contexts``, and ``word_lists`` (shared lists
referenced through YAML anchors; a list inside a list is flattened). A bad file raises
``ConfigError`` (E031) naming it.

Words are spaCy lemmas in lower case. A verb pattern is a head verb plus the particles,
prepositions or objects that must hang near it ("call for", "take into custody"); a
noun pattern is a run of lemmas ("state of emergency", "cease-fire").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dossier.errors import ConfigError, Messages

ROLES = ("actor", "recipient", "none")
BETWEEN = ("sides", "recipients", "none")
ACTOR_OBJECT = "@actor"  # an object that names an actor satisfies the constraint
NO_OBJECT = "@none"  # the verb has no direct object
MONEY_OBJECT = "@money"  # the object is a sum of money ("provided $2 million")


def words_of(phrase: str) -> tuple[str, ...]:
    """The lemmas of a lexicon phrase: lower case, hyphens split ("cease-fire")."""
    return tuple(w for w in phrase.lower().replace("-", " ").split() if w)


@dataclass(frozen=True)
class EventType:
    """One PLOVER type: its quad category, score, modes and the figures it may carry."""

    name: str
    quad: str
    score: float
    modes: tuple[tuple[str, float | None], ...]
    figures: frozenset[str]

    def has_mode(self, mode: str) -> bool:
        return any(name == mode for name, _ in self.modes)


@dataclass(frozen=True)
class Frame:
    """Where a trigger finds its recipient, and how a victim-subject verb reads."""

    name: str
    recipient_deps: frozenset[str] = frozenset()
    recipient_preps: frozenset[str] = frozenset()
    between: str = "none"
    victim_subject: bool = False
    agent_preps: frozenset[str] = frozenset()
    through_preps: frozenset[str] = frozenset()
    clause_subject: bool = False


@dataclass(frozen=True)
class Sense:
    """One meaning a trigger word can carry: type, mode, frame, and its constraints."""

    id: str
    type: str
    mode: str | None
    frame: Frame
    strength: float
    objects: frozenset[str] = frozenset()  # empty: any object (or none)
    not_objects: frozenset[str] = frozenset()
    object_modes: tuple[tuple[str, frozenset[str]], ...] = ()
    possessor: str = "actor"  # what "X's <noun>" names
    of: str = "recipient"  # what "<noun> of X" names
    light_only: bool = False
    requires_recipient: bool = False
    counts: str | None = None  # the figure a number on the recipient gives


@dataclass(frozen=True)
class Pattern:
    """How a sense shows in text: a run of lemmas and the part of speech of its head."""

    words: tuple[str, ...]
    pos: str  # VERB | NOUN
    sense: Sense


@dataclass(frozen=True)
class ContextRule:
    name: str
    words: frozenset[str]  # single lemmas
    phrases: tuple[tuple[str, ...], ...]  # runs of lemmas
    yields_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class NamedOperations:
    """Named security operations ("Operation Check") and the sense they are coded with."""

    words: frozenset[str]
    sense: Sense


@dataclass(frozen=True)
class Obligation:
    """ "X said Y must ...": the auxiliaries and verbs of saying, and the sense coded."""

    auxiliaries: frozenset[str]
    speech_verbs: frozenset[str]
    sense: Sense


@dataclass(frozen=True)
class Syntax:
    """The word classes the syntactic rules consult (``syntax.yaml``)."""

    light_verbs: tuple[tuple[str, ...], ...]
    containers: frozenset[str]
    story_nouns: frozenset[str]
    anaphoric_determiners: frozenset[str]
    object_control: frozenset[str]
    intention_governors: frozenset[str]
    threat_governors: frozenset[str]
    future_conversions: tuple[tuple[str, str], ...]
    threat_conversions: tuple[tuple[str, str], ...]
    content_modes: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    embedding_types: frozenset[str]
    person_pronouns: frozenset[str]
    singular_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    named_operations: NamedOperations
    mode_cues: tuple[tuple[str, tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]], ...]
    utterance_nouns: frozenset[str]
    membership_words: frozenset[str]
    non_events: tuple[tuple[str, ...], ...]
    non_event_starts: frozenset[str]  # the first words of ``non_events``, for a quick test
    generic_people: frozenset[str]
    single_persons: frozenset[str]
    fatal_words: frozenset[str]  # "fatally shot", "shot to death", "left dead"
    wounds: frozenset[str]  # what violence leaves on a body: "died of gunshot wounds"
    accusation_verbs: frozenset[str]  # whose patient is the alleged doer of the act
    victim_nouns: frozenset[str]  # "the victim", "the decedent"
    perpetrator_nouns: frozenset[str]  # "the suspect", "the gunman"
    victim_types: frozenset[str]  # event types whose recipient is a story's victim
    finding_verbs: frozenset[str]  # "found X shot": X is in the state the verb finds
    male_words: frozenset[str]  # "he", "him", "man", "son": what a male pronoun agrees with
    female_words: frozenset[str]  # "she", "her", "woman", "daughter"
    relation_nouns: frozenset[str]  # "his son", "Ana's husband": the possessor is another
    casualty_verbs: frozenset[str]  # "X died": X is a casualty
    casualty_states: frozenset[str]  # "X was found dead"
    projectiles: frozenset[str]  # "a bullet hit X", "hit by gunfire"
    obligation: Obligation
    negation_conversions: tuple[tuple[str, str], ...]
    announced_threat_types: frozenset[str]

    def negated_type(self, event_type: str) -> str | None:
        return dict(self.negation_conversions).get(event_type)

    def future_type(self, event_type: str) -> str | None:
        return dict(self.future_conversions).get(event_type)

    def threat_mode(self, event_type: str, mode: str | None) -> str | None:
        table = dict(self.threat_conversions)
        return table.get(f"{event_type}:{mode}") or table.get(event_type)

    def content_mode(self, event_type: str, content_type: str) -> str | None:
        return dict(dict(self.content_modes).get(event_type, ())).get(content_type)

    def cues_for(self, event_type: str) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
        return dict(self.mode_cues).get(event_type, ())


@dataclass(frozen=True)
class Lexicon:
    """The validated event lexicon; ``Lexicon.load()`` reads the packaged one."""

    types: tuple[EventType, ...]
    legacy: tuple[tuple[str, str, str | None], ...]  # (old name, type, mode)
    patterns: tuple[Pattern, ...]
    contexts: tuple[ContextRule, ...]
    syntax: Syntax
    source: str
    _verbs: dict[str, tuple[Pattern, ...]] = field(default_factory=dict, repr=False)
    _nouns: dict[str, tuple[Pattern, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        verbs: dict[str, list[Pattern]] = {}
        nouns: dict[str, list[Pattern]] = {}
        for pattern in self.patterns:
            if pattern.pos == "VERB":
                for word in set(pattern.words):
                    verbs.setdefault(word, []).append(pattern)
            else:
                nouns.setdefault(pattern.words[0], []).append(pattern)
        self._verbs.update({k: tuple(v) for k, v in verbs.items()})
        self._nouns.update(
            {k: tuple(sorted(v, key=lambda p: -len(p.words))) for k, v in nouns.items()}
        )

    @classmethod
    def load(cls, path: Path | None = None) -> Lexicon:
        """Read and validate a lexicon: a YAML file, a directory of them, or the bundled one."""
        if path is None:
            root = resources.files("dossier") / "data" / "events"
            files = sorted(
                (Path(str(root / p.name)) for p in root.iterdir() if p.name.endswith(".yaml")),
                key=lambda p: p.name,
            )
            source = str(root)
        elif path.is_dir():
            files = sorted(path.glob("*.yaml"))
            source = str(path)
        else:
            files = [path]
            source = str(path)
        if not files:
            raise ConfigError(Messages.E031.format(path=source, detail="no YAML files"))
        merged: dict[str, Any] = {}
        for file in files:
            _merge(merged, _read(file), file)
        try:
            return _build(merged, source)
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(Messages.E031.format(path=source, detail=_detail(exc))) from exc

    def type(self, name: str) -> EventType:
        for event_type in self.types:
            if event_type.name == name:
                return event_type
        raise KeyError(name)

    def verb_patterns(self, lemma: str) -> tuple[Pattern, ...]:
        return self._verbs.get(lemma, ())

    def noun_patterns(self, lemma: str) -> tuple[Pattern, ...]:
        """Noun patterns whose first word is ``lemma``, longest first."""
        return self._nouns.get(lemma, ())

    def normalise(self, name: str) -> tuple[str, str | None] | None:
        """Map a PLOVER type name, current or legacy, to (type, mode); None if unknown."""
        upper = name.strip().upper()
        if any(t.name == upper for t in self.types):
            return upper, None
        for old, new, mode in self.legacy:
            if old == upper:
                return new, mode
        return None


def _detail(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing key {exc}"
    return str(exc)


def _read(file: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(Messages.E031.format(path=file, detail=exc.strerror)) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(Messages.E031.format(path=file, detail=f"not valid YAML: {exc}")) from exc
    if not isinstance(data, dict):
        raise ConfigError(Messages.E031.format(path=file, detail="expected a mapping at the top"))
    return data


_LIST_KEYS = ("senses",)
_KNOWN_KEYS = {
    "types",
    "legacy",
    "senses",
    "frames",
    "contexts",
    "word_lists",
    "light_verbs",
    "containers",
    "story_nouns",
    "anaphoric_determiners",
    "object_control",
    "intention_governors",
    "threat_governors",
    "future_conversions",
    "threat_conversions",
    "content_modes",
    "embedding_types",
    "pronouns",
    "relative_pronouns",
    "named_operations",
    "mode_cues",
    "utterance_nouns",
    "membership_words",
    "non_events",
    "generic_people",
    "single_persons",
    "fatal_words",
    "wounds",
    "accusation_verbs",
    "victim_nouns",
    "perpetrator_nouns",
    "victim_types",
    "finding_verbs",
    "genders",
    "relation_nouns",
    "casualties",
    "obligation",
    "negation_conversions",
    "announced_threat_types",
}


def _merge(merged: dict[str, Any], data: dict[str, Any], file: Path) -> None:
    """Fold one file into the merged lexicon; a key defined twice is an error."""
    for key, value in data.items():
        if key not in _KNOWN_KEYS:
            raise ConfigError(Messages.E031.format(path=file, detail=f"unknown key '{key}'"))
        if key == "word_lists":
            continue
        if key in _LIST_KEYS:
            if not isinstance(value, list):
                raise ConfigError(Messages.E031.format(path=file, detail=f"'{key}' is not a list"))
            merged.setdefault(key, []).extend((item, file) for item in value)
        elif key in merged:
            raise ConfigError(
                Messages.E031.format(path=file, detail=f"'{key}' is defined in two files")
            )
        else:
            merged[key] = value


def _mapping(value: Any, what: str) -> Mapping[str, Any]:
    """A section of named word lists ("genders: {male: [...], female: [...]}")."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} must be a mapping of word lists")
    return value


def _flat(value: Any, what: str) -> list[str]:
    """A list of words, with nested (anchored) lists flattened; lower-cased."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value.lower()]
    if not isinstance(value, list):
        raise TypeError(f"{what} must be a list of words")
    out: list[str] = []
    for item in value:
        out.extend(_flat(item, what))
    return out


def _build(data: Mapping[str, Any], source: str) -> Lexicon:
    types = tuple(_event_type(name, spec) for name, spec in data["types"].items())
    names = {t.name: t for t in types}
    legacy = tuple(
        (str(old).upper(), _known(spec["type"], names, f"legacy {old}"), spec.get("mode"))
        for old, spec in (data.get("legacy") or {}).items()
    )
    frames = {name: _frame(name, spec or {}) for name, spec in data["frames"].items()}
    patterns: list[Pattern] = []
    seen: set[str] = set()
    for item, file in data.get("senses", ()):
        try:
            sense = _sense(item, names, frames)
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(Messages.E031.format(path=file, detail=_detail(exc))) from exc
        if sense.id in seen:
            raise ConfigError(
                Messages.E031.format(path=file, detail=f"sense '{sense.id}' defined twice")
            )
        seen.add(sense.id)
        patterns.extend(
            Pattern(words_of(v), "VERB", sense) for v in _flat(item.get("verbs"), "verbs")
        )
        patterns.extend(
            Pattern(words_of(n), "NOUN", sense) for n in _flat(item.get("nouns"), "nouns")
        )
    contexts = tuple(_context(name, spec) for name, spec in (data.get("contexts") or {}).items())
    known_contexts = {c.name for c in contexts}
    for rule in contexts:
        for other in rule.yields_to:
            if other not in known_contexts:
                raise ValueError(f"context '{rule.name}' yields to unknown context '{other}'")
    return Lexicon(
        types=types,
        legacy=legacy,
        patterns=tuple(patterns),
        contexts=contexts,
        syntax=_syntax(data, names, frames),
        source=source,
    )


def _known(name: Any, names: Mapping[str, EventType], where: str) -> str:
    if name not in names:
        raise ValueError(f"{where}: unknown event type '{name}'")
    return str(name)


def _event_type(name: str, spec: Mapping[str, Any]) -> EventType:
    modes = tuple(
        (str(mode), None if score is None else float(score))
        for mode, score in (spec.get("modes") or {}).items()
    )
    figures = frozenset(_flat(spec.get("figures"), f"{name} figures"))
    unknown = figures - {"killed", "injured", "arrested"}
    if unknown:
        raise ValueError(f"type {name}: unknown figures {sorted(unknown)}")
    return EventType(
        name=str(name),
        quad=str(spec["quad"]),
        score=float(spec["score"]),
        modes=modes,
        figures=figures,
    )


def _frame(name: str, spec: Mapping[str, Any]) -> Frame:
    marks = _flat(spec.get("recipient"), f"frame {name} recipient")
    between = str(spec.get("between", "none"))
    if between not in BETWEEN:
        raise ValueError(f"frame {name}: 'between' must be one of {BETWEEN}")
    return Frame(
        name=name,
        recipient_deps=frozenset(m for m in marks if m in {"dobj", "dative"}),
        recipient_preps=frozenset(m for m in marks if m not in {"dobj", "dative"}),
        between=between,
        victim_subject=bool(spec.get("victim_subject", False)),
        agent_preps=frozenset(_flat(spec.get("agent"), f"frame {name} agent")),
        through_preps=frozenset(_flat(spec.get("through"), f"frame {name} through")),
        clause_subject=bool(spec.get("clause_subject", False)),
    )


def _sense(
    item: Mapping[str, Any], names: Mapping[str, EventType], frames: Mapping[str, Frame]
) -> Sense:
    sense_id = str(item["id"])
    type_name = _known(item["type"], names, f"sense {sense_id}")
    mode = item.get("mode")
    if mode is not None and not names[type_name].has_mode(str(mode)):
        raise ValueError(f"sense {sense_id}: '{mode}' is not a mode of {type_name}")
    frame_name = item.get("frame", "transitive")
    if frame_name not in frames:
        raise ValueError(f"sense {sense_id}: unknown frame '{frame_name}'")
    strength = float(item.get("strength", 0.7))
    if not 0.0 < strength <= 1.0:
        raise ValueError(f"sense {sense_id}: strength must be in (0, 1]")
    if not item.get("verbs") and not item.get("nouns"):
        raise ValueError(f"sense {sense_id}: no verbs and no nouns")
    frame = frames[frame_name]
    default_of = "recipient" if "dobj" in frame.recipient_deps else "actor"
    possessor, of = str(item.get("possessor", "actor")), str(item.get("of", default_of))
    for role in (possessor, of):
        if role not in ROLES:
            raise ValueError(f"sense {sense_id}: role must be one of {ROLES}")
    object_modes = tuple(
        (str(m), frozenset(_flat(words, f"{sense_id} object_modes")))
        for m, words in (item.get("object_modes") or {}).items()
    )
    for m, _ in object_modes:
        if not names[type_name].has_mode(m):
            raise ValueError(f"sense {sense_id}: '{m}' is not a mode of {type_name}")
    counts = item.get("counts")
    if counts is not None and counts not in {"killed", "injured", "arrested"}:
        raise ValueError(f"sense {sense_id}: counts must be killed, injured or arrested")
    return Sense(
        id=sense_id,
        type=type_name,
        mode=None if mode is None else str(mode),
        frame=frame,
        strength=strength,
        objects=frozenset(" ".join(words_of(w)) for w in _flat(item.get("objects"), "objects")),
        not_objects=frozenset(
            " ".join(words_of(w)) for w in _flat(item.get("not_objects"), "not_objects")
        ),
        object_modes=object_modes,
        possessor=possessor,
        of=of,
        light_only=bool(item.get("light_only", False)),
        requires_recipient=bool(item.get("requires_recipient", False)),
        counts=counts,
    )


def _context(name: str, spec: Mapping[str, Any]) -> ContextRule:
    entries = [words_of(w) for w in _flat(spec.get("words"), f"context {name}")]
    if not entries:
        raise ValueError(f"context {name}: no words")
    return ContextRule(
        name=str(name),
        words=frozenset(e[0] for e in entries if len(e) == 1),
        phrases=tuple(e for e in entries if len(e) > 1),
        yields_to=tuple(_flat(spec.get("yields_to"), f"context {name} yields_to")),
    )


def _pairs(value: Any, what: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise TypeError(f"{what} must be a mapping")
    return tuple((str(k), str(v)) for k, v in value.items())


def _syntax(
    data: Mapping[str, Any], names: Mapping[str, EventType], frames: Mapping[str, Frame]
) -> Syntax:
    future = _pairs(data.get("future_conversions") or {}, "future_conversions")
    threats = _pairs(data.get("threat_conversions") or {}, "threat_conversions")
    for old, new in future:
        _known(old, names, "future_conversions")
        _known(new, names, "future_conversions")
    for key, mode in threats:
        _known(key.split(":")[0], names, "threat_conversions")
        if not names["THREATEN"].has_mode(mode):
            raise ValueError(f"threat_conversions: '{mode}' is not a THREATEN mode")
    content = tuple(
        (_known(t, names, "content_modes"), _pairs(table, f"content_modes {t}"))
        for t, table in (data.get("content_modes") or {}).items()
    )
    non_events = tuple(words_of(p) for p in _flat(data.get("non_events"), "non_events"))
    named = data.get("named_operations") or {}
    named_type = _known(named.get("type", "ACCUSE"), names, "named_operations")
    named_mode = named.get("mode")
    if named_mode is not None and not names[named_type].has_mode(str(named_mode)):
        raise ValueError(f"named_operations: '{named_mode}' is not a mode of {named_type}")
    pronouns = data.get("pronouns") or {}
    cues = tuple(
        (
            _known(t, names, "mode_cues"),
            tuple(
                (str(mode), tuple(words_of(w) for w in _flat(words, f"mode_cues {t}")))
                for mode, words in table.items()
            ),
        )
        for t, table in (data.get("mode_cues") or {}).items()
    )
    for t, table in cues:
        for mode, _ in table:
            if not names[t].has_mode(mode):
                raise ValueError(f"mode_cues: '{mode}' is not a mode of {t}")
    negation = _pairs(data.get("negation_conversions") or {}, "negation_conversions")
    for old, new in negation:
        _known(old, names, "negation_conversions")
        _known(new, names, "negation_conversions")
    genders = _mapping(data.get("genders"), "genders")
    casualties = _mapping(data.get("casualties"), "casualties")
    duty = data.get("obligation") or {}
    duty_type = _known(duty.get("type", "REQUEST"), names, "obligation")
    return Syntax(
        light_verbs=tuple(words_of(v) for v in _flat(data.get("light_verbs"), "light_verbs")),
        containers=frozenset(_flat(data.get("containers"), "containers")),
        story_nouns=frozenset(_flat(data.get("story_nouns"), "story_nouns")),
        anaphoric_determiners=frozenset(_flat(data.get("anaphoric_determiners"), "determiners")),
        object_control=frozenset(_flat(data.get("object_control"), "object_control")),
        intention_governors=frozenset(_flat(data.get("intention_governors"), "intention")),
        threat_governors=frozenset(_flat(data.get("threat_governors"), "threat_governors")),
        future_conversions=future,
        threat_conversions=threats,
        content_modes=content,
        embedding_types=frozenset(
            _known(t.upper(), names, "embedding_types")
            for t in _flat(data.get("embedding_types"), "embedding_types")
        ),
        person_pronouns=frozenset(_flat(pronouns.get("person"), "pronouns")),
        singular_pronouns=frozenset(_flat(pronouns.get("singular"), "pronouns")),
        plural_pronouns=frozenset(_flat(pronouns.get("plural"), "pronouns")),
        relative_pronouns=frozenset(_flat(data.get("relative_pronouns"), "relative_pronouns")),
        named_operations=NamedOperations(
            words=frozenset(_flat(named.get("words"), "named_operations")),
            sense=Sense(
                id="named-operation",
                type=named_type,
                mode=None if named_mode is None else str(named_mode),
                frame=frames.get("transitive", Frame("transitive")),
                strength=float(named.get("strength", 0.6)),
            ),
        ),
        mode_cues=cues,
        utterance_nouns=frozenset(_flat(data.get("utterance_nouns"), "utterance_nouns")),
        membership_words=frozenset(_flat(data.get("membership_words"), "membership_words")),
        non_events=non_events,
        non_event_starts=frozenset(words[0] for words in non_events if words),
        generic_people=frozenset(_flat(data.get("generic_people"), "generic_people")),
        single_persons=frozenset(_flat(data.get("single_persons"), "single_persons")),
        fatal_words=frozenset(_flat(data.get("fatal_words"), "fatal_words")),
        wounds=frozenset(_flat(data.get("wounds"), "wounds")),
        accusation_verbs=frozenset(_flat(data.get("accusation_verbs"), "accusation_verbs")),
        victim_nouns=frozenset(_flat(data.get("victim_nouns"), "victim_nouns")),
        perpetrator_nouns=frozenset(_flat(data.get("perpetrator_nouns"), "perpetrator_nouns")),
        finding_verbs=frozenset(_flat(data.get("finding_verbs"), "finding_verbs")),
        male_words=frozenset(_flat(genders.get("male"), "genders male")),
        female_words=frozenset(_flat(genders.get("female"), "genders female")),
        relation_nouns=frozenset(_flat(data.get("relation_nouns"), "relation_nouns")),
        casualty_verbs=frozenset(_flat(casualties.get("verbs"), "casualties verbs")),
        casualty_states=frozenset(_flat(casualties.get("states"), "casualties states")),
        projectiles=frozenset(_flat(casualties.get("projectiles"), "casualties projectiles")),
        victim_types=frozenset(
            _known(t.upper(), names, "victim_types")
            for t in _flat(data.get("victim_types"), "victim_types")
        ),
        obligation=Obligation(
            auxiliaries=frozenset(_flat(duty.get("auxiliaries"), "obligation auxiliaries")),
            speech_verbs=frozenset(_flat(duty.get("speech_verbs"), "obligation speech_verbs")),
            sense=Sense(
                id="obligation",
                type=duty_type,
                mode=None,
                frame=frames.get("address", Frame("address")),
                strength=float(duty.get("strength", 0.7)),
            ),
        ),
        negation_conversions=negation,
        announced_threat_types=frozenset(
            _known(t.upper(), names, "announced_threat_types")
            for t in _flat(data.get("announced_threat_types"), "announced_threat_types")
        ),
    )
