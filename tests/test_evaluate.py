"""Scoring against gold: our evaluate() standalone, and its agreement with the reference scorer."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from unionkg.graph.corpus import Article, Corpus, Entity, Event, Membership
from unionkg.graph.query.evaluate import evaluate, format_report, gold_stems
from unionkg.graph.readwrite.iris import iri_segment
from unionkg.graph.readwrite.rdf import write_turtle
from unionkg.graph.records import Evidence, PageRecord
from sample_corpus import make_corpus

GOLD = Path(__file__).parent / "fixtures" / "gold"
SCORER = Path("/work/shared/tools/score_graph.py")
KINDS = ("PERSON", "UNION", "COMPANY", "ORG", "PLACE")


def gold_corpus(gold_dir: Path = GOLD, stems: list[str] | None = None) -> Corpus:
    """A corpus holding exactly what the gold pages say (a perfect extraction)."""
    entities: dict[str, Entity] = {}
    id_of: dict[str, str] = {}
    memberships, events, articles, pages = [], [], [], []
    for stem in stems or gold_stems(gold_dir):
        page = json.loads((gold_dir / f"{stem}.json").read_text(encoding="utf-8"))
        pages.append(PageRecord(stem, f"{stem}.txt", "0" * 64, "utf-8", 1000))
        for kind in KINDS:
            for name in page[kind]:
                eid = f"{kind.lower()}/{name}"
                entities.setdefault(eid, Entity(eid, kind, name, [], 1, [stem], [f"{stem}#0"]))
                id_of[name] = eid
        ev = Evidence(stem, f"{stem}.txt", 0, 1, "x")
        for person, org, title in page["roles"]:
            memberships.append(Membership(id_of[person], id_of[org] if org else None, title, [ev]))
        for i, art in enumerate(page["articles"]):
            aid = f"{stem}#{i}"
            people = [id_of[p] for p in art["present"]]
            articles.append(Article(aid, stem, f"{stem}.txt", art["title"], "", 0, 1,
                                    [(id_of[r], "记者") for r in art["reporters"]], sorted(set(people))))
            if len(people) > 1:
                events.append(Event(f"{aid}/event0", aid, "会见", people))
    return Corpus(entities, articles, memberships, events, [], pages)


def score(corpus: Corpus, tmp_path: Path, gold_dir: Path = GOLD, stems=None) -> dict:
    ttl = tmp_path / "graph.ttl"
    write_turtle(corpus, ttl)
    return evaluate(ttl, gold_dir, stems)


def add_entity(corpus: Corpus, kind: str, name: str, suffix: str = "") -> str:
    eid = f"{kind.lower()}/{name}{suffix}"
    corpus.entities[eid] = Entity(eid, kind, name, [], 1, [], [])
    return eid


def test_evaluate_perfect_graph_scores_one(tmp_path):
    report = score(gold_corpus(), tmp_path)
    for measure in [report["entities"]["all"], report["roles"], report["met"], *report["typed"].values()]:
        assert (measure["p"], measure["r"], measure["f1"], measure["fp"], measure["fn"]) == (1.0, 1.0, 1.0, 0, 0)
    pages = [json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8")) for stem in gold_stems(GOLD)]
    aliases = json.loads((GOLD / "aliases.json").read_text(encoding="utf-8"))
    names = {aliases.get(n, n) for page in pages for kind in KINDS for n in page[kind]}
    assert report["entities"]["all"]["tp"] == len(names)  # distinct gold names after the alias table
    assert report["roles"]["tp"] == len({tuple(r) for page in pages for r in page["roles"]})


def test_evaluate_stems_select_pages(tmp_path):
    stems = gold_stems(GOLD)[:1]
    report = score(gold_corpus(stems=stems), tmp_path, GOLD, stems)
    assert report["entities"]["all"]["fp"] == 0 and report["entities"]["all"]["fn"] == 0
    full = score(gold_corpus(stems=stems), tmp_path, GOLD)  # scored against every page: misses
    assert full["entities"]["all"]["fn"] > 0


def test_evaluate_missing_entity_is_a_false_negative(tmp_path):
    corpus = gold_corpus()
    place = next(e for e in sorted(corpus.entities) if e.startswith("place/"))
    del corpus.entities[place]
    report = score(corpus, tmp_path)
    assert report["entities"]["all"]["fn"] == 1
    assert report["typed"]["PLACE"]["fn"] == 1 and report["typed"]["PERSON"]["fn"] == 0
    assert report["detail"]["entity_missed"] == [place.split("/", 1)[1]]


def test_evaluate_duplicate_node_is_one_false_positive(tmp_path):
    corpus = gold_corpus()
    add_entity(corpus, "UNION", "全国总工会")  # an alias of 中华全国总工会 in the gold table
    report = score(corpus, tmp_path)
    assert report["entities"]["all"]["fp"] == 1
    assert report["detail"]["entity_fp"] == ["中华全国总工会 (duplicate)"]
    assert report["typed"]["UNION"]["fp"] == 1


def test_evaluate_optional_names_count_neither_way(tmp_path):
    corpus = gold_corpus()
    optional = json.loads((GOLD / f"{gold_stems(GOLD)[0]}.json").read_text(encoding="utf-8"))["optional"][0]
    add_entity(corpus, "ORG", optional)
    add_entity(corpus, "ORG", "不存在的机构")
    report = score(corpus, tmp_path)
    assert report["entities"]["all"]["fp"] == 1
    assert report["detail"]["entity_fp"] == ["不存在的机构"]


def test_evaluate_wrong_type_counts_against_the_type_only(tmp_path):
    corpus = gold_corpus()
    union = sorted(e for e in corpus.entities if e.startswith("union/"))[0]
    corpus.entities[union].label = "COMPANY"
    report = score(corpus, tmp_path)
    assert report["entities"]["all"]["fp"] == 0
    assert report["typed"]["UNION"]["fn"] == 1 and report["typed"]["COMPANY"]["fp"] == 1


def _tiny_gold(tmp_path: Path, page: dict, aliases: dict | None = None) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir(exist_ok=True)
    base = {k: [] for k in (*KINDS, "optional", "roles", "affiliations", "articles")}
    (gold / "aliases.json").write_text(json.dumps(aliases or {}, ensure_ascii=False), encoding="utf-8")
    (gold / "p1.json").write_text(json.dumps({**base, **page}, ensure_ascii=False), encoding="utf-8")
    return gold


def _role_corpus(person: str, org: str, org_kind: str, title: str) -> Corpus:
    entities = {}
    for kind, name in (("PERSON", person), (org_kind, org)):
        eid = f"{kind.lower()}/{name}"
        entities[eid] = Entity(eid, kind, name, [], 1, ["p1"], [])
    membership = Membership(f"person/{person}", f"{org_kind.lower()}/{org}", title, [])
    return Corpus(entities, [], [membership], [], [], [PageRecord("p1", "p1.txt", "", "utf-8", 0)])


@pytest.mark.parametrize(
    "gold_role,predicted,hit",
    [
        (["王五", "某某公司", "工会主席"], ("某某公司工会", "UNION", "主席"), True),  # split differently
        (["李四", "铜川市人民政府", "市长"], ("铜川市", "PLACE", "市长"), True),  # 人民政府 left off
        (["李四", "铜川市人民政府", "市长"], ("铜川市政府", "ORG", "市长"), True),
        (["赵六", "北京市总工会", "主席"], ("市总工会", "UNION", "主席"), True),  # through the alias table
        (["赵六", "北京市总工会", "主席"], ("北京市总工会", "UNION", "副主席"), False),
    ],
)
def test_evaluate_role_matching(tmp_path, gold_role, predicted, hit):
    gold = _tiny_gold(tmp_path, {"PERSON": [gold_role[0]], "roles": [gold_role]}, {"市总工会": "北京市总工会"})
    report = score(_role_corpus(gold_role[0], *predicted), tmp_path, gold)
    assert (report["roles"]["tp"], report["roles"]["fp"]) == ((1, 0) if hit else (0, 1))


def test_evaluate_met_pairs_named_but_not_present_are_neutral(tmp_path):
    gold = _tiny_gold(tmp_path, {
        "PERSON": ["甲", "乙", "丙", "丁"],
        "articles": [{"title": "t", "reporters": ["丁"], "present": ["甲", "乙"], "mentioned": ["丙"]}],
    })
    corpus = Corpus({}, [], [], [], [], [PageRecord("p1", "p1.txt", "", "utf-8", 0)])
    for name in ("甲", "乙", "丙", "丁", "戊"):
        add_entity(corpus, "PERSON", name)
    corpus.events = [
        Event("p1#0/event0", "p1#0", "会见", ["person/甲", "person/乙", "person/丙"]),  # 甲丙, 乙丙 neutral
        Event("p1#0/event1", "p1#0", "会见", ["person/甲", "person/戊"]),  # 甲戊 wrong
    ]
    report = score(corpus, tmp_path, gold)
    assert {k: report["met"][k] for k in ("tp", "fp", "fn")} == {"tp": 1, "fp": 1, "fn": 0}
    assert report["detail"]["met_fp"] == [["戊", "甲"]] or report["detail"]["met_fp"] == [["甲", "戊"]]


def test_evaluate_names_are_compared_after_nfkc(tmp_path):
    gold = _tiny_gold(tmp_path, {"COMPANY": ["ＡＢＣ公司"]})
    corpus = Corpus({}, [], [], [], [], [])
    add_entity(corpus, "COMPANY", "ABC公司")
    report = score(corpus, tmp_path, gold)
    assert report["typed"]["COMPANY"]["tp"] == 1


def test_evaluate_format_report_has_one_line_per_measure(tmp_path):
    text = format_report(score(gold_corpus(), tmp_path))
    lines = text.splitlines()
    assert len(lines) == 8
    assert lines[0].startswith("entities  all      P=1.000 R=1.000 F1=1.000  tp=")
    assert lines[1].startswith("typed     PERSON   P=1.000")
    assert lines[-1].startswith("met")
    assert "entity_fp" in format_report(score(gold_corpus(), tmp_path), detail=True)


# --- agreement with the reference scorer (shared material; skipped where it is missing) -------

EDGE_TTL = """\
@prefix s: <http://schema.org/> .
@prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<urn:p1> a s:Person ; s:name "张良" .
<urn:p2> a s:Person ; rdfs:label "道佩·阿伦" .
_:b a s:Person ; rdfs:label "张文涛" .
<urn:p4> a schema:Person ; skos:prefLabel "任洁" .
<urn:p5> a schema:Person .
<urn:ev> s:attendee <urn:p1>, <urn:p2>, _:b, <urn:u> .
<urn:ev2> schema:attendee <urn:p4>, <urn:p5>, <urn:p1> .
_:m a org:Membership ; org:member <urn:p1> ; org:role [ skos:prefLabel "副主席" ] ; org:organization <urn:u> .
<urn:m2> a org:Membership ; org:member <urn:p4> ; org:role [ rdfs:label "记者" ] .
<urn:m3> a org:Membership ; org:member <urn:p2> ; org:role <urn:r> ; org:organization <urn:u>, <urn:u3> .
<urn:r> rdfs:label "主席", "会长" .
<urn:u> a schema:WorkersUnion, schema:Organization ; rdfs:label "市总工会" .
<urn:u2> a schema:Organization ; rdfs:label "市总工会" .
<urn:u3> a schema:Organization ; rdfs:label "老挝万象市工会联合会" .
<urn:x> a schema:Place ; rdfs:label "Ｂｅｉｊｉｎｇ" .
<urn:y> a schema:Place, schema:Person ; rdfs:label "老挝" .
"""


def _reference(ttl: Path, gold: Path, stems=None) -> dict:
    out = subprocess.run([sys.executable, str(SCORER), str(ttl), str(gold), *(stems or []), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _variants(tmp_path: Path) -> list[tuple[Path, Path, list | None]]:
    """(graph, gold dir, stems) cases: perfect and damaged gold graphs, the sample corpus, edge cases."""
    cases = []

    def ttl_of(corpus: Corpus, name: str) -> Path:
        path = tmp_path / f"{name}.ttl"
        write_turtle(corpus, path)
        return path

    cases.append((ttl_of(gold_corpus(), "perfect"), GOLD, None))
    damaged = gold_corpus()
    for eid in sorted(damaged.entities)[::7]:
        del damaged.entities[eid]
    damaged.memberships = damaged.memberships[::2]
    for m in damaged.memberships[::3]:
        m.title = "主任"
    add_entity(damaged, "UNION", "全国总工会")
    add_entity(damaged, "ORG", "全总")
    add_entity(damaged, "COMPANY", "不存在的公司")
    damaged.events.append(Event("x#0/event0", "x#0", "会见", sorted(e for e in damaged.entities if e.startswith("person/"))[:6]))
    cases.append((ttl_of(damaged, "damaged"), GOLD, None))
    stems = gold_stems(GOLD)[1:]
    cases.append((ttl_of(damaged, "damaged-two-pages"), GOLD, stems))
    cases.append((ttl_of(make_corpus(), "sample"), GOLD, None))
    edge = tmp_path / "edge.ttl"
    edge.write_text(EDGE_TTL, encoding="utf-8")
    cases.append((edge, GOLD, None))
    return cases


@pytest.mark.skipif(not SCORER.is_file(), reason="reference scorer not available (shared material only)")
def test_evaluate_agrees_with_the_reference_scorer(tmp_path):
    for ttl, gold, stems in _variants(tmp_path):
        ours = evaluate(ttl, gold, stems)
        theirs = _reference(ttl, gold, stems)
        assert ours == theirs, ttl.name
