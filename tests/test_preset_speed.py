"""Presets that start from a bound name (graph/query/binding.py): the same rows as without the
placeholder filled, bound and unbound forms that agree, and names that are bound as data whatever
characters they hold. Correctness only: the latencies are benchmarks/presets.py's."""
from __future__ import annotations

import csv
import dataclasses
import io

import pyoxigraph as ox
import pytest

from unionkg.graph.corpus import Entity, Membership
from unionkg.graph.query.binding import bind_query
from unionkg.graph.query.engine import list_presets, load_graph, preset_text, query_rows, run_query
from unionkg.graph.readwrite.rdf import PREFIXES, write_ntriples
from unionkg.graph.serve.workers import QueryRequest, _answer
from sample_corpus import make_corpus

PRESETS = [name for name, _ in list_presets()]
# Names no query text could hold as they are: quotes, backslashes, newlines, braces, an attempt
# to close the VALUES block and match everything, a comment sign.
ODD_NAMES = ['王"一"', "李\\二", "赵\n三", '钱} . ?s ?p ?o . {', '孙" } ?s ?p ?o { "', "周 # 五"]


def _odd_corpus():
    corpus = make_corpus()
    event = corpus.events[0]
    for number, name in enumerate(ODD_NAMES):
        entity_id = f"person/odd{number}"
        corpus.entities[entity_id] = Entity(entity_id, "PERSON", name, [name + "别名"], 1, ["p1"], ["p1#0"])
        corpus.memberships.append(Membership(entity_id, "union/北京市总工会", "委员", list(corpus.memberships[0].evidence)))
        event = dataclasses.replace(event, attendees=[*event.attendees, entity_id])
    corpus.events[0] = event
    return corpus


@pytest.fixture(scope="module")
def odd_graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("preset-speed") / "graph.nt"
    write_ntriples(_odd_corpus(), path)
    return load_graph(path)


def _names(store) -> list[str]:
    """Every label and alias in the graph, as plain text."""
    _, rows = run_query(store, "SELECT DISTINCT ?name WHERE { ?x rdfs:label|skos:altLabel ?l BIND(STR(?l) AS ?name) }")
    return sorted(row[0] for row in rows)


def _unfilled(store, text: str, bindings: dict) -> list[list[str]]:
    """The rows with the placeholder left as it is: substitutions only, as before the binding."""
    substitutions = {ox.Variable(k): ox.Literal(v) for k, v in bindings.items()}
    result = store.query(text, prefixes=dict(PREFIXES), substitutions=substitutions)
    names = [v.value for v in result.variables]
    return sorted([[("" if s[n] is None else s[n].value) for n in names] for s in result])


def test_every_preset_has_a_placeholder_it_fills():
    for preset in PRESETS:
        if preset == "timeline":  # its place is optional: matched inside a FILTER EXISTS per event
            continue
        text = preset_text(preset)
        filled = bind_query(text, {ox.Variable("name"): ox.Literal("某")})
        assert "VALUES ?name_label { UNDEF }" in text, preset
        assert 'VALUES ?name_label { "某"@zh "某" }' in filled, preset


@pytest.mark.parametrize("preset", PRESETS)
def test_filled_placeholder_gives_the_same_rows_for_every_name(odd_graph, preset):
    text = preset_text(preset)
    found = 0
    for name in _names(odd_graph):
        rows = sorted(run_query(odd_graph, text, {"name": name})[1])
        assert rows == _unfilled(odd_graph, text, {"name": name}), (preset, name)
        found += bool(rows)
    if preset not in ("met-between", "timeline"):  # the small corpus has no dated event
        assert found, f"{preset} answers for no name: the comparison tested nothing"


@pytest.mark.parametrize("preset", ["who-met-whom", "co-mentioned"])
def test_bound_rows_are_the_unbound_rows_of_that_name(odd_graph, preset):
    text = preset_text(preset)
    _, unbound = run_query(odd_graph, text)
    for name in _names(odd_graph):
        bound = run_query(odd_graph, text, {"name": name})[1]
        assert sorted(bound) == sorted(row for row in unbound if row[0] == name), name


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_names_are_bound_as_data(odd_graph, name):
    met = {row[1] for row in run_query(odd_graph, preset_text("who-met-whom"), {"name": name})[1]}
    assert {"张良", "道佩·阿伦", "张文涛"} <= met and name not in met
    roles = run_query(odd_graph, preset_text("roles-of"), {"name": name + "别名"})[1]
    assert [(row[0], row[1], row[2]) for row in roles] == [(name + "别名", "委员", "北京市总工会")]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_a_filled_block_holds_exactly_the_bound_text(name):
    filled = bind_query("SELECT ?name_label WHERE { VALUES ?name_label { UNDEF } }",
                        {ox.Variable("name"): ox.Literal(name)})
    values = [solution["name_label"] for solution in ox.Store().query(filled)]
    assert values == [ox.Literal(name, language="zh"), ox.Literal(name)]


def test_placeholders_in_strings_and_comments_are_not_code():
    text = ('SELECT ?s WHERE {\n  # VALUES ?name_label { UNDEF }\n'
            '  BIND("VALUES ?name_label { UNDEF }" AS ?s)\n  VALUES ?name_label { UNDEF }\n}')
    filled = bind_query(text, {ox.Variable("name"): ox.Literal('x" } ?a ?b ?c { "')})
    assert filled.count("VALUES ?name_label { UNDEF }") == 2
    assert [s["s"].value for s in ox.Store().query(filled)] == ["VALUES ?name_label { UNDEF }"] * 2


def test_unbound_or_non_string_parameters_leave_the_placeholder():
    text = preset_text("who-met-whom")
    assert bind_query(text, {}) == text
    assert bind_query(text, {ox.Variable("other"): ox.Literal("x")}) == text
    assert bind_query(text, {ox.Variable("name"): ox.NamedNode("urn:x")}) == text
    assert bind_query(text, {ox.Variable("name"): ox.Literal("1", datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))}) == text


class _Pipe:
    def __init__(self) -> None:
        self.sent = []

    def send(self, message) -> None:
        self.sent.append(message)


@pytest.mark.parametrize("value", ["张良", '"张良"', ODD_NAMES[3]])
def test_the_endpoint_binds_as_the_command_line_does(odd_graph, value, monkeypatch):
    from unionkg.graph.serve import workers

    filled = []
    monkeypatch.setattr(workers, "bind_query", lambda text, subs: filled.append(bind_query(text, subs)) or filled[-1])
    pipe = _Pipe()
    request = QueryRequest(query=preset_text("who-met-whom"), accept="text/csv", limit=None, substitutions={"name": value})
    _answer(odd_graph, request, pipe)
    assert pipe.sent[0][0] == "head" and pipe.sent[-1][0] == "end", pipe.sent
    served = b"".join(payload for kind, payload in pipe.sent if kind == "data").decode("utf-8")
    name = value.strip('"') if value.startswith('"') else value
    expected = run_query(odd_graph, preset_text("who-met-whom"), {"name": name})[1]
    assert expected and sorted(list(csv.reader(io.StringIO(served)))[1:]) == sorted(expected)
    assert len(filled) == 1 and 'VALUES ?name_label { "' in filled[0]
