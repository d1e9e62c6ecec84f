"""GEXF export for Gephi and Gephi Lite: ``write_gexf(G, path)``.

Format limits (GEXF 1.2 as written by networkx) that shape what we write:

* no ``None`` values: an attribute needs a value of one declared type, so missing values are "";
* a list value is read by networkx (and written) as time *spells*, not as a list, and crashes on
  plain strings: lists are flattened to ``|``-joined strings by :func:`graph.model.flat_graph`;
* ``type`` on an edge is reserved (directed/undirected/mutual) and Gephi rejects other values:
  the relation kind is the edge attribute ``relation``; nodes carry the entity kind as ``type``;
* ``label`` is the displayed name (the Chinese entity name), ``weight`` is an edge attribute;
  ``viz:color`` colours nodes by type and ``viz:size`` grows with the degree.

networkx stamps ``lastmodifieddate`` with today's date; we drop it (optional in the schema) so
the same graph gives a byte-identical file on any day.
"""
from __future__ import annotations

import io
import os

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from graph.io import atomic_write
from graph.model import flat_graph

CREATOR = "unionkg"


def gexf_bytes(G: nx.MultiDiGraph) -> bytes:
    """The GEXF 1.2 document for the model graph ``G`` (UTF-8, sorted nodes and edges)."""
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        creator = meta.find("creator")
        if creator is not None:
            creator.text = CREATOR
    H = flat_graph(G, viz=True)
    H.graph["name"] = G.graph.get("name", "unionkg")
    writer.add_graph(H)

    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def write_gexf(G: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write ``G`` (from :func:`graph.model.build_graph`) as GEXF to ``path``, atomically."""
    data = gexf_bytes(G)
    with atomic_write(path, "wb", encoding=None) as fh:
        fh.write(data)
