"""The corpus as two CSV tables for spreadsheets: entities and relations (UTF-8 with BOM for Excel).

entities.csv   one row per entity: id, name, type, aliases (``|``-joined), mention count, pages.
relations.csv  one row per relation, with a weight and the evidence of its first occurrence:
  membership    person -> organization (empty for bylines), ``label`` = the title
  met           person <-> person present at one event, weight = events, ``label`` = what they were
  co_mentioned  person/body <-> person/body named in one article, weight = articles
  part_of       child -> parent body (or place -> larger place)
  located_in    organization -> place
Rows are sorted, so the same corpus always gives byte-identical files.
"""
from __future__ import annotations

import csv
import itertools
import os
from collections import defaultdict
from dataclasses import dataclass, field

from graph.corpus import Article, Corpus
from graph.io import atomic_write
from graph.records import CO_MENTION_LABELS, Evidence

ENTITY_COLUMNS = ["id", "name", "type", "aliases", "mentions", "pages", "first_page", "last_page", "articles"]
RELATION_COLUMNS = [
    "kind", "source", "source_name", "target", "target_name", "label", "weight",
    "page", "headline", "src_start", "src_end", "sentence",
]
RELATION_KINDS = ("membership", "met", "co_mentioned", "part_of", "located_in")


@dataclass
class Relation:
    kind: str
    source: str
    target: str
    label: str = ""
    weight: int = 0
    labels: set[str] = field(default_factory=set)
    evidence: Evidence | None = None

    def add(self, evidence: Evidence | None, label: str = "", weight: int = 1) -> None:
        self.weight += weight
        if label:
            self.labels.add(label)
        if evidence is not None and (self.evidence is None or _ev_key(evidence) < _ev_key(self.evidence)):
            self.evidence = evidence


def _ev_key(ev: Evidence) -> tuple:
    return (ev.page_id, ev.src_start, ev.src_end, ev.exact, ev.sentence, ev.headline)


def _article_evidence(article: Article) -> Evidence:
    return Evidence(article.page_id, article.source, article.src_start, article.src_end, "", "", article.headline)


def write_entities_csv(corpus: Corpus, path: str | os.PathLike) -> None:
    """One row per entity, sorted by id; atomic."""
    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ENTITY_COLUMNS)
        for ent_id in sorted(corpus.entities):
            ent = corpus.entities[ent_id]
            writer.writerow([
                ent.id, ent.name, ent.label, "|".join(a for a in ent.aliases if a != ent.name), ent.mentions,
                "|".join(ent.pages), ent.first_page, ent.last_page, len(ent.articles),
            ])


def relations(corpus: Corpus) -> list[Relation]:
    """Every relation of the corpus, aggregated (one per kind, endpoints and label) and sorted."""
    found: dict[tuple, Relation] = {}

    def relation(kind: str, source: str, target: str, label: str = "") -> Relation:
        key = (kind, source, target, label)
        if key not in found:
            found[key] = Relation(kind, source, target, label)
        return found[key]

    for m in corpus.memberships:
        rel = relation("membership", m.person, m.org or "", m.title)
        if m.evidence:
            for ev in m.evidence:
                rel.add(ev)
        else:
            rel.add(None)

    headline_of = {a.id: a.headline for a in corpus.articles}
    article_of = {a.id: a for a in corpus.articles}
    for event in corpus.events:
        people = sorted(set(event.attendees))
        evidence = event.evidence
        if evidence is None and event.article in article_of:
            evidence = _article_evidence(article_of[event.article])
        elif evidence is not None and not evidence.headline and event.article in headline_of:
            evidence = Evidence(**{**evidence.__dict__, "headline": headline_of[event.article]})
        for a, b in itertools.combinations(people, 2):
            relation("met", a, b).add(evidence, event.trigger)

    for article in corpus.articles:
        evidence = _article_evidence(article)
        named = sorted({e for e in article.mentions
                        if e in corpus.entities and corpus.entities[e].label in CO_MENTION_LABELS})
        for a, b in itertools.combinations(named, 2):
            relation("co_mentioned", a, b).add(evidence)

    for st in corpus.structure:
        rel = relation(st.kind, st.child, st.parent)
        if st.evidence:
            for ev in st.evidence:
                rel.add(ev)
        else:
            rel.add(None)

    order = {kind: i for i, kind in enumerate(RELATION_KINDS)}
    for rel in found.values():
        if rel.kind == "met":
            rel.label = "|".join(sorted(rel.labels))
    return sorted(found.values(), key=lambda r: (order.get(r.kind, len(order)), r.kind, r.source, r.target, r.label))


def write_relations_csv(corpus: Corpus, path: str | os.PathLike) -> None:
    """One row per relation with its weight and first evidence; atomic."""

    def name(entity_id: str) -> str:
        ent = corpus.entities.get(entity_id)
        return ent.name if ent is not None else ""

    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RELATION_COLUMNS)
        for rel in relations(corpus):
            ev = rel.evidence
            writer.writerow([
                rel.kind, rel.source, name(rel.source), rel.target, name(rel.target), rel.label, rel.weight,
                ev.page_id if ev else "", ev.headline if ev else "",
                ev.src_start if ev else "", ev.src_end if ev else "",
                " ".join(ev.sentence.split()) if ev else "",
            ])
