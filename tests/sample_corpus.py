"""A small hand-built :class:`unionkg.graph.corpus.Corpus` for export tests (no NER involved)."""
from __future__ import annotations

from unionkg.graph.corpus import Article, Corpus, Entity, Event, Membership, Merge, Structure
from unionkg.graph.records import Evidence, PageRecord

SOURCE = "data/samples/p1.txt"


def _ev(start: int, exact: str, sentence: str = "", headline: str = "北京市总工会与万象市工会交流") -> Evidence:
    return Evidence("p1", SOURCE, start, start + len(exact), exact, sentence or exact, headline)


def make_corpus() -> Corpus:
    ents = [
        Entity("person/张良", "PERSON", "张良", [], 3, ["p1"], ["p1#0"]),
        Entity("person/道佩·阿伦", "PERSON", "道佩·阿伦", [], 2, ["p1"], ["p1#0"]),
        Entity("person/张文涛", "PERSON", "张文涛", [], 1, ["p1"], ["p1#0"]),
        Entity("person/任洁", "PERSON", "任洁", [], 1, ["p1"], ["p1#0"]),
        Entity("person/习近平", "PERSON", "习近平", [], 1, ["p1"], ["p1#1"]),
        Entity("union/北京市总工会", "UNION", "北京市总工会", ["市总工会"], 4, ["p1"], ["p1#0", "p1#1"]),
        Entity("union/老挝万象市工会联合会", "UNION", "老挝万象市工会联合会", ["万象市工会"], 2, ["p1"], ["p1#0"]),
        Entity("union/中华全国总工会", "UNION", "中华全国总工会", ["全国总工会", "全总"], 1, ["p1"], ["p1#1"]),
        Entity("company/京东集团", "COMPANY", "京东集团", ["京东"], 1, ["p1"], ["p1#0"]),
        Entity("org/北京职工体育服务中心", "ORG", "北京职工体育服务中心", [], 1, ["p1"], ["p1#0"]),
        Entity("place/北京", "PLACE", "北京", ["北京市"], 2, ["p1"], ["p1#0"]),
        Entity("place/老挝", "PLACE", "老挝", [], 1, ["p1"], ["p1#0"]),
        Entity("place/万象", "PLACE", "万象", [], 1, ["p1"], ["p1#0"]),
        Entity("person/<b>x&y</b>", "PERSON", "<b>x&y</b>", [], 1, ["p1"], ["p1#1"]),
    ]
    entities = {e.id: e for e in ents}
    s1 = "北京市总工会党组书记、副主席张良会见老挝万象市工会联合会代表团一行。"
    memberships = [
        Membership("person/张良", "union/北京市总工会", "党组书记", [_ev(120, "北京市总工会党组书记、副主席张良", s1)]),
        Membership("person/张良", "union/北京市总工会", "副主席", [_ev(120, "北京市总工会党组书记、副主席张良", s1)]),
        Membership("person/张文涛", "union/北京市总工会", "副主席", [_ev(200, "北京市总工会党组成员、副主席张文涛")]),
        Membership("person/道佩·阿伦", "union/老挝万象市工会联合会", "主席", [_ev(60, "老挝万象市工会联合会主席道佩·阿伦")]),
        Membership("person/任洁", None, "记者", [_ev(40, "记者 任洁")]),
    ]
    events = [
        Event(
            "p1#0/event0", "p1#0", "会见",
            ["person/张良", "person/道佩·阿伦", "person/张文涛"],
            ["union/北京市总工会", "union/老挝万象市工会联合会"],
            organizer="union/北京市总工会", location="place/北京", date="4月23日",
            evidence=_ev(120, s1, s1),
        )
    ]
    structure = [
        Structure("part_of", "org/北京职工体育服务中心", "union/北京市总工会", [_ev(300, "北京职工体育服务中心")]),
        Structure("located_in", "union/北京市总工会", "place/北京", [_ev(120, "北京市总工会")]),
        Structure("located_in", "union/老挝万象市工会联合会", "place/万象", [_ev(60, "老挝万象市工会联合会")]),
        Structure("part_of", "place/万象", "place/老挝", [_ev(60, "老挝万象")]),
    ]
    articles = [
        Article(
            "p1#0", "p1", SOURCE, "北京市总工会与万象市工会交流", "", 0, 900,
            [("person/任洁", "记者")],
            sorted(["person/张良", "person/道佩·阿伦", "person/张文涛", "union/北京市总工会",
                    "union/老挝万象市工会联合会", "company/京东集团", "org/北京职工体育服务中心",
                    "place/北京", "place/老挝", "place/万象"]),
            {"person/张良": 3, "person/道佩·阿伦": 2},
            {"person/张良": _ev(134, "张良", s1)},
        ),
        Article(
            "p1#1", "p1", SOURCE, "学习贯彻习近平总书记重要讲话精神", "", 900, 1500,
            [("person/任洁", "记者")],
            sorted(["person/习近平", "union/北京市总工会", "union/中华全国总工会", "person/<b>x&y</b>"]),
            {}, {},
        ),
    ]
    pages = [PageRecord("p1", SOURCE, "0" * 64, "utf-8", 1500, [])]
    merges = [Merge("union/北京市总工会", ["市总工会", "北京市总工会"], "home-city short form: 市总工会 -> 北京市总工会")]
    return Corpus(entities, articles, memberships, events, structure, pages, merges, [])
