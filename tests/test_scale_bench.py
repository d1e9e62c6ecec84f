"""benchmarks/scale.py's sampler and tables on a tiny process and made-up rows (the figures are not tested)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from benchmark_modules import imported


@pytest.fixture(scope="module")
def scale():
    yield from imported("scale")


def test_tree_sampler_sees_a_child_and_its_memory(scale):
    pytest.importorskip("psutil")
    # a parent holding ~50 MB whose child holds ~30 MB more, both alive for a second
    code = ("import subprocess, sys, time; a = bytearray(50 << 20); "
            "c = subprocess.Popen([sys.executable, '-c', 'import time; b = bytearray(30 << 20); time.sleep(1)']); "
            "c.wait()")
    child = subprocess.Popen([sys.executable, "-c", code])
    sampler = scale.TreeSampler(child.pid, interval=0.05, pss_every=1)
    child.wait()
    sampler.stop()
    assert sampler.peak_one >= 50 << 20
    assert sampler.peak_sum >= (50 << 20) + (30 << 20)
    assert 0 < sampler.peak_pss <= sampler.peak_sum


def test_tables_show_every_output_and_the_ratios(scale, capsys):
    files = {name: 1_000_000 for name in scale.OUTPUTS}
    row = {"size": 3_000_000, "chars": 3_000_000, "pages": 300, "input_bytes": 9_000_000, "wall": 30.0, "cpu": 50.0,
           "peak_sum": 2 << 30, "peak_one": 1 << 30, "peak_pss": 3 << 29, "files": files, "nodes": 10, "edges": 20,
           "nx_gexf": 1.5, "graphology_gexf": None}
    scale.print_tables([row], raw_rate=50_000.0)
    out = capsys.readouterr().out
    assert f"| 3,000,000 | 300 | 30 | 50 | 100.0k | 2.00 | 2.00 | 1.50 | 1.00 | {len(scale.OUTPUTS):.1f} | {len(scale.OUTPUTS) / 9:.1f} |" in out
    assert all(name in out for name in scale.OUTPUTS)
    assert "| 3,000,000 | 10 | 20 | 1.0 | 1.5 | – |" in out
