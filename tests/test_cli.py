"""The command line: help everywhere, exit codes, outputs, determinism, bad input."""
from __future__ import annotations

import codecs
import gzip
import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unionkg.pipelines.settings import SAMPLES_DIR
from unionkg.pipelines.run.cli import app

runner = CliRunner()
COMMANDS = ["build", "query", "eval", "view", "serve", "push"]


def test_cli_top_level_help_lists_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    # a one-line description, not just the usage line
    assert len(result.output.strip().splitlines()) > 3


def test_cli_build_samples_writes_every_output(sample_build):
    summary, out = sample_build
    assert summary.pages == 5
    assert summary.articles == 5 + 5 + 7 + 6 + 7
    assert summary.exit_code == 0
    for name in ("graph.ttl", "graph.nt.gz", "graph.gexf", "graph-met.gexf", "graph.graphml", "graph.html",
                 "entities.csv", "relations.csv", "merges.tsv", "records.jsonl"):
        path = out / name
        assert path.is_file() and path.stat().st_size > 0, name
    assert not list(out.glob(".*.tmp")), "temporary files left behind"
    assert (out / "entities.csv").read_bytes().startswith(codecs.BOM_UTF8)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_cli_build_is_deterministic_across_runs_and_workers(sample_build, tmp_path):
    from unionkg.pipelines.run.build import run_build

    _, first = sample_build
    run_build([SAMPLES_DIR], tmp_path, workers=1)
    assert _digests(tmp_path) == _digests(first)


def test_cli_build_skips_bad_files_and_keeps_the_rest(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    good = SAMPLES_DIR / "000_082664f229b51164.txt"
    (pages / "good.txt").write_bytes(good.read_bytes())
    (pages / "empty.txt").write_bytes(b"")
    (pages / "binary.txt").write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(pages), "--out", str(out), "--workers", "1", "--quiet"])
    assert result.exit_code == 2, result.output
    assert "empty.txt" in result.stderr and "binary.txt" in result.stderr
    assert "good.txt" not in result.stderr
    assert (out / "graph.ttl").is_file()
    assert "道佩·阿伦" in (out / "entities.csv").read_text(encoding="utf-8-sig")


def test_cli_build_gephi_co_mentions_option(tmp_path):
    """Co-mentions leave the Gephi files by default (RDF and CSV keep them); --gephi-co-mentions N
    brings back those of at least N shared articles."""
    page = SAMPLES_DIR / "000_082664f229b51164.txt"
    outs = {}
    for name, extra in (("default", []), ("all", ["--gephi-co-mentions", "1"])):
        outs[name] = tmp_path / name
        result = runner.invoke(app, ["build", str(page), "--out", str(outs[name]), "--workers", "1", "--quiet", *extra])
        assert result.exit_code == 0, result.output
    for suffix in ("gexf", "graphml"):
        assert b"co_mentioned" not in (outs["default"] / f"graph.{suffix}").read_bytes()
        assert b"co_mentioned" in (outs["all"] / f"graph.{suffix}").read_bytes()
    for name in ("relations.csv", "graph.nt.gz"):
        assert (outs["default"] / name).read_bytes() == (outs["all"] / name).read_bytes()
    assert "co_mentioned" in (outs["default"] / "relations.csv").read_text(encoding="utf-8-sig")
    result = runner.invoke(app, ["build", str(page), "--out", str(tmp_path / "x"), "--gephi-co-mentions", "0"])
    assert result.exit_code != 0 and not (tmp_path / "x").exists()


def test_cli_build_nothing_readable_writes_nothing(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(bad), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 2
    assert "empty.txt" in result.stderr
    assert not (out / "graph.ttl").exists()


def test_cli_build_missing_input_is_named(tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "nope.txt"), str(SAMPLES_DIR / "000_082664f229b51164.txt"),
                                 "--out", str(tmp_path / "out"), "--workers", "1", "--quiet"])
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr


def test_cli_query_preset_on_sample_graph(sample_build):
    _, out = sample_build
    result = runner.invoke(app, ["query", str(out / "graph.ttl"), "--preset", "who-met-whom",
                                 "--param", "name=张良", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "道佩·阿伦" in result.output


def test_cli_query_malformed_is_one_line_error(sample_build):
    _, out = sample_build
    result = runner.invoke(app, ["query", str(out / "graph.ttl"), "SELECT ?x WHERE { ?x ?y "])
    assert result.exit_code != 0
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_view_writes_neighbourhood(sample_build, tmp_path):
    _, out = sample_build
    target = tmp_path / "view.html"
    result = runner.invoke(app, ["view", "张良", "--out", str(out), "--output", str(target)])
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert "张良" in html and "道佩·阿伦" in html


def test_cli_view_unknown_name_fails_clearly(sample_build):
    _, out = sample_build
    result = runner.invoke(app, ["view", "不存在的人", "--out", str(out)])
    assert result.exit_code == 1
    assert "不存在的人" in result.stderr


def test_cli_sample_graph_parses_and_answers_the_issue_examples(sample_build):
    import pyoxigraph
    import rdflib

    from unionkg.graph.query.engine import preset_text, run_query

    _, out = sample_build
    triples = len(rdflib.Graph().parse(out / "graph.ttl"))
    store = pyoxigraph.Store()
    store.bulk_load(input=gzip.decompress((out / "graph.nt.gz").read_bytes()), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert triples > 1000 and len(store) == triples
    header, rows = run_query(out / "graph.ttl", preset_text("who-met-whom"), {"name": "张良"})
    assert "道佩·阿伦" in [row[header.index("met")] for row in rows]
    assert run_query(out / "graph.ttl", preset_text("who-met-whom"), {"name": "习近平"})[1] == []
    header, rows = run_query(out / "graph.ttl", preset_text("roles-of"), {"name": "张良"})
    assert {(row[header.index("title")], row[header.index("organization")]) for row in rows} == {
        ("党组书记", "北京市总工会"), ("副主席", "北京市总工会")}
