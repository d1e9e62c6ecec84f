"""Send a graph to another triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

The graph replaces one named graph at the other end: the first batch goes as ``PUT ?graph=IRI``
(which drops what the graph held), the others as ``POST`` (which adds). Each batch is a complete
N-Triples document with its length, a few megabytes at most: Virtuoso 7.2 answers 201 to a chunked
(length-less) PUT and stores nothing, so bodies are never streamed without a length. A blank node is
scoped to one request, so every triple naming one travels in the same (last) batch. Readers of the
other store may see the graph half sent while a push runs.

The default graph IRI is ``BASE/graph/FOLDER`` (``https://w3id.org/unionkg/graph/archive`` for a
folder named ``archive`` under the default base IRI): one named graph per page set, replaced by
the next push of the same folder.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Iterator

import httpx

from unionkg.graph.readwrite.iris import iri_segment, normalize_base
from unionkg.graph.serve.source import GraphSource, ntriples_lines

DEFAULT_BATCH_BYTES = 8 << 20
NTRIPLES = "application/n-triples"


class PushError(Exception):
    """The push failed: the message names the server, the request and what it answered."""


@dataclass
class PushReport:
    graph: str
    triples: int
    batches: int
    bytes: int
    seconds: float


def default_graph_iri(source: GraphSource, base_iri: str) -> str:
    return normalize_base(base_iri) + "graph/" + iri_segment(source.folder.resolve().name or "graph")


def batches(lines: Iterator[bytes], batch_bytes: int) -> Iterator[tuple[bytes, int]]:
    """(N-Triples document, triple count) of at most about ``batch_bytes`` each; the triples
    that name a blank node all in the last one. There is always one, empty for an empty graph."""
    batch: list[bytes] = []
    size = 0
    blank: list[bytes] = []
    sent = False
    for line in lines:
        if b"_:" in line:  # a blank node, or the two characters inside a literal: kept together either way
            blank.append(line)
            continue
        batch.append(line)
        size += len(line)
        if size >= batch_bytes:
            yield b"".join(batch), len(batch)
            batch, size, sent = [], 0, True
    batch += blank
    if batch or not sent:
        yield b"".join(batch), len(batch)


def push(source: GraphSource, url: str, graph_iri: str, *, user: str | None = None,
         password: str | None = None, auth_scheme: str = "digest", batch_bytes: int = DEFAULT_BATCH_BYTES,
         timeout: float = 120.0, progress: Callable[[str], None] | None = None) -> PushReport:
    """Replace the named graph ``graph_iri`` at the Graph Store endpoint ``url`` with ``source``."""
    auth = None
    if user is not None:
        auth = (httpx.DigestAuth if auth_scheme == "digest" else httpx.BasicAuth)(user, password or "")
    started = time.monotonic()
    triples = count = size = 0
    with httpx.Client(auth=auth, timeout=timeout, follow_redirects=False) as client:
        for count, (body, n) in enumerate(batches(ntriples_lines(source), batch_bytes), start=1):
            method = "PUT" if count == 1 else "POST"
            _send(client, method, url, graph_iri, body, count)
            triples += n
            size += len(body)
            if progress:
                progress(f"batch {count} ({method}): {n} triples, {triples} in all")
    return PushReport(graph_iri, triples, count, size, time.monotonic() - started)


def _send(client: httpx.Client, method: str, url: str, graph_iri: str, body: bytes, number: int) -> None:
    try:
        response = client.request(method, url, params={"graph": graph_iri}, content=body,
                                  headers={"Content-Type": NTRIPLES})
    except httpx.HTTPError as err:
        raise PushError(f"{url}: {method} of batch {number} failed: {type(err).__name__}: {err}") from None
    if response.status_code >= 300:
        why = _gist(response.text) or ("check --user, --password and --auth" if response.status_code == 401 else "no message")
        raise PushError(f"{url}: {method} of batch {number} answered HTTP {response.status_code} "
                        f"{response.reason_phrase}: {why}")


def _gist(text: str, limit: int = 300) -> str:
    """The useful line of an error page (servers answer HTML): tags dropped, on one line."""
    import re

    plain = " ".join(re.sub(r"<[^>]*>", " ", text).split())
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"
