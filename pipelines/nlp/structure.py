"""kg_structure: which body is part of which, and where bodies are.

Evidence-based, from one article:
  A所属B / A下属5个B / A及下属B          B part_of A
  X公司工会 and X公司 both named        the union part_of the company
  丰台区总工会 and 北京市总工会 named     a district union part_of its city's federation
  东城区Y街道总工会 and 东城区总工会      a street/township union part_of its district's union
  北京市丰台区总工会 / 丰台区总工会        located_in 丰台区 (the most specific division at the head of
                                        its name); every place under the divisions above it, up to 中国
                                        (see :mod:`unionkg.pipelines.nlp.located`)
Administrative divisions come from ``data/lexicon/divisions.txt`` (code, name, level), when present.
Writes ``doc._.structure`` (:class:`~unionkg.graph.records.StructureRecord` list).
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from unionkg.pipelines.settings import Settings
from unionkg.graph.records import COMPANY, ORGANIZATION_LABELS, UNION, StructureRecord
from unionkg.data.readers import home_divisions, load_divisions  # noqa: F401  (load_divisions: re-exported for callers)
from unionkg.pipelines.nlp.extensions import doc_ents, doc_text, entity_name
from unionkg.pipelines.nlp.guarded import GuardedPipe
from unionkg.pipelines.nlp.evidence import doc_sentences, evidence
from unionkg.pipelines.nlp.located import article_places, place_records
from unionkg.pipelines.nlp.place_chain import load_place_chains

_SUBORDINATE_RE = re.compile(r"^(?:及|和|的)?(?:所属|下属)(?:的)?(?:\d+|[一二三四五六七八九十两百]+)?(?:个|家|所|名|支)?$")
# Unions below a district: 街道/镇/乡/地区 总工会.
_LOCAL_UNION_RE = re.compile(r"^(?P<local>.+?(?:街道|镇|乡|地区))(?:总工会|工会)$")
UNION_SUFFIXES = ("总工会", "工会")



class StructureExtractor(GuardedPipe):
    def __init__(self, nlp: Language, name: str = "kg_structure", *, home_city: str = Settings.home_city) -> None:
        self.name = name
        self.home_city = home_city
        # one table per city an article is about: 1024 holds every prefecture-level city, where 64
        # missed on every fourth article of MSRA news (each miss scans all divisions)
        self._places_of = lru_cache(maxsize=1024)(home_divisions)
        self._city, self._places = "", {}
        self._chains = load_place_chains()

    def process(self, doc: Doc) -> Doc:
        doc._.structure = self.extract(doc)
        return doc

    def extract(self, doc: Doc) -> list[StructureRecord]:
        # the city the article is about (its locus), else the paper's home city
        self._city = doc._.locus.city if doc._.locus else self.home_city
        self._places = self._places_of(self._city) if self._city else {}
        ents = sorted(doc_ents(doc), key=lambda e: (e.start_char, e.end_char))
        orgs = [e for e in ents if e.label_ in ORGANIZATION_LABELS]
        first: dict[str, Span] = {}
        for e in orgs:
            first.setdefault(entity_name(e), e)
        out: list[StructureRecord] = []
        out += self._subordinates(doc, ents)
        out += self._company_unions(doc, first)
        out += self._union_hierarchy(doc, first)
        locus = doc._.locus or self._chains.home_locus(self.home_city)
        out += place_records(article_places(self._chains, doc, ents, locus), self._event_places(doc))
        seen, unique = set(), []
        for r in out:
            key = (r.kind, r.child, r.parent)
            if key not in seen and r.child != r.parent:
                seen.add(key)
                unique.append(r)
        return unique

    def _subordinates(self, doc: Doc, ents: list[Span]) -> list[StructureRecord]:
        out = []
        for a, b in zip(ents, ents[1:]):
            if a.label_ in ORGANIZATION_LABELS and b.label_ in ORGANIZATION_LABELS:
                if _SUBORDINATE_RE.match(doc_text(doc)[a.end_char : b.start_char]):
                    out.append(_record("part_of", b, entity_name(a), a.label_, doc, a.start_char, b.end_char))
        return out

    def _company_unions(self, doc: Doc, first: dict[str, Span]) -> list[StructureRecord]:
        out = []
        for name, union in first.items():
            if union.label_ != UNION or not name.endswith("工会"):
                continue
            body = name[: -len("工会")]
            company = first.get(body)
            if company is not None and company.label_ == COMPANY:
                out.append(_record("part_of", union, body, COMPANY, doc, union.start_char, union.end_char))
        return out

    def _union_hierarchy(self, doc: Doc, first: dict[str, Span]) -> list[StructureRecord]:
        """District union -> city federation; street/township union -> district union (both named)."""
        out = []
        city_federation = self._city + "总工会"
        for name, union in first.items():
            if union.label_ != UNION:
                continue
            district = next((p for p in self._home_prefixes(name) if p != self._city), None)
            if district is None:
                continue
            rest = name[len(district) :]
            parent = ""
            if rest == "总工会":
                parent = city_federation
            elif _LOCAL_UNION_RE.match(rest):
                parent = district + "总工会"
            if parent and parent in first and first[parent].label_ == UNION:
                out.append(_record("part_of", union, parent, UNION, doc, union.start_char, union.end_char))
        return out

    def _event_places(self, doc: Doc) -> list[tuple[str, int, int]]:
        """The places of the article's events, each with a span to cite: where its name is printed,
        else the first sentence (a place from the article's locus)."""
        text, out = doc_text(doc), []
        for event in doc._.events or []:
            if event.location:
                at = text.find(event.location)
                first = doc_sentences(doc).bounds(0, 1)
                out.append((event.location, at, at + len(event.location)) if at >= 0 else (event.location, *first))
        return out

    def _home_prefixes(self, name: str) -> list[str]:
        """Home-city divisions ``name`` starts with, longest first (丰台区总工会 -> [丰台区])."""
        hits = [p for p in self._places if p and name.startswith(p) and len(name) > len(p)]
        return sorted(hits, key=lambda p: (-len(p), p))


def _record(kind: str, child: Span, parent: str, parent_label: str, doc: Doc, start: int, end: int) -> StructureRecord:
    return StructureRecord(kind, entity_name(child), parent, child.label_, parent_label, evidence(doc, start, end))


@Language.factory("kg_structure", requires=["doc.ents"], assigns=["doc._.structure"])
def make_structure(nlp: Language, name: str, *, home_city: str = Settings.home_city) -> StructureExtractor:
    return StructureExtractor(nlp, name, home_city=home_city)
