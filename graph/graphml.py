"""GraphML export (Gephi, yEd, Cytoscape, igraph): ``write_graphml(G, path)``.

Format limits: GraphML attribute values are scalars of one declared type per key (string, int,
long, double, boolean), so lists are flattened to ``|``-joined strings and missing values are ""
(never ``None``) by :func:`graph.model.flat_nodes` / ``flat_edges``. GraphML has no colour/size
vocabulary of its own: nodes carry ``color`` ("#rrggbb") and ``size`` as plain attributes,
``label`` is the Chinese name (Gephi's importer shows it), ``type`` the entity kind; edges carry
``id`` (stable "relation/u/v", also the edge element's id), ``label``, ``relation`` and
``weight`` plus the flattened evidence. Characters XML 1.0 forbids are dropped from values.

Written by hand in one streaming pass (networkx's ElementTree writer was the bottleneck of large
builds), in the layout networkx writes, so ``nx.read_graphml`` reads it back.
"""
from __future__ import annotations

import os
from collections.abc import Iterator

import networkx as nx

from graph.gexf import RowTemplate, chunked, write_chunks
from graph.model import FLAT_EDGE_ATTRS, FLAT_NODE_ATTRS, flat_edges, flat_nodes, gc_paused

GRAPHML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
# Every node / edge gets one <data> per key, in this order.
NODE_KEYS: tuple[tuple[str, type], ...] = (
    (("label", str),) + FLAT_NODE_ATTRS + (("color", str), ("size", float))
)
EDGE_KEYS: tuple[tuple[str, type], ...] = (
    ("id", str), ("label", str), ("relation", str), ("weight", float)
) + tuple(kv for kv in FLAT_EDGE_ATTRS if kv[0] != "relation")


def _data_pieces(keys, offset: int) -> list:
    # An empty value gives <data ...></data>: parsers read it as the empty string, like <data />.
    pieces: list = []
    for i, (name, kind) in enumerate(keys, offset):
        pieces += [f'\n      <data key="d{i}">', (name, kind), "</data>"]
    return pieces


def _graphml_pieces(G: nx.MultiDiGraph) -> Iterator[str]:
    """The GraphML document for the model graph ``G`` piece by piece (sorted nodes and edges)."""
    yield (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
        ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for i, (cls, (name, kind)) in enumerate(
            [("node", kv) for kv in NODE_KEYS] + [("edge", kv) for kv in EDGE_KEYS]):
        yield (f'  <key id="d{i}" for="{cls}" attr.name="{name}"'
               f' attr.type="{GRAPHML_TYPES[kind]}" />\n')
    yield '  <graph edgedefault="directed">\n'

    node_row = RowTemplate(['    <node id="', ("@node", str), '">',
                            *_data_pieces(NODE_KEYS, 0), "\n    </node>\n"])
    for n, d in flat_nodes(G, viz=False):
        d["@node"] = n
        yield node_row.fill(d)

    edge_row = RowTemplate(['    <edge source="', ("@u", str), '" target="', ("@v", str),
                            '" id="', ("id", str), '">',
                            *_data_pieces(EDGE_KEYS, len(NODE_KEYS)), "\n    </edge>\n"])
    for u, v, _, d in flat_edges(G):
        d["@u"], d["@v"] = u, v
        yield edge_row.fill(d)
    yield "  </graph>\n</graphml>\n"


def iter_graphml(G: nx.MultiDiGraph) -> Iterator[str]:
    """The document for the model graph ``G`` as text chunks (sorted nodes and edges)."""
    return chunked(_graphml_pieces(G))


def graphml_bytes(G: nx.MultiDiGraph) -> bytes:
    """The GraphML document for the model graph ``G`` (UTF-8, sorted nodes and edges)."""
    with gc_paused():
        return "".join(iter_graphml(G)).encode("utf-8")


def write_graphml(G: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write ``G`` (from :func:`graph.model.build_graph`) as GraphML to ``path``, atomically."""
    write_chunks(iter_graphml(G), path)
