"""The offline HTML explorer: self-contained, escaped, deterministic, top/focus views."""
from __future__ import annotations

import json
import re

import pytest
from sample_corpus import make_corpus

import unionkg.graph.readwrite.html as kg_html
from unionkg.graph.readwrite.html import render_html, write_html
from unionkg.graph.model import build_graph


@pytest.fixture(scope="module")
def model():
    return build_graph(make_corpus())


@pytest.fixture(scope="module")
def page(model):
    return render_html(model)


def kg_data(html: str) -> dict:
    """The JSON the page draws from (window.KG_DATA)."""
    m = re.search(r'<script id="kg-data" type="application/json">\n(\{.*?\})\n</script>', html, re.S)
    assert m, "KG_DATA block missing"
    return json.loads(m.group(1))


def page_nodes(data: dict) -> list[dict]:
    """The page's node rows as dicts, with the id filled in as the page's script does."""
    fields, kinds = data["meta"]["node_fields"], data["meta"]["types"]
    out = []
    for row in data["nodes"]:
        node = dict(zip(fields, row + [0] * (len(fields) - len(row))))
        node["id"] = node["id"] or f"{kinds[node['kind']]['kind'].lower()}/{node['name']}"
        out.append(node)
    return out


def page_edges(data: dict) -> list[dict]:
    fields, ids = data["meta"]["edge_fields"], [n["id"] for n in page_nodes(data)]
    relations, strings = data["meta"]["relations"], data["strings"]
    out = []
    for row in data["edges"]:
        edge = dict(zip(fields, row + [0] * (len(fields) - len(row))))
        edge["from"], edge["to"] = ids[edge["from"]], ids[edge["to"]]
        edge["relation"] = relations[edge["relation"]]["relation"]
        edge["dates"] = [strings[i] for i in edge["dates"] or []]
        edge["extra"] = [strings[i] for i in edge["extra"] or []]
        out.append(edge)
    return out


def test_html_is_self_contained(page):
    # Nothing a browser would fetch: no external src/href, CSS url() or @import.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "@import" not in page
    assert not re.search(r"<script[^>]+src=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert "bootstrap" not in page and "tom-select" not in page.lower()
    # vis-network is inlined.
    assert "vis-network" in page and len(page) > 400_000


def test_html_written_as_utf8(model, tmp_path):
    path = tmp_path / "graph.html"
    write_html(model, path)
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert "张良".encode("utf-8") in raw
    assert '<meta charset="utf-8">' in text
    assert text == render_html(model)


def test_html_escapes_names_everywhere(page):
    assert "<b>x&y</b>" not in page
    data = kg_data(page)
    node = next(n for n in page_nodes(data) if n["id"] == "person/<b>x&y</b>")
    assert node["name"] == "<b>x&y</b>"  # shown literally by the page (textContent/innerText)
    assert "\\u003cb\\u003ex\\u0026y\\u003c/b\\u003e" in page


@pytest.mark.parametrize("script", kg_html.SCRIPTS)
def test_html_page_script_never_uses_inner_html(script):
    js = (kg_html.ASSETS_DIR / script).read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js
    assert "textContent" in js


def test_html_is_deterministic(model, tmp_path):
    write_html(model, tmp_path / "a.html")
    write_html(build_graph(make_corpus()), tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_html_carries_panel_data_and_legend(page, model):
    data = kg_data(page)
    nodes, edges = page_nodes(data), page_edges(data)
    assert sorted(n["id"] for n in nodes) == sorted(model.nodes)
    assert len(edges) == model.number_of_edges()
    row = next(i for i, n in enumerate(nodes) if n["id"] == "person/张良")
    details = data["details"][str(row)]
    assert details["roles"] == ["北京市总工会 党组书记", "北京市总工会 副主席"]
    assert details["sentences"] and "张良" in details["sentences"][0]
    k = next(k for k, e in enumerate(edges) if e["relation"] == "membership" and e["from"] == "person/张良")
    assert data["evidence"][str(k)]["items"][0]["span"] == "p1:120-136"
    assert sorted(edges[k]["extra"]) == sorted(model.edge("person/张良", edges[k]["to"], "membership")["titles"])
    symmetric = {r["relation"] for r in data["meta"]["relations"] if r["symmetric"]}
    assert symmetric == {"met", "co_mentioned"}
    assert [t["kind"] for t in data["meta"]["types"]] == ["PERSON", "UNION", "COMPANY", "ORG", "PLACE"]
    assert data["meta"]["total"] == model.number_of_nodes()
    assert data["options"]["physics"]["enabled"] is False
    assert data["options"]["layout"]["randomSeed"] == kg_html.LAYOUT_SEED


@pytest.mark.parametrize("top", [1, 3, 5])
def test_html_top_draws_the_top_people_and_bodies(model, top):
    from unionkg.graph.readwrite.explorer_select import default_view

    data = kg_data(render_html(model, top=top))
    nodes = page_nodes(data)
    drawn = sorted(nodes[int(i)]["id"] for i in data["positions"])
    assert drawn == sorted(default_view(model, top))
    assert len(drawn) == top
    # Every entity stays searchable.
    assert len(nodes) == model.number_of_nodes()


def test_html_focus_shows_one_neighbourhood(model):
    data = kg_data(render_html(model, focus="习近平"))
    assert data["meta"]["focus"] == "person/习近平"
    drawn = {page_nodes(data)[int(i)]["id"] for i in data["positions"]}
    near = model.without_co_mentions().neighbourhood("习近平", radius=1).nodes
    assert drawn == set(near)
    with pytest.raises(KeyError):
        render_html(model, focus="没有这个人")


def test_html_positions_are_laid_out_and_repeatable(model):
    first = render_html(model)
    data = kg_data(first)
    assert len(data["positions"]) == len(data["nodes"])
    assert len({tuple(p) for p in data["positions"].values()}) == len(data["positions"])
    assert data["options"]["physics"]["enabled"] is False
    assert render_html(model) == first


def test_html_co_mentions_start_hidden(model):
    data = kg_data(render_html(model))
    assert {r["relation"] for r in data["meta"]["relations"] if r["hidden"]} == {"co_mentioned"}
