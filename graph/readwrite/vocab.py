"""The project's own RDF terms (everything schema.org, W3C ORG, PROV, SKOS and OA do not cover).

The vocabulary IRI is fixed, independent of the configurable instance base IRI, so that shipped
queries and users' queries keep working whatever base a graph was built with.
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

    # Articles
    position: URIRef  # 0-based position of an article on its page
    srcStart: URIRef  # character offset where an article starts in its page's decoded text
    srcEnd: URIRef  # character offset where an article ends in its page's decoded text

    # Events
    trigger: URIRef  # the word reporting the event: 会见, 出席, 调研 …
    dateText: URIRef  # the event date as printed ("4月23日") when it is not a full ISO date

    # Evidence
    sentence: URIRef  # the sentence around an evidence span (original text)
