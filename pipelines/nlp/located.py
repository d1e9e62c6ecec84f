"""Where the places and bodies of one article are: the place hierarchy records of ``kg_structure``.

  东城区                      part_of 北京市, 北京市 part_of 中国 (the division table's chain)
  平谷区滨河街道 / 滨河街道    part_of 平谷区 (printed before it, or the locus district when sure)
  北京市东城区总工会           located_in 东城区 (the most specific division at the head of its name)
  东城区某某街道总工会          located_in 某某街道, 某某街道 part_of 东城区
  an event's place            its chain as well, so that the place is in the graph

Every parent is named as the article printed it (北京 where it printed 北京), else by its full name.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from unionkg.data.readers import load_place_endings
from unionkg.graph.records import LOCATED_IN, ORGANIZATION_LABELS, PART_OF, PLACE, UNION, StructureRecord
from unionkg.pipelines.nlp.evidence import evidence
from unionkg.pipelines.nlp.extensions import doc_text, entity_name
from unionkg.pipelines.nlp.place_chain import Context, PlaceChains

# A union of a street or township: 某某街道总工会 (the street is printed only inside the union's name).
_LOCAL_UNION_RE = re.compile(r"^(?P<local>.{2,12}?(?:街道|镇|乡|地区))(?:总工会|工会)$")
_FOREIGN_KINDS = ("country", "foreign_city", "region")
# A place a body's name starts with locates the body when its name ends as a division's does (某某开发区,
# 某某街道), not a country's (中国 in 中国某某研究中心 is part of a name).
_DIVISION_ENDINGS = load_place_endings()["division"]
# A zone printed after a division at the head of a body's name (某某经济技术开发区, 某某高新区): the open place
# endings of three characters or more, a few characters after the division.
_ZONE_RE = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:%s)" % "|".join(e for e in load_place_endings()["open"] if len(e) >= 3))


class ArticlePlaces:
    """The divisions one article names, resolved once, and the context they give."""

    def __init__(self, chains: PlaceChains, doc: Doc, ents: list[Span], locus=None) -> None:
        """``locus``: the article's (``kg_locus``), else one made from the home city, else None."""
        self.chains, self.doc, self.text, self.locus = chains, doc, doc_text(doc), locus
        self.places = [e for e in ents if e.label_ == PLACE]
        self.orgs = [e for e in ents if e.label_ in ORGANIZATION_LABELS]
        base = chains.context(locus)
        named = {c for e in self.places if (c := chains.resolve(entity_name(e), base))}
        named |= {c for e in self.orgs if (c := chains.read_head(entity_name(e), base)[0])}
        self.named = frozenset(named)
        self.context: Context = chains.context(locus, named)
        self.printed: dict[str, str] = {}  # division code -> the name this article printed it by
        self.code_of: dict[str, str] = {}  # place entity name -> its division code ("" for none)
        for e in self.places:
            name = entity_name(e)
            if name not in self.code_of:
                self.code_of[name] = code = chains.resolve(name, self._context_before(e))
                if code:
                    self.printed.setdefault(code, name)

    def name(self, code: str) -> str:
        return self.printed.get(code) or self.chains.name_of(code)

    def _division_before(self, start: int) -> str:
        """The division printed right before ``start`` (某某区 in 某某区某某街道), or ``""``."""
        by_code = self.chains.by_code
        for size in range(min(12, start), 1, -1):
            head = self.text[start - size:start]
            codes = self.chains.lexicon.codes_of_name.get(head, ())
            if any(by_code[c].name == head for c in codes):
                return self.chains.resolve(head, self.context)
        return ""

    def _context_before(self, ent: Span) -> Context:
        before = self._division_before(ent.start_char)
        return self.context.narrowed(before) if before else self.context

    def parent_of_place(self, ent: Span) -> tuple[str, str]:
        """(parent name, its division code or "") of a place that is no division of the table."""
        name = entity_name(ent)
        kind = self.chains.lexicon.place_kind(name)
        if kind == "foreign_city":  # 万象 -> 老挝 (foreign_cities.txt)
            return self.chains.lexicon.foreign_cities.get(name, ""), ""
        if kind in _FOREIGN_KINDS:
            return "", ""
        code, end = self.chains.read_head(name, self.context)
        if code and end < len(name):
            return self.name(code), code
        previous = next((p for p in self.places if p.end_char == ent.start_char), None)
        if previous is not None and self.chains.is_below_table(name):
            prev_name = entity_name(previous)
            return prev_name, self.code_of.get(prev_name, "")
        code = self._division_before(ent.start_char)
        if not code and self.chains.is_below_table(name):
            code = self.chains.town_county(name, self.context) or self.context.sure_district
        return (self.name(code), code) if code else ("", "")

    def location_of_body(self, org: Span) -> tuple[str, str, str]:
        """(place, its division code or "", the division above it when the place is a street or a zone)
        where a body is by its name."""
        name = entity_name(org)
        code, end = self.chains.read_head(name, self.context)
        longer = max((entity_name(p) for p in self.places if name.startswith(entity_name(p))
                      and len(name) > len(entity_name(p)) and entity_name(p).endswith(_DIVISION_ENDINGS)),
                     key=len, default="")
        if len(longer) > end and not self.code_of.get(longer):
            return longer, "", ""  # a place the text names that is no division (某某开发区总工会)
        zone = _ZONE_RE.match(name, end) if code else None
        if zone and zone.end() < len(name):
            return name[:zone.end()], "", code  # 某某经济技术开发区总工会: in that zone, the zone in the city
        local = _LOCAL_UNION_RE.match(name[end:]) if org.label_ == UNION else None
        if local and not self.chains.lexicon.codes_of_name.get(local.group("local")):
            street = local.group("local")
            parent = code or self.chains.town_county(street, self.context)
            if parent:
                return street, "", parent
        return (self.name(code), code, "") if code else ("", "", "")


_ARTICLE_PLACES_KEY = "unionkg.article_places"


def article_places(chains: PlaceChains, doc: Doc, ents: list[Span], locus=None) -> ArticlePlaces:
    """The article's :class:`ArticlePlaces` for ``locus`` (``ents``: the doc's entities in order),
    resolved once per doc: kg_events (once per meeting of the article) and kg_structure both ask."""
    cached = doc.user_data.get(_ARTICLE_PLACES_KEY)
    if cached is None or cached[0] != locus:
        cached = doc.user_data[_ARTICLE_PLACES_KEY] = (locus, ArticlePlaces(chains, doc, ents, locus))
    return cached[1]


def place_records(places: ArticlePlaces, event_places: list[tuple[str, int, int]]) -> list[StructureRecord]:
    """The place hierarchy and where bodies are, for one article (see the module docstring);
    ``event_places``: (place name, evidence start, end) of the article's events."""
    doc, chains = places.doc, places.chains
    out: list[StructureRecord] = []
    done: set[str] = set()

    def chain(child: str, code: str, start: int, end: int) -> None:
        """``child`` (the name printed for the division ``code``) under every division above it."""
        if not code or child in done:
            return
        done.add(child)
        ev = evidence(doc, start, end)
        names = [places.name(c) for c in chains.parents(code)] + ([chains.root] if chains.root else [])
        for parent in names:
            if parent == child:
                continue
            out.append(StructureRecord(PART_OF, child, parent, PLACE, PLACE, ev))
            if parent in done:
                return
            done.add(parent)
            child = parent

    for e in places.places:
        name = entity_name(e)
        code = places.code_of.get(name, "")
        if code:
            chain(name, code, e.start_char, e.end_char)
            continue
        parent, parent_code = places.parent_of_place(e)
        if parent and name not in done:
            out.append(StructureRecord(PART_OF, name, parent, PLACE, PLACE, evidence(doc, e.start_char, e.end_char)))
            done.add(name)
            chain(parent, parent_code, e.start_char, e.end_char)
    seen_orgs: set[str] = set()
    for org in places.orgs:
        name = entity_name(org)
        if name in seen_orgs:
            continue
        seen_orgs.add(name)
        place, code, parent = places.location_of_body(org)
        if not place:
            continue
        out.append(StructureRecord(LOCATED_IN, name, place, org.label_, PLACE, evidence(doc, org.start_char, org.end_char)))
        if parent and place not in done:
            out.append(StructureRecord(PART_OF, place, places.name(parent), PLACE, PLACE,
                                       evidence(doc, org.start_char, org.end_char)))
            done.add(place)
        chain(places.name(code or parent) if (code or parent) else place, code or parent, org.start_char, org.end_char)
    for name, start, end in event_places:
        code = chains.resolve(name, places.context)
        chain(name, code, start, end)
    return out
