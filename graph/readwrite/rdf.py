"""The corpus as RDF (the contract in docs/rdf-contract.md), serialized through pyoxigraph.

Triples are built as N-Triples lines, deduplicated and sorted (by subject, rdf:type first), then
read back and written by pyoxigraph: the same corpus always gives byte-identical Turtle and
N-Triples. There are no blank nodes: every node gets a minted IRI (:mod:`unionkg.graph.readwrite.iris`).
Every term is read from its vocabulary's namespace class (:mod:`unionkg.graph.readwrite.vocab`).

Format limits: RDF has no weights or derived views, so co-occurrence and who-met-whom are not
triples (they are queries over ``schema:mentions`` and ``schema:attendee``); every literal is a
string, a ``@zh`` string or an xsd:integer / xsd:date; control characters are escaped.

    >>> write_turtle(corpus, "out/graph.ttl", "https://w3id.org/unionkg/")
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import namespace as rdflib_ns

from unionkg.pipelines.settings import Settings
from unionkg.graph.corpus import Corpus, Entity
from unionkg.graph.dates import event_date, evidence_dates, page_dates
from unionkg.graph.io import atomic_write, gc_paused, gzip_copy, in_background
from unionkg.graph.readwrite.iris import IriMinter, instance_prefixes, normalize_base
from unionkg.graph.readwrite.linesort import CHUNK_LINES, SortedLines
from unionkg.graph.readwrite.vocab import OA, UKG, Terms
from unionkg.graph.records import COMPANY, ORG, ORGANIZATION_LABELS, PART_OF, PERSON, PLACE, UNION, Evidence

# Every term goes through its namespace class, named like its Turtle prefix (schema.Person is
# schema:Person): a misspelt term raises AttributeError instead of writing a wrong IRI.
schema, org, prov, skos, rdfs, rdf, xsd, oa, ukg = (Terms(namespace) for namespace in (
    rdflib_ns.SDO, rdflib_ns.ORG, rdflib_ns.PROV, rdflib_ns.SKOS, rdflib_ns.RDFS, rdflib_ns.RDF, rdflib_ns.XSD,
    OA, UKG))

# rdf:type values per entity kind; the first is the main type of the contract.
ENTITY_TYPES = {
    PERSON: (schema.Person,),
    UNION: (schema.WorkersUnion, schema.Organization, org.Organization),
    COMPANY: (schema.Corporation, schema.Organization, org.Organization),
    ORG: (schema.Organization, org.Organization),
    PLACE: (schema.Place,),
}
_UNNAMED_PLACE_TYPES = (schema.AdministrativeArea,)
_ID_PREFIX_LABEL = {"person": PERSON, "union": UNION, "company": COMPANY, "org": ORG, "place": PLACE}

# Triples are kept as N-Triples lines with a sort marker after the subject (\x01 before rdf:type,
# \x02 before any other predicate): sorting the UTF-8 lines as bytes is fast (memcmp, and byte order
# is code point order), and rdf:type comes first in each subject block. Literals never hold raw
# control characters (they are escaped), so one translate turns both markers back into spaces.
_TYPE_MARK, _OTHER_MARK = "\x01", "\x02"
_MARKS_TO_SPACES = bytes.maketrans(b"\x01\x02", b"  ")


_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(value: str) -> str:
    """A string as the inside of an N-Triples literal; control characters as \\uXXXX (so the
    sort markers can never occur inside a literal)."""
    if not _NEEDS_ESCAPE.search(value):  # the common case: nothing to escape
        return value
    return _NEEDS_ESCAPE.sub(lambda m: _SHORT_ESCAPES.get(m.group(0)) or f"\\u{ord(m.group(0)):04X}", value)


def _iri(value: str) -> str:
    return f"<{value}>"


def _zh(value: str) -> str:
    return f'"{_escape(value)}"@zh'


def _str(value: str) -> str:
    return f'"{_escape(value)}"'


def _int(value: int) -> str:
    return f'"{int(value)}"^^<{xsd.integer}>'


def _date(value: str) -> str:
    return f'"{value}"^^<{xsd.date}>'


def _entity_kind(corpus: Corpus, entity_id: str) -> str:
    ent = corpus.entities.get(entity_id)
    if ent is not None:
        return ent.label
    return _ID_PREFIX_LABEL.get(entity_id.partition("/")[0], "")


class _PredicateFragments(dict):
    """Predicate IRI -> the text between subject and object of a line: the sort marker, ``<p>``, a space."""

    def __missing__(self, predicate: str) -> str:
        fragment = self[predicate] = f"{_TYPE_MARK if predicate == rdf.type else _OTHER_MARK}<{predicate}> "
        return fragment


def corpus_ntriples(corpus: Corpus, base_iri: str | None = None) -> bytes:
    """Every triple of the corpus as N-Triples: unique, sorted by subject, rdf:type first."""
    with gc_paused():  # 10^5..10^6 short-lived strings: no cycles for the collector to find
        lines: set[str] = set()
        _corpus_lines(corpus, IriMinter(base_iri or Settings.base_iri), lines)
        return _sorted_ntriples(lines)


def _corpus_lines(corpus: Corpus, mint: IriMinter, lines) -> None:
    """Every triple of the corpus as a marked N-Triples line, given to ``lines.add`` (a set, or a
    :class:`~unionkg.graph.readwrite.linesort.SortedLines` spooling to disk)."""
    fragments = _PredicateFragments()

    def add(s: str, p: str, o: str) -> None:
        lines.add(f"<{s}>{fragments[p]}{o} .")

    def evidence(ev: Evidence) -> str:
        node, selector = mint.evidence(ev)
        add(node, rdf.type, _iri(oa.SpecificResource))
        add(node, oa.hasSource, _iri(mint.page(ev.page_id)))
        add(node, oa.hasSelector, _iri(selector))
        add(node, oa.exact, _str(ev.exact))
        if ev.sentence:
            add(node, ukg.sentence, _str(ev.sentence))
        add(selector, rdf.type, _iri(oa.TextPositionSelector))
        add(selector, oa.start, _int(ev.src_start))
        add(selector, oa.end, _int(ev.src_end))
        return node

    for page in corpus.pages:
        node = mint.page(page.page_id)
        add(node, rdf.type, _iri(ukg.Page))
        add(node, rdfs.label, _str(page.page_id))
        add(node, ukg.sourceFile, _str(str(page.source)))
        if page.sha256:
            add(node, ukg.sha256, _str(page.sha256))
        if page.encoding:
            add(node, ukg.encoding, _str(page.encoding))
        add(node, ukg.charCount, _int(page.chars))
        if page.date:
            add(node, schema.datePublished, _date(page.date))
            add(node, ukg.dateSource, _str(page.date_source))
        if page.outlet:
            add(node, ukg.outlet, _zh(page.outlet))
        if page.page_number:
            add(node, ukg.pageNumber, _str(page.page_number))
    dated_pages = page_dates(corpus)

    for ent in corpus.entities.values():
        _entity_triples(ent, mint, add)

    for m in corpus.memberships:
        node = mint.membership(m.id)
        add(node, rdf.type, _iri(org.Membership))
        add(node, org.member, _iri(mint.entity(m.person)))
        if m.org:
            add(node, org.organization, _iri(mint.entity(m.org)))
        role = mint.role(m.title)
        add(node, org.role, _iri(role))
        add(role, rdf.type, _iri(org.Role))
        add(role, rdfs.label, _zh(m.title))
        for ev in m.evidence:
            add(node, prov.wasDerivedFrom, _iri(evidence(ev)))
        reported = evidence_dates(m.evidence, dated_pages)
        if reported:
            add(node, ukg.firstReported, _date(reported[0]))
            add(node, ukg.lastReported, _date(reported[-1]))

    for art in corpus.articles:
        node = mint.article(art.id)
        add(node, rdf.type, _iri(schema.NewsArticle))
        add(node, schema.headline, _zh(art.headline))
        if art.subheadline:
            add(node, schema.alternativeHeadline, _zh(art.subheadline))
        add(node, schema.isPartOf, _iri(mint.page(art.page_id)))
        add(node, ukg.position, _int(int(art.id.rpartition("#")[2] or 0)))
        add(node, ukg.srcStart, _int(art.src_start))
        add(node, ukg.srcEnd, _int(art.src_end))
        if art.date:
            add(node, schema.datePublished, _date(art.date))
        for person, _role in art.authors:
            add(node, schema.author, _iri(mint.entity(person)))
        for ent_id in art.mentions:
            add(node, schema.mentions, _iri(mint.entity(ent_id)))

    for ev in corpus.events:
        node = mint.event(ev.id)
        add(node, rdf.type, _iri(schema.Event))
        add(node, rdfs.label, _zh(ev.label or ev.trigger))
        add(node, ukg.trigger, _zh(ev.trigger))
        for ent_id in list(ev.attendees) + list(ev.organizations):
            add(node, schema.attendee, _iri(mint.entity(ent_id)))
        if ev.organizer:
            add(node, schema.organizer, _iri(mint.entity(ev.organizer)))
        if ev.location:
            add(node, schema.location, _iri(mint.entity(ev.location)))
        start = event_date(ev)
        if start:
            add(node, schema.startDate, _date(start))
        if ev.date_precision:
            add(node, ukg.datePrecision, _str(ev.date_precision))
        if ev.date and ev.date != start:
            add(node, ukg.dateText, _str(ev.date))
        add(node, prov.wasDerivedFrom, _iri(mint.article(ev.article)))
        if ev.evidence is not None:
            add(node, prov.wasDerivedFrom, _iri(evidence(ev.evidence)))

    for st in corpus.structure:
        predicate = _structure_predicate(st.kind, _entity_kind(corpus, st.child), _entity_kind(corpus, st.parent))
        if predicate:
            add(mint.entity(st.child), predicate, _iri(mint.entity(st.parent)))


def _sorted_ntriples(lines: set[str]) -> bytes:
    """The marked lines sorted (as UTF-8 bytes, i.e. by code point), markers made spaces."""
    try:
        encoded = sorted([line.encode("utf-8") for line in lines])
    except UnicodeEncodeError:
        # A lone surrogate (decoded text never has one) is no UTF-8: sort as text, write it as "?".
        encoded = [line.encode("utf-8", "replace") for line in sorted(lines)]
    if not encoded:
        return b""
    encoded.append(b"")  # the final newline
    return b"\n".join(encoded).translate(_MARKS_TO_SPACES)


def _entity_triples(ent: Entity, mint: IriMinter, add) -> None:
    node = mint.entity(ent.id)
    # A place no article names on its own (a division above a named one, from the division table, or
    # one printed only inside a body's name) is an administrative area of the hierarchy, no mention.
    types = _UNNAMED_PLACE_TYPES if ent.label == PLACE and not ent.mentions else ENTITY_TYPES.get(ent.label, ())
    for cls in types:
        add(node, rdf.type, _iri(cls))
    add(node, rdfs.label, _zh(ent.name))
    for alias in ent.aliases:
        if alias != ent.name:
            add(node, skos.altLabel, _zh(alias))
    add(node, ukg.entityId, _str(ent.id))
    add(node, ukg.mentionCount, _int(ent.mentions))
    if ent.pages:
        add(node, ukg.firstPage, _iri(mint.page(ent.first_page)))
        add(node, ukg.lastPage, _iri(mint.page(ent.last_page)))
    for page_id in ent.pages:
        add(node, ukg.page, _iri(mint.page(page_id)))


def _structure_predicate(kind: str, child: str, parent: str) -> str:
    """The RDF property for ``child`` part_of / located_in ``parent``, by the kinds involved."""
    if child == PLACE and parent == PLACE:
        return schema.containedInPlace
    if child in ORGANIZATION_LABELS and parent == PLACE:
        return schema.location
    if kind == PART_OF and child in ORGANIZATION_LABELS and parent in ORGANIZATION_LABELS:
        return org.subOrganizationOf
    return ""


# The vocabularies' Turtle prefixes (and SPARQL's, in the query engine).
PREFIXES = {
    "schema": str(schema),
    "org": str(org),
    "prov": str(prov),
    "skos": str(skos),
    "rdfs": str(rdfs),
    "xsd": str(xsd),
    "oa": str(oa),
    "ukg": str(ukg),
}


def prefixes(base_iri: str) -> dict[str, str]:
    """Turtle prefixes: the standard vocabularies, ours, and one per kind of instance."""
    return {**PREFIXES, **instance_prefixes(base_iri)}


# pyoxigraph writes \b and \f as short escapes where our lines have \u0008 and \u000C, and U+FFFE /
# U+FFFF as \uFFFE / \uFFFF where our lines have the characters (checked over every code point);
# lines with none of these are exactly the N-Triples pyoxigraph writes back (same terms, spacing, order).
_OXIGRAPH_REWRITES = (b"\\u0008", b"\\u000C", "\ufffe".encode("utf-8"), "\uffff".encode("utf-8"))


def serialize(corpus: Corpus, base_iri: str | None, fmt: ox.RdfFormat) -> bytes:
    """The corpus in ``fmt`` (Turtle with prefixes, or N-Triples), byte-identical across runs."""
    base = _checked_base(base_iri)
    return _convert(corpus_ntriples(corpus, base), base, fmt)


def _checked_base(base_iri: str | None) -> str:
    base = base_iri or Settings.base_iri
    ox.NamedNode(normalize_base(base))  # a malformed base IRI fails here, with pyoxigraph's message
    return base


def _convert(data: bytes, base: str, fmt: ox.RdfFormat, *, checked: bool = False) -> bytes:
    """Our sorted N-Triples ``data`` in ``fmt``. pyoxigraph re-reads the lines (a validity check,
    skipped when the caller already had them read: ``checked``), streaming them into its writer;
    N-Triples are our own lines when they are the same."""
    with gc_paused():
        triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        if fmt == ox.RdfFormat.N_TRIPLES and not any(code in data for code in _OXIGRAPH_REWRITES):
            if not checked:
                for _ in triples:
                    pass
            return data
        if fmt != ox.RdfFormat.TURTLE:
            return ox.serialize(triples, format=fmt)
        declared = prefixes(base)
        text = ox.serialize(triples, format=fmt, prefixes=declared)
    # The serializer writes the @prefix lines in hash-map order: rewrite them in sorted order.
    lines = text.split(b"\n")
    count = 0
    while count < len(lines) and lines[count].startswith(b"@prefix "):
        count += 1
    header = [f"@prefix {name}: <{iri}> .".encode("utf-8") for name, iri in sorted(declared.items())]
    return b"\n".join(header + lines[count:])


def corpus_to_rdf(corpus: Corpus, base_iri: str | None = None) -> rdflib.Graph:
    """The corpus as an rdflib Graph (convenient for small corpora; the writers do not need it)."""
    graph = rdflib.Graph()
    graph.parse(data=serialize(corpus, base_iri, ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    for name, iri in prefixes(base_iri or Settings.base_iri).items():
        graph.bind(name, iri, override=True)
    return graph


def _write(corpus: Corpus, path: str | os.PathLike, base_iri: str | None, fmt: ox.RdfFormat) -> None:
    data = serialize(corpus, base_iri, fmt)
    with atomic_write(path, "wb", encoding=None) as handle:
        handle.write(data)


def write_turtle(corpus: Corpus, path: str | os.PathLike, base_iri: str | None = None) -> None:
    """Write the corpus as Turtle (prefixed, sorted, byte-identical across runs), atomically."""
    _write(corpus, path, base_iri, ox.RdfFormat.TURTLE)


def write_ntriples(corpus: Corpus, path: str | os.PathLike, base_iri: str | None = None) -> None:
    """Write the corpus as N-Triples (one sorted triple per line), atomically."""
    _write(corpus, path, base_iri, ox.RdfFormat.N_TRIPLES)


def write_turtle_and_ntriples(corpus: Corpus, turtle_path: str | os.PathLike, ntriples_path: str | os.PathLike,
                              base_iri: str | None = None) -> None:
    """``write_turtle`` and ``write_ntriples`` in one go, streaming: the same bytes as ``serialize``,
    in memory bounded by the graph's chunk of lines, not by the corpus (see :func:`write_rdf_streaming`)."""
    write_rdf_streaming(corpus, turtle_path, ntriples_path, base_iri)


def write_rdf_streaming(corpus: Corpus, turtle_path: str | os.PathLike, ntriples_path: str | os.PathLike,
                        base_iri: str | None = None, *, chunk_lines: int = CHUNK_LINES) -> None:
    """Turtle and N-Triples without the whole graph in memory: the lines are sorted on disk
    (:class:`SortedLines`), written as N-Triples as they come out of the merge, and pyoxigraph reads
    that file back (the validity check) straight into its Turtle writer. An ``ntriples_path`` ending
    in ``.gz`` gets the N-Triples gzipped (see ``gzip_copy``). Both files are replaced only once
    both are complete."""
    base = _checked_base(base_iri)
    ntriples_path, turtle_path = Path(ntriples_path), Path(turtle_path)
    folder = ntriples_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    with gc_paused(), SortedLines(folder, chunk_lines) as lines, \
            _scratch_file(folder, ntriples_path.name) as nt_tmp, \
            _scratch_file(folder, turtle_path.name) as ttl_raw, \
            _scratch_file(turtle_path.parent, turtle_path.name) as ttl_tmp:
        _corpus_lines(corpus, IriMinter(base), lines)
        with open(nt_tmp, "wb") as handle:
            rewritten = _write_sorted_lines(lines.sorted(), handle)
        lines.close()  # the run files, before the Turtle is written beside them
        if rewritten:  # lines pyoxigraph writes otherwise: the N-Triples are its own, as ``_convert`` gives
            ox.serialize(ox.parse(path=nt_tmp, format=ox.RdfFormat.N_TRIPLES), str(ttl_raw), ox.RdfFormat.N_TRIPLES)
            os.replace(ttl_raw, nt_tmp)
        # The N-Triples are gzipped in a thread while pyoxigraph writes the Turtle from them (zlib
        # lets go of the interpreter while it compresses): the compression costs no wall time.
        gzipped = _scratch_file(folder, ntriples_path.name) if ntriples_path.name.endswith(".gz") else None
        with gzipped or contextlib.nullcontext() as nt_gz:
            with in_background(gzip_copy, nt_tmp, nt_gz) if nt_gz is not None else contextlib.nullcontext():
                declared = prefixes(base)
                ox.serialize(ox.parse(path=nt_tmp, format=ox.RdfFormat.N_TRIPLES), str(ttl_raw),
                             ox.RdfFormat.TURTLE, prefixes=declared)
                with open(ttl_raw, "rb") as text, open(ttl_tmp, "wb") as handle:
                    _copy_with_sorted_prefixes(text, handle, declared)
            if nt_gz is not None:
                os.replace(nt_gz, nt_tmp)
            for tmp, path in ((nt_tmp, ntriples_path), (ttl_tmp, turtle_path)):
                os.chmod(tmp, 0o644)
                os.replace(tmp, path)


@contextlib.contextmanager
def _scratch_file(folder: Path, name: str):
    """A fresh temporary file's path beside the outputs (removed at the end unless moved)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        yield Path(tmp)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _write_sorted_lines(lines, handle) -> bool:
    """The marked lines as N-Triples (markers made spaces), a few thousand at a time; whether any
    holds a code that pyoxigraph writes otherwise (``_OXIGRAPH_REWRITES``)."""
    rewritten = False
    block: list[bytes] = []
    for line in lines:
        block.append(line)
        if len(block) >= 4096:
            rewritten = _flush_block(block, handle) or rewritten
            block = []
    if block:
        rewritten = _flush_block(block, handle) or rewritten
    return rewritten


def _flush_block(block: list[bytes], handle) -> bool:
    data = b"\n".join(block) + b"\n"
    handle.write(data.translate(_MARKS_TO_SPACES))
    return any(code in data for code in _OXIGRAPH_REWRITES)


def _copy_with_sorted_prefixes(text, handle, declared: dict[str, str]) -> None:
    """pyoxigraph's Turtle with its @prefix lines (written in hash-map order) in sorted order: the
    bytes ``_convert`` gives, copied in blocks."""
    header = [f"@prefix {name}: <{iri}> .".encode("utf-8") for name, iri in sorted(declared.items())]
    handle.write(b"\n".join(header))
    line = text.readline()
    while line.startswith(b"@prefix "):
        if not line.endswith(b"\n"):  # the file ends in a prefix line: nothing follows the header
            return
        line = text.readline()
    handle.write(b"\n" + line)
    shutil.copyfileobj(text, handle, 1 << 20)
