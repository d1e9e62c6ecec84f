"""GraphML export: networkx round trip, key declarations, determinism.

Like the GEXF, a mixed graph (met and co-mentions ``directed="false"``, the rest ``"true"``) that
networkx's reader refuses: the round trips read it without the per-edge markers (:func:`read`)."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from sample_corpus import make_corpus

import unionkg.graph.readwrite.xmlgraph as xmlgraph
from unionkg.graph.model import build_graph
from unionkg.graph.readwrite.graphml import graphml_bytes, graphml_document, write_graphml
from unionkg.graph.readwrite.style import TYPE_COLORS
from unionkg.graph.readwrite.xmlgraph import flat_edges, flat_nodes

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}
GRAPHML_TYPES = {"boolean", "int", "long", "float", "double", "string"}


def read(path_or_bytes) -> nx.MultiDiGraph:
    """networkx's reading of the GraphML, per-edge direction markers taken out (one direction per file)."""
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else open(path_or_bytes, "rb").read()
    data = data.replace(b' directed="false"', b"").replace(b' directed="true"', b"")
    return nx.read_graphml(io.BytesIO(data), force_multigraph=True)


@pytest.fixture(scope="module")
def model():
    return build_graph(make_corpus())


@pytest.fixture(scope="module")
def graphml_path(model, tmp_path_factory):
    path = tmp_path_factory.mktemp("graphml") / "graph.graphml"
    write_graphml(model, path)
    return path


def test_graphml_round_trips_through_networkx(model, graphml_path):
    H = read(graphml_path)
    assert H.is_directed()
    assert sorted(H.nodes) == sorted(model.nodes)
    assert H.number_of_edges() == model.without_co_mentions().number_of_edges()
    assert {d["relation"] for _, _, d in H.edges(data=True)} == {"membership", "met", "part_of", "located_in"}
    node = H.nodes["union/北京市总工会"]
    assert (node["label"], node["type"], node["aliases"]) == ("北京市总工会", "UNION", "市总工会")
    assert node["color"] == TYPE_COLORS["UNION"]
    assert node["mentions"] == 4
    key = "membership/person/张良/union/北京市总工会"
    edge = H.edges["person/张良", "union/北京市总工会", key]
    assert edge["relation"] == "membership"
    assert edge["titles"] == "党组书记|副主席"
    assert edge["weight"] == 2.0
    assert (edge["evidence"], edge["evidence_count"]) == ("p1:120-136", 1)
    assert H.nodes["person/<b>x&y</b>"]["label"] == "<b>x&y</b>"
    assert type(node["x"]) is float and type(node["y"]) is float and type(node["community"]) is int


def test_graphml_keys_are_scalar_and_every_element_has_its_non_empty_values(model, graphml_path):
    root = ET.parse(graphml_path).getroot()
    keys = {}
    for k in root.findall("g:key", NS):
        assert k.get("attr.type") in GRAPHML_TYPES
        keys[k.get("id")] = (k.get("for"), k.get("attr.name"))
    node_keys = {name for cls, name in keys.values() if cls == "node"}
    edge_keys = {name for cls, name in keys.values() if cls == "edge"}
    assert {"label", "type", "aliases", "color", "size", "x", "y", "community"} <= node_keys
    assert {"relation", "weight", "dates", "evidence", "headline", "evidence_count"} <= edge_keys
    assert not {"type", "sentences", "pages", "spans", "networkx_key"} & edge_keys
    # an empty value is left out (GraphML's "no value"); every other value is there
    expected_nodes = {n: {k for k, v in attrs.items() if v != ""} | {"color", "size", "x", "y"}
                      for n, attrs in flat_nodes(model)}
    for node in root.iter("{%s}node" % NS["g"]):
        written = {keys[d.get("key")][1] for d in node.findall("g:data", NS)}
        assert written <= node_keys and written == expected_nodes[node.get("id")]
        assert all(d.text for d in node.findall("g:data", NS))
    edges = list(root.iter("{%s}edge" % NS["g"]))
    assert len(edges) == model.without_co_mentions().number_of_edges()
    directed = {}
    for edge in edges:
        assert edge.get("id")
        data = {keys[d.get("key")][1]: d.text for d in edge.findall("g:data", NS)}
        assert set(data) <= edge_keys and {"id", "label", "relation", "weight"} <= set(data)
        assert all(data.values())
        directed.setdefault(data["relation"], set()).add(edge.get("directed"))
    assert directed == {"met": {"true"}, "membership": {"true"}, "part_of": {"true"}, "located_in": {"true"}}


def test_graphml_is_deterministic(model, tmp_path):
    write_graphml(model, tmp_path / "a.graphml")
    write_graphml(build_graph(make_corpus()), tmp_path / "b.graphml")
    assert (tmp_path / "a.graphml").read_bytes() == (tmp_path / "b.graphml").read_bytes()


def test_graphml_flattens_lists_and_leaves_missing_values_empty():
    corpus = make_corpus()
    corpus.entities["place/北京"].aliases = ["北京市", "京"]
    corpus.entities["place/北京"].pages = []  # no first / last page
    H = read(graphml_bytes(build_graph(corpus)))
    assert H.nodes["place/北京"]["aliases"] == "京|北京市"
    assert H.nodes["place/北京"].get("last_page", "") == ""


def test_graphml_round_trip_equals_flat_attributes(model):
    H = read(graphml_bytes(model))
    assert list(H.nodes) == sorted(model.nodes)
    # an empty value is left out of the file
    for n, attrs in flat_nodes(model, viz=False):
        assert H.nodes[n] == {k: v for k, v in attrs.items() if v != ""}
    edges = {(u, v, k): d for u, v, k, d in H.edges(keys=True, data=True)}
    assert edges == {(u, v, edge_id): {k: x for k, x in d.items() if x != ""} for u, v, edge_id, d in flat_edges(model)}


def test_graphml_key_types_match_values(model):
    root = ET.fromstring(graphml_bytes(model))
    types = {(k.get("for"), k.get("attr.name")): k.get("attr.type")
             for k in root.findall("g:key", NS)}
    python = {"string": str, "long": int, "double": float}
    assert types[("node", "x")] == types[("node", "y")] == "double"
    for n, attrs in flat_nodes(model):
        for name, value in attrs.items():
            assert type(value) is python[types[("node", name)]], (n, name)
    for _, _, _, attrs in flat_edges(model):
        for name, value in attrs.items():
            assert type(value) is python[types[("edge", name)]], name


def test_graphml_escapes_markup_and_drops_forbidden_characters():
    corpus = make_corpus()
    corpus.entities["place/北京"].name = 'A&B <c>"q"\x00\x0b\ud800\ttab\nnl\rcr'
    corpus.entities["place/北京"].aliases = ["</data>", "]]>"]
    data = graphml_bytes(build_graph(corpus))
    ET.fromstring(data)  # well-formed
    H = read(data)
    assert H.nodes["place/北京"]["label"] == 'A&B <c>"q"\ttab\nnl\rcr'
    assert H.nodes["place/北京"]["aliases"] == "</data>|]]>"


def test_graphml_chunked_write_equals_bytes(model, tmp_path, monkeypatch):
    whole = graphml_bytes(model)
    monkeypatch.setattr(xmlgraph, "_CHUNK", 3)  # the chunking shared with the GEXF writer
    write_graphml(model, tmp_path / "g.graphml")
    assert len(list(xmlgraph.document_chunks(xmlgraph.gephi_graph(model), [graphml_document()]))) > 6
    assert (tmp_path / "g.graphml").read_bytes() == whole


def test_graphml_writes_a_line_per_element(model):
    lines = graphml_bytes(model).decode("utf-8").splitlines()
    nodes = [line for line in lines if line.lstrip().startswith("<node ")]
    assert len(nodes) == model.number_of_nodes() and all(line.endswith("</node>") for line in nodes)
    assert "></data>" not in "".join(lines)
