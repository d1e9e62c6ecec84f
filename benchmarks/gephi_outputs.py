"""Size and load time of the Gephi files (GEXF, GraphML) by corpus size: co-mentions in (before:
``--gephi-co-mentions 1``) and out (after: the default).

    .venv/bin/python benchmarks/gephi_outputs.py --sizes 1M,3M [--workers 2]

Builds ``benchmarks/throughput.py``'s corpus (real news sentences as pages) of each size, then from
the build's records: resolution, the entity graph, and both files written each way (wall seconds,
layout and communities included). Each file is then read by ``nx.read_gexf`` / ``nx.read_graphml``
and, when ``node`` finds graphology-gexf on ``NODE_PATH`` (see .ci/run), by graphology-gexf, Gephi
Lite's parser. networkx's readers refuse a mixed graph (undirected met and co-mention edges beside
directed ones), so they read the files with the per-edge direction markers taken out, untimed.
Prints a markdown table.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for entry in (REPO, REPO / "benchmarks"):
    if str(entry) not in sys.path:  # run as a script from a checkout
        sys.path.insert(0, str(entry))

from throughput import DEFAULT_SENTENCES, parse_size, source_sentences, write_corpus  # noqa: E402

GRAPHOLOGY_LOAD = """
const fs = require('fs');
global.DOMParser = require('@xmldom/xmldom').DOMParser;
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const text = fs.readFileSync(process.argv[1], 'utf8');
const started = process.hrtime.bigint();
const g = gexf.parse(Graph, text);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({seconds: seconds, order: g.order, size: g.size}));
"""


def graphology_available() -> bool:
    if not shutil.which("node"):
        return False
    probe = "require('graphology'); require('graphology-gexf'); require('@xmldom/xmldom')"
    return subprocess.run(["node", "-e", probe], capture_output=True).returncode == 0


def nx_load_seconds(path: Path) -> tuple[float, int, int]:
    """networkx's reading of ``path`` (direction markers taken out first, untimed): seconds, nodes, edges."""
    import io

    import networkx as nx

    data = path.read_bytes()
    if path.suffix == ".gexf":
        data = data.replace(b' type="undirected"', b"").replace(b' type="directed"', b"")
        started = time.perf_counter()
        G = nx.read_gexf(io.BytesIO(data))
    else:
        data = data.replace(b' directed="false"', b"").replace(b' directed="true"', b"")
        started = time.perf_counter()
        G = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    return time.perf_counter() - started, G.number_of_nodes(), G.number_of_edges()


def graphology_load_seconds(path: Path) -> float | None:
    """graphology-gexf's parse of ``path`` in node (file read untimed), or None without it."""
    out = subprocess.run(["node", "--max-old-space-size=8192", "-e", GRAPHOLOGY_LOAD, str(path)],
                         capture_output=True, text=True, timeout=1200)
    if out.returncode != 0:
        return None
    return json.loads(out.stdout)["seconds"]


def measure(size: int, sentences: list[str], workers: int, graphology: bool) -> list[dict]:
    from unionkg.graph.model import build_graph
    from unionkg.graph.readwrite.gexf import gexf_document
    from unionkg.graph.readwrite.graphml import graphml_document
    from unionkg.graph.readwrite.xmlgraph import write_xml_documents
    from unionkg.graph.resolve.resolve import resolve
    from unionkg.pipelines.run.build import read_records, run_build
    from unionkg.pipelines.settings import Settings

    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        write_corpus(sentences, size, scratch / "pages")
        run_build([scratch / "pages"], scratch / "out", workers=workers)
        graph = build_graph(resolve(read_records(scratch / "out" / "records.jsonl"), Settings()))
        for label, co_mentions in (("before (co-mentions >= 1)", 1), ("after (default)", None)):
            folder = scratch / label.split()[0]
            folder.mkdir()
            gexf, graphml = folder / "graph.gexf", folder / "graph.graphml"
            started = time.perf_counter()
            write_xml_documents(graph, [(gexf, gexf_document()), (graphml, graphml_document())],
                                co_mentions=co_mentions)
            write_seconds = time.perf_counter() - started
            gexf_nx, nodes, edges = nx_load_seconds(gexf)
            graphml_nx, _, _ = nx_load_seconds(graphml)
            rows.append({
                "size": size, "what": label, "nodes": nodes, "edges": edges, "write": write_seconds,
                "gexf_mb": gexf.stat().st_size / 1e6, "graphml_mb": graphml.stat().st_size / 1e6,
                "gexf_nx": gexf_nx, "graphml_nx": graphml_nx,
                "gexf_graphology": graphology_load_seconds(gexf) if graphology else None,
            })
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1M", help="corpus sizes in characters, comma-separated (1M,3M)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sentences", type=Path, default=DEFAULT_SENTENCES)
    args = parser.parse_args(argv)
    sentences, origin = source_sentences(args.sentences)
    graphology = graphology_available()
    print(f"corpus: {origin}; graphology-gexf: {'yes' if graphology else 'not found on NODE_PATH'}\n")
    print("| chars | Gephi files | nodes | edges | write s (layout incl.) | GEXF MB | GraphML MB "
          "| nx.read_gexf s | nx.read_graphml s | graphology-gexf s |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for text in args.sizes.split(","):
        for r in measure(parse_size(text), sentences, args.workers, graphology):
            gl = "–" if r["gexf_graphology"] is None else f"{r['gexf_graphology']:.2f}"
            print(f"| {text} | {r['what']} | {r['nodes']:,} | {r['edges']:,} | {r['write']:.2f} "
                  f"| {r['gexf_mb']:.1f} | {r['graphml_mb']:.1f} | {r['gexf_nx']:.2f} | {r['graphml_nx']:.2f} | {gl} |",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
