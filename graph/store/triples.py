"""The graph inside a version's database: written whole for a new store, or as the difference from
the previous version's graph.

Both sides are compared as N-Triples lines written by pyoxigraph's serializer (the one that writes
``graph.nt``): each version keeps its graph so (``graph.nt.gz``, a few percent of the database's
size), since reading it back is some ten times faster than dumping the database. Were a line ever
spelled differently on the two sides, the triple would be removed and inserted again: removals are
applied before insertions, so the result is right either way.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

NT = ox.RdfFormat.N_TRIPLES


@dataclass
class GraphChange:
    removed: int
    added: int
    triples: int  # in the graph afterwards


def create_database(path: Path, ntriples: bytes) -> GraphChange:
    """A new database at ``path`` holding the triples of ``ntriples`` in its default graph."""
    store = ox.Store(str(path))
    try:
        store.bulk_load(ntriples, format=NT)
        store.flush()
        count = len(store)
    finally:
        del store  # closes the database
    return GraphChange(0, count, count)


def copy_database(previous: Path, path: Path) -> None:
    """``previous`` (never written: it is opened read-only) copied to ``path``, its immutable files
    shared by hard links."""
    source = ox.Store.read_only(str(previous))
    try:
        source.backup(str(path))
    finally:
        del source


def update_database(path: Path, old_ntriples: bytes, ntriples: bytes) -> GraphChange:
    """Make the default graph of the database at ``path``, which holds ``old_ntriples``, hold exactly
    the triples of ``ntriples``, by removing and inserting only what differs."""
    old_lines = set(old_ntriples.splitlines())
    new_lines = set(ntriples.splitlines())
    old_lines.discard(b"")
    new_lines.discard(b"")
    gone = sorted(old_lines - new_lines)
    added = sorted(new_lines - old_lines)
    count = len(new_lines)
    del old_lines, new_lines
    store = ox.Store(str(path))
    try:
        if gone:
            for quad in ox.parse(b"\n".join(gone) + b"\n", format=NT):
                store.remove(quad)
        if added:
            store.extend(ox.parse(b"\n".join(added) + b"\n", format=NT))
        store.flush()
    finally:
        del store
    return GraphChange(len(gone), len(added), count)


def dump_database(path: Path) -> bytes:
    """The default graph of the database at ``path`` (opened read-only) as N-Triples lines."""
    store = ox.Store.read_only(str(path))
    try:
        return store.dump(format=NT, from_graph=ox.DefaultGraph())
    finally:
        del store
