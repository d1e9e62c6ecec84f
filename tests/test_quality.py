"""Quality on the three gold pages must not slip below the issue's targets."""
from __future__ import annotations

from conftest import GOLD_DIR


def test_quality_gold_pages_meet_targets(gold_build):
    from unionkg.graph.query.evaluate import evaluate

    report = evaluate(gold_build / "graph.ttl", GOLD_DIR)
    assert report["entities"]["all"]["f1"] >= 0.95, report["entities"]
    for label, scores in report["typed"].items():
        assert scores["f1"] >= 0.90, (label, scores)
    assert report["roles"]["f1"] >= 0.90, report["roles"]
    assert report["met"]["f1"] >= 0.90, report["met"]
