"""The corpus as two CSV tables for spreadsheets: entities and relations (UTF-8 with BOM for Excel).

entities.csv   one row per entity: id, name, type, aliases (``|``-joined), mention count, pages.
relations.csv  one row per relation, with a weight and the evidence of its first occurrence:
  membership    person -> organization (empty for bylines), ``label`` = the title
  met           person <-> person present at one event, weight = events, ``label`` = what they were
  co_mentioned  person/body <-> person/body named in one article, weight = articles
  part_of       child -> parent body (or place -> larger place)
  located_in    organization -> place
Rows are sorted, so the same corpus always gives byte-identical files.

Format limits: one flat table per file, so list values (aliases, pages, a met pair's triggers) are
``|``-joined and each relation keeps only its first evidence (the RDF keeps them all).

Spreadsheet-safe: a text cell that starts with ``= + - @``, a tab or a carriage return (a headline
``=1+2``, a sentence ``@SUM(A1)``) is written with a leading ``'``, so Excel or LibreOffice shows it
as text instead of running it as a formula. Numbers (weights, offsets, counts) are left as they are.
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
from dataclasses import dataclass, field, replace

from unionkg.graph.corpus import Article, Corpus
from unionkg.graph.io import atomic_write, gc_paused
from unionkg.graph.records import CO_MENTION_LABELS, CO_MENTIONED, MEMBERSHIP, MET, RELATIONS, Evidence

ENTITY_COLUMNS = ["id", "name", "type", "aliases", "mentions", "pages", "first_page", "last_page", "articles"]
RELATION_COLUMNS = [
    "kind", "source", "source_name", "target", "target_name", "label", "weight",
    "page", "headline", "src_start", "src_end", "sentence",
]
RELATION_KINDS = RELATIONS  # the relation names of the graph and the build summary


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


# What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection).
_FORMULA_START = frozenset("=+-@\t\r")


def spreadsheet_safe(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, quoted with ``'``; others unchanged."""
    if type(value) is str and value and value[0] in _FORMULA_START:
        return "'" + value
    return value


def write_entities_csv(corpus: Corpus, path: str | os.PathLike) -> None:
    """One row per entity, sorted by id; atomic."""
    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ENTITY_COLUMNS)
        for ent_id in sorted(corpus.entities):
            ent = corpus.entities[ent_id]
            writer.writerow([spreadsheet_safe(cell) for cell in [
                ent.id, ent.name, ent.label, "|".join(a for a in ent.aliases if a != ent.name), ent.mentions,
                "|".join(ent.pages), ent.first_page, ent.last_page, len(ent.articles),
            ]])


class _RelationTable:
    """Relations aggregated per (kind, source, target, label) in plain lists, not objects: the
    co-mention pairs of a large corpus number in the hundreds of thousands.

    A slot is ``[weight, labels (a set, None while there are none), first evidence or None, its
    sort key or None]``; adding works like :meth:`Relation.add`. (No empty set per slot: most
    slots are co-mention pairs, which never get a label.)
    """

    def __init__(self) -> None:
        self.slots: dict[tuple[str, str, str, str], list] = {}

    def add(self, key: tuple[str, str, str, str], evidence: Evidence | None, ev_key: tuple | None,
            label: str = "") -> None:
        slot = self.slots.get(key)
        if slot is None:
            slot = self.slots[key] = [0, None, None, None]
        slot[0] += 1
        if label:
            _add_label(slot, label)
        if evidence is not None and (slot[2] is None or ev_key < slot[3]):
            slot[2], slot[3] = evidence, ev_key

    def add_pairs(self, kind: str, ids: list[str], evidence: Evidence, label: str = "") -> None:
        """``add`` for every pair of the sorted ``ids`` (the hot loop: k ids make k(k-1)/2 pairs)."""
        ev_key = _ev_key(evidence)
        slots = self.slots
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                slot = slots.get((kind, a, b, ""))
                if slot is None:
                    slots[(kind, a, b, "")] = [1, {label} if label else None, evidence, ev_key]
                    continue
                slot[0] += 1
                if label:
                    _add_label(slot, label)
                if slot[3] is None or ev_key < slot[3]:
                    slot[2], slot[3] = evidence, ev_key

    def sorted_rows(self) -> list[tuple[int, str, str, str, str, int, Evidence | None]]:
        """(kind order, kind, source, target, label, weight, evidence), sorted; a ``met`` row's label
        is its triggers, ``|``-joined."""
        order = {kind: i for i, kind in enumerate(RELATION_KINDS)}
        rows = []
        for (kind, source, target, label), (weight, labels, evidence, _) in self.slots.items():
            if kind == MET:
                label = "|".join(sorted(labels or ()))
            rows.append((order.get(kind, len(order)), kind, source, target, label, weight, evidence))
        # (kind, source, target, label) is unique per row, so tuple order never reaches the weight.
        rows.sort()
        return rows


def _add_label(slot: list, label: str) -> None:
    if slot[1] is None:
        slot[1] = {label}
    else:
        slot[1].add(label)


def _relation_table(corpus: Corpus) -> _RelationTable:
    table = _RelationTable()
    for m in corpus.memberships:
        key = (MEMBERSHIP, m.person, m.org or "", m.title)
        if m.evidence:
            for ev in m.evidence:
                table.add(key, ev, _ev_key(ev))
        else:
            table.add(key, None, None)

    headline_of = {a.id: a.headline for a in corpus.articles}
    article_of = {a.id: a for a in corpus.articles}
    for event in corpus.events:
        people = sorted(set(event.attendees))
        evidence = event.evidence
        if evidence is None and event.article in article_of:
            evidence = _article_evidence(article_of[event.article])
        elif evidence is not None and not evidence.headline and event.article in headline_of:
            evidence = replace(evidence, headline=headline_of[event.article])
        if evidence is None:
            for a, b in itertools.combinations(people, 2):
                table.add((MET, a, b, ""), None, None, event.trigger)
        else:
            table.add_pairs(MET, people, evidence, event.trigger)

    entities = corpus.entities
    co_mentionable = {eid for eid, ent in entities.items() if ent.label in CO_MENTION_LABELS}
    for article in corpus.articles:
        named = sorted({e for e in article.mentions if e in co_mentionable})
        table.add_pairs(CO_MENTIONED, named, _article_evidence(article))

    for st in corpus.structure:
        key = (st.kind, st.child, st.parent, "")
        if st.evidence:
            for ev in st.evidence:
                table.add(key, ev, _ev_key(ev))
        else:
            table.add(key, None, None)
    return table


def relations(corpus: Corpus) -> list[Relation]:
    """Every relation of the corpus, aggregated (one per kind, endpoints and label) and sorted."""
    with gc_paused():
        table = _relation_table(corpus)
        out = []
        for (kind, source, target, key_label), (weight, labels, evidence, _) in table.slots.items():
            rel = Relation(kind, source, target, key_label, weight, set(labels or ()), evidence)
            if kind == MET:
                rel.label = "|".join(sorted(labels or ()))
            out.append(rel)
    order = {kind: i for i, kind in enumerate(RELATION_KINDS)}
    return sorted(out, key=lambda r: (order.get(r.kind, len(order)), r.kind, r.source, r.target, r.label))


def write_relations_csv(corpus: Corpus, path: str | os.PathLike) -> None:
    """One row per relation with its weight and first evidence; atomic."""
    with gc_paused():
        rows = _relation_table(corpus).sorted_rows()
        names = {eid: ent.name for eid, ent in corpus.entities.items()}
        with atomic_write(path, "wb", encoding=None) as handle:
            handle.write(codecs.BOM_UTF8 + (_csv_line(RELATION_COLUMNS) + "\r\n").encode("utf-8"))
            # Written a few hundred rows at a time: the text of all rows at once was ~3 times the
            # file in fresh memory (page faults cost more than the joining).
            for start in range(0, len(rows), _ROWS_PER_WRITE):
                lines = []
                for _, kind, source, target, label, weight, ev in rows[start:start + _ROWS_PER_WRITE]:
                    if ev is None:
                        fields = [kind, source, names.get(source, ""), target, names.get(target, ""), label,
                                  weight, "", "", "", "", ""]
                    else:
                        fields = [kind, source, names.get(source, ""), target, names.get(target, ""), label,
                                  weight, ev.page_id, ev.headline, ev.src_start, ev.src_end,
                                  " ".join(ev.sentence.split())]
                    lines.append(_csv_line(fields))
                lines.append("")
                handle.write("\r\n".join(lines).encode("utf-8"))


_ROWS_PER_WRITE = 500


def _csv_line(fields: list) -> str:
    """``fields`` as the line (without its line end) that ``csv.writer`` writes: joined by commas
    when no field needs quoting (no comma, quote or line break; what nearly every row is), else
    by the writer itself. 10^5 rows joined here cost a third of what the writer's calls do.
    Text cells are made spreadsheet-safe first."""
    fields = [spreadsheet_safe(f) if type(f) is str and f and f[0] in _FORMULA_START else f for f in fields]
    line = ",".join([f if type(f) is str else _csv_text(f) for f in fields])
    if line.count(",") == len(fields) - 1 and '"' not in line and "\n" not in line and "\r" not in line \
            and line:
        return line
    buffer = io.StringIO()
    # the file's own line end, so that a field holding \r or \n is quoted (not with lineterminator="")
    csv.writer(buffer, lineterminator="\r\n").writerow(fields)
    return buffer.getvalue()[:-2]


def _csv_text(value: object) -> str:
    # as csv.writer: None is empty, floats by repr, anything else by str
    if value is None:
        return ""
    return repr(value) if type(value) is float else str(value)
