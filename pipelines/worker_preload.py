"""Imported once by the process pool's forkserver (``pipelines.executor.WORKER_PRELOAD``), before it forks
the workers: whatever this loads, every worker inherits instead of loading it again.

It imports spaCy, ONNX Runtime and the pipeline's modules, and loads the tagger's compiled loops (numba reads
them from its disk cache, or compiles them once here rather than once per worker). The ONNX Runtime session itself
is left to each worker: it is not meant to cross a fork.
"""
from __future__ import annotations

import numpy as np
import onnxruntime  # noqa: F401  (imported for the workers)

import pipelines.extract  # noqa: F401
import pipelines.nlp  # noqa: F401
from pipelines.tagger import _batch_cuts, compiled, viterbi_batch


def _load_compiled_loops() -> None:
    one_step = np.zeros((1, 1, 2), dtype=np.float32)
    try:
        viterbi_batch(one_step, np.ones(1, dtype=np.int64), np.zeros((2, 2), dtype=np.float32))
        plan = compiled(_batch_cuts)
        if plan is not None:
            plan(np.ones(1, dtype=np.int64), 1, 1, 1, False, np.zeros(2, dtype=np.int64))
    except Exception:  # noqa: BLE001 - an error here would kill the forkserver and with it every worker;
        pass  # each worker then loads the kernel itself and reports any failure on its page


_load_compiled_loops()
