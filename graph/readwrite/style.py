"""How the graph looks in every drawing format (GEXF, GraphML, the HTML explorer): colours and Chinese
names of entity types and relations, and node sizes."""
from __future__ import annotations

import math

from unionkg.graph.records import (
    CO_MENTIONED,
    COMPANY,
    LOCATED_IN,
    MEMBERSHIP,
    MET,
    ORG,
    PART_OF,
    PERSON,
    PLACE,
    UNION,
)

# Colour-blind friendly Tableau 10 hues.
TYPE_COLORS = {
    PERSON: "#e15759",
    UNION: "#4e79a7",
    COMPANY: "#f28e2b",
    ORG: "#76b7b2",
    PLACE: "#59a14f",
}
OTHER_COLOR = "#9c9c9c"
TYPE_NAMES_ZH = {PERSON: "人物", UNION: "工会", COMPANY: "企业", ORG: "机构", PLACE: "地点"}

RELATION_NAMES_ZH = {
    MEMBERSHIP: "任职",
    MET: "会见/同场",
    CO_MENTIONED: "同文提及",
    PART_OF: "隶属",
    LOCATED_IN: "位于",
}
RELATION_COLORS = {
    MEMBERSHIP: "#b07aa1",
    MET: "#e15759",
    CO_MENTIONED: "#c8c8c8",
    PART_OF: "#4e79a7",
    LOCATED_IN: "#59a14f",
}


def type_color(label: str) -> str:
    return TYPE_COLORS.get(label, OTHER_COLOR)


def hex_rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def node_size(degree: int) -> float:
    """Display size of a node with ``degree`` distinct neighbours: grows with the square root."""
    return round(8.0 + 4.0 * math.sqrt(degree), 2)


# Gephi drawing: a fixed seed makes the same graph give the same positions and communities on every
# run. Coordinates are scaled so that neighbours sit about a node's size apart, and rounded (the
# last digits of a float carry no drawing and cost bytes).
LAYOUT_SEED = 20240423
LAYOUT_SCALE = 20.0


def layout_and_communities(nodes: list[str], pairs: dict[tuple[str, str], float]
                           ) -> tuple[dict[str, tuple[float, float]], dict[str, int]]:
    """Positions (x, y) and community numbers of ``nodes`` joined by the undirected ``pairs``
    ((u, v) -> total weight): igraph's Fruchterman-Reingold layout (on a grid past 1,000 nodes, so
    a step costs about linear time: networkx's ForceAtlas2 holds n x n arrays) and Louvain
    communities (multilevel), numbered from the largest (ties: the first node by id)."""
    import random

    import igraph

    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in pairs]
    graph = igraph.Graph(n=len(nodes), edges=edges)
    if not nodes:
        return {}, {}
    # igraph draws from one global generator: seeded for this call, then given back.
    igraph.set_random_number_generator(random.Random(LAYOUT_SEED))
    try:
        coords = graph.layout_fruchterman_reingold(grid="auto").coords
        membership = graph.community_multilevel(weights=list(pairs.values()) if pairs else None).membership
    finally:
        igraph.set_random_number_generator(random)
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    positions = {node: (round((x - cx) * LAYOUT_SCALE, 2) + 0.0, round((y - cy) * LAYOUT_SCALE, 2) + 0.0)
                 for node, x, y in zip(nodes, xs, ys)}
    members: dict[int, list[int]] = {}
    for i, c in enumerate(membership):
        members.setdefault(c, []).append(i)
    order = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    community = {nodes[i]: rank for rank, m in enumerate(order) for i in m}
    return positions, community
