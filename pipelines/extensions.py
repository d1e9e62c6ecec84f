"""Every custom attribute of unionkg's spaCy pipeline, declared once.

Components import :func:`register` (idempotent) instead of calling ``set_extension`` themselves.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_EXTENSIONS = {
    "page_id": "",  # page the article comes from
    "source": "",  # path of the page file
    "headline": "",
    "src_offsets": None,  # list[int]: clean-text char i of this doc -> char offset in the decoded page
    "lac": None,  # list[(word, tag, start, end)] from the statistical tagger, doc char offsets
    "roles": None,  # list[graph.records.RoleRecord]
    "events": None,  # list[graph.records.EventRecord]
    "structure": None,  # list[graph.records.StructureRecord]
    "aliases": None,  # list[(short, full)] declared in the text: （以下简称“经开区”）
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


def char_span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    """``doc.char_span(start, end, label=label)``, made directly when token ``i`` is character ``i``
    (the pipeline's one-token-per-character docs), where char_span's alignment lookups find nothing new."""
    if 0 <= start < end <= len(doc) == len(doc_text(doc)):
        return Span(doc, start, end, label=label)
    return doc.char_span(start, end, label=label)


def register() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register()
