"""``unionkg build/add/remove --store DIR`` and ``unionkg export DIR``: the archive store as plain functions.

Each writer locks the store, extracts only the pages it has to, re-resolves identities over every
page's records, and commits the next version of the store as one step (``graph/store``: the
database and the records change together or not at all). The graph it holds equals the graph a full
build of the same pages writes: records come back in the order a build makes them (by relative
name), and resolution and RDF are the build's own functions.
"""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from unionkg.graph.records import PageRecord
from unionkg.graph.store.versions import (
    ALIASES,
    FIRST_BUILD_LEFTOVERS,
    WORK_DIR,
    Manifest,
    NextVersion,
    StoredPage,
    StoreError,
    current_version,
    is_store,
    read_graph,
    read_manifest,
    read_records,
    recover,
)
from unionkg.pipelines.read.dates import manifest_pages
from unionkg.pipelines.read.reading import PageInput, discover_pages
from unionkg.pipelines.run.build import BuildError, BuildSummary, summarize
from unionkg.pipelines.run.outset import OutputBusy, lock_folder
from unionkg.pipelines.settings import SAMPLES_DIR, Settings


class StoreBusy(Exception):
    """Another command is writing the store."""


@dataclass
class StoreSummary(BuildSummary):
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    triples_added: int = 0
    triples_removed: int = 0
    triples: int = 0
    version: int = 0  # 0: nothing changed, no version written
    store: Path | None = None


class _Locked:
    """The store's writer lock (``DIR/.unionkg/lock``) with a clean-up of what a killed writer left."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> _Locked:
        if self.folder.exists() and not self.folder.is_dir():
            raise StoreError(f"{self.folder}: not a folder")
        # A first build killed before its switch leaves only these behind: the next one cleans them up.
        if self.folder.is_dir() and not is_store(self.folder) and any(
                entry.name not in FIRST_BUILD_LEFTOVERS for entry in self.folder.iterdir()):
            raise StoreError(f"{self.folder}: not a unionkg store and not empty; give a new or empty folder")
        (self.folder / WORK_DIR).mkdir(parents=True, exist_ok=True)
        try:
            self.handle = lock_folder(self.folder / WORK_DIR)
        except OutputBusy:
            holder = (self.folder / WORK_DIR / "lock").read_text(encoding="utf-8").strip() or "unknown"
            raise StoreBusy(f"{self.folder} is being written by another command (pid {holder}); "
                            "wait for it to finish") from None
        recover(self.folder)
        return self

    def __exit__(self, *exc) -> None:
        self.handle.close()


def stored_settings(version: Path, manifest: Manifest) -> Settings:
    """The settings the store was built with (its alias file is kept in the version)."""
    values = manifest.settings
    aliases = values.get("aliases")
    return Settings(home_city=values["home_city"], base_iri=values["base_iri"],
                    aliases_file=version / aliases if aliases else None)


def _settings_record(settings: Settings) -> tuple[dict, bytes | None]:
    aliases = None
    if settings.aliases_file is not None:
        aliases = Path(settings.aliases_file).read_bytes()
    return ({"home_city": settings.home_city, "base_iri": settings.base_iri,
             "aliases": ALIASES if aliases is not None else None}, aliases)


def _file_sha256(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None  # unreadable: extraction reports why


def _order(page: PageRecord | StoredPage) -> tuple[str, str]:
    return (page.source, page.page_id)  # the order a build gives its pages (inputs._named)


def _commit(folder: Path, current: Path | None, manifest: Manifest | None, settings: dict, aliases: bytes | None,
            kept: dict[str, StoredPage], kept_records: dict[str, PageRecord], new: list[PageRecord],
            summary: StoreSummary, *, rebuild: bool) -> None:
    """Resolve every page's records, and write and switch to the next version holding them."""
    from unionkg.graph.readwrite.rdf import serialize
    from unionkg.graph.resolve.resolve import resolve
    from unionkg.graph.store.triples import NT, copy_database, create_database, update_database

    pages = sorted([*kept_records.values(), *new], key=_order)
    with NextVersion(folder, current) as nxt:
        alias_name = nxt.write_aliases(aliases) if aliases is not None else None
        resolve_settings = Settings(home_city=settings["home_city"], base_iri=settings["base_iri"],
                                    aliases_file=nxt.path / alias_name if alias_name else None)
        corpus = resolve(pages, resolve_settings)
        ntriples = serialize(corpus, settings["base_iri"], NT)
        if rebuild or current is None:
            change = create_database(nxt.database, ntriples)
        else:
            copy_database(current / "oxigraph", nxt.database)
            change = update_database(nxt.database, read_graph(current), ntriples)
        nxt.write_graph(ntriples)
        del ntriples
        stored = [StoredPage(p.page_id, p.source, p.sha256, nxt.keep_record(p.page_id)) for p in kept.values()]
        stored += [StoredPage(r.page_id, r.source, r.sha256, nxt.write_record(r)) for r in new]
        version = (manifest.version if manifest else 0) + 1
        nxt.commit(Manifest(version, settings, sorted(stored, key=_order), change.triples))
    recover(folder)  # the version before the previous one goes
    summary.version = version
    summary.triples, summary.triples_added, summary.triples_removed = change.triples, change.added, change.removed
    summary.pages = len(pages)
    summary.articles = sum(len(page.articles) for page in pages)
    summarize(corpus, summary)


def _extract(inputs: list[PageInput], settings: Settings, summary: StoreSummary, **extract_options) -> list[PageRecord]:
    from unionkg.pipelines.run.build import extract_pages

    if not inputs:
        return []
    records, skipped = extract_pages(inputs, settings, **extract_options)
    summary.skipped.extend(skipped)
    return records


def build_store(inputs: list[str | Path], folder: Path, settings: Settings | None = None, *,
                progress: Callable[[int, int], None] | None = None, **extract_options) -> StoreSummary:
    """The store at ``folder`` holds exactly the pages of ``inputs``, all extracted afresh (a new
    store, or the next version of an existing one)."""
    settings = settings or Settings()
    started = time.perf_counter()
    summary = StoreSummary(store=folder)
    dating = extract_options.get("dating")
    if not inputs and dating is not None and dating.manifest:
        paths, missing = manifest_pages(dating)  # the pages a manifest lists
    else:
        paths, missing = discover_pages(list(inputs) or [SAMPLES_DIR])
    summary.skipped.extend(missing)
    if not paths:
        raise BuildError("no page file found; the store was not changed", summary.skipped)
    settings_record, aliases = _settings_record(settings)
    with _Locked(folder):
        current = current_version(folder)
        manifest = read_manifest(current) if current else None
        new = _extract(paths, settings, summary, progress=progress, **extract_options)
        if not new:
            raise BuildError("no page could be read; the store was not changed", summary.skipped)
        summary.new = len(new)
        _commit(folder, current, manifest, settings_record, aliases, {}, {}, new, summary, rebuild=True)
    summary.seconds = time.perf_counter() - started
    return summary


def add_to_store(inputs: list[str | Path], folder: Path, *, progress: Callable[[int, int], None] | None = None,
                 **extract_options) -> StoreSummary:
    """Add pages to the store (a page of the same name with other content replaces it; unchanged
    pages are skipped), with the settings the store was built with."""
    started = time.perf_counter()
    summary = StoreSummary(store=folder)
    paths, missing = discover_pages(list(inputs))
    summary.skipped.extend(missing)
    if not paths:
        raise BuildError("no page file found; the store was not changed", summary.skipped)
    with _Locked(folder):
        current = _existing(folder)
        manifest = read_manifest(current)
        settings = stored_settings(current, manifest)
        stored = {page.page_id: page for page in manifest.pages}
        todo = [page for page in paths if page.page_id not in stored
                or stored[page.page_id].sha256 != _file_sha256(page.path)]
        summary.unchanged = len(paths) - len(todo)
        new = _extract(todo, settings, summary, progress=progress, **extract_options)
        summary.changed = sum(1 for record in new if record.page_id in stored)
        summary.new = len(new) - summary.changed
        if not new:
            summary.pages = len(stored)
            summary.seconds = time.perf_counter() - started
            return summary  # nothing to change: no new version
        replaced = {record.page_id for record in new}
        kept = {page_id: page for page_id, page in stored.items() if page_id not in replaced}
        records = read_records(current, Manifest(manifest.version, manifest.settings, list(kept.values())))
        _commit(folder, current, manifest, manifest.settings, _stored_aliases(current, manifest), kept, records,
                new, summary, rebuild=False)
    summary.seconds = time.perf_counter() - started
    return summary


def remove_from_store(names: list[str], folder: Path) -> StoreSummary:
    """Take pages out of the store, named as the store names them (their relative name, with or
    without ``.txt``); an unknown name changes nothing."""
    started = time.perf_counter()
    summary = StoreSummary(store=folder)
    with _Locked(folder):
        current = _existing(folder)
        manifest = read_manifest(current)
        by_name = {}
        for page in manifest.pages:
            by_name.setdefault(page.page_id, page.page_id)
            by_name.setdefault(page.source, page.page_id)
        unknown = [name for name in names if name not in by_name]
        if unknown:
            raise StoreError(f"{folder}: no page named {', '.join(unknown)} in the store "
                             f"(`unionkg pages {folder}` lists them)")
        gone = {by_name[name] for name in names}
        kept = {page.page_id: page for page in manifest.pages if page.page_id not in gone}
        records = read_records(current, Manifest(manifest.version, manifest.settings, list(kept.values())))
        summary.removed = len(gone)
        summary.unchanged = len(kept)
        _commit(folder, current, manifest, manifest.settings, _stored_aliases(current, manifest), kept, records,
                [], summary, rebuild=False)
    summary.seconds = time.perf_counter() - started
    return summary


def list_pages(folder: Path) -> list[StoredPage]:
    current = _existing(folder)
    return read_manifest(current).pages


def export_store(folder: Path, out_dir: Path, *, html_top: int | None = 300,
                 gephi_co_mentions: float | None = None) -> BuildSummary:
    """Write the files ``unionkg build --out`` writes for the store's pages, from its records (no
    page is read again), as one set (see outset)."""
    from unionkg.pipelines.run.build import OUTPUT_FILES, RETIRED_FILES, resolve_and_write_outputs
    from unionkg.pipelines.run.outset import OutputSet

    started = time.perf_counter()
    current = _existing(folder)  # one version, resolved once: a writer meanwhile does not change it
    manifest = read_manifest(current)
    records = read_records(current, manifest)
    pages = [records[page.page_id] for page in sorted(manifest.pages, key=_order)]
    summary = BuildSummary()
    with OutputSet(out_dir, OUTPUT_FILES, RETIRED_FILES) as outputs:
        corpus, _ = resolve_and_write_outputs(pages, outputs.stage, stored_settings(current, manifest),
                                              html_top=html_top, gephi_co_mentions=gephi_co_mentions)
        summary.files = outputs.commit()
    summary.pages = len(pages)
    summary.articles = sum(len(page.articles) for page in pages)
    summarize(corpus, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def _existing(folder: Path) -> Path:
    current = current_version(folder)
    if current is None:
        raise StoreError(f"{folder}: not a unionkg store (make one with `unionkg build PAGES --store {folder}`)")
    return current


def _stored_aliases(current: Path, manifest: Manifest) -> bytes | None:
    name = manifest.settings.get("aliases")
    return (current / name).read_bytes() if name else None


def format_store_summary(summary: StoreSummary) -> str:
    """What a store command did, in the build summary's shape."""
    from unionkg.pipelines.read.inputs import display_name

    parts = [f"{summary.new} new"]
    if summary.changed:
        parts.append(f"{summary.changed} changed")
    if summary.unchanged:
        parts.append(f"{summary.unchanged} unchanged")
    if summary.removed:
        parts.append(f"{summary.removed} removed")
    if summary.skipped:
        parts.append(f"{len(summary.skipped)} skipped")
    lines = [f"pages     {', '.join(parts)} ({summary.pages} in the store)"]
    if summary.version:
        lines.append(f"articles  {summary.articles}")
        lines.append("entities  " + ", ".join(f"{label} {n}" for label, n in summary.entities_by_type.items()))
        lines.append("relations " + ", ".join(f"{kind} {n}" for kind, n in summary.relations.items()))
        lines.append(f"triples   +{summary.triples_added} -{summary.triples_removed} ({summary.triples} in all)")
        lines.append(f"stored    {display_name(summary.store)} version {summary.version} ({summary.seconds:.1f} s)")
    else:
        lines.append(f"stored    {display_name(summary.store)} unchanged ({summary.seconds:.1f} s)")
    return "\n".join(lines)


def store_size(folder: Path) -> int:
    """Bytes on disk of the store (files shared by hard links between versions counted once)."""
    seen, total = set(), 0
    for root, _, files in os.walk(folder):
        for name in files:
            stat = os.lstat(os.path.join(root, name))
            if (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                total += stat.st_blocks * 512
    return total
