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
    m = re.search(r"window\.KG_DATA = (\{.*?\});\n</script>", html, re.S)
    assert m, "KG_DATA block missing"
    return json.loads(m.group(1))


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
    node = next(n for n in data["nodes"] if n["id"] == "person/<b>x&y</b>")
    assert node["label"] == "<b>x&y</b>"  # shown literally by the page (textContent/innerText)
    assert node["title"].startswith("<b>x&y</b>\n")
    assert "\\u003cb\\u003ex\\u0026y\\u003c/b\\u003e" in page


def test_html_page_script_never_uses_inner_html():
    js = (kg_html.ASSETS_DIR / "explorer.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js
    assert "textContent" in js


def test_html_is_deterministic(model, tmp_path):
    write_html(model, tmp_path / "a.html")
    write_html(build_graph(make_corpus()), tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_html_carries_panel_data_and_legend(page, model):
    data = kg_data(page)
    assert len(data["nodes"]) == model.number_of_nodes()
    assert len(data["edges"]) == model.number_of_edges()
    zl = next(n for n in data["nodes"] if n["id"] == "person/张良")
    assert zl["roles"] == ["北京市总工会 党组书记", "北京市总工会 副主席"]
    assert zl["sentences"] and "张良" in zl["sentences"][0]
    role = next(e for e in data["edges"] if e["relation"] == "membership" and e["from"] == "person/张良")
    assert role["evidence"][0]["span"] == "p1:120-136"
    assert role["arrows"] == "to"
    assert all(e["arrows"] == "" for e in data["edges"] if e["relation"] in ("met", "co_mentioned"))
    assert [t["kind"] for t in data["meta"]["types"]] == ["PERSON", "UNION", "COMPANY", "ORG", "PLACE"]
    assert {r["relation"] for r in data["meta"]["relations"]} == {
        "membership", "met", "co_mentioned", "part_of", "located_in"}
    assert data["options"]["physics"]["enabled"] is True
    assert data["options"]["layout"]["randomSeed"] == kg_html.LAYOUT_SEED


@pytest.mark.parametrize("top", [1, 3, 5])
def test_html_top_keeps_the_top_nodes(model, top):
    data = kg_data(render_html(model, top=top))
    assert sorted(n["id"] for n in data["nodes"]) == sorted(model.top_nodes(top))
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])


def test_html_focus_shows_one_neighbourhood(model):
    data = kg_data(render_html(model, focus="习近平"))
    assert sorted(n["id"] for n in data["nodes"]) == sorted(model.neighbourhood("习近平").nodes)
    with pytest.raises(KeyError):
        render_html(model, focus="没有这个人")


def test_html_large_graph_gets_precomputed_layout_without_physics(model, monkeypatch):
    monkeypatch.setattr(kg_html, "LAYOUT_THRESHOLD", 5)
    first = render_html(model)
    data = kg_data(first)
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert data["options"]["physics"]["enabled"] is False
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])
    assert render_html(model) == first


def test_html_many_co_mentions_start_hidden(model, monkeypatch):
    def hidden(html):
        return {r["relation"] for r in kg_data(html)["meta"]["relations"] if r["hidden"]}

    assert hidden(render_html(model)) == set()
    monkeypatch.setattr(kg_html, "CO_MENTIONED_SHOWN_LIMIT", 3)
    assert hidden(render_html(model)) == {"co_mentioned"}
