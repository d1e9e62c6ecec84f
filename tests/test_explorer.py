"""The explorer's choices without a browser: the who-met-whom ranking, bounded page size, dates,
same-name candidates, and `unionkg view` never picking one of several same-name entities."""
from __future__ import annotations

import json
import re

import pytest
from explorer_graphs import _dated_page, _entity_graph, _slot, dated_pair_graph, generated_graph
from typer.testing import CliRunner

from unionkg.graph.model import EntityGraph
from unionkg.graph.readwrite import explorer_data
from unionkg.graph.readwrite.explorer_select import (
    candidates,
    context_line,
    default_view,
    homonym_contexts,
    iso_dates,
    ranked_nodes,
)
from unionkg.graph.readwrite.html import AmbiguousName, render_html
from unionkg.graph.records import CO_MENTIONED, LOCATED_IN, MEMBERSHIP, MET, ORG, PERSON, PLACE, UNION
from unionkg.pipelines.run.cli import EXIT_AMBIGUOUS, app

PAGE_BYTES_BOUND = 5_000_000


def kg_data(html: str) -> dict:
    m = re.search(r'<script id="kg-data" type="application/json">\n(\{.*?\})\n</script>', html, re.S)
    return json.loads(m.group(1))


def _node(label, name, mentions=1, roles=()):
    return {"label": label, "name": name, "aliases": [], "mentions": mentions, "first_page": "p1",
            "last_page": "p1", "articles": 1, "roles": list(roles), "sentences": []}


def _graph(nodes: dict, edges: list[tuple[str, str, str, dict]]) -> EntityGraph:
    """Edges (u, v, relation, lists); an edge's ``dates`` are also the dates of its evidence pages."""
    slots = {}
    for u, v, relation, lists in edges:
        pages = [_dated_page(d) for d in sorted(lists.get("dates", ()))] or None
        slots[(u, v, relation)] = _slot(relation, len(slots), {k: set(vs) for k, vs in lists.items()}, pages=pages)
    return _entity_graph(nodes, slots)


def test_ranking_is_by_met_then_membership_and_ignores_co_mentions_and_places():
    nodes = {
        "person/甲": _node(PERSON, "甲"), "person/乙": _node(PERSON, "乙"), "person/丙": _node(PERSON, "丙"),
        "person/丁": _node(PERSON, "丁", mentions=99), "union/某会": _node(UNION, "某会"),
        "place/某市": _node(PLACE, "某市", mentions=500),
    }
    edges = [
        ("person/乙", "person/甲", MET, {"events": {"e1", "e2", "e3"}}),
        ("person/丙", "person/甲", MET, {"events": {"e4"}}),
        ("person/乙", "union/某会", MEMBERSHIP, {"titles": {"主席"}}),
        ("person/丙", "union/某会", MEMBERSHIP, {"titles": {"委员"}}),
        ("person/丁", "union/某会", MEMBERSHIP, {"titles": {"委员"}}),
        # Many co-mentions and a place with many links decide nothing.
        ("person/丁", "place/某市", LOCATED_IN, {}),
        ("union/某会", "place/某市", LOCATED_IN, {}),
        ("person/丙", "person/丁", CO_MENTIONED, {"articles": {f"a{i}" for i in range(50)}}),
    ]
    G = _graph(nodes, edges)
    # 甲 met 4, 乙 met 3 + post 1, 某会 posts 3, 丙 met 1 + post 1, 丁 post 1 (its mentions break no tie above).
    assert ranked_nodes(G) == ["person/甲", "person/乙", "union/某会", "person/丙", "person/丁", "place/某市"]
    assert default_view(G, 3) == ["person/甲", "person/乙", "union/某会"]
    assert "place/某市" not in default_view(G, 5)
    assert default_view(G, 10)[-1] == "place/某市"  # a small graph is drawn whole


def test_non_iso_dates_count_as_undated():
    assert iso_dates(["2023-04-23", "4月23日", "", "2021-01-02", "2023-4-1"]) == ["2021-01-02", "2023-04-23"]


def test_default_page_of_a_year_sized_graph_stays_under_the_bound():
    G = generated_graph(20_000, 100_000, seed=5)
    html = render_html(G, top=300)
    size = len(html.encode("utf-8"))
    assert size < PAGE_BYTES_BOUND, size
    data = kg_data(html)
    assert len(data["positions"]) == 300
    assert data["meta"]["total"] == 20_000 == len(data["nodes"])  # every entity searchable
    counts = data["meta"]["counts"]
    assert counts["co_mentions_kept"] <= explorer_data.MAX_CO_MENTION_EDGES < counts["co_mentions_all"]


def test_page_bounds_hold_past_the_caps(monkeypatch):
    monkeypatch.setattr(explorer_data, "MAX_INDEX_EDGES", 500)
    monkeypatch.setattr(explorer_data, "NODE_DETAIL_BYTES", 5_000)
    G = generated_graph(2_000, 6_000, seed=2)
    data = kg_data(render_html(G, top=50))
    assert data["meta"]["counts"]["edges_kept"] == 500 < data["meta"]["counts"]["edges_all"]
    assert sum(1 for e in data["edges"] if e[2] != 2) == 500  # relation 2 is co_mentioned
    assert 0 < len(data["details"]) < 2_000
    # Details go to the best-ranked entities first.
    assert sorted(int(k) for k in data["details"]) == list(range(len(data["details"])))


def test_same_name_people_are_told_apart_by_posts_and_places():
    nodes = {
        "person/王某": _node(PERSON, "王某", 3, ["甲区政府 区长"]),
        "person/王某-2": _node(PERSON, "王某", 5, ["乙县政府 县长"]),
        "org/甲区政府": _node(ORG, "甲区政府"), "org/乙县政府": _node(ORG, "乙县政府"),
        "place/甲区": _node(PLACE, "甲区"), "place/乙县": _node(PLACE, "乙县"),
    }
    edges = [
        ("person/王某", "org/甲区政府", MEMBERSHIP, {"titles": {"区长"}, "dates": {"2022-01-05", "2023-02-01"}}),
        ("person/王某-2", "org/乙县政府", MEMBERSHIP, {"titles": {"县长"}}),
        ("org/甲区政府", "place/甲区", LOCATED_IN, {}),
        ("org/乙县政府", "place/乙县", LOCATED_IN, {}),
    ]
    G = _graph(nodes, edges)
    found = candidates(G, "王某")
    assert [c["id"] for c in found] == ["person/王某-2", "person/王某"]  # most mentioned first
    assert found[0]["places"] == ["乙县"] and found[1]["places"] == ["甲区"]
    assert found[1]["dates"] == ["2022-01-05", "2023-02-01"]
    assert context_line(found[1]) == "甲区政府 区长，甲区，提及3次，2022-01-05–2023-02-01，首见 p1"
    assert set(homonym_contexts(G, G.nodes)) == {"person/王某", "person/王某-2"}
    with pytest.raises(AmbiguousName) as err:
        render_html(G, focus="王某")
    assert err.value.candidates == ["person/王某", "person/王某-2"]
    assert kg_data(render_html(G, focus="person/王某-2"))["meta"]["focus"] == "person/王某-2"


def test_hand_dated_graph_carries_iso_dates_to_the_page():
    data = kg_data(render_html(dated_pair_graph()))
    strings = data["strings"]
    dates = sorted(strings[i] for e in data["edges"] for i in (e[4] if len(e) > 4 and e[4] else []))
    assert "2022-07-09" in dates and "4月23日" in dates


# --- unionkg view on a real build of two pages naming two different people of one name ---------

PAGES = {
    "a.txt": "东城区总工会召开职工代表座谈会\n\n本报讯 4月23日，北京市东城区区长王建国在东城区总工会会见了区总工会"
             "主席刘志明，双方就职工服务工作进行了交流。东城区总工会副主席陈立新参加会见。\n",
    "b.txt": "浦东新区总工会开展劳模慰问活动\n\n本报讯 5月8日，上海市浦东新区区长王建国在浦东新区总工会会见了新区"
             "总工会主席赵海峰，共同慰问了一线劳动模范。浦东新区总工会副主席孙晓东参加活动。\n",
}
runner = CliRunner()


@pytest.fixture(scope="module")
def homonym_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("homonyms")
    for name, text in PAGES.items():
        (root / "pages").mkdir(exist_ok=True)
        (root / "pages" / name).write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["build", str(root / "pages"), "--out", str(root / "out"), "-q", "--workers", "1"])
    assert result.exit_code == 0, result.output
    return root / "out"


def test_view_lists_same_name_candidates_and_writes_nothing(homonym_build):
    result = runner.invoke(app, ["view", "王建国", "--out", str(homonym_build)])
    assert result.exit_code == EXIT_AMBIGUOUS
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("1. person/王建国") or lines[0].startswith("1. person/王建国-2")
    assert any("东城区" in line and "区长" in line for line in lines)
    assert any("浦东新区" in line and "区长" in line for line in lines)
    assert "--pick" in result.stderr
    assert not list(homonym_build.glob("view-*.html"))


def test_view_pick_and_id_choose_one(homonym_build, tmp_path):
    listed = runner.invoke(app, ["view", "王建国", "--out", str(homonym_build)]).stdout.splitlines()
    second = listed[1].split()[1]
    result = runner.invoke(app, ["view", "王建国", "--out", str(homonym_build), "--pick", "2",
                                 "--output", str(tmp_path / "v.html")])
    assert result.exit_code == 0, result.output
    assert kg_data((tmp_path / "v.html").read_text(encoding="utf-8"))["meta"]["focus"] == second
    result = runner.invoke(app, ["view", second, "--out", str(homonym_build)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(f"view-{second.split('/', 1)[1]}.html")
    result = runner.invoke(app, ["view", "王建国", "--out", str(homonym_build), "--pick", "3"])
    assert result.exit_code == EXIT_AMBIGUOUS and "only 2" in result.stderr


def test_labels_wait_for_the_zoom_on_big_views_only():
    from unionkg.graph.readwrite.html import LABEL_DRAW_THRESHOLD, vis_options

    big = vis_options(node_count=300, edge_count=3000)
    small = vis_options(node_count=20, edge_count=30)
    # vis-network skips a label whose font size times the zoom is below drawThreshold - 1.
    assert big["nodes"]["scaling"]["label"]["drawThreshold"] == LABEL_DRAW_THRESHOLD > 14 * 0.5 + 1
    assert small["nodes"]["scaling"]["label"]["drawThreshold"] == 5
    assert big["physics"]["enabled"] is False and big["interaction"]["hideEdgesOnDrag"] is True


def test_index_cap_holds_when_everything_is_drawn(monkeypatch):
    import unionkg.graph.readwrite.html as kg_html

    monkeypatch.setattr(kg_html, "MAX_INDEX_NODES", 100)
    G = generated_graph(500, 1_500, seed=4)
    data = kg_data(render_html(G, top=None))
    assert len(data["nodes"]) == len(data["positions"]) == data["meta"]["indexed"] == 100
    assert data["meta"]["total"] == 500


def test_a_graph_without_entities_still_makes_a_page():
    data = kg_data(render_html(EntityGraph({}, {})))
    assert data["nodes"] == [] and data["positions"] == {} and data["meta"]["total"] == 0
