"""map_pages: input order, errors as values, bounded streaming, same results serial / processes / dask."""
from __future__ import annotations

import functools
import gc
import os
import sys
from pathlib import Path

import pytest

from unionkg.pipelines.run.executor import POOL_WORKER_GC_THRESHOLD, WorkerCrashed, map_pages
from unionkg.pipelines.nlp.tagger import THREADS_ENV


# -- module-level worker functions (picklable by reference for worker processes) ------------------------

def summarize_page(path: Path, *, marker_dir: str | None = None) -> tuple[str, int, str]:
    text = path.read_text(encoding="utf-8")
    if marker_dir is not None:
        Path(marker_dir, path.name).touch()
    if text.startswith("BAD"):
        raise ValueError(f"cannot read {path.name}")
    return path.name, len(text), text[::-1]


def die_on_crash_page(path: Path) -> str:
    if path.read_text(encoding="utf-8") == "CRASH":
        os._exit(3)  # the worker process dies without raising
    return path.name


def tagger_threads(path: Path) -> str | None:
    return os.environ.get(THREADS_ENV)


def gc_state(path: Path) -> tuple[tuple[int, ...], bool]:
    return gc.get_threshold(), gc.get_freeze_count() > 0


def heavy_modules_loaded(path: Path) -> tuple[bool, ...]:
    return tuple(name in sys.modules for name in ("spacy", "onnxruntime", "numba"))


# -- fixtures ----------------------------------------------------------------------------------------------

@pytest.fixture()
def pages(tmp_path) -> list[Path]:
    paths = []
    for i in range(13):
        path = tmp_path / f"page_{i:02d}.txt"
        path.write_text("工会" * (i * 37 % 11 + 1) + str(i), encoding="utf-8")
        paths.append(path)
    return paths


def _expected(paths):
    return [(p, summarize_page(p)) for p in paths]


# -- tests -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("workers", [1, 2])
def test_executor_process_results_in_input_order(pages, workers):
    assert list(map_pages(pages, summarize_page, workers=workers)) == _expected(pages)


def test_executor_accepts_partial_and_str_paths(pages, tmp_path):
    worker = functools.partial(summarize_page, marker_dir=str(tmp_path))
    result = list(map_pages([str(p) for p in pages], worker, workers=2))
    assert result == _expected(pages)
    assert all((tmp_path / p.name).exists() for p in pages)


@pytest.mark.parametrize("workers", [1, 2])
def test_executor_exception_is_returned_not_raised(pages, workers):
    pages[4].write_text("BAD page", encoding="utf-8")
    results = dict(map_pages(pages, summarize_page, workers=workers))
    error = results[pages[4]]
    assert isinstance(error, ValueError) and "page_04" in str(error)
    assert any("Traceback" in note for note in getattr(error, "__notes__", []))
    for path in pages[:4] + pages[5:]:
        assert results[path] == summarize_page(path)


def test_executor_progress_reports_each_page(pages):
    seen = []
    list(map_pages(pages, summarize_page, workers=2, progress=lambda done, total: seen.append((done, total))))
    assert seen == [(i, len(pages)) for i in range(1, len(pages) + 1)]


def test_executor_streams_with_bounded_in_flight(tmp_path):
    paths = []
    for i in range(60):
        paths.append(tmp_path / f"p{i:03d}.txt")
        paths[-1].write_text("x" * i, encoding="utf-8")
    markers = tmp_path / "done"
    markers.mkdir()
    stream = map_pages(paths, functools.partial(summarize_page, marker_dir=str(markers)), workers=2)
    first_path, _ = next(stream)
    stream.close()  # stop early: queued pages are cancelled, the pool shuts down
    assert first_path == paths[0]
    assert 1 <= len(list(markers.iterdir())) <= 16


def test_executor_worker_crash_loses_only_that_page(pages):
    pages[6].write_text("CRASH", encoding="utf-8")
    results = list(map_pages(pages, die_on_crash_page, workers=2))
    assert [p for p, _ in results] == pages
    assert isinstance(results[6][1], WorkerCrashed)
    assert [r for i, (_, r) in enumerate(results) if i != 6] == [p.name for i, p in enumerate(pages) if i != 6]


def test_executor_workers_get_one_tagger_thread_each(pages, monkeypatch):
    monkeypatch.delenv(THREADS_ENV, raising=False)
    assert {r for _, r in map_pages(pages[:4], tagger_threads, workers=2)} == {"1"}
    monkeypatch.setenv(THREADS_ENV, "3")  # the caller's setting wins
    assert {r for _, r in map_pages(pages[:4], tagger_threads, workers=2)} == {"3"}


@pytest.mark.skipif(sys.platform != "linux", reason="forkserver is the start method on Linux")
def test_executor_workers_start_with_the_models_libraries_imported(pages):
    # the worker function itself imports nothing: the modules come from the forkserver's preload
    assert {r for _, r in map_pages(pages[:4], heavy_modules_loaded, workers=2)} == {(True, True, True)}


def test_executor_pool_workers_tune_gc_and_freeze_after_their_first_page(pages):
    states = [r for _, r in map_pages(pages[:4], gc_state, workers=2)]
    assert {threshold for threshold, _ in states} == {POOL_WORKER_GC_THRESHOLD}
    assert any(frozen for _, frozen in states)  # 4 pages on 2 workers: someone ran a second page
    assert gc_state(pages[0]) != (POOL_WORKER_GC_THRESHOLD, True)  # the calling process is left alone


@pytest.mark.parametrize("kwargs", [{"executor": "threads"}, {"workers": 0}])
def test_executor_rejects_bad_arguments(pages, kwargs):
    with pytest.raises(ValueError):
        map_pages(pages, summarize_page, **kwargs)


def test_executor_dask_missing_says_how_to_install(pages, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(ImportError, match=r"unionkg\[dask\]"):
        map_pages(pages, summarize_page, executor="dask")


def test_executor_dask_matches_process(pages):
    pytest.importorskip("dask.distributed")
    pages[2].write_text("BAD page", encoding="utf-8")
    by_dask = list(map_pages(pages, summarize_page, workers=2, executor="dask"))
    by_processes = list(map_pages(pages, summarize_page, workers=2))
    assert [p for p, _ in by_dask] == pages
    assert isinstance(by_dask[2][1], ValueError)
    assert [r for _, r in by_dask if not isinstance(r, Exception)] == \
        [r for _, r in by_processes if not isinstance(r, Exception)]
    assert by_dask[:2] + by_dask[3:] == _expected(pages[:2] + pages[3:])


class TwoArgumentError(Exception):
    """Like unionkg.pipelines.read.reading.PageError: __init__ signature differs from the args it stores."""

    def __init__(self, path, reason):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def raise_two_argument_error(path: Path) -> str:
    if path.name.endswith("03.txt"):
        raise TwoArgumentError(path, "unreadable")
    return path.name


@pytest.mark.parametrize("workers", [1, 2])
def test_executor_returns_exceptions_with_custom_init(pages, workers):
    results = list(map_pages(pages, raise_two_argument_error, workers=workers))
    error = results[3][1]
    assert type(error) is TwoArgumentError
    assert (error.path, error.reason, str(error)) == (pages[3], "unreadable", f"{pages[3]}: unreadable")
    assert [r for _, r in results[4:]] == [p.name for p in pages[4:]]


@pytest.mark.parametrize("workers", [1, 3])
def test_executor_empty_and_single_inputs(tmp_path, workers):
    assert list(map_pages([], summarize_page, workers=workers)) == []
    one = tmp_path / "one.txt"
    one.write_text("工会", encoding="utf-8")
    assert list(map_pages([one], summarize_page, workers=workers)) == [(one, summarize_page(one))]
