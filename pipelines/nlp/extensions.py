"""Every custom attribute of unionkg's spaCy pipeline, declared once.

Components import :func:`register` (idempotent) instead of calling ``set_extension`` themselves.
"""
from __future__ import annotations

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.tokens import Doc, Span

DOC_EXTENSIONS = {
    "page_id": "",  # page the article comes from
    "source": "",  # path of the page file
    "headline": "",
    "src_offsets": None,  # list[int]: clean-text char i of this doc -> char offset in the decoded page
    "lac": None,  # list[(word, tag, start, end)] from the statistical tagger, doc char offsets
    "roles": None,  # list[unionkg.graph.records.RoleRecord]
    "events": None,  # list[unionkg.graph.records.EventRecord]
    "structure": None,  # list[unionkg.graph.records.StructureRecord]
    "aliases": None,  # list[(short, full)] declared in the text: （以下简称“经开区”）
    "locus": None,  # unionkg.pipelines.nlp.locus.Locus: the place the article is about
}
SPAN_EXTENSIONS = {
    "name": None,  # fullest name in context (short forms resolved); None: the span text
}


TEXT_KEY = "unionkg.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: with one token per character spaCy rebuilds it on every access."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


ENTS_KEY = "unionkg.ents"


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, read once until they are set again: the getter makes a new Span per entity on
    each access, and every step after the NER reads them. The steps set entities through
    ``set_entities`` / ``write_entities``, which drop this copy (a step setting them otherwise must too)."""
    ents = doc.user_data.get(ENTS_KEY)
    if ents is None:
        ents = doc.user_data[ENTS_KEY] = doc.ents
    return ents


def char_span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    """``doc.char_span(start, end, label=label)``, made directly when token ``i`` is character ``i``
    (the pipeline's one-token-per-character docs), where char_span's alignment lookups find nothing new."""
    if 0 <= start < end <= len(doc) == len(doc_text(doc)):
        return Span(doc, start, end, label=label)
    return doc.char_span(start, end, label=label)


# How spaCy keys a span's extension values in ``doc.user_data`` (spacy.tokens.underscore.Underscore._get_key);
# tests/test_extract.py checks this against ``span._`` so that a spaCy change shows up there.
_SPAN_KEY = "._."


def doc_value(doc: Doc, name: str):
    """``getattr(doc._, name)`` for one of ``DOC_EXTENSIONS`` (whose defaults are never copied: None
    or a string), read without building spaCy's per-access ``Underscore`` object."""
    return doc.user_data.get((_SPAN_KEY, name, None, None), DOC_EXTENSIONS[name])


def span_name(doc: Doc, start_char: int, end_char: int) -> str | None:
    """``Span._.name`` of the span ``[start_char, end_char)``, read without building spaCy's
    per-access ``Underscore`` object (the value lives in ``doc.user_data``)."""
    return doc.user_data.get((_SPAN_KEY, "name", start_char, end_char))


def set_span_name(doc: Doc, start_char: int, end_char: int, name: str | None) -> None:
    """``span._.name = name`` for the span ``[start_char, end_char)``."""
    doc.user_data[(_SPAN_KEY, "name", start_char, end_char)] = name


def entity_name(span: Span) -> str:
    """``span._.name or span.text`` (Span.text joins one token per character, the doc's text slice does not)."""
    doc = span.doc
    start, end = span.start_char, span.end_char
    return doc.user_data.get((_SPAN_KEY, "name", start, end)) or doc_text(doc)[start:end]


def set_entities(doc: Doc, spans: list[Span]) -> None:
    """``doc.set_ents(spans)`` for the pipeline's spans (no kb_id or id): the same token
    annotation (B at a span's start, I inside, O elsewhere), written as one array. set_ents checks
    every token against a Python set; this costs a few numpy calls whatever the length. Anything
    else (overlaps, empty spans, kb ids) goes to ``doc.set_ents``, which also raises its errors."""
    doc.user_data.pop(ENTS_KEY, None)  # (see doc_ents)
    spans = [s for s in spans if s.label]  # set_ents leaves spans without a label out
    length = len(doc)
    if not length or any(s.kb_id or s.id or s.start >= s.end for s in spans):
        doc.set_ents(spans)
        return
    spans = sorted(spans, key=lambda s: s.start)
    starts = numpy.fromiter((s.start for s in spans), dtype=numpy.int64, count=len(spans))
    ends = numpy.fromiter((s.end for s in spans), dtype=numpy.int64, count=len(spans))
    if len(spans) > 1 and (starts[1:] < ends[:-1]).any():
        doc.set_ents(spans)  # overlapping spans: spaCy's error
        return
    labels = numpy.fromiter((s.label for s in spans), dtype=numpy.uint64, count=len(spans))
    write_entities(doc, starts, ends, labels)


def write_entities(doc: Doc, starts, ends, labels) -> None:
    """The token annotation of entities ``[starts[i], ends[i])`` labelled ``labels[i]`` (label hashes)
    and no others, for ``set_entities``: numpy arrays, sorted, non-empty and disjoint entities."""
    doc.user_data.pop(ENTS_KEY, None)  # (see doc_ents)
    length = len(doc)
    # +label where a span starts, -label where it ends: the running sum (modulo 2**64) is the label
    # of the span holding each token, 0 outside; the same with 1 tells inside from outside.
    label_steps = numpy.zeros(length + 1, dtype=numpy.uint64)
    label_steps[starts] += labels
    label_steps[ends] -= labels
    inside_steps = numpy.zeros(length + 1, dtype=numpy.int64)
    inside_steps[starts] += 1
    inside_steps[ends] -= 1
    annotation = numpy.empty((length, 2), dtype=numpy.uint64)
    annotation[:, 0] = numpy.where(numpy.cumsum(inside_steps[:length]) > 0, 1, 2)  # I inside, O outside
    annotation[starts, 0] = 3  # B
    annotation[:, 1] = numpy.cumsum(label_steps[:length])
    doc.from_array([ENT_IOB, ENT_TYPE], annotation)


def register() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register()
