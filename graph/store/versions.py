"""The store folder's versions: reading the current one, building the next, switching to it.

See the package docstring for the layout and why a change is a new version. A writer must hold the
store's lock (``pipelines/run/store.py`` takes it) around :func:`recover` and :class:`NextVersion`.
"""
from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from unionkg.graph.io import fsync_path
from unionkg.graph.records import PageRecord, page_from_dict, to_json

DATABASE = "oxigraph"
CURRENT = "current"
VERSIONS = "versions"
WORK_DIR = ".unionkg"
MANIFEST = "pages.json"
RECORDS = "records"
ALIASES = "aliases.tsv"
GRAPH = "graph.nt.gz"  # the version's graph as N-Triples: what the next version is compared with
FORMAT = 1
NEW_LINK = f".{CURRENT}.new"  # the link that replaces ``current``, made just before
# What a first build killed before its switch can leave in a folder that is not a store yet.
FIRST_BUILD_LEFTOVERS = (WORK_DIR, VERSIONS, NEW_LINK)


class StoreError(Exception):
    """A folder that is not a store, or a store that cannot be read; the message names it."""


@dataclass
class StoredPage:
    page_id: str  # the page's name in the graph (its relative path without .txt)
    source: str  # the relative path as published
    sha256: str  # of the page file's bytes: an unchanged page is never extracted again
    record: str  # its records file, relative to the version folder


@dataclass
class Manifest:
    version: int
    settings: dict  # home_city, base_iri, aliases (a file of the version, or None)
    pages: list[StoredPage] = field(default_factory=list)
    triples: int = 0

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "version": self.version, "settings": self.settings,
                           "triples": self.triples, "pages": [vars(page) for page in self.pages]},
                          ensure_ascii=False, sort_keys=True, indent=1)


def is_store(folder: str | os.PathLike) -> bool:
    return os.path.islink(Path(folder) / CURRENT)


def current_version(folder: str | os.PathLike) -> Path | None:
    """The folder of the store's current version (resolved once: a switch after this does not
    change it), or None for a folder that holds no store yet."""
    link = Path(folder) / CURRENT
    if not os.path.islink(link):
        return None
    return Path(os.path.realpath(link))


def current_database(folder: str | os.PathLike) -> Path:
    """The current version's RocksDB folder, for ``pyoxigraph.Store.read_only``: the real path, so a
    writer switching versions meanwhile cannot mix two of them under a reader."""
    version = current_version(folder)
    if version is None:
        raise StoreError(f"{folder}: not a unionkg store (no {CURRENT} link; make one with "
                         f"`unionkg build PAGES --store {folder}`)")
    return version / DATABASE


def read_manifest(version: Path) -> Manifest:
    try:
        data = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise StoreError(f"{version / MANIFEST}: cannot be read ({err})") from None
    if data.get("format") != FORMAT:
        raise StoreError(f"{version / MANIFEST}: store format {data.get('format')!r}, this unionkg reads {FORMAT}")
    return Manifest(data["version"], data["settings"], [StoredPage(**page) for page in data["pages"]],
                    data.get("triples", 0))


def read_records(version: Path, manifest: Manifest) -> dict[str, PageRecord]:
    """Every page's records, by page id."""
    records = {}
    for page in manifest.pages:
        path = version / page.record
        try:
            records[page.page_id] = page_from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise StoreError(f"{path}: the records of page {page.source} cannot be read ({err})") from None
    return records


def read_graph(version: Path) -> bytes:
    """The version's graph as N-Triples (as ``graph.nt``), from its ``graph.nt.gz``."""
    try:
        return gzip.decompress((version / GRAPH).read_bytes())
    except (OSError, EOFError) as err:
        raise StoreError(f"{version / GRAPH}: cannot be read ({err})") from None


def record_file(page_id: str) -> str:
    """Where a page's records lie in a version: named by a hash of the page id (any characters)."""
    return f"{RECORDS}/{hashlib.sha256(page_id.encode('utf-8')).hexdigest()[:32]}.json"


def recover(folder: Path) -> None:
    """With the lock held: remove what a killed writer left (work folders, a version renamed into
    place but never switched to) and versions older than the previous one."""
    work = folder / WORK_DIR
    for stale in sorted(work.glob("work-*")) if work.is_dir() else []:
        shutil.rmtree(stale, ignore_errors=True)
    with contextlib.suppress(FileNotFoundError):
        (folder / NEW_LINK).unlink()
    current = current_version(folder)
    if current is not None and not os.path.islink(folder / DATABASE):  # killed between the two links
        os.symlink(f"{CURRENT}/{DATABASE}", folder / DATABASE)
    versions = folder / VERSIONS
    if not versions.is_dir():
        return
    names = sorted(entry.name for entry in versions.iterdir())
    keep = set()
    if current is not None:
        keep.add(current.name)
        older = [name for name in names if name < current.name]
        if older:
            keep.add(older[-1])  # a reader may still be on it
    for name in names:
        if name not in keep:
            shutil.rmtree(versions / name, ignore_errors=True)


class NextVersion:
    """``with NextVersion(folder, previous) as nxt:`` fill ``nxt.path`` (its database, records and
    manifest), then ``nxt.commit(manifest)``; leaving without a commit removes the work folder."""

    def __init__(self, folder: Path, previous: Path | None) -> None:
        self.folder = folder
        self.previous = previous
        self.path: Path | None = None

    def __enter__(self) -> NextVersion:
        (self.folder / WORK_DIR).mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix="work-", dir=self.folder / WORK_DIR))
        os.chmod(self.path, 0o755)  # mkdtemp makes it private; readers may be other users
        (self.path / RECORDS).mkdir()
        return self

    def __exit__(self, *exc) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None

    @property
    def database(self) -> Path:
        return self.path / DATABASE

    def keep_record(self, page_id: str) -> str:
        """An unchanged page's records: a hard link to the previous version's file (a copy where
        links cannot be made)."""
        name = record_file(page_id)
        source = self.previous / name
        try:
            os.link(source, self.path / name)
        except OSError:
            shutil.copyfile(source, self.path / name)
        return name

    def write_record(self, record: PageRecord) -> str:
        name = record_file(record.page_id)
        _write_synced(self.path / name, to_json(record).encode("utf-8"))
        return name

    def write_graph(self, ntriples: bytes) -> None:
        _write_synced(self.path / GRAPH, gzip.compress(ntriples, compresslevel=1, mtime=0))

    def write_aliases(self, text: bytes) -> str:
        _write_synced(self.path / ALIASES, text)
        return ALIASES

    def commit(self, manifest: Manifest) -> Path:
        """Write the manifest, make everything durable, rename the version into place and switch
        ``current`` to it: the one step that makes the change, all at once. The new version's folder."""
        _write_synced(self.path / MANIFEST, manifest.to_json().encode("utf-8"))
        for root, dirs, files in os.walk(self.path):
            for name in files:  # the database's files, and links made before: all on disk first
                fsync_path(Path(root) / name)
            fsync_path(Path(root))
        versions = self.folder / VERSIONS
        versions.mkdir(exist_ok=True)
        final = versions / f"{manifest.version:06d}"
        if final.exists():  # a version renamed into place by a writer killed before its switch
            shutil.rmtree(final)
        os.replace(self.path, final)
        self.path = None
        fsync_path(versions)
        link = self.folder / NEW_LINK
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        os.symlink(f"{VERSIONS}/{final.name}", link)
        os.replace(link, self.folder / CURRENT)  # the commit point
        database_link = self.folder / DATABASE
        if not os.path.islink(database_link):
            os.symlink(f"{CURRENT}/{DATABASE}", database_link)
        fsync_path(self.folder)
        return final


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
