"""Extraction records from the spaCy pipeline: one :class:`~unionkg.graph.records.PageRecord` per page."""
from __future__ import annotations

import gc
import sys

from unionkg.pipelines.settings import Settings
from unionkg.graph.records import ArticleRecord, Mention, PageRecord, share_strings
from unionkg.pipelines.nlp.extensions import doc_ents, doc_text, span_name
from unionkg.pipelines.nlp.entity_rules import NESTED_PLACES_GROUP
from unionkg.pipelines.nlp.evidence import doc_sentences, source_offsets
from unionkg.pipelines.read.dates import PRINTED, printed_page_date

_NLP_CACHE: dict = {}


def get_nlp(settings: Settings | None = None):
    """One pipeline per process and settings (workers load the model once)."""
    from unionkg.pipelines.nlp.pipeline import load_nlp

    settings = settings or Settings()
    if settings not in _NLP_CACHE:
        _NLP_CACHE[settings] = load_nlp(settings)
    return _NLP_CACHE[settings]


_settled = False


def _settle_once() -> None:
    """After a process's first page: the model, the tagger and the lexicons (some 180k objects, half
    of them loaded on first use) live as long as the process, so they are moved out of the cyclic
    collector's reach (gc.freeze, after one collection so no garbage goes with them). Its full passes
    otherwise walk them all again every few pages: 6-8% of a worker's time on MSRA news."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()


def doc_mentions(doc) -> list[Mention]:
    """Mentions of ``doc.ents`` (by fullest name) and of districts printed inside names."""
    mentions = []
    text = doc_text(doc)
    sentences = doc_sentences(doc)
    source = source_offsets(doc)
    # (labels and sentences repeat: one string object each, which the page record pickles once)
    spans = [(e, span_name(doc, e.start_char, e.end_char)) for e in doc_ents(doc)]
    nested = doc.spans[NESTED_PLACES_GROUP] if NESTED_PLACES_GROUP in doc.spans else []
    spans += [(s, None) for s in nested]
    for span, name in sorted(spans, key=lambda x: (x[0].start_char, x[0].end_char, x[0].label_)):
        start, end = span.start_char, span.end_char
        surface = text[start:end]  # a span's text is its slice of the doc's text (Span.text joins its tokens)
        mentions.append(
            Mention(
                text=surface,
                label=sys.intern(span.label_),
                start=start,
                end=end,
                src_start=source(start),
                src_end=source(end - 1) + 1,
                name=name or surface,
                sentence=sentences.around(start, end),
            )
        )
    return mentions


def _article_doc(nlp, page, article):
    doc = nlp.make_doc(page.text[article.start:article.end])
    doc._.page_id = page.page_id
    doc._.source = str(page.path)
    doc._.headline = article.headline
    doc._.src_offsets = list(page.offsets[article.start:article.end])
    return doc


def extract_page(page, articles, nlp, settings: Settings | None = None) -> PageRecord:
    """Run ``nlp`` over each article of ``page`` and collect its records."""
    docs = [_article_doc(nlp, page, a) for a in articles]
    for name, proc in nlp.pipeline:
        docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
    records = []
    for article, doc in zip(articles, docs):
        records.append(
            ArticleRecord(
                page_id=page.page_id,
                source=str(page.path),
                index=article.index,
                headline=article.headline,
                subheadline=article.subheadline,
                src_start=article.src_start,
                src_end=article.src_end,
                reporters=list(article.reporters),
                mentions=doc_mentions(doc),
                roles=list(doc._.roles or []),
                events=list(doc._.events or []),
                structure=list(doc._.structure or []),
                aliases=[tuple(a) for a in (doc._.aliases or [])],
            )
        )
    _settle_once()
    printed = printed_page_date(page.text)  # the build may date the page otherwise (pipelines/read/dates.py)
    # One object per distinct string of the page (a worker's record is pickled to the main process).
    return share_strings(PageRecord(
        page_id=page.page_id,
        source=str(page.path),
        sha256=page.sha256,
        encoding=page.encoding,
        chars=len(page.raw),
        articles=records,
        date=printed,
        date_source=PRINTED if printed else "",
    ))


def process_file(path, settings: Settings | None = None) -> PageRecord:
    """Read, segment and extract one page file; raises ``PageError`` when it cannot be read."""
    from unionkg.pipelines.read.articles import segment_articles
    from unionkg.pipelines.read.reading import read_page

    settings = settings or Settings()
    page = read_page(path)
    return extract_page(page, segment_articles(page), get_nlp(settings), settings)
