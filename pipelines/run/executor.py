"""Run a per-page function over many pages on all cores, streaming results back in input order.

``map_pages(paths, worker_fn)`` yields ``(path, result)`` for every path, in the order given, where result
is what ``worker_fn(path)`` returned or the exception it raised (one bad page never loses the others).
Work runs in a pool of processes (or a dask.distributed cluster); at most a few pages per worker are in
flight, so memory stays bounded however many pages there are. ``worker_fn`` must be picklable: a
module-level function, or ``functools.partial`` of one (e.g. ``partial(process_file, settings=settings)``).
Each worker process keeps its own module caches (spaCy pipeline, LAC model), so models load once per worker.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from unionkg.pipelines.nlp.tagger import THREADS_ENV

EXECUTORS = ("process", "dask")
# pages queued per worker: enough to keep every worker busy while the oldest page is awaited
IN_FLIGHT_PER_WORKER = 4
# Imported once by the forkserver before it forks any worker, so workers start with spaCy, ONNX Runtime and
# the compiled Viterbi kernel already in memory instead of each loading them (first page back in 2.3 s
# instead of 5 s with two workers). Nothing there starts a thread, which keeps forking from the server safe.
WORKER_PRELOAD = ("unionkg.pipelines.run.worker_preload",)

Progress = Callable[[int, int], None]


class WorkerCrashed(RuntimeError):
    """The worker process died (killed, out of memory, crashed in native code) while on this page."""


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _rebuild_exception(cls: type[BaseException], args: tuple, state: dict) -> BaseException:
    err = cls.__new__(cls)
    err.args = args
    err.__dict__.update(state)
    return err


class _ExceptionCarrier:
    """Pickles an exception without calling its ``__init__`` again on the way back.

    Plain pickling re-runs ``cls(*err.args)``, which fails for exceptions whose ``__init__`` takes other
    arguments than it passes to ``Exception`` (``PageError(path, reason)``); an unpicklable result would
    break the whole process pool.
    """

    def __init__(self, err: BaseException) -> None:
        self.err = err

    def __reduce__(self):
        return _rebuild_exception, (type(self.err), self.err.args, dict(self.err.__dict__))


def _run(worker_fn: Callable[[Path], object], path: Path) -> object:
    """The result, or the exception as a value (with its traceback as a note)."""
    try:
        return worker_fn(path)
    except Exception as err:  # noqa: BLE001 - handed to the caller, who decides
        err.add_note("".join(traceback.format_exception(err)).rstrip())
        return err


def _call(worker_fn: Callable[[Path], object], path: Path) -> object:
    """Run in a worker process: like ``_run``, with the exception made safe to send back."""
    global _freeze_pending
    result = _run(worker_fn, path)
    if _freeze_pending:
        # What the first page loaded (spaCy pipeline, lexicons, tagger) lives as long as the worker:
        # moved out of the collector's sight, full collections stop re-scanning it on every page.
        _freeze_pending = False
        gc.collect()
        gc.freeze()
    if isinstance(result, BaseException):
        err = result
        for carried in (err, _ExceptionCarrier(err)):
            try:
                pickle.loads(pickle.dumps(carried))
            except Exception:  # noqa: BLE001 - try the next way to send it back
                continue
            return carried
        return RuntimeError(f"{type(err).__name__}: {err}")
    return result


# Pool workers only (processes we own, unlike a dask cluster's): a page allocates hundreds of thousands of
# small objects, and the default young-generation threshold of 700 ran ~800 collections per 300k chars.
POOL_WORKER_GC_THRESHOLD = (20_000, 20, 20)
_freeze_pending = False


def _init_pool_worker(tagger_threads: str | None) -> None:
    global _freeze_pending
    _init_worker(tagger_threads)
    gc.set_threshold(*POOL_WORKER_GC_THRESHOLD)
    _freeze_pending = True


def _init_worker(tagger_threads: str | None) -> None:
    # Before any model loads: one ONNX Runtime thread per worker (parallelism comes from the workers;
    # LAC's GRU steps are too small to split, 2 threads measured slower even alone), unless the caller
    # set the variable. Passed explicitly: forkserver workers do not see later changes to os.environ.
    os.environ[THREADS_ENV] = tagger_threads or "1"


def map_pages(paths: Iterable[Path | str], worker_fn: Callable[[Path], object], *, workers: int | None = None,
              executor: str = "process", progress: Progress | None = None,
              scheduler: str | None = None,
              on_started: Callable[[], None] | None = None) -> Iterator[tuple[Path, object]]:
    """Yield ``(path, worker_fn(path) or the exception it raised)`` for each path, in input order.

    ``workers``: processes (default: all cores, at most one per page); one worker with
    ``executor="process"`` runs in this process. ``executor="dask"`` runs on a local dask.distributed
    cluster of ``workers`` processes, or on the cluster at ``scheduler`` (e.g. ``"tcp://10.0.0.5:8786"``).
    ``progress(done, total)`` is called after each page. ``on_started()`` is called once, when the
    pages have been handed out and before the first result is awaited: this process's own preparations
    then run while worker processes start and load the model.
    """
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {EXECUTORS}, not {executor!r}")
    items = [Path(p) for p in paths]
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise ValueError("workers must be >= 1")
    workers = min(workers, max(1, len(items)))  # no idle workers loading models for nothing
    if executor == "process" and workers > 1:  # the pool starts on the first page: on_started runs then
        return _with_progress(items, _map_processes(items, worker_fn, workers, on_started), progress)
    if executor == "dask":
        results = _map_dask(_import_dask_distributed(), items, worker_fn, workers, scheduler)
    else:
        results = (_run(worker_fn, path) for path in items)
    if on_started is not None:
        on_started()
    return _with_progress(items, results, progress)


def _with_progress(items: list[Path], results: Iterator[object],
                   progress: Progress | None) -> Iterator[tuple[Path, object]]:
    total = len(items)
    try:
        for done, (path, result) in enumerate(zip(items, results), start=1):
            if progress is not None:
                progress(done, total)
            yield path, result
    finally:
        close = getattr(results, "close", None)
        if close is not None:  # consumer stopped early: shut the pool down now
            close()


def _start_method() -> str:
    # Not fork: the parent may run ONNX Runtime or dask threads, which a forked child inherits half-copied.
    # forkserver forks from a clean single-threaded server started once (cheap pools); spawn elsewhere.
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _new_pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context(_start_method())
    if context.get_start_method() == "forkserver":
        # takes effect when the server starts (the first pool); modules that fail to import are skipped
        context.set_forkserver_preload(list(WORKER_PRELOAD))
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_init_pool_worker, initargs=(os.environ.get(THREADS_ENV),))


def _map_processes(items: list[Path], worker_fn, workers: int,
                   on_started: Callable[[], None] | None = None) -> Iterator[object]:
    limit = workers * IN_FLIGHT_PER_WORKER
    pool = _new_pool(workers)
    pending: deque[tuple[int, object]] = deque()  # (item index, future) in input order
    next_index = 0
    try:
        while next_index < len(items) or pending:
            try:
                while next_index < len(items) and len(pending) < limit:
                    pending.append((next_index, pool.submit(_call, worker_fn, items[next_index])))
                    next_index += 1
                if on_started is not None:
                    on_started()
                    on_started = None
                result = pending[0][1].result()
            except BrokenProcessPool:
                # A worker died (on submit or on a result) and took every queued page with it. Rerun the
                # pages not yet yielded one at a time, so only the page that kills its worker is reported.
                pool.shutdown(wait=True, cancel_futures=True)
                redo = [items[i] for i, _ in pending]
                pending.clear()
                yield from _run_one_at_a_time(worker_fn, redo)
                pool = _new_pool(workers)
                continue
            pending.popleft()
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_one_at_a_time(worker_fn, paths: list[Path]) -> Iterator[object]:
    single = _new_pool(1)
    try:
        for path in paths:
            try:
                yield single.submit(_call, worker_fn, path).result()
            except BrokenProcessPool:  # alone in the pool: this page killed the worker
                yield WorkerCrashed(f"worker process died while processing {path}")
                single.shutdown(wait=True)
                single = _new_pool(1)
    finally:
        single.shutdown(wait=True, cancel_futures=True)


def _import_dask_distributed():
    try:
        import dask.distributed as distributed
    except ImportError as err:
        raise ImportError("executor='dask' needs dask.distributed: pip install 'unionkg[dask]'") from err
    return distributed


def _map_dask(distributed, items: list[Path], worker_fn, workers: int,
              scheduler: str | None) -> Iterator[object]:
    import logging

    cluster = None
    if scheduler is None:
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.WARNING)
        client = distributed.Client(cluster)
    else:
        client = distributed.Client(scheduler)
    try:
        client.run(_init_worker, os.environ.get(THREADS_ENV))
        limit = max(1, sum(client.nthreads().values())) * IN_FLIGHT_PER_WORKER
        pending: deque = deque()
        next_index = 0
        while next_index < len(items) or pending:
            while next_index < len(items) and len(pending) < limit:
                # pure=False: a page is processed even if an identical call ran before
                pending.append(client.submit(_call, worker_fn, items[next_index], pure=False))
                next_index += 1
            future = pending.popleft()
            try:
                result = future.result()
            except Exception as err:  # noqa: BLE001 - the worker died (KilledWorker, ...), not worker_fn
                result = WorkerCrashed(f"{type(err).__name__}: {err}")
            future.release()
            yield result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
