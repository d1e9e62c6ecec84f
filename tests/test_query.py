"""SPARQL over a built graph: presets, bindings, refusals, errors and output formats."""
from __future__ import annotations

import csv
import io
import json

import pytest

from unionkg.graph.query.engine import (
    QueryError,
    format_csv,
    format_json,
    format_table,
    list_presets,
    load_graph,
    preset_text,
    run_query,
    text_width,
)
from unionkg.graph.readwrite.rdf import write_ntriples, write_turtle
from sample_corpus import make_corpus

PRESETS = ["bodies-under", "co-mentioned", "events-at", "met-between", "people-of", "posts-of", "roles-of", "timeline",
           "who-met-whom"]


@pytest.fixture(scope="module")
def ttl(tmp_path_factory):
    path = tmp_path_factory.mktemp("query") / "graph.ttl"
    write_turtle(make_corpus(), path)
    return path


def rows_of(ttl, preset, **bindings):
    header, rows = run_query(ttl, preset_text(preset), bindings or None)
    return [dict(zip(header, row)) for row in rows]


def test_query_presets_are_listed_with_descriptions():
    presets = list_presets()
    assert [name for name, _ in presets] == PRESETS
    for name, description in presets:
        assert len(description) > 20, name
        assert preset_text(name).lstrip().startswith("#")


def test_query_unknown_preset_is_a_key_error():
    with pytest.raises(KeyError):
        preset_text("no-such-query")


@pytest.mark.parametrize("preset", PRESETS)
def test_query_every_preset_runs_unbound_and_bound(ttl, preset):
    header, _ = run_query(ttl, preset_text(preset))
    assert header[0] == "name"
    run_query(ttl, preset_text(preset), {"name": "张良"})


def test_query_who_met_whom_for_one_person(ttl):
    met = {r["met"] for r in rows_of(ttl, "who-met-whom", name="张良")}
    assert met == {"道佩·阿伦", "张文涛"}
    assert rows_of(ttl, "who-met-whom", name="习近平") == []


def test_query_who_met_whom_lists_every_pair_from_both_sides(ttl):
    pairs = {(r["name"], r["met"]) for r in rows_of(ttl, "who-met-whom")}
    assert ("张良", "道佩·阿伦") in pairs and ("道佩·阿伦", "张良") in pairs
    assert len(pairs) == 6  # three people at one event
    assert all(r["events"] == "1" for r in rows_of(ttl, "who-met-whom"))


def test_query_roles_of_a_person(ttl):
    roles = {(r["title"], r["organization"]) for r in rows_of(ttl, "roles-of", name="张良")}
    assert roles == {("党组书记", "北京市总工会"), ("副主席", "北京市总工会")}
    assert rows_of(ttl, "roles-of", name="任洁") == [{"name": "任洁", "title": "记者", "organization": "", "sources": "1"}]


def test_query_people_of_a_body_by_alias(ttl):
    people = {(r["person"], r["title"]) for r in rows_of(ttl, "people-of", name="市总工会")}
    assert people == {("张良", "党组书记"), ("张良", "副主席"), ("张文涛", "副主席")}


def test_query_bodies_under_a_body_at_any_depth(tmp_path):
    from unionkg.graph.corpus import Entity, Structure

    corpus = make_corpus()
    corpus.entities["org/羽毛球队"] = Entity("org/羽毛球队", "ORG", "羽毛球队", [], 1, ["p1"], ["p1#0"])
    corpus.structure.append(Structure("part_of", "org/羽毛球队", "org/北京职工体育服务中心"))
    path = tmp_path / "g.ttl"
    write_turtle(corpus, path)
    rows = {(r["body"], r["parent"]) for r in rows_of(path, "bodies-under", name="北京市总工会")}
    assert rows == {("北京职工体育服务中心", "北京市总工会"), ("羽毛球队", "北京职工体育服务中心")}


def test_query_events_at_a_place_include_places_inside_it(tmp_path):
    corpus = make_corpus()
    corpus.events[0].location = "place/万象"
    path = tmp_path / "g.ttl"
    write_turtle(corpus, path)
    rows = rows_of(path, "events-at", name="老挝")  # 万象 is contained in 老挝
    assert len(rows) == 1
    assert rows[0]["place"] == "万象" and rows[0]["event"] == "会见" and rows[0]["date"] == "4月23日"
    assert set(rows[0]["attendees"].split("、")) == {"张良", "道佩·阿伦", "张文涛"}
    assert rows_of(path, "events-at", name="北京") == []


def test_query_co_mentioned_counts_articles(ttl):
    rows = {r["other"]: int(r["articles"]) for r in rows_of(ttl, "co-mentioned", name="北京市总工会")}
    assert rows["张良"] == 1 and rows["中华全国总工会"] == 1
    assert "北京" not in rows  # places are not persons or bodies
    assert "北京市总工会" not in rows


def test_query_ntriples_and_turtle_give_the_same_answers(ttl, tmp_path):
    nt = tmp_path / "graph.nt"
    write_ntriples(make_corpus(), nt)
    for preset in PRESETS:
        assert run_query(nt, preset_text(preset)) == run_query(ttl, preset_text(preset))


def test_query_binding_is_not_string_formatting(ttl):
    # a value that would break out of a quoted string if it were pasted into the text
    assert rows_of(ttl, "roles-of", name='张良" } UNION { ?s ?p ?o } #') == []


def test_query_custom_query_with_default_prefixes_and_ask(ttl):
    header, rows = run_query(ttl, "SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:Person }")
    assert header == ["n"] and rows == [["6"]]
    assert run_query(ttl, "ASK { ?m a org:Membership }") == (["ask"], [["true"]])


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_query_service_is_refused(ttl, text):
    with pytest.raises(QueryError, match="SERVICE is refused"):
        run_query(ttl, text)


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX x: <urn:x#>\nDELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <urn:g>",
    ],
)
def test_query_updates_are_refused(ttl, text):
    with pytest.raises(QueryError, match="refused"):
        run_query(ttl, text)


def test_query_keywords_inside_strings_iris_and_names_are_not_refused(ttl):
    text = (
        'SELECT ?service WHERE { ?service rdfs:label ?l . '
        'FILTER(STR(?l) != "SERVICE LOAD INSERT") FILTER(?service != <urn:service:insert>) } # LOAD'
    )
    header, rows = run_query(ttl, text)
    assert header == ["service"] and rows


def test_query_malformed_query_reports_the_position_on_one_line(ttl):
    with pytest.raises(QueryError) as err:
        run_query(ttl, "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER( }")
    message = str(err.value)
    assert "line 3, column" in message and "\n" not in message


def test_query_binding_an_unselected_variable_is_an_error(ttl):
    with pytest.raises(QueryError, match=r"\?who"):
        run_query(ttl, "SELECT ?s WHERE { ?s ?p ?o }", {"who": "张良"})


def test_query_bad_graph_files_are_query_errors(tmp_path):
    with pytest.raises(QueryError, match="No such file|no such"):
        load_graph(tmp_path / "missing.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(QueryError, match="bad.ttl"):
        load_graph(bad)
    other = tmp_path / "graph.xyz"
    other.write_text("", encoding="utf-8")
    with pytest.raises(QueryError, match="unknown RDF format"):
        load_graph(other)


def test_query_load_graph_reloads_a_changed_file(tmp_path):
    path = tmp_path / "g.nt"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert len(load_graph(path)) == 1
    path.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> <urn:d> .\n", encoding="utf-8")
    assert len(load_graph(path)) == 2


@pytest.mark.parametrize("text,width", [("abc", 3), ("张良", 4), ("道佩·阿伦", 9), ("ＡＢ", 4), ("é", 1), ("", 0)])
def test_query_text_width_counts_wide_characters_twice(text, width):
    assert text_width(text) == width


def test_query_format_table_aligns_chinese_columns():
    table = format_table(["name", "met"], [["张良", "道佩·阿伦"], ["Bob", "x"], ["一二三四五", "多行\n文本"]])
    lines = table.splitlines()
    assert lines[-1] == "(3 rows)"
    second_column = [text_width(line[: line.index(cell)]) for line, cell in zip(lines[2:5], ["道佩", "x", "多行"])]
    assert len(set(second_column)) == 1  # every row's second cell starts at the same screen column
    assert text_width(lines[1].split("  ")[0]) == text_width("一二三四五")


def test_query_format_csv_and_json_round_trip():
    header, rows = ["a", "b"], [["张良", 'say "hi", ok'], ["x", ""]]
    assert list(csv.reader(io.StringIO(format_csv(header, rows)))) == [header] + rows
    assert json.loads(format_json(header, rows)) == [{"a": "张良", "b": 'say "hi", ok'}, {"a": "x", "b": ""}]
    assert "张良" in format_json(header, rows)  # not \u-escaped


def test_gzipped_ntriples_load_and_a_truncated_one_is_named(tmp_path):
    import gzip

    from unionkg.graph.query.engine import QueryError, run_query

    lines = b'<urn:x:a> <https://schema.org/name> "\xe5\xbc\xa0"@zh .\n<urn:x:b> <https://schema.org/name> "b" .\n'
    good = tmp_path / "graph.nt.gz"
    good.write_bytes(gzip.compress(lines))
    header, rows = run_query(good, "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s")
    assert [row[0] for row in rows] == ["urn:x:a", "urn:x:b"]
    bad = tmp_path / "cut.nt.gz"
    bad.write_bytes(gzip.compress(lines * 200)[:60])
    with pytest.raises(QueryError) as err:
        run_query(bad, "SELECT ?s WHERE { ?s ?p ?o }")
    assert str(bad) in str(err.value)
