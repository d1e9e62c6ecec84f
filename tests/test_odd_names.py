"""File names are data: a name that is not UTF-8, or holds a newline, is escaped, never fatal."""
from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys

import pytest

from unionkg.pipelines.settings import SAMPLES_DIR

CLI = [sys.executable, "-c", "from unionkg.pipelines.run.cli import app; app()"]


def _make(folder, name: bytes, data: bytes) -> bool:
    try:
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(data)
    except (OSError, ValueError):
        return False
    return True


def test_odd_file_names_are_escaped_in_outputs_and_messages(tmp_path):
    pages = sorted(SAMPLES_DIR.glob("*.txt"))
    folder = tmp_path / "in"
    folder.mkdir()
    made = [_make(folder, b"p\xff.txt", pages[0].read_bytes()),
            _make(folder, b"a\nskipped forged.txt", pages[1].read_bytes()),
            _make(folder, b"bad\xfe\nskipped x.txt", b"\x00\x01\x02")]
    if not all(made):
        pytest.skip("this file system refuses such names")
    done = subprocess.run(CLI + ["build", str(folder), "--out", str(tmp_path / "out")],
                          capture_output=True, timeout=600)
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 2, stderr  # built, with one page skipped
    skipped = [line for line in stderr.splitlines() if line.startswith("skipped")]
    assert skipped == ["skipped in/bad\\xfe\\nskipped x.txt: binary data (NUL bytes)".replace("in/", f"{folder}/")]
    records = [json.loads(line) for line in (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["source"] for r in records] == ["a\\nskipped forged.txt", "p\\xff.txt"]
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert 'ukg:sourceFile "p\\\\xff.txt"' in ttl
    for name in ("graph.gexf", "graph.graphml", "graph.html", "relations.csv", "entities.csv"):
        (tmp_path / "out" / name).read_text(encoding="utf-8-sig")  # all written, all UTF-8
    gzip.decompress((tmp_path / "out" / "graph.nt.gz").read_bytes()).decode("utf-8")


def test_odd_output_folder_name_is_escaped_in_the_summary(tmp_path):
    out = os.path.join(os.fsencode(tmp_path), b"o\xffut")
    try:
        os.mkdir(out)
    except OSError:
        pytest.skip("this file system refuses such names")
    os.rmdir(out)
    page = tmp_path / "one.txt"
    shutil.copy(sorted(SAMPLES_DIR.glob("*.txt"))[0], page)
    done = subprocess.run(CLI + ["build", str(page), "--out", os.fsdecode(out)], capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert b"o\\xffut/graph.ttl" in done.stdout
