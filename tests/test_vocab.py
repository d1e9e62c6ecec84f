"""The RDF writer's terms come from closed namespace classes: a misspelt term fails instead of
writing a wrong IRI."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import namespace as rdflib_ns
from sample_corpus import make_corpus

import unionkg.graph.readwrite.rdf as rdf_module
from unionkg.graph.readwrite.rdf import PREFIXES, corpus_ntriples
from unionkg.graph.readwrite.vocab import OA, UKG, Terms

# The vocabulary class behind each prefix the writer declares.
NAMESPACES = {"schema": rdflib_ns.SDO, "org": rdflib_ns.ORG, "prov": rdflib_ns.PROV, "skos": rdflib_ns.SKOS,
              "rdfs": rdflib_ns.RDFS, "xsd": rdflib_ns.XSD, "oa": OA, "ukg": UKG}
RDF_NS = str(rdflib_ns.RDF)


def test_vocab_misspelt_own_term_raises():
    assert str(UKG.sentence) == "https://w3id.org/unionkg/vocab#sentence"
    with pytest.raises(AttributeError):
        UKG.sentense  # noqa: B018
    with pytest.raises(AttributeError):
        OA.hasSelectr  # noqa: B018


@pytest.mark.parametrize("namespace, good, misspelt", [
    (UKG, "mentionCount", "mentionsCount"),
    (OA, "exact", "exakt"),
    (rdflib_ns.SDO, "WorkersUnion", "WorkerUnion"),  # rdflib's schema.org namespace is open
    (rdflib_ns.XSD, "integer", "interger"),  # and so is its XSD
])
def test_vocab_terms_know_only_declared_names(namespace, good, misspelt):
    terms = Terms(namespace)
    assert getattr(terms, good) == str(namespace._NS[good])
    assert type(getattr(terms, good)) is str  # a plain string, looked up once
    with pytest.raises(AttributeError, match=misspelt):
        getattr(terms, misspelt)


def _writer_with(tmp_path: Path, old: str, new: str):
    """The RDF writer module with ``old`` replaced by ``new`` in its source, loaded apart."""
    source = Path(rdf_module.__file__).read_text(encoding="utf-8")
    assert old in source
    path = tmp_path / "rdf_misspelt.py"
    path.write_text(source.replace(old, new), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("rdf_misspelt", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vocab_misspelt_term_in_the_writer_fails(tmp_path):
    writer = _writer_with(tmp_path, "ukg.sentence,", "ukg.sentense,")
    with pytest.raises(AttributeError, match="sentense"):
        writer.corpus_ntriples(make_corpus())
    with pytest.raises(AttributeError, match="WorkerUnion"):  # at import: the entity types table
        _writer_with(tmp_path, "schema.WorkersUnion,", "schema.WorkerUnion,")
    # The unchanged source, loaded the same way, writes what the installed writer writes.
    assert _writer_with(tmp_path, "ukg.sentence,", "ukg.sentence,").corpus_ntriples(make_corpus()) == \
        corpus_ntriples(make_corpus())


def test_vocab_every_written_term_is_declared_by_its_namespace():
    """Predicates, classes and datatypes of the sample corpus's triples, each a declared term."""
    terms = set()
    for triple in ox.parse(corpus_ntriples(make_corpus()), format=ox.RdfFormat.N_TRIPLES):
        terms.add(triple.predicate.value)
        if triple.predicate.value == RDF_NS + "type":
            terms.add(triple.object.value)
        elif isinstance(triple.object, ox.Literal):
            terms.add(triple.object.datatype.value)
    used = {prefix: set() for prefix in NAMESPACES}
    for term in terms:
        if term.startswith(RDF_NS):
            assert term[len(RDF_NS):] in rdflib_ns.RDF, term
            continue
        prefix = next(p for p, iri in PREFIXES.items() if term.startswith(iri))
        local = term[len(PREFIXES[prefix]):]
        assert local in NAMESPACES[prefix], term
        used[prefix].add(local)
    assert {"sentence", "dateText", "sourceFile", "mentionCount"} <= used["ukg"]
    assert {"WorkersUnion", "NewsArticle", "attendee"} <= used["schema"]
    assert used["org"] >= {"Membership", "member", "role"} and used["oa"] == set(OA.__annotations__)
