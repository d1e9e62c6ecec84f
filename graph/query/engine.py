"""SPARQL over a built graph, offline: pyoxigraph loads and queries the .ttl/.nt file.

pyoxigraph parses a 1M-triple Turtle file in about a second where rdflib needs about a minute, so
every query goes through an in-memory :class:`pyoxigraph.Store`. Parameters are bound with
SEP-0007 substitutions (the query text is never formatted with values); a bound name's label
literals also fill the query's ``VALUES ?name_label { UNDEF }`` placeholder, as pyoxigraph terms, so
the engine starts from an index (graph/query/binding.py). ``SERVICE`` would make
the engine fetch remote endpoints, and updates have no place on a built file: both are refused.
Whether a query holds ``SERVICE`` is decided by the engine's own parser (``names_service``), not by
scanning the text: a scanner that misreads one escape in a name would let federation through.

    >>> header, rows = run_query("out/graph.ttl", preset_text("roles-of"), {"name": "张良"})
    >>> print(format_table(header, rows))
"""
from __future__ import annotations

import contextlib
import csv
import io
import gzip
import json
import os
import re
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from unionkg.graph.query.binding import NOT_CODE, bind_query
from unionkg.graph.readwrite.rdf import PREFIXES

QUERIES_PACKAGE = "unionkg.graph.query.presets"

# Update operations (SPARQL 1.1 Update); none may run against a built graph.
_UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
# Every place the word could stand, in any case (a superset of where the keyword can be).
_SERVICE_WORD = re.compile("service", re.IGNORECASE)
_SERVICE_CLAUSE = re.compile(r"service(?:\s+silent(?![\w:-]))?", re.IGNORECASE)
_UPDATE = re.compile(r"(?<![\w:?$])(" + "|".join(_UPDATE_KEYWORDS) + r")(?![\w:-])", re.IGNORECASE)
_QUERY_FORM = re.compile(r"(?<![\w:?$])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:])", re.IGNORECASE)
# Strings, IRIs and comments are blanked before looking for keywords (binding.NOT_CODE).
_POSITION = re.compile(r"^error at (\d+):(\d+):\s*")


class QueryError(Exception):
    """A query that cannot run: malformed (with its position), refused, or a bad graph file."""


# --- graphs ---------------------------------------------------------------------------------

_cache: dict[str, tuple[tuple[int, int], ox.Store]] = {}


def load_graph(path: str | os.PathLike) -> ox.Store:
    """Load a .ttl/.nt (or any RDF file pyoxigraph knows by extension) into an in-memory store, or
    open a store folder's database (``unionkg build --store``) read-only, parsing nothing.

    The last loaded file is kept while it is unchanged on disk (several queries, one parse).
    """
    path = Path(path)
    if path.is_dir():  # a store, or its database (versions are never written again: no stamp needed)
        from unionkg.graph.store.versions import current_database, is_store

        return _open_database(current_database(path) if is_store(path) else path)
    try:
        stat = path.stat()
    except OSError as err:
        raise QueryError(f"{path}: {err.strerror or err}") from None
    key = str(path.resolve())
    stamp = (stat.st_mtime_ns, stat.st_size)
    hit = _cache.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    fmt = rdf_format(path)
    if fmt is None:
        raise QueryError(f"{path}: unknown RDF format (expected .ttl, .nt or .nt.gz)")
    store = ox.Store()
    try:
        bulk_load_file(store, path, fmt)
    except (SyntaxError, ValueError, OSError, EOFError) as err:
        raise QueryError(f"{path}: {one_line(str(err))}") from None
    _cache.clear()
    _cache[key] = (stamp, store)
    return store


def rdf_format(path: str | os.PathLike) -> ox.RdfFormat | None:
    """The RDF format a file's name says (``graph.nt.gz``: N-Triples, gzipped); None if unknown."""
    name = Path(path).name.lower()
    if name.endswith(".gz"):
        name = name[: -len(".gz")]
    extension = name.rpartition(".")[2] if "." in name else ""
    return ox.RdfFormat.from_extension(extension) if extension else None


def bulk_load_file(store: ox.Store, path: str | os.PathLike, fmt: ox.RdfFormat) -> None:
    """Load an RDF file into ``store``, decompressing it on the way when its name ends in ``.gz``."""
    if str(path).lower().endswith(".gz"):
        with gzip.open(path, "rb") as handle:
            store.bulk_load(input=handle, format=fmt)
    else:
        store.bulk_load(path=str(path), format=fmt)


def _open_database(path: Path) -> ox.Store:
    key = os.path.realpath(path)
    hit = _cache.get(key)
    if hit is not None:
        return hit[1]
    try:
        store = ox.Store.read_only(key)
    except OSError as err:
        raise QueryError(f"{path}: not a readable graph database ({one_line(str(err))})") from None
    _cache.clear()
    _cache[key] = ((0, 0), store)
    return store


# --- queries --------------------------------------------------------------------------------


def names_service(query_text: str) -> str | None:
    """Why ``query_text`` may call a remote endpoint (``SERVICE``), or ``None`` when it cannot.

    The engine parses the query with every spelling of the word "service" (any case, anywhere)
    replaced by a bare word of the same length. Where the word was a string, an IRI, a variable, a
    name or a comment, the query still parses; where it was the keyword, a bare word stands where
    no SPARQL grammar allows one, and the parse fails. The masked query is parsed over an empty
    store and its results are never read: it cannot hold SERVICE, so nothing is fetched."""
    if not _SERVICE_WORD.search(query_text):
        return None
    masked = _SERVICE_WORD.sub(lambda m: "Q" * len(m.group(0)), query_text)
    if _parses(masked):
        return None
    # Which failure: with SERVICE read as GRAPH (the same shape, local) a query that only federates
    # parses; one that still fails is malformed too, and the engine's complaint is worth showing.
    as_graph = _SERVICE_CLAUSE.sub("GRAPH", query_text)
    try:
        ox.Store().query(as_graph, prefixes=dict(PREFIXES))
    except SyntaxError as err:
        return f"the engine reads SERVICE as a keyword here, or the query is malformed ({one_line(str(err), 120)})"
    except (RuntimeError, ValueError, OSError):
        pass
    return "the query calls a remote endpoint"


def _parses(query_text: str) -> bool:
    """Whether the engine parses ``query_text`` (which must hold no SERVICE: it runs over an empty store)."""
    try:
        ox.Store().query(query_text, prefixes=dict(PREFIXES))
    except SyntaxError:
        return False
    except (RuntimeError, ValueError, OSError):
        pass  # parsed; an evaluation error over an empty store says nothing about the syntax
    return True


def check_query(query_text: str) -> None:
    """Refuse what must not run: SERVICE (network access) and updates (INSERT, LOAD …).

    Updates could not run anyway (``Store.query`` parses queries only): their check is for a clear
    message. SERVICE is a valid query, so it is refused by what the engine parses (``names_service``)."""
    why = names_service(query_text)
    if why is not None:
        raise QueryError(f"SERVICE is refused: queries run offline, on the local graph only; {why}")
    code = NOT_CODE.sub(lambda m: " " * len(m.group(0)), query_text)
    form = _QUERY_FORM.search(code)
    update = _UPDATE.search(code)
    if update and (form is None or update.start() < form.start()):
        raise QueryError(f"{update.group(1).upper()} is refused: updates do not run on a built graph (read-only)")


def _term(value) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise QueryError(f"cannot bind {value!r}: give a string or a number")
    return ox.Literal(value) if isinstance(value, str) else ox.Literal(str(value), datatype=_number_type(value))


def _number_type(value) -> ox.NamedNode:
    return ox.NamedNode(PREFIXES["xsd"] + ("integer" if isinstance(value, int) else "double"))


def term_text(term) -> str:
    """A result term as plain text: literal values and IRIs as they are, blank nodes as _:id."""
    if term is None:
        return ""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def malformed(message: str) -> str:
    """The engine's syntax error on one line, its position as line and column when it gives one."""
    message = one_line(message)
    match = _POSITION.match(message)
    if match:
        return f"malformed query at line {match.group(1)}, column {match.group(2)}: {message[match.end():]}"
    return f"malformed query: {message}"


def one_line(message: str, limit: int = 240) -> str:
    """An error message on one line, cut at ``limit`` characters."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def run_query(
    graph_path: str | os.PathLike | ox.Store,
    query_text: str,
    bindings: dict | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Run a SPARQL query over a graph file (or a loaded store): (header, rows of strings).

    ``bindings`` maps variable names (without ``?``) to values (strings become plain literals);
    a bound variable must be selected by the query. The usual prefixes (schema, org, prov, skos,
    rdfs, xsd, oa, ukg) need no PREFIX lines. ASK gives one row ``[true|false]``; CONSTRUCT and
    DESCRIBE give subject/predicate/object rows. Runs in this process, to the end: the command line
    uses ``stream.stream_query`` (deadline, row limit, Ctrl-C).
    """
    header, rows = query_rows(graph_path, query_text, bindings)
    return header, list(rows)


def query_rows(
    graph_path: str | os.PathLike | ox.Store,
    query_text: str,
    bindings: dict | None = None,
) -> tuple[list[str], Iterator[list[str]]]:
    """``run_query`` with the rows as an iterator, evaluated as they are read."""
    check_query(query_text)
    store = graph_path if isinstance(graph_path, ox.Store) else load_graph(graph_path)
    substitutions = {ox.Variable(str(k).lstrip("?$")): _term(v) for k, v in (bindings or {}).items()}
    query_text = bind_query(query_text, substitutions)  # bound names become index lookups
    with _query_errors(substitutions):
        result = store.query(query_text, prefixes=dict(PREFIXES), substitutions=substitutions or None)
        header, rows = _table(result)
    return header, _checked_rows(rows, substitutions)


def _checked_rows(rows: Iterator[list[str]], substitutions: dict) -> Iterator[list[str]]:
    with _query_errors(substitutions):
        yield from rows


@contextlib.contextmanager
def _query_errors(substitutions: dict):
    """The engine's errors as :class:`QueryError` messages on one line."""
    try:
        yield
    except SyntaxError as err:
        raise QueryError(malformed(str(err))) from None
    except (RuntimeError, ValueError, OSError) as err:
        message = one_line(str(err))
        if "SELECT projection" in message:
            names = ", ".join(f"?{v.value}" for v in substitutions)
            message = f"cannot bind {names}: the query must SELECT every bound variable ({message})"
        raise QueryError(message) from None


def _table(result) -> tuple[list[str], Iterator[list[str]]]:
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], iter([["true" if bool(result) else "false"]])
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return names, ([term_text(solution[name]) for name in names] for solution in result)
    rows = ([term_text(t.subject), term_text(t.predicate), term_text(t.object)] for t in result)
    return ["subject", "predicate", "object"], rows


# --- presets --------------------------------------------------------------------------------


def _preset_files() -> dict[str, str]:
    folder = resources.files(QUERIES_PACKAGE)
    return {
        entry.name[: -len(".rq")]: entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".rq")
    }


def list_presets() -> list[tuple[str, str]]:
    """Shipped queries as (name, description), sorted by name; the description is the first comment line."""
    out = []
    for name, text in sorted(_preset_files().items()):
        description = ""
        for line in text.splitlines():
            if line.strip().startswith("#"):
                description = line.strip().lstrip("#").strip()
                break
        out.append((name, description))
    return out


def preset_text(name: str) -> str:
    """The SPARQL text of a shipped query; KeyError for an unknown name."""
    files = _preset_files()
    if name not in files:
        raise KeyError(name)
    return files[name]


# --- output ---------------------------------------------------------------------------------


def text_width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters count 2, combining marks 0."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _cell(value: str) -> str:
    return " ".join(str(value).split())  # one line per row, whatever the literal holds


def format_table(header: list[str], rows: list[list[str]]) -> str:
    """An aligned text table (Chinese counted as double width), with a row count below."""
    cells = [[_cell(h) for h in header]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(text_width(row[i]) for row in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(v + " " * (w - text_width(v)) for v, w in zip(row, widths)).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out.extend(line(row) for row in cells[1:])
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def format_csv(header: list[str], rows: list[list[str]]) -> str:
    """RFC 4180 CSV text (no BOM: meant for the terminal or a pipe)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().rstrip("\n")


def format_json(header: list[str], rows: list[list[str]]) -> str:
    """A JSON array of objects, one per row, keyed by column name (Chinese kept readable)."""
    return json.dumps([dict(zip(header, row)) for row in rows], ensure_ascii=False, indent=1)
