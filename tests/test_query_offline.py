"""No query reaches the network: a listener on 127.0.0.1 must receive nothing, whatever the spelling."""
from __future__ import annotations

import http.server
import subprocess
import sys
import threading

import pytest

from unionkg.graph.query.engine import QueryError, run_query
from unionkg.graph.readwrite.rdf import write_turtle
from sample_corpus import make_corpus


class _Listener(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def _answer(self):
        type(self).requests.append(f"{self.command} {self.path}")
        body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":"LEAKED"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def endpoint():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Listener)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()


@pytest.fixture(scope="module")
def ttl(tmp_path_factory):
    path = tmp_path_factory.mktemp("offline") / "graph.ttl"
    write_turtle(make_corpus(), path)
    return path


SPELLINGS = [
    "SELECT * WHERE { SERVICE <{E}> { ?s ?p ?o } }",
    "select * where { service silent <{E}> { ?s ?p ?o } }",
    "SELECT * WHERE { SeRvIcE <{E}> { ?s ?p ?o } }",
    # the escapes in a local name that used to blank the rest of the line
    "SELECT * WHERE { OPTIONAL { ?x schema:a\\# ?y } SERVICE <{E}> { ?s ?p ?o } }",
    "SELECT * WHERE { OPTIONAL { ?x schema:a\\' ?y } SERVICE <{E}> { ?s ?p ?o } }",
    "SELECT * WHERE { OPTIONAL { ?x schema:a\\\" ?y } SERVICE <{E}> { ?s ?p ?o } }",
    "SELECT * WHERE { OPTIONAL { ?x schema:a%23 ?y } SERVICE <{E}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o }SERVICE<{E}>{?a ?b ?c}",
    "SELECT * WHERE {?s ?p ?o}SERVICE<{E}>{?a ?b ?c}",
    "SELECT * WHERE { # a comment\n SERVICE <{E}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p \"x\" . SERVICE <{E}> { ?a ?b ?c } } # SERVICE in a comment too",
    "PREFIX ep: <{E}#> SELECT * WHERE { SERVICE ep: { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?e { <{E}> } SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z FILTER EXISTS { SERVICE <{E}> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <{E}> { ?s ?p ?o } } } }",
    "SELECT * WHERE { { ?x ?y ?z } UNION { SERVICE <{E}> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?x ?y ?z MINUS { SERVICE <{E}> { ?s ?p ?o } } }",
    "ASK { SERVICE <{E}> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{E}> { ?s ?p ?o } }",
    "DESCRIBE ?s WHERE { SERVICE <{E}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p 1SERVICE <{E}> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s rdfs:label \"a\"@zh SERVICE <{E}> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?o . SERVICE\t<{E}>\n{ ?a ?b ?c } }",
    "SELECT * WHERE { \\u0053ERVICE <{E}> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_query_federation_is_refused_and_nothing_is_sent(ttl, endpoint, spelling):
    _Listener.requests.clear()
    text = spelling.replace("{E}", endpoint)
    with pytest.raises(QueryError):
        run_query(ttl, text)
    assert _Listener.requests == []


def test_query_the_listener_would_have_answered(endpoint):
    """The test is honest: the engine does reach the listener when nothing stops it."""
    import pyoxigraph as ox

    _Listener.requests.clear()
    list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"))
    assert _Listener.requests == ["POST /sparql"]


def test_query_federation_is_refused_from_the_command_line(ttl, endpoint):
    _Listener.requests.clear()
    text = SPELLINGS[3].replace("{E}", endpoint)
    done = subprocess.run([sys.executable, "-c", "from unionkg.pipelines.run.cli import app; app()", "query", str(ttl), text],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "SERVICE is refused" in done.stderr and "LEAKED" not in done.stdout
    assert _Listener.requests == []


@pytest.mark.parametrize("text", [
    'SELECT ?service WHERE { ?service rdfs:label ?l FILTER(STR(?l) != "SERVICE") }',
    "SELECT ?s WHERE { ?s rdfs:label ?l FILTER(?s != <urn:x:SERVICE>) } # SERVICE <http://x/>",
    "PREFIX service: <urn:service:> SELECT ?s WHERE { ?s rdfs:label ?l FILTER(?s != service:Service) }",
    "SELECT ?s WHERE { ?s rdfs:label ?l FILTER(?s != schema:service) }",
    "SELECT ?s WHERE { ?s rdfs:label ?l FILTER(LANG(?l) != 'x-service') }",
])
def test_query_the_word_service_elsewhere_still_runs(ttl, text):
    header, rows = run_query(ttl, text)
    assert rows


def test_query_refusal_says_why(ttl, endpoint):
    with pytest.raises(QueryError, match="SERVICE is refused: .*; the query calls a remote endpoint$"):
        run_query(ttl, SPELLINGS[3].replace("{E}", endpoint))
    with pytest.raises(QueryError, match="or the query is malformed"):
        run_query(ttl, f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p }} }}")
