"""Identity of people across articles (unionkg.graph.resolve.people, .places) on invented records:
one node per name unless posts or places conflict, and every merge and split reported with its reason."""
from __future__ import annotations

from unionkg.graph.records import Mention, Reporter
from unionkg.graph.resolve.places import can_meet, head_places, loci_of
from unionkg.graph.resolve.resolve import resolve
from test_resolve import NO_ALIASES, article, mention, page, role


def person_ids(corpus, name: str) -> list[str]:
    return sorted(k for k in corpus.entities if k == f"person/{name}" or k.startswith(f"person/{name}-"))


def one_article_each(*specs):
    """(mentions, roles) per page p1, p2 …, one article a page."""
    pages = []
    for n, (mentions, roles) in enumerate(specs, start=1):
        p = f"p{n}"
        pages.append(page(p, article(p, 0, mentions=[mention(p, *m) for m in mentions],
                                     roles=[role(p, *r) for r in roles])))
    return pages


# -- places ----------------------------------------------------------------------------------
def test_head_places_reads_the_most_specific_place_at_a_name_head():
    assert [p.name for p in head_places("湖南省长沙市岳麓区总工会")] == ["岳麓区"]
    assert [p.name for p in head_places("长沙市人民政府")] == ["长沙市"]
    assert [p.name for p in head_places("长沙")] == ["长沙市"]  # a city's short form
    assert head_places("某某科技有限公司") == ()


def test_head_places_narrows_a_shared_district_name_to_the_place_before_it():
    both = head_places("朝阳区")
    assert len(both) == 2
    [one] = head_places("吉林省长春市朝阳区")
    assert one.code.startswith("2201")


def test_loci_meet_in_one_city_or_when_one_side_names_only_the_province():
    changsha, yuelu, chengdu = loci_of(["长沙市"]), loci_of(["岳麓区总工会"]), loci_of(["成都市"])
    assert can_meet(changsha, yuelu)
    assert can_meet(loci_of(["湖南省"]), yuelu)
    assert not can_meet(changsha, chengdu)
    assert not can_meet(loci_of(["株洲市"]), changsha)  # one province, two cities
    assert can_meet(frozenset(), chengdu)  # no place says nothing


# -- merging by default ----------------------------------------------------------------------
def test_same_name_merges_across_articles_when_nothing_conflicts():
    pages = one_article_each(
        ([("柯立文", "PERSON"), ("长沙市", "PLACE")], [("柯立文", "岳麓区总工会", "主席")]),
        ([("柯立文", "PERSON"), ("某某科技有限公司", "COMPANY")], []),
        ([("柯立文", "PERSON"), ("长沙市总工会", "UNION")], [("柯立文", "长沙市总工会", "副主席")]),
    )
    corpus = resolve(pages, NO_ALIASES)
    assert person_ids(corpus, "柯立文") == ["person/柯立文"]
    assert corpus.entities["person/柯立文"].articles == ["p1#0", "p2#0", "p3#0"]
    [merge] = [m for m in corpus.merges if m.entity == "person/柯立文"]
    assert "same name in 3 articles" in merge.reason and "no conflicting post or place" in merge.reason
    assert corpus.homonyms == []


def test_related_businesses_do_not_conflict():
    pages = one_article_each(([("严守中", "PERSON")], [("严守中", "某甲科技有限公司", "董事长", "COMPANY")]),
                             ([("严守中", "PERSON")], [("严守中", "某甲科技有限公司长沙分公司", "董事长", "COMPANY")]))
    assert person_ids(resolve(pages, NO_ALIASES), "严守中") == ["person/严守中"]


# -- splitting on conflicts ------------------------------------------------------------------
def test_same_title_at_two_places_of_one_level_splits():
    pages = one_article_each(
        ([("方志远", "PERSON")], [("方志远", "岳麓区人民政府", "区长", "ORG")]),
        ([("方志远", "PERSON")], [("方志远", "芙蓉区人民政府", "区长", "ORG")]),
        ([("方志远", "PERSON")], [("方志远", "岳麓区政府", "区长", "ORG")]),  # the first one again
    )
    corpus = resolve(pages, NO_ALIASES)
    assert person_ids(corpus, "方志远") == ["person/方志远", "person/方志远-2"]
    assert corpus.entities["person/方志远"].articles == ["p1#0", "p3#0"]
    assert corpus.entities["person/方志远-2"].articles == ["p2#0"]
    [note] = corpus.homonyms
    assert note.startswith("方志远: 2 people kept apart") and "incompatible posts: 区长" in note


def test_same_title_at_two_levels_is_no_conflict():
    pages = one_article_each(([("方志远", "PERSON")], [("方志远", "岳麓区总工会", "主席")]),
                             ([("方志远", "PERSON")], [("方志远", "长沙市总工会", "主席")]))
    assert person_ids(resolve(pages, NO_ALIASES), "方志远") == ["person/方志远"]


def test_same_title_at_unrelated_businesses_splits():
    pages = one_article_each(([("严守中", "PERSON")], [("严守中", "某甲科技有限公司", "董事长", "COMPANY")]),
                             ([("严守中", "PERSON")], [("严守中", "某乙食品有限公司", "董事长", "COMPANY")]))
    corpus = resolve(pages, NO_ALIASES)
    assert person_ids(corpus, "严守中") == ["person/严守中", "person/严守中-2"]
    assert "unrelated businesses" in corpus.homonyms[0]


def test_places_that_cannot_meet_split():
    pages = one_article_each(([("钱卫东", "PERSON"), ("长沙市", "PLACE")], []),
                             ([("钱卫东", "PERSON"), ("成都市", "PLACE")], []),
                             ([("钱卫东", "PERSON"), ("岳麓区", "PLACE")], []))
    corpus = resolve(pages, NO_ALIASES)
    assert corpus.entities["person/钱卫东"].articles == ["p1#0", "p3#0"]
    assert corpus.entities["person/钱卫东-2"].articles == ["p2#0"]
    assert "places that cannot meet: 湖南省/长沙市 | 四川省/成都市" in corpus.homonyms[0]


def test_one_shared_place_is_enough_for_someone_seen_in_many_places():
    # Joined by a cited leader's words in two provinces, then met in a third article in one of them:
    # the person's places are those of all his articles, and one of them meets the third's.
    def cited(p: str, place: str) -> list[Mention]:
        sentence = f"{place}要深入贯彻赵某某同志关于工会工作的重要论述。"
        return [Mention("赵某某", "PERSON", 0, 3, 0, 3, "赵某某", sentence), mention(p, place, "PLACE")]

    pages = [page(p, article(p, 0, mentions=cited(p, place))) for p, place in (("p1", "长沙市"), ("p2", "成都市"))]
    pages.append(page("p3", article("p3", 0, mentions=[mention("p3", "赵某某", "PERSON"), mention("p3", "岳麓区", "PLACE")])))
    pages.append(page("p4", article("p4", 0, mentions=[mention("p4", "赵某某", "PERSON"), mention("p4", "昆明市", "PLACE")])))
    corpus = resolve(pages, NO_ALIASES)
    assert corpus.entities["person/赵某某"].articles == ["p1#0", "p2#0", "p3#0"]
    assert corpus.entities["person/赵某某-2"].articles == ["p4#0"]
    assert "places that cannot meet: 湖南省/长沙市, 四川省/成都市 | 云南省/昆明市" in corpus.homonyms[0]


def test_an_article_without_places_takes_its_pages_places():
    p2 = page("p2", article("p2", 0, mentions=[mention("p2", "成都市", "PLACE")]),
              article("p2", 1, mentions=[mention("p2", "钱卫东", "PERSON")]))
    p1 = page("p1", article("p1", 0, mentions=[mention("p1", "钱卫东", "PERSON"), mention("p1", "长沙市", "PLACE")]))
    corpus = resolve([p1, p2], NO_ALIASES)
    assert person_ids(corpus, "钱卫东") == ["person/钱卫东", "person/钱卫东-2"]


def test_a_mention_with_nothing_to_tell_joins_the_only_person():
    pages = one_article_each(([("钱卫东", "PERSON"), ("长沙市", "PLACE")], []), ([("钱卫东", "PERSON")], []))
    assert person_ids(resolve(pages, NO_ALIASES), "钱卫东") == ["person/钱卫东"]


def test_a_mention_with_nothing_to_tell_among_several_people_stays_apart():
    pages = one_article_each(([("钱卫东", "PERSON"), ("长沙市", "PLACE")], []),
                             ([("钱卫东", "PERSON"), ("成都市", "PLACE")], []),
                             ([("钱卫东", "PERSON")], []),
                             ([("钱卫东", "PERSON")], []))
    corpus = resolve(pages, NO_ALIASES)
    assert corpus.entities["person/钱卫东-3"].articles == ["p3#0", "p4#0"]
    assert "person/钱卫东-3 (p3#0,p4#0): no place or post tells which of the others" in corpus.homonyms[0]


# -- corroboration beats places --------------------------------------------------------------
def test_a_reporter_is_one_person_wherever_the_stories_are():
    pages = []
    for p, place in (("p1", "长沙市"), ("p2", "成都市")):
        pages.append(page(p, article(p, 0, mentions=[mention(p, place, "PLACE"), mention(p, "贺云龙", "PERSON")],
                                     reporters=[Reporter("贺云龙", "记者")])))
    corpus = resolve(pages, NO_ALIASES)
    assert person_ids(corpus, "贺云龙") == ["person/贺云龙"]


def test_a_cited_leader_is_one_person_wherever_cited():
    def cited(p: str, place: str) -> list[Mention]:
        sentence = f"{place}要深入贯彻赵某某同志关于工会工作的重要论述。"
        return [Mention("赵某某", "PERSON", 0, 3, 0, 3, "赵某某", sentence), mention(p, place, "PLACE")]

    corpus = resolve([page(p, article(p, 0, mentions=cited(p, place))) for p, place in (("p1", "长沙市"), ("p2", "成都市"))],
                     NO_ALIASES)
    assert person_ids(corpus, "赵某某") == ["person/赵某某"]
    assert any("cited as a leader" in m.reason for m in corpus.merges)


def test_a_shared_body_does_not_override_incompatible_posts():
    pages = one_article_each(
        ([("方志远", "PERSON"), ("某某科技有限公司", "COMPANY")], [("方志远", "岳麓区人民政府", "区长", "ORG")]),
        ([("方志远", "PERSON"), ("某某科技有限公司", "COMPANY")], [("方志远", "芙蓉区人民政府", "区长", "ORG")]),
    )
    assert person_ids(resolve(pages, NO_ALIASES), "方志远") == ["person/方志远", "person/方志远-2"]


# -- only what is printed places a person ----------------------------------------------------
def test_a_body_completed_from_context_is_no_post_to_conflict_with():
    from unionkg.graph.records import RoleRecord
    from test_resolve import ev

    inferred = RoleRecord("方志远", "芙蓉区人民政府", "区长", ev("p2", 0, "区长方志远"), "ORG")  # printed: 区长 alone
    pages = one_article_each(([("方志远", "PERSON")], [("方志远", "岳麓区人民政府", "区长", "ORG")]))
    pages.append(page("p2", article("p2", 0, mentions=[mention("p2", "方志远", "PERSON")], roles=[inferred])))
    assert person_ids(resolve(pages, NO_ALIASES), "方志远") == ["person/方志远"]


def test_a_province_alone_does_not_place_an_article():
    # a congress in the capital, a delegation to a province: named for many reasons
    pages = one_article_each(([("钱卫东", "PERSON"), ("湖南省", "PLACE")], []),
                             ([("钱卫东", "PERSON"), ("成都市", "PLACE")], []))
    assert person_ids(resolve(pages, NO_ALIASES), "钱卫东") == ["person/钱卫东"]


def test_a_short_form_completed_to_another_place_does_not_place_an_article():
    # 市委 completed to some city's name by the pipeline: the printed 市委 names no place
    pages = one_article_each(([("钱卫东", "PERSON"), ("长沙市", "PLACE")], []), ([], []))
    pages[1].articles[0].mentions = [mention("p2", "钱卫东", "PERSON"), mention("p2", "市委", "ORG", name="成都市委")]
    assert person_ids(resolve(pages, NO_ALIASES), "钱卫东") == ["person/钱卫东"]


def test_where_meets_exactly_when_the_loci_can_meet():
    import random

    from unionkg.graph.resolve.places import Where

    rng = random.Random(7)
    pool = [("43", ""), ("43", "4301"), ("43", "4302"), ("51", ""), ("51", "5101"), ("11", "1101")]
    for _ in range(2000):
        a = frozenset(rng.sample(pool, rng.randint(0, 3)))
        b = frozenset(rng.sample(pool, rng.randint(0, 3)))
        assert Where.of(a).meets(Where.of(b)) == can_meet(a, b), (a, b)


def test_a_title_without_a_body_is_no_proof_against_places():
    pages = one_article_each(([("方志远", "PERSON"), ("长沙市", "PLACE")], [("方志远", "", "县长")]),
                             ([("方志远", "PERSON"), ("成都市", "PLACE")], [("方志远", "", "县长")]))
    assert person_ids(resolve(pages, NO_ALIASES), "方志远") == ["person/方志远", "person/方志远-2"]


def test_build_splits_and_merges_a_name_across_pages(tmp_path):
    """Through the whole pipeline: 区长 of two districts are two people; a visit in the first district
    with no post is the first one; merges.tsv says why for both."""
    from unionkg.pipelines.run.build import run_build

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("岳麓区举办职工技能比赛\n\n本报讯 4月3日，长沙市岳麓区职工技能比赛开幕。"
                                 "岳麓区人民政府区长柯立文出席开幕式并讲话。\n", "utf-8")
    (pages / "b.txt").write_text("锦江区召开工会工作会议\n\n本报讯 5月8日，成都市锦江区召开工会工作会议。"
                                 "锦江区人民政府区长柯立文出席会议并讲话。\n", "utf-8")
    (pages / "c.txt").write_text("岳麓区慰问一线职工\n\n本报讯 6月1日，柯立文来到长沙市岳麓区一家企业，慰问一线职工。\n", "utf-8")
    run_build([pages], tmp_path / "out", workers=1)
    report = (tmp_path / "out" / "merges.tsv").read_text("utf-8")
    assert "person/柯立文\t柯立文\tsame name in 2 articles; joined by default" in report
    assert "person/柯立文-2 (b#0): incompatible posts: 区长 at 岳麓区人民政府 and at 锦江区人民政府" in report
