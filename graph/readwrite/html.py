"""Offline HTML explorer of the entity graph: ``write_html(G, path, *, top=None, focus=None)`` for an
:class:`~unionkg.graph.model.EntityGraph`.

The page answers who met whom at any size. It first draws the ``top`` people and bodies ranked by
met edges, then memberships (:mod:`~unionkg.graph.readwrite.explorer_select`), and says "N / M"
(M: every entity of the graph). Search finds any indexed entity (name, alias or id), lists
same-name entities as candidates to choose from, and centres and highlights the one chosen with its
neighbours (depth 1–2, a minimum weight). A time range hides dated edges and meetings outside it
(undated ones stay, and the page says so); it shows only when some edge has an ISO date. Labels are
drawn only once zoomed in far enough on big views. What the page holds is bounded in bytes
(:mod:`~unionkg.graph.readwrite.explorer_data`), so a year of news stays a few MB.

vis-network's js and css come from the pyvis wheel and are inlined with our own Jinja template and
scripts (``graph/readwrite/assets/``): the file opens with no network at all. Positions are
computed here (seeded), physics stays off, so the drawing is the same on every load.

Every string from the text reaches the page only inside JSON, in a ``<script type="application/json">``
that the page reads with ``JSON.parse`` (faster than a script literal of a few MB; Jinja's ``tojson``
escapes ``<``, ``>``, ``&`` and ``'``, so no ``</script>`` can end it), and the page's scripts put it
in the DOM with ``textContent`` while vis-network shows string tooltips with ``innerText``: a name
like ``<b>x&y</b>`` shows literally.

The address may carry ``#search=NAME&pick=ID&depth=2&min=2&from=YYYY-MM-DD&to=YYYY-MM-DD``. For the
headless-browser tests and benchmarks the page reports its state as ``data-*`` attributes on
``<body>`` (``data-drawn-nodes``, ``data-total``, ``data-search-found``, ``data-focus-x`` …; listed
in ``explorer.js``).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader

from unionkg.graph.io import atomic_write, gc_paused
from unionkg.graph.model import SYMMETRIC_RELATIONS, EntityGraph
from unionkg.graph.readwrite.explorer_data import EDGE_FIELDS, MAX_INDEX_NODES, NODE_FIELDS, page_data
from unionkg.graph.readwrite.explorer_select import default_view, ranked_nodes
from unionkg.graph.readwrite.style import RELATION_COLORS, RELATION_NAMES_ZH, TYPE_COLORS, TYPE_NAMES_ZH
from unionkg.graph.records import CO_MENTIONED, ENTITY_LABELS, RELATIONS

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
TEMPLATE = "explorer.html"
SCRIPTS = ("explorer-panel.js", "explorer.js")
LAYOUT_SEED = 7
# Past this many drawn nodes, labels wait for the zoom: vis-network skips a label whose font size
# times the zoom is below the threshold minus one.
LABEL_ZOOM_NODES = 60
LABEL_DRAW_THRESHOLD = 12
FONT_FACE = "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


class AmbiguousName(KeyError):
    """A focus name shared by several entities; ``candidates`` are their ids."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        super().__init__(f"{name!r} names {len(candidates)} entities: " + ", ".join(candidates))
        self.candidates = candidates


def select_view(G: EntityGraph, *, top: int | None = None, focus: str | None = None
                ) -> tuple[EntityGraph, list[str], list[str], str | None]:
    """(graph the page indexes, index nodes in rank order, nodes drawn first, focus id).

    With ``focus`` (an id, or a name or alias of exactly one entity): its neighbourhood of radius 2
    without co-mentions, opened on the focus. Else the whole graph, ``top`` people and bodies drawn.
    """
    if focus is None:
        ranked = ranked_nodes(G)
        # Both in rank order: what is drawn first is always in the index.
        return G, ranked[:MAX_INDEX_NODES], default_view(G, top, ranked)[:MAX_INDEX_NODES], None
    found = G.find_nodes(focus)
    if not found:
        raise KeyError(f"no node or name {focus!r} in the graph")
    if len(found) > 1:
        raise AmbiguousName(focus, found)
    centre = found[0]
    H = G.without_co_mentions().neighbourhood(centre, radius=2)
    index = ranked_nodes(H)[:MAX_INDEX_NODES]
    if centre not in index:
        index = [centre] + index[:-1]
    near = {centre} | H.neighbours[centre]
    return H, index, [n for n in index if n in near], centre


def vis_options(*, node_count: int, edge_count: int) -> dict:
    big = node_count > LABEL_ZOOM_NODES
    return {
        "nodes": {"shape": "dot", "font": {"size": 14, "face": FONT_FACE},
                  "scaling": {"label": {"drawThreshold": LABEL_DRAW_THRESHOLD if big else 5}}},
        "edges": {"smooth": False, "font": {"face": FONT_FACE}},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "hideEdgesOnDrag": edge_count > 1000, "hideEdgesOnZoom": edge_count > 1000},
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
        "physics": {"enabled": False},
    }


def _meta(G: EntityGraph, heading: str, data: dict, focus: str | None) -> dict:
    return {
        "heading": heading,
        "total": G.number_of_nodes(),
        "focus": focus,
        "node_fields": NODE_FIELDS,
        "edge_fields": EDGE_FIELDS,
        "types": [{"kind": k, "name": TYPE_NAMES_ZH[k], "color": TYPE_COLORS[k]} for k in ENTITY_LABELS],
        "relations": [
            {"relation": r, "name": RELATION_NAMES_ZH[r], "color": RELATION_COLORS[r],
             "hidden": r == CO_MENTIONED, "symmetric": r in SYMMETRIC_RELATIONS}
            for r in RELATIONS
        ],
        "counts": data.pop("counts"),
        "indexed": len(data["nodes"]),
        "label_zoom": LABEL_DRAW_THRESHOLD,
        "label_zoom_nodes": LABEL_ZOOM_NODES,
    }


def _environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader([
            FileSystemLoader(str(ASSETS_DIR)),
            FileSystemLoader(os.path.join(os.path.dirname(pyvis.__file__), "templates")),
        ]),
        autoescape=True,
    )
    # Names stay readable in the file (no \\uXXXX); tojson still escapes < > & '.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}
    return env


def render_html(G: EntityGraph, *, top: int | None = None, focus: str | None = None,
                heading: str = "unionkg 关系图") -> str:
    """The explorer page for ``G`` as a string (see :func:`write_html`)."""
    with gc_paused():  # a bulk build of small dicts and lists on what may be a large heap
        H, index, shown, centre = select_view(G, top=top, focus=focus)
        data = page_data(H, index, shown)
    meta = _meta(G, heading, data, centre)
    drawn_edges = sum(1 for e in data["edges"] if e[2] != RELATIONS.index(CO_MENTIONED))
    options = vis_options(node_count=len(shown), edge_count=drawn_edges)
    template = _environment().get_template(TEMPLATE)
    return template.render(heading=heading, data=data, meta=meta, scripts=SCRIPTS,
                           options=json.dumps(options, sort_keys=True, ensure_ascii=False))


def write_html(G: EntityGraph, path: str | os.PathLike, *, top: int | None = None,
               focus: str | None = None) -> None:
    """Write a self-contained HTML explorer of ``G`` to ``path`` (UTF-8, atomic, deterministic).

    ``top`` people and bodies are drawn first (all nodes when None); ``focus`` (an entity id, or a
    name or alias of one entity) opens on that entity's neighbourhood instead: ``KeyError`` if
    unknown, :class:`AmbiguousName` if several entities carry the name.
    """
    html = render_html(G, top=top, focus=focus)
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(html)


__all__ = ["AmbiguousName", "render_html", "select_view", "vis_options", "write_html"]
