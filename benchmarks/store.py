"""The archive store against full rebuilds and against querying the Turtle file.

    .venv/bin/python benchmarks/store.py --sizes 1M,3M[,12M] [--repeat 3]

For each size, a corpus of real news text (``benchmarks/throughput.py``'s builder: MSRA sentences as
~10k-character pages, read in place from ../shared/corpora/msra/train.jsonl, never copied into the
project) of that size plus 1% more pages. Every step runs the ``unionkg`` command line in a fresh
process, timed by wall clock (start-up included, as a user sees it):

* ``build --store`` of the base pages; ``add`` of the 1% more; ``build --store`` of all pages from
  nothing (the full rebuild the add replaces); ``remove`` of one page; ``export`` of the store;
* the store's size on disk (hard-linked files counted once, both kept versions) and graph.ttl's;
* each shipped preset, bound to the name with the most relations of the kind it asks about, on the store and on
  the exported graph.ttl (``unionkg query graph.ttl``, which parses the file first): the median of
  ``--repeat`` runs, and whether both gave the same rows.
Prints markdown tables. Timings vary with the machine's load: compare within one run.
"""
from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from throughput import DEFAULT_SENTENCES, parse_size, source_sentences, write_corpus  # noqa: E402

CLI = [sys.executable, "-c", "from unionkg.pipelines.run.cli import app; app()"]


def run(args: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(CLI + args, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 2):
        raise SystemExit(f"unionkg {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, done.stdout


def size_on_disk(folder: Path) -> int:
    from unionkg.pipelines.run.store import store_size

    return store_size(folder)


# Each preset's ?name: the name found most often in this column of relations.csv for this kind.
PRESET_NAMES = {"roles-of": ("membership", "source_name"), "who-met-whom": ("met", "source_name"),
                "co-mentioned": ("met", "source_name"), "people-of": ("membership", "target_name"),
                "bodies-under": ("part_of", "target_name"), "events-at": ("located_in", "target_name")}


def busiest_names(relations_csv: Path) -> dict[str, str]:
    """For each preset, the name with the most relations of the kind it asks about."""
    counts: dict[tuple[str, str], dict[str, int]] = {key: {} for key in PRESET_NAMES.values()}
    with open(relations_csv, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            for kind, column in counts:
                if row["kind"] == kind and row[column]:
                    tally = counts[kind, column]
                    tally[row[column]] = tally.get(row[column], 0) + 1
    return {preset: max(sorted(counts[key].items()), key=lambda item: item[1])[0]
            for preset, key in PRESET_NAMES.items() if counts[key]}


def rows_as_sets(text: str) -> list:
    """Query output comparable across engines: GROUP_CONCAT cells as sets and SAMPLE columns (who-met-whom's
    headline) left out, since SPARQL leaves both to the order the engine meets the values in."""
    table = list(csv.reader(text.splitlines()))
    keep = [i for i, name in enumerate(table[0] if table else []) if name != "headline"]
    return sorted(tuple(tuple(sorted(row[i].split("、"))) for i in keep) for row in table)


def bench_size(n_chars: int, sentences: list[str], scratch: Path, repeat: int, workers: str,
               presets: list[str] | None = None) -> tuple[dict, list]:
    pages_dir = scratch / "pages"
    paths = write_corpus(sentences, int(n_chars * 1.01), pages_dir)
    extra = max(1, round(len(paths) / 101))
    base, more = paths[:-extra], paths[-extra:]
    base_dir, more_dir = scratch / "base", scratch / "more"
    for folder, group in ((base_dir, base), (more_dir, more)):
        folder.mkdir()
        for path in group:
            path.rename(folder / path.name)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in base_dir.iterdir())
    more_chars = sum(len(p.read_text(encoding="utf-8")) for p in more_dir.iterdir())
    store, fresh, out = scratch / "store", scratch / "fresh", scratch / "out"
    w = ["--workers", workers] if workers else []
    row = {"chars": chars, "pages": len(base), "more_pages": len(more), "more_chars": more_chars}
    row["build_store"], _ = run(["build", str(base_dir), "--store", str(store), "-q", *w])
    row["add"], _ = run(["add", str(more_dir), "--store", str(store), "-q", *w])
    row["rebuild"], _ = run(["build", str(base_dir), str(more_dir), "--store", str(fresh), "-q", *w])
    row["size"] = size_on_disk(store)
    row["fresh_size"] = size_on_disk(fresh)
    row["export"], _ = run(["export", str(store), "--out", str(out), "-q"])
    row["ttl_size"] = (out / "graph.ttl").stat().st_size
    names = busiest_names(out / "relations.csv")
    queries = []
    for preset, name in names.items():
        if presets is not None and preset not in presets:
            continue
        args = ["--preset", preset, "--param", f"name={name}", "--format", "csv", "--timeout", "0"]
        on_store, on_file, answers = [], [], []
        for _ in range(repeat):
            seconds, text = run(["query", str(store), *args])
            on_store.append(seconds)
            answers.append(rows_as_sets(text))
            seconds, text = run(["query", str(out / "graph.ttl"), *args])
            on_file.append(seconds)
            answers.append(rows_as_sets(text))
        queries.append({"chars": chars, "preset": preset, "name": name, "rows": len(answers[0]) - 1,
                        "store": statistics.median(on_store), "file": statistics.median(on_file),
                        "same": all(a == answers[0] for a in answers)})
    row["remove"], _ = run(["remove", base[0].name, "--store", str(store), "-q"])
    return row, queries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1M,3M", help="corpus sizes in characters (k/M suffixes)")
    parser.add_argument("--sentences", type=Path, default=DEFAULT_SENTENCES)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query (the median is shown)")
    parser.add_argument("--workers", default="", help="worker processes for build/add (default: all cores)")
    parser.add_argument("--presets", default="", help="comma-separated presets to time (default: all)")
    options = parser.parse_args(argv)
    sentences, origin = source_sentences(options.sentences)
    print(f"text: {origin}; each step is a fresh `unionkg` process, wall-clock seconds", flush=True)
    rows, queries = [], []
    for size in options.sizes.split(","):
        with tempfile.TemporaryDirectory(prefix="store-bench-") as scratch:
            row, answered = bench_size(parse_size(size), sentences, Path(scratch), options.repeat, options.workers,
                                       options.presets.split(",") if options.presets else None)
        rows.append(row)
        queries.extend(answered)
        print(f"{size}: done ({row['rebuild']:.1f} s rebuild, {row['add']:.1f} s add)", file=sys.stderr, flush=True)
    mib = 1 << 20
    print("\n| chars | pages | +1% (pages, chars) | build --store | add 1% | full rebuild | add ÷ rebuild "
          "| remove 1 page | export | store on disk | a fresh store | graph.ttl |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['chars']:,} | {r['pages']} | {r['more_pages']}, {r['more_chars']:,} | {r['build_store']:.1f} s "
              f"| {r['add']:.1f} s | {r['rebuild']:.1f} s | {r['add'] / r['rebuild']:.2f} | {r['remove']:.1f} s "
              f"| {r['export']:.1f} s | {r['size'] / mib:.1f} MiB | {r['fresh_size'] / mib:.1f} MiB "
              f"| {r['ttl_size'] / mib:.1f} MiB |")
    print("\n| chars | preset | rows | `query STORE` | `query graph.ttl` | × faster | same rows |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for q in queries:
        print(f"| {q['chars']:,} | {q['preset']} | {q['rows']} | {q['store']:.2f} s | {q['file']:.2f} s "
              f"| {q['file'] / q['store']:.1f} | {'yes' if q['same'] else 'NO'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
