"""`unionkg serve` against real clients: curl with each Accept, SPARQLWrapper, rdflib's SPARQLStore,
headless Chromium on the query page; refusals, the deadline and the row limit. The server runs in
its own process on a free loopback port."""
from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from servers import unionkg_serve

from unionkg.graph.query.engine import preset_text, run_query
from unionkg.graph.readwrite.rdf import PREFIXES

LIMIT = 100  # the server's --limit in these tests
TIMEOUT = 4.0  # its --timeout
PERSONS = "SELECT ?person ?name WHERE { ?person a schema:Person ; rdfs:label ?name } ORDER BY ?name"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CURL = shutil.which("curl")


@pytest.fixture(scope="module")
def graph_file(sample_build) -> Path:
    return sample_build[1] / "graph.nt.gz"


@pytest.fixture(scope="module")
def local(graph_file) -> ox.Store:
    store = ox.Store()
    store.bulk_load(input=gzip.decompress(graph_file.read_bytes()), format=ox.RdfFormat.N_TRIPLES)
    return store


@pytest.fixture(scope="module")
def server(sample_build, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    with unionkg_serve(sample_build[1], "--limit", str(LIMIT), "--timeout", str(TIMEOUT), "--workers", "2",
                       log=log) as (base, process):
        yield base, process


@pytest.fixture(scope="module")
def endpoint(server):
    return server[0] + "/sparql"


def workers_of(process) -> set[int]:
    """The server's child processes (each thread's: replacements are started from a helper thread)."""
    tasks = list(Path(f"/proc/{process.pid}/task").glob("*/children"))
    if not tasks:
        pytest.skip("needs Linux's /proc/PID/task/TID/children to see the query workers")
    pids = set()
    for path in tasks:
        try:
            pids.update(int(pid) for pid in path.read_text().split())
        except OSError:  # a thread that ended meanwhile
            pass
    return pids


def solutions(results) -> set[tuple]:
    return {tuple(None if s[v.value] is None else str(s[v.value]) for v in results.variables) for s in results}


def local_solutions(store: ox.Store, query: str) -> set[tuple]:
    return solutions(store.query(query, prefixes=dict(PREFIXES)))


# --- curl ---------------------------------------------------------------------------------------

needs_curl = pytest.mark.skipif(CURL is None, reason="curl not installed")


def curl(*args: str) -> tuple[int, dict, bytes]:
    out = subprocess.run([CURL, "-s", "-D", "-", *args], capture_output=True, timeout=120, check=True).stdout
    head, _, body = out.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


@needs_curl
@pytest.mark.parametrize("accept,fmt", [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/csv", ox.QueryResultsFormat.CSV),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
])
def test_curl_select_in_each_format_equals_the_local_query(endpoint, local, accept, fmt):
    status, headers, body = curl("-H", f"Accept: {accept}", "--data-urlencode", f"query={PERSONS}", endpoint)
    assert status == 200, body
    assert headers["content-type"].startswith(accept)
    results = local.query(PERSONS, prefixes=dict(PREFIXES))
    names = [v.value for v in results.variables]
    if fmt == ox.QueryResultsFormat.CSV:  # CSV keeps plain values only (pyoxigraph will not read it back)
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
        assert rows[0] == names
        got = {tuple(row) for row in rows[1:]}
        expected = {tuple(s[name].value for name in names) for s in results}
    else:
        got = solutions(ox.parse_query_results(body, fmt))
        expected = solutions(local.query(PERSONS, prefixes=dict(PREFIXES)))
    assert len(expected) == int(headers["x-unionkg-rows"]) <= LIMIT
    assert got == expected


@needs_curl
@pytest.mark.parametrize("fmt,accept", [(ox.QueryResultsFormat.TSV, "text/tab-separated-values"),
                                        (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
                                        (ox.QueryResultsFormat.XML, "application/sparql-results+xml")])
def test_numbers_languages_and_unbound_values_read_back_as_they_are(endpoint, local, fmt, accept):
    query = (r'SELECT DISTINCT ?type ?nothing (1.5 AS ?dec) (-2 AS ?int) (true AS ?flag) (1.0e3 AS ?dbl) '
             r'(STRLANG("x\t\"y\"", "zh") AS ?text) WHERE { ?x a ?type OPTIONAL { ?x <urn:none> ?nothing } }')
    status, _, body = curl("-H", f"Accept: {accept}", "--data-urlencode", f"query={query}", endpoint)
    assert status == 200, body
    assert solutions(ox.parse_query_results(body, fmt)) == local_solutions(local, query)


@needs_curl
def test_curl_get_post_form_and_direct_body_give_the_same_answer(endpoint):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    answers = [
        curl("-G", "--data-urlencode", f"query={query}", endpoint),
        curl("--data-urlencode", f"query={query}", endpoint),
        curl("-H", "Content-Type: application/sparql-query", "--data-binary", query, endpoint),
    ]
    assert {status for status, _, _ in answers} == {200}
    assert len({body for _, _, body in answers}) == 1


@needs_curl
@pytest.mark.parametrize("accept,fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                        ("application/rdf+xml", ox.RdfFormat.RDF_XML)])
def test_curl_construct_as_rdf(endpoint, local, accept, fmt):
    query = "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a schema:Person ; rdfs:label ?n }"
    status, headers, body = curl("-H", f"Accept: {accept}", "--data-urlencode", f"query={query}", endpoint)
    assert status == 200, body
    assert headers["content-type"].startswith(accept)
    got = {str(q.triple) for q in ox.parse(body, format=fmt)}
    expected = {str(t) for t in local.query(query, prefixes=dict(PREFIXES))}
    assert got == expected and 0 < len(got) <= LIMIT


@needs_curl
def test_curl_ask_and_unacceptable_type(endpoint):
    status, _, body = curl("-H", "Accept: application/sparql-results+json", "--data-urlencode",
                           "query=ASK { ?p a schema:Person }", endpoint)
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, _, body = curl("-H", "Accept: image/png", "--data-urlencode", f"query={PERSONS}", endpoint)
    assert status == 406 and b"text/csv" in body


# --- refusals, deadline, limit --------------------------------------------------------------------


@pytest.mark.parametrize("request_kwargs", [
    {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"content": "DELETE WHERE { ?s ?p ?o }", "headers": {"Content-Type": "application/sparql-update"}},
    {"data": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"data": {"query": "DROP ALL"}},
])
def test_updates_are_refused_with_403_and_the_graph_is_unchanged(endpoint, local, request_kwargs):
    answer = httpx.post(endpoint, timeout=60, **request_kwargs)
    assert answer.status_code == 403
    assert "read-only" in answer.text
    count = httpx.post(endpoint, data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                       headers={"Accept": "text/csv"}, timeout=60).text.split()[1]
    assert int(count) == len(local)


def test_service_is_refused(endpoint):
    answer = httpx.post(endpoint, data={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"},
                        timeout=60)
    assert answer.status_code == 403 and "SERVICE is refused" in answer.text


def test_malformed_query_is_400_with_its_position(endpoint):
    answer = httpx.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p }"}, timeout=60)
    assert answer.status_code == 400
    assert answer.text.startswith("malformed query at line 1, column")


def test_query_past_the_deadline_is_stopped_and_the_server_goes_on(endpoint, local):
    started = time.monotonic()
    answer = httpx.post(endpoint, data={"query": CARTESIAN}, timeout=120)
    took = time.monotonic() - started
    assert answer.status_code == 503, answer.text[:300]
    assert "deadline" in answer.text
    assert TIMEOUT <= took < TIMEOUT + 30  # stopped, not run to the end (which takes minutes)
    # both workers still answer (the killed one was replaced)
    for _ in range(4):
        again = httpx.post(endpoint, data={"query": "ASK { ?s ?p ?o }"}, timeout=60)
        assert again.status_code == 200 and again.json()["boolean"] is True


def test_workers_are_reused_and_only_a_timed_out_one_is_replaced(server, endpoint):
    _, process = server
    before = workers_of(process)
    assert len(before) == 2
    for _ in range(10):
        assert httpx.post(endpoint, data={"query": "ASK { ?s ?p ?o }"}, timeout=60).status_code == 200
    assert workers_of(process) == before  # a finished query leaves its worker in the pool
    assert httpx.post(endpoint, data={"query": CARTESIAN}, timeout=120).status_code == 503
    deadline = time.monotonic() + 60
    while (workers_of(process) == before or len(workers_of(process)) < 2) and time.monotonic() < deadline:
        time.sleep(0.2)  # the killed worker is reaped and its replacement started in the background
    after = workers_of(process)
    assert len(after) == 2 and len(after & before) == 1  # the one that ran it was killed and replaced


def test_row_limit_cuts_the_answer_and_says_so(endpoint, local):
    answer = httpx.post(endpoint, data={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=60)
    assert answer.status_code == 200
    assert len(answer.json()["results"]["bindings"]) == LIMIT < len(local)
    assert answer.headers["x-unionkg-limit-reached"] == str(LIMIT)
    small = httpx.post(endpoint, data={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}, timeout=60)
    assert "x-unionkg-limit-reached" not in small.headers and len(small.json()["results"]["bindings"]) == 3


def test_bound_name_gives_what_unionkg_query_gives(endpoint, graph_file):
    """``$name=`` binds ?name as ``unionkg query --param name=…`` does (RDF4J's protocol extension)."""
    header, rows = run_query(graph_file, preset_text("roles-of"), {"name": "张良"})
    answer = httpx.post(endpoint, data={"query": preset_text("roles-of"), "$name": '"张良"'},
                        headers={"Accept": "text/csv"}, timeout=60)
    assert answer.status_code == 200
    lines = answer.text.splitlines()
    assert lines[0].split(",") == header
    assert [line.split(",") for line in lines[1:]] == rows and rows


# --- client libraries ---------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_sparqlwrapper_select_ask_and_construct(endpoint, local):
    SPARQLWrapper = pytest.importorskip("SPARQLWrapper", reason="SPARQLWrapper not installed (pip install SPARQLWrapper)")
    for return_format in (SPARQLWrapper.JSON, SPARQLWrapper.XML, SPARQLWrapper.CSV, SPARQLWrapper.TSV):
        client = SPARQLWrapper.SPARQLWrapper(endpoint)
        client.setQuery("PREFIX schema: <https://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                        + PERSONS)
        client.setReturnFormat(return_format)
        client.setMethod(SPARQLWrapper.POST)
        result = client.query()
        if return_format == SPARQLWrapper.JSON:
            names = {b["name"]["value"] for b in result.convert()["results"]["bindings"]}
            assert names == {row[1].split('"')[1] for row in local_solutions(local, PERSONS)}
        else:
            assert result.response.status == 200
    client = SPARQLWrapper.SPARQLWrapper(endpoint)
    client.setQuery("ASK { ?p a <https://schema.org/Person> }")
    client.setReturnFormat(SPARQLWrapper.JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery("CONSTRUCT { ?p a <https://schema.org/Person> } WHERE { ?p a <https://schema.org/Person> }")
    persons = {str(t) for t in local.query(
        "CONSTRUCT { ?p a schema:Person } WHERE { ?p a schema:Person }", prefixes=dict(PREFIXES))}
    client.setReturnFormat(SPARQLWrapper.TURTLE)  # given back as the bytes of the answer
    assert {str(q.triple) for q in ox.parse(client.queryAndConvert(), format=ox.RdfFormat.TURTLE)} == persons
    client.setReturnFormat(SPARQLWrapper.XML)  # RDF/XML, read into an rdflib Graph
    assert len(client.queryAndConvert()) == len(persons)


def test_sparqlwrapper_update_is_refused(endpoint):
    SPARQLWrapper = pytest.importorskip("SPARQLWrapper", reason="SPARQLWrapper not installed (pip install SPARQLWrapper)")
    from urllib.error import HTTPError

    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper.SPARQLWrapper(endpoint, updateEndpoint=endpoint)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    client.setMethod(SPARQLWrapper.POST)
    with pytest.raises((SPARQLWrapperException, HTTPError)) as caught:
        client.query()
    assert "403" in str(caught.value) or "read-only" in str(caught.value)


def test_rdflib_sparqlstore_reads_the_graph(endpoint, local):
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(endpoint, returnFormat="xml"))
    assert len(graph) == len(local)  # a COUNT on the server
    rows = list(graph.query(PERSONS, initNs={"schema": "https://schema.org/",
                                              "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}))
    assert {str(row.name) for row in rows} == {row[1].split('"')[1] for row in local_solutions(local, PERSONS)}
    person = URIRef(str(rows[0].person))
    assert len(list(graph.triples((person, None, None)))) > 0


# --- a store folder -------------------------------------------------------------------------------


def test_serves_a_pyoxigraph_store_folder_read_only(graph_file, local, tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    store = ox.Store(str(folder / "oxigraph"))
    store.bulk_load(input=gzip.decompress(graph_file.read_bytes()), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    del store
    with unionkg_serve(folder, "--workers", "1", log=tmp_path / "serve.log") as (base, _):
        answer = httpx.post(base + "/sparql", data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                            headers={"Accept": "text/csv"}, timeout=60)
        assert answer.status_code == 200 and int(answer.text.split()[1]) == len(local)
        explorer = httpx.get(base + "/explorer", timeout=60)
        assert explorer.status_code == 404 and "graph.html" in explorer.text  # a store has no explorer file


def test_a_folder_without_a_graph_is_named(tmp_path):
    from servers import UNIONKG

    result = subprocess.run([UNIONKG, "serve", str(tmp_path), "--port", "0"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert str(tmp_path) in result.stderr and "no graph here" in result.stderr
    (tmp_path / "graph.nt").write_text("<urn:a> <urn:b> not a term .\n", encoding="utf-8")
    result = subprocess.run([UNIONKG, "serve", str(tmp_path), "--port", "0"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {tmp_path / 'graph.nt'}: ") and "line 1" in result.stderr
    assert "Traceback" not in result.stderr


# --- the pages ---------------------------------------------------------------------------------


def test_query_page_explorer_and_presets_are_served(endpoint, sample_build):
    base = endpoint.rsplit("/", 1)[0]
    page = httpx.get(base + "/", timeout=60)
    assert page.status_code == 200 and "assets/yasgui/yasgui.min.js" in page.text
    script = httpx.get(base + "/assets/yasgui/yasgui.min.js", timeout=60)
    assert script.status_code == 200 and len(script.content) > 100_000
    explorer = httpx.get(base + "/explorer", timeout=60)
    assert explorer.content == (sample_build[1] / "graph.html").read_bytes()
    presets = httpx.get(base + "/presets", timeout=60).json()
    assert {p["name"] for p in presets} >= {"roles-of", "who-met-whom"}


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.mark.skipif(_chromium() is None, reason="headless Chromium not installed (apt-get install chromium)")
def test_query_page_draws_offline_and_asks_only_this_server(endpoint, tmp_path):
    """The page in headless Chromium whose proxy goes nowhere, opened on a link that carries a preset
    and a name: YASGUI draws, runs the preset with ?name bound and shows its rows, the presets list
    arrives, and the network log shows every request the page made going to this server (the
    browser's own background requests carry no page origin and are left aside)."""
    from urllib.parse import quote, urlencode

    base = endpoint.rsplit("/", 1)[0]
    link = base + "/?" + urlencode({"query": preset_text("roles-of"), "name": "张良", "endpoint": endpoint}, quote_via=quote)
    netlog = tmp_path / "netlog.json"
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
           f"--user-data-dir={tmp_path / 'profile'}", "--proxy-server=127.0.0.1:9",
           f"--log-net-log={netlog}", "--virtual-time-budget=15000", "--window-size=1400,900",
           "--dump-dom", link]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=180).stdout
    assert 'class="yasqe"' in dom and 'class="yasr' in dom  # the editor and the results area drawn
    assert 'value="roles-of"' in dom  # the presets list filled from /presets
    assert "党组书记" in dom and "errorResult" not in dom  # a row of roles-of for the bound name
    log = json.loads(netlog.read_text())
    kinds = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    from_page = [event["params"]["url"] for event in log["events"]
                 if kinds.get(event["type"]) == "URL_REQUEST_START_JOB"
                 and event.get("params", {}).get("initiator", "").startswith("http")]
    assert any(url.endswith("/assets/yasgui/yasgui.min.js") for url in from_page)
    assert endpoint in from_page  # the query went to this server
    assert [url for url in from_page if not url.startswith(base + "/")] == []


def test_endpoint_benchmark_runs_and_counts_every_request(sample_build):
    """benchmarks/endpoint.py on the sample build for two seconds (its figures are not tested)."""
    import sys

    script = Path(__file__).resolve().parents[1] / "benchmarks" / "endpoint.py"
    result = subprocess.run([sys.executable, str(script), str(sample_build[1]), "--seconds", "2", "--clients", "2",
                             "--alone", "1", "--workers", "1"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = {line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
            for line in result.stdout.splitlines() if line.startswith("| ") and "preset" not in line}
    assert set(rows) == {"roles-of", "who-met-whom", "co-mentioned", "people-of", "bodies-under", "events-at", "all"}
    assert int(rows["all"][1]) == sum(int(cells[1]) for name, cells in rows.items() if name != "all") > 0
    assert rows["all"][-1] == "0"  # no errors
