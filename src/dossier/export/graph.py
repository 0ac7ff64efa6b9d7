"""``gexf`` and ``graphml``: the actor network of the selected events, for Gephi & co.

Nodes are the actors the events name (store ids), with name, kind, sector, country
and how many selected events they take part in. A directed edge runs from each actor to
each recipient of an event; parallel events add up: ``weight`` is the number of events,
with a count per PLOVER type, the mean PLOVER score (-10 conflict to +10 cooperation,
the mode's score when the manual gives one), the number of cooperative and conflictual
events, the killed they report, and the first and last day. Both files are built with
ElementTree, which escapes markup; control characters XML cannot hold become spaces.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from typing import Any

from dossier.export.reference import score_of, scores
from dossier.export.source import Exported, Output, Source, as_selection, clean_text, opened

GEXF_NS = "http://www.gexf.net/1.2draft"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    kind: str | None
    sector: str | None
    country: str | None
    events: int
    as_actor: int
    as_recipient: int


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    weight: int
    types: tuple[tuple[str, int], ...]
    score: float | None
    cooperation: int
    conflict: int
    killed: int
    first: str | None
    last: str | None


@dataclass(frozen=True)
class Network:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    types: tuple[str, ...]  # the event types on some edge, in the ontology's order


@dataclass
class _Tally:
    """An edge while it is being counted (mutable, local to ``network``)."""

    types: Counter[str]
    scores: list[float]
    killed: int = 0
    first: str | None = None
    last: str | None = None


def network(source: Source) -> Network:
    """The actor network of the selected events (see the module docstring)."""
    selection = as_selection(source)
    known = selection.actors()
    names: dict[str, str] = {}
    roles: dict[str, Counter[str]] = {}
    tallies: dict[tuple[str, str], _Tally] = {}
    for row in selection.events:
        for role, ids, labels in (
            ("actor", row.actor, row.actor_names),
            ("recipient", row.recipient, row.recipient_names),
        ):
            for actor_id, name in zip(ids, labels, strict=False):
                names.setdefault(actor_id, name)
                roles.setdefault(actor_id, Counter())[role] += 1
        for actor_id in dict.fromkeys((*row.actor, *row.recipient)):
            roles[actor_id]["events"] += 1
        score = score_of(row.type, row.mode)
        for source_id in row.actor:
            for target_id in row.recipient:
                tally = tallies.setdefault((source_id, target_id), _Tally(Counter(), []))
                tally.types[row.type] += 1
                if score is not None:
                    tally.scores.append(score)
                tally.killed += row.killed or 0
                if row.date_start:
                    tally.first = min(filter(None, (tally.first, row.date_start)))
                    tally.last = max(filter(None, (tally.last, row.date_end or row.date_start)))
    nodes = []
    for actor_id, name in names.items():
        found = known.get(actor_id)
        count = roles[actor_id]
        nodes.append(
            Node(
                id=actor_id,
                name=found.name if found else name,
                kind=found.kind if found else None,
                sector=found.sector if found else None,
                country=found.country if found else None,
                events=count["events"],
                as_actor=count["actor"],
                as_recipient=count["recipient"],
            )
        )
    order = list(scores())
    present = {t for tally in tallies.values() for t in tally.types}
    types = tuple(sorted(present, key=lambda t: (order.index(t) if t in order else 99, t)))
    edges = tuple(
        Edge(
            source=source_id,
            target=target_id,
            weight=sum(tally.types.values()),
            types=tuple((t, tally.types[t]) for t in types if tally.types[t]),
            score=round(sum(tally.scores) / len(tally.scores), 3) if tally.scores else None,
            cooperation=sum(1 for s in tally.scores if s > 0),
            conflict=sum(1 for s in tally.scores if s < 0),
            killed=tally.killed,
            first=tally.first,
            last=tally.last,
        )
        for (source_id, target_id), tally in tallies.items()
    )
    return Network(tuple(nodes), edges, types)


# (name, type, field): the attributes each node and edge carries, in file order. A
# field "type:ASSAULT" is the edge's count of events of that type.
Attribute = tuple[str, str, str]
NODE_ATTRIBUTES: tuple[Attribute, ...] = (
    ("name", "string", "name"),
    ("kind", "string", "kind"),
    ("sector", "string", "sector"),
    ("country", "string", "country"),
    ("events", "integer", "events"),
    ("as_actor", "integer", "as_actor"),
    ("as_recipient", "integer", "as_recipient"),
)
EDGE_ATTRIBUTES: tuple[Attribute, ...] = (
    ("events", "integer", "weight"),
    ("score", "double", "score"),
    ("cooperation", "integer", "cooperation"),
    ("conflict", "integer", "conflict"),
    ("killed", "integer", "killed"),
    ("first", "string", "first"),
    ("last", "string", "last"),
)


def _edge_attributes(types: tuple[str, ...]) -> tuple[Attribute, ...]:
    return (*EDGE_ATTRIBUTES, *((t, "integer", f"type:{t}") for t in types))


def _value(item: Node | Edge, field: str) -> Any:
    if field.startswith("type:") and isinstance(item, Edge):
        return dict(item.types).get(field[5:], 0)
    return getattr(item, field)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return clean_text(str(value))


def _write(root: ET.Element, out: Output) -> None:
    ET.indent(root)
    with opened(out) as stream:
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        ET.ElementTree(root).write(stream, encoding="unicode")
        stream.write("\n")


def write_gexf(source: Source, out: Output) -> Exported:
    """Write the actor network as GEXF 1.2 (Gephi's format), directed and weighted."""
    graph = network(source)
    root = ET.Element(
        "gexf",
        {"xmlns": GEXF_NS, "xmlns:xsi": XSI_NS, "version": "1.2",
         "xsi:schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd"},
    )
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "dossier"
    ET.SubElement(meta, "description").text = "Actor network: actor -> recipient, by events"
    body = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    edge_attributes = _edge_attributes(graph.types)
    for cls, attributes in (("node", NODE_ATTRIBUTES), ("edge", edge_attributes)):
        declared = ET.SubElement(body, "attributes", {"class": cls, "mode": "static"})
        for index, (name, kind, _) in enumerate(attributes):
            ET.SubElement(declared, "attribute", {"id": str(index), "title": name, "type": kind})
    nodes = ET.SubElement(body, "nodes")
    for node in graph.nodes:
        element = ET.SubElement(nodes, "node", {"id": _text(node.id), "label": _text(node.name)})
        _attvalues(element, NODE_ATTRIBUTES, node)
    edges = ET.SubElement(body, "edges")
    for index, edge in enumerate(graph.edges):
        element = ET.SubElement(
            edges,
            "edge",
            {"id": str(index), "source": _text(edge.source), "target": _text(edge.target),
             "weight": str(edge.weight)},
        )
        _attvalues(element, edge_attributes, edge)
    _write(root, out)
    return Exported(len(graph.nodes), f"actors and {len(graph.edges)} edges")


def _attvalues(element: ET.Element, attributes: tuple[Attribute, ...], item: Node | Edge) -> None:
    values = ET.SubElement(element, "attvalues")
    for index, (_, _, field) in enumerate(attributes):
        value = _value(item, field)
        if value is not None:
            ET.SubElement(values, "attvalue", {"for": str(index), "value": _text(value)})


_GRAPHML_TYPES = {"string": "string", "integer": "int", "double": "double"}


def write_graphml(source: Source, out: Output) -> Exported:
    """Write the actor network as GraphML, directed, with ``weight`` on every edge."""
    graph = network(source)
    root = ET.Element(
        "graphml",
        {"xmlns": GRAPHML_NS, "xmlns:xsi": XSI_NS,
         "xsi:schemaLocation": f"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd"},
    )
    edge_attributes = (("weight", "integer", "weight"), *_edge_attributes(graph.types))
    node_keys = _keys(root, "node", "n", NODE_ATTRIBUTES)
    edge_keys = _keys(root, "edge", "e", edge_attributes)
    body = ET.SubElement(root, "graph", {"id": "actors", "edgedefault": "directed"})
    for node in graph.nodes:
        element = ET.SubElement(body, "node", {"id": _text(node.id)})
        _data(element, node_keys, node)
    for index, edge in enumerate(graph.edges):
        element = ET.SubElement(
            body,
            "edge",
            {"id": f"e{index}", "source": _text(edge.source), "target": _text(edge.target)},
        )
        _data(element, edge_keys, edge)
    _write(root, out)
    return Exported(len(graph.nodes), f"actors and {len(graph.edges)} edges")


def _keys(
    root: ET.Element, domain: str, prefix: str, attributes: tuple[Attribute, ...]
) -> tuple[tuple[str, str], ...]:
    """Declare each attribute as a GraphML key; (key id, field) pairs."""
    keys = []
    for index, (name, kind, field) in enumerate(attributes):
        key = f"{prefix}{index}"
        ET.SubElement(
            root,
            "key",
            {"id": key, "for": domain, "attr.name": name, "attr.type": _GRAPHML_TYPES[kind]},
        )
        keys.append((key, field))
    return tuple(keys)


def _data(element: ET.Element, keys: tuple[tuple[str, str], ...], item: Node | Edge) -> None:
    for key, field in keys:
        value = _value(item, field)
        if value is not None:
            ET.SubElement(element, "data", {"key": key}).text = _text(value)
