"""Query results as the SPARQL 1.1 Protocol sends them, chosen by the client's ``Accept`` header.

SELECT and ASK results are written here row by row (SPARQL JSON, XML, CSV and TSV), so a row limit
can stop them anywhere: pyoxigraph's own result serializers take a whole result and cannot be cut.
CONSTRUCT and DESCRIBE triples go through pyoxigraph's RDF serializers (Turtle, N-Triples, RDF/XML),
fed at most ``limit`` triples.
"""
from __future__ import annotations

import csv
import io
import itertools
import json
import re
from typing import Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from unionkg.graph.readwrite.rdf import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Offered media types, the default first; each maps to a writer name.
SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
# ``format=`` values: short names by result kind (``xml`` is SPARQL XML for rows, RDF/XML for
# triples), or any media type offered.
SOLUTION_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_NAMES = {"turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples",
               "ntriples": "application/n-triples", "xml": "application/rdf+xml", "rdfxml": "application/rdf+xml",
               "json": "application/ld+json", "jsonld": "application/ld+json"}
_CHARSET = "; charset=utf-8"


class NotAcceptable(Exception):
    """No offered media type matches the client's Accept header (HTTP 406)."""


def choose(accept: str | None, offered: Iterable[str]) -> str:
    """The offered media type the ``Accept`` header prefers (RFC 9110 q-values; ties go to the
    more specific range, then to the order offered). No header, or ``*/*``, gives the first."""
    offered = list(offered)
    if not accept or not accept.strip():
        return offered[0]
    ranges = []
    for position, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q, position))
    best, best_key = None, None
    for rank, media_type in enumerate(offered):
        main = media_type.split("/")[0]
        for media, q, position in ranges:
            if media == media_type:
                specificity = 2
            elif media == f"{main}/*":
                specificity = 1
            elif media == "*/*":
                specificity = 0
            else:
                continue
            if q <= 0:
                continue
            key = (q, specificity, -position, -rank)
            if best_key is None or key > best_key:
                best, best_key = media_type, key
    if best is None:
        raise NotAcceptable(f"cannot answer in {accept!r}; this result can be sent as {', '.join(offered)}")
    return best


def content_type(media_type: str) -> str:
    return media_type if media_type.endswith("xml") or media_type.endswith("json") else media_type + _CHARSET


# --- SELECT and ASK ---------------------------------------------------------------------------


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}  # RDF-star terms: not made by unionkg


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _plain(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


# Numbers and booleans in TSV as Turtle writes them bare (140, not "140"^^xsd:integer), when the
# text is in Turtle's own syntax for that type.
_BARE = {
    "http://www.w3.org/2001/XMLSchema#integer": re.compile(r"[+-]?[0-9]+"),
    "http://www.w3.org/2001/XMLSchema#decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    "http://www.w3.org/2001/XMLSchema#double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    "http://www.w3.org/2001/XMLSchema#boolean": re.compile(r"true|false"),
}


def _tsv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        bare = _BARE.get(term.datatype.value)
        if bare is not None and bare.fullmatch(term.value):
            return term.value
    return str(term)


def _csv_line(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


def solution_chunks(result, writer: str) -> Iterator[str]:
    """Text pieces of a SELECT (``QuerySolutions``, possibly cut) or ASK (``bool``) result."""
    if isinstance(result, bool):
        yield from _boolean(result, writer)
        return
    names, solutions = result
    if writer == "json":
        yield '{"head":{"vars":' + json.dumps(names, separators=(",", ":")) + '},"results":{"bindings":['
        for n, solution in enumerate(solutions):
            row = {name: _json_term(solution[name]) for name in names if solution[name] is not None}
            yield ("," if n else "") + json.dumps(row, ensure_ascii=False, separators=(",", ":"))
        yield "]}}\n"
    elif writer == "xml":
        yield '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
        yield "".join(f"<variable name={quoteattr(name)}/>" for name in names) + "</head><results>\n"
        for solution in solutions:
            cells = "".join(f"<binding name={quoteattr(name)}>{_xml_term(solution[name])}</binding>"
                            for name in names if solution[name] is not None)
            yield f"<result>{cells}</result>\n"
        yield "</results></sparql>\n"
    elif writer == "csv":
        yield _csv_line(names)
        for solution in solutions:
            yield _csv_line([_plain(solution[name]) for name in names])
    else:  # tsv: terms in their Turtle/N-Triples form, a tab never unescaped inside one
        yield "\t".join(f"?{name}" for name in names) + "\n"
        for solution in solutions:
            yield "\t".join(_tsv_term(solution[name]) for name in names) + "\n"


def _boolean(value: bool, writer: str) -> Iterator[str]:
    word = "true" if value else "false"
    if writer == "json":
        yield '{"head":{},"boolean":' + word + "}\n"
    elif writer == "xml":
        yield ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
               f"<head></head><boolean>{word}</boolean></sparql>\n")
    elif writer == "csv":
        yield "_askResult\r\n" + word + "\r\n"
    else:
        yield "?_askResult\n" + word + "\n"


# --- the whole answer -------------------------------------------------------------------------


class Counted:
    """An iterator that counts what it gives and stops after ``limit`` items, noting a cut."""

    def __init__(self, items: Iterable, limit: int | None) -> None:
        self.items = iter(items)
        self.limit = limit
        self.count = 0
        self.cut = False

    def __iter__(self):
        return self

    def __next__(self):
        if self.limit is not None and self.count >= self.limit:
            try:
                next(self.items)
                self.cut = True
            except StopIteration:
                pass
            raise StopIteration
        item = next(self.items)
        self.count += 1
        return item


def _wanted(accept: str | None, format_name: str | None, names: dict, offered: dict) -> str | None:
    """``format=`` when it names a type this result can take, else the Accept header."""
    if format_name in names:
        return names[format_name]
    return format_name if format_name in offered else accept


def render(result, accept: str | None, limit: int | None, format_name: str | None = None
           ) -> tuple[str, Counted | None, Iterator[bytes]]:
    """(content type, row counter, body pieces) of a pyoxigraph query result for ``accept`` (or
    ``format_name``). ``NotAcceptable`` before any evaluation when no offered type fits."""
    if isinstance(result, (ox.QueryBoolean, ox.QuerySolutions)):
        accept = _wanted(accept, format_name, SOLUTION_NAMES, SOLUTION_TYPES)
    else:
        accept = _wanted(accept, format_name, GRAPH_NAMES, GRAPH_TYPES)
    if isinstance(result, ox.QueryBoolean):
        media = choose(accept, SOLUTION_TYPES)
        pieces = solution_chunks(bool(result), SOLUTION_TYPES[media])
        return content_type(media), None, (piece.encode("utf-8") for piece in pieces)
    if isinstance(result, ox.QuerySolutions):
        media = choose(accept, SOLUTION_TYPES)
        rows = Counted(result, limit)
        names = [v.value for v in result.variables]
        pieces = solution_chunks((names, rows), SOLUTION_TYPES[media])
        return content_type(media), rows, (piece.encode("utf-8") for piece in pieces)
    media = choose(accept, GRAPH_TYPES)
    triples = Counted(result, limit)
    return content_type(media), triples, _graph_bytes(triples, GRAPH_TYPES[media])


def _graph_bytes(triples: Counted, fmt: ox.RdfFormat) -> Iterator[bytes]:
    """N-Triples go out in batches as they are evaluated; Turtle (with the project's prefixes) and
    RDF/XML are one document each, written at once (the row limit bounds them)."""
    if fmt == ox.RdfFormat.N_TRIPLES:
        for batch in iter(lambda: list(itertools.islice(triples, 2048)), []):
            yield ox.serialize(batch, format=fmt)
        return
    prefixes = dict(PREFIXES) if fmt == ox.RdfFormat.TURTLE else None
    yield ox.serialize(list(triples), format=fmt, prefixes=prefixes)
