"""A small pool of query processes, each holding the graph open, that can be killed on a deadline.

pyoxigraph evaluates a query in native code that takes no deadline and cannot be interrupted from
another thread (see graph/query/stream.py). The server therefore keeps a few worker processes, each
with the store opened read-only (or sharing, by fork, the graph the server loaded from a file). A
request takes an idle worker, sends it the query and reads the answer in pieces from a pipe; a
query that runs past its deadline, or whose client goes away, gets its worker killed (SIGKILL) and
a fresh one started in its place. Workers are reused otherwise, so a query costs no start-up.
"""
from __future__ import annotations

import asyncio
import ctypes  # noqa: F401 - used by die_with_parent in each worker: imported before the forks
import logging
import multiprocessing
import os
import re
import signal
import time
from dataclasses import dataclass, field

import pyoxigraph as ox

# Everything a worker uses is imported here, before any fork: a worker forked from a helper thread
# then never imports (an import lock or a half-run import in another thread stays behind a fork).
from unionkg.graph.io import die_with_parent
from unionkg.graph.query.binding import bind_query
from unionkg.graph.query.engine import malformed, one_line as _one_line
from unionkg.graph.readwrite.rdf import PREFIXES
from unionkg.graph.serve.results import NotAcceptable, render
from unionkg.graph.serve.source import GraphSource, open_store

_PIECE_BYTES = 64 * 1024
_log = logging.getLogger("uvicorn.error")  # what a worker gathers before sending a piece down its pipe


@dataclass
class QueryRequest:
    """What a worker needs to answer one query (plain data: it crosses a pipe)."""

    query: str
    accept: str | None
    limit: int | None
    format: str | None = None  # the format= parameter, when given
    substitutions: dict[str, str] = field(default_factory=dict)  # variable -> N-Triples term
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


class QueryFailed(Exception):
    """The worker refused or failed the query: an HTTP status and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class QueryTimedOut(Exception):
    """The deadline passed; the worker was killed."""


# --- in the worker process --------------------------------------------------------------------

_loaded_store = None  # a file's graph, loaded by the server before forking its workers


def _worker_main(parent_pid: int, conn, source: GraphSource) -> None:
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    _let_go_of_inherited_files(keep=conn.fileno())
    try:
        store = _loaded_store if _loaded_store is not None else open_store(source)
    except Exception as err:  # noqa: BLE001 - reported to the server, which names it
        conn.send(("failed", str(err)))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        _answer(store, request, conn)


def _let_go_of_inherited_files(keep: int) -> None:
    """A forked worker holds copies of the server's sockets (the listening one, clients'
    connections). A client whose answer the server aborts must see its connection close, so the
    copies are pointed at /dev/null: the numbers stay taken (objects that still name them close
    nothing else), the sockets are released."""
    try:
        numbers = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return
    null = os.open(os.devnull, os.O_RDWR)
    for number in numbers:
        if number > 2 and number not in (keep, null):
            try:
                os.dup2(null, number)
            except OSError:
                pass
    os.close(null)


def _answer(store, request: QueryRequest, conn) -> None:
    try:
        substitutions = {ox.Variable(name): _term(text) for name, text in request.substitutions.items()}
        options = {}
        if request.default_graphs:
            options["default_graph"] = [ox.NamedNode(iri) for iri in request.default_graphs]
        if request.named_graphs:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in request.named_graphs]
        query = bind_query(request.query, substitutions)  # as the command line binds: bound names become index lookups
        result = store.query(query, prefixes=dict(PREFIXES), substitutions=substitutions or None, **options)
        media, counter, pieces = render(result, request.accept, request.limit, request.format)
        conn.send(("head", media))
        buffered: list[bytes] = []
        size = 0
        for piece in pieces:
            buffered.append(piece)
            size += len(piece)
            if size >= _PIECE_BYTES:
                conn.send(("data", b"".join(buffered)))
                buffered, size = [], 0
        if buffered:
            conn.send(("data", b"".join(buffered)))
        conn.send(("end", {"rows": None if counter is None else counter.count,
                           "cut": bool(counter and counter.cut)}))
    except NotAcceptable as err:
        conn.send(("error", 406, str(err)))
    except SyntaxError as err:
        conn.send(("error", 400, malformed(str(err))))
    except (ValueError, TypeError) as err:
        conn.send(("error", 400, _one_line(str(err))))
    except Exception as err:  # noqa: BLE001 - evaluation errors go to the client as a 500
        conn.send(("error", 500, f"{type(err).__name__}: {_one_line(str(err))}"))


def _term(text: str):
    """A bound value: an N-Triples term (``"张良"``, ``"3"^^<…>``, ``<iri>``), else a plain string."""
    text = text.strip()
    if text[:1] in ('"', "<", "_"):
        try:
            quads = list(ox.parse(f"<urn:s> <urn:p> {text} .", format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as err:
            raise ValueError(f"cannot read the bound value {text!r} as an N-Triples term: {_one_line(str(err))}") from None
        return quads[0].object
    return ox.Literal(text)


# --- in the server ----------------------------------------------------------------------------


class _Worker:
    def __init__(self, process, conn) -> None:
        self.process = process
        self.conn = conn

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()  # SIGKILL cannot be ignored: this wait is short
        self.conn.close()


class WorkerPool:
    """``size`` query processes over one graph; ``answer`` runs a query with a deadline."""

    def __init__(self, source: GraphSource, size: int) -> None:
        self.source = source
        self.size = size
        self.idle: asyncio.Queue[_Worker] | None = None
        self.context = multiprocessing.get_context("fork")
        self.replaced = 0  # workers killed and replaced (timeouts, lost clients)
        self._replacing: set[asyncio.Task] = set()

    def load(self) -> None:
        """For a graph file: parse it once here, so every worker forked later shares it. For a
        store: open it once here, so a folder that cannot be served fails before the server starts
        (``SourceError``); the workers open their own handles."""
        global _loaded_store
        if self.source.kind == "file":
            if _loaded_store is None:
                _loaded_store = open_store(self.source)
        else:
            del_after = open_store(self.source)
            del del_after

    async def start(self) -> None:
        self.idle = asyncio.Queue()
        for _ in range(self.size):
            self.idle.put_nowait(self._spawn_ready())

    def _spawn_ready(self) -> _Worker:
        worker = self._spawn()
        try:
            message = worker.conn.recv() if worker.conn.poll(300) else ("failed", "did not start within 300 s")
        except EOFError:
            message = ("failed", f"exited with code {worker.process.exitcode}")
        if message[0] != "ready":
            worker.kill()
            raise RuntimeError(f"a query worker could not open {self.source.describe()}: {message[1]}")
        return worker

    def _spawn(self) -> _Worker:
        receive, send = self.context.Pipe(duplex=True)
        process = self.context.Process(target=_worker_main, args=(os.getpid(), send, self.source), daemon=True)
        process.start()
        send.close()
        return _Worker(process, receive)

    async def _replace(self, worker: _Worker) -> None:
        """Kill a worker whose query must stop and put a fresh one in its place."""
        self.replaced += 1
        await asyncio.to_thread(worker.kill)
        try:
            fresh = await asyncio.to_thread(self._spawn_ready)
        except RuntimeError as err:
            _log.error("%s; the server goes on with one query worker fewer", err)
            return
        self.idle.put_nowait(fresh)

    async def answer(self, request: QueryRequest, deadline: float | None):
        """Run ``request``; an async iterator of messages: ``("head", media)``, ``("data", bytes)``…,
        ``("end", info)``. Raises ``QueryFailed`` or ``QueryTimedOut``. Leaving the iteration
        early (a lost client) kills the query."""
        try:
            worker = await asyncio.wait_for(self.idle.get(), _left(deadline))
        except asyncio.TimeoutError:
            raise QueryTimedOut("no query worker became free before the deadline") from None
        finished = False
        try:
            worker.conn.send(request)
            while True:
                message = await _receive(worker.conn, deadline)
                if message is None:
                    raise QueryTimedOut("the query ran past the deadline and was stopped")
                if message[0] == "error":
                    finished = True
                    raise QueryFailed(message[1], message[2])
                if message[0] == "end":
                    finished = True  # before the yield: the reader may close us right after it
                    yield message
                    return
                yield message
        except (EOFError, OSError):  # the pipe broke: the worker died (killed from outside, out of memory)
            raise QueryFailed(500, f"the query worker died (exit code {worker.process.exitcode})") from None
        finally:
            if finished:
                self.idle.put_nowait(worker)
            else:
                task = asyncio.get_running_loop().create_task(self._replace(worker))
                self._replacing.add(task)  # a task nobody holds may be collected before it runs
                task.add_done_callback(self._replacing.discard)

    async def close(self) -> None:
        if self.idle is None:
            return
        while not self.idle.empty():
            await asyncio.to_thread(self.idle.get_nowait().kill)


def _left(deadline: float | None) -> float | None:
    return None if deadline is None else max(0.0, deadline - time.monotonic())


async def _receive(conn, deadline: float | None):
    """The worker's next message, or ``None`` when the deadline passes first. The event loop
    watches the pipe; a message is read once its first bytes are there (the worker writes each
    whole, and pieces are small)."""
    if not conn.poll():
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        loop.add_reader(conn.fileno(), lambda: ready.done() or ready.set_result(None))
        try:
            await asyncio.wait_for(ready, _left(deadline))
        except asyncio.TimeoutError:
            return None
        finally:
            loop.remove_reader(conn.fileno())
    return conn.recv()
