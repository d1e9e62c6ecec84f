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
