"""What the GEXF and GraphML writers share: the graph the Gephi files hold, flattened to scalar rows,
XML escaping, and one streaming pass that pours every row into the byte templates of each document.

The files are bounded by what a user opens, not by the corpus: co-mention edges (most edges of a
large corpus) stay out unless asked for with a minimum weight (:func:`gephi_graph`), and an edge
carries counts, dates and one evidence reference, never sentences. Nodes come drawn: positions
and a ``community`` number (:func:`unionkg.graph.readwrite.style.layout_and_communities`).

Both formats take only scalars of one declared type per attribute, so lists are ``|``-joined and
missing values are "" (never ``None``). Nodes carry ``label`` = the entity name (what Gephi shows)
and ``type`` = the entity type; edges carry ``id`` (stable "relation/u/v"), ``label`` and
``relation`` (never ``type``, which GEXF reserves for directed/undirected), ``weight``,
``evidence`` (the first evidence as page:start-end), its ``headline`` and ``evidence_count``.
``met`` and ``co_mentioned`` edges are undirected, the others directed, each edge saying so: a
mixed graph, which Gephi and graphology read and networkx's readers refuse (they take one
direction per file). :func:`flat_nodes` / :func:`flat_edges` give these attributes as dicts.
A row ends with the time of a dated graph (a node's first and last date, GEXF spells), which only a
dynamic GEXF document writes (:mod:`unionkg.graph.readwrite.gexf`).

Each node and edge is flattened, XML-escaped and UTF-8 encoded once, whatever the number of
documents (:func:`write_xml_documents` writes GEXF and GraphML in one pass): networkx's
ElementTree writers were the bottleneck of large builds.
"""
from __future__ import annotations

import operator
import os
import re
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

from unionkg.graph.io import atomic_write, gc_paused
from unionkg.graph.model import EntityGraph
from unionkg.graph.model import SYMMETRIC_RELATIONS
from unionkg.graph.readwrite.style import (
    RELATION_NAMES_ZH,
    TYPE_NAMES_ZH,
    hex_rgb,
    layout_and_communities,
    node_size,
    type_color,
)
from unionkg.graph.records import CO_MENTIONED

LIST_SEP = "|"
# Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_SPECIAL = re.compile('[&<>"\x00-\x1f\ud800-\udfff\ufffe\uffff]')
_XML_SPECIAL_BUT_NUL = re.compile('[&<>"\x01-\x1f\ud800-\udfff\ufffe\uffff]')
# Rows are joined into chunks of about this many elements before they are written: chunks of
# ~100 KB stay under malloc's mmap threshold, so their memory is reused (and warm in the cache)
# rather than freshly mapped, page-faulted and zeroed for every chunk, which cost up to 1 s of
# CPU for the ~400 MB of a 3M-character corpus's XML.
_CHUNK = 100

# The attributes every node / edge carries (besides node label, colour, size and position, and edge
# id, label and weight), with their value type, in the order the documents declare them.
FLAT_NODE_ATTRS: tuple[tuple[str, type], ...] = (
    ("type", str), ("type_zh", str), ("aliases", str), ("mentions", int), ("articles", int),
    ("first_page", str), ("last_page", str), ("roles", str), ("degree", int), ("community", int),
)
FLAT_EDGE_ATTRS: tuple[tuple[str, type], ...] = (
    ("relation", str), ("titles", str), ("triggers", str), ("dates", str), ("evidence", str),
    ("headline", str), ("evidence_count", int),
)

# The fields of a node / edge row, texts first, then numbers. "@…" fields are markup positions
# rather than attributes: element ids, endpoints, GEXF colour, edge direction in each format.
NODE_TEXT_FIELDS = ("@node", "label", "type", "type_zh", "aliases", "first_page", "last_page", "roles", "color")
# Last, the time of a dated graph as ready markup (dates are ISO digits: nothing to escape): a node's
# first and last date and GEXF spells, which only a dynamic GEXF document places.
NODE_TIME_FIELDS = ("@first_date", "@last_date", "@spells")
NODE_FIELDS = NODE_TEXT_FIELDS + ("mentions", "articles", "degree", "community", "x", "y", "size",
                                  "@r", "@g", "@b", "@a") + NODE_TIME_FIELDS
_NODE_ATTR_FIELDS = NODE_FIELDS[1:NODE_FIELDS.index("@r")]  # what flat_nodes gives
EDGE_FIELDS = (
    "source", "target", "id", "label", "relation", "@type", "@directed", "titles", "triggers", "dates",
    "evidence", "headline", "weight", "evidence_count", "@spells",
)
EDGE_TEXT_FIELDS = EDGE_FIELDS[:EDGE_FIELDS.index("weight")]
# symmetric -> (GEXF type, GraphML directed). GEXF's "mutual" is read as undirected by graphology-gexf
# (Gephi Lite), as mutual by Gephi and as both directions by networkx; networkx refuses per-edge
# directions in GraphML, so there every edge keeps the file's direction and `relation` says which
# relations are symmetric.
_DIRECTION = {True: ("mutual", "true"), False: ("directed", "true")}


def gephi_graph(G: EntityGraph, co_mentions: float | None = None) -> EntityGraph:
    """What the Gephi files hold: ``G`` without co-mentions (with ``co_mentions``, a minimum weight:
    with those of at least that weight), every node given ``x``, ``y`` and ``community``."""
    H = G.without_co_mentions(co_mentions)
    pairs: dict[tuple[str, str], float] = {}
    for u, v, relation in H.keys:
        if u != v:
            pair = (u, v) if u < v else (v, u)
            pairs[pair] = pairs.get(pair, 0.0) + H.weight(u, v, relation)
    positions, communities = layout_and_communities(list(H.nodes), pairs)
    for node, attrs in H.nodes.items():
        attrs["x"], attrs["y"] = positions[node]
        attrs["community"] = communities[node]
    return H


def node_values(n: str, d: dict, degree: int) -> tuple:
    """The :data:`NODE_FIELDS` of node ``n`` (attributes ``d``, ``degree`` distinct neighbours) of a
    :func:`gephi_graph`."""
    label = d["label"]
    color = type_color(label)
    first, last = d.get("first_date", ""), d.get("last_date", "")
    return (n, d["name"], label, TYPE_NAMES_ZH.get(label, ""), LIST_SEP.join(d["aliases"]), d["first_page"],
            d["last_page"], LIST_SEP.join(d["roles"]), color,
            d["mentions"], d["articles"], degree, d["community"], d["x"], d["y"], node_size(degree),
            *hex_rgb(color), 1.0, first.encode("ascii"), last.encode("ascii"), spells_markup([(first, last)] if first else []))


def spells_markup(spells: list[tuple[str, str]]) -> bytes:
    """GEXF ``<spells>`` of a node or edge (b"" for none): one ``<spell start end>`` per (first, last)."""
    if not spells:
        return b""
    inner = "".join(f'<spell start="{a}" end="{b}" />' for a, b in spells)
    return f"<spells>{inner}</spells>".encode("ascii")


def edge_values(G: EntityGraph, u: str, v: str, relation: str) -> tuple:
    """The :data:`EDGE_FIELDS` of edge (u, v, relation)."""
    d = G.edge(u, v, relation)
    evidence = d["evidence"]
    ref, headline = _evidence_fields(evidence[0]) if evidence else ("", "")
    return (u, v, f"{relation}/{u}/{v}", RELATION_NAMES_ZH.get(relation, relation), relation,
            *_DIRECTION[relation in SYMMETRIC_RELATIONS],
            LIST_SEP.join(d.get("titles", ())), LIST_SEP.join(d.get("triggers", ())),
            LIST_SEP.join(d.get("dates", ())), ref, headline, d["weight"], len(evidence),
            spells_markup([(day, day) for day in d.get("dates", ())]))


def _evidence_fields(e: dict) -> tuple[str, str]:
    """(evidence reference page:start-end, headline) of the evidence ``e``."""
    return f"{e['page']}:{e['src_start']}-{e['src_end']}", e["headline"]


def flat_nodes(G: EntityGraph, *, viz: bool = False, co_mentions: float | None = None
               ) -> Iterator[tuple[str, dict]]:
    """``(node, attributes)`` as the documents carry them, sorted: with ``viz`` as GEXF does (a
    ``viz`` colour, size and position), else as GraphML does (``color`` "#rrggbb", ``size``,
    ``x`` and ``y`` attributes)."""
    H = gephi_graph(G, co_mentions)
    names = _NODE_ATTR_FIELDS
    for n, d in H.nodes.items():
        values = dict(zip(names, node_values(n, d, H.degree(n))[1:len(names) + 1]))
        if viz:
            r, g, b = hex_rgb(values.pop("color"))
            position = {"x": values.pop("x"), "y": values.pop("y"), "z": 0.0}
            values["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": values.pop("size"),
                             "position": position}
        yield n, values


def flat_edges(G: EntityGraph, co_mentions: float | None = None) -> Iterator[tuple[str, str, str, dict]]:
    """``(u, v, edge id, attributes)`` as the documents carry them, sorted (the direction markers
    left out)."""
    H = G.without_co_mentions(co_mentions)
    for key in H.keys:
        row = edge_values(H, *key)
        yield row[0], row[1], row[2], {k: x for k, x in zip(EDGE_FIELDS[2:], row[2:]) if k[0] != "@"}


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


def _encode_text(text: str) -> bytes:
    return xml_escape(text).encode("utf-8")


def _encoded(row: tuple, texts: int) -> tuple:
    """``row`` with its first ``texts`` values XML-escaped and UTF-8 encoded (one regex scan and one
    encode for them all: usually nothing needs escaping), the numbers after them as they are."""
    values, numbers = row[:texts], row[texts:]
    try:
        joined = "\x00".join(values)  # NUL separates the values: escaping removes any NUL of theirs
        clean = _XML_SPECIAL_BUT_NUL.search(joined) is None
    except TypeError:  # a non-string value in a text field (odd input)
        clean = False
    if clean:
        parts = joined.encode("utf-8").split(b"\x00")
        if len(parts) == texts:  # else a value held a NUL of its own
            return (*parts, *numbers)
    joined = "\x00".join([xml_escape(t) for t in values])
    return (*joined.encode("utf-8").split(b"\x00"), *numbers)


def _node_rows(G: EntityGraph) -> Iterator[tuple]:
    """Encoded :data:`NODE_FIELDS` rows, sorted."""
    texts, neighbours = len(NODE_TEXT_FIELDS), G.neighbours
    return (_encoded(node_values(n, d, len(neighbours[n])), texts) for n, d in G.nodes.items())


def _edge_rows(G: EntityGraph) -> Iterator[tuple]:
    """Encoded :data:`EDGE_FIELDS` rows, sorted.

    Escaping and encoding work character by character, so a plain co-mention's row (most edges of
    a large corpus: one article, nothing else) is put together from its endpoints' and its
    article's bytes, each encoded once; other edges take the general way."""
    texts = len(EDGE_TEXT_FIELDS)
    node_bytes = {n: _encode_text(n) for n in G.nodes}
    relation = _encode_text(CO_MENTIONED)
    label = _encode_text(RELATION_NAMES_ZH.get(CO_MENTIONED, CO_MENTIONED))
    direction = tuple(map(_encode_text, _DIRECTION[True]))
    prefix = relation + b"/"
    article_bytes: dict[int, tuple] = {}  # id(article evidence) -> its (date, reference, headline)
    plain, page_dates = G.plain_co_mention, G.page_dates
    for key in G.keys:
        evidence = plain(*key)
        if evidence is None:
            yield _encoded(edge_values(G, *key), texts)
            continue
        fields = article_bytes.get(id(evidence))
        if fields is None:
            day = page_dates.get(evidence["page"], "")
            fields = article_bytes[id(evidence)] = (*map(_encode_text, (day, *_evidence_fields(evidence))),
                                                    spells_markup([(day, day)] if day else []))
        bu, bv = node_bytes[key[0]], node_bytes[key[1]]
        yield (bu, bv, prefix + bu + b"/" + bv, label, relation, *direction, b"", b"", *fields[:3], 1.0, 1, fields[3])


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
    drop: re.Pattern | None = None  # markup taken out of every filled row (values left out when empty)


def document_chunks(G: EntityGraph, documents: list[XmlDocument]) -> Iterator[list[bytes]]:
    """The ``documents`` for ``G`` in step: lists of one chunk per document. Each node and edge is
    flattened and encoded once; each batch of rows is then poured into every document's template."""
    yield [doc.head for doc in documents]
    for rows, part in ((_node_rows(G), "node_row"), (_edge_rows(G), "edge_row")):
        fills = [getattr(doc, part).fill for doc in documents]
        drops = [doc.drop.sub if doc.drop is not None else None for doc in documents]
        for batch in _batches(rows, _CHUNK):
            chunks = [b"".join(map(fill, batch)) for fill in fills]
            yield [drop(b"", chunk) if drop else chunk for drop, chunk in zip(drops, chunks)]
        yield [doc.middle if part == "node_row" else doc.tail for doc in documents]


def _batches(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_xml_documents(G: EntityGraph, documents: list[tuple[str | os.PathLike, XmlDocument]], *,
                        co_mentions: float | None = None) -> None:
    """Write every (path, document) for ``G`` in one pass over the graph, each file atomically; with
    ``co_mentions`` (a minimum weight) co-mention edges of at least that weight are written too."""
    G = gephi_graph(G, co_mentions)
    with ExitStack() as stack:
        handles = [stack.enter_context(atomic_write(path, "wb", encoding=None)) for path, _ in documents]
        stack.enter_context(gc_paused())
        for chunks in document_chunks(G, [doc for _, doc in documents]):
            for handle, chunk in zip(handles, chunks):
                handle.write(chunk)


def document_bytes(G: EntityGraph, document: XmlDocument, *, co_mentions: float | None = None) -> bytes:
    """``document`` for ``G`` as bytes (what :func:`write_xml_documents` writes)."""
    G = gephi_graph(G, co_mentions)
    with gc_paused():
        return b"".join(chunks[0] for chunks in document_chunks(G, [document]))
