"""Gephi Lite's GEXF parser (graphology-gexf, in node) for the GEXF tests, skipped where it is missing."""
from __future__ import annotations

import shutil
import subprocess

import pytest


def graphology_available() -> bool:
    if not shutil.which("node"):
        return False
    probe = "require('graphology'); require('graphology-gexf'); require('@xmldom/xmldom')"
    return subprocess.run(["node", "-e", probe], capture_output=True).returncode == 0


needs_graphology = pytest.mark.skipif(
    not graphology_available(),
    reason="node with graphology, graphology-gexf and @xmldom/xmldom on NODE_PATH (Gephi Lite's GEXF parser) "
           "is not installed")
