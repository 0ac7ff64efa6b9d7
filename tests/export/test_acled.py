"""``acled``: ACLED's columns, the PLOVER mapping, and a file pandas reads."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dossier.export import AcledMap, export
from dossier.export.acled import COLUMNS, acled_row
from dossier.kb import KnowledgeBase
from dossier.store.rows import ActorRow
from tests.export.support import GANG_NAME, actor_row, event_row

ACTORS: dict[str, ActorRow] = {
    "police": actor_row("police", "COP", "organization"),
    "army": actor_row("army", "MIL", "organization"),
    "gang": actor_row("gang", "CRM"),
    "rebels": actor_row("rebels", "REB"),
    "villagers": actor_row("villagers", "CVL"),
    "unions": actor_row("unions", "NGO", "organization"),
    "nobody": actor_row("nobody", None, "person", None),
    "party": actor_row("party", "PTY", "organization"),
    "un": actor_row("un", "IGO", "organization", None),
}


@pytest.fixture(scope="module")
def mapping() -> AcledMap:
    return AcledMap.load()


def coded(mapping: AcledMap, **values: Any) -> dict[str, Any] | None:
    for side in ("actor", "recipient"):
        ids = values.get(side, ())
        values[f"{side}_names"] = tuple(ACTORS[i].name for i in ids)
    return acled_row(event_row(**values), ACTORS, None, mapping)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # recipient sector decides between a battle and violence against civilians
        ({"actor": ("police",), "recipient": ("gang",)},
         ("Political violence", "Battles", "Armed clash", 1, 3, 13)),
        ({"actor": ("gang",), "recipient": ("villagers",), "mode": "firearms"},
         ("Political violence", "Violence against civilians", "Attack", 3, 7, 37)),
        ({"actor": ("rebels",), "recipient": ("army",), "mode": "beat"},
         ("Political violence", "Battles", "Armed clash", 2, 1, 12)),
        ({"actor": ("gang",), "recipient": ("nobody",)},
         ("Political violence", "Violence against civilians", "Attack", 3, 7, 37)),
        # the weapon decides for remote violence
        ({"actor": ("army",), "recipient": ("rebels",), "mode": "aerial"},
         ("Political violence", "Explosions/Remote violence", "Air/drone strike", 1, 2, 12)),
        ({"actor": ("gang",), "mode": "explosives"},
         ("Political violence", "Explosions/Remote violence",
          "Remote explosive/landmine/IED", 3, 0, 30)),
        ({"actor": ("gang",), "recipient": ("villagers",), "mode": "abduct"},
         ("Political violence", "Violence against civilians",
          "Abduction/forced disappearance", 3, 7, 37)),
        ({"actor": ("villagers",), "recipient": ("police",)},
         ("Political violence", "Riots", "Mob violence", 5, 1, 15)),
        # force on protesters: the protesters are ACLED's actor1
        ({"actor": ("police",), "recipient": ("unions",), "mode": "crowd-control"},
         ("Demonstrations", "Protests", "Protest with intervention", 6, 1, 16)),
        ({"actor": ("police",), "recipient": ("unions",), "mode": "crowd-control",
          "killed": 2},
         ("Political violence; Demonstrations", "Protests",
          "Excessive force against protesters", 6, 1, 16)),
        ({"type": "PROTEST", "actor": ("unions",), "mode": "demo"},
         ("Demonstrations", "Protests", "Peaceful protest", 6, 0, 60)),
        ({"type": "PROTEST", "actor": ("party",), "arrested": 4},
         ("Demonstrations", "Protests", "Protest with intervention", 6, 0, 60)),
        ({"type": "PROTEST", "actor": ("unions",), "mode": "riot", "recipient": ("police",)},
         ("Demonstrations", "Riots", "Violent demonstration", 5, 1, 15)),
        ({"type": "COERCE", "mode": "arrest", "actor": ("police",), "recipient": ("gang",)},
         ("Strategic developments", "Strategic developments", "Arrests", 1, 3, 13)),
        ({"type": "COERCE", "mode": "curfew", "actor": ("army",)},
         ("Strategic developments", "Strategic developments", "Other", 1, 0, 10)),
        ({"type": "MOBILIZE", "mode": "troops", "actor": ("army",)},
         ("Strategic developments", "Strategic developments", "Change to group/activity",
          1, 0, 10)),
        ({"type": "AGREE", "actor": ("gang",), "recipient": ("un",)},
         ("Strategic developments", "Strategic developments", "Agreement", 3, 8, 38)),
        ({"type": "RETREAT", "mode": "ceasefire", "actor": ("rebels",)},
         ("Strategic developments", "Strategic developments", "Agreement", 2, 0, 20)),
        # no actor: the recipient becomes actor1 of a non-violent event
        ({"type": "AGREE", "recipient": ("party",)},
         ("Strategic developments", "Strategic developments", "Agreement", 8, 0, 80)),
    ],
)
def test_mapping(
    mapping: AcledMap, values: dict[str, Any], expected: tuple[object, ...]
) -> None:
    row = coded(mapping, **values)
    assert row is not None
    found = tuple(row[k] for k in ("disorder_type", "event_type", "sub_event_type", "inter1",
                                    "inter2", "interaction"))
    assert found == expected


@pytest.mark.parametrize(
    "values",
    [
        {"type": "ACCUSE", "actor": ("party",), "recipient": ("police",)},
        {"type": "THREATEN", "actor": ("gang",), "recipient": ("villagers",)},
        {"type": "COERCE", "mode": "cyber", "actor": ("army",)},
        {"actor": ("gang",), "negated": True},
        {"actor": ("gang",), "hypothetical": True},
        {"actor": ("gang",), "future": True},
        {"actor": ("gang",), "date_start": None, "date_end": None, "precision": "unknown"},
    ],
)
def test_left_out(mapping: AcledMap, values: dict[str, Any]) -> None:
    assert coded(mapping, **values) is None


@pytest.mark.parametrize(
    ("values", "column", "expected"),
    [
        ({}, "time_precision", 1),
        ({"precision": "week", "date_end": "2016-03-14"}, "time_precision", 2),
        ({"precision": "month", "date_start": "2016-03-01", "date_end": "2016-03-31"},
         "time_precision", 3),
        ({"precision": "range", "date_end": "2016-03-12"}, "time_precision", 2),
        ({"precision": "range", "date_end": "2016-05-12"}, "time_precision", 3),
        ({"precision": "publication"}, "time_precision", 3),
        ({}, "event_date", "2016-03-08"),
        ({}, "year", 2016),
        ({}, "geo_precision", 1),
        ({"place_precision": "admin1"}, "geo_precision", 3),
        ({"place_precision": "country"}, "geo_precision", 3),
        ({}, "iso", 222),
        ({}, "region", "Central America"),
        ({}, "country", "El Salvador"),
        ({"country": "COD"}, "country", "Democratic Republic of Congo"),
        ({"killed": 4}, "fatalities", 4),
        ({}, "fatalities", 0),
        ({"sentence": "They  killed\n a man."}, "notes", "They killed a man."),
        ({"recipient": ("villagers",)}, "actor2", "Civilians (El Salvador)"),
        ({"recipient": ("villagers",)}, "assoc_actor_2", "Villagers"),
        ({"recipient": ("villagers",)}, "civilian_targeting", "Civilian targeting"),
        ({"recipient": ("gang",)}, "civilian_targeting", ""),
        ({"actor": ("nobody",)}, "actor1", "Nobody"),
        ({"actor": ("nobody",)}, "inter1", 3),
        ({}, "actor1", "Unidentified Armed Group (El Salvador)"),
        ({"actor": ("police", "army")}, "assoc_actor_1", "Army"),
        ({"hedged": True, "context": ("crime",), "mode": "firearms"}, "tags",
         "plover=ASSAULT:firearms; context=crime; hedged; confidence=0.50"),
        ({}, "event_id_cnty", "SLV-d:e1"),
    ],
)
def test_columns(mapping: AcledMap, values: dict[str, Any], column: str, expected: object) -> None:
    values.setdefault("actor", ())
    row = coded(mapping, **values)
    assert row is not None
    assert row[column] == expected


def test_file_reads_back_with_pandas(export_kb: KnowledgeBase, tmp_path: Path) -> None:
    result = export("acled", export_kb, tmp_path / "acled.csv")
    frame = pd.read_csv(tmp_path / "acled.csv", keep_default_na=False, na_values=[""])
    assert list(frame.columns) == list(COLUMNS)
    assert result.count == len(frame) and result.count + result.skipped == 11
    by_id = frame.set_index("event_id_cnty")
    assert list(frame["event_id_cnty"]) == [
        "SLV-south-1:e1", "SLV-north-1:e1", "SLV-north-1:e2", "HND-hn-1:e1",
        "HND-hn-1:e2", "HND-hn-1:e3", "HND-hn-1:e4",
    ]
    assert by_id.loc["HND-hn-1:e1", "actor1"] == GANG_NAME
    assert by_id.loc["HND-hn-1:e1", "sub_event_type"] == "Attack"
    assert by_id.loc["HND-hn-1:e2", "actor1"] == "Protesters (Honduras)"
    assert by_id.loc["HND-hn-1:e2", "assoc_actor_1"] == "teachers"
    assert by_id.loc["HND-hn-1:e4", "actor2"] == "National Civil Police"
    assert by_id.loc["SLV-north-1:e2", "event_type"] == "Battles"
    assert by_id.loc["SLV-north-1:e2", "fatalities"] == 3
    assert by_id.loc["SLV-south-1:e1", "time_precision"] == 3
    assert by_id.loc["HND-hn-1:e3", "source"] == "Test Wire"
    assert frame["timestamp"].gt(1_500_000_000).all()


def test_stream(export_kb: KnowledgeBase) -> None:
    out = io.StringIO()
    export("acled", export_kb, out)
    assert out.getvalue().startswith("event_id_cnty,event_date,year,time_precision,")
