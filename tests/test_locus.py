"""kg_locus: the place an article is about, and the short forms and titles resolved against it."""
from __future__ import annotations

import pytest

from unionkg.pipelines.nlp.locus import Locus
from unionkg.pipelines.nlp.pipeline import load_nlp
from unionkg.pipelines.settings import Settings


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(Settings())


@pytest.fixture(scope="module")
def nlp_home():
    return load_nlp(Settings(home_city="天津市"))


def names(doc, label=None):
    return [e._.name for e in doc.ents if label is None or e.label_ == label]


def page(nlp, *articles: str, page_id: str = "p1"):
    docs = []
    for text in articles:
        doc = nlp.make_doc(text)
        doc._.page_id = page_id
        docs.append(doc)
    for _, proc in nlp.pipeline:
        docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
    return docs


def test_locus_from_a_district_climbs_the_division_table(nlp):
    doc = nlp("昨天，涪城区举行职工运动会。市委书记王某某、市总工会主席李某某出席。")
    assert doc._.locus == Locus("四川省", "绵阳市", "涪城区", "article")
    assert "绵阳市委" in names(doc, "ORG")
    assert "绵阳市总工会" in names(doc, "UNION")


def test_locus_province_bodies_and_heads_of_government(nlp):
    doc = nlp("岳麓区召开会议。省委常委张某某，市长赵某某，区长孙某某出席会议。")
    assert (doc._.locus.province, doc._.locus.city, doc._.locus.district) == ("湖南省", "长沙市", "岳麓区")
    roles = {(r.person, r.org, r.title) for r in doc._.roles}
    assert ("赵某某", "长沙市人民政府", "市长") in roles
    assert ("孙某某", "岳麓区人民政府", "区长") in roles
    assert ("张某某", "湖南省委", "常委") in roles


def test_locus_dateline_names_the_place(nlp):
    doc = nlp("本报玄武讯 近日，区总工会召开全委会。")
    assert doc._.locus.district == "玄武区"
    assert "玄武区总工会" in names(doc, "UNION")


def test_locus_most_named_place_wins_over_a_passing_mention(nlp):
    doc = nlp("来自海淀区的客人参观了玄武区。玄武区总工会、玄武区人社局和南京市总工会组织活动。市委领导出席。")
    assert doc._.locus.city == "南京市"
    assert "南京市委" in names(doc, "ORG")


def test_locus_page_fills_an_article_that_names_no_place(nlp):
    first, second = page(nlp, "涪城区总工会召开会议。", "市总工会主席李某某看望职工。")
    assert first._.locus.city == second._.locus.city == "绵阳市"
    assert second._.locus.source == "page"
    assert "绵阳市总工会" in names(second, "UNION")


def test_locus_nothing_named_keeps_the_short_form_as_printed(nlp):
    doc = nlp("市委书记王某某看望一线职工。")
    assert doc._.locus == Locus()
    assert "市委" in names(doc, "ORG")
    assert not any(n.endswith("市委") and n != "市委" for n in names(doc))


def test_locus_home_city_only_when_nothing_is_named(nlp_home):
    (bare,) = page(nlp_home, "市总工会主席李某某看望职工。", page_id="a")
    assert bare._.locus.source == "home"
    assert "天津市总工会" in names(bare, "UNION")
    (elsewhere,) = page(nlp_home, "涪城区召开会议，市总工会主席李某某出席。", page_id="b")
    assert "绵阳市总工会" in names(elsewhere, "UNION")


def test_locus_articles_of_different_pages_do_not_mix(nlp):
    docs = page(nlp, "涪城区总工会召开会议。", page_id="x") + page(nlp, "市总工会主席李某某看望职工。", page_id="y")
    assert docs[1]._.locus == Locus()


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("省委组织部部长甲某某出席。", "省委组织部"),
        ("市民政局、市市场监管局联合发文。", "市民政局"),
        ("市民政局、市市场监管局联合发文。", "市市场监管局"),
        ("自治区信访局局长乙某某。", "自治区信访局"),
        ("区人大常委会副主任丙某某。", "区人大常委会"),
        ("中共某某县委宣传部召开会议。", "县委宣传部"),  # 某某县 is no division: the bare level still is
    ],
)
def test_public_bodies_grammar_finds_bodies_with_a_bare_level(nlp, text, body):
    from unionkg.pipelines.nlp.public_bodies import PUBLIC_BODIES_GROUP

    doc = nlp(text)
    found = [doc.text[s.start_char:s.end_char] for s in doc.spans[PUBLIC_BODIES_GROUP]]
    assert (body in found) if body else not found


def test_public_bodies_resolve_against_the_locus(nlp):
    doc = nlp("涪城区召开会议。市委统战部、市人大常委会、区发改局负责同志和市政协副主席甲某某出席。")
    org = names(doc, "ORG")
    assert {"绵阳市委统战部", "绵阳市人大常委会", "涪城区发改局", "绵阳市政协"} <= set(org)


def test_public_bodies_never_swallow_words_or_deputies(nlp):
    from unionkg.pipelines.nlp.public_bodies import PUBLIC_BODIES_GROUP

    doc = nlp("城市管理者和超市委托商家，市人大代表甲某某发言。")
    assert [doc.text[s.start_char:s.end_char] for s in doc.spans[PUBLIC_BODIES_GROUP]] == []


def test_coordinated_bodies_of_one_place_take_its_level(nlp):
    doc = nlp("涪城区召开会议。甲某某代表区委、政府、人大、政协一一发言。")
    assert {"涪城区委", "涪城区政府", "涪城区人大", "涪城区政协"} <= set(names(doc, "ORG"))


def test_one_ending_for_several_places_listed(nlp):
    doc = nlp("绵阳市召开会议。涪城区、游仙区、安州区总工会负责人参加。")
    assert {"涪城区总工会", "游仙区总工会", "安州区总工会"} <= set(names(doc, "UNION"))


def test_bodies_listed_after_a_street_body_are_the_streets(nlp):
    doc = nlp("华阳路街道党工委书记孙立新、总工会主席钱为民等走访慰问一线职工。")
    assert ("钱为民", "华阳路街道总工会", "主席") in {(r.person, r.org, r.title) for r in doc._.roles}


def test_two_bodies_run_together_over_he_are_split(nlp):
    doc = nlp("涪城区组织由新桥镇和区国土资源局组成的调查组。")
    assert "涪城区国土资源局" in names(doc, "ORG")
    assert "新桥镇" in names(doc, "PLACE")


def test_natural_places_listed_with_a_place(nlp):
    doc = nlp("凭卡可游玩玉泉山、百花山、妙峰山、珍珠湖景区。")
    assert {"玉泉山", "百花山", "妙峰山"} <= set(names(doc, "PLACE"))
