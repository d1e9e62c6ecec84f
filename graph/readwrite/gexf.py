"""GEXF export for Gephi and Gephi Lite: ``write_gexf(G, path)`` for an
:class:`~unionkg.graph.model.EntityGraph`.

Format limits (GEXF 1.2) that shape what we write:

* no ``None`` values: an attribute needs a value of one declared type; an empty one is left out;
* a list value is read by networkx as time *spells*, not as a list, and crashes on plain strings:
  lists are flattened to ``|``-joined strings (:mod:`unionkg.graph.readwrite.xmlgraph`);
* ``type`` on an edge is reserved (directed/undirected/mutual) and Gephi rejects other values:
  the relation kind is the edge attribute ``relation``; nodes carry the entity kind as ``type``;
* ``label`` is the displayed name (the Chinese entity name), ``weight`` is an edge attribute;
  ``viz:color`` colours nodes by type, ``viz:size`` grows with the degree, ``viz:position`` is the
  precomputed layout and ``community`` a node attribute, so the file opens drawn (and colours by
  community in one click);
* ``met`` and ``co_mentioned`` are ``type="undirected"``, the others ``type="directed"``: every edge
  says which, so ``defaultedgetype`` (directed, the GEXF default) decides nothing. networkx's reader
  takes one direction per file and refuses such a mixed graph; Gephi and graphology read it;
* XML 1.0 forbids most control characters even as references: they are dropped from values.

Time (Gephi's timeline): a graph with any date is written ``mode="dynamic"`` with
``timeformat="date"``. A node's ``<spells>`` hold one spell from its first to its last date (the
pages naming it and its meetings), an edge's one spell per date it was reported (``start`` =
``end``: a meeting, a role or a co-mention is an observation on a day, not a period); the node
attributes ``first_date`` / ``last_date`` say the same to readers that skip spells. Limits:

* anything undated (an undated page's entities, part_of / located_in edges) has no spell, and
  Gephi shows it at every time: a static element of a dynamic graph;
* days only (``timeformat="date"``); a month-precision event is on its month's first day;
* attribute values stay static (``<attributes mode="static">``): a membership's titles are not
  tied to the days each was reported (those are in the RDF);
* networkx's ``read_gexf`` gives spells as a ``spells`` list of (start, end) strings;
  graphology-gexf (Gephi Lite) reads the file but skips ``<spells>``: there the dates are the
  ``dates`` edge attribute and the node's ``first_date`` / ``last_date``.

An undated graph gives the static document, byte for byte as before dates existed.

The document is written by hand in one streaming pass, one line per node and per edge (a year's
graph: 43 MB instead of 60 MB indented, and graphology-gexf reads it in 9 s instead of 16 s). An empty
value is left out rather than written ``value=""`` (a reader sees no value: GEXF's "missing"). No internal keys (the edge id is the stable "relation/u/v"), no ``lastmodifieddate``: the
same graph gives a byte-identical file on any day.
"""
from __future__ import annotations

import os
import re

from unionkg.graph.model import EntityGraph
from unionkg.graph.readwrite import xmlgraph

CREATOR = "unionkg"
GEXF_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}

# An empty value, and the attvalues of an element with none, are left out of the filled rows.
EMPTY_VALUES = re.compile(rb'<attvalues>(?:<attvalue for="\d+" value="" />)*</attvalues>|<attvalue for="\d+" value="" />')


def is_dated(G: EntityGraph) -> bool:
    """Whether any node of ``G`` has a date (every dated edge's ends have one)."""
    return any("first_date" in d for d in G.nodes.values())


def gexf_document(G: EntityGraph | None = None) -> xmlgraph.XmlDocument:
    """The GEXF 1.2 document of an entity graph (sorted nodes and edges): dynamic, with spells,
    when ``G`` is dated."""
    dynamic = G is not None and is_dated(G)
    head = [
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<gexf xmlns:viz="http://www.gexf.net/1.2draft/viz" xmlns="http://www.gexf.net/1.2draft"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"'
        ' version="1.2">\n'
        f"  <meta>\n    <creator>{CREATOR}</creator>\n  </meta>\n"
        '  <graph defaultedgetype="directed" '
        + ('mode="dynamic" timeformat="date"' if dynamic else 'mode="static"')
        + f' name="{CREATOR}">\n'
    ]
    edge_attrs = xmlgraph.FLAT_EDGE_ATTRS
    node_attrs = xmlgraph.FLAT_NODE_ATTRS + ((("@first_date", str), ("@last_date", str)) if dynamic else ())
    node_values: list = []
    edge_values: list = []
    for cls, attrs, offset, values in (("node", node_attrs, 0, node_values),
                                       ("edge", edge_attrs, len(node_attrs), edge_values)):
        head.append(f'    <attributes mode="static" class="{cls}">\n')
        for i, (name, kind) in enumerate(attrs, start=offset):
            head.append(f'      <attribute id="{i}" title="{name.lstrip("@")}" type="{GEXF_TYPES[kind]}" />\n')
            values += [f'<attvalue for="{i}" value="', (name, kind), '" />']
        head.append("    </attributes>\n")
    head.append("    <nodes>\n")

    node_row = xmlgraph.RowTemplate([
        '      <node id="', ("@node", str), '" label="', ("label", str), '">'
        '<viz:color r="', ("@r", int), '" g="', ("@g", int), '" b="', ("@b", int),
        '" a="', ("@a", float), '" /><viz:size value="', ("size", float),
        '" /><viz:position x="', ("x", float), '" y="', ("y", float),
        '" /><attvalues>', *node_values, "</attvalues>",
        *([("@spells", str)] if dynamic else []), "</node>\n",
    ], xmlgraph.NODE_FIELDS)
    edge_row = xmlgraph.RowTemplate([
        '      <edge source="', ("source", str), '" target="', ("target", str), '" id="', ("id", str),
        '" type="', ("@type", str), '" label="', ("label", str), '" weight="', ("weight", float), '"><attvalues>',
        *edge_values,
        "</attvalues>", *([("@spells", str)] if dynamic else []), "</edge>\n",
    ], xmlgraph.EDGE_FIELDS)
    return xmlgraph.XmlDocument("".join(head).encode("utf-8"), node_row, b"    </nodes>\n    <edges>\n", edge_row,
                                b"    </edges>\n  </graph>\n</gexf>\n", drop=EMPTY_VALUES)


def gexf_bytes(G: EntityGraph, *, co_mentions: float | None = None) -> bytes:
    """The GEXF 1.2 document for ``G`` (UTF-8, sorted nodes and edges; co-mentions of at least the
    weight ``co_mentions``, none by default)."""
    return xmlgraph.document_bytes(G, gexf_document(G), co_mentions=co_mentions)


def write_gexf(G: EntityGraph, path: str | os.PathLike, *, co_mentions: float | None = None) -> None:
    """Write ``G`` as GEXF to ``path``, atomically."""
    xmlgraph.write_xml_documents(G, [(path, gexf_document(G))], co_mentions=co_mentions)
