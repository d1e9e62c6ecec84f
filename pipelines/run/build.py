"""``unionkg build`` as a plain function: pages in, graph files out.

read → clean → segment → spaCy pipeline (per page, in parallel workers) → extraction records →
resolution (once) → graph → exports. The outputs replace the previous build's as one set (see
outset); a page that cannot be read is reported and skipped, never taking the others down with it.
"""
from __future__ import annotations

import dataclasses
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from unionkg.pipelines.settings import SAMPLES_DIR, Settings
from unionkg.graph.corpus import Corpus
from unionkg.graph.io import atomic_write, gc_paused
from unionkg.graph.records_spool import SpooledArticles
from unionkg.graph.records import ENTITY_LABELS, LOCATED_IN, MEMBERSHIP, MET, PART_OF, PageRecord
from unionkg.pipelines.run.outset import OutputSet
# The outputs' side of a build (re-exported: callers import them from here).
from unionkg.pipelines.run.writing import (  # noqa: F401
    OUTPUT_FILES, RETIRED_FILES, _tell, read_records, record_line, resolve_and_write_outputs, write_outputs,
    write_records, write_resolved,
)
from unionkg.pipelines.nlp.dates import date_events
from unionkg.pipelines.read.dates import PageDating, date_page, manifest_pages
from unionkg.pipelines.read.reading import PageError, PageInput, discover_pages, display_name

# Inputs larger than this (about 20M characters of Chinese) are resolved from the spooled
# records.jsonl, pass by pass, instead of from every page's records held in memory (0.3 GB per 10M
# characters): a decade of a daily paper then needs memory for its graph, not for its text.
RECORDS_ON_DISK_BYTES = 60_000_000


class BuildError(Exception):
    """Nothing could be built (no readable page at all); ``skipped`` says why for each input."""

    def __init__(self, message: str, skipped: list[PageError]) -> None:
        super().__init__(message)
        self.skipped = skipped


@dataclass
class BuildSummary:
    pages: int = 0
    articles: int = 0
    dated: int = 0  # pages with a date
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
    paths: list[Path | PageInput],
    settings: Settings,
    *,
    workers: int | None = None,
    executor: str = "process",
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    dating: PageDating | None = None,
    on_page: Callable[[PageRecord], None] | None = None,
    keep_articles: bool = True,
) -> tuple[list[PageRecord], list[PageError]]:
    """Run the per-page pipeline over ``paths``; return records in input order and the pages skipped.

    A page is published under its :class:`PageInput` name (a bare path: its file name), never
    under the local path it was read from. Pages, articles and events are dated here (``dating``:
    the manifest and ``--date``; see pipelines/read/dates.py). ``on_page`` gets each page's records
    as they arrive (in input order): the build spools them to records.jsonl there. Without
    ``keep_articles`` only each page's header is kept (:func:`page_header`): the articles are wherever
    ``on_page`` put them."""
    from unionkg.pipelines.run.executor import map_pages

    inputs = [p if isinstance(p, PageInput) else PageInput(Path(p), Path(p).stem, display_name(Path(p).name))
              for p in paths]
    worker_fn = partial(extract_file, settings=settings)
    records: list[PageRecord] = []
    skipped: list[PageError] = []
    if progress is not None:
        progress(0, len(inputs))  # the count, before the first (perhaps long) page
    results = map_pages([page.path for page in inputs], worker_fn, workers=workers, executor=executor,
                        scheduler=scheduler, progress=progress, on_started=preload_output_modules)
    for page, (path, result) in zip(inputs, results):
        if isinstance(result, PageError):
            skipped.append(result)
        elif isinstance(result, BaseException):
            # A bug on one page must not lose the others: report it like unreadable input.
            skipped.append(PageError(path, f"could not be processed ({type(result).__name__}: {result})"))
        else:
            record = rename_page(result, page.page_id, page.source)
            date_page(record, page.path, dating)
            date_events(record)
            if on_page is not None:
                on_page(record)
            records.append(record if keep_articles else page_header(record))
    return records, skipped


def extract_file(path: Path, settings: Settings) -> PageRecord:
    """One page's records, as a worker makes them. spaCy and the model are imported here, in the
    worker (whose forkserver has them loaded already), never in the process that runs the build:
    that import took 0.7 s there, while one core waited for it."""
    from unionkg.pipelines.nlp.extract import process_file

    return process_file(path, settings)


def rename_page(record: PageRecord, page_id: str, source: str) -> PageRecord:
    """``record`` with every ``page_id`` and ``source`` it holds set to the page's published name
    (workers name a page by its path, which only this process knows to be relative to what)."""
    record.page_id, record.source = page_id, source
    for article in record.articles:
        article.page_id, article.source = page_id, source
        for item in (*article.roles, *article.events, *article.structure):
            evidence = item.evidence
            if evidence is not None:
                evidence.page_id, evidence.source = page_id, source
    return record


def preload_output_modules() -> None:
    """Import what resolution and the exports use (networkx, igraph, pyvis, jinja2, numpy, pyoxigraph:
    about 0.3 s): called while the workers start, when this process would only wait, so that the
    serial end of the build does not start with the imports."""
    import igraph  # noqa: F401
    import unionkg.graph.model  # noqa: F401
    import unionkg.graph.readwrite.gexf  # noqa: F401
    import unionkg.graph.readwrite.graphml  # noqa: F401
    import unionkg.graph.readwrite.html  # noqa: F401
    import unionkg.graph.readwrite.rdf  # noqa: F401
    import unionkg.graph.resolve.resolve  # noqa: F401
    import unionkg.graph.readwrite.tables  # noqa: F401


def resolve_spooled(pages: list[PageRecord], settings: Settings,
                    stage: Callable[[str], None] | None = None, *,
                    spool: SpooledArticles | None = None) -> Corpus:
    """``resolve`` for records already written to records.jsonl: the corpus keeps only each page's
    header (what the RDF says of a page), so once the caller lets go of ``pages`` their mentions,
    roles and events are freed before the exports, where memory peaks. With ``spool`` the pages
    are headers already and each step of resolution reads the articles back from the file."""
    from unionkg.graph.resolve.resolve import resolve

    _tell(stage, f"resolving {len(pages)} pages" + (" (reading records.jsonl on each pass)" if spool else ""))
    with gc_paused():
        corpus = resolve(pages, settings, spool)
        corpus.pages = [page_header(page) for page in corpus.pages]
    _tell(stage, f"resolved: {len(corpus.entities)} entities, {len(corpus.articles)} articles")
    return corpus


def page_header(page: PageRecord) -> PageRecord:
    """``page`` without its articles (every other field kept, whatever fields records gain)."""
    return dataclasses.replace(page, articles=[])


def _input_bytes(paths: list) -> int:
    total = 0
    for page in paths:
        try:
            total += os.path.getsize(page.path if isinstance(page, PageInput) else page)
        except OSError:
            pass  # reported when the page is read
    return total


def summarize(corpus: Corpus, summary: BuildSummary) -> None:
    counts = Counter(entity.label for entity in corpus.entities.values())
    summary.entities_by_type = {label: counts.get(label, 0) for label in ENTITY_LABELS}
    met_pairs = set()
    for event in corpus.events:
        people = sorted(set(event.attendees))
        met_pairs.update((a, b) for i, a in enumerate(people) for b in people[i + 1 :])
    # Keyed by relation name (as in the graph and relations.csv), with the events they come from.
    summary.relations = {
        MEMBERSHIP: len(corpus.memberships),
        "events": len(corpus.events),
        MET: len(met_pairs),
        PART_OF: sum(1 for s in corpus.structure if s.kind == PART_OF),
        LOCATED_IN: sum(1 for s in corpus.structure if s.kind == LOCATED_IN),
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
    gephi_co_mentions: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    dating: PageDating | None = None,
    stage: Callable[[str], None] | None = None,
    records_on_disk: bool | None = None,
) -> BuildSummary:
    """Build the graph of ``inputs`` (files or folders; none: the bundled samples, or with a
    manifest in ``dating``, the pages it lists) into ``out_dir``. ``stage`` is told when each step
    of the serial end starts (progress lines on long runs). ``records_on_disk``: resolve from the
    spooled records.jsonl instead of holding every page's records (None: when the input files
    exceed RECORDS_ON_DISK_BYTES); the outputs are the same bytes either way."""
    settings = settings or Settings()
    started = time.perf_counter()
    summary = BuildSummary()
    if not inputs and dating is not None and dating.manifest:
        paths, missing = manifest_pages(dating)
    else:
        paths, missing = discover_pages(list(inputs) or [SAMPLES_DIR])
    summary.skipped.extend(missing)
    if not paths:  # before the output folder is touched at all
        raise BuildError("no page file found; nothing was written", summary.skipped)
    if records_on_disk is None:
        records_on_disk = _input_bytes(paths) > RECORDS_ON_DISK_BYTES
    # Locked from the start (a second build fails now, not after minutes of work); the files
    # go to a fresh stage and replace the previous set together (see outset).
    with OutputSet(out_dir, OUTPUT_FILES, RETIRED_FILES) as outputs:
        articles = 0

        def spool_page(page: PageRecord) -> None:
            nonlocal articles
            articles += len(page.articles)
            spool.write(record_line(page))

        # records.jsonl is written as the pages arrive (on the core that waits for the workers).
        with atomic_write(outputs.stage / "records.jsonl") as spool:
            pages, skipped = extract_pages(
                paths, settings, workers=workers, executor=executor, scheduler=scheduler, progress=progress,
                dating=dating, on_page=spool_page, keep_articles=not records_on_disk,
            )
            summary.skipped.extend(skipped)
            if not pages:
                raise BuildError("no page could be read; nothing was written", summary.skipped)
        summary.pages = len(pages)
        summary.articles = articles
        summary.dated = sum(1 for page in pages if page.date)
        on_disk = SpooledArticles(outputs.stage / "records.jsonl", articles,
                                  lambda n: _tell(stage, f"resolution: pass {n} over records.jsonl")) if records_on_disk else None
        corpus = resolve_spooled(pages, settings, stage, spool=on_disk)
        del pages  # the records are on disk; what the outputs need is in the corpus
        write_resolved(corpus, outputs.stage, settings, html_top=html_top,
                       gephi_co_mentions=gephi_co_mentions, stage=stage)
        summary.files = outputs.commit()
    summarize(corpus, summary)
    summary.seconds = time.perf_counter() - started
    return summary
