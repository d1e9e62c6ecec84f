"""People on real text from other outlets (../shared/realtext, read in place when present): one node per
person, and no person from a fragment, as the reference scorer sees them."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REALTEXT = Path("/work/shared/realtext")
SCORER = Path("/work/shared/tools/score_graph.py")


@pytest.mark.skipif(not (REALTEXT / "gold").is_dir() or not SCORER.is_file(), reason="needs ../shared/realtext")
def test_realtext_people_are_one_node_each_and_no_fragments(tmp_path):
    from unionkg.pipelines.run.build import run_build

    run_build([REALTEXT / "texts"], tmp_path, workers=1)
    spec = importlib.util.spec_from_file_location("score_graph", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    report = scorer.score(tmp_path / "graph.ttl", REALTEXT / "gold",
                          sorted(p.stem for p in (REALTEXT / "gold").glob("*.json") if p.stem != "aliases"))
    people = {n for n in report["detail"]["entity_fp"] if n.endswith(" (duplicate)")} \
        & {n + " (duplicate)" for n in _gold_people()}
    assert not people, f"same person as several nodes: {sorted(people)}"
    assert report["typed"]["PERSON"]["f1"] >= 0.97, report["typed"]["PERSON"]


def _gold_people() -> set[str]:
    import json

    names = set()
    for path in (REALTEXT / "gold").glob("*.json"):
        if path.stem != "aliases":
            names |= set(json.loads(path.read_text("utf-8"))["PERSON"])
    return names
