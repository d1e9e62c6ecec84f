"""The output folder switches as one set: killed builds leave the previous set, two builds never mix."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from unionkg.pipelines.run.build import OUTPUT_FILES
from unionkg.pipelines.run.outset import JOURNAL, MANIFEST, WORK_DIR, OutputBusy, OutputSet, recover
from unionkg.pipelines.settings import SAMPLES_DIR
from processes import kill_when

CLI = [sys.executable, "-c", "from unionkg.pipelines.run.cli import app; app()"]
PAGES = sorted(SAMPLES_DIR.glob("*.txt"))


def _set(out: Path) -> dict[str, str]:
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest()
            for name in OUTPUT_FILES if (out / name).is_file()}


def _manifest(out: Path) -> dict[str, str]:
    return json.loads((out / WORK_DIR / MANIFEST).read_text(encoding="utf-8"))["files"]


def _build(pages, out, **kwargs):
    return subprocess.Popen(CLI + ["build", *map(str, pages), "--out", str(out), "--workers", "1", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def _temporaries(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.name.endswith(".tmp") or "stage-" in p.name)


def _staged(name):
    # ``name`` in the stage, being written (its temporary: .graph.gexf.x1y2.tmp) or done
    def seen(present):
        return any("stage-" in p and (Path(p).name == name or Path(p).name.startswith(f".{name}.")) for p in present)
    return seen


def _unlocked(out: Path) -> OutputSet:
    """The folder's output set, once the killed build's forked children (killed with it) let go."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return OutputSet(out, OUTPUT_FILES).__enter__()
        except OutputBusy:
            assert time.monotonic() < deadline, "the lock outlived the killed build"
            time.sleep(0.05)


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    """Two complete sets: A from two pages, B from three, each built alone."""
    root = tmp_path_factory.mktemp("sets")
    for name, pages in (("A", PAGES[:2]), ("B", PAGES[:3])):
        done = _build(pages, root / name)
        assert done.wait(timeout=600) == 0, done.stderr.read()
    return root, _set(root / "A"), _set(root / "B")


# Points of the export, in the order they begin: records (a forked child, during resolution), RDF and
# CSV (another child), GEXF (this process), then the tables the RDF child writes last.
@pytest.mark.parametrize("point", ["records.jsonl", "graph.ttl", "graph.gexf", "relations.csv"])
def test_kill_9_during_the_export_leaves_the_previous_set(sets, tmp_path, point):
    root, set_a, set_b = sets
    out = tmp_path / "out"
    shutil.copytree(root / "A", out)
    build = _build(PAGES[:3], out)
    present = kill_when(build, out, _staged(point))
    assert present is not None, "the build ended before the kill point was seen"
    assert _set(out) == set_a  # the previous set, whole: nothing of the killed build
    assert _manifest(out) == set_a
    # the next build removes what the killed one left (and, once, really builds: its own set in place)
    assert _temporaries(out)  # there was something to clean
    if point == "graph.gexf":
        again = _build(PAGES[:3], out)
        assert again.wait(timeout=600) == 0, again.stderr.read()
        assert _set(out) == set_b == _manifest(out)
    else:
        _unlocked(out).__exit__(None, None, None)  # what a build does first
        assert _set(out) == set_a
    assert _temporaries(out) == []


def test_a_commit_cut_short_is_finished_by_the_next_command(tmp_path):
    out = tmp_path / "out"
    names = ("a.txt", "b.txt", "c.txt")
    with OutputSet(out, names) as outputs:
        for name in names:
            (outputs.stage / name).write_text("old " + name)
        outputs.commit()
    moved = []
    real_replace = os.replace

    def replace_then_die(src, dst):  # the process "dies" after moving one file of the new set
        if Path(src).parent.name.startswith("stage-") and not Path(src).name.startswith(JOURNAL):
            if moved:
                raise KeyboardInterrupt
            moved.append(src)
        return real_replace(src, dst)

    with pytest.raises(KeyboardInterrupt):
        with OutputSet(out, names) as outputs:
            for name in names:
                (outputs.stage / name).write_text("new " + name)
            os.replace = replace_then_die
            try:
                outputs.commit()
            finally:
                os.replace = real_replace
    assert sorted(p.read_text() for p in out.glob("*.txt")) == ["new a.txt", "old b.txt", "old c.txt"]
    recover(out, names)  # what the next build, query or view does first
    assert sorted(p.read_text() for p in out.glob("*.txt")) == ["new a.txt", "new b.txt", "new c.txt"]
    assert _temporaries(out) == []


def test_stale_temporaries_and_stages_are_removed(tmp_path):
    out = tmp_path / "out"
    (out / WORK_DIR / "stage-old").mkdir(parents=True)
    (out / WORK_DIR / "stage-old" / "graph.gexf").write_text("half")
    (out / ".graph.gexf.k3j2_x.tmp").write_text("half")
    (out / ".notes.txt.k3j2_x.tmp").write_text("not ours")
    with OutputSet(out, ("graph.gexf",)):
        pass
    assert not (out / WORK_DIR / "stage-old").exists() and not (out / ".graph.gexf.k3j2_x.tmp").exists()
    assert (out / ".notes.txt.k3j2_x.tmp").exists()  # a file that is not one of ours is left alone


def test_a_second_build_into_the_same_folder_fails_clearly_and_the_first_finishes(sets, tmp_path):
    root, set_a, set_b = sets
    out = tmp_path / "out"
    first = _build(PAGES[:3], out)
    lock = out / WORK_DIR / "lock"
    deadline = time.monotonic() + 120
    while not (lock.is_file() and lock.read_text().strip() == str(first.pid)):
        assert first.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    second = _build(PAGES[:2], out)
    assert second.wait(timeout=600) == 1
    message = second.stderr.read().decode()
    assert f"is being written by another build (pid {first.pid})" in message
    assert first.wait(timeout=600) == 0, first.stderr.read()
    assert _set(out) == set_b == _manifest(out)


def test_the_lock_is_dropped_when_its_process_dies(tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from unionkg.pipelines.run.outset import OutputSet\n"
        f"o = OutputSet({str(out)!r}, ('a',)).__enter__(); print('locked', flush=True); time.sleep(600)")],
        stdout=subprocess.PIPE)
    assert holder.stdout.readline() == b"locked\n"
    with pytest.raises(OutputBusy):
        OutputSet(out, ("a",)).__enter__()
    holder.kill()
    holder.wait()
    with OutputSet(out, ("a",)):
        pass


def test_query_finishes_a_commit_a_killed_build_left_half_done(sets, tmp_path):
    from typer.testing import CliRunner

    from unionkg.pipelines.run.cli import app

    root, set_a, set_b = sets
    out = tmp_path / "out"
    shutil.copytree(root / "A", out)
    # a committed stage of set B, as a build killed right after writing its journal leaves it
    stage = out / WORK_DIR / "stage-killed"
    shutil.copytree(root / "B", stage, ignore=shutil.ignore_patterns(WORK_DIR))
    (stage / JOURNAL).write_text(json.dumps({"files": set_b}), encoding="utf-8")
    result = CliRunner().invoke(app, ["query", str(out / "graph.ttl"), "ASK { ?s ?p ?o }"])
    assert result.exit_code == 0, result.output
    assert _set(out) == set_b == _manifest(out) and not stage.exists()


def test_a_file_earlier_builds_wrote_instead_is_removed_with_the_commit(tmp_path):
    # Builds wrote graph.nt before graph.nt.gz: an old copy must not stay beside the new set,
    # where `serve` or a user would take it for this build's graph.
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.nt").write_text("stale\n", encoding="utf-8")
    (out / "mine.txt").write_text("a user's file\n", encoding="utf-8")
    with OutputSet(out, ("new.nt.gz",), retired=("old.nt",)) as outputs:
        (outputs.stage / "new.nt.gz").write_bytes(b"fresh")
        outputs.commit()
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == ["mine.txt", "new.nt.gz"]
