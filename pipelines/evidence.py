"""Evidence from a spaCy ``Doc``: map doc character offsets back into the page file."""
from __future__ import annotations

from spacy.tokens import Doc

from graph.records import Evidence
from pipelines.extensions import doc_text

_SENTENCE_END = "。！？!?\n"


def to_source(doc: Doc, char: int) -> int:
    """Offset in the decoded page of the doc's character ``char`` (``char == len(doc.text)`` allowed)."""
    offsets = doc._.src_offsets
    if offsets is None:
        return char
    if char >= len(offsets):
        return offsets[-1] + 1 if offsets else 0
    return offsets[char]


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``[start, end)``, cut at 。！？ and line breaks."""
    left = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    rights = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def evidence(doc: Doc, start: int, end: int) -> Evidence:
    """Evidence for doc characters ``[start, end)``."""
    src_start = to_source(doc, start)
    src_end = to_source(doc, end - 1) + 1 if end > start else src_start
    return Evidence(
        page_id=doc._.page_id,
        source=doc._.source,
        src_start=src_start,
        src_end=src_end,
        exact=doc_text(doc)[start:end],
        sentence=sentence_around(doc_text(doc), start, end),
        headline=doc._.headline,
    )
