"""The serial end of a build in bounded memory: records spooled as pages arrive, lines sorted on disk
for the RDF, compact co-mention edges, and stage lines. Each must give what the in-memory way gives."""
from __future__ import annotations

import random

import pyoxigraph as ox
import pytest
from sample_corpus import make_corpus

from unionkg.graph.corpus import Article, Entity
from unionkg.graph.model import build_graph
from unionkg.graph.readwrite.linesort import SortedLines
from unionkg.graph.readwrite.rdf import serialize, write_rdf_streaming
from unionkg.graph.records import CO_MENTION_LABELS, CO_MENTIONED
from unionkg.pipelines.settings import SAMPLES_DIR, Settings


# -- lines sorted on disk ----------------------------------------------------------------------------

def test_sorted_lines_spill_to_runs_and_merge_to_the_sorted_unique_lines(tmp_path):
    rng = random.Random(7)
    words = ["工会", "张", "a", "b\x01c", "Ω", "𠀀", "z" * 30, ""]
    lines = ["".join(rng.choice(words) for _ in range(rng.randint(1, 4))) for _ in range(2_000)]
    with SortedLines(tmp_path, chunk_lines=97) as spool:
        for line in lines:
            spool.add(line)
        assert spool.runs > 5  # several run files, so the merge is what is tested
        out = list(spool.sorted())
    assert out == sorted({line.encode("utf-8") for line in lines})
    assert not list(tmp_path.iterdir())  # the run files are gone


def test_sorted_lines_in_one_chunk_need_no_run_file(tmp_path):
    with SortedLines(tmp_path, chunk_lines=100) as spool:
        for line in ["b", "a", "b"]:
            spool.add(line)
        assert spool.runs == 0
        assert list(spool.sorted()) == [b"a", b"b"]
    assert not list(tmp_path.iterdir())


# -- streamed RDF ----------------------------------------------------------------------------------

@pytest.mark.parametrize("chunk_lines", [13, 1_000_000])
def test_streamed_rdf_is_byte_identical_to_the_in_memory_serialization(tmp_path, chunk_lines):
    corpus = make_corpus()
    ttl, nt = tmp_path / "g.ttl", tmp_path / "g.nt"
    write_rdf_streaming(corpus, ttl, nt, None, chunk_lines=chunk_lines)
    assert nt.read_bytes() == serialize(corpus, None, ox.RdfFormat.N_TRIPLES)
    assert ttl.read_bytes() == serialize(corpus, None, ox.RdfFormat.TURTLE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.nt", "g.ttl"]  # no temporaries left


def test_streamed_rdf_matches_where_pyoxigraph_rewrites_an_escape(tmp_path):
    """A control character pyoxigraph escapes its own way (\\b): the N-Triples are then its own."""
    corpus = make_corpus()
    corpus.entities["person/甲乙"] = Entity("person/甲乙", "PERSON", "甲\x08乙", aliases=["甲\x0c乙"], mentions=1)
    ttl, nt = tmp_path / "g.ttl", tmp_path / "g.nt"
    write_rdf_streaming(corpus, ttl, nt, None, chunk_lines=11)
    assert nt.read_bytes() == serialize(corpus, None, ox.RdfFormat.N_TRIPLES)
    assert ttl.read_bytes() == serialize(corpus, None, ox.RdfFormat.TURTLE)
    assert b"\\b" in nt.read_bytes()


# -- compact co-mention edges -------------------------------------------------------------------------

def _co_mentions_by_hand(corpus) -> dict:
    """(u, v) -> (weight, evidence dicts) of the co-mentions, from the articles directly."""
    found: dict = {}
    for art in corpus.articles:
        named = sorted({e for e in art.mentions if e in corpus.entities
                        and corpus.entities[e].label in CO_MENTION_LABELS})
        ev = {"page": art.page_id, "source": art.source, "headline": art.headline, "src_start": art.src_start,
              "src_end": art.src_end, "exact": "", "sentence": ""}
        for i, u in enumerate(named):
            for v in named[i + 1:]:
                articles, evidence = found.setdefault((u, v), (set(), {}))
                if art.id:
                    articles.add(art.id)
                evidence[(ev["page"], ev["src_start"], ev["src_end"])] = ev
    return {pair: (float(len(a)), [e[k] for k in sorted(e)]) for pair, (a, e) in found.items()}


def test_compact_co_mention_edges_read_like_plain_ones():
    corpus = make_corpus()
    first = corpus.articles[0]
    # the first article's people named again in a second article (weight 2), and once with no id
    corpus.articles.append(Article(first.id + "x", first.page_id, first.source, "又一篇", "", first.src_end + 5,
                                   first.src_end + 50, [], list(first.mentions)))
    corpus.articles.append(Article("", first.page_id, first.source, "无编号", "", 900, 950, [], list(first.mentions)))
    graph = build_graph(corpus)
    expected = _co_mentions_by_hand(corpus)
    got = {(u, v): (graph.weight(u, v, k), graph.edge(u, v, k)["evidence"])
           for u, v, k in graph.keys if k == CO_MENTIONED}
    assert got == expected
    assert any(weight == 2.0 for weight, _ in got.values())
    for (u, v), (weight, evidence) in expected.items():
        attrs = graph.edge(u, v, CO_MENTIONED)
        assert attrs["weight"] == weight and "articles" not in attrs
        plain = graph.plain_co_mention(u, v, CO_MENTIONED)
        assert plain == (evidence[0] if weight == 1.0 and len(evidence) == 1 else None)


def test_top_nodes_count_co_mention_weights():
    corpus = make_corpus()
    graph = build_graph(corpus)
    weighted: dict = dict.fromkeys(graph.nodes, 0.0)
    for u, v, k in graph.keys:
        weighted[u] += graph.weight(u, v, k)
        weighted[v] += graph.weight(u, v, k)
    top = graph.top_nodes(5)
    assert [weighted[n] for n in top] == sorted((weighted[n] for n in top), reverse=True)
    assert weighted[top[0]] == max(weighted.values())


# -- records spooled as the pages arrive ----------------------------------------------------------------

@pytest.fixture(scope="module")
def spooled_build(tmp_path_factory):
    from unionkg.pipelines.run.build import run_build

    out = tmp_path_factory.mktemp("spooled")
    stages: list[str] = []
    summary = run_build([SAMPLES_DIR], out, workers=1, stage=stages.append)
    return summary, out, stages


def test_spooled_records_are_the_in_memory_records(spooled_build):
    from unionkg.pipelines.read.reading import discover_pages
    from unionkg.pipelines.run.build import extract_pages, record_line

    _, out, _ = spooled_build
    paths, _ = discover_pages([SAMPLES_DIR])
    pages, skipped = extract_pages(paths, Settings(), workers=1)
    assert not skipped
    assert (out / "records.jsonl").read_text(encoding="utf-8") == "".join(record_line(p) for p in pages)


def test_records_spooled_and_read_back_give_the_in_memory_graph(spooled_build):
    from unionkg.graph.resolve.resolve import resolve
    from unionkg.pipelines.read.reading import discover_pages
    from unionkg.pipelines.run.build import extract_pages, read_records, resolve_spooled

    _, out, _ = spooled_build
    paths, _ = discover_pages([SAMPLES_DIR])
    pages, _ = extract_pages(paths, Settings(), workers=1)
    in_memory = build_graph(resolve(pages, Settings()))
    reread = resolve_spooled(read_records(out / "records.jsonl"), Settings())
    assert all(not page.articles for page in reread.pages)  # only the page headers are kept
    spooled = build_graph(reread)
    assert spooled.nodes == in_memory.nodes
    assert list(spooled.edges()) == list(in_memory.edges())


def test_page_headers_give_the_same_rdf_as_whole_pages(tmp_path):
    from unionkg.pipelines.run.build import page_header

    corpus = make_corpus()
    whole = serialize(corpus, None, ox.RdfFormat.N_TRIPLES)
    corpus.pages = [page_header(page) for page in corpus.pages]
    assert serialize(corpus, None, ox.RdfFormat.N_TRIPLES) == whole


def test_articles_read_back_from_records_jsonl_on_each_pass(spooled_build):
    from unionkg.graph.records_spool import SpooledArticles
    from unionkg.pipelines.run.build import read_records

    summary, out, _ = spooled_build
    passes: list[int] = []
    spool = SpooledArticles(out / "records.jsonl", summary.articles, passes.append)
    first, second = list(spool), list(spool)
    in_memory = [a for page in read_records(out / "records.jsonl") for a in page.articles]
    assert first == second == in_memory and len(spool) == len(in_memory) == summary.articles
    assert passes == [1, 2]


def test_resolving_from_records_on_disk_writes_the_same_outputs(spooled_build, tmp_path):
    from unionkg.pipelines.run.build import OUTPUT_FILES, run_build

    summary, in_memory, _ = spooled_build
    stages: list[str] = []
    on_disk = run_build([SAMPLES_DIR], tmp_path / "out", workers=1, stage=stages.append, records_on_disk=True)
    assert (on_disk.pages, on_disk.articles) == (summary.pages, summary.articles)
    for name in OUTPUT_FILES:
        assert (tmp_path / "out" / name).read_bytes() == (in_memory / name).read_bytes(), name
    passes = [s for s in stages if s.startswith("resolution: pass ")]
    assert len(passes) >= 4 and stages[0].endswith("(reading records.jsonl on each pass)")


def test_the_build_tells_each_step_of_its_end(spooled_build):
    summary, _, stages = spooled_build
    assert stages[0] == f"resolving {summary.pages} pages"
    assert stages[1].startswith("resolved: ")
    assert any(s.startswith("writing GEXF and GraphML") for s in stages)
    assert any(s == "writing the HTML explorer" for s in stages)


def test_the_cli_prints_stage_lines_only_for_large_builds(capsys):
    from unionkg.pipelines.run.cli import _Progress

    progress = _Progress(quiet=False)
    progress.plain = True
    progress(0, 5)
    progress.stage("resolving 5 pages")
    progress(5, 5)
    assert "resolving" not in capsys.readouterr().err
    big = _Progress(quiet=False)
    big.plain = True
    big(0, _Progress.STAGE_LINES_FROM)
    big(_Progress.STAGE_LINES_FROM, _Progress.STAGE_LINES_FROM)
    big.stage("resolving 100 pages")
    assert "resolving 100 pages (" in capsys.readouterr().err
    quiet = _Progress(quiet=True)
    quiet(0, 1000)
    quiet.stage("resolving 1000 pages")
    assert capsys.readouterr().err == ""
