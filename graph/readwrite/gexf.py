"""GEXF export for Gephi and Gephi Lite: ``write_gexf(G, path)``.

Format limits (GEXF 1.2) that shape what we write:

* no ``None`` values: an attribute needs a value of one declared type, so missing values are "";
* a list value is read by networkx as time *spells*, not as a list, and crashes on plain strings:
  lists are flattened to ``|``-joined strings (:func:`unionkg.graph.model.flat_nodes` / ``flat_edges``);
* ``type`` on an edge is reserved (directed/undirected/mutual) and Gephi rejects other values:
  the relation kind is the edge attribute ``relation``; nodes carry the entity kind as ``type``;
* ``label`` is the displayed name (the Chinese entity name), ``weight`` is an edge attribute;
  ``viz:color`` colours nodes by type and ``viz:size`` grows with the degree;
* XML 1.0 forbids most control characters even as references: they are dropped from values.

The document is written by hand in one streaming pass (networkx's writer builds an ElementTree
and was the bottleneck of large builds); the layout follows networkx's GEXF 1.2draft output, so
``nx.read_gexf`` reads it back (``networkx_key`` keeps the edge keys). No ``lastmodifieddate``:
the same graph gives a byte-identical file on any day.

This module also holds what the GEXF and GraphML writers share: each node and edge is flattened,
XML-escaped and UTF-8 encoded once (:func:`node_rows` / :func:`edge_rows`) and poured into the
byte templates of every document being written (:func:`write_xml_documents` writes both files
in one pass over the graph).
"""
from __future__ import annotations

import operator
import os
import re
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import networkx as nx

from unionkg.graph.io import atomic_write, gc_paused
from unionkg.graph.model import (
    CO_MENTIONED,
    FLAT_EDGE_ATTRS,
    FLAT_EDGE_ROW,
    FLAT_NODE_ATTRS,
    RELATION_NAMES_ZH,
    GraphParts,
    _hex_rgb,
    flat_edge_row,
    flat_edge_rows,
    flat_node,
    flat_nodes,
    single_evidence_fields,
)

CREATOR = "unionkg"
# Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_SPECIAL = re.compile('[&<>"\x00-\x1f\ud800-\udfff\ufffe\uffff]')
_XML_SPECIAL_BUT_NUL = re.compile('[&<>"\x01-\x1f\ud800-\udfff\ufffe\uffff]')
# Rows are joined into chunks of about this many elements before they are written: chunks of
# ~100 KB stay under malloc's mmap threshold, so their memory is reused (and warm in the cache)
# rather than freshly mapped, page-faulted and zeroed for every chunk, which cost up to 1 s of
# CPU for the ~400 MB of a 3M-character corpus's XML.
_CHUNK = 100

# The fields of an encoded node / edge row, text first (escaped UTF-8 bytes), then numbers.
# "@…" fields are markup positions rather than attributes: element ids, endpoints, GEXF colour.
NODE_TEXT_FIELDS = ("@node", "label") + tuple(n for n, k in FLAT_NODE_ATTRS if k is str) + ("color",)
NODE_FIELDS = NODE_TEXT_FIELDS + tuple(n for n, k in FLAT_NODE_ATTRS if k is not str) + (
    "size", "@r", "@g", "@b", "@a")
EDGE_FIELDS = FLAT_EDGE_ROW
EDGE_TEXT_FIELDS = EDGE_FIELDS[:EDGE_FIELDS.index("weight")]


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


def _encoded(texts: list, numbers: tuple) -> tuple:
    """One row: the ``texts`` XML-escaped and UTF-8 encoded (one regex scan and one encode for the
    whole row: usually nothing needs escaping), then the ``numbers`` as they are."""
    try:
        joined = "\x00".join(texts)  # NUL separates the values: escaping removes any NUL of theirs
        clean = _XML_SPECIAL_BUT_NUL.search(joined) is None
    except TypeError:  # a non-string value in a text field (odd input)
        clean = False
    if clean:
        parts = joined.encode("utf-8").split(b"\x00")
        if len(parts) == len(texts):  # else a value held a NUL of its own
            return (*parts, *numbers)
    joined = "\x00".join([xml_escape(t) for t in texts])
    return (*joined.encode("utf-8").split(b"\x00"), *numbers)


def node_rows(G: nx.MultiDiGraph) -> Iterator[tuple]:
    """Encoded :data:`NODE_FIELDS` rows of :func:`unionkg.graph.model.flat_nodes` (sorted), with both the
    plain ``color``/``size`` of GraphML and the GEXF ``viz`` colour (@r, @g, @b, @a)."""
    return (_node_row(n, d) for n, d in flat_nodes(G, viz=False))


_NODE_TEXTS = operator.itemgetter(*NODE_TEXT_FIELDS[1:])
_NODE_NUMBERS = operator.itemgetter(*NODE_FIELDS[len(NODE_TEXT_FIELDS):-4])


def _node_row(n: str, d: dict) -> tuple:
    return _encoded([n, *_NODE_TEXTS(d)], (*_NODE_NUMBERS(d), *_hex_rgb(d["color"]), 1.0))


def edge_rows(G: nx.MultiDiGraph) -> Iterator[tuple]:
    """Encoded :data:`EDGE_FIELDS` rows of :func:`unionkg.graph.model.flat_edges` (sorted)."""
    texts = len(EDGE_TEXT_FIELDS)
    for row in flat_edge_rows(G):
        yield _encoded(row[:texts], row[texts:])


class RowTemplate:
    """One XML element as a bytes ``%``-format template, filled from an encoded row.

    ``pieces`` are literal markup and ``(name, type)`` slots naming a field of ``fields`` (the
    row layout). Text fields arrive escaped and encoded; numbers are formatted by ``repr`` (= ``str``
    for int and float: ``1.0``). One formatting call per node or edge per document.
    """

    def __init__(self, pieces: list, fields: tuple[str, ...]) -> None:
        out: list[bytes] = []
        positions: list[int] = []
        for p in pieces:
            if isinstance(p, str):
                out.append(p.encode("utf-8").replace(b"%", b"%%"))
            else:
                name, kind = p
                positions.append(fields.index(name))
                out.append(b"%s" if kind is str else b"%a")
        self.template = b"".join(out)
        if len(positions) == 1:
            only = positions[0]
            self._values = lambda row: (row[only],)
        else:
            self._values = operator.itemgetter(*positions)

    def fill(self, row: tuple) -> bytes:
        return self.template % self._values(row)


@dataclass
class XmlDocument:
    """A node/edge XML document: fixed markup around one element per node and per edge."""

    head: bytes
    node_row: RowTemplate
    middle: bytes  # between the last node and the first edge
    edge_row: RowTemplate
    tail: bytes


def document_chunks(G: nx.MultiDiGraph | GraphParts, documents: list[XmlDocument]) -> Iterator[list[bytes]]:
    """The ``documents`` for ``G`` (a graph, or the parts of one) in step: lists of one chunk per
    document. Each node and edge is flattened and encoded once, whatever the number of documents;
    each batch of rows is then poured into every document's template."""
    if isinstance(G, GraphParts):
        yield from _parts_chunks(G, documents)
        return
    yield [doc.head for doc in documents]
    for rows, part in ((node_rows(G), "node_row"), (edge_rows(G), "edge_row")):
        fills = [getattr(doc, part).fill for doc in documents]
        for batch in _batches(rows, _CHUNK):
            yield [b"".join(map(fill, batch)) for fill in fills]
        yield [doc.middle if part == "node_row" else doc.tail for doc in documents]


def _parts_chunks(parts: GraphParts, documents: list[XmlDocument]) -> Iterator[list[bytes]]:
    """:func:`document_chunks` of ``parts.to_graph()``, from the parts."""
    neighbours = parts.neighbours
    node_rows_ = (_node_row(n, flat_node(n, d, len(neighbours[n]))) for n, d in parts.nodes.items())
    yield [doc.head for doc in documents]
    for rows, part in ((node_rows_, "node_row"), (_parts_edge_rows(parts), "edge_row")):
        fills = [getattr(doc, part).fill for doc in documents]
        for batch in _batches(rows, _CHUNK):
            yield [b"".join(map(fill, batch)) for fill in fills]
        yield [doc.middle if part == "node_row" else doc.tail for doc in documents]


def _parts_edge_rows(parts: GraphParts) -> Iterator[tuple]:
    """Encoded :data:`EDGE_FIELDS` rows of ``parts.to_graph()``, sorted.

    Escaping and encoding work character by character, so a plain co-mention's row (most edges
    of a large corpus: one article, nothing else) is put together from its endpoints' and its
    article's bytes, each encoded once; other edges take the general way (their networkx
    attributes, flattened and encoded)."""
    texts = len(EDGE_TEXT_FIELDS)
    acc = parts.edges
    slots, edge_attrs = acc.edges, acc.edge_attrs
    node_bytes = {n: _encode_text(n) for n in parts.nodes}
    relation = _encode_text(CO_MENTIONED)
    label = _encode_text(RELATION_NAMES_ZH.get(CO_MENTIONED, CO_MENTIONED))
    prefix = relation + b"/"
    article_bytes: dict[int, tuple] = {}  # id(article evidence dict) -> its (pages, headlines, spans, sentences)
    for key in parts.keys:
        u, v, kind = key
        if kind == CO_MENTIONED:
            _, ev, lists = slots[key]
            if len(ev) == 1 and len(lists) == 1 and "articles" in lists:
                evidence = next(iter(ev.values()))
                fields = article_bytes.get(id(evidence))
                if fields is None and type(evidence["page"]) is str:
                    fields = article_bytes[id(evidence)] = tuple(map(_encode_text, single_evidence_fields(evidence)))
                if fields is not None:
                    bu, bv = node_bytes[u], node_bytes[v]
                    pages, headlines, spans, sentences = fields
                    yield (bu, bv, prefix + bu + b"/" + bv, label, relation, b"", b"", pages, headlines, spans,
                           sentences, float(len(lists["articles"])), 1)
                    continue
        row = flat_edge_row(u, v, kind, edge_attrs(key))
        yield _encoded(row[:texts], row[texts:])


def _encode_text(text: str) -> bytes:
    return xml_escape(text).encode("utf-8")


def _batches(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_xml_documents(G: nx.MultiDiGraph | GraphParts, documents: list[tuple[str | os.PathLike, XmlDocument]]) -> None:
    """Write every (path, document) for ``G`` (a graph or its parts) in one pass over the graph,
    each file atomically."""
    with ExitStack() as stack:
        handles = [stack.enter_context(atomic_write(path, "wb", encoding=None)) for path, _ in documents]
        stack.enter_context(gc_paused())
        for chunks in document_chunks(G, [doc for _, doc in documents]):
            for handle, chunk in zip(handles, chunks):
                handle.write(chunk)


GEXF_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}


def gexf_document(G: nx.MultiDiGraph | None = None) -> XmlDocument:
    """The GEXF 1.2 document for the model graph ``G`` (sorted nodes and edges; None: a graph
    with no attributes of its own, as :func:`unionkg.graph.model.build_graph` makes)."""
    head = [
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<gexf xmlns:viz="http://www.gexf.net/1.2draft/viz" xmlns="http://www.gexf.net/1.2draft"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"'
        ' version="1.2">\n'
        f"  <meta>\n    <creator>{CREATOR}</creator>\n  </meta>\n"
        '  <graph defaultedgetype="directed" mode="static"'
        f' name="{xml_escape((G.graph if G is not None else {}).get("name", "unionkg"))}">\n'
    ]
    # networkx_key carries the edge key (= the edge id) so nx.read_gexf rebuilds the same keys.
    edge_attrs = FLAT_EDGE_ATTRS + (("id", str),)
    node_values: list = []
    edge_values: list = []
    for cls, attrs, offset, values in (("node", FLAT_NODE_ATTRS, 0, node_values),
                                       ("edge", edge_attrs, len(FLAT_NODE_ATTRS), edge_values)):
        head.append(f'    <attributes mode="static" class="{cls}">\n')
        for i, (name, kind) in enumerate(attrs, start=offset):
            title = "networkx_key" if name == "id" else name
            head.append(f'      <attribute id="{i}" title="{title}" type="{GEXF_TYPES[kind]}" />\n')
            values += [f'\n          <attvalue for="{i}" value="', (name, kind), '" />']
        head.append("    </attributes>\n")
    head.append("    <nodes>\n")

    node_row = RowTemplate([
        '      <node id="', ("@node", str), '" label="', ("label", str), '">\n'
        '        <viz:color r="', ("@r", int), '" g="', ("@g", int), '" b="', ("@b", int),
        '" a="', ("@a", float), '" />\n        <viz:size value="', ("size", float),
        '" />\n        <attvalues>', *node_values, "\n        </attvalues>\n      </node>\n",
    ], NODE_FIELDS)
    edge_row = RowTemplate([
        '      <edge source="', ("source", str), '" target="', ("target", str), '" id="', ("id", str),
        '" label="', ("label", str), '" weight="', ("weight", float), '">\n        <attvalues>',
        *edge_values,
        "\n        </attvalues>\n      </edge>\n",
    ], EDGE_FIELDS)
    return XmlDocument("".join(head).encode("utf-8"), node_row, b"    </nodes>\n    <edges>\n", edge_row,
                       b"    </edges>\n  </graph>\n</gexf>\n")


def iter_gexf(G: nx.MultiDiGraph) -> Iterator[bytes]:
    """The document for the model graph ``G`` as UTF-8 chunks (sorted nodes and edges)."""
    return (chunks[0] for chunks in document_chunks(G, [gexf_document(G)]))


def gexf_bytes(G: nx.MultiDiGraph) -> bytes:
    """The GEXF 1.2 document for the model graph ``G`` (UTF-8, sorted nodes and edges)."""
    with gc_paused():
        return b"".join(iter_gexf(G))


def write_gexf(G: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write ``G`` (from :func:`unionkg.graph.model.build_graph`) as GEXF to ``path``, atomically."""
    write_xml_documents(G, [(path, gexf_document(G))])
