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
    communities (multilevel), numbered from the largest (ties: the first node by id).

    Only nodes with a neighbour go through the force layout; the isolated ones (nearly half of a
    large graph once co-mentions are left out) carry no structure to draw and would only slow
    it, so they sit on a ring around the drawing, as densely packed as the nodes inside it."""
    import random

    import igraph

    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in pairs]
    graph = igraph.Graph(n=len(nodes), edges=edges)
    if not nodes:
        return {}, {}
    linked = sorted({i for edge in edges for i in edge})
    # igraph draws from one global generator: seeded for each step (neither depends on how much the
    # other drew), then given back.
    try:
        igraph.set_random_number_generator(random.Random(LAYOUT_SEED))
        membership = graph.community_multilevel(weights=list(pairs.values()) if pairs else None).membership
        igraph.set_random_number_generator(random.Random(LAYOUT_SEED))
        coords = graph.induced_subgraph(linked).layout_fruchterman_reingold(grid="auto").coords if linked else []
    finally:
        igraph.set_random_number_generator(random)
    where = dict(zip(linked, coords))
    isolated = [i for i in range(len(nodes)) if i not in where]
    where.update(zip(isolated, _ring(coords, len(isolated))))
    xs = [where[i][0] for i in range(len(nodes))]
    ys = [where[i][1] for i in range(len(nodes))]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    positions = {node: (round((x - cx) * LAYOUT_SCALE, 2) + 0.0, round((y - cy) * LAYOUT_SCALE, 2) + 0.0)
                 for node, x, y in zip(nodes, xs, ys)}
    members: dict[int, list[int]] = {}
    for i, c in enumerate(membership):
        members.setdefault(c, []).append(i)
    order = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    community = {nodes[i]: rank for rank, m in enumerate(order) for i in m}
    return positions, community


_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


def _ring(coords: list, count: int) -> list[tuple[float, float]]:
    """``count`` points on a ring just outside ``coords`` (a sunflower pattern: even spacing with no
    grid lines), one point per area a node of ``coords`` has inside them."""
    if not count:
        return []
    if coords:
        cx = (min(c[0] for c in coords) + max(c[0] for c in coords)) / 2
        cy = (min(c[1] for c in coords) + max(c[1] for c in coords)) / 2
        radius = max(math.hypot(x - cx, y - cy) for x, y in coords)
        spacing = radius / math.sqrt(len(coords)) or 1.0
        inner = radius + spacing
    else:
        cx = cy = 0.0
        spacing, inner = 1.0, 0.0
    outer_squared = inner * inner + count * spacing * spacing
    points = []
    for i in range(count):
        r = math.sqrt(inner * inner + (i + 0.5) / count * (outer_squared - inner * inner))
        angle = i * _GOLDEN_ANGLE
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points
