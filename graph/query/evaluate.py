"""Score a built graph against hand-made gold annotation (the format of tests/fixtures/gold/README.md).

Measures, corpus-level, precision / recall / F1 of
  * entities: every node typed with one of the five main classes, by its label (all, and per type);
  * roles: (person, organization, title) of each ``org:Membership``;
  * met: pairs of persons attending one ``schema:Event``.
Names are compared after Unicode NFKC and through the gold alias table. The counting rules follow
the project's reference scorer exactly, so both give the same numbers on the same graph:
  * two nodes mapping to one gold name: one hit and one false positive (a duplicate);
  * a name listed as ``optional`` counts neither way; a node typed as an organization and as a
    union body or company is scored with its more specific type;
  * a role matches when organization and title split differently (``X公司`` + ``工会主席`` =
    ``X公司工会`` + ``主席``), through an alias of the organization, or with ``人民政府`` / ``政府``
    left off a government's name;
  * a predicted pair of people who are both named in one article but not gold-present together
    counts neither way.
"""
from __future__ import annotations

import itertools
import json
import os
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.util import guess_format

KINDS = ("PERSON", "UNION", "COMPANY", "ORG", "PLACE")
CLASS_OF_KIND = {"PERSON": "Person", "UNION": "WorkersUnion", "COMPANY": "Corporation", "ORG": "Organization", "PLACE": "Place"}
# Graphs in the wild use both schema.org namespaces.
SCHEMA_NAMESPACES = (rdflib.Namespace("https://schema.org/"), rdflib.Namespace("http://schema.org/"))
W3C_ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
# Where a node's name is read from, in order of preference.
NAME_PROPERTIES = (RDFS.label, SCHEMA_NAMESPACES[0].name, SCHEMA_NAMESPACES[1].name, SKOS.prefLabel)
ROLE_LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel)
GOVERNMENT_SUFFIXES = ("人民政府", "政府")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


@dataclass
class Gold:
    kind_of: dict[str, str] = field(default_factory=dict)  # NFKC name -> kind (a later page wins)
    optional: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)  # NFKC surface -> NFKC canonical
    roles: set[tuple[str, str, str]] = field(default_factory=set)
    present_pairs: set[tuple[str, str]] = field(default_factory=set)
    named_pairs: set[tuple[str, str]] = field(default_factory=set)  # co-named, not co-present

    def canon(self, name: str) -> str:
        name = normalize(name)
        return self.aliases.get(name, name)


def gold_stems(gold_dir: str | os.PathLike) -> list[str]:
    """Every annotated page of a gold folder (its *.json files but aliases.json), sorted."""
    return sorted(p.stem for p in Path(gold_dir).glob("*.json") if p.stem != "aliases")


def load_gold(gold_dir: str | os.PathLike, stems: list[str] | None = None) -> Gold:
    gold_dir = Path(gold_dir)
    gold = Gold()
    alias_table = json.loads((gold_dir / "aliases.json").read_text(encoding="utf-8"))
    gold.aliases = {normalize(k): normalize(v) for k, v in alias_table.items()}
    for stem in stems if stems is not None else gold_stems(gold_dir):
        page = json.loads((gold_dir / f"{stem}.json").read_text(encoding="utf-8"))
        for kind in KINDS:
            for name in page.get(kind, []):
                gold.kind_of[normalize(name)] = kind
        gold.optional.update(normalize(x) for x in page.get("optional", []))
        gold.roles.update(tuple(normalize(x) for x in role) for role in page.get("roles", []))
        for article in page.get("articles", []):
            present = sorted({normalize(x) for x in article.get("present", [])})
            named = sorted(
                set(present)
                | {normalize(x) for x in article.get("mentioned", [])}
                | {normalize(x) for x in article.get("reporters", [])}
            )
            gold.present_pairs.update(itertools.combinations(present, 2))
            gold.named_pairs.update(itertools.combinations(named, 2))
    gold.named_pairs -= gold.present_pairs
    return gold


def prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(precision, 3), "r": round(recall, 3), "f1": round(f1, 3), "tp": tp, "fp": fp, "fn": fn}


def node_name(graph: rdflib.Graph, node) -> str | None:
    for prop in NAME_PROPERTIES:
        for value in graph.objects(node, prop):
            return str(value)
    return None


def _predicted_entities(graph: rdflib.Graph, gold: Gold) -> dict[str, list[str]]:
    """Kind -> canonical names of the typed, named nodes (a name repeats once per node)."""
    predicted: dict[str, list[str]] = {}
    for kind in KINDS:
        names = []
        for ns in SCHEMA_NAMESPACES:
            for node in graph.subjects(RDF.type, ns[CLASS_OF_KIND[kind]]):
                name = node_name(graph, node)
                if name is not None:
                    names.append(gold.canon(name))
        predicted[kind] = names
    # scored with the most specific type: an organization that is also a union body or company
    specific = set(predicted["UNION"]) | set(predicted["COMPANY"])
    predicted["ORG"] = [x for x in predicted["ORG"] if x not in specific]
    return predicted


def _score_entities(predicted: dict[str, list[str]], gold: Gold, report: dict, detail: dict) -> set[str]:
    gold_by_kind: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for name, kind in gold.kind_of.items():
        gold_by_kind[kind].add(gold.canon(name))
    all_gold = set().union(*gold_by_kind.values())
    optional = {gold.canon(x) for x in gold.optional}

    found: set[str] = set()
    false_positives = []
    for kind in KINDS:
        for name in predicted[kind]:
            if name in all_gold:
                if name in found:
                    false_positives.append(f"{name} (duplicate)")
                found.add(name)
            elif name not in optional:
                false_positives.append(name)
    missed = sorted(all_gold - found)
    report["entities"] = {"all": prf(len(found), len(false_positives), len(missed))}
    report["typed"] = {}
    for kind in KINDS:
        names, expected = predicted[kind], gold_by_kind[kind]
        distinct = set(names)
        wrong = sum(1 for x in names if x not in expected and (x in all_gold or x not in optional))
        repeats = len(names) - len(distinct)
        report["typed"][kind] = prf(len(distinct & expected), wrong + repeats, len(expected - distinct))
    detail["entity_fp"] = sorted(false_positives)
    detail["entity_missed"] = missed
    return all_gold


def _predicted_roles(graph: rdflib.Graph, gold: Gold) -> set[tuple[str, str, str]]:
    out = set()
    for membership in set(graph.subjects(RDF.type, W3C_ORG.Membership)):
        organizations = list(graph.objects(membership, W3C_ORG.organization)) or [None]
        for person in graph.objects(membership, W3C_ORG.member):
            person_name = gold.canon(node_name(graph, person) or "")
            for role in graph.objects(membership, W3C_ORG.role):
                for prop in ROLE_LABEL_PROPERTIES:
                    for title in graph.objects(role, prop):
                        for org in organizations:
                            org_name = gold.canon(node_name(graph, org) or "") if org is not None else ""
                            out.add((person_name, org_name, normalize(str(title))))
    return out


def _organization_forms(name: str, surfaces_of: dict[str, set[str]]) -> set[str]:
    """A body's name, its gold aliases, and a government's name without 人民政府 / 政府."""
    forms = {name} | surfaces_of.get(name, set())
    for form in list(forms):
        for suffix in GOVERNMENT_SUFFIXES:
            if form.endswith(suffix) and len(form) > len(suffix):
                stem = form[: -len(suffix)]
                forms.update((stem, stem + "政府"))
    return forms


def _score_roles(graph: rdflib.Graph, gold: Gold, all_gold: set[str], report: dict, detail: dict) -> None:
    surfaces_of: dict[str, set[str]] = defaultdict(set)
    for surface, canonical in gold.aliases.items():
        surfaces_of[canonical].add(surface)

    def keys(role: tuple[str, str, str]) -> set[tuple[str, str]]:
        # organization and title joined: the split between them does not matter
        person, org, title = role
        return {(person, form + title) for form in _organization_forms(org, surfaces_of)}

    gold_by_key: dict[tuple[str, str], set] = defaultdict(set)
    for role in gold.roles:
        for key in keys(role):
            gold_by_key[key].add(role)
    gold_people = {person for person, _, _ in gold.roles}
    optional = {gold.canon(x) for x in gold.optional}
    hits, false_positives = set(), []
    for role in _predicted_roles(graph, gold):
        matches = set().union(*(gold_by_key.get(key, set()) for key in keys(role)))
        if matches:
            hits.add(min(matches))
        elif role[0] in gold_people or role[0] in all_gold or role[0] not in optional:
            false_positives.append(role)
    report["roles"] = prf(len(hits), len(false_positives), len(gold.roles - hits))
    detail["role_fp"] = sorted(map(list, false_positives))
    detail["role_missed"] = sorted(map(list, gold.roles - hits))


def _predicted_pairs(graph: rdflib.Graph, gold: Gold) -> set[tuple[str, str]]:
    pairs = set()
    for ns in SCHEMA_NAMESPACES:
        people = set(graph.subjects(RDF.type, ns.Person))
        attendees: dict = defaultdict(set)
        for event, attendee in graph.subject_objects(ns.attendee):
            if attendee in people:
                attendees[event].add(attendee)
        for group in attendees.values():
            for a, b in itertools.combinations(group, 2):
                if str(a) == str(b):
                    continue
                x, y = gold.canon(node_name(graph, a) or ""), gold.canon(node_name(graph, b) or "")
                pairs.add((x, y) if x <= y else (y, x))
    return pairs


def _score_met(graph: rdflib.Graph, gold: Gold, report: dict, detail: dict) -> None:
    def canon_pairs(pairs):
        return {tuple(sorted((gold.canon(a), gold.canon(b)))) for a, b in pairs}

    expected = canon_pairs(gold.present_pairs)
    neutral = canon_pairs(gold.named_pairs)
    predicted = _predicted_pairs(graph, gold)
    wrong = [x for x in predicted - expected if x not in neutral]
    report["met"] = prf(len(predicted & expected), len(wrong), len(expected - predicted))
    detail["met_missed"] = sorted(map(list, expected - predicted))
    detail["met_fp"] = sorted(map(list, wrong))


def evaluate(ttl_path: str | os.PathLike, gold_dir: str | os.PathLike, stems: list[str] | None = None) -> dict:
    """P/R/F1 of a graph file against gold pages (default: every page of ``gold_dir``).

    Returns ``{"entities": {"all": s}, "typed": {kind: s}, "roles": s, "met": s, "detail": {...}}``
    where each ``s`` is ``{"p", "r", "f1", "tp", "fp", "fn"}``.
    """
    gold = load_gold(gold_dir, list(stems) if stems else None)
    graph = rdflib.Graph()
    graph.parse(str(ttl_path), format=guess_format(str(ttl_path)) or "turtle")
    report: dict = {}
    detail: dict = {}
    all_gold = _score_entities(_predicted_entities(graph, gold), gold, report, detail)
    _score_roles(graph, gold, all_gold, report, detail)
    _score_met(graph, gold, report, detail)
    report["detail"] = detail
    return report


def format_report(report: dict, detail: bool = False) -> str:
    """The report as aligned text lines, one per measure (optionally preceded by the misses and false positives)."""
    lines = []
    if detail:
        for key, values in report.get("detail", {}).items():
            lines.append(f"{key} {len(values)} {values[:60]}")

    def line(group: str, name: str, s: dict) -> str:
        return (
            f"{group:9} {name:8} P={s['p']:.3f} R={s['r']:.3f} F1={s['f1']:.3f}  "
            f"tp={s['tp']} fp={s['fp']} fn={s['fn']}"
        )

    lines.append(line("entities", "all", report["entities"]["all"]))
    for kind, s in report["typed"].items():
        lines.append(line("typed", kind, s))
    lines.append(line("roles", "", report["roles"]))
    lines.append(line("met", "", report["met"]))
    return "\n".join(lines)
