"""The output folder as one set: a build's files replace the previous build's all together.

A build locks the folder (``.unionkg/lock``: a second build into it fails at once, naming the
first's pid), writes every file into a fresh stage folder (``.unionkg/stage-<id>/``), then commits:
it writes a journal naming the staged files and their SHA-256, and only then moves them into place.
Killed before the journal, the folder keeps the previous set and the stage is removed by the next
build; killed after it (while moving a few files: milliseconds), the next build or query finishes
the moves. Readers therefore see one build's set, never a mixture, except for that window, which
the next command closes. The lock is an ``flock``: the system drops it when its process dies, so a
killed build never leaves the folder locked.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from unionkg.graph.io import fsync_path

WORK_DIR = ".unionkg"
JOURNAL = "COMMIT.json"
MANIFEST = "manifest.json"
# What atomic_write leaves beside a file when its process is killed: ``.graph.gexf.k3j2_x.tmp``.
_STALE_TMP = re.compile(r"^\.(.+)\.[A-Za-z0-9_]+\.tmp$")

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, the stage and journal still hold
    fcntl = None


class OutputBusy(Exception):
    """Another build is writing into the same output folder."""


class OutputSet:
    """``with OutputSet(out, names) as outset:`` write into ``outset.stage``, then ``outset.commit()``.

    Leaving the block without a commit (an error, Ctrl-C) removes the stage: the folder keeps its
    previous set."""

    def __init__(self, out_dir: str | os.PathLike, names: tuple[str, ...], retired: tuple[str, ...] = ()) -> None:
        self.out = Path(out_dir)
        self.names = tuple(names)
        # files an earlier version wrote in place of one of ``names`` (graph.nt, now graph.nt.gz):
        # removed with the commit, so the folder never holds an old build's file beside the new set
        self.retired = tuple(name for name in retired if name not in self.names)
        self.work = self.out / WORK_DIR
        self.stage: Path | None = None
        self._lock = None

    def __enter__(self) -> OutputSet:
        self.work.mkdir(parents=True, exist_ok=True)
        self._lock = lock_folder(self.work)
        try:
            recover(self.out, self.names)
            self.stage = Path(tempfile.mkdtemp(prefix="stage-", dir=self.work))
        except BaseException:
            self._release()
            raise
        return self

    def commit(self) -> list[Path]:
        """Journal the staged set, then move it into place; the files' final paths."""
        assert self.stage is not None
        missing = [name for name in self.names if not (self.stage / name).is_file()]
        if missing:
            raise RuntimeError(f"the build did not write {', '.join(missing)}; {self.out} keeps its previous files")
        files = {}
        for name in self.names:
            files[name] = _sha256_synced(self.stage / name)
        journal = self.stage / JOURNAL
        tmp = self.stage / (JOURNAL + ".tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump({"files": files, "retired": list(self.retired)}, handle, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, journal)  # the set is now committed: from here on it is finished, never undone
        stage, self.stage = self.stage, None  # interrupted below, the stage stays for recover()
        fsync_path(stage)
        _finish(self.out, stage)
        return [self.out / name for name in self.names]

    def __exit__(self, *exc) -> None:
        try:
            if self.stage is not None:
                shutil.rmtree(self.stage, ignore_errors=True)
                self.stage = None
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing the file drops the flock
            self._lock = None


def lock_folder(work: Path, *, wait: bool = False):
    """An open lock file on ``work/lock``, locked exclusively; ``OutputBusy`` when another process holds it."""
    handle = open(work / "lock", "a+", encoding="utf-8")
    if fcntl is None:
        return handle
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise OutputBusy(f"{work.parent} is being written by another build (pid {holder}); "
                         "wait for it to finish or choose another --out") from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def recover(out: Path, names: tuple[str, ...]) -> None:
    """With the lock held: finish a committed stage, remove uncommitted ones and stale temporaries."""
    work = out / WORK_DIR
    for stage in sorted(work.glob("stage-*")) if work.is_dir() else []:
        if (stage / JOURNAL).is_file():
            _finish(out, stage)
        else:
            shutil.rmtree(stage, ignore_errors=True)
    wanted = set(names)
    for entry in out.iterdir() if out.is_dir() else []:
        match = _STALE_TMP.match(entry.name)
        if match and match.group(1) in wanted and entry.is_file():
            entry.unlink(missing_ok=True)


def finish_pending(out: Path, names: tuple[str, ...]) -> None:
    """For readers (query, view): finish a commit a killed build left half done, unless a build runs."""
    work = out / WORK_DIR
    if not work.is_dir() or not any(work.glob(f"stage-*/{JOURNAL}")):
        return
    try:
        handle = lock_folder(work)
    except (OutputBusy, OSError):
        return
    with handle:
        recover(out, names)


def _finish(out: Path, stage: Path) -> None:
    """Move a committed stage's files into ``out`` (those already moved are skipped), then drop it."""
    journal = json.loads((stage / JOURNAL).read_text(encoding="utf-8"))
    files = journal["files"]
    for name in sorted(files):
        with contextlib.suppress(FileNotFoundError):  # moved before a kill
            os.replace(stage / name, out / name)
    for name in journal.get("retired", ()):
        with contextlib.suppress(FileNotFoundError):
            (out / name).unlink()
    fsync_path(out)
    # The set in place, named with its hashes: what a reader can check the folder against.
    os.replace(stage / JOURNAL, out / WORK_DIR / MANIFEST)
    shutil.rmtree(stage, ignore_errors=True)


def _sha256_synced(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
        os.fsync(handle.fileno())  # on disk before the journal says it is
    return digest.hexdigest()
