"""The corpus as RDF (the contract in docs/rdf-contract.md), serialized through pyoxigraph.

Triples are built as N-Triples lines, deduplicated and sorted (by subject, rdf:type first), then
read back and written by pyoxigraph: the same corpus always gives byte-identical Turtle and
N-Triples. There are no blank
nodes; memberships, evidence and selectors get minted IRIs (hashes of what they stand for).

    >>> write_turtle(corpus, "out/graph.ttl", "https://w3id.org/unionkg/")
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata

import pyoxigraph as ox
import rdflib

from unionkg.pipelines.settings import Settings
from unionkg.graph.corpus import Corpus, Entity
from unionkg.graph.io import atomic_write, gc_paused
from unionkg.graph.records import COMPANY, ORG, PERSON, PLACE, UNION, Evidence
from unionkg.graph.readwrite.vocab import UKG_IRI

SCHEMA = "https://schema.org/"
ORG_NS = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
OA = "http://www.w3.org/ns/oa#"

# rdf:type values per entity kind; the first is the main type of the contract.
ENTITY_TYPES = {
    PERSON: (SCHEMA + "Person",),
    UNION: (SCHEMA + "WorkersUnion", SCHEMA + "Organization", ORG_NS + "Organization"),
    COMPANY: (SCHEMA + "Corporation", SCHEMA + "Organization", ORG_NS + "Organization"),
    ORG: (SCHEMA + "Organization", ORG_NS + "Organization"),
    PLACE: (SCHEMA + "Place",),
}
_ID_PREFIX_LABEL = {"person": PERSON, "union": UNION, "company": COMPANY, "org": ORG, "place": PLACE}

# Local IRI segments kept readable; everything else is percent-encoded (UTF-8).
_ASCII_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
_NAME_DOTS = frozenset("·・")  # interpuncts of transliterated foreign names (道佩·阿伦)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EVENT_ID = re.compile(r"(.*)#(\d+)/event(\d+)")

# Triples are kept as N-Triples lines with a sort marker after the subject (\x01 before rdf:type,
# \x02 before any other predicate): sorting the UTF-8 lines as bytes is fast (memcmp, and byte order
# is code point order), and rdf:type comes first in each subject block. Literals never hold raw
# control characters (they are escaped), so one translate turns both markers back into spaces.
_TYPE_MARK, _OTHER_MARK = "\x01", "\x02"
_MARKS_TO_SPACES = bytes.maketrans(b"\x01\x02", b"  ")


def iri_segment(text: str) -> str:
    """``text`` as an IRI path: letters of any script kept, reserved and odd characters %-encoded."""
    out = []
    for ch in text:
        if ch in _ASCII_SAFE:
            out.append(ch)
        elif ord(ch) >= 0xA0 and (ch in _NAME_DOTS or unicodedata.category(ch)[0] in "LNM") and _ucschar(ch):
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
    return "".join(out)


def _ucschar(ch: str) -> bool:
    # RFC 3987 ucschar ranges; private-use and non-characters must be encoded.
    c = ord(ch)
    if c <= 0xD7FF:
        return True
    if 0xF900 <= c <= 0xFDCF or 0xFDF0 <= c <= 0xFFEF:
        return True
    if 0x10000 <= c <= 0xDFFFD:
        return (c & 0xFFFF) <= 0xFFFD
    return 0xE1000 <= c <= 0xEFFFD


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def _normalize_base(base_iri: str) -> str:
    return base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"


class IriMinter:
    """Stable IRIs for everything in a corpus, under one base IRI."""

    def __init__(self, base_iri: str) -> None:
        self.base = _normalize_base(base_iri)
        self._entities: dict[str, str] = {}
        self._page_segments: dict[str, str] = {}

    def entity(self, entity_id: str) -> str:
        iri = self._entities.get(entity_id)
        if iri is None:  # entity ids repeat in every article and event: encode each once
            iri = self._entities[entity_id] = self.base + iri_segment(entity_id)
        return iri

    def _page_segment(self, page_id: str) -> str:
        segment = self._page_segments.get(page_id)
        if segment is None:  # page ids repeat in every entity, article and evidence: encode each once
            segment = self._page_segments[page_id] = iri_segment(page_id)
        return segment

    def page(self, page_id: str) -> str:
        return self.base + "page/" + self._page_segment(page_id)

    def article(self, article_id: str) -> str:
        page_id, _, index = article_id.rpartition("#")
        return f"{self.base}article/{self._page_segment(page_id)}-{iri_segment(index)}"

    def event(self, event_id: str) -> str:
        match = _EVENT_ID.fullmatch(event_id)
        if match:  # "<page>#<article>/event<n>" -> event/<page>-<article>-<n>
            page_id, index, number = match.groups()
            return f"{self.base}event/{self._page_segment(page_id)}-{index}-{number}"
        return self.base + "event/" + iri_segment(event_id.replace("#", "/"))

    def role(self, title: str) -> str:
        return self.base + "role/" + iri_segment(title)

    def membership(self, membership_id: str) -> str:
        return self.base + "membership/" + _hash(membership_id)

    def evidence(self, ev: Evidence) -> tuple[str, str]:
        """(evidence node, its selector) for one quoted span of a page."""
        key = _hash(ev.page_id, ev.source, ev.src_start, ev.src_end, ev.exact, ev.sentence)[:8]
        local = f"{self._page_segment(ev.page_id)}-{ev.src_start}-{ev.src_end}-{key}"
        return f"{self.base}evidence/{local}", f"{self.base}selector/{local}"


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
    return f'"{int(value)}"^^<{XSD}integer>'


def _entity_kind(corpus: Corpus, entity_id: str) -> str:
    ent = corpus.entities.get(entity_id)
    if ent is not None:
        return ent.label
    return _ID_PREFIX_LABEL.get(entity_id.partition("/")[0], "")


class _PredicateFragments(dict):
    """Predicate IRI -> the text between subject and object of a line: the sort marker, ``<p>``, a space."""

    def __missing__(self, predicate: str) -> str:
        fragment = self[predicate] = f"{_TYPE_MARK if predicate == RDF_TYPE else _OTHER_MARK}<{predicate}> "
        return fragment


def corpus_ntriples(corpus: Corpus, base_iri: str | None = None) -> bytes:
    """Every triple of the corpus as N-Triples: unique, sorted by subject, rdf:type first."""
    with gc_paused():  # 10^5..10^6 short-lived strings: no cycles for the collector to find
        return _sorted_ntriples(_corpus_lines(corpus, IriMinter(base_iri or Settings.base_iri)))


def _corpus_lines(corpus: Corpus, mint: IriMinter) -> set[str]:
    lines: set[str] = set()
    fragments = _PredicateFragments()

    def add(s: str, p: str, o: str) -> None:
        lines.add(f"<{s}>{fragments[p]}{o} .")

    def evidence(ev: Evidence) -> str:
        node, selector = mint.evidence(ev)
        add(node, RDF_TYPE, _iri(OA + "SpecificResource"))
        add(node, OA + "hasSource", _iri(mint.page(ev.page_id)))
        add(node, OA + "hasSelector", _iri(selector))
        add(node, OA + "exact", _str(ev.exact))
        if ev.sentence:
            add(node, UKG_IRI + "sentence", _str(ev.sentence))
        add(selector, RDF_TYPE, _iri(OA + "TextPositionSelector"))
        add(selector, OA + "start", _int(ev.src_start))
        add(selector, OA + "end", _int(ev.src_end))
        return node

    for page in corpus.pages:
        node = mint.page(page.page_id)
        add(node, RDF_TYPE, _iri(UKG_IRI + "Page"))
        add(node, RDFS + "label", _str(page.page_id))
        add(node, UKG_IRI + "sourceFile", _str(str(page.source)))
        if page.sha256:
            add(node, UKG_IRI + "sha256", _str(page.sha256))
        if page.encoding:
            add(node, UKG_IRI + "encoding", _str(page.encoding))
        add(node, UKG_IRI + "charCount", _int(page.chars))

    for ent in corpus.entities.values():
        _entity_triples(ent, mint, add)

    for m in corpus.memberships:
        node = mint.membership(m.id)
        add(node, RDF_TYPE, _iri(ORG_NS + "Membership"))
        add(node, ORG_NS + "member", _iri(mint.entity(m.person)))
        if m.org:
            add(node, ORG_NS + "organization", _iri(mint.entity(m.org)))
        role = mint.role(m.title)
        add(node, ORG_NS + "role", _iri(role))
        add(role, RDF_TYPE, _iri(ORG_NS + "Role"))
        add(role, RDFS + "label", _zh(m.title))
        for ev in m.evidence:
            add(node, PROV + "wasDerivedFrom", _iri(evidence(ev)))

    for art in corpus.articles:
        node = mint.article(art.id)
        add(node, RDF_TYPE, _iri(SCHEMA + "NewsArticle"))
        add(node, SCHEMA + "headline", _zh(art.headline))
        if art.subheadline:
            add(node, SCHEMA + "alternativeHeadline", _zh(art.subheadline))
        add(node, SCHEMA + "isPartOf", _iri(mint.page(art.page_id)))
        add(node, UKG_IRI + "position", _int(int(art.id.rpartition("#")[2] or 0)))
        add(node, UKG_IRI + "srcStart", _int(art.src_start))
        add(node, UKG_IRI + "srcEnd", _int(art.src_end))
        for person, _role in art.authors:
            add(node, SCHEMA + "author", _iri(mint.entity(person)))
        for ent_id in art.mentions:
            add(node, SCHEMA + "mentions", _iri(mint.entity(ent_id)))

    for ev in corpus.events:
        node = mint.event(ev.id)
        add(node, RDF_TYPE, _iri(SCHEMA + "Event"))
        add(node, RDFS + "label", _zh(ev.trigger))
        add(node, UKG_IRI + "trigger", _zh(ev.trigger))
        for ent_id in list(ev.attendees) + list(ev.organizations):
            add(node, SCHEMA + "attendee", _iri(mint.entity(ent_id)))
        if ev.organizer:
            add(node, SCHEMA + "organizer", _iri(mint.entity(ev.organizer)))
        if ev.location:
            add(node, SCHEMA + "location", _iri(mint.entity(ev.location)))
        if ev.date and _ISO_DATE.fullmatch(ev.date):
            add(node, SCHEMA + "startDate", f"\"{ev.date}\"^^<{XSD}date>")
        elif ev.date:
            add(node, UKG_IRI + "dateText", _str(ev.date))
        add(node, PROV + "wasDerivedFrom", _iri(mint.article(ev.article)))
        if ev.evidence is not None:
            add(node, PROV + "wasDerivedFrom", _iri(evidence(ev.evidence)))

    for st in corpus.structure:
        predicate = _structure_predicate(st.kind, _entity_kind(corpus, st.child), _entity_kind(corpus, st.parent))
        if predicate:
            add(mint.entity(st.child), predicate, _iri(mint.entity(st.parent)))
    return lines


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
    for cls in ENTITY_TYPES.get(ent.label, ()):
        add(node, RDF_TYPE, _iri(cls))
    add(node, RDFS + "label", _zh(ent.name))
    for alias in ent.aliases:
        if alias != ent.name:
            add(node, SKOS + "altLabel", _zh(alias))
    add(node, UKG_IRI + "entityId", _str(ent.id))
    add(node, UKG_IRI + "mentionCount", _int(ent.mentions))
    if ent.pages:
        add(node, UKG_IRI + "firstPage", _iri(mint.page(ent.first_page)))
        add(node, UKG_IRI + "lastPage", _iri(mint.page(ent.last_page)))
    for page_id in ent.pages:
        add(node, UKG_IRI + "page", _iri(mint.page(page_id)))


def _structure_predicate(kind: str, child: str, parent: str) -> str:
    """The RDF property for ``child`` part_of / located_in ``parent``, by the kinds involved."""
    if child == PLACE and parent == PLACE:
        return SCHEMA + "containedInPlace"
    if child in (UNION, COMPANY, ORG) and parent == PLACE:
        return SCHEMA + "location"
    if kind == "part_of" and child in (UNION, COMPANY, ORG) and parent in (UNION, COMPANY, ORG):
        return ORG_NS + "subOrganizationOf"
    return ""


PREFIXES = {
    "schema": SCHEMA,
    "org": ORG_NS,
    "prov": PROV,
    "skos": SKOS,
    "rdfs": RDFS,
    "xsd": XSD,
    "oa": OA,
    "ukg": UKG_IRI,
}


# Namespaces of instances, one Turtle prefix each ("org" is taken by the W3C vocabulary). They
# never overlap, so the serializer has exactly one way to abbreviate each IRI.
INSTANCE_PREFIXES = {
    "person": "person/",
    "union": "union/",
    "company": "company/",
    "kgorg": "org/",
    "place": "place/",
    "role": "role/",
    "membership": "membership/",
    "article": "article/",
    "event": "event/",
    "page": "page/",
    "evidence": "evidence/",
    "selector": "selector/",
}


def prefixes(base_iri: str) -> dict[str, str]:
    """Turtle prefixes: the standard vocabularies, ours, and one per kind of instance."""
    base = _normalize_base(base_iri)
    out = dict(PREFIXES)
    out.update({name: base + local for name, local in INSTANCE_PREFIXES.items()})
    return out


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
    ox.NamedNode(_normalize_base(base))  # a malformed base IRI fails here, with pyoxigraph's message
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
    """``write_turtle`` and ``write_ntriples`` in one go: the triples are built and checked once."""
    base = _checked_base(base_iri)
    data = corpus_ntriples(corpus, base)
    turtle = _convert(data, base, ox.RdfFormat.TURTLE)  # re-reads every line: the validity check
    ntriples = _convert(data, base, ox.RdfFormat.N_TRIPLES, checked=True)
    for path, text in ((turtle_path, turtle), (ntriples_path, ntriples)):
        with atomic_write(path, "wb", encoding=None) as handle:
            handle.write(text)
