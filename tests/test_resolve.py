"""unionkg.graph.resolve.resolve on small hand-made PageRecords: ids, merges, facts (people: test_people.py)."""
from __future__ import annotations

from dataclasses import asdict

import pytest

from unionkg.pipelines.settings import Settings
from unionkg.graph.records import ArticleRecord, EventRecord, Evidence, Mention, PageRecord, Reporter, RoleRecord, StructureRecord
from unionkg.graph.resolve.resolve import company_key, load_aliases, place_key, resolve, union_key

NO_ALIASES = Settings(aliases_file=None)


def ev(page: str, start: int, exact: str) -> Evidence:
    return Evidence(page, f"{page}.txt", start, start + len(exact), exact, exact, "")


def mention(page: str, text: str, label: str, name: str | None = None, start: int = 0) -> Mention:
    return Mention(text, label, start, start + len(text), start, start + len(text), name or text, text)


def article(page: str, index: int, *, mentions=(), roles=(), events=(), structure=(), reporters=()) -> ArticleRecord:
    return ArticleRecord(page, f"{page}.txt", index, f"headline {index}", "", index * 100, index * 100 + 99,
                         reporters=list(reporters), mentions=list(mentions), roles=list(roles), events=list(events),
                         structure=list(structure))


def page(page_id: str, *articles: ArticleRecord) -> PageRecord:
    return PageRecord(page_id, f"{page_id}.txt", "0" * 64, "utf-8", 1000, list(articles))


def role(page: str, person: str, org: str, title: str, label: str = "UNION") -> RoleRecord:
    return RoleRecord(person, org, title, ev(page, 5, f"{org}{title}{person}"), label if org else "")


def test_resolve_alias_file_merges_and_reports(tmp_path):
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("# comment\n全国总工会\t中华全国总工会\tUNION\nbad line\n全总\t中华全国总工会\n", "utf-8")
    pages = [page("p1", article("p1", 0, mentions=[mention("p1", "全国总工会", "ORG"), mention("p1", "全总", "UNION")]))]
    corpus = resolve(pages, Settings(aliases_file=aliases))
    assert list(corpus.entities) == ["union/中华全国总工会"]
    entity = corpus.entities["union/中华全国总工会"]
    assert entity.aliases == ["全国总工会", "全总"]
    assert entity.mentions == 2
    assert any(m.entity == entity.id and m.reason == "alias file" for m in corpus.merges)


def test_resolve_load_aliases_skips_bad_lines(tmp_path):
    f = tmp_path / "a.tsv"
    f.write_text("a\tb\tunion\n# x\tskip\nc\n\td\ne\te\nf\tg\tNOTALABEL\n", "utf-8")
    assert [(e.alias, e.canonical, e.label) for e in load_aliases(f)] == [("a", "b", "UNION"), ("f", "g", "")]
    assert load_aliases(None) == [] and load_aliases(tmp_path / "missing.tsv") == []


def test_resolve_shipped_alias_file_is_general():
    entries = load_aliases(Settings().aliases_file)
    assert ("全国总工会", "中华全国总工会") in {(e.alias, e.canonical) for e in entries}


@pytest.mark.parametrize(
    "fn,name,key",
    [
        (company_key, "京东集团有限公司", "京东"),
        (company_key, "京东公司", "京东"),
        (company_key, "北京亦庄投资控股有限公司", "北京亦庄投资控股"),
        (company_key, "集团", "集团"),
        (union_key, "中国铁路北京局集团有限公司工会", "中国铁路北京局工会"),
        (union_key, "丰台区总工会", "丰台区总工会"),
        # a trailing parenthesized part stays, in full-width brackets
        (company_key, "某某集团(上海)", "某某（上海）"),
        (union_key, "某某集团（上海）工会", "某某（上海）工会"),
        (union_key, "某某(上海)工会", "某某（上海）工会"),
        (place_key, "北京市", "北京"),
        (place_key, "丰台区", "丰台区"),
    ],
)
def test_resolve_name_keys(fn, name, key):
    assert fn(name) == key


def test_resolve_company_names_merge_to_fullest_form():
    pages = [
        page("p1", article("p1", 0, mentions=[mention("p1", "京东", "COMPANY")])),
        page("p2", article("p2", 0, mentions=[mention("p2", "京东集团", "COMPANY"), mention("p2", "京东公司", "COMPANY")])),
    ]
    corpus = resolve(pages, NO_ALIASES)
    assert list(corpus.entities) == ["company/京东集团"]
    e = corpus.entities["company/京东集团"]
    assert e.aliases == ["京东", "京东公司"] and e.pages == ["p1", "p2"] and e.mentions == 3
    assert any("stripping generic company suffixes" in m.reason for m in corpus.merges)


@pytest.mark.parametrize(
    "labels,expected",
    [
        (["UNION", "UNION", "ORG"], "union/某某工会联合会"),  # majority
        (["ORG", "UNION"], "union/某某工会联合会"),  # tie: the more specific kind
        (["ORG", "ORG", "UNION"], "org/某某工会联合会"),
    ],
)
def test_resolve_type_conflict(labels, expected):
    mentions = [mention("p1", "某某工会联合会", label) for label in labels]
    corpus = resolve([page("p1", article("p1", 0, mentions=mentions))], NO_ALIASES)
    assert list(corpus.entities) == [expected]


def test_resolve_reporters_merge_by_byline_and_get_memberships():
    pages = [page(p, article(p, 0, reporters=[Reporter("任洁", "记者")])) for p in ("p1", "p2")]
    corpus = resolve(pages, NO_ALIASES)
    assert list(corpus.entities) == ["person/任洁"]
    [m] = corpus.memberships
    assert (m.person, m.org, m.title, len(m.evidence)) == ("person/任洁", None, "记者", 2)
    assert corpus.articles[0].authors == [("person/任洁", "记者")]


def test_resolve_shared_uncommon_body_corroborates():
    a1 = article("p1", 0, mentions=[mention("p1", "李明", "PERSON"), mention("p1", "某某科技有限公司", "COMPANY")])
    a2 = article("p2", 0, mentions=[mention("p2", "李明", "PERSON"), mention("p2", "某某科技有限公司", "COMPANY")])
    corpus = resolve([page("p1", a1), page("p2", a2)], NO_ALIASES)
    assert "person/李明-2" not in corpus.entities
    assert any(m.entity == "person/李明" and "co-mentioned with 某某科技有限公司" in m.reason for m in corpus.merges)


def test_resolve_memberships_dedup_and_drop_bodiless_duplicate():
    a1 = article("p1", 0, mentions=[mention("p1", "张良", "PERSON"), mention("p1", "北京市总工会", "UNION")],
                 roles=[role("p1", "张良", "北京市总工会", "副主席"), role("p1", "张良", "", "副主席")])
    a2 = article("p2", 0, roles=[role("p2", "张良", "北京市总工会", "副主席"), role("p2", "张良", "", "总书记")])
    corpus = resolve([page("p1", a1), page("p2", a2)], NO_ALIASES)
    got = [(m.person, m.org, m.title, len(m.evidence)) for m in corpus.memberships]
    assert got == [("person/张良", None, "总书记", 1), ("person/张良", "union/北京市总工会", "副主席", 2)]


def test_resolve_events_use_ids_and_leave_out_authors():
    e = EventRecord("会见", ["张良", "任洁", "道佩·阿伦", "张良"], ["北京市总工会"], "北京市总工会", "北京二七剧场", "4月23日",
                    ev("p1", 0, "会见"))
    a = article("p1", 0, mentions=[mention("p1", "北京市总工会", "UNION"), mention("p1", "昆明", "PLACE")],
                events=[e], reporters=[Reporter("任洁", "记者")])
    corpus = resolve([page("p1", a)], NO_ALIASES)
    [event] = corpus.events
    assert event.id == "p1#0/event0"
    assert event.attendees == ["person/张良", "person/道佩·阿伦"]
    assert event.organizer == "union/北京市总工会" and event.organizations == ["union/北京市总工会"]
    assert event.location is None  # a venue that is no entity
    assert "person/道佩·阿伦" in corpus.articles[0].mentions


def test_resolve_structure_dedup_and_federation_rule():
    s = StructureRecord("located_in", "丰台区总工会", "丰台区", "UNION", "PLACE", ev("p1", 0, "丰台区总工会"))
    a1 = article("p1", 0, mentions=[mention("p1", "丰台区总工会", "UNION")], structure=[s])
    a2 = article("p2", 0, mentions=[mention("p2", "北京市总工会", "UNION")], structure=[s])
    corpus = resolve([page("p1", a1), page("p2", a2)], NO_ALIASES)
    got = [(x.kind, x.child, x.parent, len(x.evidence)) for x in corpus.structure]
    assert got == [("located_in", "union/丰台区总工会", "place/丰台区", 1),
                   ("part_of", "union/丰台区总工会", "union/北京市总工会", 1)]


def test_resolve_is_deterministic():
    def build():
        a = article("p1", 0, mentions=[mention("p1", n, lab) for n, lab in
                                       [("张良", "PERSON"), ("京东", "COMPANY"), ("北京", "PLACE"), ("北京市", "PLACE"),
                                        ("京东集团", "COMPANY"), ("丰台区总工会", "UNION")]],
                    roles=[role("p1", "张良", "丰台区总工会", "主席")], reporters=[Reporter("任洁", "记者")])
        return resolve([page("p1", a), page("p2", article("p2", 0, reporters=[Reporter("任洁", "记者")]))], NO_ALIASES)

    one, two = build(), build()
    assert asdict(one) == asdict(two)
    assert list(one.entities) == sorted(one.entities)
    assert "place/北京市" in one.entities and "place/北京" not in one.entities


def test_resolve_company_unions_with_a_bracket_merge():
    pages = [page("p1", article("p1", 0, mentions=[mention("p1", "某某集团（上海）工会", "UNION"),
                                                   mention("p1", "某某（上海）工会", "UNION")]))]
    corpus = resolve(pages, NO_ALIASES)
    assert list(corpus.entities) == ["union/某某集团（上海）工会"]


def test_resolve_government_short_form_and_full_name_across_pages_are_one_body():
    a1 = article("p1", 0, mentions=[mention("p1", "某某市人力资源和社会保障局", "ORG"), mention("p1", "孙某", "PERSON")],
                 roles=[role("p1", "孙某", "某某市人力资源和社会保障局", "副局长", "ORG")])
    a2 = article("p2", 0, mentions=[mention("p2", "某某市人社局", "ORG"), mention("p2", "孙某", "PERSON"),
                                    mention("p2", "某某市总工会职工服务中心", "ORG")],
                 roles=[role("p2", "孙某", "某某市人社局", "副局长", "ORG")])
    corpus = resolve([page("p1", a1), page("p2", a2)], NO_ALIASES)
    orgs = sorted(k for k in corpus.entities if k.startswith("org/"))
    assert orgs == ["org/某某市人力资源和社会保障局", "org/某某市总工会职工服务中心"]
    assert "person/孙某-2" not in corpus.entities  # same body in a role once the bodies are one


@pytest.mark.parametrize(
    "short,full,expected",
    [("某某区卫健委", "某某区卫生健康委员会", True), ("某某市总工会", "某某市总工会职工服务中心", False),
     ("某某市交通局", "某某区交通运输局", False)],
)
def test_resolve_abbreviates(short, full, expected):
    from unionkg.graph.resolve.resolve import abbreviates

    assert abbreviates(short, full) is expected


def test_resolve_abbreviated_body_lookup_matches_pairwise_check():
    """The bisection shortcut finds exactly the full forms a pairwise scan would."""
    import bisect as _bisect

    from unionkg.graph.resolve.resolve import _PLACE_HEAD, abbreviates

    names = sorted(["甲乙市人社局", "甲乙市人力资源和社会保障局", "甲乙市人民医院", "甲乙市卫健委", "甲乙市卫生健康委员会",
                    "甲乙市人大常委会", "丙丁市人力资源和社会保障局", "甲乙区人社局", "甲乙区人力资源和社会保障局"])
    for short in names:
        pairwise = [full for full in names if full != short and abbreviates(short, full)]
        head = _PLACE_HEAD.match(short).group(0)
        prefix = short[: len(head) + 1]
        run = names[_bisect.bisect_left(names, prefix):_bisect.bisect_left(names, prefix + "\U0010ffff")]
        assert [full for full in run if full != short and abbreviates(short, full)] == pairwise
    assert abbreviates("甲乙市人社局", "甲乙市人力资源和社会保障局")
