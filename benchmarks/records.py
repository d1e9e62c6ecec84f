"""Size, load time and memory of extraction records: a ``records.jsonl`` (either form) read with
``page_from_dict`` and written again with this checkout's ``to_json``.

    .venv/bin/python benchmarks/records.py OUT/records.jsonl [MORE.jsonl ...] [--write CONVERTED.jsonl]

Each file is measured in a fresh process with the garbage collector off: the time to read and load
every line (wall and CPU seconds), the growth of the process's resident memory while the pages are
loaded (VmRSS after minus before; the file's text is read first and not counted), the time
``to_json`` takes for every page (what the build's main process does as pages arrive) and the size
of what it writes. Prints a markdown table. Linux only (reads /proc/self/status).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

MEASURE = r"""
import gc, json, sys, time
from unionkg.graph.records import page_from_dict, to_json

def rss():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS"))

source, target = sys.argv[1], sys.argv[2]
gc.disable()
with open(source, encoding="utf-8") as handle:
    lines = [line for line in handle if line.strip()]
before = rss()
wall, cpu = time.perf_counter(), time.process_time()
pages = [page_from_dict(json.loads(line)) for line in lines]
load_wall, load_cpu = time.perf_counter() - wall, time.process_time() - cpu
held = rss() - before
del lines
wall, cpu = time.perf_counter(), time.process_time()
written = [to_json(page) + "\n" for page in pages]
dump_wall, dump_cpu = time.perf_counter() - wall, time.process_time() - cpu
if target:
    with open(target, "w", encoding="utf-8") as out:
        out.writelines(written)
print(json.dumps({"pages": len(pages), "load_wall": load_wall, "load_cpu": load_cpu, "rss": held,
                  "dump_wall": dump_wall, "dump_cpu": dump_cpu,
                  "written": sum(len(line.encode("utf-8")) for line in written)}))
"""


def measure(path: Path, write: Path | None) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE, str(path), str(write or "")],
                          capture_output=True, text=True, cwd=REPO)
    if done.returncode:
        raise SystemExit(f"{path}: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'failed'}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", nargs="+", type=Path, help="records.jsonl files (either form)")
    parser.add_argument("--write", type=Path, help="write the (last) file again here, in this checkout's form")
    args = parser.parse_args()
    print("| file | pages | MB read | load s (CPU s) | RSS of the loaded records, MB | to_json s (CPU s) | MB written |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for i, path in enumerate(args.records):
        row = measure(path, args.write if i == len(args.records) - 1 else None)
        print(f"| {path} | {row['pages']:,} | {path.stat().st_size / 1e6:.1f} | {row['load_wall']:.2f} "
              f"({row['load_cpu']:.2f}) | {row['rss'] / 1e6:.0f} | {row['dump_wall']:.2f} ({row['dump_cpu']:.2f}) "
              f"| {row['written'] / 1e6:.1f} |")


if __name__ == "__main__":
    main()
