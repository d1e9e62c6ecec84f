"""GraphML export (Gephi, yEd, Cytoscape, igraph): ``write_graphml(G, path)``.

Format limits: GraphML attribute values are scalars of one declared type per key (string, int,
double, boolean), so lists are flattened to ``|``-joined strings and missing values are "" (never
``None``) by :func:`graph.model.flat_graph`. GraphML has no colour/size vocabulary of its own:
nodes carry ``color`` ("#rrggbb") and ``size`` as plain attributes, ``label`` is the Chinese
name (Gephi's importer shows it), ``type`` the entity kind; edges carry ``relation``, ``label``
and ``weight`` plus the flattened evidence.
"""
from __future__ import annotations

import io
import os

import networkx as nx

from graph.io import atomic_write
from graph.model import flat_graph


def graphml_bytes(G: nx.MultiDiGraph) -> bytes:
    """The GraphML document for the model graph ``G`` (UTF-8, sorted nodes and edges)."""
    H = flat_graph(G, viz=False)
    buf = io.BytesIO()
    # edge_id_from_attribute keeps our stable "relation/u/v" ids as GraphML edge ids.
    nx.write_graphml_xml(H, buf, encoding="utf-8", prettyprint=True, named_key_ids=False,
                         edge_id_from_attribute="id")
    return buf.getvalue()


def write_graphml(G: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write ``G`` (from :func:`graph.model.build_graph`) as GraphML to ``path``, atomically."""
    data = graphml_bytes(G)
    with atomic_write(path, "wb", encoding=None) as fh:
        fh.write(data)
