"""``gexf`` and ``graphml``: the actor network, read back by networkx."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from dossier.export import export, network, select
from dossier.kb import KnowledgeBase
from tests.export.support import GANG_NAME, event_row

READERS = {"gexf": nx.read_gexf, "graphml": nx.read_graphml}


@pytest.fixture(params=sorted(READERS))
def graph(request: pytest.FixtureRequest, export_kb: KnowledgeBase, tmp_path: Path) -> nx.DiGraph:
    path = tmp_path / f"actors.{request.param}"
    export(request.param, export_kb, path)
    ET.parse(path)  # well-formed XML
    return READERS[request.param](path)


def test_nodes_are_the_actors(graph: nx.DiGraph) -> None:
    assert graph.is_directed()
    police = graph.nodes["slv-police"]
    assert (police["name"], police["kind"], police["sector"], police["country"]) == (
        "National Civil Police", "organization", "COP", "SLV"
    )
    assert police["events"] == 5 and police["as_actor"] == 5 and police["as_recipient"] == 0
    assert graph.nodes["person:the-mayor"]["events"] == 1


def test_edges_are_weighted_by_events(graph: nx.DiGraph) -> None:
    edge = graph.edges["slv-police", "group:los-halcones"]
    assert int(edge["weight"]) == 2
    assert (edge["COERCE"], edge["ASSAULT"], edge["killed"]) == (1, 1, 3)
    assert edge["score"] == pytest.approx((-7.0 + -9.0) / 2)
    assert (edge["cooperation"], edge["conflict"]) == (0, 2)
    assert (edge["first"], edge["last"]) == ("2016-03-08", "2016-03-10")
    consult = graph.edges["person:aurelio-penate", "group:church-leaders"]
    assert consult["cooperation"] == 1 and consult["score"] == pytest.approx(2.5)
    assert not graph.has_edge("group:los-halcones", "slv-police")


def test_names_with_markup_quotes_and_newlines(graph: nx.DiGraph) -> None:
    gang = next(node for node, data in graph.nodes(data=True) if data["name"].startswith("Los \""))
    # The vertical tab cannot be written in XML 1.0: it becomes a space.
    assert graph.nodes[gang]["name"] == GANG_NAME.replace("\x0b", " ")


def test_a_selection_is_a_smaller_network(export_kb: KnowledgeBase) -> None:
    found = network(select(export_kb, doc="north-2"))
    assert {node.id for node in found.nodes} == {
        "person:aurelio-penate", "group:church-leaders", "group:los-halcones"
    }
    assert [(e.source, e.target, e.types) for e in found.edges] == [
        ("person:aurelio-penate", "group:church-leaders", (("CONSULT", 1),)),
        ("group:los-halcones", "person:aurelio-penate", (("REJECT", 1),)),
    ]


def test_rows_alone_give_names_without_details() -> None:
    row = event_row(actor=("a",), actor_names=("A & B",), recipient=("b",),
                    recipient_names=("<B>",), mode="firearms")
    found = network([row, row])
    assert [(n.name, n.sector, n.events) for n in found.nodes] == [
        ("A & B", None, 2), ("<B>", None, 2)
    ]
    assert found.edges[0].weight == 2 and found.edges[0].score == pytest.approx(-9.0)
