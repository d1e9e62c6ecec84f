"""Queries that can be bounded and stopped: run in a child process, rows streamed as they come.

pyoxigraph evaluates inside native code that neither checks for Ctrl-C nor takes a deadline: a
``COUNT(*)`` or ``ORDER BY`` over a cartesian product runs on until the process is killed. So the
query runs in a child process: the parent waits on a pipe with a deadline, and on the deadline,
on ``--limit`` rows or on Ctrl-C it kills the child, which stops the query at once. Rows cross the
pipe in small batches; the pipe's buffer bounds what is in flight, so a query with a huge result
streams in constant memory (unless it sorts or groups, which the engine must do in full).
"""
from __future__ import annotations

import multiprocessing
import os
import time
from typing import Iterator

from unionkg.graph.io import die_with_parent

DEFAULT_TIMEOUT = 60.0  # seconds; the CLI's default, 0 for none
_BATCH_ROWS = 256
_BATCH_SECONDS = 0.05


class QueryTimeout(Exception):
    """The query ran past its deadline and was stopped."""


def stream_query(graph_path, query_text: str, bindings: dict | None = None, *,
                 timeout: float | None = DEFAULT_TIMEOUT, limit: int | None = None
                 ) -> Iterator[list[str]]:
    """Yield the header, then each row (lists of strings), of ``run_query``'s result, at most
    ``limit`` rows; ``QueryTimeout`` after ``timeout`` seconds; ``QueryError`` as ``run_query``.

    Closing the generator early (or an exception in the caller, Ctrl-C included) kills the query."""
    from unionkg.graph.query.engine import QueryError, check_query

    check_query(query_text)  # before any work: refused queries never reach a process
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(os.getpid(), send, str(graph_path), query_text, bindings),
                            daemon=True)
    child.start()
    send.close()
    deadline = None if not timeout else time.monotonic() + timeout
    rows = 0
    try:
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and (left <= 0 or not receive.poll(left)):
                raise QueryTimeout(f"query stopped after {timeout:g} s (--timeout; 0 for no limit)")
            try:
                kind, payload = receive.recv()
            except EOFError:
                raise QueryError(f"the query process ended without an answer (exit code {child.exitcode})") from None
            if kind == "error":
                raise QueryError(payload)
            if kind == "done":
                return
            if kind == "header":
                yield payload
                continue
            for row in payload:
                if limit is not None and rows >= limit:
                    return
                rows += 1
                yield row
    finally:
        if child.is_alive():
            child.kill()  # SIGKILL: the engine would not stop for anything less
        child.join()
        receive.close()


def _child(parent_pid: int, send, graph_path: str, query_text: str, bindings: dict | None) -> None:
    import signal

    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it kills us
    from unionkg.graph.query.engine import QueryError, query_rows

    try:
        header, rows = query_rows(graph_path, query_text, bindings)
        send.send(("header", header))
        batch: list[list[str]] = []
        sent = time.monotonic()
        for row in rows:
            batch.append(row)
            if len(batch) >= _BATCH_ROWS or time.monotonic() - sent > _BATCH_SECONDS:
                send.send(("rows", batch))
                batch, sent = [], time.monotonic()
        if batch:
            send.send(("rows", batch))
        send.send(("done", None))
    except QueryError as err:
        send.send(("error", str(err)))
    except Exception as err:  # noqa: BLE001 - reported to the parent, which names it
        send.send(("error", f"{type(err).__name__}: {err}"))
    finally:
        send.close()


# --- output as the rows come ------------------------------------------------------------------

_TABLE_SAMPLE = 1000  # rows read before a table's column widths are fixed


def write_rows(fmt: str, header: list[str], rows: Iterator[list[str]], out) -> int:
    """Write ``rows`` to the text stream ``out`` as ``fmt`` (table, csv or json) while they arrive;
    the number written. With all rows at once this is exactly ``format_table``/``format_csv``/
    ``format_json`` and a newline; a table longer than 1000 rows keeps the widths of its first 1000."""
    from unionkg.graph.query import engine

    if fmt == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        count = 0
        for count, row in enumerate(rows, start=1):
            writer.writerow(row)
        return count
    if fmt == "json":
        import json

        count = 0
        for count, row in enumerate(rows, start=1):
            text = json.dumps(dict(zip(header, row)), ensure_ascii=False, indent=1)
            out.write(("[\n" if count == 1 else ",\n") + "\n".join(" " + line for line in text.split("\n")))
        out.write("\n]\n" if count else "[]\n")
        return count
    sample = []
    for row in rows:
        sample.append(row)
        if len(sample) >= _TABLE_SAMPLE:
            break
    table = engine.format_table(header, sample).split("\n")
    out.write("\n".join(table[:-1]) + ("\n" if len(table) > 1 else ""))
    count = len(sample)
    if count == _TABLE_SAMPLE:
        cells = [[engine._cell(h) for h in header]] + [[engine._cell(v) for v in row] for row in sample]
        widths = [max(engine.text_width(row[i]) for row in cells) for i in range(len(header))]
        for row in rows:
            values = [engine._cell(v) for v in row]
            out.write("  ".join(v + " " * (w - engine.text_width(v)) for v, w in zip(values, widths)).rstrip() + "\n")
            count += 1
    out.write(f"({count} row{'s' if count != 1 else ''})\n")
    return count
