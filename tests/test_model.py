"""The networkx model built from the hand-made sample corpus."""
from __future__ import annotations

import pickle

import networkx as nx
import pytest
from sample_corpus import make_corpus

from unionkg.graph.corpus import Event
from unionkg.graph.model import (
    CO_MENTIONED,
    HOLDS_ROLE,
    LOCATED_IN,
    MET,
    PART_OF,
    FLAT_EDGE_ATTRS,
    FLAT_NODE_ATTRS,
    build_graph,
    find_nodes,
    flat_edges,
    flat_graph,
    flat_nodes,
    gc_paused,
    node_size,
    neighbourhood,
    top_nodes,
)


@pytest.fixture(scope="module")
def graph():
    return build_graph(make_corpus())


def test_model_nodes_are_entities_with_attributes(graph):
    corpus = make_corpus()
    assert sorted(graph.nodes) == sorted(corpus.entities)
    d = graph.nodes["union/北京市总工会"]
    assert d["label"] == "UNION"
    assert d["name"] == "北京市总工会"
    assert d["aliases"] == ["市总工会"]
    assert d["mentions"] == 4
    assert (d["first_page"], d["last_page"]) == ("p1", "p1")


def test_model_holds_role_person_to_org_with_titles(graph):
    d = graph.edges["person/张良", "union/北京市总工会", HOLDS_ROLE]
    assert d["titles"] == ["党组书记", "副主席"]
    assert d["weight"] == 2.0
    assert not graph.has_edge("union/北京市总工会", "person/张良", HOLDS_ROLE)
    assert "北京市总工会 党组书记" in graph.nodes["person/张良"]["roles"]
    # A byline role has no organization: it shows on the node, never as an edge.
    assert graph.nodes["person/任洁"]["roles"] == ["记者"]
    assert not any(k == HOLDS_ROLE for _, _, k in graph.out_edges("person/任洁", keys=True))


def test_model_met_is_stored_once_in_canonical_direction(graph):
    met = [(u, v) for u, v, k in graph.edges(keys=True) if k == MET]
    assert sorted(met) == [
        ("person/张文涛", "person/张良"),
        ("person/张文涛", "person/道佩·阿伦"),
        ("person/张良", "person/道佩·阿伦"),
    ]
    assert all(u < v for u, v in met)
    d = graph.edges["person/张良", "person/道佩·阿伦", MET]
    assert d["triggers"] == ["会见"]
    assert d["evidence"][0]["headline"] == "北京市总工会与万象市工会交流"
    assert d["evidence"][0]["src_start"] == 120


def test_model_met_weight_counts_shared_events():
    corpus = make_corpus()
    first = corpus.events[0]
    corpus.events.append(Event("p1#1/event0", "p1#1", "出席", ["person/道佩·阿伦", "person/张良"],
                               evidence=first.evidence))
    G = build_graph(corpus)
    assert G.edges["person/张良", "person/道佩·阿伦", MET]["weight"] == 2.0
    assert G.edges["person/张良", "person/道佩·阿伦", MET]["triggers"] == ["会见", "出席"]
    assert G.edges["person/张文涛", "person/张良", MET]["weight"] == 1.0


def test_model_co_mentioned_weight_counts_shared_articles(graph):
    # 京东集团 is named in the first article only; naming it in the second doubles the weight.
    d = graph.edges["company/京东集团", "union/北京市总工会", CO_MENTIONED]
    assert d["weight"] == 1.0
    assert d["evidence"][0]["page"] == "p1"
    assert not graph.has_edge("union/北京市总工会", "company/京东集团", CO_MENTIONED)
    corpus = make_corpus()
    corpus.articles[1].mentions = sorted(corpus.articles[1].mentions + ["company/京东集团"])
    G = build_graph(corpus)
    assert G.edges["company/京东集团", "union/北京市总工会", CO_MENTIONED]["weight"] == 2.0
    assert len(G.edges["company/京东集团", "union/北京市总工会", CO_MENTIONED]["evidence"]) == 2


@pytest.mark.parametrize("child,parent,kind", [
    ("org/北京职工体育服务中心", "union/北京市总工会", PART_OF),
    ("place/万象", "place/老挝", PART_OF),
    ("union/北京市总工会", "place/北京", LOCATED_IN),
    ("union/老挝万象市工会联合会", "place/万象", LOCATED_IN),
])
def test_model_structure_edges_point_child_to_parent(graph, child, parent, kind):
    assert graph.has_edge(child, parent, kind)
    assert graph.edges[child, parent, kind]["evidence"]
    assert not graph.has_edge(parent, child, kind)


def test_model_every_edge_has_relation_weight_and_evidence(graph):
    for u, v, k, d in graph.edges(keys=True, data=True):
        assert d["relation"] == k
        assert d["weight"] > 0
        assert d["evidence"], (u, v, k)
        for ev in d["evidence"]:
            assert {"page", "headline", "src_start", "src_end", "sentence"} <= set(ev)


def test_model_skips_facts_about_unknown_entities():
    corpus = make_corpus()
    corpus.events[0].attendees.append("person/nobody")
    G = build_graph(corpus)
    assert "person/nobody" not in G


def test_model_is_deterministic_under_input_order():
    a = make_corpus()
    b = make_corpus()
    b.entities = dict(reversed(list(b.entities.items())))
    b.memberships.reverse()
    b.structure.reverse()
    b.articles.reverse()
    ga, gb = build_graph(a), build_graph(b)
    assert list(ga.nodes(data=True)) == list(gb.nodes(data=True))
    assert list(ga.edges(keys=True, data=True)) == list(gb.edges(keys=True, data=True))
    assert pickle.dumps(flat_graph(ga)) == pickle.dumps(flat_graph(gb))


@pytest.mark.parametrize("query,expected", [
    ("person/张良", ["person/张良"]),
    ("张良", ["person/张良"]),
    ("全总", ["union/中华全国总工会"]),
    ("没有这个人", []),
])
def test_model_find_nodes_by_id_name_or_alias(graph, query, expected):
    assert find_nodes(graph, query) == expected


def test_model_neighbourhood_radius(graph):
    one = neighbourhood(graph, "习近平", radius=1)
    assert sorted(one.nodes) == ["person/<b>x&y</b>", "person/习近平", "union/中华全国总工会", "union/北京市总工会"]
    # Both directions count: 万象 reaches 老挝 (out) and 老挝万象市工会联合会 (in).
    assert {"place/老挝", "union/老挝万象市工会联合会"} <= set(neighbourhood(graph, "place/万象").nodes)
    two = neighbourhood(graph, "习近平", radius=2)
    assert "person/张良" in two and "person/张良" not in one
    assert one.number_of_edges() == sum(
        1 for u, v in graph.edges() if u in one and v in one
    )
    zero = neighbourhood(graph, "习近平", radius=0)
    assert list(zero.nodes) == ["person/习近平"]
    with pytest.raises(KeyError):
        neighbourhood(graph, "没有这个人")


def test_model_neighbourhood_is_a_copy(graph):
    sub = neighbourhood(graph, "张良")
    sub.nodes["person/张良"]["name"] = "changed"
    assert graph.nodes["person/张良"]["name"] == "张良"


def test_model_top_nodes_by_weighted_degree_with_stable_ties(graph):
    top = top_nodes(graph, 3)
    assert top[0] == "union/北京市总工会"
    assert len(top) == 3
    assert top_nodes(graph, 100) == top_nodes(graph, 100)
    assert len(top_nodes(graph, 100)) == graph.number_of_nodes()
    assert top_nodes(graph, 0) == []
    # Equal scores break ties by id.
    G = nx.MultiDiGraph()
    for n in ["b", "a", "c"]:
        G.add_node(n, mentions=1)
    assert top_nodes(G, 3) == ["a", "b", "c"]


def test_model_flat_graph_has_only_scalars(graph):
    H = flat_graph(graph)
    for _, d in H.nodes(data=True):
        assert all(isinstance(v, (str, int, float)) and v is not None for v in d.values())
    for _, _, d in H.edges(data=True):
        assert all(isinstance(v, (str, int, float)) and v is not None for v in d.values())
        assert "type" not in d
    d = H.edges["person/张良", "union/北京市总工会", "holds_role/person/张良/union/北京市总工会"]
    assert d["titles"] == "党组书记|副主席"
    assert d["relation"] == "holds_role"
    assert H.nodes["union/中华全国总工会"]["aliases"] == "全国总工会|全总"


def test_model_flat_rows_follow_the_declared_schema(graph):
    nodes = list(flat_nodes(graph))
    assert [n for n, _ in nodes] == sorted(graph.nodes)
    for n, d in nodes:
        for name, kind in FLAT_NODE_ATTRS:
            assert type(d[name]) is kind, (n, name)
        assert d["degree"] == len(set(graph.successors(n)) | set(graph.predecessors(n)))
        assert d["size"] == node_size(graph, n)
    edges = list(flat_edges(graph))
    assert [(u, v) for u, v, _, _ in edges] == sorted((u, v) for u, v in graph.edges())
    assert len({edge_id for _, _, edge_id, _ in edges}) == graph.number_of_edges()
    for u, v, edge_id, d in edges:
        assert edge_id == d["id"] == f"{d['relation']}/{u}/{v}"
        for name, kind in FLAT_EDGE_ATTRS:
            assert type(d[name]) is kind, (edge_id, name)


@pytest.mark.parametrize("value, expected", [
    (["a", "b"], "a|b"),
    (("a", 1, None, 2.5), "a|1||2.5"),
    ({"b", "a"}, "a|b"),
    ([["x", "y"], "z"], "x|y|z"),
    (None, ""),
    (3, 3),
])
def test_model_flat_rows_flatten_lists_and_none(graph, value, expected):
    G = graph.copy()
    G.nodes["person/张良"]["aliases"] = value
    assert dict(flat_nodes(G))["person/张良"]["aliases"] == expected


@pytest.mark.parametrize("value, expected", [
    (["b", "a"], "b|a"),  # lists keep their order
    ({"b", "a"}, "a|b"),  # sets are sorted
    (("x", 2), "x|2"),
    (None, ""),
])
def test_model_flat_edges_flatten_titles(graph, value, expected):
    G = graph.copy()
    G.edges["person/张良", "union/北京市总工会", HOLDS_ROLE]["titles"] = value
    rows = {edge_id: d for _, _, edge_id, d in flat_edges(G)}
    assert rows["holds_role/person/张良/union/北京市总工会"]["titles"] == expected


def test_model_gc_paused_restores_collector_state():
    import gc

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with gc_paused():
            assert not gc.isenabled()
            raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a collector paused by the caller stays paused
    finally:
        gc.enable()


def test_model_co_mentions_join_people_and_bodies_not_places(graph):
    co = [(u, v) for u, v, key in graph.edges(keys=True) if key == "co_mentioned"]
    assert co, "the sample corpus has co-mentioned people and bodies"
    labels = {graph.nodes[n]["label"] for edge in co for n in edge}
    assert "PLACE" not in labels
    assert ("person/张良", "union/北京市总工会") in co or ("union/北京市总工会", "person/张良") in co


def _random_multigraph(seed: int) -> nx.MultiDiGraph:
    import random

    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    names = [f"n{i:02d}" for i in range(30)]
    rng.shuffle(names)  # insertion order unlike sorted order
    G.add_nodes_from((n, {"mentions": rng.randint(0, 3)}) for n in names)
    for _ in range(120):
        u, v = rng.choice(names), rng.choice(names)
        G.add_edge(u, v, rng.choice(["met", "co_mentioned", "holds_role"]), weight=rng.choice([0.1, 0.7, 1.0, 2.5]))
    return G


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_model_top_nodes_match_the_degree_views(seed):
    from unionkg.graph.model import neighbour_count, weighted_degree

    G = _random_multigraph(seed)
    expected = sorted(G.nodes, key=lambda n: (-weighted_degree(G, n), -neighbour_count(G, n),
                                              -int(G.nodes[n].get("mentions", 0)), n))
    assert top_nodes(G, 12) == expected[:12]
    assert top_nodes(G, 0) == []


@pytest.mark.parametrize("seed", [1, 2])
def test_model_subgraph_keeps_the_edge_order_of_the_graph(seed):
    from unionkg.graph.model import subgraph

    G = _random_multigraph(seed)
    keep = set(sorted(G.nodes)[::2])
    H = subgraph(G, keep)
    assert list(H.edges(keys=True, data=True)) == [
        e for e in G.edges(keys=True, data=True) if e[0] in keep and e[1] in keep]
    assert list(H.nodes) == [n for n in G.nodes if n in keep]


def _corpus_with_repeats():
    """The sample corpus plus articles naming the same bodies again (co-mentions of several
    articles), one with markup and control characters in its headline and page, one naming an
    entity under an awkward id, and one with no id."""
    import dataclasses

    from unionkg.graph.corpus import Entity

    corpus = make_corpus()
    odd = Entity('org/A&B <c>"q"\x01', "ORG", 'A&B <c>"q"\x01 中心', ["x<y"], 1, ["p2"], ["p2#0"])
    corpus.entities[odd.id] = odd
    first = corpus.articles[0]
    corpus.articles += [
        dataclasses.replace(first, id="p2#0", page_id="p2", headline='头条 & <"引号">\x02',
                            mentions=sorted(first.mentions[:6] + [odd.id])),
        dataclasses.replace(first, id="p2#1", page_id="p2", headline="", src_start=5, src_end=9,
                            mentions=first.mentions[2:8]),
        dataclasses.replace(first, id="", page_id="p3", mentions=first.mentions[:3]),
    ]
    return corpus


@pytest.mark.parametrize("make", [make_corpus, _corpus_with_repeats])
def test_model_graph_parts_answer_as_the_graph_does(make):
    from unionkg.graph.model import graph_parts, neighbour_count, subgraph

    corpus = make()
    G, parts = build_graph(corpus), graph_parts(corpus)
    made = parts.to_graph()
    assert list(made.nodes(data=True)) == list(G.nodes(data=True))
    assert list(made.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
    assert parts.keys == [(u, v, k) for u, v, k in G.edges(keys=True)]
    assert {n: len(found) for n, found in parts.neighbours.items()} == {n: neighbour_count(G, n) for n in G}
    assert [parts.edges.edge_weight(key) for key in parts.keys] == [d["weight"] for *_, d in G.edges(keys=True, data=True)]
    for n in (0, 1, 5, len(G) + 3):
        assert parts.top_nodes(n) == top_nodes(G, n)
        keep = parts.top_nodes(n)
        view, expected = parts.subgraph(keep), subgraph(G, keep)
        assert list(view.nodes(data=True)) == list(expected.nodes(data=True))
        assert list(view.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    plain = [key for key in parts.keys if parts.edges.is_plain_co_mention(key)]
    assert plain and len(plain) < len(parts.keys)  # both kinds of edge are exercised
    if make is _corpus_with_repeats:
        assert any(len(G.edges[key]["evidence"]) > 1 for key in parts.keys if key[2] == CO_MENTIONED)
