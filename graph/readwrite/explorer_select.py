"""What the HTML explorer shows first, and how same-name entities are told apart (also for
``unionkg view``).

The default page answers "who met whom": people and bodies ranked by their met edges, then their
memberships (weighted: shared events, titles), so a body with many office-holders stands beside the
people who met most. Places and co-mentions never decide the ranking.
"""
from __future__ import annotations

import re

from unionkg.graph.model import EntityGraph
from unionkg.graph.records import LOCATED_IN, MEMBERSHIP, MET, PART_OF, PLACE

# The dates contract of EntityGraph: an edge's ``dates`` are ISO days; anything else (a printed
# "4月23日") counts as undated.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_CONTEXT_ROLES = 3
MAX_CONTEXT_PLACES = 3


def iso_dates(values) -> list[str]:
    return sorted({d for d in values or () if isinstance(d, str) and ISO_DATE.match(d)})


def who_met_whom_scores(G: EntityGraph) -> dict[str, tuple[float, float]]:
    """(met weight, membership weight) of every node; a membership counts for both ends."""
    scores = {node: [0.0, 0.0] for node in G.nodes}
    for u, v, relation in G.keys:
        if relation == MET:
            w = G.weight(u, v, relation)
            scores[u][0] += w
            scores[v][0] += w
        elif relation == MEMBERSHIP:
            w = G.weight(u, v, relation)
            scores[u][1] += w
            scores[v][1] += w
    return {node: (s[0], s[1]) for node, s in scores.items()}


def ranked_nodes(G: EntityGraph) -> list[str]:
    """Every node, best first: people and bodies by met + membership weight, then met weight alone,
    then distinct neighbours, mentions and id (ties break the same way every run); places last."""
    scores = who_met_whom_scores(G)
    nodes = G.nodes

    def key(node: str) -> tuple:
        met, member = scores[node]
        return (nodes[node].get("label") == PLACE, -(met + member), -met, -G.degree(node),
                -int(nodes[node].get("mentions", 0) or 0), node)

    return sorted(nodes, key=key)


def default_view(G: EntityGraph, top: int | None, ranked: list[str] | None = None) -> list[str]:
    """The ``top`` best-ranked nodes (all when ``top`` is None), in rank order: people and bodies,
    places only when there are fewer of those than ``top``. ``ranked``: :func:`ranked_nodes`, if
    already known."""
    ranked = ranked_nodes(G) if ranked is None else ranked
    return ranked if top is None else ranked[: max(0, top)]


def _outgoing(G: EntityGraph) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for u, v, relation in G.keys:
        if relation in (MEMBERSHIP, LOCATED_IN, PART_OF):
            out.setdefault(u, {}).setdefault(relation, []).append(v)
    return out


def _places(G: EntityGraph, node: str, out: dict, depth: int = 3) -> list[str]:
    """Place names of a node: where it (or the bodies it holds posts at, or their parents) lies."""
    found: list[str] = []
    frontier, seen = [node], {node}
    for _ in range(depth):
        nxt = []
        for n in frontier:
            for relation in (MEMBERSHIP, PART_OF, LOCATED_IN):
                for m in out.get(n, {}).get(relation, ()):
                    if m in seen:
                        continue
                    seen.add(m)
                    if G.nodes[m].get("label") == PLACE:
                        found.append(G.nodes[m].get("name", m))
                    else:
                        nxt.append(m)
        frontier = nxt
    return sorted(set(found))[:MAX_CONTEXT_PLACES]


def describe(G: EntityGraph, node: str, out: dict | None = None) -> dict:
    """What tells ``node`` apart from same-name ones: roles, places, mentions, first page, dates."""
    out = _outgoing(G) if out is None else out
    d = G.nodes[node]
    dates: list[str] = []
    for v in out.get(node, {}).get(MEMBERSHIP, ()):
        dates += iso_dates(G.edge(node, v, MEMBERSHIP).get("dates"))
    return {
        "id": node,
        "name": d.get("name", node),
        "label": d.get("label", ""),
        "roles": list(d.get("roles", []))[:MAX_CONTEXT_ROLES],
        "more_roles": max(0, len(d.get("roles", [])) - MAX_CONTEXT_ROLES),
        "places": _places(G, node, out),
        "mentions": int(d.get("mentions", 0) or 0),
        "first_page": d.get("first_page", ""),
        "dates": [min(dates), max(dates)] if dates else [],
    }


def context_line(info: dict) -> str:
    """One line of :func:`describe`'s facts, for the candidate lists of the page and the CLI."""
    parts = []
    if info["roles"]:
        parts.append("；".join(info["roles"]) + (f" 等{info['more_roles'] + len(info['roles'])}项" if info["more_roles"] else ""))
    if info["places"]:
        parts.append("、".join(info["places"]))
    parts.append(f"提及{info['mentions']}次")
    if info["dates"]:
        parts.append(info["dates"][0] if info["dates"][0] == info["dates"][1] else "–".join(info["dates"]))
    if info["first_page"]:
        parts.append(f"首见 {info['first_page']}")
    return "，".join(parts)


def candidates(G: EntityGraph, name: str) -> list[dict]:
    """Every node ``name`` may mean (id, name or alias; see :meth:`EntityGraph.find_nodes`), each
    :func:`describe`d, most mentioned first."""
    found = G.find_nodes(name)
    out = _outgoing(G)
    infos = [describe(G, node, out) for node in found]
    return sorted(infos, key=lambda i: (-i["mentions"], i["id"]))


def homonym_contexts(G: EntityGraph, nodes: list[str], budget: int | None = None) -> dict[str, str]:
    """:func:`context_line` of each of ``nodes`` that shares its name with another of them, in the
    order given, until the lines' UTF-8 bytes pass ``budget`` (None: no limit)."""
    by_name: dict[str, int] = {}
    for n in nodes:
        name = G.nodes[n].get("name", n)
        by_name[name] = by_name.get(name, 0) + 1
    out = _outgoing(G)
    contexts: dict[str, str] = {}
    for n in nodes:
        if by_name[G.nodes[n].get("name", n)] < 2:
            continue
        line = context_line(describe(G, n, out))
        if budget is not None:
            budget -= len(line.encode("utf-8")) + 3
            if budget < 0:
                break
        contexts[n] = line
    return contexts
