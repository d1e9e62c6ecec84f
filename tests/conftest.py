"""Shared fixtures: graphs built once per test session from the bundled pages."""
from __future__ import annotations

from pathlib import Path

import pytest

from unionkg.pipelines.settings import SAMPLES_DIR

FIXTURES = Path(__file__).parent / "fixtures"
GOLD_DIR = FIXTURES / "gold"
GOLD_STEMS = sorted(p.stem for p in GOLD_DIR.glob("0*.json"))


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The bundled five sample pages built into a temporary folder: (summary, out_dir)."""
    from unionkg.pipelines.run.build import run_build

    out = tmp_path_factory.mktemp("sample-build")
    summary = run_build([SAMPLES_DIR], out, workers=2)
    return summary, out


@pytest.fixture(scope="session")
def gold_build(tmp_path_factory):
    """A graph built from exactly the three gold pages, as the scorer expects: out_dir."""
    from unionkg.pipelines.run.build import run_build

    out = tmp_path_factory.mktemp("gold-build")
    run_build([SAMPLES_DIR / f"{stem}.txt" for stem in GOLD_STEMS], out, workers=1)
    return out
