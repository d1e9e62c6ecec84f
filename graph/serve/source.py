"""Where a served or pushed graph comes from: an on-disk store (``DIR/oxigraph``, a pyoxigraph
RocksDB database written by ``unionkg build --store DIR``) or a plain build folder (``graph.nt.gz``,
``graph.nt`` or ``graph.ttl``, loaded into memory).

A store is opened read-only by each process that queries it (a RocksDB handle must not cross a
fork); a build folder's file is parsed once, in the serving process, and the query workers forked
from it share the loaded graph's memory.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from unionkg.graph.io import open_maybe_gzipped
from unionkg.graph.query.engine import bulk_load_file, one_line, rdf_format

STORE_FOLDER = "oxigraph"
# In order of preference: N-Triples parses fastest (graph.nt: what builds wrote before graph.nt.gz).
GRAPH_FILES = ("graph.nt.gz", "graph.nt", "graph.ttl")


class SourceError(Exception):
    """A folder that holds no graph to serve or push (the message names it and says why)."""


@dataclass(frozen=True)
class GraphSource:
    """A graph on disk: ``kind`` is ``store`` (a RocksDB folder) or ``file`` (an RDF file)."""

    kind: str
    path: Path
    folder: Path

    def describe(self) -> str:
        return f"store {self.path}" if self.kind == "store" else f"file {self.path}"


def find_source(folder: str | os.PathLike) -> GraphSource:
    """The graph held by ``folder``: its store when it has one, else its graph.nt.gz / graph.ttl.
    A graph file given directly is accepted too."""
    folder = Path(folder)
    if folder.is_file():
        if rdf_format(folder) is None:
            raise SourceError(f"{folder}: not an RDF file (expected .nt, .nt.gz or .ttl)")
        return GraphSource("file", folder, folder.parent)
    if not folder.is_dir():
        raise SourceError(f"{folder}: no such folder")
    store = folder / STORE_FOLDER
    if store.is_dir():
        # A store's DIR/oxigraph links to its current version: resolved once, so every worker
        # opens the same version even if `unionkg add` switches it meanwhile (restart to see it).
        return GraphSource("store", Path(os.path.realpath(store)), folder)
    for name in GRAPH_FILES:
        if (folder / name).is_file():
            return GraphSource("file", folder / name, folder)
    raise SourceError(f"{folder}: no graph here (neither a store {STORE_FOLDER}/ nor "
                      f"{' or '.join(GRAPH_FILES)}); run `unionkg build --out {folder}` first")


def open_store(source: GraphSource) -> ox.Store:
    """A store to query: the RocksDB store opened read-only, or a file loaded into memory."""
    if source.kind == "store":
        try:
            return ox.Store.read_only(str(source.path))
        except OSError as err:
            raise SourceError(f"{source.path}: cannot open the store read-only ({err})") from None
    store = ox.Store()
    try:
        bulk_load_file(store, source.path, rdf_format(source.path))
    except (SyntaxError, ValueError, OSError, EOFError) as err:
        raise SourceError(f"{source.path}: {one_line(str(err))}") from None
    return store


def ntriples_lines(source: GraphSource) -> Iterator[bytes]:
    """The graph as N-Triples lines (bytes ending in a newline), read as they are needed.

    A graph.nt(.gz) is read line by line as it is; a store or a Turtle file is read through pyoxigraph.
    Every graph of a store goes out: a pushed graph is one named graph at the other end."""
    if source.kind == "file" and rdf_format(source.path) == ox.RdfFormat.N_TRIPLES:
        with open_maybe_gzipped(source.path) as handle:
            for line in handle:
                if line.strip() and not line.lstrip().startswith(b"#"):
                    yield line if line.endswith(b"\n") else line + b"\n"
        return
    if source.kind == "file":
        triples = (quad.triple for quad in ox.parse(path=str(source.path), format=rdf_format(source.path)))
    else:
        triples = (quad.triple for quad in open_store(source).quads_for_pattern(None, None, None, None))
    for triple in triples:
        yield f"{triple.subject} {triple.predicate} {triple.object} .\n".encode("utf-8")
