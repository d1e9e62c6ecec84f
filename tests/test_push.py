"""`unionkg push` to Virtuoso (Debian's virtuoso-opensource) over the Graph Store HTTP Protocol:
the triples that arrive are counted there with SPARQL. Skipped with a message where Virtuoso is
not installed or cannot start; `.ci/run` installs it."""
from __future__ import annotations

import gzip
import subprocess

import httpx
import pyoxigraph as ox
import pytest
from servers import UNIONKG, virtuoso

from unionkg.graph.serve.push import batches, default_graph_iri
from unionkg.graph.serve.source import find_source

# Every named graph with its size; the test picks its own out of the answer (no query text is
# formatted with values).
GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@pytest.fixture(scope="module")
def virtuoso_base(tmp_path_factory):
    try:
        with virtuoso(tmp_path_factory.mktemp("virtuoso")) as base:
            yield base
    except RuntimeError as err:
        pytest.skip(f"Virtuoso cannot start here: {err}")


def graph_sizes(base: str) -> dict[str, int]:
    answer = httpx.post(base + "/sparql", data={"query": GRAPH_SIZES},
                        headers={"Accept": "application/sparql-results+json"}, timeout=120)
    answer.raise_for_status()
    return {b["g"]["value"]: int(b["n"]["value"]) for b in answer.json()["results"]["bindings"]}


def run_push(folder, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([UNIONKG, "push", str(folder), *options], capture_output=True, text=True, timeout=600)


def test_push_build_folder_to_virtuoso_replaces_the_named_graph(sample_build, virtuoso_base):
    out = sample_build[1]
    triples = sum(1 for line in gzip.decompress((out / "graph.nt.gz").read_bytes()).splitlines() if line.strip())
    crud = virtuoso_base + "/sparql-graph-crud-auth"
    first = run_push(out, "--to", crud, "--user", "dba", "--password", "dba")
    assert first.returncode == 0, first.stderr
    graph = default_graph_iri(find_source(out), "https://w3id.org/unionkg/")
    assert f"pushed {triples} triples to <{graph}>" in first.stdout
    assert graph_sizes(virtuoso_base)[graph] == triples
    # Again in small batches (one PUT, then POSTs): the graph is replaced, not doubled.
    again = run_push(out, "--to", crud, "--user", "dba", "--password", "dba", "--batch-mb", "0.05", "-q")
    assert again.returncode == 0, again.stderr
    assert "in 1 request" not in again.stdout
    assert graph_sizes(virtuoso_base)[graph] == triples


def test_push_store_folder_to_a_chosen_graph(sample_build, virtuoso_base, tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    store = ox.Store(str(folder / "oxigraph"))
    store.bulk_load(input=gzip.decompress((sample_build[1] / "graph.nt.gz").read_bytes()), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    expected = len(store)
    del store
    result = run_push(folder, "--to", virtuoso_base + "/sparql-graph-crud-auth", "--graph",
                      "urn:unionkg:test-store", "--user", "dba", "--password", "dba")
    assert result.returncode == 0, result.stderr
    assert graph_sizes(virtuoso_base)["urn:unionkg:test-store"] == expected


def test_push_failures_are_named(sample_build, virtuoso_base):
    out = sample_build[1]
    wrong = run_push(out, "--to", virtuoso_base + "/sparql-graph-crud-auth", "--user", "dba", "--password", "wrong")
    assert wrong.returncode == 1
    assert "HTTP 401" in wrong.stderr and "sparql-graph-crud-auth" in wrong.stderr
    anonymous = run_push(out, "--to", virtuoso_base + "/sparql-graph-crud", "--graph", "urn:unionkg:nobody")
    assert anonymous.returncode == 1 and "HTTP 403" in anonymous.stderr
    assert "urn:unionkg:nobody" not in graph_sizes(virtuoso_base)


def test_push_to_nothing_is_a_clear_error(sample_build):
    from servers import free_port

    result = run_push(sample_build[1], "--to", f"http://127.0.0.1:{free_port()}/store")
    assert result.returncode == 1
    assert "PUT of batch 1 failed: ConnectError" in result.stderr


def test_batches_are_sized_and_keep_blank_nodes_together():
    lines = [f"<urn:s{i}> <urn:p> \"{'x' * 40}\" .\n".encode() for i in range(100)]
    blank = [b"_:b1 <urn:p> <urn:o> .\n", b"<urn:s> <urn:p> _:b1 .\n"]
    out = list(batches(iter(lines[:50] + blank[:1] + lines[50:] + blank[1:]), batch_bytes=1000))
    assert sum(n for _, n in out) == 102
    assert all(len(body) < 1000 + 100 for body, _ in out[:-1])
    assert [body for body, _ in out if b"_:b1" in body] == [out[-1][0]]  # both in the one last batch
    assert out[-1][0].count(b"_:b1") == 2
    assert b"".join(sorted(line for body, _ in out for line in body.splitlines(keepends=True))) == \
        b"".join(sorted(lines + blank))
    assert list(batches(iter([]), 1000)) == [(b"", 0)]  # an empty graph still replaces (empties) the graph
