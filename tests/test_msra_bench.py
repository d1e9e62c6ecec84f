"""Scoring functions of benchmarks/msra_ner.py on tiny hand-written sentences (no corpus, no model)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "msra_ner.py"
_SPEC = importlib.util.spec_from_file_location("msra_ner", _PATH)
bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench)

# Three hand-written sentences: text, gold spans, LAC-like predictions, pipeline-like predictions.
EXAMPLES = [
    # 0: both right on the person; ours types the bank, LAC misses it
    ("王明在上海银行工作。",
     [(0, 2, "PER"), (3, 7, "ORG")],
     [(0, 2, "PER"), (3, 5, "LOC")],
     [(0, 2, "PER", "PERSON"), (3, 7, "ORG", "COMPANY")]),
    # 1: gold nests nothing; ours extends the place with 地区, LAC exact
    ("他去了昆明地区。",
     [(3, 5, "LOC")],
     [(3, 5, "LOC")],
     [(3, 7, "LOC", "PLACE")]),
    # 2: ours drops a person LAC found and adds a spurious place
    ("克林顿访问大厅。",
     [(0, 3, "PER")],
     [(0, 3, "PER")],
     [(5, 7, "LOC", "PLACE")]),
]
GOLDS = [e[1] for e in EXAMPLES]
LAC = [e[2] for e in EXAMPLES]
OURS = [e[3] for e in EXAMPLES]


@pytest.mark.parametrize(
    "preds, lenient, label, expected",
    [
        # LAC exact: 3 of 4 predictions right; 3 of 4 gold found
        (LAC, False, "ALL", (3 / 4, 3 / 4)),
        (LAC, False, "ORG", (0.0, 0.0)),
        # ours exact: PER 1/1 and 1/2, ORG 1/1, LOC 0/2 and 0/1
        (OURS, False, "PER", (1.0, 1 / 2)),
        (OURS, False, "ORG", (1.0, 1.0)),
        (OURS, False, "LOC", (0.0, 0.0)),
        (OURS, False, "ALL", (2 / 4, 2 / 4)),
        # lenient: 昆明地区 overlaps 昆明, so LOC gets 1/2 precision and 1/1 recall
        (OURS, True, "LOC", (1 / 2, 1.0)),
        (OURS, True, "ALL", (3 / 4, 3 / 4)),
    ],
)
def test_msra_bench_score_exact_and_lenient(preds, lenient, label, expected):
    result = bench.score(GOLDS, preds, lenient=lenient)[label]
    assert (result["p"], result["r"]) == pytest.approx(expected)
    p, r = expected
    assert result["f1"] == pytest.approx(2 * p * r / (p + r) if p + r else 0.0)


def test_msra_bench_lenient_needs_same_label():
    # an overlapping span of another label is no lenient match
    result = bench.score([[(0, 4, "ORG")]], [[(0, 2, "LOC")]], lenient=True)
    assert result["ALL"]["p"] == 0.0 and result["ALL"]["r"] == 0.0


def test_msra_bench_introduced_errors_only_counts_what_lac_got_right():
    patterns = []
    for (text, gold, lac, ours) in EXAMPLES:
        patterns += [p for p, _, _ in bench.introduced_errors(text, gold, lac, ours)]
    assert sorted(patterns) == sorted([
        "FP boundary (longer): ours PLACE, gold LOC",
        "miss (boundary, ours longer): gold LOC, ours PLACE",
        "FP spurious: ours PLACE, no gold there",
        "miss: gold PER, nothing of ours there",
    ])


def test_msra_bench_fixed_errors_lists_lac_mistakes_we_avoid():
    removed, found = bench.fixed_errors(*EXAMPLES[0])
    assert removed == ["上海/LOC"]
    assert found == ["上海银行/ORG"]


def test_msra_bench_lac_spans_align_words():
    text = "王明在上海银行工作。"
    words = [("王明", "PER"), ("在", "p"), ("上海银行", "ORG"), ("工作", "v"), ("。", "w")]
    assert bench.lac_spans(text, words) == [(0, 2, "PER"), (3, 7, "ORG")]


def test_msra_bench_sample_is_deterministic():
    rows = [{"text": str(i), "entities": []} for i in range(50)]
    first = bench.sample_examples(rows, 10, seed=3)
    assert first == bench.sample_examples(rows, 10, seed=3)
    assert first != bench.sample_examples(rows, 10, seed=4)
    assert [int(r["text"]) for r in first] == sorted(int(r["text"]) for r in first)
    assert len(bench.sample_examples(rows, 100, seed=3)) == 50


def test_msra_bench_missing_data_exits_zero(tmp_path, capsys):
    assert bench.main(["--data", str(tmp_path / "absent.jsonl")]) == 0
    assert "not found" in capsys.readouterr().out
