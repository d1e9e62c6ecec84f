"""Extraction records: what the per-page pipeline hands to resolution and the graph.

Plain dataclasses of strings and ints, so a record survives a process boundary (pickle) or a
JSON file (Dask workers, ``--records`` dumps) unchanged. Nothing here imports spaCy.

Offsets: ``start``/``end`` of a :class:`Mention` are character offsets into the article's clean
text; every ``src_start``/``src_end`` is a character offset into the page file's *decoded original*
text, which is what RDF evidence (``oa:TextPositionSelector``) points at.
"""
from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(slots=True)
class Evidence:
    """Where a fact comes from: a span of the page file and the sentence around it."""

    page_id: str
    source: str  # path of the page file as given
    src_start: int
    src_end: int
    exact: str  # the quoted span, original text
    sentence: str = ""
    headline: str = ""


@dataclass(slots=True)
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


def share_strings(page: PageRecord) -> PageRecord:
    """``page`` with one string object for each distinct string it holds (names, sentences, quotes,
    headlines, ids), returned. A worker's record then pickles each string once, and a loaded
    records file holds each once per page rather than once per mention: at 12M characters the
    sentences alone are 93 MB written per mention, 30.6 MB distinct within their article."""
    shared: dict[str, str] = {}
    share = shared.setdefault
    page.page_id, page.source = share(page.page_id, page.page_id), share(page.source, page.source)
    for article in page.articles:
        for name in ("page_id", "source", "headline"):
            value = getattr(article, name)
            setattr(article, name, share(value, value))
        for m in article.mentions:
            m.text, m.name, m.sentence = share(m.text, m.text), share(m.name, m.name), share(m.sentence, m.sentence)
        for item in (*article.roles, *article.events, *article.structure):
            ev = item.evidence
            if ev is not None:
                ev.page_id, ev.source = share(ev.page_id, ev.page_id), share(ev.source, ev.source)
                ev.exact, ev.headline = share(ev.exact, ev.exact), share(ev.headline, ev.headline)
                ev.sentence = share(ev.sentence, ev.sentence)
        share_names(article, share)
    return page


def share_names(article: ArticleRecord, share) -> None:
    """The names of ``article``'s roles, events and structure as ``share(name, name)`` gives them
    (``dict.setdefault`` of the page's strings: see :func:`share_strings`)."""
    for r in article.roles:
        r.person, r.org, r.title = share(r.person, r.person), share(r.org, r.org), share(r.title, r.title)
    for e in article.events:
        e.attendees = [share(name, name) for name in e.attendees]
        e.organizations = [share(name, name) for name in e.organizations]
        e.location, e.label = share(e.location, e.location), share(e.label, e.label)
        e.trigger, e.organizer = share(e.trigger, e.trigger), share(e.organizer, e.organizer)
    for s in article.structure:
        s.child, s.parent = share(s.child, s.child), share(s.parent, s.parent)


# The JSON form of the records is in graph/records_json.py; these names stay importable from here.
def to_dict(record: Any) -> dict:
    """The record as nested dicts and lists: what its JSON line holds (see ``to_json``)."""
    return records_json.to_dict(record)


def to_json(record: Any) -> str:
    """One JSON line of ``record`` (a page: its line of records.jsonl)."""
    return records_json.to_json(record)


def page_from_dict(data: dict) -> PageRecord:
    """Inverse of ``to_dict`` for a :class:`PageRecord` (either form of its JSON line)."""
    return records_json.page_from_dict(data)


from unionkg.graph import records_json  # noqa: E402  (it imports the records above)
