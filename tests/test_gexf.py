"""GEXF export: networkx round trip, schema-level structure check, optional graphology parse.

Symmetric relations (met, co-mentions) are ``mutual`` edges, the rest directed: networkx reads a mutual
edge as both directions (:func:`read_gexf` keeps one for comparing), and the directions are checked in the XML and by
graphology, which reads mixed graphs as Gephi does."""
from __future__ import annotations

import json
import io
import os
import subprocess
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from sample_corpus import make_corpus

import unionkg.graph.readwrite.xmlgraph as xmlgraph
from unionkg.graph.model import build_graph
from unionkg.graph.readwrite.gexf import gexf_bytes, gexf_document, write_gexf
from unionkg.graph.readwrite.graphml import graphml_bytes, graphml_document
from unionkg.graph.readwrite.style import TYPE_COLORS
from unionkg.graph.readwrite.xmlgraph import flat_edges, flat_nodes, write_xml_documents, xml_escape

from graphology import needs_graphology

NS = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
# Attribute types allowed by the GEXF 1.2 schema (attrtype-type).
GEXF_ATTR_TYPES = {"integer", "long", "double", "float", "boolean", "liststring", "string",
                   "anyURI", "listboolean", "listinteger", "listlong", "listfloat", "listdouble"}
PARSE = {"integer": int, "long": int, "double": float, "float": float, "string": str,
         "boolean": lambda v: {"true": True, "false": False}[v]}


def read_gexf(path_or_bytes) -> nx.MultiDiGraph:
    """networkx's own reading of the file, with the reverse copy it adds for each ``mutual`` (symmetric)
    edge taken out again, so that edges can be compared one for one."""
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else open(path_or_bytes, "rb").read()
    H = nx.read_gexf(io.BytesIO(data))
    seen = set()
    if H.is_multigraph():
        for u, v, key in list(H.edges(keys=True)):
            if key in seen:
                H.remove_edge(u, v, key)
            seen.add(key)
    else:
        for u, v, data in list(H.edges(data=True)):
            if data.get("id") in seen:
                H.remove_edge(u, v)
            seen.add(data.get("id"))
    return H


@pytest.fixture(scope="module")
def model():
    return build_graph(make_corpus())


@pytest.fixture(scope="module")
def gexf_path(model, tmp_path_factory):
    path = tmp_path_factory.mktemp("gexf") / "graph.gexf"
    write_gexf(model, path)
    return path


def test_gexf_round_trips_through_networkx(model, gexf_path):
    H = read_gexf(gexf_path)
    assert H.is_directed()
    assert sorted(H.nodes) == sorted(model.nodes)
    gephi = model.without_co_mentions()
    assert H.number_of_edges() == gephi.number_of_edges() < model.number_of_edges()
    assert H.nodes["person/张良"]["label"] == "张良"
    assert H.nodes["person/张良"]["type"] == "PERSON"
    assert H.nodes["union/中华全国总工会"]["aliases"] == "全国总工会|全总"
    assert H.nodes["person/<b>x&y</b>"]["label"] == "<b>x&y</b>"
    relations = sorted({d["relation"] for _, _, d in H.edges(data=True)})
    assert relations == ["located_in", "membership", "met", "part_of"]  # co-mentions left out
    role = [d for u, v, d in H.edges("person/张良", data=True) if d["relation"] == "membership"]
    assert role[0]["titles"] == "党组书记|副主席"
    assert role[0]["weight"] == 2.0
    assert role[0]["evidence"] == "p1:120-136" and role[0]["evidence_count"] == 1
    assert all("sentences" not in d and "networkx_key" not in d
               for _, _, d in H.edges(data=True))
    assert all(type(v) in (str, int, float) for _, _, d in H.edges(data=True) for v in d.values())


def test_gexf_structure_matches_schema_elements(model, gexf_path):
    root = ET.parse(gexf_path).getroot()
    assert root.tag == "{%s}gexf" % NS["g"] and root.get("version") == "1.2"
    graph = root.find("g:graph", NS)
    assert graph.get("defaultedgetype") == "directed"
    declared = {}
    for attrs in graph.findall("g:attributes", NS):
        assert attrs.get("class") in ("node", "edge")
        for a in attrs.findall("g:attribute", NS):
            assert a.get("type") in GEXF_ATTR_TYPES
            declared[a.get("id")] = (attrs.get("class"), a.get("title"), a.get("type"))
    titles = {(cls, title) for cls, title, _ in declared.values()}
    assert ("node", "type") in titles and ("edge", "relation") in titles and ("node", "community") in titles
    assert ("edge", "type") not in titles and ("edge", "networkx_key") not in titles
    assert ("edge", "sentences") not in titles

    nodes = graph.findall("g:nodes/g:node", NS)
    assert len(nodes) == model.number_of_nodes()
    ids = set()
    for node in nodes:
        ids.add(node.get("id"))
        assert node.get("label")
        color = node.find("viz:color", NS)
        assert all(0 <= int(color.get(c)) <= 255 for c in "rgb")
        assert 0.0 <= float(color.get("a")) <= 1.0
        assert float(node.find("viz:size", NS).get("value")) > 0
        position = node.find("viz:position", NS)
        float(position.get("x")), float(position.get("y"))
        values = {}
        for av in node.findall("g:attvalues/g:attvalue", NS):
            cls, title, atype = declared[av.get("for")]
            assert cls == "node"
            values[title] = PARSE[atype](av.get("value"))
        assert values["type"] in TYPE_COLORS
        expected = TYPE_COLORS[values["type"]].lstrip("#")
        assert "%02x%02x%02x" % tuple(int(color.get(c)) for c in "rgb") == expected

    edges = graph.findall("g:edges/g:edge", NS)
    assert len(edges) == model.without_co_mentions().number_of_edges()
    edge_ids = [e.get("id") for e in edges]
    assert len(set(edge_ids)) == len(edge_ids)
    directions = {}
    for edge in edges:
        assert edge.get("source") in ids and edge.get("target") in ids
        assert float(edge.get("weight")) > 0
        values = {declared[av.get("for")][1]: av.get("value")
                  for av in edge.findall("g:attvalues/g:attvalue", NS)}
        # GEXF's type is the direction; the kind of relation is the relation attribute
        directions.setdefault(values["relation"], set()).add(edge.get("type"))
    assert directions == {"met": {"mutual"}, "membership": {"directed"}, "part_of": {"directed"},
                          "located_in": {"directed"}}


def test_gexf_size_grows_with_degree(gexf_path):
    root = ET.parse(gexf_path).getroot()
    sizes = {n.get("label"): float(n.find("viz:size", NS).get("value"))
             for n in root.iter("{%s}node" % NS["g"])}
    assert sizes["北京市总工会"] > sizes["张良"] > sizes["任洁"]


def test_gexf_positions_and_communities(gexf_path):
    root = ET.parse(gexf_path).getroot()
    nodes = list(root.iter("{%s}node" % NS["g"]))
    positions = {(p.get("x"), p.get("y")) for p in root.iter("{%s}position" % NS["viz"])}
    assert len(positions) == len(nodes)  # every node placed, no two on one spot
    H = read_gexf(gexf_path)
    communities = {n: d["community"] for n, d in H.nodes(data=True)}
    assert communities["person/张良"] == communities["union/北京市总工会"]  # joined by membership
    assert sorted(set(communities.values())) == list(range(len(set(communities.values()))))


def test_gexf_co_mentions_come_back_with_a_minimum_weight():
    from test_model import _corpus_with_repeats

    G = build_graph(_corpus_with_repeats())
    weights = [G.weight(*key) for key in G.keys if key[2] == "co_mentioned"]
    assert 1.0 in weights and max(weights) >= 2.0
    for minimum, expected in ((None, 0), (1, len(weights)), (2, sum(w >= 2 for w in weights))):
        H = read_gexf(gexf_bytes(G, co_mentions=minimum))
        kept = [d for _, _, d in H.edges(data=True) if d["relation"] == "co_mentioned"]
        assert len(kept) == expected
        assert all(d["weight"] >= (minimum or 0) for d in kept)
    assert b'type="mutual"' in gexf_bytes(G, co_mentions=1)


def test_gexf_is_deterministic_and_undated(model, tmp_path):
    a, b = tmp_path / "a.gexf", tmp_path / "b.gexf"
    write_gexf(model, a)
    write_gexf(build_graph(make_corpus()), b)
    assert a.read_bytes() == b.read_bytes()
    assert b"lastmodifieddate" not in a.read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["a.gexf", "b.gexf"]  # no temporary files left


GRAPHOLOGY_CHECK = """
const fs = require('fs');
global.DOMParser = require('@xmldom/xmldom').DOMParser;
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const g = gexf.parse(Graph, fs.readFileSync(process.argv[1], 'utf8'));
const n = g.getNodeAttributes('person/张良');
const rel = g.mapEdges((e, a) => a.relation).sort();
const undirected = [...new Set(g.mapUndirectedEdges((e, a) => a.relation))].sort();
const directed = [...new Set(g.mapDirectedEdges((e, a) => a.relation))].sort();
console.log(JSON.stringify({order: g.order, size: g.size, label: n.label, type: n.type, rel: rel,
  x: n.x, y: n.y, community: n.community, undirected: undirected, directed: directed}));
"""


@needs_graphology
def test_gexf_parses_with_graphology(model, gexf_path):
    out = subprocess.run(["node", "-e", GRAPHOLOGY_CHECK, str(gexf_path)],
                         capture_output=True, text=True, timeout=60, check=True)
    result = json.loads(out.stdout)
    assert result["order"] == model.number_of_nodes()
    assert result["size"] == model.without_co_mentions().number_of_edges()
    assert (result["label"], result["type"]) == ("张良", "PERSON")
    assert set(result["rel"]) == {"membership", "met", "part_of", "located_in"}
    assert result["undirected"] == ["met"]
    assert result["directed"] == ["located_in", "membership", "part_of"]
    assert isinstance(result["x"], (int, float)) and isinstance(result["community"], int)


# Markup, quotes, whitespace kept as character references, and characters XML 1.0 forbids.
AWKWARD_NAME = 'A&B <c>"q" \'s\x00\x01\x1f\ud800\ufffe\ttab\nnl\rcr 工会'
AWKWARD_CLEAN = 'A&B <c>"q" \'s\ttab\nnl\rcr 工会'


def _awkward_corpus():
    corpus = make_corpus()
    person = corpus.entities["person/张良"]
    person.name, person.aliases = AWKWARD_NAME, ["x<y", "a&b"]
    for m in corpus.memberships:
        if m.person == "person/张良":
            m.title = {"党组书记": '"主席"', "副主席": "&"}[m.title]
    return corpus


def _without_empty(attrs: dict) -> dict:
    return {k: v for k, v in attrs.items() if v != ""}


def test_gexf_leaves_empty_values_out_and_writes_a_line_per_element(model):
    data = gexf_bytes(model)
    assert b'value=""' not in data and b"<attvalues></attvalues>" not in data
    lines = data.decode("utf-8").splitlines()
    assert sum(line.lstrip().startswith("<node ") for line in lines) == model.number_of_nodes()
    assert all(line.endswith("</node>") for line in lines if line.lstrip().startswith("<node "))


def test_gexf_round_trip_equals_flat_attributes(model):
    H = read_gexf(gexf_bytes(model))
    assert list(H.nodes) == sorted(model.nodes)
    # an empty value is left out of the file (GEXF's "no value")
    for n, attrs in flat_nodes(model, viz=True):
        assert H.nodes[n] == _without_empty(attrs)
    # networkx keeps the GEXF edge id as the attribute "id" (a multigraph's key only with parallel edges)
    edges = {(u, v, d["id"]): d for u, v, d in H.edges(data=True)}
    expected = {(u, v, edge_id): _without_empty(d) for u, v, edge_id, d in flat_edges(model)}
    assert edges == expected
    assert all(type(d["weight"]) is float and type(d["evidence_count"]) is int
               for d in edges.values())


def test_gexf_escapes_markup_and_drops_forbidden_characters():
    data = gexf_bytes(build_graph(_awkward_corpus()))
    ET.fromstring(data)  # well-formed
    assert b"\x00" not in data and b"\x01" not in data
    H = read_gexf(data)
    node = H.nodes["person/张良"]
    assert node["label"] == AWKWARD_CLEAN
    assert node["aliases"] == "a&b|x<y"
    role = [d for _, _, d in H.edges("person/张良", data=True) if d["relation"] == "membership"]
    assert role[0]["titles"] == '"主席"|&'


@pytest.mark.parametrize("value, expected", [
    ("plain 文本", "plain 文本"),
    ('<a href="x">&amp;</a>', "&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;"),
    ("tab\tnl\ncr\r", "tab&#9;nl&#10;cr&#13;"),
    ("bell\x07nul\x00\ufffe\ud800end", "bellnulend"),
    (42, "42"),
])
def test_gexf_xml_escape(value, expected):
    assert xml_escape(value) == expected


def test_gexf_chunked_write_equals_bytes(model, tmp_path, monkeypatch):
    whole = gexf_bytes(model)
    monkeypatch.setattr(xmlgraph, "_CHUNK", 3)  # many small chunks
    write_gexf(model, tmp_path / "g.gexf")
    assert len(list(xmlgraph.document_chunks(xmlgraph.gephi_graph(model), [gexf_document()]))) > 6
    assert (tmp_path / "g.gexf").read_bytes() == whole


def test_gexf_declares_attribute_types_from_values(model):
    root = ET.fromstring(gexf_bytes(model))
    types = {(a.get("title")): a.get("type") for a in root.iter("{%s}attribute" % NS["g"])}
    assert types["mentions"] == types["degree"] == types["evidence_count"] == "long"
    assert types["type"] == types["relation"] == types["aliases"] == "string"


@needs_graphology
def test_gexf_parses_awkward_names_with_graphology(model, tmp_path):
    path = tmp_path / "awkward.gexf"
    write_gexf(build_graph(_awkward_corpus()), path)
    out = subprocess.run(["node", "-e", GRAPHOLOGY_CHECK, str(path)],
                         capture_output=True, text=True, timeout=60, check=True)
    result = json.loads(out.stdout)
    assert (result["order"], result["size"]) == (model.number_of_nodes(), model.without_co_mentions().number_of_edges())
    assert (result["label"], result["type"]) == (AWKWARD_CLEAN, "PERSON")


@pytest.mark.parametrize("awkward", [False, True])
def test_gexf_and_graphml_written_in_one_pass_equal_the_separate_writers(model, tmp_path, awkward):
    G = build_graph(_awkward_corpus()) if awkward else model
    write_xml_documents(G, [(tmp_path / "g.gexf", gexf_document()), (tmp_path / "g.graphml", graphml_document())])
    assert (tmp_path / "g.gexf").read_bytes() == gexf_bytes(G)
    assert (tmp_path / "g.graphml").read_bytes() == graphml_bytes(G)


def test_gexf_value_with_a_nul_of_its_own_is_cleaned():
    corpus = make_corpus()
    corpus.entities["person/张良"].name = "张\x00良"  # NUL separates encoded values internally
    H = read_gexf(gexf_bytes(build_graph(corpus)))
    assert H.nodes["person/张良"]["label"] == "张良"
    assert H.nodes["person/张良"]["type"] == "PERSON"


@pytest.mark.parametrize("chunk", [1, 3, 100])
def test_gexf_and_graphml_plain_co_mention_rows_equal_the_general_rows(tmp_path, monkeypatch, chunk):
    """Most edges of a large corpus take a fast path (a plain co-mention's row put together from
    bytes encoded once); it writes what the general path writes."""
    from test_model import _corpus_with_repeats

    from unionkg.graph.model import EntityGraph

    monkeypatch.setattr(xmlgraph, "_CHUNK", chunk)
    G = build_graph(_corpus_with_repeats())
    assert sum(G.plain_co_mention(*key) is not None for key in G.keys) > 5
    fast = [gexf_bytes(G, co_mentions=1), graphml_bytes(G, co_mentions=1)]
    monkeypatch.setattr(EntityGraph, "plain_co_mention", lambda self, u, v, relation: None)
    assert [gexf_bytes(G, co_mentions=1), graphml_bytes(G, co_mentions=1)] == fast
    assert b"&amp;B &lt;c&gt;&quot;q&quot;" in fast[0] and b"\x01" not in fast[0]


def test_who_met_whom_gexf_holds_the_met_edges_and_the_people_they_join(model):
    from unionkg.graph.records import MET

    met = model.only(MET)
    expected = {(u, v) for u, v, relation in model.keys if relation == MET}
    assert expected and set(met.nodes) == {n for pair in expected for n in pair}
    root = ET.fromstring(gexf_bytes(met))
    nodes = {n.get("id") for n in root.iter("{%s}node" % NS["g"])}
    edges = {(e.get("source"), e.get("target")) for e in root.iter("{%s}edge" % NS["g"])}
    assert nodes == set(met.nodes) and edges == expected
    assert {e.get("type") for e in root.iter("{%s}edge" % NS["g"])} == {"mutual"}
    assert all(n.find("viz:position", NS) is not None for n in root.iter("{%s}node" % NS["g"]))
    H = read_gexf(gexf_bytes(met))
    assert set(H.nodes) == nodes and all(d["relation"] == MET for _, _, d in H.edges(data=True))


def test_gexf_layout_rings_isolated_nodes_around_the_linked_ones():
    import math

    from unionkg.graph.readwrite.style import layout_and_communities

    linked = [f"n{i:02d}" for i in range(12)]
    pairs = {(a, b): 1.0 for a, b in zip(linked, linked[1:])}
    isolated = [f"z{i:02d}" for i in range(30)]
    nodes = isolated[:15] + linked + isolated[15:]
    positions, communities = layout_and_communities(nodes, pairs)
    assert (positions, communities) == layout_and_communities(nodes, pairs)
    assert len(set(positions.values())) == len(nodes)
    centre_x = sum(positions[n][0] for n in linked) / len(linked)
    centre_y = sum(positions[n][1] for n in linked) / len(linked)

    def distance(n):
        return math.hypot(positions[n][0] - centre_x, positions[n][1] - centre_y)

    assert min(map(distance, isolated)) > max(map(distance, linked))
    # an isolated node is a community of its own, numbered after the chain's larger ones
    assert len({communities[n] for n in isolated}) == len(isolated)
    assert min(communities[n] for n in isolated) > max(communities[n] for n in linked)


def test_gexf_layout_of_isolated_nodes_only():
    from unionkg.graph.readwrite.style import layout_and_communities

    positions, communities = layout_and_communities(["a", "b", "c"], {})
    assert len(set(positions.values())) == 3
    assert sorted(communities.values()) == [0, 1, 2]
