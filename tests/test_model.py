"""The entity graph of the hand-made sample corpus, checked against networkx where both answer."""
from __future__ import annotations

import networkx as nx
import pytest
from sample_corpus import make_corpus

from unionkg.graph.corpus import Event
from unionkg.graph.io import gc_paused
from unionkg.graph.model import EntityGraph, build_graph
from unionkg.graph.readwrite.style import node_size
from unionkg.graph.readwrite.xmlgraph import FLAT_EDGE_ATTRS, FLAT_NODE_ATTRS, flat_edges, flat_nodes
from unionkg.graph.records import CO_MENTIONED, LOCATED_IN, MEMBERSHIP, MET, PART_OF


@pytest.fixture(scope="module")
def graph():
    return build_graph(make_corpus())


def test_model_nodes_are_entities_with_attributes(graph):
    corpus = make_corpus()
    assert list(graph.nodes) == sorted(corpus.entities)
    d = graph.nodes["union/北京市总工会"]
    assert d["label"] == "UNION"
    assert d["name"] == "北京市总工会"
    assert d["aliases"] == ["市总工会"]
    assert d["mentions"] == 4
    assert (d["first_page"], d["last_page"]) == ("p1", "p1")


def test_model_membership_person_to_org_with_titles(graph):
    d = graph.edge("person/张良", "union/北京市总工会", MEMBERSHIP)
    assert d["titles"] == ["党组书记", "副主席"]
    assert d["weight"] == 2.0
    assert not graph.has_edge("union/北京市总工会", "person/张良", MEMBERSHIP)
    assert "北京市总工会 党组书记" in graph.nodes["person/张良"]["roles"]
    # A byline role has no organization: it shows on the node, never as an edge.
    assert graph.nodes["person/任洁"]["roles"] == ["记者"]
    assert not any(u == "person/任洁" and k == MEMBERSHIP for u, _, k in graph.keys)


def test_model_met_is_stored_once_in_canonical_direction(graph):
    met = [(u, v) for u, v, k in graph.keys if k == MET]
    assert met == [
        ("person/张文涛", "person/张良"),
        ("person/张文涛", "person/道佩·阿伦"),
        ("person/张良", "person/道佩·阿伦"),
    ]
    d = graph.edge("person/张良", "person/道佩·阿伦", MET)
    assert d["triggers"] == ["会见"]
    assert "events" not in d  # counted by the weight, not kept
    assert d["evidence"][0]["headline"] == "北京市总工会与万象市工会交流"
    assert d["evidence"][0]["src_start"] == 120


def test_model_met_weight_counts_shared_events():
    corpus = make_corpus()
    first = corpus.events[0]
    corpus.events.append(Event("p1#1/event0", "p1#1", "出席", ["person/道佩·阿伦", "person/张良"],
                               evidence=first.evidence))
    G = build_graph(corpus)
    assert G.edge("person/张良", "person/道佩·阿伦", MET)["weight"] == 2.0
    assert G.edge("person/张良", "person/道佩·阿伦", MET)["triggers"] == ["会见", "出席"]
    assert G.edge("person/张文涛", "person/张良", MET)["weight"] == 1.0


def test_model_co_mentioned_weight_counts_shared_articles(graph):
    # 京东集团 is named in the first article only; naming it in the second doubles the weight.
    d = graph.edge("company/京东集团", "union/北京市总工会", CO_MENTIONED)
    assert d["weight"] == 1.0
    assert d["evidence"][0]["page"] == "p1"
    assert not graph.has_edge("union/北京市总工会", "company/京东集团", CO_MENTIONED)
    corpus = make_corpus()
    corpus.articles[1].mentions = sorted(corpus.articles[1].mentions + ["company/京东集团"])
    G = build_graph(corpus)
    assert G.edge("company/京东集团", "union/北京市总工会", CO_MENTIONED)["weight"] == 2.0
    assert len(G.edge("company/京东集团", "union/北京市总工会", CO_MENTIONED)["evidence"]) == 2


@pytest.mark.parametrize("child,parent,kind", [
    ("org/北京职工体育服务中心", "union/北京市总工会", PART_OF),
    ("place/万象", "place/老挝", PART_OF),
    ("union/北京市总工会", "place/北京", LOCATED_IN),
    ("union/老挝万象市工会联合会", "place/万象", LOCATED_IN),
])
def test_model_structure_edges_point_child_to_parent(graph, child, parent, kind):
    assert graph.has_edge(child, parent, kind)
    assert graph.edge(child, parent, kind)["evidence"]
    assert not graph.has_edge(parent, child, kind)


def test_model_every_edge_has_relation_weight_and_evidence(graph):
    for u, v, k, d in graph.edges():
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
    assert all("person/nobody" not in key for key in G.keys)


def test_model_is_deterministic_under_input_order():
    a = make_corpus()
    b = make_corpus()
    b.entities = dict(reversed(list(b.entities.items())))
    b.memberships.reverse()
    b.structure.reverse()
    b.articles.reverse()
    ga, gb = build_graph(a), build_graph(b)
    assert list(ga.nodes.items()) == list(gb.nodes.items())
    assert list(ga.edges()) == list(gb.edges())


@pytest.mark.parametrize("query,expected", [
    ("person/张良", ["person/张良"]),
    ("张良", ["person/张良"]),
    ("全总", ["union/中华全国总工会"]),
    ("没有这个人", []),
])
def test_model_find_nodes_by_id_name_or_alias(graph, query, expected):
    assert graph.find_nodes(query) == expected


def test_model_neighbourhood_radius(graph):
    one = graph.neighbourhood("习近平", radius=1)
    assert list(one.nodes) == [
        "person/<b>x&y</b>", "person/习近平", "union/中华全国总工会", "union/北京市总工会"]
    # Both directions count: 万象 reaches 老挝 (out) and 老挝万象市工会联合会 (in).
    assert {"place/老挝", "union/老挝万象市工会联合会"} <= set(graph.neighbourhood("place/万象").nodes)
    two = graph.neighbourhood("习近平", radius=2)
    assert "person/张良" in two and "person/张良" not in one
    assert one.keys == [(u, v, k) for u, v, k in graph.keys if u in one and v in one]
    zero = graph.neighbourhood("习近平", radius=0)
    assert list(zero.nodes) == ["person/习近平"]
    with pytest.raises(KeyError):
        graph.neighbourhood("没有这个人")


def test_model_neighbourhood_is_a_copy(graph):
    sub = graph.neighbourhood("张良")
    sub.nodes["person/张良"]["name"] = "changed"
    assert graph.nodes["person/张良"]["name"] == "张良"


def test_model_top_nodes_by_weighted_degree_with_stable_ties(graph):
    top = graph.top_nodes(3)
    assert top[0] == "union/北京市总工会"
    assert len(top) == 3
    assert len(graph.top_nodes(100)) == graph.number_of_nodes()
    assert graph.top_nodes(0) == [] and graph.top_nodes(-1) == []
    # Equal scores break ties by id.
    G = EntityGraph({n: {"mentions": 1} for n in ["a", "b", "c"]}, {})
    assert G.top_nodes(3) == ["a", "b", "c"]


def test_model_to_networkx_holds_the_same_graph(graph):
    G = graph.to_networkx()
    assert list(G.nodes(data=True)) == list(graph.nodes.items())
    assert list(G.edges(keys=True, data=True)) == list(graph.edges())
    assert G.edges["person/张良", "union/北京市总工会", MEMBERSHIP]["titles"] == ["党组书记", "副主席"]
    G.nodes["person/张良"]["name"] = "changed"  # a copy
    assert graph.nodes["person/张良"]["name"] == "张良"


@pytest.mark.parametrize("co_mentions", [None, 1])
def test_model_flat_rows_follow_the_declared_schema(graph, co_mentions):
    """The rows of the Gephi files: all nodes, degrees of the edges written (co-mentions only when
    asked for), every edge when co-mentions of weight >= 1 are asked for."""
    nodes = list(flat_nodes(graph, co_mentions=co_mentions))
    assert [n for n, _ in nodes] == sorted(graph.nodes)
    written = graph.without_co_mentions(co_mentions).to_networkx().to_undirected(as_view=True)
    for n, d in nodes:
        for name, kind in FLAT_NODE_ATTRS:
            assert type(d[name]) is kind, (n, name)
        assert d["degree"] == len(written[n])
        assert d["size"] == node_size(d["degree"])
    assert dict(nodes)["union/中华全国总工会"]["aliases"] == "全国总工会|全总"
    if co_mentions is None:
        return
    edges = list(flat_edges(graph, co_mentions=co_mentions))
    assert [(u, v) for u, v, _, _ in edges] == [(u, v) for u, v, _ in graph.keys]
    assert len({edge_id for _, _, edge_id, _ in edges}) == graph.number_of_edges()
    for u, v, edge_id, d in edges:
        assert edge_id == d["id"] == f"{d['relation']}/{u}/{v}"
        assert "type" not in d
        for name, kind in FLAT_EDGE_ATTRS:
            assert type(d[name]) is kind, (edge_id, name)
    rows = {edge_id: d for _, _, edge_id, d in edges}
    assert rows["membership/person/张良/union/北京市总工会"]["titles"] == "党组书记|副主席"


def test_model_without_co_mentions_keeps_every_node_and_the_heavier_co_mentions():
    from unionkg.graph.records import CO_MENTIONED

    graph = build_graph(_corpus_with_repeats())
    co = {key: graph.weight(*key) for key in graph.keys if key[2] == CO_MENTIONED}
    assert set(co.values()) >= {1.0, 2.0}
    for minimum in (None, 1, 2, 3):
        H = graph.without_co_mentions(minimum)
        assert list(H.nodes) == list(graph.nodes)
        kept = [key for key in H.keys if key[2] == CO_MENTIONED]
        assert kept == sorted(k for k, w in co.items() if minimum is not None and w >= minimum)
        assert [key for key in H.keys if key[2] != CO_MENTIONED] == [k for k in graph.keys if k not in co]


def test_model_met_edges_carry_event_dates():
    corpus = make_corpus()
    dated = [e for e in corpus.events if len(set(e.attendees)) > 1]
    assert dated
    for i, event in enumerate(dated):
        event.date = f"2024-04-{10 + i:02d}"
    graph = build_graph(corpus)
    u, v = sorted(set(dated[0].attendees))[:2]
    assert f"2024-04-10" in graph.edge(u, v, "met")["dates"]


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
    co = [(u, v) for u, v, key in graph.keys if key == CO_MENTIONED]
    assert co, "the sample corpus has co-mentioned people and bodies"
    labels = {graph.nodes[n]["label"] for edge in co for n in edge}
    assert "PLACE" not in labels
    assert ("person/张良", "union/北京市总工会") in co


def _random_graph(seed: int) -> EntityGraph:
    """Random nodes and edges of every relation, list values that weigh 0, 1 or more, self-loops."""
    import random

    rng = random.Random(seed)
    names = [f"n{i:02d}" for i in range(30)]
    nodes = {n: {"mentions": rng.randint(0, 3)} for n in names}
    slots = {}
    counted = {MEMBERSHIP: "titles", MET: "events", CO_MENTIONED: "articles"}
    for _ in range(120):
        relation = rng.choice([MEMBERSHIP, MET, CO_MENTIONED, PART_OF])
        lists = {counted[relation]: {f"x{i}" for i in range(rng.randint(0, 3))}} if relation in counted else {}
        slots[(rng.choice(names), rng.choice(names), relation)] = [{}, lists]
    return EntityGraph(nodes, slots)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_model_top_nodes_match_the_networkx_degrees(seed):
    graph = _random_graph(seed)
    G = graph.to_networkx()

    def neighbour_count(n):
        return len(set(G.successors(n)) | set(G.predecessors(n)))

    expected = sorted(G.nodes, key=lambda n: (-G.degree(n, weight="weight"), -neighbour_count(n),
                                              -G.nodes[n]["mentions"], n))
    assert graph.top_nodes(12) == expected[:12]
    assert {n: len(found) for n, found in graph.neighbours.items()} == {n: neighbour_count(n) for n in G}


@pytest.mark.parametrize("seed", [1, 2])
def test_model_subgraph_equals_the_networkx_subgraph(seed):
    graph = _random_graph(seed)
    keep = set(sorted(graph.nodes)[::2])
    view, G = graph.subgraph(keep).to_networkx(), graph.to_networkx()
    assert list(view.nodes(data=True)) == [(n, d) for n, d in G.nodes(data=True) if n in keep]
    assert list(view.edges(keys=True, data=True)) == [e for e in G.edges(keys=True, data=True)
                                                      if e[0] in keep and e[1] in keep]


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
def test_model_answers_as_networkx_does(make):
    graph = build_graph(make())
    G = graph.to_networkx()
    for n in (0, 1, 5, len(G) + 3):
        keep = graph.top_nodes(n)
        assert keep == sorted(G.nodes, key=lambda x: (-G.degree(x, weight="weight"), -graph.degree(x),
                                                      -G.nodes[x]["mentions"], x))[:n]
        view = graph.subgraph(keep).to_networkx()
        assert list(view.nodes(data=True)) == [(x, d) for x, d in G.nodes(data=True) if x in keep]
        assert list(view.edges(keys=True, data=True)) == [e for e in G.edges(keys=True, data=True)
                                                          if e[0] in keep and e[1] in keep]
    plain = [key for key in graph.keys if graph.plain_co_mention(*key) is not None]
    assert plain and len(plain) < graph.number_of_edges()  # both kinds of edge are exercised
    if make is _corpus_with_repeats:
        assert any(len(graph.edge(*key)["evidence"]) > 1 for key in graph.keys if key[2] == CO_MENTIONED)
