"""The RDF vocabularies the writer uses, as closed namespace classes, and :class:`Terms` to read them.

``UKG`` holds the project's own terms (everything schema.org, W3C ORG, PROV, SKOS and OA do not
cover). Its IRI is fixed, independent of the configurable instance base IRI, so that shipped
queries and users' queries keep working whatever base a graph was built with. ``OA`` declares the
part of the W3C Web Annotation vocabulary that evidence uses (rdflib ships none).
"""
from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

UKG_IRI = "https://w3id.org/unionkg/vocab#"


class UKG(DefinedNamespace):
    _NS = Namespace(UKG_IRI)
    _fail = True

    # Classes
    Page: URIRef  # one newspaper page file (several articles); the oa:hasSource of evidence

    # Entities
    entityId: URIRef  # the corpus id of an entity ("person/张良"), as in the CSV tables
    mentionCount: URIRef  # how many times the entity is named in the whole corpus (xsd:integer)
    firstPage: URIRef  # the first page (in page-id order) naming the entity
    lastPage: URIRef  # the last page (in page-id order) naming the entity
    page: URIRef  # a page naming the entity (one triple per page)

    # Pages
    sourceFile: URIRef  # path of the page file as given to the build
    sha256: URIRef  # SHA-256 of the page file's bytes (hex)
    encoding: URIRef  # text encoding the page file was decoded with
    charCount: URIRef  # length of the decoded page text, in characters
    dateSource: URIRef  # where the page's schema:datePublished comes from: manifest | option | page | path
    outlet: URIRef  # the paper a page belongs to, as named in the build's manifest
    pageNumber: URIRef  # the page's number in its paper, as given in the manifest

    # Articles
    position: URIRef  # 0-based position of an article on its page
    srcStart: URIRef  # character offset where an article starts in its page's decoded text
    srcEnd: URIRef  # character offset where an article ends in its page's decoded text

    # Events
    trigger: URIRef  # the word reporting the event: 会见, 出席, 调研 …
    dateText: URIRef  # the event date as printed ("4月23日") when it is not a full ISO date
    datePrecision: URIRef  # how exact schema:startDate is: day | month (its first day) | around (近日: on or
    # shortly before) | article (the text gives no date: the article's)

    # Memberships: a role as reported, an observation on the publication dates (not when it began or ended)
    firstReported: URIRef  # the earliest date of a page reporting the role (xsd:date)
    lastReported: URIRef  # the latest date of a page reporting the role (xsd:date)

    # Evidence
    sentence: URIRef  # the sentence around an evidence span (original text)


class OA(DefinedNamespace):
    """W3C Web Annotation terms of the evidence nodes (https://www.w3.org/TR/annotation-vocab/)."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef
    TextPositionSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    exact: URIRef
    start: URIRef
    end: URIRef


class Terms:
    """The terms of a namespace class as plain strings: ``Terms(UKG).sentence``.

    Only terms the class declares exist; any other name raises AttributeError, in rdflib's open
    namespaces (schema.org, XSD) too. Each term is looked up once and then kept as a plain
    attribute: reading the class itself builds a new URIRef every time (2 µs, for each of a large
    corpus's 10^6 triples).
    """

    def __init__(self, namespace: type[DefinedNamespace]) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:  # called only for a term not looked up yet
        namespace = self.__dict__.get("_namespace")
        if namespace is None or name.startswith("_") or name not in namespace:
            raise AttributeError(f"{namespace!r} declares no term {name!r}")
        iri = str(namespace._NS[name])
        setattr(self, name, iri)
        return iri

    def __str__(self) -> str:
        """The namespace IRI."""
        return str(self._namespace._NS)
