"""benchmarks/throughput.py's corpus and measuring helpers on tiny inputs (the figures themselves are not tested)."""
from __future__ import annotations

import math

import pytest

from benchmark_modules import imported


@pytest.fixture(scope="module")
def bench():
    yield from imported("throughput")


SENTENCES = ["北京市总工会副主席王伟会见了来访的代表团。", "职工代表大会在朝阳区召开。",
             "区总工会组织劳模参观学习。", "会议由工会主席李强主持。"]


@pytest.mark.parametrize(("text", "size"), [("100k", 100_000), ("1M", 1_000_000), ("2.5k", 2_500), ("42", 42)])
def test_parse_size(bench, text, size):
    assert bench.parse_size(text) == size


def test_write_corpus_reaches_the_size_in_pages_of_news_articles(bench, tmp_path):
    paths = bench.write_corpus(SENTENCES, 25_000, tmp_path)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert len(paths) >= 2
    assert sum(map(len, texts)) >= 25_000
    assert all("本报讯（记者 " in text for text in texts)
    again = bench.write_corpus(SENTENCES, 25_000, tmp_path / "again")
    assert again
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]


def test_encoder_ceiling_counts_each_distinct_sentence_once_per_page(bench):
    sentences = SENTENCES * 3  # one page's call: its repeats are encoded once, as in the tagger
    # two processes, each gets every other sentence (0 and 2, 1 and 3 of SENTENCES, each three times)
    chars, rate, cpu_rate = bench.measure_encoder_ceiling(sentences, 2)
    assert chars == sum(map(len, SENTENCES))
    assert rate > 0 and cpu_rate > 0 and math.isfinite(rate) and math.isfinite(cpu_rate)


def test_spread_sample_takes_every_kth_item_up_to_about_the_size(bench):
    items = [f"{i:02d}" * 5 for i in range(100)]  # 10 chars each
    sample = bench.spread_sample(items, 100)
    assert sample == items[::10]
    assert bench.spread_sample(items, 10_000) == items
