"""GEXF export for Gephi and Gephi Lite: ``write_gexf(G, path)``.

Format limits (GEXF 1.2) that shape what we write:

* no ``None`` values: an attribute needs a value of one declared type, so missing values are "";
* a list value is read by networkx as time *spells*, not as a list, and crashes on plain strings:
  lists are flattened to ``|``-joined strings (:func:`graph.model.flat_nodes` / ``flat_edges``);
* ``type`` on an edge is reserved (directed/undirected/mutual) and Gephi rejects other values:
  the relation kind is the edge attribute ``relation``; nodes carry the entity kind as ``type``;
* ``label`` is the displayed name (the Chinese entity name), ``weight`` is an edge attribute;
  ``viz:color`` colours nodes by type and ``viz:size`` grows with the degree;
* XML 1.0 forbids most control characters even as references: they are dropped from values.

The document is written by hand in one streaming pass (networkx's writer builds an ElementTree
and was the bottleneck of large builds); the layout follows networkx's GEXF 1.2draft output, so
``nx.read_gexf`` reads it back (``networkx_key`` keeps the edge keys). No ``lastmodifieddate``:
the same graph gives a byte-identical file on any day.
"""
from __future__ import annotations

import operator
import os
import re
from collections.abc import Iterable, Iterator

import networkx as nx

from graph.io import atomic_write
from graph.model import FLAT_EDGE_ATTRS, FLAT_NODE_ATTRS, flat_edges, flat_nodes, gc_paused

CREATOR = "unionkg"
# Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_SPECIAL = re.compile('[&<>"\x00-\x1f\ud800-\udfff\ufffe\uffff]')
# Strings are joined into chunks of about this many pieces before they are handed on.
_CHUNK = 20000


def chunked(pieces: Iterable[str], size: int | None = None) -> Iterator[str]:
    """``pieces`` joined into chunks of ``size`` (default ``_CHUNK``) pieces: few, large writes
    instead of many small ones."""
    size = size or _CHUNK
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def write_chunks(chunks: Iterable[str], path: str | os.PathLike) -> None:
    """Write text ``chunks`` to ``path`` as UTF-8, atomically, with the cyclic GC paused."""
    with atomic_write(path, "wb", encoding=None) as fh, gc_paused():
        for chunk in chunks:
            fh.write(chunk.encode("utf-8"))


def xml_escape(value: object) -> str:
    """``value`` as text safe inside an XML attribute value or element (double quotes).

    Escapes ``& < > "`` and keeps tab/newline/CR as character references (attribute value
    normalisation would turn them into spaces); drops characters XML 1.0 forbids.
    """
    text = value if type(value) is str else str(value)
    if _XML_SPECIAL.search(text) is None:
        return text
    text = _XML_FORBIDDEN.sub("", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")
            .replace("\r", "&#13;"))


class RowTemplate:
    """One XML element as a ``%``-format template, filled from a flat attribute dict.

    ``pieces`` are literal markup and ``(name, type)`` slots. ``str`` slots are escaped, checked
    with one regex scan per element (usually nothing needs escaping); numbers are formatted by
    ``str`` (``1.0`` for floats). The writers thus make one formatting call per node or edge
    instead of building one ElementTree element per value. Numbers come from ``flat_nodes`` /
    ``flat_edges``, which already coerce them to ``int`` / ``float``.
    """

    def __init__(self, pieces: list) -> None:
        out: list[str] = []
        names: list[str] = []
        self._text_positions: list[int] = []
        for p in pieces:
            if isinstance(p, str):
                out.append(p.replace("%", "%%"))
            else:
                name, kind = p
                if kind is str:
                    self._text_positions.append(len(names))
                names.append(name)
                out.append("%s")
        self.template = "".join(out)
        self._values = self._getter(names)
        self._texts = self._getter([names[i] for i in self._text_positions])

    @staticmethod
    def _getter(names: list[str]):
        if len(names) == 1:
            name = names[0]
            return lambda d: (d[name],)
        return operator.itemgetter(*names) if names else (lambda d: ())

    def fill(self, d: dict) -> str:
        values = self._values(d)
        try:
            clean = _XML_SPECIAL.search("".join(self._texts(d))) is None
        except TypeError:  # a non-string value in a text slot (odd input)
            clean = False
        if not clean:
            values = list(values)
            for i in self._text_positions:
                values[i] = xml_escape(values[i])
            values = tuple(values)
        return self.template % values


GEXF_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}


def _gexf_pieces(G: nx.MultiDiGraph) -> Iterator[str]:
    """The GEXF 1.2 document for the model graph ``G`` piece by piece (sorted nodes and edges)."""
    yield (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<gexf xmlns:viz="http://www.gexf.net/1.2draft/viz" xmlns="http://www.gexf.net/1.2draft"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"'
        ' version="1.2">\n'
        f"  <meta>\n    <creator>{CREATOR}</creator>\n  </meta>\n"
        '  <graph defaultedgetype="directed" mode="static"'
        f' name="{xml_escape(G.graph.get("name", "unionkg"))}">\n'
    )
    # networkx_key carries the edge key (= the edge id) so nx.read_gexf rebuilds the same keys.
    edge_attrs = FLAT_EDGE_ATTRS + (("id", str),)
    node_values: list = []
    edge_values: list = []
    for cls, attrs, offset, values in (("node", FLAT_NODE_ATTRS, 0, node_values),
                                       ("edge", edge_attrs, len(FLAT_NODE_ATTRS), edge_values)):
        yield f'    <attributes mode="static" class="{cls}">\n'
        for i, (name, kind) in enumerate(attrs, start=offset):
            title = "networkx_key" if name == "id" else name
            yield f'      <attribute id="{i}" title="{title}" type="{GEXF_TYPES[kind]}" />\n'
            values += [f'\n          <attvalue for="{i}" value="', (name, kind), '" />']
        yield "    </attributes>\n"

    node_row = RowTemplate([
        '      <node id="', ("@node", str), '" label="', ("label", str), '">\n'
        '        <viz:color r="', ("@r", int), '" g="', ("@g", int), '" b="', ("@b", int),
        '" a="', ("@a", float), '" />\n        <viz:size value="', ("@size", float),
        '" />\n        <attvalues>', *node_values, "\n        </attvalues>\n      </node>\n",
    ])
    yield "    <nodes>\n"
    for n, d in flat_nodes(G, viz=True):
        viz = d["viz"]
        color = viz["color"]
        d["@node"], d["@size"] = n, viz["size"]
        d["@r"], d["@g"], d["@b"], d["@a"] = color["r"], color["g"], color["b"], color["a"]
        yield node_row.fill(d)
    yield "    </nodes>\n    <edges>\n"

    edge_row = RowTemplate([
        '      <edge source="', ("@u", str), '" target="', ("@v", str), '" id="', ("id", str),
        '" label="', ("label", str), '" weight="', ("weight", float), '">\n        <attvalues>',
        *edge_values,
        "\n        </attvalues>\n      </edge>\n",
    ])
    for u, v, _, d in flat_edges(G):
        d["@u"], d["@v"] = u, v
        yield edge_row.fill(d)
    yield "    </edges>\n  </graph>\n</gexf>\n"


def iter_gexf(G: nx.MultiDiGraph) -> Iterator[str]:
    """The document for the model graph ``G`` as text chunks (sorted nodes and edges)."""
    return chunked(_gexf_pieces(G))


def gexf_bytes(G: nx.MultiDiGraph) -> bytes:
    """The GEXF 1.2 document for the model graph ``G`` (UTF-8, sorted nodes and edges)."""
    with gc_paused():
        return "".join(iter_gexf(G)).encode("utf-8")


def write_gexf(G: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write ``G`` (from :func:`graph.model.build_graph`) as GEXF to ``path``, atomically."""
    write_chunks(iter_gexf(G), path)
