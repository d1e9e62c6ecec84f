"""The explorer on a generated multi-thousand-node graph and on hand-dated graphs, in headless
Chromium with the network off: the default view and its "N / M", search with same-name candidates,
the focus centred and selected, depth and minimum weight, and the time range."""
from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from explorer_graphs import dated_pair_graph, generated_graph
from headless import CHROMIUM, SKIP_REASON, body_data, dump_dom, panel
from sample_corpus import make_corpus

from unionkg.graph.model import build_graph
from unionkg.graph.readwrite.explorer_select import ISO_DATE, default_view
from unionkg.graph.readwrite.html import write_html

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=SKIP_REASON)

ENTITIES, EDGES, TOP = 4_000, 16_000, 300
RANGE = ("2022-03-01", "2022-08-31")


@pytest.fixture(scope="module")
def big():
    G = generated_graph(ENTITIES, EDGES, seed=3)
    return G


@pytest.fixture(scope="module")
def big_url(big, tmp_path_factory):
    path = tmp_path_factory.mktemp("explorer-big") / "graph.html"
    write_html(big, path, top=TOP)
    return path


def url(path, **params) -> str:
    return path.as_uri() + ("#" + "&".join(f"{k}={quote(str(v))}" for k, v in params.items()) if params else "")


def positions(path) -> dict[str, list[float]]:
    """Overview positions by entity id, read back from the page."""
    text = path.read_text(encoding="utf-8")
    data = {key: json.loads(re.search(rf'^  "{key}": (.*?),?$', text, re.M).group(1))
            for key in ("nodes", "positions", "meta")}
    kinds = data["meta"]["types"]
    ids = [row[0] or f"{kinds[row[2]]['kind'].lower()}/{row[1]}" for row in data["nodes"]]
    return {ids[int(i)]: xy for i, xy in data["positions"].items()}


def in_range(dates, lo, hi) -> bool:
    iso = [d for d in dates if ISO_DATE.match(d)]
    return not iso or any(lo <= d <= hi for d in iso)


def test_default_view_draws_top_people_and_bodies_with_n_of_m(big, big_url, tmp_path):
    dom = dump_dom(tmp_path, url(big_url))
    state = body_data(dom)
    assert state["canvas"] == "yes"
    assert state["drawn-nodes"] == str(TOP)
    assert state["total"] == str(ENTITIES)
    assert f"显示 {TOP} / {ENTITIES} 个实体" in dom
    shown = set(default_view(big, TOP))
    expected = sum(1 for u, v, r in big.keys if r != "co_mentioned" and u in shown and v in shown)
    assert state["drawn-edges"] == str(expected)
    assert state["time-filter"] == "on"


def test_search_lists_same_name_people_and_never_picks_one(big, big_url, tmp_path):
    names = {}
    for node, d in big.nodes.items():
        if d["label"] == "PERSON":
            names.setdefault(d["name"], []).append(node)
    name, ids = max(names.items(), key=lambda item: (len(item[1]), item[0]))
    assert len(ids) >= 3
    dom = dump_dom(tmp_path, url(big_url, search=name))
    state = body_data(dom)
    assert state["search-candidates"] == str(len(ids))
    assert state["search-found"] == "" and state.get("focus") == ""
    side = panel(dom)
    assert all(f'title="{node}"' in side for node in ids)
    # A candidate's context (its posts or mentions) is shown to choose by.
    assert side.count('class="context"') >= 2 * len(ids)


def test_search_centres_and_selects_the_chosen_person(big, big_url, tmp_path):
    overview = positions(big_url)
    person = next(n for n in default_view(big, TOP) if big.nodes[n]["label"] == "PERSON")
    state = body_data(dump_dom(tmp_path, url(big_url, search=big.nodes[person]["name"], pick=person)))
    assert state["search-found"] == person and state["focus"] == person
    assert state["selected"] == person
    # The focus keeps its overview position and the view is centred on it.
    x, y = overview[person]
    assert abs(float(state["focus-x"]) - x) <= 1 and abs(float(state["focus-y"]) - y) <= 1
    assert abs(float(state["view-x"]) - float(state["focus-x"])) <= 2
    assert abs(float(state["view-y"]) - float(state["focus-y"])) <= 2
    near = big.without_co_mentions().neighbourhood(person, radius=1)
    assert state["drawn-nodes"] == str(near.number_of_nodes())


def _reached(G, centre, depth, min_weight):
    """Nodes within ``depth`` hops over non-co-mention edges of at least ``min_weight``."""
    near = {}
    for u, v, r in G.keys:
        if r != "co_mentioned" and G.weight(u, v, r) >= min_weight:
            near.setdefault(u, set()).add(v)
            near.setdefault(v, set()).add(u)
    seen, ring = {centre}, {centre}
    for _ in range(depth):
        ring = {m for n in ring for m in near.get(n, ())} - seen
        seen |= ring
    return seen


def test_search_depth_two_with_minimum_weight(big, big_url, tmp_path):
    person = next(n for n in default_view(big, TOP) if big.nodes[n]["label"] == "PERSON")
    state = body_data(dump_dom(tmp_path, url(big_url, search=person, depth=2, min=2)))
    assert state["focus"] == person
    expected = _reached(big, person, 2, 2)
    assert 1 < len(expected) < len(_reached(big, person, 2, 1))
    assert state["drawn-nodes"] == str(len(expected))


def test_time_range_hides_out_of_range_edges_of_the_overview(big, big_url, tmp_path):
    shown = set(default_view(big, TOP))
    kept = hidden = 0
    for u, v, r in big.keys:
        if r == "co_mentioned" or u not in shown or v not in shown:
            continue
        if in_range(big.edge(u, v, r).get("dates", []), *RANGE):
            kept += 1
        else:
            hidden += 1
    assert kept and hidden
    state = body_data(dump_dom(tmp_path, url(big_url, **{"from": RANGE[0], "to": RANGE[1]})))
    assert state["drawn-nodes"] == str(TOP)
    assert state["drawn-edges"] == str(kept)
    assert state["time-hidden"] == str(hidden)


@pytest.fixture(scope="module")
def dated_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("explorer-dated") / "graph.html"
    write_html(dated_pair_graph(), path)
    return path


def _dated_rows(side: str, heading: str) -> list[tuple[str, str]]:
    section = side.split(f"<h2>{heading}</h2>", 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<span class="date">([^<]*)</span><a href="#" title="[^"]*">([^<]*)</a>', section)


def test_person_panel_lists_posts_and_meetings_by_date(dated_url, tmp_path):
    dom = dump_dom(tmp_path, url(dated_url, search="甲某"))
    side = panel(dom)
    assert _dated_rows(side, "会见（按日期）") == [
        ("2021-03-01", "乙某"), ("2022-07-09", "丙某"), ("2023-05-02", "乙某"), ("未注明日期", "丁某")]
    assert _dated_rows(side, "任职（按日期）") == [("2021-03-01 – 2023-05-02", "某市总工会")]
    assert "4月23日" in side  # the printed date stays beside the undated meeting


def test_time_range_hides_meetings_and_edges_but_keeps_undated(dated_url, tmp_path):
    dom = dump_dom(tmp_path, url(dated_url, search="甲某", **{"from": "2022-01-01", "to": "2022-12-31"}))
    state = body_data(dom)
    # 甲某 with 丙某 (met in 2022) and 丁某 (undated); 乙某 and the post lie outside the range.
    assert state["drawn-nodes"] == "3"
    assert state["drawn-edges"] == "2"
    side = panel(dom)
    assert _dated_rows(side, "会见（按日期）") == [("2022-07-09", "丙某"), ("未注明日期", "丁某")]
    assert "时间范围外隐藏 2 条" in side
    assert "未注明日期的连线始终显示" in dom
    overview = body_data(dump_dom(tmp_path, url(dated_url, **{"from": "2022-01-01", "to": "2022-12-31"})))
    assert overview["drawn-edges"] == "2" and overview["time-hidden"] == "2"


def test_time_filter_absent_without_dates(tmp_path):
    path = tmp_path / "graph.html"
    write_html(build_graph(make_corpus()), path)
    dom = dump_dom(tmp_path, url(path, **{"from": "2022-01-01", "to": "2022-12-31"}))
    state = body_data(dom)
    assert state["time-filter"] == "off" and state["time-hidden"] == "0"
    assert '<div id="time-filter" hidden="">' in dom
