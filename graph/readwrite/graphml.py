"""GraphML export (Gephi, yEd, Cytoscape, igraph): ``write_graphml(G, path)`` for an
:class:`~unionkg.graph.model.EntityGraph`.

Format limits: GraphML attribute values are scalars of one declared type per key (string, int,
long, double, boolean), so lists are flattened to ``|``-joined strings and missing values are ""
(never ``None``) by :mod:`unionkg.graph.readwrite.xmlgraph`, and an empty value is left out. GraphML has no colour/size
vocabulary of its own: nodes carry ``color`` ("#rrggbb"), ``size`` and the precomputed layout
``x`` / ``y`` (what Gephi's GraphML importer reads as positions) as plain attributes, ``label`` is
the Chinese name (Gephi's importer shows it), ``type`` the entity kind, ``community`` a number;
edges carry ``id`` (stable "relation/u/v", also the edge element's id), ``label``, ``relation``
and ``weight`` plus counts, dates and one evidence reference. ``met`` and ``co_mentioned`` edges
are ``directed="false"``, the others ``directed="true"`` (a mixed graph: networkx's reader takes
one direction per file and refuses it). Characters XML 1.0 forbids are dropped from values.

Written by hand in one streaming pass (networkx's ElementTree writer was the bottleneck of large
builds), one line per node and per edge.
"""
from __future__ import annotations

import os
import re

from unionkg.graph.model import EntityGraph
from unionkg.graph.readwrite import xmlgraph

GRAPHML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
# Every node / edge gets one <data> per key, in this order.
NODE_KEYS: tuple[tuple[str, type], ...] = (
    (("label", str),) + xmlgraph.FLAT_NODE_ATTRS + (("color", str), ("size", float), ("x", float), ("y", float))
)
EDGE_KEYS: tuple[tuple[str, type], ...] = (
    ("id", str), ("label", str), ("relation", str), ("weight", float)
) + tuple(kv for kv in xmlgraph.FLAT_EDGE_ATTRS if kv[0] != "relation")


# An empty value is left out of the filled rows (a reader sees no value: networkx gives no key).
EMPTY_VALUES = re.compile(rb'<data key="d\d+"></data>')


def _data_pieces(keys, offset: int) -> list:
    pieces: list = []
    for i, (name, kind) in enumerate(keys, offset):
        pieces += [f'<data key="d{i}">', (name, kind), "</data>"]
    return pieces


def graphml_document() -> xmlgraph.XmlDocument:
    """The GraphML document of an entity graph (sorted nodes and edges)."""
    head = [
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
        ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    ]
    for i, (cls, (name, kind)) in enumerate(
            [("node", kv) for kv in NODE_KEYS] + [("edge", kv) for kv in EDGE_KEYS]):
        head.append(f'  <key id="d{i}" for="{cls}" attr.name="{name}"'
                    f' attr.type="{GRAPHML_TYPES[kind]}" />\n')
    head.append('  <graph edgedefault="directed">\n')
    # One line per node and per edge (a year's build: a third smaller than indented <data> lines).
    node_row = xmlgraph.RowTemplate(['    <node id="', ("@node", str), '">',
                                     *_data_pieces(NODE_KEYS, 0), "</node>\n"], xmlgraph.NODE_FIELDS)
    edge_row = xmlgraph.RowTemplate(['    <edge source="', ("source", str), '" target="', ("target", str),
                                     '" id="', ("id", str), '" directed="', ("@directed", str), '">', *_data_pieces(EDGE_KEYS, len(NODE_KEYS)),
                                     "</edge>\n"], xmlgraph.EDGE_FIELDS)
    return xmlgraph.XmlDocument("".join(head).encode("utf-8"), node_row, b"", edge_row, b"  </graph>\n</graphml>\n",
                                drop=EMPTY_VALUES)


def graphml_bytes(G: EntityGraph, *, co_mentions: float | None = None) -> bytes:
    """The GraphML document for ``G`` (UTF-8, sorted nodes and edges; co-mentions of at least the
    weight ``co_mentions``, none by default)."""
    return xmlgraph.document_bytes(G, graphml_document(), co_mentions=co_mentions)


def write_graphml(G: EntityGraph, path: str | os.PathLike, *, co_mentions: float | None = None) -> None:
    """Write ``G`` as GraphML to ``path``, atomically."""
    xmlgraph.write_xml_documents(G, [(path, graphml_document())], co_mentions=co_mentions)
