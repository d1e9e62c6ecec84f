"""Offline HTML explorer of the entity graph: ``write_html(G, path, *, top=None, focus=None)`` for an
:class:`~unionkg.graph.model.EntityGraph`.

Format limits: a browser draws a few thousand nodes with physics at most, so large graphs are cut
(``top``), laid out here and drawn without physics; long lists are capped per node and edge
(``MAX_NODE_SENTENCES``, ``MAX_EDGE_EVIDENCE``) and co-mention edges start hidden past
``CO_MENTIONED_SHOWN_LIMIT``.

Built with pyvis 0.3.2 but on our own Jinja template (``graph/readwrite/assets/explorer.html``): pyvis's
template links bootstrap and tom-select from CDNs, ours inlines vis-network's js and css from the
pyvis wheel and our own script, so the file opens with no network at all. Node and edge lists
are filled directly (``add_edge``/``from_nx`` are quadratic) and the page is rendered with
``generate_html()`` and written as UTF-8 by us (pyvis's ``write_html`` uses the platform
encoding).

Every string from the text reaches the page only inside JSON (Jinja's ``tojson`` escapes ``<``,
``>``, ``&`` and ``'``), and the page's script puts it in the DOM with ``textContent`` while
vis-network shows string tooltips with ``innerText``: a name like ``<b>x&y</b>`` shows literally.

The page reads ``#search=NAME`` from the address on load, runs the search and writes the result
into ``#search-result``; after the first drawing it sets ``data-drawn-nodes`` / ``data-drawn-edges``
on ``<body>`` (used by the headless-browser test).
"""
from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from pyvis.network import Network

from unionkg.graph.io import atomic_write, gc_paused
from unionkg.graph.model import SYMMETRIC_RELATIONS, EntityGraph
from unionkg.graph.readwrite.style import (
    RELATION_COLORS,
    RELATION_NAMES_ZH,
    TYPE_COLORS,
    TYPE_NAMES_ZH,
    node_size,
    type_color,
)
from unionkg.graph.records import CO_MENTIONED, ENTITY_LABELS, RELATIONS

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
TEMPLATE = "explorer.html"
# Above this many nodes the browser's physics is too slow: lay out in Python, physics off.
LAYOUT_THRESHOLD = 2000
LAYOUT_SEED = 7
# Caps keep the page small on big corpora; the side panel says when a list was cut.
MAX_NODE_SENTENCES = 8
MAX_EDGE_EVIDENCE = 5
# Co-mention edges grow quadratically with article size: past this many they start hidden
# (a tick in the relation filter shows them).
CO_MENTIONED_SHOWN_LIMIT = 300
FONT_FACE = "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def select_view(G: EntityGraph, *, top: int | None = None, focus: str | None = None) -> EntityGraph:
    """The part of ``G`` to show: ``focus``'s neighbourhood (radius 1), then the ``top`` nodes."""
    H = G.neighbourhood(focus, radius=1) if focus else G
    if top is not None:
        H = H.subgraph(H.top_nodes(top))
    return H


def _node_tooltip(d: dict) -> str:
    lines = [d.get("name", ""), TYPE_NAMES_ZH.get(d.get("label", ""), d.get("label", ""))]
    if d.get("aliases"):
        lines.append("别名: " + "、".join(d["aliases"]))
    if d.get("roles"):
        lines.append("职务: " + "；".join(d["roles"]))
    lines.append(f"提及 {d.get('mentions', 0)} 次")
    return "\n".join(lines)


def _edge_tooltip(relation: str, d: dict) -> str:
    text = RELATION_NAMES_ZH.get(relation, relation)
    extra = d.get("titles") or d.get("triggers") or []
    if extra:
        text += ": " + "、".join(extra)
    return f"{text} (权重 {d.get('weight', 1.0):g})"


def _layout(H: EntityGraph, iterations: int = 30) -> dict[str, tuple[float, float]]:
    """Deterministic force-directed (Fruchterman-Reingold) layout in vis pixels.

    Our own numpy version: networkx's spring_layout needs scipy above 500 nodes. Repulsion is
    computed in float32 row blocks (~50 MB at any size); the seed fixes the start.
    """
    names = sorted(H.nodes)
    n = len(names)
    if n == 0:
        return {}
    index = {name: i for i, name in enumerate(names)}
    pairs = sorted({(index[u], index[v]) for u, v, _ in H.keys if u != v})
    src = np.array([p[0] for p in pairs], dtype=np.int64)
    dst = np.array([p[1] for p in pairs], dtype=np.int64)
    pos = np.random.default_rng(LAYOUT_SEED).random((n, 2))
    x, y = pos[:, 0].astype(np.float32), pos[:, 1].astype(np.float32)
    k2 = np.float32(1.0 / n)
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    block = max(1, 4_000_000 // n)
    for _ in range(iterations):
        disp_x = np.zeros(n, dtype=np.float32)
        disp_y = np.zeros(n, dtype=np.float32)
        for start in range(0, n, block):
            dx = x[start:start + block, None] - x[None, :]
            dy = y[start:start + block, None] - y[None, :]
            push = k2 / np.maximum(dx * dx + dy * dy, np.float32(1e-4))
            disp_x[start:start + block] += (dx * push).sum(axis=1)
            disp_y[start:start + block] += (dy * push).sum(axis=1)
        if len(pairs):
            dx, dy = x[src] - x[dst], y[src] - y[dst]
            pull = np.sqrt(dx * dx + dy * dy) / np.float32(k)
            np.add.at(disp_x, src, -dx * pull)
            np.add.at(disp_x, dst, dx * pull)
            np.add.at(disp_y, src, -dy * pull)
            np.add.at(disp_y, dst, dy * pull)
        length = np.maximum(np.sqrt(disp_x * disp_x + disp_y * disp_y), np.float32(1e-2))
        step = np.minimum(length, np.float32(temperature)) / length
        x += disp_x * step
        y += disp_y * step
        temperature -= cooling
    pos = np.stack([x, y], axis=1).astype(np.float64)
    pos -= pos.mean(axis=0)
    extent = float(np.abs(pos).max()) or 1.0
    pos *= (40.0 * math.sqrt(n)) / extent
    return {name: (round(float(pos[i, 0]), 1), round(float(pos[i, 1]), 1)) for i, name in enumerate(names)}


def vis_data(H: EntityGraph, *, layout: bool = False) -> tuple[list[dict], list[dict]]:
    """Node and edge dicts for vis-network, in sorted order, with the data the side panel shows."""
    pos = _layout(H) if layout else {}
    nodes = []
    for n, d in H.nodes.items():
        kind = d.get("label", "")
        sentences = list(d.get("sentences", []))
        degree = H.degree(n)
        node = {
            "id": n,
            "label": d.get("name", n),
            "title": _node_tooltip(d),
            "color": type_color(kind),
            "size": node_size(degree),
            "kind": kind,
            "aliases": list(d.get("aliases", [])),
            "roles": list(d.get("roles", [])),
            "sentences": sentences[:MAX_NODE_SENTENCES],
            "more_sentences": max(0, len(sentences) - MAX_NODE_SENTENCES),
            "mentions": int(d.get("mentions", 0) or 0),
            "pages": [p for p in (d.get("first_page", ""), d.get("last_page", "")) if p],
            "degree": degree,
        }
        if n in pos:
            node["x"], node["y"] = pos[n]
        nodes.append(node)
    edges = []
    for i, (u, v, relation, d) in enumerate(H.edges()):
        evidence = d["evidence"]
        weight = d["weight"]
        edges.append({
            "id": f"e{i}",
            "from": u,
            "to": v,
            "relation": relation,
            "title": _edge_tooltip(relation, d),
            "color": RELATION_COLORS.get(relation, "#888888"),
            "width": round(1.0 + min(weight, 9.0) * 0.5, 2),
            "arrows": "" if relation in SYMMETRIC_RELATIONS else "to",
            "weight": weight,
            "titles": list(d.get("titles", [])),
            "triggers": list(d.get("triggers", [])),
            "evidence": [
                {"page": e["page"], "headline": e["headline"], "sentence": e["sentence"] or e["exact"],
                 "span": f"{e['page']}:{e['src_start']}-{e['src_end']}"}
                for e in evidence[:MAX_EDGE_EVIDENCE]
            ],
            "more_evidence": max(0, len(evidence) - MAX_EDGE_EVIDENCE),
        })
    return nodes, edges


def vis_options(*, physics: bool, node_count: int) -> dict:
    return {
        "nodes": {"shape": "dot", "font": {"size": 14, "face": FONT_FACE}},
        "edges": {"smooth": False, "font": {"face": FONT_FACE}},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        # A fixed seed makes vis-network's initial placement (and so the drawing) repeatable.
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": node_count <= 100},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": physics, "iterations": 300, "fit": True},
        },
    }


def _meta(heading: str, edges: list[dict]) -> dict:
    co_mentions = sum(1 for e in edges if e["relation"] == CO_MENTIONED)
    hidden = {CO_MENTIONED} if co_mentions > CO_MENTIONED_SHOWN_LIMIT else set()
    return {
        "heading": heading,
        "types": [{"kind": k, "name": TYPE_NAMES_ZH[k], "color": TYPE_COLORS[k]} for k in ENTITY_LABELS],
        "relations": [
            {"relation": r, "name": RELATION_NAMES_ZH[r], "color": RELATION_COLORS[r], "hidden": r in hidden}
            for r in RELATIONS
        ],
    }


def render_html(G: EntityGraph, *, top: int | None = None, focus: str | None = None,
                heading: str = "unionkg 关系图") -> str:
    """The explorer page for ``G`` as a string (see :func:`write_html`)."""
    with gc_paused():  # a bulk build of small dicts and lists on what may be a large heap
        H = select_view(G, top=top, focus=focus)
        big = len(H) > LAYOUT_THRESHOLD
        nodes, edges = vis_data(H, layout=big)

    net = Network(height="100%", width="100%", directed=True, heading=heading, cdn_resources="in_line")
    net.nodes = nodes
    net.edges = edges
    net.options = vis_options(physics=not big, node_count=len(nodes))
    env = Environment(
        loader=ChoiceLoader([
            FileSystemLoader(str(ASSETS_DIR)),
            FileSystemLoader(os.path.join(os.path.dirname(pyvis.__file__), "templates")),
        ]),
        autoescape=True,
    )
    # Names stay readable in the file (no \\uXXXX); tojson still escapes < > & '.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.globals["kg_meta"] = _meta(heading, edges)
    net.templateEnv = env
    net.path = TEMPLATE
    html = net.generate_html(name="explorer.html")
    return html


def write_html(G: EntityGraph, path: str | os.PathLike, *, top: int | None = None,
               focus: str | None = None) -> None:
    """Write a self-contained HTML explorer of ``G`` to ``path`` (UTF-8, atomic, deterministic).

    ``top`` keeps the ``top`` best-connected nodes (:meth:`EntityGraph.top_nodes`); ``focus`` (an
    entity id or name) shows that entity's neighbourhood only (``KeyError`` if unknown). Above
    ``LAYOUT_THRESHOLD`` nodes the layout is computed here (seeded) and physics is off; below,
    the browser lays out with physics, which stops after stabilization.
    """
    html = render_html(G, top=top, focus=focus)
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(html)


__all__ = ["render_html", "select_view", "vis_data", "vis_options", "write_html"]
