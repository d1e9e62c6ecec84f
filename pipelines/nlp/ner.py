"""Statistical layer of the NER: one-token-per-character docs, sentences, and LAC's words and names.

``kg_sentences`` splits at 。！？ and line breaks; ``kg_lac`` runs the LAC tagger over every
sentence (one batched ``segment`` call per doc, or per ``nlp.pipe`` batch), keeps all its words with
doc character offsets in ``Doc._.lac`` and sets LAC's own PER/LOC/ORG names as ``doc.ents``
(PERSON/PLACE/ORG). ``kg_entity_rules`` (unionkg.pipelines.nlp.entity_rules) then repairs and types them.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from unionkg.data.readers import load_sentence_marks
from unionkg.pipelines.nlp.extensions import TEXT_KEY, char_span, doc_text, set_entities, write_entities
from unionkg.pipelines.nlp.tagger import LacTagger, shared_tagger

SENTENCE_END = load_sentence_marks()["sentence_end"]  # data/lexicon/sentence_marks.txt
# Where a sentence ends: a line break, or a final mark with the closing quotes/brackets after it (。” ）).
_SENTENCE_BREAK = re.compile(r"\n|[%s][”’」』）)]*" % re.escape(SENTENCE_END))
LAC_LABELS = {"PER": "PERSON", "LOC": "PLACE", "ORG": "ORG"}


class CharTokenizer:
    """One token per character, whitespace included, so token ``i`` is character ``i``."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        # character -> its hash in the vocab's strings: Doc takes hashes without hashing each character
        # again (kept for good, not for a memory zone, as the hashes are kept here)
        self._orths: dict[str, int] = {}

    def __call__(self, text: str) -> Doc:
        orths = self._orths
        words = [orths.get(ch) or self._orth(ch) for ch in text]
        doc = Doc(self.vocab, words=words, spaces=[False] * len(text))
        doc.user_data[TEXT_KEY] = text  # what doc_text(doc) would rebuild on every access
        return doc

    def _orth(self, ch: str) -> int:
        orth = self._orths[ch] = self.vocab.strings.add(ch, allow_transient=False)
        return orth

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # spaCy serializes tokenizers with the pipeline; this one has no state.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "CharTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "CharTokenizer":
        return self


# Longest sentence handed on: a longer one (a line with no 。！？, pasted tables) is cut into pieces at
# a clause mark or space, else at this length, so the tagger's memory and time stay per sentence.
MAX_SENTENCE_CHARS = 400
_CLAUSE_BREAK = re.compile(r"[，,；;：:、\s]")


def sentence_ranges(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence: cut after 。！？!? and at every line break (the
    break itself belongs to no sentence), and into pieces of at most ``MAX_SENTENCE_CHARS``.
    Empty and blank sentences are left out."""
    ranges = []
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        end = m.start() if m.group() == "\n" else m.end()
        if text[start:end].strip():
            ranges.extend(_pieces(text, start, end))
        start = m.end()
    if text[start:].strip():
        ranges.extend(_pieces(text, start, len(text)))
    return ranges


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= MAX_SENTENCE_CHARS:
        return [(start, end)]
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = limit
        for m in _CLAUSE_BREAK.finditer(text, start + MAX_SENTENCE_CHARS // 2, limit):
            cut = m.end()  # the last clause mark in the second half of the window
        if text[start:cut].strip():
            pieces.append((start, cut))
        start = cut
    if text[start:end].strip():
        pieces.append((start, end))
    return pieces


SENTENCES_KEY = "unionkg.sentences"


def doc_sentence_ranges(doc: Doc) -> list[tuple[int, int]]:
    """``sentence_ranges`` of the doc's text, found once per doc (several components ask; do not
    change the list)."""
    ranges = doc.user_data.get(SENTENCES_KEY)
    if ranges is None:
        ranges = doc.user_data[SENTENCES_KEY] = sentence_ranges(doc_text(doc))
    return ranges


@Language.component("kg_sentences", assigns=["token.is_sent_start"])
def kg_sentences(doc: Doc) -> Doc:
    text = doc_text(doc)
    if not text:
        return doc
    # token i is character i: set every boundary in one array (per-token setters are slow)
    sent_start = numpy.full((len(text), 1), -1, dtype="int64")
    sent_start[0, 0] = 1
    for start, _ in doc_sentence_ranges(doc):
        sent_start[start, 0] = 1
    line_break = text.find("\n")
    while 0 <= line_break < len(text) - 1:
        sent_start[line_break + 1, 0] = 1
        line_break = text.find("\n", line_break + 1)
    doc.from_array([SENT_START], sent_start.view("uint64"))
    return doc


def sentence_words(sentence: str, offset: int, bounds: list[int], labels: list[str]) -> list[tuple[str, str, int, int]]:
    """The tagger's segmentation of ``sentence`` (``LacTagger.segment``) as ``(word, tag, start, end)`` in
    doc characters, ``offset`` being where the sentence starts in the doc."""
    starts = [offset + a for a in bounds]  # (a word ends where the next starts: starts[1:] are the ends)
    return list(zip([sentence[a:b] for a, b in zip(bounds, bounds[1:])], labels, starts, starts[1:]))


class LacComponent(Pipe):
    """Runs LAC over a doc's sentences and keeps its words (``Doc._.lac``) and names (``doc.ents``)."""

    def __init__(self, nlp: Language, name: str, *, tagger: LacTagger | None = None) -> None:
        self.name = name
        self._tagger = tagger

    @property
    def tagger(self) -> LacTagger:
        if self._tagger is None:
            self._tagger = shared_tagger()
        return self._tagger

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            self._tag_docs([doc])
        except Exception as err:  # noqa: BLE001 - spaCy's error-handler protocol
            error_handler(self.name, self, [doc], err)
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 32) -> Iterator[Doc]:
        error_handler = self.get_error_handler()
        for docs in minibatch(stream, size=batch_size):
            try:
                self._tag_docs(docs)
            except Exception as err:  # noqa: BLE001
                error_handler(self.name, self, docs, err)
            yield from docs

    def _tag_docs(self, docs: list[Doc]) -> None:
        texts = {id(doc): doc_text(doc) for doc in docs}  # Doc.text is rebuilt on each access
        jobs = [(doc, start, end) for doc in docs for start, end in doc_sentence_ranges(doc)]
        sentences = [texts[id(doc)][start:end] for doc, start, end in jobs]
        segmented = self.tagger.segment(sentences) if jobs else []
        words: dict[int, list] = {id(doc): [] for doc in docs}
        for (doc, start, _end), sentence, (bounds, labels) in zip(jobs, sentences, segmented):
            words[id(doc)].extend(sentence_words(sentence, start, bounds, labels))
        for doc in docs:
            doc._.lac = words[id(doc)]
            set_lac_entities(doc, doc._.lac)  # = doc.ents = lac_entities(…)


def set_lac_entities(doc: Doc, words: list[tuple[str, str, int, int]]) -> None:
    """``set_entities(doc, lac_entities(doc, words))``, written from the words' bounds without making a
    Span per name first (kg_entity_rules replaces them all; only their annotation is written here)."""
    length = len(doc)
    if not length or length != len(doc_text(doc)):
        set_entities(doc, lac_entities(doc, words))
        return
    hashes = {tag: doc.vocab.strings.add(label) for tag, label in LAC_LABELS.items()}
    found = [(start, end, hashes[tag]) for word, tag, start, end in words
             if tag in hashes and start < end and word.strip()]
    starts, ends, labels = (numpy.array(column, dtype=dtype) for column, dtype in
                            zip(zip(*found) if found else ((), (), ()), ("int64", "int64", "uint64")))
    if found and (starts[0] < 0 or ends[-1] > length or (starts[1:] < ends[:-1]).any()):
        set_entities(doc, lac_entities(doc, words))  # (not the tagger's words: out of order or bounds)
        return
    write_entities(doc, starts, ends, labels)


def lac_entities(doc: Doc, words: list[tuple[str, str, int, int]]) -> list[Span]:
    """LAC's own names as spans (PER -> PERSON, LOC -> PLACE, ORG -> ORG), blank ones left out."""
    if len(doc) == len(doc_text(doc)):
        # token i is character i (the pipeline's docs): a word's characters are its tokens
        return [Span(doc, start, end, label=LAC_LABELS[tag])
                for word, tag, start, end in words if tag in LAC_LABELS and start < end and word.strip()]
    spans = []
    for word, tag, start, end in words:
        label = LAC_LABELS.get(tag)
        if label and word.strip():
            span = char_span(doc, start, end, label)
            if span is not None:
                spans.append(span)
    return spans


@Language.factory(
    "kg_lac",
    requires=["token.is_sent_start"],
    assigns=["doc.ents", "doc._.lac"],
    default_config={},
)
def make_lac(nlp: Language, name: str) -> LacComponent:
    return LacComponent(nlp, name)


def char_tokenizer_factory() -> Callable:
    return lambda nlp: CharTokenizer(nlp.vocab)
