"""pipelines.build: the two halves of the exports give the same files whether forked or not."""
from __future__ import annotations

import hashlib

import pytest
from sample_corpus import make_corpus

import pipelines.build as build
from graph.config import Settings


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_build_forked_and_serial_exports_are_identical(tmp_path, monkeypatch):
    corpus = make_corpus()
    forked = build.write_outputs(corpus, tmp_path / "forked", Settings())
    monkeypatch.setattr(build, "_fork_context", lambda: None)
    serial = build.write_outputs(corpus, tmp_path / "serial", Settings())
    assert [p.name for p in forked] == [p.name for p in serial] == list(build.OUTPUT_FILES)
    assert _digests(tmp_path / "forked") == _digests(tmp_path / "serial")


def test_build_failure_in_the_forked_half_is_raised(tmp_path, monkeypatch):
    if build._fork_context() is None:
        pytest.skip("no fork on this platform")

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(build, "_write_tables_and_rdf", broken)
    with pytest.raises(RuntimeError, match="RDF and CSV outputs failed"):
        build.write_outputs(make_corpus(), tmp_path / "out", Settings())
