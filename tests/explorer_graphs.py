"""Generated entity graphs for the explorer's tests and benchmark (``benchmarks/explorer.py``).

Made-up names from a small pool of characters, so same-name people occur as they do in news; a few
people are very active (a skewed choice), as in a paper's archive. Edges like a build's: met edges
from events of 2–6 people (dated ISO days over two years, some undated), memberships with titles,
bodies located in places, and co-mentions for the rest. Deterministic for a seed.
"""
from __future__ import annotations

import datetime
import inspect
import itertools
import random

from unionkg.graph.model import EntityGraph
from unionkg.graph.records import (
    CO_MENTIONED,
    COMPANY,
    LOCATED_IN,
    MEMBERSHIP,
    MET,
    ORG,
    PART_OF,
    PERSON,
    PLACE,
    UNION,
)

FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力国"
PLACE_HEADS = "东西南北中上下新安平和兴宁江河山海湖云阳"
BODY_ENDINGS = {UNION: ["总工会", "工会委员会", "工会联合会"], COMPANY: ["集团", "有限公司", "股份公司"],
                ORG: ["人民政府", "委员会", "管理局", "协会"]}
TITLES = ["主席", "副主席", "党组书记", "总经理", "董事长", "局长", "主任", "委员", "秘书长"]
TRIGGERS = ["会见", "座谈", "调研", "慰问", "出席", "交流"]
START_DAY = datetime.date(2022, 1, 1)


def _slot(kind: str, serial: int, lists: dict | None = None, pages: list[str] | None = None) -> list:
    evidence = {}
    for page in pages or [f"p{serial // 40:05d}"]:
        ev = {"page": page, "source": "", "headline": f"新闻标题{serial // 7}", "src_start": serial % 997,
              "src_end": serial % 997 + 12, "exact": "", "sentence": f"第{serial}句，{kind}的原文句子。"}
        evidence[(ev["page"], ev["src_start"], ev["src_end"], ev["exact"], ev["sentence"], ev["headline"])] = ev
    return [evidence, lists if lists is not None else {}]


def _dated_page(day: str) -> str:
    """A page published on ``day`` ("" for an undated page)."""
    return f"d{day}" if day else "undated"


def _entity_graph(nodes: dict, slots: dict) -> EntityGraph:
    """The graph, with the publication dates of the ``d<day>`` pages where the model takes them (it
    dates memberships and co-mentions by their evidence's pages)."""
    pages = {ev["page"] for evidence, _ in slots.values() for ev in evidence.values()}
    page_dates = {p: p[1:] for p in pages if p.startswith("d")}
    if "page_dates" in inspect.signature(EntityGraph).parameters:
        return EntityGraph(dict(sorted(nodes.items())), slots, page_dates=page_dates)
    return EntityGraph(dict(sorted(nodes.items())), slots)


def generated_graph(entities: int = 20_000, edges: int = 100_000, *, seed: int = 1,
                    undated_share: float = 0.15) -> EntityGraph:
    """About ``entities`` nodes and ``edges`` edges (met ~20%, membership ~8%, structure, the rest
    co-mentions)."""
    rng = random.Random(seed)
    counts = {PERSON: int(entities * 0.55), UNION: int(entities * 0.15), COMPANY: int(entities * 0.1),
              ORG: int(entities * 0.12)}
    counts[PLACE] = entities - sum(counts.values())
    nodes: dict[str, dict] = {}
    by_kind: dict[str, list[str]] = {k: [] for k in counts}
    person_names: dict[str, int] = {}
    for kind, count in counts.items():
        made = 0
        while made < count:
            if kind == PERSON:
                name = rng.choice(FAMILY) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
                person_names[name] = person_names.get(name, 0) + 1
                eid = f"person/{name}" if person_names[name] == 1 else f"person/{name}-{person_names[name]}"
            elif kind == PLACE:
                name = "".join(rng.choice(PLACE_HEADS + GIVEN) for _ in range(rng.choice((2, 3)))) + rng.choice("市区县镇")
                eid = f"place/{name}"
            else:
                name = "".join(rng.choice(PLACE_HEADS + GIVEN) for _ in range(3)) + rng.choice(BODY_ENDINGS[kind])
                eid = f"{kind.lower()}/{name}"
            if eid in nodes:
                continue
            nodes[eid] = {"label": kind, "name": name, "aliases": [], "mentions": 1 + int(rng.paretovariate(1.2)),
                          "first_page": "p00001", "last_page": "p00002", "articles": 1, "roles": [],
                          "sentences": [f"{name}出现的第一句。", f"{name}出现的第二句。"]}
            by_kind[kind].append(eid)
            made += 1
    people = by_kind[PERSON]
    bodies = by_kind[UNION] + by_kind[COMPANY] + by_kind[ORG]
    # A few very active people: a skewed choice over a shuffled order.
    people_w = list(itertools.accumulate(1.0 / (i + 1) ** 0.9 for i in range(len(people))))
    bodies_w = list(itertools.accumulate(1.0 / (i + 1) ** 0.9 for i in range(len(bodies))))
    slots: dict[tuple[str, str, str], list] = {}
    serial = itertools.count()

    def day() -> str:
        if rng.random() < undated_share:
            return ""
        return (START_DAY + datetime.timedelta(days=rng.randrange(730))).isoformat()

    def add(u, v, relation, pages=None, **lists):
        if relation in (MET, CO_MENTIONED) and v < u:
            u, v = v, u
        slot = slots.get((u, v, relation))
        if slot is None:
            slot = slots[(u, v, relation)] = _slot(relation, next(serial), pages=pages)
        for name, values in lists.items():
            slot[1].setdefault(name, set()).update(x for x in values if x)

    for eid in people:
        if rng.random() < 0.6:
            for body in rng.choices(bodies, cum_weights=bodies_w, k=rng.choice((1, 1, 2))):
                title, when = rng.choice(TITLES), day()
                add(eid, body, MEMBERSHIP, pages=[_dated_page(when)], titles=[title], dates=[when])
                nodes[eid]["roles"].append(f"{nodes[body]['name']} {title}")
    for body in bodies:
        add(body, rng.choice(by_kind[PLACE]), LOCATED_IN)
        if body.startswith("union/") and rng.random() < 0.3:
            add(body, rng.choice(by_kind[UNION]), PART_OF)
    event, before = 0, len(slots)
    while len(slots) - before < edges * 0.2:
        present = sorted(set(rng.choices(people, cum_weights=people_w, k=rng.randint(2, 6))))
        when = day()
        trigger = rng.choice(TRIGGERS)
        event += 1
        for i, u in enumerate(present):
            for v in present[i + 1:]:
                add(u, v, MET, triggers=[trigger], events=[f"ev{event}"], dates=[when])
    talkers = people + bodies
    talkers_w = list(itertools.accumulate(1.0 / (i + 1) ** 0.7 for i in range(len(talkers))))
    article = 0
    while len(slots) < edges:
        article += 1
        u, v = rng.choices(talkers, cum_weights=talkers_w, k=2)
        if u != v:
            add(u, v, CO_MENTIONED, articles=[f"a{article}"])
    for d in nodes.values():
        d["roles"] = sorted(set(d["roles"]))
    return _entity_graph(nodes, slots)


def dated_pair_graph() -> EntityGraph:
    """Four people by hand: 甲 met 乙 on 2021-03-01 and 2023-05-02, 甲 met 丙 on 2022-07-09, 甲 met
    丁 on no stated day (a printed 4月23日 is no ISO date); 甲 holds a post from 2021 to 2023."""
    def person(name):
        return {"label": PERSON, "name": name, "aliases": [], "mentions": 2, "first_page": "p1",
                "last_page": "p1", "articles": 1, "roles": [], "sentences": [f"{name}的句子。"]}

    nodes = {f"person/{n}": person(n) for n in ("甲某", "乙某", "丙某", "丁某")}
    nodes["union/某市总工会"] = {**person("某市总工会"), "label": UNION}
    slots = {
        ("person/乙某", "person/甲某", MET): _slot(MET, 1, {"events": {"e1", "e2"}, "triggers": {"会见"},
                                                         "dates": {"2021-03-01", "2023-05-02"}}),
        ("person/丙某", "person/甲某", MET): _slot(MET, 2, {"events": {"e3"}, "triggers": {"座谈"},
                                                         "dates": {"2022-07-09"}}),
        ("person/丁某", "person/甲某", MET): _slot(MET, 3, {"events": {"e4"}, "triggers": {"调研"},
                                                         "dates": {"4月23日"}}),
        ("person/甲某", "union/某市总工会", MEMBERSHIP): _slot(
            MEMBERSHIP, 4, {"titles": {"主席"}, "dates": {"2021-03-01", "2023-05-02"}},
            pages=[_dated_page("2021-03-01"), _dated_page("2023-05-02")]),
    }
    return _entity_graph(nodes, slots)
