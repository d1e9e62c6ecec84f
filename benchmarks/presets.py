"""Latency of every shipped preset, bound and unbound, on one graph (issue 15: "the shipped presets
answer in well under a second on a year-sized store").

    .venv/bin/python benchmarks/presets.py out/graph.nt.gz [--cap 1000] [--timeout 60] [--repeat 1]
    .venv/bin/python benchmarks/presets.py STORE_DIR        # a `unionkg build --store` folder
    .venv/bin/python benchmarks/presets.py graph.nt.gz --presets OLD/   # other .rq files (before/after)

The graph is loaded once (a .nt(.gz)/.ttl file into memory, a store folder opened read-only). The
parameters come from the data, never from a list: the person at the most events, the body with the
most members, the body with the most bodies under it, the place with the most events. Each preset
runs through the engine's own binding (``engine.query_rows``, as ``unionkg query`` and the
endpoint do), once with its parameters bound and once unbound; an unbound run reads at most --cap
rows (what ``unionkg query --limit`` does) and is stopped after --timeout seconds. Each run is a
forked child (pyoxigraph cannot be interrupted otherwise), which shares the loaded graph.

Prints a markdown table: preset, parameters, rows and seconds bound, rows and seconds unbound.
Timings depend on the machine's load: quote them with it.
"""
from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from unionkg.graph.query.engine import list_presets, load_graph, preset_text, query_rows, run_query

# Parameters taken from the graph: the most connected thing of each kind (ties broken by name).
PICK = {
    "person": """SELECT ?name (COUNT(DISTINCT ?ev) AS ?n) WHERE {
        ?ev a schema:Event ; schema:attendee ?x . ?x a schema:Person ; rdfs:label ?l BIND(STR(?l) AS ?name)
    } GROUP BY ?x ?name ORDER BY DESC(?n) ?name LIMIT 1""",
    "person with posts": """SELECT ?name (COUNT(DISTINCT ?ms) AS ?n) WHERE {
        ?ms a org:Membership ; org:member ?x . ?x a schema:Person ; rdfs:label ?l BIND(STR(?l) AS ?name)
    } GROUP BY ?x ?name ORDER BY DESC(?n) ?name LIMIT 1""",
    "body": """SELECT ?name (COUNT(DISTINCT ?m) AS ?n) WHERE {
        ?ms a org:Membership ; org:organization ?x ; org:member ?m . ?x rdfs:label ?l BIND(STR(?l) AS ?name)
    } GROUP BY ?x ?name ORDER BY DESC(?n) ?name LIMIT 1""",
    "top body": """SELECT ?name (COUNT(DISTINCT ?sub) AS ?n) WHERE {
        ?sub org:subOrganizationOf ?x . ?x rdfs:label ?l BIND(STR(?l) AS ?name)
    } GROUP BY ?x ?name ORDER BY DESC(?n) ?name LIMIT 1""",
    "place": """SELECT ?name (COUNT(DISTINCT ?ev) AS ?n) WHERE {
        ?ev a schema:Event ; schema:location ?x . ?x rdfs:label ?l BIND(STR(?l) AS ?name)
    } GROUP BY ?x ?name ORDER BY DESC(?n) ?name LIMIT 1""",
}
# Which kind of thing each preset's ?name is; presets not listed take a person.
KIND_OF = {"roles-of": "person with posts", "posts-of": "person with posts", "people-of": "body", "bodies-under": "top body", "events-at": "place", "timeline": "place"}

_store = None  # the loaded graph, shared with the forked children


def open_graph(path: Path) -> ox.Store:
    if path.is_dir():
        from unionkg.graph.serve.source import find_source, open_store

        return open_store(find_source(path))
    return load_graph(path)


def _child(send, text: str, bindings: dict, cap: int | None) -> None:
    started = time.perf_counter()
    try:
        _, rows = query_rows(_store, text, bindings)
        count = 0
        for _ in rows:
            count += 1
            if cap is not None and count >= cap:
                break
        send.send(("ok", count, time.perf_counter() - started))
    except Exception as err:  # noqa: BLE001 - reported in the table
        send.send(("error", str(err), time.perf_counter() - started))


def timed(text: str, bindings: dict, cap: int | None, timeout: float) -> tuple[str, str]:
    """(rows, seconds) as table cells; a run past the deadline is killed and shown as such."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, text, bindings, cap), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            return "-", f"> {timeout:g} (stopped)"
        kind, value, seconds = receive.recv()
    finally:
        if child.is_alive():
            child.kill()
        child.join()
    if kind == "error":
        return "error", value[:60]
    shown = f"{value}" + (" (cap)" if cap is not None and value >= cap else "")
    return shown, f"{seconds:.2f}"


def main() -> None:
    global _store
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graph", type=Path, help="a .nt, .nt.gz or .ttl file, or a store folder")
    parser.add_argument("--cap", type=int, default=1000, help="rows read from an unbound preset (0: all)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a run is stopped")
    parser.add_argument("--repeat", type=int, default=1, help="runs per cell; the fastest is shown")
    parser.add_argument("--presets", type=Path, help="a folder of .rq files to time instead of the shipped ones")
    parser.add_argument("--only", nargs="*", help="these presets only")
    args = parser.parse_args()

    started = time.perf_counter()
    _store = open_graph(args.graph)
    print(f"loaded {args.graph} ({len(_store)} triples) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    names = {}
    for kind, query in PICK.items():
        _, rows = run_query(_store, query)
        names[kind] = rows[0][0] if rows else ""
        print(f"{kind}: {names[kind]!r} ({rows[0][1] if rows else 0})", file=sys.stderr)

    cap = args.cap or None
    print("| preset | bound to | rows (bound) | s (bound) | rows (unbound) | s (unbound) |")
    print("|---|---|---:|---:|---:|---:|")
    for preset, _ in list_presets():
        if args.only and preset not in args.only:
            continue
        text = (args.presets / f"{preset}.rq").read_text(encoding="utf-8") if args.presets else preset_text(preset)
        kind = KIND_OF.get(preset, "person")
        bindings = {"name": names[kind]}
        best = {}
        for label, binds, row_cap in (("bound", bindings, None), ("unbound", {}, cap)):
            runs = [timed(text, binds, row_cap, args.timeout) for _ in range(args.repeat)]
            best[label] = min(runs, key=lambda cell: _seconds(cell[1]))
        print(f"| {preset} | {kind} | {best['bound'][0]} | {best['bound'][1]} | "
              f"{best['unbound'][0]} | {best['unbound'][1]} |", flush=True)


def _seconds(cell: str) -> float:
    try:
        return float(cell)
    except ValueError:
        return float("inf")


if __name__ == "__main__":
    main()
