"""The outputs of a build, written as one set: records, RDF and CSV in a forked child while this
process builds the entity graph and writes GEXF, GraphML and the HTML view (both cores busy at the
serial end of a build). Without fork the same steps run one after another, giving the same bytes.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from unionkg.graph.corpus import Corpus
from unionkg.graph.io import atomic_write, die_with_parent, gc_paused
from unionkg.graph.records import MET, PageRecord, page_from_dict, to_json
from unionkg.pipelines.settings import Settings

OUTPUT_FILES = (
    "graph.ttl",
    "graph.nt.gz",
    "graph.gexf",
    "graph-met.gexf",
    "graph.graphml",
    "graph.html",
    "entities.csv",
    "relations.csv",
    "merges.tsv",
    "records.jsonl",
)


# What builds wrote before, in place of one of OUTPUT_FILES: removed when a new set is committed.
RETIRED_FILES = ("graph.nt",)


def record_line(page: PageRecord) -> str:
    """One page's extraction records as a line of ``records.jsonl`` (with its newline)."""
    return to_json(page) + "\n"


def write_records(pages: Iterable[PageRecord], path: Path) -> None:
    """Extraction records, one JSON page per line: what resolution merges (and `view` reloads)."""
    with atomic_write(path) as out, gc_paused():
        out.writelines(record_line(page) for page in pages)


def read_records(path: Path) -> list[PageRecord]:
    with open(path, encoding="utf-8") as handle:
        return [page_from_dict(json.loads(line)) for line in handle if line.strip()]


def write_merge_report(corpus: Corpus, path: Path) -> None:
    """Every merge the resolution made and why, then the same-name people it kept apart."""
    with atomic_write(path) as out:
        out.write("entity\tsurface_forms\treason\n")
        for merge in corpus.merges:
            out.write(f"{merge.entity}\t{'|'.join(merge.surfaces)}\t{merge.reason}\n")
        for note in corpus.homonyms:
            out.write(f"\t\thomonym kept apart: {note}\n")


def _write_tables_and_rdf(corpus: Corpus, out_dir: Path, settings: Settings, with_records: bool = True) -> None:
    from unionkg.graph.readwrite.rdf import write_turtle_and_ntriples
    from unionkg.graph.readwrite.tables import write_entities_csv, write_relations_csv

    write_turtle_and_ntriples(corpus, out_dir / "graph.ttl", out_dir / "graph.nt.gz", settings.base_iri)
    write_entities_csv(corpus, out_dir / "entities.csv")
    write_relations_csv(corpus, out_dir / "relations.csv")
    write_merge_report(corpus, out_dir / "merges.tsv")
    if with_records:
        write_records(corpus.pages, out_dir / "records.jsonl")


def _fork_context():
    """A fork context when forking is safe here (POSIX, no other thread that could hold a lock)."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return None
    return multiprocessing.get_context("fork")


@dataclass
class _Part:
    """One independent part of the outputs, written by a forked child (or by this process)."""

    what: str
    process: multiprocessing.process.BaseProcess | None = None


def _run_part(parent_pid: int, target: Callable, *args, **kwargs) -> None:
    """In a forked child: die with the parent. ``daemon`` only covers a parent that exits normally; a
    killed build's child would go on writing into its stage and holding the output folder's lock."""
    die_with_parent(parent_pid)
    target(*args, **kwargs)


def _start_part(context, what: str, target: Callable, *args, **kwargs) -> _Part:
    """Run ``target`` in a forked child, or right here (and now) when there is no fork."""
    if context is None:
        target(*args, **kwargs)
        return _Part(what)
    process = context.Process(target=_run_part, args=(os.getpid(), target, *args), kwargs=kwargs, daemon=True)
    process.start()
    return _Part(what, process)


def write_outputs(corpus: Corpus, out_dir: Path, settings: Settings, *, html_top: int | None = 300,
                  gephi_co_mentions: float | None = None) -> list[Path]:
    """Every output file, atomically, on both cores: a forked child writes the RDF and CSV half while
    this process collects the graph's nodes and edges and writes GEXF and GraphML (in one pass) and
    the HTML view.
    Without fork the same steps run one after another."""
    out_dir.mkdir(parents=True, exist_ok=True)
    # The collector stays off for the whole tail: it builds acyclic data in bulk, and a collection in
    # a forked child would touch (and so copy) every page of the parent's heap.
    with gc_paused():
        return _write_parts(corpus, out_dir, settings, html_top, _fork_context(), [], with_records=True,
                            gephi_co_mentions=gephi_co_mentions)


def resolve_and_write_outputs(pages: list[PageRecord], out_dir: Path, settings: Settings, *,
                              html_top: int | None = 300,
                              gephi_co_mentions: float | None = None) -> tuple[Corpus, list[Path]]:
    """``resolve`` then ``write_outputs``, except that records.jsonl, which needs no resolution, is
    written by a forked child while this process resolves (on the core that would otherwise wait)."""
    from unionkg.graph.resolve.resolve import resolve

    out_dir.mkdir(parents=True, exist_ok=True)
    context = _fork_context()
    with gc_paused():
        parts = [_start_part(context, "records.jsonl", write_records, pages, out_dir / "records.jsonl")]
        try:
            corpus = resolve(pages, settings)
        except BaseException:
            _join(parts)
            raise
        return corpus, _write_parts(corpus, out_dir, settings, html_top, context, parts, with_records=False,
                                    gephi_co_mentions=gephi_co_mentions)


def write_resolved(corpus: Corpus, out_dir: Path, settings: Settings, *, html_top: int | None = 300,
                   gephi_co_mentions: float | None = None, stage: Callable[[str], None] | None = None) -> list[Path]:
    """``write_outputs`` but records.jsonl (written by the caller), telling ``stage`` as it goes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with gc_paused():
        return _write_parts(corpus, out_dir, settings, html_top, _fork_context(), [], with_records=False,
                            gephi_co_mentions=gephi_co_mentions, stage=stage)


def _tell(stage: Callable[[str], None] | None, what: str) -> None:
    if stage is not None:
        stage(what)


def _write_parts(corpus: Corpus, out_dir: Path, settings: Settings, html_top: int | None, context,
                 parts: list[_Part], *, with_records: bool, gephi_co_mentions: float | None = None,
                 stage: Callable[[str], None] | None = None) -> list[Path]:
    """The outputs of ``write_outputs`` (records.jsonl only ``with_records``); ``parts`` already
    started are joined too. The Gephi files hold co-mentions only of at least ``gephi_co_mentions``
    articles (none by default: they stay in RDF and CSV)."""
    from unionkg.graph.model import build_graph
    from unionkg.graph.readwrite.gexf import gexf_document
    from unionkg.graph.readwrite.graphml import graphml_document
    from unionkg.graph.readwrite.html import write_html
    from unionkg.graph.readwrite.xmlgraph import write_xml_documents

    try:
        _tell(stage, "writing RDF and CSV" + (" (in a second process)" if context is not None else ""))
        parts.append(_start_part(context, "the RDF and CSV outputs", _write_tables_and_rdf,
                                 corpus, out_dir, settings, with_records))
        _tell(stage, "building the entity graph")
        graph = build_graph(corpus)
        _tell(stage, f"writing GEXF and GraphML ({graph.number_of_nodes()} nodes)")
        # GEXF and GraphML in one pass over the graph (write_gexf and write_graphml would make two).
        write_xml_documents(graph, [(out_dir / "graph.gexf", gexf_document(graph)),
                                    (out_dir / "graph.graphml", graphml_document())],
                            co_mentions=gephi_co_mentions)
        # Who met whom alone, drawn on its own: the common question, in a file Gephi opens at once.
        _tell(stage, "writing the who-met-whom GEXF")
        met = graph.only(MET)
        write_xml_documents(met, [(out_dir / "graph-met.gexf", gexf_document(met))])
        _tell(stage, "writing the HTML explorer")
        write_html(graph, out_dir / "graph.html", top=html_top)
        if any(part.process is not None and part.process.is_alive() for part in parts):
            _tell(stage, "waiting for the RDF and CSV")
    finally:
        _join(parts)
    for part in parts:
        if part.process is not None and part.process.exitcode != 0:
            raise RuntimeError(f"writing {part.what} failed (exit code {part.process.exitcode}; see above)")
    return [out_dir / name for name in OUTPUT_FILES]


def _join(parts: list[_Part]) -> None:
    for part in parts:
        if part.process is not None:
            part.process.join()
