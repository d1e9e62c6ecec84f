"""Extraction records: what the per-page pipeline hands to resolution and the graph.

Plain dataclasses of strings and ints, so a record survives a process boundary (pickle) or a
JSON file (Dask workers, ``--records`` dumps) unchanged. Nothing here imports spaCy.

Offsets: ``start``/``end`` of a :class:`Mention` are character offsets into the article's clean
text; every ``src_start``/``src_end`` is a character offset into the page file's *decoded original*
text, which is what RDF evidence (``oa:TextPositionSelector``) points at.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

# The five entity kinds of the graph.
PERSON = "PERSON"
UNION = "UNION"
COMPANY = "COMPANY"
ORG = "ORG"
PLACE = "PLACE"
ENTITY_LABELS = (PERSON, UNION, COMPANY, ORG, PLACE)
ORGANIZATION_LABELS = (UNION, COMPANY, ORG)
# Co-occurrence joins the people and bodies named in one article (places only locate things).
CO_MENTION_LABELS = (PERSON,) + ORGANIZATION_LABELS

# The relations, one name each in the graph (GEXF/GraphML/HTML), relations.csv and the build summary
# (RDF: org:Membership, schema:attendee, schema:mentions, org:subOrganizationOf / schema:location …).
MEMBERSHIP = "membership"  # person -> organization where they hold a title
MET = "met"  # person <-> person present at one event
CO_MENTIONED = "co_mentioned"  # person/body <-> person/body named in one article
PART_OF = "part_of"  # child body -> parent body, place -> larger place
LOCATED_IN = "located_in"  # organization -> place
RELATIONS = (MEMBERSHIP, MET, CO_MENTIONED, PART_OF, LOCATED_IN)
STRUCTURE_RELATIONS = (PART_OF, LOCATED_IN)

# Byline roles of reporters.
REPORTER_ROLES = ("记者", "通讯员", "摄影")


@dataclass
class Evidence:
    """Where a fact comes from: a span of the page file and the sentence around it."""

    page_id: str
    source: str  # path of the page file as given
    src_start: int
    src_end: int
    exact: str  # the quoted span, original text
    sentence: str = ""
    headline: str = ""


@dataclass
class Mention:
    """One entity mention in an article, with the name it resolves to in context."""

    text: str  # surface form as printed (after cleaning)
    label: str  # one of ENTITY_LABELS
    start: int  # offsets in the article's clean text
    end: int
    src_start: int  # offsets in the decoded original page
    src_end: int
    name: str  # fullest name in context: 市总工会 -> 北京市总工会
    sentence: str = ""


@dataclass
class Reporter:
    name: str
    role: str  # one of REPORTER_ROLES


@dataclass
class RoleRecord:
    """``person`` holds ``title`` at ``org`` (org "" when the text names none, as in bylines)."""

    person: str
    org: str
    title: str
    evidence: Evidence
    org_label: str = ""  # label of ``org`` when known


@dataclass
class EventRecord:
    """A reported meeting, visit, ceremony or conference."""

    trigger: str  # 会见, 出席, 调研 ...
    attendees: list[str]  # person names present
    organizations: list[str] = field(default_factory=list)  # bodies involved
    organizer: str = ""
    location: str = ""
    date: str = ""  # as printed ("4月23日", "近日"); see pipelines/nlp/dates.py
    evidence: Evidence | None = None
    iso_date: str = ""  # YYYY-MM-DD the date resolves to against the page's date ("" : undated)
    date_precision: str = ""  # day | month | around (近日: on or shortly before) | article (no date in the text)
    label: str = ""  # what happened: the headline, or the trigger with its object


@dataclass
class StructureRecord:
    """``child`` is part of / located in ``parent``."""

    kind: str  # PART_OF | LOCATED_IN
    child: str
    parent: str
    child_label: str = ""
    parent_label: str = ""
    evidence: Evidence | None = None


@dataclass
class ArticleRecord:
    page_id: str
    source: str
    index: int  # 0-based position on the page
    headline: str
    subheadline: str
    src_start: int
    src_end: int
    reporters: list[Reporter] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    roles: list[RoleRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    structure: list[StructureRecord] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # declared (short, full)
    date: str = ""  # publication date, YYYY-MM-DD ("" : undated): the page's

    @property
    def article_id(self) -> str:
        return f"{self.page_id}#{self.index}"


@dataclass
class PageRecord:
    page_id: str
    source: str
    sha256: str
    encoding: str
    chars: int  # length of the decoded original
    articles: list[ArticleRecord] = field(default_factory=list)
    date: str = ""  # publication date, YYYY-MM-DD ("" : undated); see pipelines/read/dates.py
    date_source: str = ""  # manifest | option | page | path
    outlet: str = ""  # the paper (manifest)
    page_number: str = ""  # its page (manifest)


def to_dict(record: Any) -> dict:
    """The record as nested dicts and lists: what its JSON line holds (see ``to_json``)."""
    return _plain(record)


def _plain(value: Any) -> Any:
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


def to_json(record: Any) -> str:
    """``json.dumps(to_dict(record), ensure_ascii=False, sort_keys=True)``, without the deep copies."""
    return _RECORD_ENCODER.encode(record)


def page_from_dict(data: dict) -> PageRecord:
    """Inverse of ``to_dict`` for a :class:`PageRecord` (JSON round trip)."""

    def ev(d):
        return Evidence(**d) if d else None

    articles = []
    for a in data["articles"]:
        articles.append(
            ArticleRecord(
                page_id=a["page_id"],
                source=a["source"],
                index=a["index"],
                headline=a["headline"],
                subheadline=a["subheadline"],
                src_start=a["src_start"],
                src_end=a["src_end"],
                reporters=[Reporter(**r) for r in a["reporters"]],
                mentions=[Mention(**m) for m in a["mentions"]],
                roles=[RoleRecord(**{**r, "evidence": ev(r["evidence"])}) for r in a["roles"]],
                events=[EventRecord(**{**e, "evidence": ev(e["evidence"])}) for e in a["events"]],
                structure=[StructureRecord(**{**s, "evidence": ev(s["evidence"])}) for s in a["structure"]],
                aliases=[tuple(x) for x in a["aliases"]],
                date=a.get("date", ""),
            )
        )
    return PageRecord(
        page_id=data["page_id"],
        source=data["source"],
        sha256=data["sha256"],
        encoding=data["encoding"],
        chars=data["chars"],
        articles=articles,
        date=data.get("date", ""),
        date_source=data.get("date_source", ""),
        outlet=data.get("outlet", ""),
        page_number=data.get("page_number", ""),
    )
