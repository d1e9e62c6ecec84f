"""Queries can be bounded and stopped: --timeout, --limit, Ctrl-C, rows streamed in bounded memory."""
from __future__ import annotations

import csv
import io
import signal
import subprocess
import sys
import time

import pytest

from unionkg.graph.query.engine import format_csv, format_json, format_table, preset_text, run_query
from unionkg.graph.query.stream import stream_query, write_rows
from unionkg.graph.readwrite.rdf import write_turtle
from sample_corpus import make_corpus

CLI = [sys.executable, "-c", "from unionkg.pipelines.run.cli import app; app()"]
# Never ends in practice (a product of four scans of the graph), and gives no row before it has counted them all.
ENDLESS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ENDLESS_SORT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?c ?f ?i ?l"
ENDLESS_ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def ttl(tmp_path_factory):
    path = tmp_path_factory.mktemp("bounds") / "graph.ttl"
    write_turtle(make_corpus(), path)
    return path


def _query(ttl, *args, **kwargs):
    return subprocess.Popen(CLI + ["query", str(ttl), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            **kwargs)


def test_timeout_stops_a_query_that_would_not_end(ttl):
    started = time.monotonic()
    done = _query(ttl, ENDLESS_COUNT, "--timeout", "2")
    assert done.wait(timeout=60) == 1
    assert time.monotonic() - started < 30
    assert "query stopped after 2 s" in done.stderr.read().decode()


@pytest.mark.parametrize("query", [ENDLESS_COUNT, ENDLESS_SORT])
def test_ctrl_c_stops_the_query_at_once(ttl, query):
    running = _query(ttl, query, "--timeout", "0")
    time.sleep(3)  # well inside the engine's evaluation
    assert running.poll() is None
    sent = time.monotonic()
    running.send_signal(signal.SIGINT)
    assert running.wait(timeout=10) == 130
    assert time.monotonic() - sent < 5
    assert "interrupted: the query was stopped" in running.stderr.read().decode()


def test_rows_stream_as_they_come_in_bounded_memory(ttl):
    running = _query(ttl, ENDLESS_ROWS, "--format", "csv", "--timeout", "0")
    try:
        header = running.stdout.readline()
        assert header.decode().strip() == "a,b,c,d,e,f,g,h,i,j,k,l"
        read = 0
        started = time.monotonic()
        while read < 60_000_000 and time.monotonic() - started < 15:  # 60 MB of rows, or 15 s
            read += len(running.stdout.read(1 << 20))
        assert read > 20_000_000
        with open(f"/proc/{running.pid}/status") as status:
            peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        assert peak_kb < 400_000, f"{peak_kb} kB"  # the printing process holds no rows
    finally:
        running.send_signal(signal.SIGINT)
        running.wait(timeout=10)


def test_limit_cuts_the_rows_and_says_so(ttl):
    done = _query(ttl, "SELECT ?s WHERE { ?s ?p ?o }", "--limit", "2", "--format", "csv")
    out, err = done.communicate(timeout=60)
    assert done.returncode == 0
    assert out.decode().splitlines() == ["s", *[r[0] for r in run_query(ttl, "SELECT ?s WHERE { ?s ?p ?o }")[1][:2]]]
    assert "stopped after 2 rows: --limit" in err.decode()
    done = _query(ttl, "ASK { ?s ?p ?o }", "--limit", "1")
    out, err = done.communicate(timeout=60)
    assert out.decode().splitlines()[-1] == "(1 row)" and "--limit" not in err.decode()


def test_closing_the_stream_kills_the_query_process(ttl):
    import multiprocessing

    rows = stream_query(ttl, ENDLESS_ROWS, timeout=None)
    assert next(rows) == list("abcdefghijkl")
    assert len(next(rows)) == 12
    [child] = multiprocessing.active_children()
    rows.close()
    assert not child.is_alive()


@pytest.mark.parametrize("text", [
    "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?s ?l",
    "ASK { ?s ?p ?o }",
    "SELECT ?s WHERE { ?s a <urn:nothing> }",
    "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l } LIMIT 3",
])
def test_streamed_output_is_the_formatted_result(ttl, text):
    header, rows = run_query(ttl, text)
    streamed = stream_query(ttl, text, timeout=30)
    assert next(streamed) == header
    assert list(streamed) == rows
    for fmt, formatter in (("table", format_table), ("csv", format_csv), ("json", format_json)):
        out = io.StringIO()
        assert write_rows(fmt, header, iter(rows), out) == len(rows)
        assert out.getvalue() == formatter(header, rows) + "\n", fmt


def test_a_refused_or_malformed_query_still_fails_clearly(ttl):
    done = _query(ttl, "SELECT * WHERE { ?s ?p }")
    assert done.wait(timeout=60) == 1 and "malformed query" in done.stderr.read().decode()
    done = _query(ttl, preset_text("roles-of"), "--param", "x=1")
    assert done.wait(timeout=60) == 1 and "cannot bind ?x" in done.stderr.read().decode()
