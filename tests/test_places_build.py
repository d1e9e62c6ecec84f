"""End to end on pages written for this test (three provinces): the built graph puts every place
under the divisions above it, and ``events-at`` for a city or province finds the events in its
districts, though the text never names that city."""
from __future__ import annotations

import pytest

from unionkg.graph.query.engine import preset_text, run_query

PAGES = {
    "shaanxi.txt": "耀州区总工会举办职工技能大赛\n"
                   "本报讯（记者 李明华）近日，耀州区总工会在耀州区职工活动中心举办职工技能大赛，"
                   "区总工会主席王建国出席并讲话，副主席赵红梅主持。\n",
    "beijing.txt": "市总工会调研组赴东城区调研\n"
                   "本报讯（记者 周晓东）近日，北京市总工会副主席孙立平带队赴东城区调研基层工会建设工作，"
                   "东城区总工会主席钱文华陪同。\n",
    "zhejiang.txt": "萧山区总工会召开会员代表大会\n"
                    "本报讯 近日，杭州市萧山区总工会召开会员代表大会，区总工会主席吴海燕作工作报告，副主席郑志刚主持。\n",
}


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    from unionkg.pipelines.run.build import run_build

    pages = tmp_path_factory.mktemp("place-pages")
    for name, text in PAGES.items():
        (pages / name).write_text(text, "utf-8")
    out = tmp_path_factory.mktemp("place-build")
    run_build([pages], out, workers=1)
    return out / "graph.ttl"


def rows(ttl, preset: str, **bindings) -> list[dict]:
    header, found = run_query(ttl, preset_text(preset), bindings)
    return [dict(zip(header, row)) for row in found]


def places_of(ttl, name: str) -> set[str]:
    return {r["place"] for r in rows(ttl, "events-at", name=name)}


def test_events_at_a_city_finds_the_events_of_its_districts(graph):
    # 铜川市 and 陕西省 are never printed: the division table puts 耀州区 under them
    assert places_of(graph, "铜川市") == {"耀州区"}
    assert places_of(graph, "陕西省") == {"耀州区"}
    assert places_of(graph, "北京市") == {"东城区"}
    assert places_of(graph, "浙江省") == {"萧山区"}
    assert places_of(graph, "中国") == {"耀州区", "东城区", "萧山区"}
    assert places_of(graph, "东城区") == {"东城区"}
    assert rows(graph, "events-at", name="天津市") == []


def test_events_have_labels_that_say_what_happened(graph):
    labels = {r["event"] for r in rows(graph, "events-at", name="中国")}
    assert "耀州区总工会举办职工技能大赛" in labels
    assert "萧山区总工会召开会员代表大会" in labels


def test_divisions_only_the_table_supplies_are_no_mentioned_places(graph):
    header, found = run_query(graph, """
        SELECT ?name ?type WHERE { ?p rdfs:label ?name ; a ?type .
          FILTER(?type IN (schema:Place, schema:AdministrativeArea)) }""")
    types = {name: kind for name, kind in found}
    assert types["铜川市"].endswith("AdministrativeArea") and types["陕西省"].endswith("AdministrativeArea")
    assert types["耀州区"].endswith("Place") and types["东城区"].endswith("Place")
    header, found = run_query(graph, """
        SELECT ?name WHERE { ?p a schema:AdministrativeArea ; rdfs:label ?name . ?a schema:mentions ?p }""")
    assert list(found) == []
