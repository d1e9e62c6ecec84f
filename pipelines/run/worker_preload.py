"""Imported once by the process pool's forkserver (``unionkg.pipelines.run.executor.WORKER_PRELOAD``), before it forks
the workers: whatever this loads, every worker inherits instead of loading it again.

It imports spaCy, ONNX Runtime and the pipeline's modules, and loads the tagger's compiled loops (numba reads
them from its disk cache, or compiles them once here rather than once per worker). The ONNX Runtime session itself
is left to each worker: it is not meant to cross a fork.
"""
from __future__ import annotations

import onnxruntime  # noqa: F401  (imported for the workers)

import unionkg.pipelines.nlp.extract  # noqa: F401
import unionkg.pipelines.nlp.pipeline  # noqa: F401
import unionkg.pipelines.run.build  # noqa: F401  (where the workers' page function lives)
from unionkg.pipelines.nlp.tagger import load_compiled_loops

try:
    load_compiled_loops()
except Exception:  # noqa: BLE001 - an error here would kill the forkserver and with it every worker;
    pass  # each worker then loads the loops itself and reports any failure on its page
