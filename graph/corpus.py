"""The resolved corpus: entities with stable ids, and facts pointing at them.

Produced once by :func:`unionkg.graph.resolve.resolve.resolve` from all :class:`~unionkg.graph.records.PageRecord` s,
consumed by every export (networkx model, RDF, GEXF/GraphML, HTML, CSV). Ids are stable across
runs: they depend only on an entity's kind and canonical name (plus a counter for homonyms kept
apart, numbered in input order).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from unionkg.graph.records import ArticleRecord, Evidence, PageRecord


@dataclass
class Entity:
    id: str  # stable, IRI-safe: "person/张良", "union/北京市总工会", "person/王伟-2"
    label: str  # PERSON | UNION | COMPANY | ORG | PLACE
    name: str  # canonical, fullest name
    aliases: list[str] = field(default_factory=list)  # other surface forms, sorted
    mentions: int = 0
    pages: list[str] = field(default_factory=list)  # page ids, sorted
    articles: list[str] = field(default_factory=list)  # article ids, sorted

    @property
    def first_page(self) -> str:
        return self.pages[0] if self.pages else ""

    @property
    def last_page(self) -> str:
        return self.pages[-1] if self.pages else ""


@dataclass
class Membership:
    person: str  # entity id
    org: str | None  # entity id, None for bylines
    title: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.person}|{self.org or ''}|{self.title}"


@dataclass
class Event:
    id: str  # stable: "<article id>/event<n>"
    article: str  # article id
    trigger: str
    attendees: list[str]  # person entity ids (present)
    organizations: list[str] = field(default_factory=list)  # entity ids
    organizer: str | None = None
    location: str | None = None
    date: str = ""  # as printed
    evidence: Evidence | None = None
    iso_date: str = ""  # YYYY-MM-DD, see pipelines/nlp/dates.py
    date_precision: str = ""  # day | month | around | article
    label: str = ""  # what happened (the trigger when nothing better is known)


@dataclass
class Structure:
    kind: str  # part_of | located_in
    child: str  # entity id
    parent: str  # entity id
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Article:
    id: str  # "<page id>#<index>"
    page_id: str
    source: str
    headline: str
    subheadline: str
    src_start: int
    src_end: int
    authors: list[tuple[str, str]]  # (person entity id, byline role)
    mentions: list[str]  # entity ids, sorted, unique
    mention_counts: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)  # entity id -> first mention
    date: str = ""  # publication date, YYYY-MM-DD ("": undated)


@dataclass
class Merge:
    """One entry of the merge report: ``surface`` forms were made one entity, and why."""

    entity: str  # entity id
    surfaces: list[str]
    reason: str


@dataclass
class Corpus:
    entities: dict[str, Entity]
    articles: list[Article]
    memberships: list[Membership]
    events: list[Event]
    structure: list[Structure]
    pages: list[PageRecord]
    merges: list[Merge] = field(default_factory=list)
    homonyms: list[str] = field(default_factory=list)  # human-readable notes

    def entity(self, entity_id: str) -> Entity:
        return self.entities[entity_id]


__all__ = ["Article", "ArticleRecord", "Corpus", "Entity", "Event", "Evidence", "Membership", "Merge", "Structure"]
