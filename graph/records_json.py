"""A page's extraction records as one line of ``records.jsonl`` (and of a store's records files).

The line is the page's records as JSON (sorted keys, not ASCII-escaped), compacted where a build
repeats itself, and nothing else left out:

- each article holds its sentences once, in ``"sentences"`` (in order of first use: mentions, then
  the evidence of roles, events and structure); a mention's or an evidence's ``"sentence"`` is the
  index of its sentence there. A sentence was written once per mention before: at 12M characters
  93 MB of sentences, 30.6 MB of them distinct within their article.
- an evidence leaves out ``page_id``, ``source`` and ``headline`` where they are its article's (as
  they are for every evidence extraction makes); present, they are its own.
- what the quoted text already says is left out: a mention's ``name`` where it is its ``text``; an
  end offset (``end``, ``src_end``) where it is its start plus the length of the quoted text
  (``text``, an evidence's ``exact``), as it is unless the page's cleaning changed the span.

Long sentences are already cut to a window around their span where the sentence is taken
(``pipelines/nlp/evidence.py``, ``MAX_SNIPPET_CHARS``), so every output quotes the same snippet.

:func:`page_from_dict` reads this form and the one before it (whole sentences in every mention and
evidence, no ``"sentences"``), which stores keep; either way one string object stands for each
distinct string of the page (as :func:`~unionkg.graph.records.share_strings` makes it).
"""
from __future__ import annotations

import json
import sys
from dataclasses import fields, is_dataclass
from typing import Any

from unionkg.graph.records import (
    ArticleRecord,
    EventRecord,
    Evidence,
    Mention,
    PageRecord,
    Reporter,
    RoleRecord,
    StructureRecord,
    share_names,
)

_intern = sys.intern

SENTENCES = "sentences"  # an article's sentences, each once


def to_dict(record: Any) -> dict:
    """The record as nested dicts and lists: what its JSON line holds (see ``to_json``)."""
    if isinstance(record, PageRecord):
        return _plain(_page_line(record))
    return _plain(record)


def to_json(record: Any) -> str:
    """``json.dumps(to_dict(record), ensure_ascii=False, sort_keys=True)``, without the deep copies."""
    if isinstance(record, PageRecord):
        record = _page_line(record)
    return _RECORD_ENCODER.encode(record)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {name: _plain(v) for name, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(v) for name, v in _record_fields(value).items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    return value


def _record_fields(record: object) -> dict:
    """A record dataclass as the dict ``to_dict`` makes of it, one level at a time: the JSON encoder
    calls this for every record object it meets (far cheaper than ``asdict``'s deep copies)."""
    names = _FIELD_NAMES.get(type(record))
    if names is None:
        if not is_dataclass(record) or isinstance(record, type):
            raise TypeError(f"{type(record).__name__} is not JSON serializable")
        names = _FIELD_NAMES[type(record)] = tuple(f.name for f in fields(record))
    values = {name: getattr(record, name) for name in names}
    for name in _OMITTED_WHEN_EMPTY.get(type(record), ()):
        if not values[name]:
            del values[name]
    return values


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
# Fields added after records.jsonl was first written: left out while empty, so the records of
# undated pages read and look as they always did.
_OMITTED_WHEN_EMPTY: dict[type, tuple[str, ...]] = {
    PageRecord: ("date", "date_source", "outlet", "page_number"),
    ArticleRecord: ("date",),
    EventRecord: ("iso_date", "date_precision"),
}
_RECORD_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=_record_fields)


def _page_line(page: PageRecord) -> dict:
    """The page as the dicts of its line (records below an article's lists left to the encoder)."""
    line = _record_fields(page)
    line["articles"] = [_article_line(article) for article in page.articles]
    return line


def _article_line(article: ArticleRecord) -> dict:
    sentences: list[str] = []
    index_of: dict[str, int] = {}

    def sentence_index(sentence: str) -> int:
        index = index_of.get(sentence)
        if index is None:
            index = index_of[sentence] = len(sentences)
            sentences.append(sentence)
        return index

    def evidence_line(ev: Evidence | None) -> dict | None:
        if ev is None:
            return None
        line = {"exact": ev.exact, "sentence": sentence_index(ev.sentence), "src_start": ev.src_start}
        if ev.src_end != ev.src_start + len(ev.exact):
            line["src_end"] = ev.src_end
        if ev.page_id != article.page_id:
            line["page_id"] = ev.page_id
        if ev.source != article.source:
            line["source"] = ev.source
        if ev.headline != article.headline:
            line["headline"] = ev.headline
        return line

    def with_evidence(item) -> dict:
        values = _record_fields(item)
        values["evidence"] = evidence_line(item.evidence)
        return values

    mentions = []
    for m in article.mentions:
        mention = {"text": m.text, "label": m.label, "start": m.start, "src_start": m.src_start,
                   "sentence": sentence_index(m.sentence)}
        if m.end != m.start + len(m.text):
            mention["end"] = m.end
        if m.src_end != m.src_start + len(m.text):
            mention["src_end"] = m.src_end
        if m.name != m.text:
            mention["name"] = m.name
        mentions.append(mention)
    line = _record_fields(article)
    line["mentions"] = mentions
    for name in ("roles", "events", "structure"):
        line[name] = [with_evidence(item) for item in line[name]]
    line[SENTENCES] = sentences
    return line


def page_from_dict(data: dict) -> PageRecord:
    """Inverse of ``to_dict`` for a :class:`PageRecord` (JSON round trip); reads the form before
    ``"sentences"`` too. Raises KeyError, TypeError or ValueError on a line that is neither."""
    shared: dict[str, str] = {}  # one object per distinct string of the page
    share = shared.setdefault
    page_id, source = data["page_id"], data["source"]
    return PageRecord(
        page_id=share(page_id, page_id),
        source=share(source, source),
        sha256=data["sha256"],
        encoding=data["encoding"],
        chars=data["chars"],
        articles=[_article_from_dict(a, share) for a in data["articles"]],
        date=data.get("date", ""),
        date_source=data.get("date_source", ""),
        outlet=data.get("outlet", ""),
        page_number=data.get("page_number", ""),
    )


def _article_from_dict(a: dict, share) -> ArticleRecord:
    page_id, source, headline = (share(a[name], a[name]) for name in ("page_id", "source", "headline"))
    sentences = a.get(SENTENCES)
    if sentences is None:  # the form before: the sentence itself
        sentence_at = _shared_by(share)
    else:
        sentence_at = _Sentences(a.get("index"), (share(s, s) for s in sentences)).__getitem__

    def ev(d: dict | None) -> Evidence | None:
        if not d:
            return None
        exact, start = share(d["exact"], d["exact"]), d["src_start"]
        own = d.get("page_id", page_id), d.get("source", source), d.get("headline", headline)
        return Evidence(share(own[0], own[0]), share(own[1], own[1]), start, d.get("src_end", start + len(exact)),
                        exact, sentence_at(d["sentence"]), share(own[2], own[2]))

    mentions = []
    for m in a["mentions"]:
        text, start, src_start = share(m["text"], m["text"]), m["start"], m["src_start"]
        name = m.get("name", text)
        mentions.append(Mention(text, _intern(m["label"]), start, m.get("end", start + len(text)), src_start,
                                m.get("src_end", src_start + len(text)), share(name, name),
                                sentence_at(m["sentence"])))
    article = ArticleRecord(
        page_id=page_id,
        source=source,
        index=a["index"],
        headline=headline,
        subheadline=a["subheadline"],
        src_start=a["src_start"],
        src_end=a["src_end"],
        reporters=[Reporter(**r) for r in a["reporters"]],
        mentions=mentions,
        roles=[RoleRecord(**{**r, "evidence": ev(r["evidence"])}) for r in a["roles"]],
        events=[EventRecord(**{**e, "evidence": ev(e["evidence"])}) for e in a["events"]],
        structure=[StructureRecord(**{**s, "evidence": ev(s["evidence"])}) for s in a["structure"]],
        aliases=[tuple(x) for x in a["aliases"]],
        date=a.get("date", ""),
    )
    share_names(article, share)
    return article


class _Sentences(dict):
    """An article's sentences by index: a dict rather than the list, so that an index past the end,
    a negative one or one of another type is refused rather than taken from the end."""

    def __init__(self, article: object, sentences) -> None:
        super().__init__(enumerate(sentences))
        self.article = article

    def __missing__(self, index: object) -> str:
        raise ValueError(f"article {self.article}: sentence {index!r} is not an index of its {len(self)} sentences")


def _shared_by(share):
    def shared(value: str) -> str:
        return share(value, value)
    return shared
