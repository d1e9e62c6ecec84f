"""Evidence from a spaCy ``Doc``: map doc character offsets back into the page file."""
from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc

from unionkg.data.readers import load_sentence_marks
from unionkg.graph.records import Evidence
from unionkg.pipelines.nlp.extensions import doc_text, doc_value

# The sentence ends of data/lexicon/sentence_marks.txt, and the line break.
SENTENCE_END_MARKS = load_sentence_marks()["sentence_end"] + "\n"
_SENTENCE_STOP = re.compile(f"[{re.escape(SENTENCE_END_MARKS)}]")
SENTENCE_FINDER_KEY = "unionkg.sentence_finder"
# Longest evidence sentence kept whole; a longer one is kept as a window around the quoted span.
MAX_SNIPPET_CHARS = 400


def source_offsets(doc: Doc):
    """``char -> offset in the decoded page`` of the doc's characters (``char == len(doc.text)``
    allowed), with the doc's offset map read once for many lookups."""
    offsets = doc_value(doc, "src_offsets")
    if offsets is None:
        return lambda char: char
    past_end = offsets[-1] + 1 if offsets else 0
    return lambda char: offsets[char] if char < len(offsets) else past_end


def to_source(doc: Doc, char: int) -> int:
    """Offset in the decoded page of the doc's character ``char`` (``char == len(doc.text)`` allowed)."""
    return source_offsets(doc)(char)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``[left, right)`` of the sentence of ``text`` holding ``[start, end)``, cut after 。！？!? and line
    breaks (the final mark included). :class:`SentenceFinder` answers the same for many spans."""
    left = max(text.rfind(c, 0, start) for c in SENTENCE_END_MARKS) + 1
    rights = [i for i in (text.find(c, end) for c in SENTENCE_END_MARKS) if i != -1]
    return left, (min(rights) + 1 if rights else len(text))


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``[start, end)``, without surrounding blanks."""
    left, right = sentence_bounds(text, start, end)
    return text[left:right].strip()


class SentenceFinder:
    """``sentence_around(text, start, end)`` for many spans of one text: the sentence ends are
    looked up once, then each span's sentence by bisection. A sentence asked for again is the same
    string object, so a page record holding it many times pickles it once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stops = [m.start() for m in _SENTENCE_STOP.finditer(text)]
        self._sentences: dict[tuple[int, int], str] = {}

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """:func:`sentence_bounds` of ``[start, end)``."""
        k = bisect_left(self.stops, start)  # stops before k lie before start
        left = self.stops[k - 1] + 1 if k else 0
        k = bisect_left(self.stops, end, k if end >= start else 0)
        right = self.stops[k] + 1 if k < len(self.stops) else len(self.text)
        return left, right

    def around(self, start: int, end: int) -> str:
        """The sentence around ``[start, end)``, or, past ``MAX_SNIPPET_CHARS``, a window of it around
        the span marked with … (a line with no sentence mark would be copied into every mention)."""
        left, right = self.bounds(start, end)
        if right - left > MAX_SNIPPET_CHARS:
            margin = max(0, (MAX_SNIPPET_CHARS - (end - start)) // 2)
            cut_left, cut_right = max(left, start - margin), min(right, max(end, start) + margin)
            key = (cut_left, cut_right, left < cut_left, cut_right < right)
            sentence = self._sentences.get(key)
            if sentence is None:
                snippet = self.text[cut_left:cut_right].strip()
                sentence = self._sentences[key] = ("…" if key[2] else "") + snippet + ("…" if key[3] else "")
            return sentence
        sentence = self._sentences.get((left, right))
        if sentence is None:
            sentence = self._sentences[(left, right)] = self.text[left:right].strip()
        return sentence


def doc_sentences(doc: Doc) -> SentenceFinder:
    """The doc's :class:`SentenceFinder`, made once per doc."""
    finder = doc.user_data.get(SENTENCE_FINDER_KEY)
    if finder is None:
        finder = doc.user_data[SENTENCE_FINDER_KEY] = SentenceFinder(doc_text(doc))
    return finder


def evidence(doc: Doc, start: int, end: int) -> Evidence:
    """Evidence for doc characters ``[start, end)``."""
    src_start = to_source(doc, start)
    src_end = to_source(doc, end - 1) + 1 if end > start else src_start
    return Evidence(
        page_id=doc_value(doc, "page_id"),
        source=doc_value(doc, "source"),
        src_start=src_start,
        src_end=src_end,
        exact=doc_text(doc)[start:end],
        sentence=doc_sentences(doc).around(start, end),
        headline=doc_value(doc, "headline"),
    )
