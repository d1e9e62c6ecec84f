"""unionkg.pipelines.run.build and .writing: the two halves of the exports give the same files whether forked or not."""
from __future__ import annotations

import hashlib

import pytest
from sample_corpus import make_corpus

import unionkg.pipelines.run.build as build
import unionkg.pipelines.run.writing as writing
from unionkg.pipelines.settings import Settings


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_build_forked_and_serial_exports_are_identical(tmp_path, monkeypatch):
    corpus = make_corpus()
    forked = build.write_outputs(corpus, tmp_path / "forked", Settings())
    monkeypatch.setattr(writing, "_fork_context", lambda: None)
    serial = build.write_outputs(corpus, tmp_path / "serial", Settings())
    assert [p.name for p in forked] == [p.name for p in serial] == list(build.OUTPUT_FILES)
    assert _digests(tmp_path / "forked") == _digests(tmp_path / "serial")


def test_build_failure_in_the_forked_half_is_raised(tmp_path, monkeypatch):
    if writing._fork_context() is None:
        pytest.skip("no fork on this platform")

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(writing, "_write_tables_and_rdf", broken)
    with pytest.raises(RuntimeError, match="RDF and CSV outputs failed"):
        build.write_outputs(make_corpus(), tmp_path / "out", Settings())


def _awkward_page():
    from unionkg.graph.records import (ArticleRecord, Evidence, EventRecord, Mention, PageRecord, Reporter, RoleRecord,
                               StructureRecord)

    ev = Evidence("p9", "in/p9.txt", 3, 7, '引"号\\', "句子\n换行", "标题")
    article = ArticleRecord(
        "p9", "in/p9.txt", 0, "标题<b>&", "", 0, 40,
        reporters=[Reporter("王伟", "记者")],
        mentions=[Mention("张良", "PERSON", 0, 2, 3, 5, "张良", "张良说 😀")],
        roles=[RoleRecord("张良", "北京市总工会", "主席", ev, "UNION")],
        events=[EventRecord("会见", ["张良", "王伟"], ["北京市总工会"], "", "北京", "4月1日", None)],
        structure=[StructureRecord("part_of", "朝阳区总工会", "北京市总工会", evidence=ev)],
        aliases=[("市总工会", "北京市总工会")],
    )
    return PageRecord("p9", "in/p9.txt", "ab" * 32, "gb18030", 40, [article, ArticleRecord("p9", "in/p9.txt", 1, "", "", 40, 40)])


def test_build_record_lines_are_the_json_of_to_dict(tmp_path):
    import json

    from unionkg.graph.records import to_dict

    pages = [_awkward_page(), *make_corpus().pages]
    for page in pages:
        assert build.record_line(page) == json.dumps(to_dict(page), ensure_ascii=False, sort_keys=True) + "\n"
    build.write_records(pages, tmp_path / "records.jsonl")
    assert build.read_records(tmp_path / "records.jsonl") == pages
    with pytest.raises(TypeError):
        build.record_line(object())


def test_build_failure_in_the_records_child_is_raised(tmp_path, monkeypatch):
    if writing._fork_context() is None:
        pytest.skip("no fork on this platform")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(writing, "write_records", broken)
    with pytest.raises(RuntimeError, match="records.jsonl failed"):
        build.resolve_and_write_outputs([_awkward_page()], tmp_path / "out", Settings())
    assert (tmp_path / "out" / "graph.gexf").exists()  # the other parts still ran to the end


@pytest.mark.parametrize("fork", [True, False])
def test_build_resolve_and_write_outputs_equals_resolve_then_write_outputs(tmp_path, monkeypatch, fork):
    from unionkg.graph.resolve.resolve import resolve

    if not fork:
        monkeypatch.setattr(writing, "_fork_context", lambda: None)
    pages = [_awkward_page()]
    corpus, files = build.resolve_and_write_outputs(pages, tmp_path / "together", Settings())
    build.write_outputs(resolve(pages, Settings()), tmp_path / "apart", Settings())
    assert [p.name for p in files] == list(build.OUTPUT_FILES)
    assert _digests(tmp_path / "together") == _digests(tmp_path / "apart")
    assert sorted(corpus.entities) == sorted(resolve(pages, Settings()).entities)
    assert build.read_records(tmp_path / "together" / "records.jsonl") == pages


def test_build_preloads_the_output_modules():
    import sys

    build.preload_output_modules()
    assert {"unionkg.graph.readwrite.html", "unionkg.graph.readwrite.rdf", "unionkg.graph.readwrite.gexf", "unionkg.graph.resolve.resolve"} <= set(sys.modules)


def test_build_with_workers_never_loads_spacy_in_its_own_process(tmp_path):
    """The model and spaCy live in the workers: loading them in the build's process as well cost
    0.7 s at the start, while a core waited. The output modules are loaded before the first page."""
    import subprocess
    import sys
    import textwrap

    from unionkg.pipelines.settings import SAMPLES_DIR

    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from unionkg.pipelines.run import build
        seen = []
        def progress(done, total):
            if done == 1:
                seen.append("unionkg.graph.readwrite.html" in sys.modules)
        if __name__ == "__main__":
            build.run_build([Path({str(SAMPLES_DIR)!r})], Path({str(tmp_path / "out")!r}), workers=2,
                            progress=progress)
            print(sorted(m for m in ("spacy", "onnxruntime", "thinc") if m in sys.modules), seen)
    """)
    (tmp_path / "run.py").write_text(script, encoding="utf-8")
    done = subprocess.run([sys.executable, str(tmp_path / "run.py")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "[True]"]
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_build_one_name_per_relation_in_every_output(tmp_path):
    """The graph formats, relations.csv and the build summary name each relation the same way (RDF
    says org:Membership, schema:attendee … by its contract)."""
    import csv
    import json
    import re
    import xml.etree.ElementTree as ET

    from unionkg.graph.records import MEMBERSHIP, RELATIONS

    corpus = make_corpus()
    build.write_outputs(corpus, tmp_path, Settings(), gephi_co_mentions=1)  # co-mentions of any weight
    with open(tmp_path / "relations.csv", encoding="utf-8-sig", newline="") as handle:
        csv_names = {row["kind"] for row in csv.DictReader(handle)}
    root = ET.parse(tmp_path / "graph.graphml").getroot()
    key = next(k.get("id") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")
               if k.get("for") == "edge" and k.get("attr.name") == "relation")
    graphml_names = {d.text for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data") if d.get("key") == key}
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script id="kg-data" type="application/json">\n(\{.*?\})\n</script>', page, re.S).group(1))
    relation_of_row = [r["relation"] for r in data["meta"]["relations"]]
    html_names = {relation_of_row[e[2]] for e in data["edges"]} | set(relation_of_row)
    summary = build.BuildSummary()
    build.summarize(corpus, summary)
    summary_names = set(summary.relations) - {"events"}
    assert csv_names == graphml_names == html_names == set(RELATIONS)
    assert MEMBERSHIP in summary_names and summary_names <= set(RELATIONS)
