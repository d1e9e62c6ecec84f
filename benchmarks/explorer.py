"""Size and draw time of the HTML explorer's default page for generated graphs of several sizes.

    .venv/bin/python benchmarks/explorer.py [--sizes 2k:10k,5k:25k,20k:100k,50k:250k] [--runs 3]

Each size is ENTITIES:EDGES of a generated graph (``tests/explorer_graphs.py``: made-up names with
same-name people, met edges from dated events, memberships, structure, co-mentions for the rest).
For each: the time to write the default page (``write_html(G, top=300)``: ranking, layout, data),
its size, and in headless Chromium (network off, real time, no virtual-time budget) the time from
navigation start to vis-network's first drawing (``data-draw-ms``, set by the page), for the
default view and for a search's focus view (``#search=ID`` of the best-ranked person, acted on
before the first drawing); the median of ``--runs`` loads.
Browser start-up is not included. Prints a markdown table.
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
for entry in (REPO, REPO / "tests"):
    if str(entry) not in sys.path:  # run as a script from a checkout
        sys.path.insert(0, str(entry))

from explorer_graphs import generated_graph  # noqa: E402

from unionkg.graph.readwrite.explorer_select import default_view  # noqa: E402
from unionkg.graph.readwrite.html import write_html  # noqa: E402

TOP = 300


def parse_count(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * scale)


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        if shutil.which(name):
            return shutil.which(name)
    sys.exit("headless Chromium not found (apt-get install chromium)")


def load(url: str, attribute: str, workdir: Path, attempts: int = 3) -> dict[str, str]:
    """The page's <body> data-* attributes once ``attribute`` is set (real time)."""
    for n in range(attempts):
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={workdir / f'profile-{time.monotonic_ns()}'}", "--proxy-server=127.0.0.1:9",
               "--window-size=1400,900", "--timeout=30000", "--dump-dom", url]
        dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
        start = dom.find("<body")
        attrs = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', dom[start:dom.find(">", start)]))
        if attribute in attrs:
            return attrs
    raise RuntimeError(f"{url}: no data-{attribute} after {attempts} loads")


def measure(entities: int, edges: int, runs: int, workdir: Path) -> dict:
    started = time.perf_counter()
    G = generated_graph(entities, edges, seed=11)
    generated = time.perf_counter() - started
    path = workdir / f"explorer-{entities}.html"
    started = time.perf_counter()
    write_html(G, path, top=TOP)
    written = time.perf_counter() - started
    person = next(n for n in default_view(G, TOP) if G.nodes[n]["label"] == "PERSON")
    draws, focuses, state = [], [], {}
    for _ in range(runs):
        state = load(path.as_uri(), "draw-ms", workdir)
        draws.append(int(state["draw-ms"]))
        focus = load(path.as_uri() + "#search=" + quote(person), "draw-ms", workdir)
        if focus.get("focus") != person:
            raise RuntimeError(f"#search={person} did not focus it: {focus}")
        focuses.append(int(focus["draw-ms"]))
    return {"entities": G.number_of_nodes(), "edges": G.number_of_edges(), "generate": generated,
            "write": written, "bytes": path.stat().st_size, "drawn": f"{state['drawn-nodes']} / {state['total']}",
            "drawn_edges": state["drawn-edges"], "draw": statistics.median(draws), "focus": statistics.median(focuses)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2k:10k,5k:25k,20k:100k,50k:250k")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| entities | edges | write s | page MB | drawn (N / M) | edges drawn | default view drawn, ms | search focus drawn, ms |")
    print("|---:|---:|---:|---:|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="unionkg-explorer-") as tmp:
        for size in args.sizes.split(","):
            entities, edges = (parse_count(x) for x in size.split(":"))
            r = measure(entities, edges, args.runs, Path(tmp))
            print(f"| {r['entities']:,} | {r['edges']:,} | {r['write']:.1f} | {r['bytes'] / 1e6:.2f} | {r['drawn']} "
                  f"| {r['drawn_edges']} | {r['draw']:,.0f} | {r['focus']:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
