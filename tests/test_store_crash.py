"""A store command killed with SIGKILL at any point leaves the store as it was before or as it is after,
never between: the graph, the manifest and every page's records together. The next writer cleans up
what the killed one left and succeeds.

Two kinds of kill: the command kills itself at a named step (a driver process wraps one function of
the store and sends itself SIGKILL there: every step of a commit is hit for certain), and the test
kills it from outside as soon as a file of the new version appears (as a user or the system would)."""
from __future__ import annotations

import hashlib
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from unionkg.graph.store.versions import VERSIONS, WORK_DIR, current_database, current_version, read_manifest
from unionkg.pipelines.run.store import StoreBusy, add_to_store, build_store
from unionkg.pipelines.settings import SAMPLES_DIR
from processes import kill_when

PAGES = sorted(SAMPLES_DIR.glob("*.txt"))
CLI = "from unionkg.pipelines.run.cli import app; app()"

# Runs the CLI (argv after the point) with SIGKILL sent to itself at one step of the store's writer.
DRIVER = r'''
import os, signal, sys
point, argv = sys.argv[1], sys.argv[2:]
from unionkg.graph.store import triples, versions
from unionkg.pipelines.run import store

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def after(module, name, calls=1):
    real, seen = getattr(module, name), []
    def wrapped(*args, **kwargs):
        result = real(*args, **kwargs)
        seen.append(1)
        if len(seen) >= calls:
            die()
        return result
    setattr(module, name, wrapped)

class KillingOx:  # the database module, except that parsing the insertions kills (removals are done)
    def __init__(self, real):
        self.real, self.parsed = real, 0
    def __getattr__(self, name):
        return getattr(self.real, name)
    def parse(self, *args, **kwargs):
        self.parsed += 1
        if self.parsed == 2:
            die()
        return self.real.parse(*args, **kwargs)

if point == "extracted":
    after(store, "_extract")
elif point == "database-copied":
    after(triples, "copy_database")
elif point == "removals-applied":
    triples.ox = KillingOx(triples.ox)
elif point == "database-written":
    after(triples, "update_database")
    after(triples, "create_database")
elif point == "records-half-written":
    after(versions.NextVersion, "write_record")  # one of the new pages' records
elif point == "manifest-written":
    after(versions, "fsync_path")  # the first file made durable after the manifest is written
elif point in ("renamed-not-switched", "switched"):
    real_replace = os.replace
    def replace(src, dst):
        if os.path.basename(dst) == "current" and point == "renamed-not-switched":
            die()
        real_replace(src, dst)
        if os.path.basename(dst) == "current":
            die()
    versions.os.replace = replace
else:
    raise SystemExit(f"unknown point {point}")
sys.argv = ["unionkg", *argv]
from unionkg.pipelines.run.cli import app
app()
'''


def snapshot(folder: Path):
    """What the store holds, whole: its graph, its pages with their hashes, and every page's records."""
    version = current_version(folder)
    if version is None:
        return None
    manifest = read_manifest(version)
    records = {page.page_id: hashlib.sha256((version / page.record).read_bytes()).hexdigest()
               for page in manifest.pages}
    graph = frozenset(ox.Store.read_only(str(current_database(folder))))
    return graph, tuple((page.page_id, page.sha256) for page in manifest.pages), records


def leftovers(folder: Path) -> list[str]:
    work = sorted(p.name for p in (folder / WORK_DIR).glob("work-*")) + [p.name for p in folder.glob(".current.*")]
    versions = sorted(p.name for p in (folder / VERSIONS).iterdir())
    return work + versions[:-2]  # at most the current version and the previous one stay


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """A store of two pages (before), and the same store after adding two more (after)."""
    root = tmp_path_factory.mktemp("states")
    build_store(PAGES[:2], root / "before", workers=1)
    shutil.copytree(root / "before", root / "after", symlinks=True)
    add_to_store(PAGES[2:4], root / "after", workers=1)
    return root, snapshot(root / "before"), snapshot(root / "after")


def _add_again_until_unlocked(store: Path):
    """The next writer: its own run, once the killed command's forked workers (killed with it) let go."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return add_to_store(PAGES[2:4], store, workers=1)
        except StoreBusy:
            assert time.monotonic() < deadline, "the lock outlived the killed command"
            time.sleep(0.05)


POINTS_BEFORE = ["extracted", "database-copied", "removals-applied", "database-written", "records-half-written",
                 "manifest-written", "renamed-not-switched"]


@pytest.mark.parametrize("point", POINTS_BEFORE + ["switched"])
def test_add_killed_at_each_step_leaves_the_store_before_or_after(states, tmp_path, point):
    root, before, after = states
    store = tmp_path / "store"
    shutil.copytree(root / "before", store, symlinks=True)
    killed = subprocess.run([sys.executable, "-c", DRIVER, point, "add", *map(str, PAGES[2:4]), "--store", str(store),
                             "--workers", "1", "-q"], capture_output=True, timeout=600)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert snapshot(store) == (after if point == "switched" else before)
    query = subprocess.run([sys.executable, "-c", CLI, "query", str(store), "ASK { ?s ?p ?o }"],
                           capture_output=True, timeout=120)
    assert query.returncode == 0 and b"true" in query.stdout, query.stderr.decode()
    summary = _add_again_until_unlocked(store)
    assert summary.version == (0 if point == "switched" else 2)
    assert snapshot(store) == after
    assert leftovers(store) == []


def test_remove_killed_before_its_switch_leaves_the_store_as_it_was(states, tmp_path):
    root, before, after = states
    store = tmp_path / "store"
    shutil.copytree(root / "after", store, symlinks=True)
    killed = subprocess.run([sys.executable, "-c", DRIVER, "renamed-not-switched", "remove", PAGES[3].name,
                             "--store", str(store), "-q"], capture_output=True, timeout=600)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert snapshot(store) == after


@pytest.mark.parametrize("point", ["database-written", "renamed-not-switched"])
def test_a_first_build_killed_before_its_switch_leaves_no_store(states, tmp_path, point):
    root, before, after = states
    store = tmp_path / "store"
    killed = subprocess.run([sys.executable, "-c", DRIVER, point, "build", *map(str, PAGES[:2]),
                             "--store", str(store), "--workers", "1", "-q"], capture_output=True, timeout=600)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert snapshot(store) is None
    query = subprocess.run([sys.executable, "-c", CLI, "query", str(store), "ASK { ?s ?p ?o }"],
                           capture_output=True, timeout=120)
    assert query.returncode == 1 and b"not a unionkg store" in query.stderr
    build_store(PAGES[:2], store, workers=1)  # the next build cleans up and makes the store
    assert snapshot(store) == before
    assert leftovers(store) == []


# Files of the next version as they appear: its work folder, its database, its records.
SIGNS = {
    "work folder": lambda present: any(p.startswith(f"{WORK_DIR}/work-") for p in present),
    "database files": lambda present: any("/oxigraph/" in p and p.endswith(".sst") and "work-" in p for p in present),
    "records": lambda present: any("/records/" in p and "work-" in p for p in present),
}


@pytest.mark.parametrize("sign", sorted(SIGNS))
def test_add_killed_from_outside_leaves_the_store_before_or_after(states, tmp_path, sign):
    root, before, after = states
    store = tmp_path / "store"
    shutil.copytree(root / "before", store, symlinks=True)
    process = subprocess.Popen([sys.executable, "-c", CLI, "add", *map(str, PAGES[2:4]), "--store", str(store),
                                "--workers", "1", "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    killed = kill_when(process, store, SIGNS[sign]) is not None
    state = snapshot(store)
    assert state in (before, after)
    if not killed:  # it finished before the sign was seen: then it must have finished right
        assert process.returncode == 0 and state == after
    _add_again_until_unlocked(store)
    assert snapshot(store) == after
    assert leftovers(store) == []
