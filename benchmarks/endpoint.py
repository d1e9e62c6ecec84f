"""Load on the SPARQL endpoint: N concurrent clients on loopback for a bounded time, each sending
the shipped presets (with ?name bound to names taken from the graph) one after the other.

    .venv/bin/python benchmarks/endpoint.py out/ [--clients 8] [--seconds 20] [--workers 2]
    .venv/bin/python benchmarks/endpoint.py --url http://127.0.0.1:8000/sparql   # a server already running

Given a folder, it starts `unionkg serve` on a free port (and stops it after). Prints, per preset
and in all: requests, requests/s, p50 and p99 latency, errors (any answer but 200, or a failed
connection). Timings depend on the machine's load: quote them with it.
"""
from __future__ import annotations

import argparse
import itertools
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "tests") not in sys.path:
    sys.path.insert(0, str(REPO / "tests"))

from unionkg.graph.query.engine import preset_text  # noqa: E402

# Which names each preset is asked about: the labels of things of one type (no values formatted in).
NAMES_OF = {
    "person": "SELECT DISTINCT ?name WHERE { ?x a schema:Person ; rdfs:label ?l BIND(STR(?l) AS ?name) }",
    "body": "SELECT DISTINCT ?name WHERE { ?x a org:Organization ; rdfs:label ?l BIND(STR(?l) AS ?name) }",
    "place": "SELECT DISTINCT ?name WHERE { ?x a schema:Place ; rdfs:label ?l BIND(STR(?l) AS ?name) }",
}
PRESETS = {"roles-of": "person", "who-met-whom": "person", "co-mentioned": "person",
           "people-of": "body", "bodies-under": "body", "events-at": "place"}
NAMES_PER_KIND = 20


def names(endpoint: str) -> dict[str, list[str]]:
    out = {}
    for kind, query in NAMES_OF.items():
        answer = httpx.post(endpoint, data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                            timeout=120)
        answer.raise_for_status()
        found = sorted(b["name"]["value"] for b in answer.json()["results"]["bindings"])
        if not found:
            raise SystemExit(f"the graph has no {kind} names to ask about")
        out[kind] = random.Random(0).sample(found, min(NAMES_PER_KIND, len(found)))
    return out


class Jobs:
    """(preset, name) pairs handed out in turn to the client threads, round and round."""

    def __init__(self, jobs: list[tuple[str, str]]) -> None:
        self.cycle = itertools.cycle(jobs)
        self.lock = threading.Lock()

    def next(self) -> tuple[str, str]:
        with self.lock:
            return next(self.cycle)


def client(endpoint: str, jobs: Jobs, stop_at: float, results: list, lock: threading.Lock,
           stop_after: int | None = None) -> None:
    """Send one job after another until ``stop_at`` (or ``stop_after`` answers); record each
    (preset, seconds, ok)."""
    with httpx.Client(timeout=120) as http:
        while time.monotonic() < stop_at and (stop_after is None or len(results) < stop_after):
            preset, name = jobs.next()
            started = time.monotonic()
            try:
                answer = http.post(endpoint, data={"query": preset_text(preset), "$name": '"' + name + '"'},
                                   headers={"Accept": "application/sparql-results+json"})
                ok = answer.status_code == 200
                if ok:
                    answer.json()  # a whole, well-formed answer
            except (httpx.HTTPError, ValueError):
                ok = False
            with lock:
                results.append((preset, time.monotonic() - started, ok))


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(results: list, seconds: float, alone: dict[str, list[float]]) -> str:
    lines = ["| preset | alone p50 ms | requests | req/s | p50 ms | p99 ms | errors |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    groups = {preset: [r for r in results if r[0] == preset] for preset in PRESETS}
    groups["all"] = results
    for preset, rows in groups.items():
        if not rows:
            continue
        times = [t * 1000 for _, t, ok in rows if ok]
        errors = sum(1 for _, _, ok in rows if not ok)
        p50 = f"{percentile(times, 50):.1f}" if times else "-"
        p99 = f"{percentile(times, 99):.1f}" if times else "-"
        solo = f"{statistics.median(alone[preset]) * 1000:.1f}" if alone.get(preset) else "-"
        lines.append(f"| {preset} | {solo} | {len(rows)} | {len(rows) / seconds:.1f} | {p50} | {p99} | {errors} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, help="A store or build folder to serve.")
    parser.add_argument("--url", help="The /sparql URL of a server already running (instead of a folder).")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2, help="The server's query workers (with a folder).")
    parser.add_argument("--presets", default=",".join(PRESETS), help="Comma-separated presets to send (default: all).")
    parser.add_argument("--alone", type=int, default=3, help="Names per preset first asked by one client alone (0: skip).")
    args = parser.parse_args()
    if (args.folder is None) == (args.url is None):
        parser.error("give a FOLDER or --url")
    if args.url:
        run(args.url, args)
        return
    from servers import unionkg_serve

    log = Path("/tmp") / f"endpoint-bench-{time.time_ns()}.log"
    with unionkg_serve(args.folder, "--workers", str(args.workers), "--timeout", "60", log=log) as (base, _):
        run(base + "/sparql", args)


def run(endpoint: str, args) -> None:
    chosen = {p: PRESETS[p] for p in args.presets.split(",")}
    asked = names(endpoint)
    lock = threading.Lock()
    alone: dict[str, list[float]] = {}
    if args.alone:  # each preset's latency without concurrency: what the load adds shows beside it
        for preset, kind in chosen.items():
            one: list = []
            client(endpoint, Jobs([(preset, n) for n in asked[kind][: args.alone]]), float("inf"), one, lock,
                   stop_after=args.alone)
            alone[preset] = [t for _, t, ok in one if ok]
    jobs = [(preset, name) for preset, kind in chosen.items() for name in asked[kind]]
    random.Random(1).shuffle(jobs)
    shared = Jobs(jobs)
    results: list = []
    started = time.monotonic()
    stop_at = started + args.seconds
    threads = [threading.Thread(target=client, args=(endpoint, shared, stop_at, results, lock))
               for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    print(f"{args.clients} clients for {elapsed:.1f} s against {endpoint}"
          + (f" ({args.workers} query workers)" if args.folder else ""))
    print(report(results, elapsed, alone))


if __name__ == "__main__":
    main()
