"""kg_shortforms: fullest names in context, on hand-tagged docs (LAC's words given)."""
from __future__ import annotations

import pytest
import spacy

from unionkg.pipelines.nlp import entity_rules, locus, public_bodies, shortforms  # noqa: F401  (register the factories)
from unionkg.pipelines.nlp.ner import CharTokenizer


def make_nlp(home_city: str):
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    nlp.add_pipe("kg_entity_rules")
    nlp.add_pipe("kg_public_bodies")
    nlp.add_pipe("kg_locus", config={"home_city": home_city})
    nlp.add_pipe("kg_shortforms", config={"home_city": home_city})
    return nlp


@pytest.fixture(scope="module")
def nlp():
    return make_nlp("北京市")


def run(nlp, tagged_text: str):
    """``"词/tag 词/tag"`` -> the doc after both components (``_`` is a space, ``|`` a line break)."""
    words, pos = [], 0
    for item in tagged_text.split(" "):
        word, tag = item.rsplit("/", 1)
        word = word.replace("_", " ").replace("|", "\n")
        words.append((word, tag, pos, pos + len(word)))
        pos += len(word)
    doc = nlp.make_doc("".join(w for w, *_ in words))
    doc._.lac = words
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def names(doc):
    return [(e.text, e._.name) for e in doc.ents]


def test_shortforms_home_city_bodies(nlp):
    doc = run(nlp, "市总工会/ORG 高度/d 重视/v ，/w 市规划委/ORG 参加/v")
    assert names(doc) == [("市总工会", "北京市总工会"), ("市规划委", "北京市规划委")]


def test_shortforms_home_city_follows_settings():
    doc = run(make_nlp("天津市"), "市总工会/ORG 高度/d 重视/v")
    assert names(doc) == [("市总工会", "天津市总工会")]


def test_shortforms_district_of_the_article(nlp):
    doc = run(nlp, "丰台区总工会/ORG 召开/v 会议/n 。/w 区人社局/ORG 、/w 区总工会/ORG 主席/n 王某/PER 参加/v 。/w")
    assert names(doc) == [
        ("丰台区总工会", "丰台区总工会"), ("区人社局", "丰台区人社局"), ("区总工会", "丰台区总工会"), ("王某", "王某"),
    ]


def test_shortforms_headline_short_district(nlp):
    doc = run(nlp, "延庆/LOC 某某街道总工会/ORG 探索/v |/w 记者/n 从/p 延庆区某某街道总工会/ORG 了解到/v")
    assert names(doc)[0] == ("延庆某某街道总工会", "延庆区某某街道总工会")


def test_shortforms_town_named_like_its_district_is_not_expanded(nlp):
    doc = run(nlp, "怀柔区总工会/ORG 通知/v ，/w 怀柔镇总工会/ORG 开展/v")
    assert names(doc)[1] == ("怀柔镇总工会", "怀柔区怀柔镇总工会")


def test_shortforms_referring_and_bare_names_take_the_one_named_before(nlp):
    doc = run(
        nlp,
        "东城区某某路街道总工会/ORG 召开/v 会议/n ，/w 该/r 街道总工会/ORG 及/c 某某集团/ORG 工会/n 参加/v 。/w "
        "街道总工会/ORG 将/d 继续/vd 。/w 该/r 集团/n 工会/n 表示/v",
    )
    assert names(doc) == [
        ("东城区某某路街道总工会", "东城区某某路街道总工会"),
        ("该街道总工会", "东城区某某路街道总工会"),
        ("某某集团工会", "某某集团工会"),
        ("街道总工会", "东城区某某路街道总工会"),
        ("该集团工会", "某某集团工会"),
    ]


def test_shortforms_unresolved_generic_names_are_dropped(nlp):
    doc = run(nlp, "该/r 街道总工会/ORG 探索/v ，/w 全国/n 工会/n 书屋/n")
    assert names(doc) == []


def test_shortforms_national_federation(nlp):
    doc = run(nlp, "全国总工会/ORG 到/v 东城区/LOC 调研/v ，/w 全总文/ORG 工团/n 演出/v")
    assert names(doc) == [("全国总工会", "中华全国总工会"), ("东城区", "东城区"), ("全总文工团", "中华全国总工会文工团")]


def test_shortforms_declared_alias(nlp):
    doc = run(
        nlp,
        "某某经济技术开发区/LOC （/w 以下/f 简称/v “/w 某开区/LOC ”/w ）/w 举办/v 。/w "
        "某开区税务局/ORG 与/c 某开区总工会/ORG 联合/vd 举办/v",
    )
    assert doc._.aliases == [("某开区", "某某经济技术开发区")]
    assert names(doc)[-2:] == [("某开区税务局", "某某经济技术开发区税务局"), ("某开区总工会", "某某经济技术开发区总工会")]


def test_shortforms_declared_alias_split_by_lac_is_found(nlp):
    doc = run(
        nlp,
        "某某建设集团有限公司/ORG （/w 以下/f 简称/v “/w 某建/n 集团/n ”/w ）/w 参加/v 。/w "
        "某建/n 集团/n 工会/n 主席/n 王某/PER 介绍/v 。/w 某建/n 集团/n 工会/n 组织/v 培训/vn",
    )
    found = names(doc)
    assert ("某建集团", "某某建设集团有限公司") in found[1:]
    assert found[-1] == ("某建集团工会", "某某建设集团有限公司工会")
    assert doc.ents[-1].label_ == "UNION"


def test_shortforms_company_union_title_takes_the_company_named_before(nlp):
    doc = run(nlp, "在/p 某某科技有限公司/ORG ，/w 该/r 公司/n 工会/n 主席/n 王某/PER 介绍/v")
    assert names(doc)[1] == ("该公司", "某某科技有限公司")
    doc = run(nlp, "某某建设集团某某分公司工会/ORG 开展/v 活动/vn 。/w 该/r 公司/n 工会/n 副主席/n 李某/PER 说/v")
    assert names(doc)[1] == ("该公司", "某某建设集团某某分公司")
    assert doc.ents[1].label_ == "COMPANY"


def test_shortforms_department_in_a_party_committee_title_chain(nlp):
    doc = run(nlp, "石景山区委/ORG 常委/n 、/w 统战部/ORG 部长/n 刘某/PER 调研/v 。/w 统战部/ORG 召开/v 会议/n")
    found = names(doc)
    assert ("统战部", "石景山区委统战部") in found
    assert found[-1] == ("统战部", "统战部")  # not in a title chain: left as printed


def test_shortforms_town_bodies_take_the_district_the_town_was_named_with(nlp):
    doc = run(nlp, "密云区某某镇总工会/ORG 召开/v 大会/n 。/w 某某镇党委/ORG 副书记/n 郑某/PER 出席/v 。/w 镇总工会/ORG 负责人/n 介绍/v")
    found = dict(names(doc))
    assert found["某某镇党委"] == "密云区某某镇党委"
    assert found["镇总工会"] == "密云区某某镇总工会"


def test_shortforms_generic_short_form_takes_the_fullest_printed_name(nlp):
    doc = run(nlp, "河北省保定市阜平县总工会/ORG 举办/v 招聘会/n 。/w 县总工会/ORG 主席/n 张某/PER 介绍/v")
    assert names(doc)[-2] == ("县总工会", "河北省保定市阜平县总工会")


def test_shortforms_street_union_without_district_gets_the_articles_district(nlp):
    doc = run(nlp, "延庆区/LOC 某某街道总工会/ORG 开展/v 。/w 某某街道总工会/ORG 多次/m 走进/v 企业/n")
    assert names(doc)[-1] == ("某某街道总工会", "延庆区某某街道总工会")


def test_shortforms_union_for_federation_of_same_street(nlp):
    doc = run(nlp, "某某路街道/LOC 工会/n 沟通会/n |/w 东城区某某路街道总工会/ORG 召开/v")
    assert names(doc)[0] == ("某某路街道工会", "东城区某某路街道总工会")


def test_shortforms_business_short_form_printed_in_full(nlp):
    doc = run(nlp, "中国某路北京局集团有限公司/ORG 承办/v 。/w 中国某路北京局/ORG 职工/n 参加/v")
    assert names(doc)[1] == ("中国某路北京局", "中国某路北京局集团有限公司")
    assert doc.ents[1].label_ == "COMPANY"


def test_shortforms_district_short_place(nlp):
    doc = run(nlp, "赴/v 丰台/LOC 调研/v")
    assert names(doc) == [("丰台", "丰台区")]


def test_shortforms_city_of_the_article_overrides_home_city(nlp):
    doc = run(nlp, "某某市/LOC 总工会/n 召开/v 会议/n 。/w 市总工会/ORG 主席/n 王某/PER 讲话/v")
    assert names(doc)[1] == ("市总工会", "北京市总工会")  # 某某市 is no division: the home city stays
    doc = run(nlp, "上海市总工会/ORG 召开/v 会议/n 。/w 市总工会/ORG 主席/n 王某/PER 讲话/v")
    assert names(doc)[1] == ("市总工会", "上海市总工会")


def test_shortforms_home_city_named_in_the_article_wins(nlp):
    # a visit from another city hosted by the home city's federation: 市总工会 is the host
    doc = run(nlp, "上海市总工会/ORG 代表团/n 来京/v 。/w 北京市总工会/ORG 会见/v ，/w 市总工会/ORG 主席/n 王某/PER 陪同/v")
    assert names(doc)[2] == ("市总工会", "北京市总工会")


def test_shortforms_business_abbreviation_printed_in_full(nlp):
    doc = run(nlp, "吸引/v 了/u 某庄控股/ORG 参与/v 。/w 北京某庄投资控股有限公司/ORG 的/u 王某/PER 获奖/v")
    assert names(doc)[0] == ("某庄控股", "北京某庄投资控股有限公司")
    doc = run(nlp, "吸引/v 了/u 某庄控股/ORG 参与/v 。/w 北京其他投资控股有限公司/ORG 获奖/v")
    assert names(doc)[0] == ("某庄控股", "某庄控股")


@pytest.mark.parametrize(
    "lac, expected",
    [
        # the usual short form of a bureau printed in full in the same article
        ("海淀区/LOC 水务管理局/n 召开/v 会议/n 。/w 海淀区水务局/ORG 负责人/n 参加/v",
         [("海淀区水务管理局", "海淀区水务管理局"), ("海淀区水务局", "海淀区水务管理局")]),
        # another place's body is not an abbreviation of it
        ("西城区/LOC 水务管理局/n 召开/v 会议/n 。/w 东城区水务局/ORG 负责人/n 参加/v",
         [("西城区水务管理局", "西城区水务管理局"), ("东城区水务局", "东城区水务局")]),
        # a body whose first character differs is another body (海淀区税务局 / 海淀区开发税务局)
        ("海淀区/LOC 开发税务局/n 召开/v 会议/n 。/w 海淀区税务局/ORG 负责人/n 参加/v",
         [("海淀区开发税务局", "海淀区开发税务局"), ("海淀区税务局", "海淀区税务局")]),
    ],
)
def test_shortforms_government_short_form_printed_in_full(nlp, lac, expected):
    assert names(run(nlp, lac)) == expected


def test_shortforms_town_body_takes_the_town_named_before(nlp):
    doc = run(nlp, "顺义区某和镇总工会/ORG 走进/v 企业/n 。/w 镇党委/ORG 副书记/n 王某/PER 参加/v 。/w")
    assert names(doc)[1] == ("镇党委", "顺义区某和镇党委")
    # no town named: the short form stays as printed; a city starting with 镇 is no town
    doc = run(nlp, "镇江市总工会/ORG 召开/v 会议/n 。/w 镇党委/ORG 副书记/n 王某/PER 参加/v 。/w")
    assert names(doc)[1] == ("镇党委", "镇党委")


def test_shortforms_party_committee_of_the_city_and_district(nlp):
    doc = run(nlp, "丰台区总工会/ORG 召开/v 会议/n 。/w 区委/n 常委/n 王某/PER 、/w 市委/n 常委/n 李某/PER 出席/v 。/w")
    assert [(t, n) for t, n in names(doc) if t.endswith("委")] == [("区委", "丰台区委"), ("市委", "北京市委")]


def test_shortforms_commission_short_form_printed_in_full(nlp):
    doc = run(nlp, "海淀区/LOC 卫生健康委员会/n 参加/v 。/w 海淀区卫健委/ORG 副主任/n 王某/PER 介绍/v 。/w")
    assert names(doc)[1] == ("海淀区卫健委", "海淀区卫生健康委员会")


def test_shortforms_government_short_form_with_its_full_form_twice(nlp):
    doc = run(nlp, "海淀区水务管理局/ORG 、/w 海淀区水务管理局/ORG 参加/v 。/w 海淀区水务局/ORG 负责人/n 介绍/v")
    assert names(doc)[2] == ("海淀区水务局", "海淀区水务管理局")


def test_shortforms_generic_town_office_takes_the_town_named_before(nlp):
    doc = run(nlp, "门头沟区某峰镇总工会联合镇司法所/ORG 开展/v 普法/vn 宣传/vn 。/w")
    assert names(doc) == [("门头沟区某峰镇总工会", "门头沟区某峰镇总工会"), ("镇司法所", "门头沟区某峰镇司法所")]


def test_shortforms_national_body_short_form_drops_guojia(nlp):
    doc = run(nlp, "国家某某安全监督管理总局/ORG 参加/v 。/w 某某安监总局/ORG 负责人/n 介绍/v")
    assert names(doc)[1] == ("某某安监总局", "国家某某安全监督管理总局")


def test_shortforms_province_body_short_form_takes_the_article_province(nlp):
    doc = run(nlp, "四川省总工会/ORG 与/p 四川省某某资源和社会保障厅/ORG 举办/v 比赛/n 。/w 省某保厅/ORG 副厅长/n 王某/PER 出席/v 。/w")
    assert names(doc)[2] == ("省某保厅", "四川省某某资源和社会保障厅")
    # no province named in the article: the short form stays as printed
    doc = run(nlp, "某某公司/ORG 举办/v 比赛/n 。/w 省某保厅/ORG 副厅长/n 王某/PER 出席/v 。/w")
    assert ("省某保厅", "省某保厅") in names(doc)


def test_shortforms_bare_group_takes_the_group_named_before(nlp):
    doc = run(nlp, "某某重工集团有限公司/ORG 召开/v 大会/n 。/w 集团/n 党委书记/n 、/w 董事长/n 王某/PER 讲话/v 。/w "
                   "集团/n 工会/n 将/d 开展/v 竞赛/vn 。/w")
    assert names(doc) == [
        ("某某重工集团有限公司", "某某重工集团有限公司"), ("集团", "某某重工集团有限公司"), ("王某", "王某"),
        ("集团工会", "某某重工集团有限公司工会"),
    ]


def test_shortforms_bare_company_union_without_a_business_before_is_dropped(nlp):
    doc = run(nlp, "今年/TIME 公司/n 工会/n 将/d 开展/v 竞赛/vn 。/w")
    assert names(doc) == []


def test_shortforms_part_of_a_dotted_name_is_that_person(nlp):
    doc = run(nlp, "主席/n 斯捷潘·科尔尼洛夫/PER 访问/v 。/w 科尔尼洛夫/PER 表示/v")
    assert names(doc) == [("斯捷潘·科尔尼洛夫", "斯捷潘·科尔尼洛夫"), ("科尔尼洛夫", "斯捷潘·科尔尼洛夫")]
    # two people share the part: left as printed
    doc = run(nlp, "斯捷潘·科尔尼洛夫/PER 和/c 伊万·科尔尼洛夫/PER 访问/v 。/w 科尔尼洛夫/PER 表示/v")
    assert names(doc)[-1] == ("科尔尼洛夫", "科尔尼洛夫")


def test_shortforms_numbered_branch_takes_the_branch_named_before(nlp):
    doc = run(nlp, "某某建设集团有限公司第三分公司/ORG 获奖/v 。/w 第三分/m 公司/n 总工程师/n 蒋某/PER 介绍/v ，/w "
                   "第三分/m 公司/n 工会/n 主席/n 龙某/PER 表示/v")
    full = "某某建设集团有限公司第三分公司"
    assert names(doc) == [(full, full), ("第三分公司", full), ("蒋某", "蒋某"), ("第三分公司", full), ("龙某", "龙某")]


def test_shortforms_bare_company_skips_the_parent_named_in_passing(nlp):
    doc = run(nlp, "某某路桥有限公司/ORG 是/v 某某兴业集团有限公司/ORG 的/u 全资/n 子公司/n 。/w "
                   "公司/n 工会/n 主席/n 汤某/PER 介绍/v")
    assert names(doc)[2] == ("公司", "某某路桥有限公司")


def test_shortforms_group_company_word_takes_the_group_named_before(nlp):
    doc = run(nlp, "某某热力集团股份有限公司/ORG 召开/v 大会/n 。/w 集团公司/n 党委书记/n 、/w 董事长/n 王某/PER 讲话/v 。/w "
                   "集团公司/n 工会/n 将/d 开展/v 竞赛/vn")
    full = "某某热力集团股份有限公司"
    assert names(doc) == [(full, full), ("集团公司", full), ("王某", "王某"), ("集团公司工会", full + "工会")]


def test_shortforms_part_of_a_name_with_another_dot(nlp):
    doc = run(nlp, "主席/n 斯捷潘・科尔尼洛夫/PER 访问/v 。/w 科尔尼洛夫/PER 表示/v")
    assert names(doc)[-1] == ("科尔尼洛夫", "斯捷潘・科尔尼洛夫")


def test_shortforms_home_district_venue_keeps_printed_name(nlp):
    doc = run(nlp, "在/p 丰台体育中心/ORG 闭幕/v 。/w 丰台交通支队/ORG 参加/v")
    assert names(doc) == [("丰台体育中心", "丰台体育中心"), ("丰台交通支队", "丰台区交通支队")]


def test_shortforms_district_at_head_depends_on_the_article_city():
    """The memo of "which district does this name start with" is per city: a short district name
    counts for the article's city only, so one page's article must not decide another page's."""
    from unionkg.pipelines.nlp.locus import Locus

    step = make_nlp("").get_pipe("kg_shortforms")
    step = getattr(step, "inner", step)
    here, elsewhere = "北京市", "长春市"
    assert step._local_districts(here).get("东城") == "东城区" and "东城" not in step._local_districts(elsewhere)
    answers = []
    for city in (here, elsewhere, here):
        step._locus = Locus(city=city)
        step.home_districts = step._local_districts(city)
        answers.append(step._district_at_head("东城某某中心"))
    assert answers == ["东城区", "", "东城区"]
