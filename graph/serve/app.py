"""The SPARQL 1.1 Protocol endpoint, the query page and the explorer, as a Starlette application.

    /sparql      GET or POST; ``query=`` as a URL or form parameter, or the query itself as an
                 ``application/sparql-query`` body; ``default-graph-uri`` / ``named-graph-uri``;
                 ``$name=VALUE`` binds ``?name`` (an N-Triples term, or plain text), as RDF4J's
                 protocol does. Results by ``Accept`` (or ``format=json|xml|csv|tsv|turtle|nt``).
    /            the query page (YASGUI, served from this package: no request leaves the machine)
    /explorer    the build's graph.html, when the folder has one
    /presets     the shipped queries, as JSON (the query page lists them)

Read-only: updates (``update=``, ``application/sparql-update``, INSERT… in a query) are refused
with 403, and so is ``SERVICE``. Every query has a deadline and a row limit.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from unionkg.graph.query.engine import QueryError, check_query, list_presets, preset_text
from unionkg.graph.serve.source import GraphSource
from unionkg.graph.serve.workers import QueryFailed, QueryRequest, QueryTimedOut, WorkerPool

ASSETS = Path(__file__).with_name("assets")  # package data, beside this module in a wheel as in the checkout
_log = logging.getLogger("uvicorn.error")
_WHOLE_BYTES = 1 << 20  # answers up to this size are sent whole, with their row count in a header
_QUERY_TYPES = ("application/sparql-query",)
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass
class ServeSettings:
    timeout: float | None = 30.0  # seconds per query, waiting for a worker included; None: no deadline
    limit: int | None = 10_000  # rows (or triples) per answer; None: no limit
    workers: int = 2


def create_app(source: GraphSource, settings: ServeSettings) -> Starlette:
    """The application over ``source``; its workers start (and the graph file loads) with it."""
    pool = WorkerPool(source, settings.workers)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await asyncio.to_thread(pool.load)
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    async def sparql(request: Request) -> Response:
        return await _sparql(request, pool, settings)

    async def query_page(request: Request) -> Response:
        return FileResponse(_asset("query.html"), media_type="text/html; charset=utf-8")

    async def explorer(request: Request) -> Response:
        page = source.folder / "graph.html"
        if not page.is_file():
            return PlainTextResponse(f"no explorer here: {page.name} is not in the served folder "
                                     "(`unionkg build` writes it)\n", status_code=404)
        return FileResponse(page, media_type="text/html; charset=utf-8")

    async def presets(request: Request) -> Response:
        return JSONResponse([{"name": name, "description": description, "query": preset_text(name)}
                             for name, description in list_presets()])

    routes = [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/", query_page),
        Route("/explorer", explorer),
        Route("/presets", presets),
        Mount("/assets", StaticFiles(directory=str(ASSETS))),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.pool = pool
    return app


class _AbortedAnswers(logging.Filter):
    """An answer stopped mid-stream is aborted by raising (the client must see the transfer fail);
    it is logged in one line where it happens, not again as a traceback by the server."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, (QueryTimedOut, QueryFailed))


def _asset(name: str) -> str:
    return str(ASSETS / name)


def _refuse(status: int, message: str) -> Response:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status)


async def _parameters(request: Request) -> tuple[list[tuple[str, str]], str | None] | Response:
    """The request's (name, value) pairs, and a query sent as the body."""
    pairs = list(request.query_params.multi_items())
    body_query = None
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            return _refuse(403, "updates are refused: this endpoint is read-only")
        if media in _QUERY_TYPES:
            try:
                body_query = (await request.body()).decode("utf-8")
            except UnicodeDecodeError:
                return _refuse(400, "the query body is not UTF-8")
        elif media in _FORM_TYPES:
            form = await request.form()
            pairs += [(name, value) for name, value in form.multi_items() if isinstance(value, str)]
        else:
            return _refuse(415, f"POST a query as application/sparql-query or as a form "
                                f"(application/x-www-form-urlencoded), not {media or 'no content type'}")
    return pairs, body_query


async def _sparql(request: Request, pool: WorkerPool, settings: ServeSettings) -> Response:
    started = time.monotonic()
    parsed = await _parameters(request)
    if isinstance(parsed, Response):
        return parsed
    pairs, body_query = parsed
    names = {name for name, _ in pairs}
    if "update" in names or "using-graph-uri" in names:
        return _refuse(403, "updates are refused: this endpoint is read-only")
    queries = [value for name, value in pairs if name == "query"] + ([body_query] if body_query is not None else [])
    if len(queries) != 1:
        if not queries and "text/html" in request.headers.get("accept", ""):
            return FileResponse(_asset("query.html"), media_type="text/html; charset=utf-8")
        return _refuse(400, "give exactly one query: query=… (URL or form) or an application/sparql-query body")
    query = queries[0]
    try:
        check_query(query)  # a parse over an empty store, well under a millisecond: no thread hop
    except QueryError as err:
        return _refuse(403 if "refused" in str(err) else 400, str(err))
    accept = request.headers.get("accept")
    # format= as a short name (json, csv, turtle…) or a media type (SPARQLWrapper sends both ways)
    # overrides Accept where it fits the result; otherwise Accept decides, as at other endpoints.
    formats = [value for name, value in pairs if name == "format"]
    job = QueryRequest(
        query=query, accept=accept, limit=settings.limit, format=formats[-1] if formats else None,
        substitutions={name[1:]: value for name, value in pairs if name.startswith("$") and len(name) > 1},
        default_graphs=[value for name, value in pairs if name == "default-graph-uri"],
        named_graphs=[value for name, value in pairs if name == "named-graph-uri"],
    )
    deadline = None if settings.timeout is None else started + settings.timeout
    return await _respond(pool.answer(job, deadline), settings)


async def _respond(messages, settings: ServeSettings) -> Response:
    """Wait for the answer's start; send a small answer whole (with its row count), stream a
    large one. A deadline passing mid-stream aborts the connection: a client never takes a cut
    body for a whole one."""
    pieces: list[bytes] = []
    size = 0
    info = None
    try:
        kind, media = await messages.__anext__()
        async for message in messages:
            if message[0] == "end":
                info = message[1]
                break
            pieces.append(message[1])
            size += len(message[1])
            if size >= _WHOLE_BYTES:
                break
    except QueryTimedOut as err:
        await messages.aclose()
        return _refuse(503, f"{err} (the server's --timeout is {settings.timeout:g} s)")
    except QueryFailed as err:
        await messages.aclose()
        return _refuse(err.status, str(err))
    if info is not None:
        await messages.aclose()
        headers = {}
        if info["rows"] is not None:
            headers["X-Unionkg-Rows"] = str(info["rows"])
        if info["cut"]:
            headers["X-Unionkg-Limit-Reached"] = str(settings.limit)
        return Response(b"".join(pieces), media_type=media, headers=headers)

    async def rest():
        try:
            for piece in pieces:
                yield piece
            async for message in messages:
                if message[0] == "data":
                    yield message[1]
        except (QueryTimedOut, QueryFailed) as err:
            _log.warning("answer aborted after its start: %s", err)
            raise
        finally:
            await messages.aclose()

    return StreamingResponse(rest(), media_type=media)


def serve(source: GraphSource, settings: ServeSettings, host: str = "127.0.0.1", port: int = 8000,
          announce=print) -> None:
    """Run the endpoint until Ctrl-C (uvicorn, one process; the queries run in the worker pool).
    A graph that cannot be read fails first, as a ``SourceError``."""
    import uvicorn

    app = create_app(source, settings)
    started = time.monotonic()
    app.state.pool.load()
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    logging.getLogger("uvicorn.error").addFilter(_AbortedAnswers())
    shown = f"[{host}]" if ":" in host else host
    announce(f"serving {source.describe()} (opened in {time.monotonic() - started:.1f} s) at "
             f"http://{shown}:{port}/ (SPARQL endpoint: /sparql) with {settings.workers} query workers, "
             f"timeout {settings.timeout or 0:g} s, limit {settings.limit or 0} rows; Ctrl-C stops")
    server.run()
