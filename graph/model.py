"""The networkx view of a :class:`~unionkg.graph.corpus.Corpus`, shared by the Gephi and HTML exports.

``build_graph`` makes a :class:`networkx.MultiDiGraph` whose nodes are entity ids and whose edges
carry a ``relation`` and a ``weight``. Edge keys are the relation names, so an edge is addressed
as ``G.edges[u, v, "met"]`` and the key never depends on insertion order.

Relations and their direction:

* ``holds_role``: person -> organization; ``titles`` lists the titles (weight = number of titles).
* ``met``: people present at the same event. Symmetric, stored ONCE in canonical direction
  ``u < v`` (by entity id), so degrees count a meeting once; weight = number of shared events.
* ``co_mentioned``: people and bodies (not places) named in the same article. Symmetric, stored
  once like ``met``; weight = number of shared articles.
* ``part_of`` / ``located_in``: child -> parent, as in :class:`~unionkg.graph.corpus.Structure`.

Attributes keep lists (``aliases``, ``titles``, ``evidence`` …) internally; exports flatten them
with :func:`flat_nodes` / :func:`flat_edges` (streamed by the writers; :func:`flat_graph` builds a
networkx copy from them), because GEXF and GraphML only take scalars.

:func:`graph_parts` stops one step short of the graph (node attributes and the edge accumulator,
:class:`GraphParts`): ``unionkg build`` writes GEXF, GraphML and the HTML view from those, with
the same bytes as from the graph, without making 10^5 networkx edges it would only read once.
"""
from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Iterator

import networkx as nx

from unionkg.graph.corpus import Corpus, Evidence
from unionkg.graph.io import gc_paused
from unionkg.graph.records import CO_MENTION_LABELS, COMPANY, ORG, PERSON, PLACE, UNION

# Colours by entity type (colour-blind friendly Tableau 10 hues), shared by GEXF and HTML.
TYPE_COLORS = {
    PERSON: "#e15759",
    UNION: "#4e79a7",
    COMPANY: "#f28e2b",
    ORG: "#76b7b2",
    PLACE: "#59a14f",
}
OTHER_COLOR = "#9c9c9c"
TYPE_NAMES_ZH = {PERSON: "人物", UNION: "工会", COMPANY: "企业", ORG: "机构", PLACE: "地点"}

HOLDS_ROLE = "holds_role"
MET = "met"
CO_MENTIONED = "co_mentioned"
PART_OF = "part_of"
LOCATED_IN = "located_in"
RELATIONS = (HOLDS_ROLE, MET, CO_MENTIONED, PART_OF, LOCATED_IN)
SYMMETRIC_RELATIONS = frozenset({MET, CO_MENTIONED})
RELATION_NAMES_ZH = {
    HOLDS_ROLE: "任职",
    MET: "会见/同场",
    CO_MENTIONED: "同文提及",
    PART_OF: "隶属",
    LOCATED_IN: "位于",
}
RELATION_COLORS = {
    HOLDS_ROLE: "#b07aa1",
    MET: "#e15759",
    CO_MENTIONED: "#c8c8c8",
    PART_OF: "#4e79a7",
    LOCATED_IN: "#59a14f",
}

# Separator used when lists are flattened to one string for GEXF/GraphML.
LIST_SEP = "|"


def type_color(label: str) -> str:
    return TYPE_COLORS.get(label, OTHER_COLOR)


def _evidence_dict(ev: Evidence) -> dict:
    return {
        "page": ev.page_id,
        "source": ev.source,
        "headline": ev.headline,
        "src_start": ev.src_start,
        "src_end": ev.src_end,
        "exact": ev.exact,
        "sentence": ev.sentence,
    }


def _evidence_sort_key(ev: dict) -> tuple:
    return (ev["page"], ev["src_start"], ev["src_end"], ev["exact"], ev["sentence"], ev["headline"])


class _EdgeAccumulator:
    """Collects weight, list attributes and evidence per (u, v, relation) before they become edges.

    A slot is ``[weight, {evidence sort key: evidence}, {list name: set of values}]``.
    """

    def __init__(self) -> None:
        self.edges: dict[tuple[str, str, str], list] = {}

    def add(self, u: str, v: str, relation: str, *, weight: float = 1.0,
            evidence: Iterable[tuple[tuple, dict]] = (), **lists: Iterable[str]) -> None:
        """``evidence`` holds (sort key, evidence dict) pairs, keyed once by the caller."""
        if relation in SYMMETRIC_RELATIONS and v < u:
            u, v = v, u
        key = (u, v, relation)
        slot = self.edges.get(key)
        if slot is None:
            slot = self.edges[key] = [0.0, {}, {}]
        slot[0] += weight
        if evidence:
            slot[1].update(evidence)
        slot_lists = slot[2]
        for name, values in lists.items():
            kept = [x for x in values if x]
            bucket = slot_lists.get(name)
            if bucket is None:
                slot_lists[name] = set(kept)
            else:
                bucket.update(kept)

    def add_co_mentions(self, named: list[str], evidence: tuple[tuple, dict], article: str) -> None:
        """``co_mentioned`` for every pair of the sorted ids ``named`` (the hot loop of large
        corpora: k named entities make k(k-1)/2 pairs), same result as :meth:`add` per pair."""
        ev_key, ev = evidence
        edges = self.edges
        for i, u in enumerate(named):
            for v in named[i + 1:]:
                key = (u, v, CO_MENTIONED)
                slot = edges.get(key)
                if slot is None:
                    slot = edges[key] = [0.0, {}, {"articles": set()}]
                slot[0] += 1.0
                slot[1][ev_key] = ev
                if article:
                    slot[2]["articles"].add(article)

    def edge_attrs(self, key: tuple[str, str, str]) -> dict:
        """The networkx attributes of the edge ``key`` = (u, v, relation). Final weights:
        holds_role = distinct titles, met / co_mentioned = distinct event / article ids (sets
        de-duplicate them; the id lists themselves are not kept), others 1."""
        relation = key[2]
        _, ev, lists = self.edges[key]
        evidence = [ev[k] for k in sorted(ev)] if len(ev) > 1 else list(ev.values())
        if relation == CO_MENTIONED and len(lists) == 1 and "articles" in lists:
            # Most edges of a large corpus: nothing left but the article count (same dict as below).
            return {"relation": relation, "weight": float(len(lists["articles"])), "evidence": evidence}
        attrs = {"relation": relation, "weight": 0.0, "evidence": evidence}
        for name in sorted(lists):
            values = lists[name]
            attrs[name] = sorted(values) if len(values) > 1 else list(values)
        if relation == HOLDS_ROLE:
            attrs["weight"] = float(len(attrs.get("titles", ())))
        elif relation == MET:
            attrs["weight"] = float(len(attrs.pop("events", ())))
        elif relation == CO_MENTIONED:
            attrs["weight"] = float(len(attrs.pop("articles", ())))
        else:
            attrs["weight"] = 1.0
        return attrs

    def edge_weight(self, key: tuple[str, str, str]) -> float:
        """``edge_attrs(key)["weight"]`` without the rest of the attributes."""
        relation = key[2]
        lists = self.edges[key][2]
        if relation == CO_MENTIONED:
            return float(len(lists.get("articles", ())))
        if relation == MET:
            return float(len(lists.get("events", ())))
        if relation == HOLDS_ROLE:
            return float(len(lists.get("titles", ())))
        return 1.0

    def is_plain_co_mention(self, key: tuple[str, str, str]) -> bool:
        """Whether ``key`` is a co_mentioned edge of one article (its only evidence) with nothing
        else on it: the bulk of a large corpus's edges, which exporters handle in a fast path."""
        if key[2] != CO_MENTIONED:
            return False
        _, ev, lists = self.edges[key]
        return len(ev) == 1 and len(lists) == 1 and "articles" in lists

    def sorted_keys(self) -> list[tuple[str, str, str]]:
        """Every edge key, sorted: the order of the graph's edges (sorting the keys alone is twice
        as fast as sorting the items)."""
        return sorted(self.edges)

    def into(self, G: nx.MultiDiGraph) -> None:
        G.add_edges_from((*key, self.edge_attrs(key)) for key in self.sorted_keys())


def _keyed(evidence: Iterable[dict]) -> list[tuple[tuple, dict]]:
    return [(_evidence_sort_key(ev), ev) for ev in evidence]


def build_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """Build the entity graph of ``corpus`` (nodes and edges inserted in sorted order).

    Node attributes: ``label`` (entity type), ``name``, ``aliases`` (list), ``mentions``,
    ``first_page``, ``last_page``, ``articles`` (count), ``roles`` (list of "org title" strings,
    bylines give the bare role) and ``sentences`` (list of source sentences naming the entity).
    Edge attributes: ``relation``, ``weight``, ``evidence`` (list of dicts: page, source,
    headline, src_start, src_end, exact, sentence) plus ``titles`` (holds_role) or ``triggers``
    (met). Facts that point at an unknown entity id are skipped.
    """
    with gc_paused():
        return graph_parts(corpus).to_graph()


def graph_parts(corpus: Corpus) -> GraphParts:
    """The nodes and edges of :func:`build_graph` before they become a networkx graph."""
    with gc_paused():
        return _graph_parts(corpus)


class GraphParts:
    """What :func:`build_graph` puts in the graph: node attributes by id (sorted) and the edge
    accumulator. The build writes its exports from these directly, without the networkx graph
    (whose 10^5 edge dicts cost more to make than the XML rows do); every question asked of
    them here has the answer the graph would give."""

    def __init__(self, nodes: dict[str, dict], edges: _EdgeAccumulator) -> None:
        self.nodes = nodes
        self.edges = edges
        self._keys: list[tuple[str, str, str]] | None = None
        self._neighbours: dict[str, set[str]] | None = None

    def to_graph(self) -> nx.MultiDiGraph:
        G = nx.MultiDiGraph()
        G.add_nodes_from(self.nodes.items())
        self.edges.into(G)
        return G

    @property
    def keys(self) -> list[tuple[str, str, str]]:
        """Every edge's (u, v, relation), sorted: the graph's edge order."""
        if self._keys is None:
            self._keys = self.edges.sorted_keys()
        return self._keys

    @property
    def neighbours(self) -> dict[str, set[str]]:
        """Every node's distinct neighbours in either direction."""
        if self._neighbours is None:
            neighbours: dict[str, set[str]] = {node: set() for node in self.nodes}
            for u, v, _ in self.edges.edges:
                neighbours[u].add(v)
                neighbours[v].add(u)
            self._neighbours = neighbours
        return self._neighbours

    def top_nodes(self, n: int) -> list[str]:
        """``top_nodes(self.to_graph(), n)``."""
        weighted = dict.fromkeys(self.nodes, 0.0)
        # Each edge's weight as in :meth:`_EdgeAccumulator.edge_weight` (inlined: one call per
        # edge was most of the time). Weights are whole numbers, so the sums are exact in any order.
        counted = {CO_MENTIONED: "articles", MET: "events", HOLDS_ROLE: "titles"}
        for (u, v, relation), (_, _, lists) in self.edges.edges.items():
            name = counted.get(relation)
            weight = 1.0 if name is None else float(len(lists.get(name, ())))
            weighted[u] += weight
            weighted[v] += weight
        nodes, neighbours = self.nodes, self.neighbours

        def key(node: str) -> tuple:
            return (-weighted[node], -len(neighbours[node]), -int(nodes[node].get("mentions", 0)), node)

        return sorted(nodes, key=key)[: max(0, n)]

    def subgraph(self, keep: Iterable[str]) -> nx.MultiDiGraph:
        """``subgraph(self.to_graph(), keep)``, without making the rest of the graph."""
        keep = set(keep)
        H = nx.MultiDiGraph()
        H.add_nodes_from((node, dict(attrs)) for node, attrs in self.nodes.items() if node in keep)
        H.add_edges_from((u, v, relation, self.edges.edge_attrs((u, v, relation)))
                         for u, v, relation in self.keys if u in keep and v in keep)
        return H


def _graph_parts(corpus: Corpus) -> GraphParts:
    entities = corpus.entities
    roles: dict[str, set[str]] = {eid: set() for eid in entities}
    sentences: dict[str, set[str]] = {eid: set() for eid in entities}

    def note_sentence(eid: str, ev: Evidence | None) -> None:
        if ev is not None and eid in sentences and ev.sentence:
            sentences[eid].add(ev.sentence)

    acc = _EdgeAccumulator()
    for m in corpus.memberships:
        if m.person not in entities:
            continue
        org_name = entities[m.org].name if m.org in entities else ""
        roles[m.person].add(f"{org_name} {m.title}".strip())
        for ev in m.evidence:
            note_sentence(m.person, ev)
            if m.org in entities:
                note_sentence(m.org, ev)
        if m.org in entities:
            acc.add(m.person, m.org, HOLDS_ROLE, weight=0.0,
                    evidence=_keyed(_evidence_dict(e) for e in m.evidence), titles=[m.title])

    for ev in corpus.events:
        present = sorted({a for a in ev.attendees if a in entities})
        evidence = _keyed([_evidence_dict(ev.evidence)] if ev.evidence else [])
        for eid in present + [o for o in ev.organizations if o in entities]:
            note_sentence(eid, ev.evidence)
        for i, u in enumerate(present):
            for v in present[i + 1:]:
                acc.add(u, v, MET, evidence=evidence, triggers=[ev.trigger], events=[ev.id])

    for art in corpus.articles:
        named = sorted({e for e in art.mentions if e in entities})
        for eid in named:  # note_sentence, inlined: the loop runs once per entity per article
            ev = art.evidence.get(eid)
            if ev is not None and ev.sentence:
                sentences[eid].add(ev.sentence)
        art_ev = {
            "page": art.page_id, "source": art.source, "headline": art.headline,
            "src_start": art.src_start, "src_end": art.src_end, "exact": "", "sentence": "",
        }
        co_named = [e for e in named if entities[e].label in CO_MENTION_LABELS]
        acc.add_co_mentions(co_named, _keyed([art_ev])[0], art.id)

    for s in corpus.structure:
        if s.child in entities and s.parent in entities and s.kind in (PART_OF, LOCATED_IN):
            acc.add(s.child, s.parent, s.kind,
                    evidence=_keyed(_evidence_dict(e) for e in s.evidence))
            for e in s.evidence:
                note_sentence(s.child, e)

    nodes = {}
    for eid in sorted(entities):
        ent = entities[eid]
        nodes[eid] = {
            "label": ent.label,
            "name": ent.name,
            "aliases": sorted(ent.aliases),
            "mentions": int(ent.mentions),
            "first_page": ent.first_page,
            "last_page": ent.last_page,
            "articles": len(ent.articles),
            "roles": sorted(roles[eid]),
            "sentences": sorted(sentences[eid]),
        }
    return GraphParts(nodes, acc)


def find_nodes(G: nx.MultiDiGraph, node_or_name: str) -> list[str]:
    """Node ids meaning ``node_or_name``: the id itself, else every node of that name, else of that alias."""
    if node_or_name in G:
        return [node_or_name]
    by_name = sorted(n for n, d in G.nodes(data=True) if d.get("name") == node_or_name)
    if by_name:
        return by_name
    return sorted(n for n, d in G.nodes(data=True) if node_or_name in d.get("aliases", ()))


def neighbourhood(G: nx.MultiDiGraph, node_or_name: str, radius: int = 1) -> nx.MultiDiGraph:
    """The subgraph within ``radius`` hops (either direction) of a node, given by id or name.

    A name shared by several nodes (homonyms) centres on all of them. Raises ``KeyError`` when
    nothing matches.
    """
    centres = find_nodes(G, node_or_name)
    if not centres:
        raise KeyError(f"no node or name {node_or_name!r} in the graph")
    seen = {c: 0 for c in centres}
    queue = deque(centres)
    while queue:
        n = queue.popleft()
        if seen[n] >= radius:
            continue
        for m in sorted(set(G.successors(n)) | set(G.predecessors(n))):
            if m not in seen:
                seen[m] = seen[n] + 1
                queue.append(m)
    return subgraph(G, seen)


def subgraph(G: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """An independent copy of ``G`` restricted to ``nodes``, keeping G's sorted insertion order."""
    keep = set(nodes)
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True) if n in keep)
    # G.edges() order (node order, then neighbour and key insertion order) restricted to ``keep``,
    # visiting only the kept nodes' adjacency instead of every edge of a large graph.
    H.add_edges_from(
        (u, v, k, dict(d)) for u, nbrs in G.adjacency() if u in keep
        for v, keyed in nbrs.items() if v in keep for k, d in keyed.items()
    )
    return H


def weighted_degree(G: nx.MultiDiGraph, node: str) -> float:
    return float(G.degree(node, weight="weight"))


def neighbour_count(G: nx.MultiDiGraph, node: str) -> int:
    """Distinct neighbours in either direction (parallel edges of several relations count once)."""
    return len(set(G.successors(node)) | set(G.predecessors(node)))


def top_nodes(G: nx.MultiDiGraph, n: int) -> list[str]:
    """The ``n`` most connected nodes: by weighted degree, then distinct neighbours, then
    mentions, then id (so ties break the same way every run)."""
    def key(node: str) -> tuple:
        return (-weighted_degree(G, node), -neighbour_count(G, node),
                -int(G.nodes[node].get("mentions", 0)), node)

    return sorted(G.nodes, key=key)[: max(0, n)]


def node_size(G: nx.MultiDiGraph, node: str) -> float:
    """Display size growing with the square root of the number of neighbours."""
    return round(8.0 + 4.0 * math.sqrt(neighbour_count(G, node)), 2)


def _flat(value) -> str | int | float | bool:
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool:
        return value
    if value is None:
        return ""
    if kind is list or kind is tuple:
        try:  # fast path: a list of strings
            return LIST_SEP.join(value)
        except TypeError:
            return LIST_SEP.join(str(_flat(v)) for v in value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else list(value)
        return LIST_SEP.join(str(_flat(v)) for v in items)
    if isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


def _hex_rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


# The flat attributes every node / edge carries (besides node label, viz / color, size and
# edge id, label, weight), with their value type: exporters declare them from this schema.
FLAT_NODE_ATTRS: tuple[tuple[str, type], ...] = (
    ("type", str), ("type_zh", str), ("aliases", str), ("mentions", int), ("articles", int),
    ("first_page", str), ("last_page", str), ("roles", str), ("degree", int),
)
FLAT_EDGE_ATTRS: tuple[tuple[str, type], ...] = (
    ("relation", str), ("titles", str), ("triggers", str), ("pages", str), ("headlines", str),
    ("spans", str), ("sentences", str), ("evidence_count", int),
)


def flat_nodes(G: nx.MultiDiGraph, *, viz: bool = False) -> Iterator[tuple[str, dict]]:
    """``(node, attrs)`` in sorted node order, with the scalar attributes of :func:`flat_graph`."""
    succ, pred, nodes = G.succ, G.pred, G.nodes
    for n in sorted(nodes):
        yield n, flat_node(n, nodes[n], len(succ[n].keys() | pred[n].keys()), viz=viz)


def flat_node(n: str, d: dict, degree: int, *, viz: bool = False) -> dict:
    """The scalar attributes of node ``n`` (attributes ``d``, ``degree`` distinct neighbours)."""
    label = d.get("label", "")
    attrs = {
        "label": str(d.get("name", n)),
        "type": str(label),
        "type_zh": TYPE_NAMES_ZH.get(label, ""),
        "aliases": _flat(d.get("aliases", [])),
        "mentions": int(d.get("mentions", 0) or 0),
        "articles": int(d.get("articles", 0) or 0),
        "first_page": _flat(d.get("first_page", "")),
        "last_page": _flat(d.get("last_page", "")),
        "roles": _flat(d.get("roles", [])),
        "degree": degree,
    }
    size = round(8.0 + 4.0 * math.sqrt(degree), 2)  # = node_size(G, n)
    if viz:
        r, g, b = _hex_rgb(type_color(label))
        attrs["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": size}
    else:
        # GraphML has no viz vocabulary; GEXF readers (graphology) would clash these with viz.
        attrs["color"] = type_color(label)
        attrs["size"] = size
    return attrs


# The values of one flat edge, in this order (texts first), as :func:`flat_edge_rows` yields them.
FLAT_EDGE_ROW: tuple[str, ...] = (
    "source", "target", "id", "label", "relation", "titles", "triggers", "pages", "headlines", "spans",
    "sentences", "weight", "evidence_count",
)


def flat_edges(G: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict]]:
    """``(u, v, edge id, attrs)`` sorted by (u, v, key), with the scalar attributes of
    :func:`flat_graph`; the edge id "relation/u/v" is also ``attrs["id"]``."""
    names = FLAT_EDGE_ROW[2:]
    for row in flat_edge_rows(G):
        yield row[0], row[1], row[2], dict(zip(names, row[2:]))


def flat_edge_rows(G: nx.MultiDiGraph) -> Iterator[tuple]:
    """The edges of :func:`flat_edges` as plain :data:`FLAT_EDGE_ROW` tuples (what the XML writers
    use: no dict per edge)."""
    # adjacency() hands out the raw dicts: much cheaper than an edge view on 10^5 edges.
    rows = [(u, v, k, d) for u, nbrs in G.adjacency() for v, keyed in nbrs.items()
            for k, d in keyed.items()]
    rows.sort(key=lambda e: (e[0], e[1], str(e[2])))
    for u, v, k, d in rows:
        yield flat_edge_row(u, v, k, d)


def flat_edge_row(u: str, v: str, k, d: dict) -> tuple:
    """The :data:`FLAT_EDGE_ROW` values of edge (u, v, key k) with attributes ``d``."""
    relation = d.get("relation", str(k))
    evidence = d.get("evidence", [])
    titles, triggers = d.get("titles", ""), d.get("triggers", "")
    try:  # fast path: lists of strings (what build_graph makes)
        titles = LIST_SEP.join(titles) if type(titles) is list else _flat(titles)
        triggers = LIST_SEP.join(triggers) if type(triggers) is list else _flat(triggers)
    except TypeError:
        titles, triggers = _flat(d.get("titles", [])), _flat(d.get("triggers", []))
    if len(evidence) == 1 and type(evidence[0]["page"]) is str:
        pages, headlines, spans, sentences = single_evidence_fields(evidence[0])
    else:
        pages = _flat(sorted({e["page"] for e in evidence}))
        headlines = _flat(sorted({e["headline"] for e in evidence if e["headline"]}))
        spans = _flat([f"{e['page']}:{e['src_start']}-{e['src_end']}" for e in evidence])
        sentences = _flat(sorted({e["sentence"] for e in evidence if e["sentence"]}))
    return (u, v, f"{relation}/{u}/{v}", RELATION_NAMES_ZH.get(relation, relation), relation, titles, triggers,
            pages, headlines, spans, sentences, float(d.get("weight", 1.0) or 0.0), len(evidence))


def single_evidence_fields(e: dict) -> tuple[str, str, str, str]:
    """(pages, headlines, spans, sentences) of an edge whose only evidence is ``e`` (with a str
    page): most co_mentioned edges, so no sets to sort."""
    page, headline, sentence = e["page"], e["headline"], e["sentence"]
    headlines = headline if type(headline) is str else _flat([headline] if headline else [])
    sentences = sentence if type(sentence) is str else _flat([sentence] if sentence else [])
    return page, headlines, f"{page}:{e['src_start']}-{e['src_end']}", sentences


def flat_graph(G: nx.MultiDiGraph, *, viz: bool = False) -> nx.MultiDiGraph:
    """A copy of ``G`` with only scalar attribute values, for GEXF and GraphML writers.

    Nodes get ``label`` = the entity name (what Gephi shows) and ``type`` = the entity type;
    edges get ``id`` (stable "relation/u/v"), ``label`` and ``relation`` (the kind; never
    ``type``, which GEXF reserves for directed/undirected), ``weight`` and the evidence flattened
    to ``|``-joined ``pages``, ``headlines``, ``spans`` (page:start-end) and ``sentences``. Every
    node and edge has the same attribute keys, with "" for missing values (no ``None``).
    With ``viz=True`` nodes carry a GEXF ``viz`` dict (colour by type, size by degree), else
    plain ``color`` ("#rrggbb") and ``size`` attributes. The writers stream
    :func:`flat_nodes` / :func:`flat_edges` instead of building this copy.
    """
    H = nx.MultiDiGraph()
    with gc_paused():
        H.add_nodes_from(flat_nodes(G, viz=viz))
        H.add_edges_from(flat_edges(G))
    return H
