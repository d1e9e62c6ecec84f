"""The data of the HTML explorer page (``window.KG_DATA``), bounded in bytes whatever the corpus.

The page carries three layers:

* an **index** of entities (every entity up to ``MAX_INDEX_NODES``, best-ranked first) and of their
  met, membership and structure edges, as compact rows, so search, the neighbourhood of any indexed
  person and the time filter work in the browser without the drawing holding them all;
* the **view** drawn first: positions for the shown nodes (laid out here, seeded);
* **details** for the side panel (aliases, roles, source sentences, edge evidence), given to the
  best-ranked nodes and to edges of the first view until a byte budget is spent; the panel says
  when an entity's sources were left out.

Co-mention edges are kept only between shown nodes, the heaviest ``MAX_CO_MENTION_EDGES``, and start
hidden; past ``MAX_INDEX_EDGES`` the other edges of the lowest-ranked nodes are left out (the page
says how many). Rows (field order in ``NODE_FIELDS`` / ``EDGE_FIELDS``, repeated in the page's meta;
the row number is the rank; trailing empty fields are left out):

* node: ``[id or 0 when it is "<label>/<name>", name, kind index, mentions, aliases or 0, homonym
  context or 0]``; ``positions`` maps the row of each node drawn first to ``[x, y]``;
* edge: ``[from, to (node rows), relation index, weight, dates or 0, titles/triggers or 0]``, dates
  and titles as indices into ``strings`` (they repeat: a few hundred days, a few dozen titles).
"""
from __future__ import annotations

import json
import math

from unionkg.graph.model import EntityGraph
from unionkg.graph.readwrite.explorer_select import homonym_contexts
from unionkg.graph.readwrite.style import layout_and_communities
from unionkg.graph.records import CO_MENTIONED, ENTITY_LABELS, RELATIONS

NODE_FIELDS = ["id", "name", "kind", "mentions", "aliases", "context"]
EDGE_FIELDS = ["from", "to", "relation", "weight", "dates", "extra"]
# About 45 bytes an entity and 25 an edge: the index stays near 2.8 MB at most.
MAX_INDEX_NODES = 35_000
MAX_INDEX_EDGES = 50_000
MAX_CO_MENTION_EDGES = 2_000
# Side-panel text: sentences of the best-ranked nodes, evidence of the first view's edges.
NODE_DETAIL_BYTES = 500_000
EDGE_EVIDENCE_BYTES = 300_000
# What tells same-name entities apart, for the best-ranked of them (the others show mentions).
CONTEXT_BYTES = 400_000
MAX_NODE_SENTENCES = 8
MAX_EDGE_EVIDENCE = 3
# Seeded layouts keep the page byte-identical; shown nodes sit about this far apart (vis pixels).
VIEW_SPREAD = 90.0


def _trimmed(row: list, required: int) -> list:
    """``row`` without its trailing empty (0) fields past the first ``required``."""
    end = len(row)
    while end > required and row[end - 1] == 0:
        end -= 1
    return row[:end]


def _nbytes(value) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode("utf-8"))


def _positions(G: EntityGraph, shown: list[str]) -> dict[str, tuple[float, float]]:
    """Seeded force-directed positions of ``shown`` over their non-co-mention edges."""
    keep = set(shown)
    pairs: dict[tuple[str, str], float] = {}
    for u, v, relation in G.keys:
        if relation == CO_MENTIONED or u == v or u not in keep or v not in keep:
            continue
        a, b = (u, v) if u < v else (v, u)
        pairs[(a, b)] = pairs.get((a, b), 0.0) + G.weight(u, v, relation)
    nodes = sorted(keep)
    positions, _ = layout_and_communities(nodes, pairs)
    if not positions:
        return {}
    extent = max(max(abs(x), abs(y)) for x, y in positions.values()) or 1.0
    scale = VIEW_SPREAD * math.sqrt(len(nodes)) / extent
    return {n: (round(x * scale, 1), round(y * scale, 1)) for n, (x, y) in positions.items()}


def _edge_keys(G: EntityGraph, rank: dict[str, int], shown: set[str]) -> tuple[list[tuple[str, str, str]], dict]:
    """Index edges in the graph's sorted order: the non-co-mention edges inside the index (those
    of the best-ranked ends first, up to ``MAX_INDEX_EDGES``), the heaviest co-mentions inside the
    first view; and the counts kept and in all."""
    keys, co = [], []
    co_all = 0
    for key in G.keys:
        u, v, relation = key
        if relation == CO_MENTIONED:
            co_all += 1
            if u in shown and v in shown:
                co.append(key)
        elif u in rank and v in rank:
            keys.append(key)
    others = len(keys)
    if len(keys) > MAX_INDEX_EDGES:
        keys = sorted(keys, key=lambda k: (max(rank[k[0]], rank[k[1]]), k))[:MAX_INDEX_EDGES]
    if len(co) > MAX_CO_MENTION_EDGES:
        co = sorted(co, key=lambda k: (-G.weight(*k), k))[:MAX_CO_MENTION_EDGES]
    counts = {"co_mentions_kept": len(co), "co_mentions_all": co_all, "edges_kept": len(keys),
              "edges_all": G.number_of_edges() - co_all, "edges_in_index": others}
    return sorted(keys + co), counts


def page_data(G: EntityGraph, index: list[str], shown: list[str]) -> dict:
    """``KG_DATA`` without options and meta: ``index`` nodes in rank order, ``shown`` drawn first."""
    kinds = {k: i for i, k in enumerate(ENTITY_LABELS)}
    relations = {r: i for i, r in enumerate(RELATIONS)}
    shown_set = set(shown)
    contexts = homonym_contexts(G, index, CONTEXT_BYTES)
    row_of = {n: i for i, n in enumerate(index)}
    keys, counts = _edge_keys(G, row_of, shown_set)
    pos = _positions(G, shown)
    positions = {str(row_of[n]): list(pos[n]) for n in shown if n in pos}

    nodes = []
    for n in index:
        d = G.nodes[n]
        label, name = d.get("label", ""), d.get("name", n)
        nodes.append(_trimmed([
            0 if n == f"{label.lower()}/{name}" else n, name, kinds.get(label, len(kinds)),
            int(d.get("mentions", 0) or 0), list(d.get("aliases", [])) or 0, contexts.get(n, 0),
        ], 4))

    strings: dict[str, int] = {}

    def interned(values) -> list[int] | int:
        return [strings.setdefault(x, len(strings)) for x in values] or 0

    edges, evidence, budget = [], {}, EDGE_EVIDENCE_BYTES
    for i, (u, v, relation) in enumerate(keys):
        a = G.edge(u, v, relation)
        extra = a.get("titles") or a.get("triggers") or []
        weight = a["weight"]
        edges.append(_trimmed([row_of[u], row_of[v], relations[relation],
                               int(weight) if weight.is_integer() else weight,
                               interned(a.get("dates", [])), interned(extra)], 4))
        if budget > 0 and u in shown_set and v in shown_set:
            items = [{"headline": e["headline"], "sentence": e["sentence"] or e["exact"],
                      "span": f"{e['page']}:{e['src_start']}-{e['src_end']}"}
                     for e in a["evidence"][:MAX_EDGE_EVIDENCE]]
            entry = {"items": items, "more": max(0, len(a["evidence"]) - MAX_EDGE_EVIDENCE)}
            budget -= _nbytes(entry)
            if budget >= 0:
                evidence[str(i)] = entry

    details, budget = {}, NODE_DETAIL_BYTES
    for i, n in enumerate(index):
        d = G.nodes[n]
        sentences = list(d.get("sentences", []))
        entry = {"roles": list(d.get("roles", [])), "sentences": sentences[:MAX_NODE_SENTENCES],
                 "more": max(0, len(sentences) - MAX_NODE_SENTENCES),
                 "pages": [p for p in (d.get("first_page", ""), d.get("last_page", "")) if p]}
        budget -= _nbytes(entry)
        if budget < 0:
            break
        details[str(i)] = entry

    return {"nodes": nodes, "positions": positions, "edges": edges, "strings": list(strings),
            "details": details, "evidence": evidence, "counts": counts}
