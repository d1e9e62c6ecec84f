"""``unionkg build`` as a plain function: pages in, graph files out.

read → clean → segment → spaCy pipeline (per page, in parallel workers) → extraction records →
resolution (once) → graph → exports. Every output is written atomically; a page that cannot be
read is reported and skipped, never taking the others down with it.
"""
from __future__ import annotations

import json
import multiprocessing
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from graph.config import SAMPLES_DIR, Settings
from graph.corpus import Corpus
from graph.io import atomic_write
from graph.records import ENTITY_LABELS, PageRecord, page_from_dict, to_dict
from pipelines.reading import PageError, discover_inputs

OUTPUT_FILES = (
    "graph.ttl",
    "graph.nt",
    "graph.gexf",
    "graph.graphml",
    "graph.html",
    "entities.csv",
    "relations.csv",
    "merges.tsv",
    "records.jsonl",
)


class BuildError(Exception):
    """Nothing could be built (no readable page at all); ``skipped`` says why for each input."""

    def __init__(self, message: str, skipped: list[PageError]) -> None:
        super().__init__(message)
        self.skipped = skipped


@dataclass
class BuildSummary:
    pages: int = 0
    articles: int = 0
    skipped: list[PageError] = field(default_factory=list)
    entities_by_type: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    homonyms: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 2 if self.skipped else 0


def extract_pages(
    paths: list[Path],
    settings: Settings,
    *,
    workers: int | None = None,
    executor: str = "process",
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[PageRecord], list[PageError]]:
    """Run the per-page pipeline over ``paths``; return records in input order and the pages skipped."""
    from pipelines.executor import map_pages
    from pipelines.extract import process_file

    worker_fn = partial(process_file, settings=settings)
    records: list[PageRecord] = []
    skipped: list[PageError] = []
    for path, result in map_pages(
        paths, worker_fn, workers=workers, executor=executor, scheduler=scheduler, progress=progress
    ):
        if isinstance(result, PageError):
            skipped.append(result)
        elif isinstance(result, BaseException):
            # A bug on one page must not lose the others: report it like unreadable input.
            skipped.append(PageError(path, f"could not be processed ({type(result).__name__}: {result})"))
        else:
            records.append(result)
    return records, skipped


def write_records(pages: Iterable[PageRecord], path: Path) -> None:
    """Extraction records, one JSON page per line: what resolution merges (and `view` reloads)."""
    with atomic_write(path) as out:
        for page in pages:
            out.write(json.dumps(to_dict(page), ensure_ascii=False, sort_keys=True))
            out.write("\n")


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


def _write_tables_and_rdf(corpus: Corpus, out_dir: Path, settings: Settings) -> None:
    from graph.rdf import write_ntriples, write_turtle
    from graph.tables import write_entities_csv, write_relations_csv

    write_turtle(corpus, out_dir / "graph.ttl", settings.base_iri)
    write_ntriples(corpus, out_dir / "graph.nt", settings.base_iri)
    write_entities_csv(corpus, out_dir / "entities.csv")
    write_relations_csv(corpus, out_dir / "relations.csv")
    write_merge_report(corpus, out_dir / "merges.tsv")
    write_records(corpus.pages, out_dir / "records.jsonl")


def _write_graph_views(corpus: Corpus, out_dir: Path, html_top: int | None) -> None:
    from graph.gexf import write_gexf
    from graph.graphml import write_graphml
    from graph.html import write_html
    from graph.model import build_graph

    G = build_graph(corpus)
    write_gexf(G, out_dir / "graph.gexf")
    write_graphml(G, out_dir / "graph.graphml")
    write_html(G, out_dir / "graph.html", top=html_top)


def _fork_context():
    """A fork context when forking is safe here (POSIX, no other thread that could hold a lock)."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return None
    return multiprocessing.get_context("fork")


def write_outputs(corpus: Corpus, out_dir: Path, settings: Settings, *, html_top: int | None = 300) -> list[Path]:
    """Every output file, atomically. The RDF/CSV half and the graph-view half are independent, so a
    forked child writes the first while this process writes the second (serially without fork)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    context = _fork_context()
    if context is None:
        _write_tables_and_rdf(corpus, out_dir, settings)
        _write_graph_views(corpus, out_dir, html_top)
    else:
        child = context.Process(target=_write_tables_and_rdf, args=(corpus, out_dir, settings), daemon=True)
        child.start()
        try:
            _write_graph_views(corpus, out_dir, html_top)
        finally:
            child.join()
        if child.exitcode != 0:
            raise RuntimeError(f"writing the RDF and CSV outputs failed (exit code {child.exitcode}; see above)")
    return [out_dir / name for name in OUTPUT_FILES]


def summarize(corpus: Corpus, summary: BuildSummary) -> None:
    counts = Counter(entity.label for entity in corpus.entities.values())
    summary.entities_by_type = {label: counts.get(label, 0) for label in ENTITY_LABELS}
    met_pairs = set()
    for event in corpus.events:
        people = sorted(set(event.attendees))
        met_pairs.update((a, b) for i, a in enumerate(people) for b in people[i + 1 :])
    summary.relations = {
        "roles": len(corpus.memberships),
        "events": len(corpus.events),
        "met pairs": len(met_pairs),
        "part_of": sum(1 for s in corpus.structure if s.kind == "part_of"),
        "located_in": sum(1 for s in corpus.structure if s.kind == "located_in"),
    }
    summary.homonyms = list(corpus.homonyms)


def run_build(
    inputs: list[str | Path],
    out_dir: Path,
    settings: Settings | None = None,
    *,
    workers: int | None = None,
    executor: str = "process",
    scheduler: str | None = None,
    html_top: int | None = 300,
    progress: Callable[[int, int], None] | None = None,
) -> BuildSummary:
    """Build the graph of ``inputs`` (files or folders; none: the bundled samples) into ``out_dir``."""
    from graph.resolve import resolve

    settings = settings or Settings()
    started = time.perf_counter()
    summary = BuildSummary()
    paths, missing = discover_inputs(list(inputs) or [SAMPLES_DIR])
    summary.skipped.extend(missing)
    pages, skipped = extract_pages(
        paths, settings, workers=workers, executor=executor, scheduler=scheduler, progress=progress
    )
    summary.skipped.extend(skipped)
    if not pages:
        raise BuildError("no page could be read; nothing was written", summary.skipped)
    corpus = resolve(pages, settings)
    summary.pages = len(pages)
    summary.articles = sum(len(page.articles) for page in pages)
    summarize(corpus, summary)
    summary.files = write_outputs(corpus, Path(out_dir), settings, html_top=html_top)
    summary.seconds = time.perf_counter() - started
    return summary
