"""The scripts of benchmarks/ imported as modules, for the tests of their helpers and tables."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def imported(name: str):
    """Yield benchmarks/``name``.py imported by name from a path entry (so processes it spawns can
    import it too); the entry is removed afterwards. For a module-scoped fixture."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCHMARKS))
        yield importlib.import_module(name)
