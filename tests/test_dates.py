"""Dates: of pages (manifest, --date, printed header, path), of events in the text (resolved against
the page's date), and on everything downstream (records, RDF, SPARQL presets, entity graph, GEXF).

The dated pages are our own, in tests/fixtures/dated/: a manifest page (4月23日, 2023), a page
dated by its header (2024年1月10日 星期三, 昨天), one by its folder (2023-05-08, 上周五), an
undated one (近日), and one dated by --date (日前)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib import RDF, Literal
from rdflib.namespace import SDO, XSD

from unionkg.graph.model import build_graph
from unionkg.graph.query.engine import preset_text, run_query
from unionkg.graph.readwrite.vocab import UKG
from unionkg.graph.records import ArticleRecord, EventRecord, PageRecord, page_from_dict, to_json
from unionkg.pipelines.nlp.dates import date_events, find_date_phrase, lede_date_phrase, resolve_date_phrase
from unionkg.pipelines.read.dates import (
    ManifestError,
    PageDating,
    checked_date,
    date_page,
    path_date,
    printed_page_date,
    read_manifest,
)

from graphology import needs_graphology

DATED = Path(__file__).parent / "fixtures" / "dated"
MANIFEST = DATED / "pages.csv"


# -- dates in the text ---------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, page, expected", [
    ("2023年4月25日", "", ("2023-04-25", "day")),  # a full date needs no page date
    ("2023-4-25", "", ("2023-04-25", "day")),
    ("2023年4月", "", ("2023-04-01", "month")),
    ("4月23日", "2023-04-25", ("2023-04-23", "day")),
    ("12月30日", "2024-01-10", ("2023-12-30", "day")),  # a month after the page's: the year before
    ("4月28日", "2023-04-25", ("2023-04-28", "day")),  # same month, later day: still the page's year
    ("23日", "2023-04-25", ("2023-04-23", "day")),
    ("今年5月", "2023-06-30", ("2023-05-01", "month")),
    ("去年5月3日", "2023-06-30", ("2022-05-03", "day")),
    ("昨天", "2024-01-01", ("2023-12-31", "day")),
    ("昨日", "2023-04-25", ("2023-04-24", "day")),
    ("前天", "2023-03-01", ("2023-02-27", "day")),
    ("上周五", "2023-05-08", ("2023-05-05", "day")),  # the page is a Monday
    ("上星期一", "2023-05-07", ("2023-04-24", "day")),  # a Sunday: its week began 05-01
    ("近日", "2023-04-25", ("2023-04-25", "around")),
    ("日前", "2023-04-25", ("2023-04-25", "around")),
])
def test_text_dates_resolve_against_the_page_date(phrase, page, expected):
    assert find_date_phrase(f"本报讯 {phrase}，某会召开。") == phrase
    assert resolve_date_phrase(phrase, page) == expected


@pytest.mark.parametrize("phrase", ["4月23日", "23日", "昨天", "上周五", "近日", "今年5月"])
def test_text_dates_needing_the_page_date_stay_unresolved_on_an_undated_page(phrase):
    assert resolve_date_phrase(phrase, "") == ("", "")


def test_text_dates_that_are_no_day_are_not_resolved():
    assert resolve_date_phrase("2月30日", "2023-04-25") == ("", "")
    assert resolve_date_phrase("31日", "2023-04-25") == ("", "")  # April has 30 days
    assert resolve_date_phrase("本周", "2023-04-25") == ("", "")


@pytest.mark.parametrize("text, expected", [
    ("春节日前，职工们忙着准备。", ""),  # 节日前: before the festival
    ("前天津市某局局长出席。", ""),  # 前 + 天津
    ("近年来，某会多次开展活动。", ""),
    ("3日内完成登记。", ""),
    ("记者昨天从某会获悉，某厂近日召开职代会。", "近日"),  # when the reporter learned it is skipped
    ("2023年4月25日上午，某会召开。", "2023年4月25日"),  # the whole date, not its 4月25日
    ("某线预计2017年12月通车，5月3日，某会召开。", "5月3日"),  # a plan's date is not the event's
    ("截至3月31日，某会已发放慰问金。", ""),
])
def test_text_date_phrases_are_found_only_where_they_are_dates(text, expected):
    assert find_date_phrase(text) == expected


def test_text_date_of_an_event_is_looked_for_in_the_lede_only():
    lede = "本报讯 某会召开座谈会，与会者发言。" + "会上，" * 30 + "5月1日起施行新办法。"
    assert lede_date_phrase(lede) == ""
    assert lede_date_phrase("短讯。4月2日，某会召开。") == "4月2日"  # a lede under 80 characters: the first 80


def _page(date: str, phrases: list[str]) -> PageRecord:
    events = [EventRecord("召开", ["甲乙"], date=p) for p in phrases]
    article = ArticleRecord("p", "p.txt", 0, "标题", "", 0, 10, events=events)
    return PageRecord("p", "p.txt", "", "utf-8", 10, [article], date=date)


def test_events_take_the_article_date_when_the_text_gives_none():
    page = _page("2023-04-25", ["", "2月30日", "近日"])
    date_events(page)
    assert page.articles[0].date == "2023-04-25"
    got = [(e.date, e.iso_date, e.date_precision) for e in page.articles[0].events]
    assert got == [("", "2023-04-25", "article"), ("2月30日", "2023-04-25", "article"),
                   ("近日", "2023-04-25", "around")]


def test_events_of_an_undated_page_keep_only_printed_calendar_days():
    page = _page("", ["4月23日", "近日", "昨天", "2023年4月25日"])
    date_events(page)
    got = [(e.date, e.iso_date, e.date_precision) for e in page.articles[0].events]
    assert got == [("4月23日", "", ""), ("", "", ""), ("", "", ""), ("2023年4月25日", "2023-04-25", "day")]


# -- page dates ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2023年4月25日 星期二\n\n标题\n\n本报讯 近日，某会召开。", "2023-04-25"),
    ("职工日报  2023-04-25  第3版\n标题", "2023-04-25"),
    ("\n\n某报\n2023年4月25日\n标题", "2023-04-25"),
    ("发布时间：2019/11/29\n标题", "2019-11-29"),
    ("标题\n\n本报讯 2023年4月25日，某会召开座谈会。", ""),  # in a sentence: the event's, not the page's
    ("标题\n" + "段落\n" * 8 + "2023年4月25日", ""),  # not among the header lines
    ("2023年2月30日 星期二\n标题", ""),  # no such day
])
def test_page_date_printed_in_the_header(text, expected):
    assert printed_page_date(text) == expected


@pytest.mark.parametrize("name, expected", [
    ("2023-04-25.txt", "2023-04-25"),
    ("paper_20230425_03.txt", "2023-04-25"),
    ("2023/04/25/page3.txt", "2023-04-25"),
    ("2023/0425/page3.txt", "2023-04-25"),
    ("2023_04_25-a.txt", "2023-04-25"),
    ("2023/04/page3.txt", ""),  # no day: never guessed
    ("20231345.txt", ""),
    ("003_2f9c6d379adf344b.txt", ""),
    ("000_a1b2c3d420230425e5f6.txt", ""),  # inside a hash
])
def test_page_date_from_the_path(name, expected):
    assert path_date(name) == expected


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_manifest_rows_are_read_relative_to_its_folder(tmp_path):
    rows = read_manifest(MANIFEST)
    row = rows[(DATED / "m" / "one.txt").resolve()]
    assert (row.date, row.outlet, row.page, row.name) == ("2023-04-25", "职工日报", "3", "m/one.txt")
    assert rows[(DATED / "u" / "four.txt").resolve()].date == ""


@pytest.mark.parametrize("text, message", [
    ("path,date\na.txt,2023-04-31\n", r"pages.csv line 2 \(a.txt\): '2023-04-31' is not a date written YYYY-MM-DD"),
    ("path,date\na.txt,2023/04/25\n", r"line 2 \(a.txt\): '2023/04/25'"),
    ("path,when\na.txt,2023-04-25\n", r"line 1: expected the columns path,date\[,outlet,page\]; missing date"),
    ("path,date,editor\na.txt,2023-04-25,x\n", r"line 1: .*unknown column 'editor'"),
    ("path,date\na.txt,2023-04-25\n\nb.txt,\na.txt,\n", r"line 5: a.txt is listed twice \(first on line 2\)"),
    ("path,date\n,2023-04-25\n", r"line 2: no path"),
    ("", r"the manifest is empty"),
])
def test_manifest_errors_name_the_row(tmp_path, text, message):
    with pytest.raises(ManifestError, match=message):
        read_manifest(_write(tmp_path / "pages.csv", text))


def test_date_option_must_be_a_day():
    assert checked_date("2024-02-29", "--date") == "2024-02-29"
    with pytest.raises(ManifestError, match="--date: '2023-02-29' is not a date"):
        checked_date("2023-02-29", "--date")


def test_page_date_sources_in_order(tmp_path):
    page_file = _write(tmp_path / "2022-01-05.txt", "x")
    dating = PageDating(read_manifest(_write(tmp_path / "m.csv", "path,date,outlet\n2022-01-05.txt,2021-12-31,某报\n")),
                        "2023-06-30")

    def dated(dating, printed=""):
        record = PageRecord("2022-01-05", "2022-01-05.txt", "", "utf-8", 1, date=printed,
                            date_source="page" if printed else "")
        date_page(record, page_file, dating)
        return record.date, record.date_source, record.outlet

    assert dated(dating, "2020-01-01") == ("2021-12-31", "manifest", "某报")
    assert dated(PageDating({}, "2023-06-30"), "2020-01-01") == ("2023-06-30", "option", "")
    assert dated(PageDating(), "2020-01-01") == ("2020-01-01", "page", "")
    assert dated(PageDating()) == ("2022-01-05", "path", "")
    assert dated(None) == ("2022-01-05", "path", "")


def test_undated_records_read_and_write_as_before():
    page = _page("", [""])
    line = json.loads(to_json(page))
    assert "date" not in line and "date_source" not in line and "outlet" not in line
    assert "date" not in line["articles"][0] and "iso_date" not in line["articles"][0]["events"][0]
    assert page_from_dict(line) == page
    dated = _page("2023-04-25", ["近日"])
    date_events(dated)
    assert page_from_dict(json.loads(to_json(dated))) == dated


# -- end to end ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dated_build(tmp_path_factory):
    """The manifest's four pages (two years; one undated) and, apart, one page dated by --date."""
    from unionkg.pipelines.run.build import run_build

    out = tmp_path_factory.mktemp("dated")
    summary = run_build([], out / "manifest", workers=1, dating=PageDating(read_manifest(MANIFEST)))
    option = run_build([DATED / "g"], out / "option", workers=1, dating=PageDating({}, "2023-06-30"))
    return summary, out / "manifest", option, out / "option"


def _records(folder: Path) -> dict:
    return {p["page_id"]: p for p in map(json.loads, (folder / "records.jsonl").read_text(encoding="utf-8").splitlines())}


def test_dated_build_summary_and_page_sources(dated_build):
    summary, out, option, option_out = dated_build
    assert (summary.pages, summary.dated, option.dated) == (4, 3, 1)
    pages = _records(out)
    assert {k: (p.get("date", ""), p.get("date_source", "")) for k, p in pages.items()} == {
        "m/one": ("2023-04-25", "manifest"),
        "p/2023-05-08/two": ("2023-05-08", "path"),
        "h/three": ("2024-01-10", "page"),
        "u/four": ("", ""),
    }
    assert pages["m/one"]["outlet"] == "职工日报" and pages["m/one"]["page_number"] == "3"
    assert [p.get("date_source") for p in _records(option_out).values()] == ["option"]


def _event_dates(folder: Path) -> dict:
    g = rdflib.Graph().parse(folder / "graph.ttl")
    out = {}
    for ev in g.subjects(RDF.type, SDO.Event):
        article = next(a for a in g.objects(ev, rdflib.PROV.wasDerivedFrom) if (a, RDF.type, SDO.NewsArticle) in g)
        out[str(g.value(article, SDO.headline))] = (
            g.value(ev, SDO.startDate), str(g.value(ev, UKG.dateText) or ""), str(g.value(ev, UKG.datePrecision) or ""),
            g.value(article, SDO.datePublished))
    return out


def _day(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


def test_dated_build_rdf_events_and_articles(dated_build):
    _, out, _, option_out = dated_build
    assert _event_dates(out) == {
        "宁波市总工会与温州市总工会交流工作": (_day("2023-04-23"), "4月23日", "day", _day("2023-04-25")),
        "宁波市总工会召开职工代表座谈会": (_day("2024-01-09"), "昨天", "day", _day("2024-01-10")),
        "温州市总工会开展走访活动": (_day("2023-05-05"), "上周五", "day", _day("2023-05-08")),
        "杭州市总工会举办职工培训班": (None, "", "", None),  # undated: 近日 says nothing
    }
    assert list(_event_dates(option_out).values()) == [(_day("2023-06-30"), "日前", "around", _day("2023-06-30"))]


def test_dated_build_rdf_roles_are_observations(dated_build):
    _, out, _, _ = dated_build
    g = rdflib.Graph().parse(out / "graph.ttl")
    person = next(g.subjects(rdflib.RDFS.label, Literal("陈立新", lang="zh")))
    reported = {(g.value(m, UKG.firstReported), g.value(m, UKG.lastReported))
                for m in g.subjects(rdflib.ORG.member, person)}
    assert reported == {(_day("2023-04-25"), _day("2024-01-10"))}
    page = next(s for s in g.subjects(UKG.sourceFile, Literal("m/one.txt")))
    assert g.value(page, SDO.datePublished) == _day("2023-04-25")
    assert str(g.value(page, UKG.dateSource)) == "manifest" and str(g.value(page, UKG.outlet)) == "职工日报"
    assert not list(g.subjects(rdflib.ORG.memberDuring, None))  # never a start date


def _query(out: Path, preset: str, **params) -> list[dict]:
    header, rows = run_query(out / "graph.ttl", preset_text(preset), params)
    return [dict(zip(header, row)) for row in rows]


def test_dated_build_presets(dated_build):
    _, out, _, _ = dated_build
    met = _query(out, "met-between", **{"from": "2023-04-01", "to": "2023-12-31"})
    assert {(r["date"], r["name"], r["met"]) for r in met} == {
        ("2023-04-23", a, b) for a in ("陈立新", "周海波", "吴春燕") for b in ("陈立新", "周海波", "吴春燕") if a != b
    } | {("2023-05-05", "周海波", "郑国平"), ("2023-05-05", "郑国平", "周海波")}
    assert [r["date"] for r in _query(out, "met-between", name="吴春燕", **{"from": "2024-01-01"})] == ["2024-01-09"]
    assert {r["date"] for r in _query(out, "met-between")} == {"2023-04-23", "2023-05-05", "2024-01-09"}
    posts = _query(out, "posts-of", name="陈立新")
    assert [(p["title"], p["organization"], p["first"], p["last"], p["sources"]) for p in posts] == [
        ("主席", "宁波市总工会", "2023-04-25", "2024-01-10", "2")]
    assert _query(out, "posts-of", name="陈立新", **{"from": "2024-02-01"}) == []
    undated = _query(out, "posts-of", name="林志强")
    assert [(p["first"], p["last"]) for p in undated] == [("", "")]
    timeline = _query(out, "timeline")
    assert [(r["date"], r["precision"]) for r in timeline] == [
        ("2023-04-23", "day"), ("2023-05-05", "day"), ("2024-01-09", "day")]
    assert [r["date"] for r in _query(out, "timeline", **{"from": "2023-05-01", "to": "2023-12-31"})] == ["2023-05-05"]


def test_dated_graph_edges_carry_iso_dates(dated_build):
    from unionkg.graph.resolve.resolve import resolve
    from unionkg.pipelines.run.build import read_records
    from unionkg.pipelines.settings import Settings

    G = build_graph(resolve(read_records(dated_build[1] / "records.jsonl"), Settings()))
    by_name = {d["name"]: n for n, d in G.nodes.items()}
    chen, zhou, wu = by_name["陈立新"], by_name["周海波"], by_name["吴春燕"]
    assert G.edge(*sorted((chen, wu)), "met")["dates"] == ["2023-04-23", "2024-01-09"]
    assert G.edge(*sorted((chen, zhou)), "co_mentioned")["dates"] == ["2023-04-25"]
    membership = next(G.edge(u, v, r) for u, v, r in G.keys if u == chen and r == "membership")
    assert membership["dates"] == ["2023-04-25", "2024-01-10"]
    assert (G.nodes[chen]["first_date"], G.nodes[chen]["last_date"]) == ("2023-04-23", "2024-01-10")
    assert "first_date" not in G.nodes[by_name["林志强"]]
    for u, v, relation, attrs in G.edges():
        assert attrs["dates"] == sorted(attrs["dates"]) and all(len(d) == 10 for d in attrs["dates"])


def test_dated_build_gexf_spells_in_networkx(dated_build):
    _, out, _, _ = dated_build
    H = nx.read_gexf(out / "graph.gexf")
    assert H.graph["mode"] == "dynamic"
    names = {d["label"]: n for n, d in H.nodes(data=True)}
    assert H.nodes[names["陈立新"]]["spells"] == [("2023-04-23", "2024-01-10")]
    assert "spells" not in H.nodes[names["林志强"]]  # undated: static
    met = H.edges[names["吴春燕"], names["陈立新"]] if H.has_edge(names["吴春燕"], names["陈立新"]) \
        else H.edges[names["陈立新"], names["吴春燕"]]
    assert met["spells"] == [("2023-04-23", "2023-04-23"), ("2024-01-09", "2024-01-09")]
    undated = [d for u, v, d in H.edges(data=True) if d["relation"] == "met" and names["林志强"] in (u, v)]
    assert undated and all("spells" not in d for d in undated)
    assert b'timeformat="date"' in (out / "graph.gexf").read_bytes()


GRAPHOLOGY_DATES = """
const fs = require('fs');
global.DOMParser = require('@xmldom/xmldom').DOMParser;
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const g = gexf.parse(Graph, fs.readFileSync(process.argv[1], 'utf8'));
const nodes = {};
g.forEachNode((n, a) => { nodes[a.label] = [a.first_date, a.last_date]; });
const met = g.filterEdges((e, a) => a.relation === 'met').map(e => g.getEdgeAttribute(e, 'dates')).sort();
console.log(JSON.stringify({order: g.order, size: g.size, nodes: nodes, met: met}));
"""


@needs_graphology
def test_dated_build_gexf_in_graphology(dated_build):
    _, out, _, _ = dated_build
    result = json.loads(subprocess.run(["node", "-e", GRAPHOLOGY_DATES, str(out / "graph.gexf")],
                                       capture_output=True, text=True, timeout=60, check=True).stdout)
    H = nx.read_gexf(out / "graph.gexf")
    assert result["order"] == H.number_of_nodes()
    assert result["nodes"]["陈立新"] == ["2023-04-23", "2024-01-10"]
    assert result["nodes"]["林志强"] == [None, None]  # undated: the empty values are left out
    assert "2023-04-23|2024-01-09" in result["met"] and None in result["met"]


def test_undated_graph_gexf_stays_static(sample_build):
    _, out = sample_build
    data = (out / "graph.gexf").read_bytes()
    assert b'mode="static"' in data and b"<spells>" not in data and b"timeformat" not in data


def test_cli_refuses_a_bad_manifest_or_date_before_writing(tmp_path):
    from typer.testing import CliRunner

    from unionkg.pipelines.run.cli import app

    runner = CliRunner()
    manifest = _write(tmp_path / "pages.csv", "path,date\nm/one.txt,2023-04-25\nu/four.txt,25.4.2023\n")
    result = runner.invoke(app, ["build", "--manifest", str(manifest), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "pages.csv line 3 (u/four.txt): '25.4.2023' is not a date" in result.output
    result = runner.invoke(app, ["build", "--date", "2023-4-25", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "--date: '2023-4-25' is not a date written YYYY-MM-DD" in result.output
    assert not (tmp_path / "out").exists()


def test_cli_manifest_row_naming_no_file_is_skipped(tmp_path):
    from typer.testing import CliRunner

    from unionkg.pipelines.run.cli import app

    shutil.copy(DATED / "u" / "four.txt", tmp_path / "four.txt")
    manifest = _write(tmp_path / "pages.csv", "path,date\nfour.txt,2023-04-25\ngone.txt,2023-04-26\n")
    result = CliRunner().invoke(app, ["build", "--manifest", str(manifest), "--out", str(tmp_path / "out"),
                                      "--workers", "1"])
    assert result.exit_code == 2, result.output
    assert "gone.txt: no such file (manifest line 3)" in result.output
    assert "dated     1 of 1 pages" in result.output
