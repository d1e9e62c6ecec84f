"""kg_entity_rules on hand-tagged docs (LAC's words given, so the rules alone are tested)."""
from __future__ import annotations

import pytest
import spacy

from unionkg.pipelines.nlp.entity_rules import NESTED_PLACES_GROUP, SHORTFORM_GROUP
from unionkg.pipelines.nlp.ner import CharTokenizer


@pytest.fixture(scope="module")
def rules_nlp():
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    nlp.add_pipe("kg_entity_rules")
    return nlp


def tagged(nlp, tagged_text: str):
    """``"北京市总工会/ORG 党组/n"`` -> a doc of the joined words with ``Doc._.lac`` set (``_`` is a space)."""
    words, pos = [], 0
    for item in tagged_text.split(" "):
        word, tag = item.rsplit("/", 1)
        word = word.replace("_", " ")
        words.append((word, tag, pos, pos + len(word)))
        pos += len(word)
    doc = nlp.make_doc("".join(w for w, *_ in words))
    doc._.lac = words
    return nlp.get_pipe("kg_entity_rules")(doc)


def ents(doc):
    return [(e.text, e.label_) for e in doc.ents]


@pytest.mark.parametrize(
    "lac, expected",
    [
        # a place directly followed by a body is one name
        ("东城区/LOC 某某路街道总工会/ORG 召开/v 会议/n", [("东城区某某路街道总工会", "UNION")]),
        # a body followed by its department's generic noun, cut back to the last ending; titles stay out
        ("某某市总工会/ORG 职工服务中心/n 、/w 某某市总工会/ORG 党组/n 书记/n 王某某/PER",
         [("某某市总工会职工服务中心", "ORG"), ("某某市总工会", "UNION"), ("王某某", "PERSON")]),
        # LAC words tagged n just before an ending
        ("某某街道/ORG 总工会/n 开展/v", [("某某街道总工会", "UNION")]),
        # an ending split over two words
        ("某某区某某街道/ORG 总工/n 会/v 了解到/v", [("某某区某某街道总工会", "UNION")]),
        ("某某区/LOC 人大常委会/ORG 副主任/n", [("某某区人大常委会", "ORG")]),
        ("某某科技/ORG 股份有限公司/n 参赛/v", [("某某科技股份有限公司", "COMPANY")]),
        ("中某/ORG 三局/m 项目/n", [("中某三局", "COMPANY")]),
        ("某某医药/ORG 园/s 内/f", []),  # a venue
        # a body's ending glued to a title
        ("中共某某/ORG 市委书记/n 王某/PER 调研/v", [("中共某某市委", "ORG"), ("王某", "PERSON")]),
        # a title starting inside the run ends the name: 党委 + 副书记
        ("中某一局/ORG 党委/n 副书记/n 魏某/PER", [("中某一局", "COMPANY"), ("魏某", "PERSON")]),
        # LAC ran a body into the next word
        ("某某劳动联合会签署/ORG 备忘录/n", [("某某劳动联合会", "UNION")]),
    ],
)
def test_entity_rules_extend_organizations_over_their_ending(rules_nlp, lac, expected):
    assert ents(tagged(rules_nlp, lac)) == expected


def test_entity_rules_keep_parenthesized_parts(rules_nlp):
    doc = tagged(rules_nlp, "某某物流/ORG （/w 上海/LOC ）有限公司北京分公司/w 进行/v 走访/v")
    assert ents(doc) == [("某某物流（上海）有限公司北京分公司", "COMPANY")]
    doc = tagged(rules_nlp, "网某集团/ORG （/w 北京/LOC ）/w 工会/n 成立/v")
    assert ents(doc) == [("网某集团（北京）工会", "UNION")]


def test_entity_rules_trim_a_glued_function_character(rules_nlp):
    doc = tagged(rules_nlp, "某某街道总工会所/ORG 属/v 某某物业/ORG")
    assert ents(doc)[0] == ("某某街道总工会", "UNION")


def test_entity_rules_split_two_bodies_run_together(rules_nlp):
    doc = tagged(rules_nlp, "某某区总工会联合区交通运输局/ORG 聚焦/v")
    assert ents(doc) == [("某某区总工会", "UNION"), ("区交通运输局", "ORG")]
    doc = tagged(rules_nlp, "围绕/v 某某区委区政府/ORG 部署/vn")
    assert ents(doc) == [("某某区委", "ORG")]
    assert [s.text for s in doc.spans[SHORTFORM_GROUP]] == ["区政府"]


def test_entity_rules_split_a_body_stationed_at_another(rules_nlp):
    doc = tagged(rules_nlp, "某某市纪委监委驻市总工会/ORG 纪检/vn 监察/vn 组/n 组长/n")
    assert ("某某市纪委监委", "ORG") in ents(doc)


def test_entity_rules_split_place_compounds(rules_nlp):
    doc = tagged(rules_nlp, "在/p 云南昆明/LOC 举行/v")
    assert ents(doc) == [("云南", "PLACE"), ("昆明", "PLACE")]


def test_entity_rules_join_names_split_at_dot(rules_nlp):
    doc = tagged(rules_nlp, "此次/r 道某/PER ·/w 阿某/PER 主席/n 率/v 团/n")
    assert ents(doc) == [("道某·阿某", "PERSON")]


@pytest.mark.parametrize(
    "lac",
    [
        "两国/ORG 工会/n 组织/n",  # plural, no particular body
        "京/ORG 交流/vn",  # a stray single character
        "京港/LOC 两地/n 工会/n 干部/n",  # several places
        "核心竞争力/ORG 提升/v",  # an abstract noun LAC took for a name
        "在/p 某某会展中心/LOC 举办/v",  # a venue
        "绍/PER ，/w 某某镇总工会/ORG",  # a stray character tagged as a person
    ],
)
def test_entity_rules_drop_what_names_no_particular_entity(rules_nlp, lac):
    labels = [e.label_ for e in tagged(rules_nlp, lac).ents]
    assert "PERSON" not in labels and "COMPANY" not in labels and ("UNION" not in labels or "镇总工会" in lac)


def test_entity_rules_generic_names_wait_for_shortforms(rules_nlp):
    doc = tagged(rules_nlp, "该/r 街道总工会/ORG 探索/v 、/w 市总工会/ORG 重视/v")
    assert ents(doc) == []
    assert [(s.text, s.label_) for s in doc.spans[SHORTFORM_GROUP]] == [("该街道总工会", "UNION"), ("市总工会", "UNION")]


def test_entity_rules_place_with_plain_union_is_the_place(rules_nlp):
    doc = tagged(rules_nlp, "介绍/v 了/u 老挝/LOC 工会/n 的/u 情况/n")
    assert ents(doc) == [("老挝", "PLACE")]


def test_entity_rules_company_union_chair_keeps_the_company(rules_nlp):
    doc = tagged(rules_nlp, "某某工程技术有限公司/ORG 工会/n 主席/n 王某/PER 说/v")
    assert ents(doc) == [("某某工程技术有限公司", "COMPANY"), ("王某", "PERSON")]
    doc = tagged(rules_nlp, "某某集团有限公司/ORG 工会/n 制作/v")
    assert ents(doc) == [("某某集团有限公司工会", "UNION")]


def test_entity_rules_company_department_is_the_company(rules_nlp):
    doc = tagged(rules_nlp, "某某集团/ORG 税务/n 服务部/n 负责人/n")
    assert ents(doc) == [("某某集团", "COMPANY")]


def test_entity_rules_foreign_city_counts_where_its_country_is_named(rules_nlp):
    doc = tagged(rules_nlp, "老挝/LOC 和/c 北京/LOC 和/c 万象/n")
    assert ents(doc) == [("老挝", "PLACE"), ("北京", "PLACE"), ("万象", "PLACE")]
    doc = tagged(rules_nlp, "包罗/v 万象/n")
    assert ents(doc) == []


def test_entity_rules_byline_names_lac_missed(rules_nlp):
    doc = tagged(rules_nlp, "本报记者/n _/w 于/PER 佳/an _/w 摄/v")
    assert ents(doc) == [("于佳", "PERSON")]
    doc = tagged(rules_nlp, "（/w 记者/n _/w 崔某/PER _/w 通讯员/n _/w 石祎/n ）/w")
    assert ents(doc) == [("崔某", "PERSON"), ("石祎", "PERSON")]


def test_entity_rules_nested_district_places(rules_nlp):
    doc = tagged(rules_nlp, "西城区某某街道总工会/ORG 、/w 北京市海淀区某某中心/ORG")
    assert [s.text for s in doc.spans[NESTED_PLACES_GROUP]] == ["西城区", "海淀区"]


def test_entity_rules_places_need_an_administrative_name_or_a_natural_feature(rules_nlp):
    # a compound (某某南路2号院) is no place; a river standing alone is
    doc = tagged(rules_nlp, "参观/v 某马河/LOC 和/c 杨某园/LOC 社区/n 、/w 某某南路2号院/LOC")
    assert ents(doc) == [("某马河", "PLACE"), ("杨某园社区", "PLACE")]


def test_entity_rules_street_with_a_glued_sub_place_is_the_street(rules_nlp):
    doc = tagged(rules_nlp, "走访/v 了/u 某某门街道西院/LOC 快递/n 之/u 家/n")
    assert ents(doc) == [("某某门街道", "PLACE")]
    # a union ending begun in the LOC word is not a sub-place
    doc = tagged(rules_nlp, "某某区/LOC 某某街道某某社区联合/LOC 工会/n 开展/v")
    assert ents(doc) == [("某某区某某街道某某社区联合工会", "UNION")]


def test_entity_rules_subsidiary_name_ends_at_its_business_ending(rules_nlp):
    doc = tagged(rules_nlp, "在/p 中某三局/ORG 安装工程公司某某剧院/vn 改造/vn 项目/n")
    assert ents(doc) == [("中某三局安装工程公司", "COMPANY")]


def test_entity_rules_parenthesized_part_inside_a_name(rules_nlp):
    doc = tagged(rules_nlp, "邀请/v 某某市/LOC 冶金/n （/w 矿山/n ）/w 工会/n 主席/n 周某/PER 宣讲/v")
    assert ents(doc) == [("某某市冶金（矿山）工会", "UNION"), ("周某", "PERSON")]
    # a bracket after a word that does not end a name, with nothing name-like after it, stays out
    doc = tagged(rules_nlp, "某某市/LOC 冶金/n （/w 矿山/n ）/w 发展/v")
    assert ("某某市冶金（矿山）", "ORG") not in ents(doc)


def test_entity_rules_verbal_noun_with_an_ending_continues_a_name(rules_nlp):
    doc = tagged(rules_nlp, "和/c 国家某某/ORG 监测中心/vn 检验中心/vn （/w 总部/n ）/w 职工/n")
    assert ents(doc) == [("国家某某监测中心检验中心（总部）", "ORG")]


def test_entity_rules_school_name_goes_on_over_its_campus(rules_nlp):
    doc = tagged(rules_nlp, "某某市某某中学/ORG 东/n 校区/n 开展/v 活动/vn")
    assert ents(doc) == [("某某市某某中学东校区", "ORG")]
    doc = tagged(rules_nlp, "某某区/LOC 某某小区/n 开展/v")  # 小区 is no campus
    assert ("某某区某某小区", "ORG") not in ents(doc)


def test_entity_rules_inner_committee_alone_is_no_entity(rules_nlp):
    doc = tagged(rules_nlp, "党组/n 成员/n 、/w 经费审查/ORG 委员会/n 主任/n 司某/PER")
    assert ents(doc) == [("司某", "PERSON")]


def test_entity_rules_union_committee_for_a_place_is_a_union(rules_nlp):
    doc = tagged(rules_nlp, "中国某某工会某某市委员会/ORG 副主席/n 钱某/PER 出席/v")
    assert ents(doc) == [("中国某某工会某某市委员会", "UNION"), ("钱某", "PERSON")]
    doc = tagged(rules_nlp, "某某市规划委员会/ORG 参加/v")  # no union in the name
    assert ents(doc) == [("某某市规划委员会", "ORG")]


def test_entity_rules_adjectival_nouns_continue_a_name(rules_nlp):
    doc = tagged(rules_nlp, "某某市/LOC 卫生/an 健康/an 工会/n 负责人/n")
    assert ents(doc) == [("某某市卫生健康工会", "UNION")]


def test_entity_rules_connective_before_a_body_is_not_its_name(rules_nlp):
    doc = tagged(rules_nlp, "该/r 区总工会/ORG 还/d 联合/ORG 某某区民政局/ORG 开展/v 调研/vn")
    assert ("某某区民政局", "ORG") in ents(doc) and not any(t.startswith("联合") for t, _ in ents(doc))
    doc = tagged(rules_nlp, "携手某某区民政局/ORG 开展/v 调研/vn")
    assert ents(doc) == [("某某区民政局", "ORG")]


@pytest.mark.parametrize(
    "lac, expected",
    [
        # a foreign name in transliteration characters, with no Chinese family name
        ("总统/n 克林顿/PER 表示/v", [("克林顿", "PERSON")]),
        ("主席/n 奥尔洛夫/PER 一行/m", [("奥尔洛夫", "PERSON")]),  # Slavic -洛夫
        # a word LAC tags PER that is neither a Chinese name nor a transliteration
        ("踔厉/PER 奋发/v", []),
        # a title inside the word: a phrase, not a name
        ("在/p 毛主席身边/PER", []),
        # places outside the lexicons that LAC knows: continents, foreign cities
        ("亚洲/LOC 和/c 非洲/LOC", [("亚洲", "PLACE"), ("非洲", "PLACE")]),
        ("抵达/v 耶路撒冷/LOC", [("耶路撒冷", "PLACE")]),
        # rivers, lakes and mountains standing alone are places; venues are not
        ("治理/v 某某河/LOC", [("某某河", "PLACE")]),
        ("游览/v 甲乙山/LOC 、/w 丙丁湖/LOC", [("甲乙山", "PLACE"), ("丙丁湖", "PLACE")]),
        ("在/p 某某广场/LOC 举行/v", []),
        # ... but not where they head a zone's or a venue's name
        ("参观/v 某某河/LOC 环境/n 治理/vn 示范/vn 区/n", []),
        ("在/p 某某江/LOC 世纪城/n 举行/v", []),
        ("某某河/LOC 流域/n 治理/v", [("某某河", "PLACE")]),
        # a regional prefix (the west of a province) before a mountain is not part of its name
        ("游览/v 京西某某山/LOC", [("某某山", "PLACE")]),
        # a place at the head of a venue's name still counts, the venue does not
        ("在/p 北京/LOC 某某剧院/LOC 首演/v", [("北京", "PLACE")]),
        # the area of a known place is that place; a division named X地区 stays whole
        ("东南亚地区/LOC 的/u 局势/n", [("东南亚", "PLACE")]),
        ("昆明/LOC 地区/n 高校/n", [("昆明", "PLACE")]),
        # businesses of a country are no particular business
        ("一百多家/m 美国/LOC 公司/n 参展/v", [("美国", "PLACE")]),
        # world regions and former states by their bare names
        ("中东/LOC 和/c 西非/LOC 局势/n", [("中东", "PLACE"), ("西非", "PLACE")]),
        ("原/b 苏联/LOC 时期/n", [("苏联", "PLACE")]),
        # the one national body of its kind is not a short form to resolve
        ("全国人大常委会/ORG 副委员长/n", [("全国人大常委会", "ORG")]),
    ],
)
def test_entity_rules_generalize_beyond_the_paper(rules_nlp, lac, expected):
    assert ents(tagged(rules_nlp, lac)) == expected


def test_entity_rules_lone_level_character_is_no_place(rules_nlp):
    doc = tagged(rules_nlp, "会议/n ，/w 镇/ORG 党委/n 书记/n 李某/PER 出席/v")
    assert ents(doc) == [("李某", "PERSON")]


def test_entity_rules_body_named_by_its_phone_number(rules_nlp):
    doc = tagged(rules_nlp, "到访/v 12351/m 职工/n 服务/v 热线/n 中心/n 、/w 了解/v")
    assert ents(doc) == [("12351职工服务热线中心", "ORG")]
    doc = tagged(rules_nlp, "拨打/v 12351/m 热线/n 咨询/v")  # a hotline, no body
    assert ents(doc) == []
    doc = tagged(rules_nlp, "共有/v 2000/m 名/q 职工/n 参加/v")  # a count
    assert ents(doc) == []


def test_entity_rules_news_agency_is_an_organization(rules_nlp):
    doc = tagged(rules_nlp, "某华社/ORG 北京/LOC 4月/TIME 电/n")
    assert ents(doc)[0] == ("某华社", "ORG")
    doc = tagged(rules_nlp, "某某国际旅行社/ORG 组织/v")
    assert ents(doc) == [("某某国际旅行社", "COMPANY")]


def test_entity_rules_brand_of_an_online_product_is_no_business(rules_nlp):
    doc = tagged(rules_nlp, "职工/n 以/p 某讯/ORG 会议/n 方式/n 参加/v 。/w")
    assert ents(doc) == []
    doc = tagged(rules_nlp, "某讯/ORG 、/w 某东/ORG 等/u 企业/n 参加/v 。/w")
    assert ents(doc) == [("某讯", "COMPANY"), ("某东", "COMPANY")]


def test_entity_rules_name_lac_took_for_a_word_after_a_title(rules_nlp):
    doc = tagged(rules_nlp, "区总工会/ORG 主席/n 高峰/n 出席/v 会议/n")
    assert ("高峰", "PERSON") in ents(doc)
    for lac in ("某某协会/ORG 理事长/n 单位/n 参加/v", "劳模/n 宣讲员/n 走进/v 校园/n", "书记/n 高度/d 重视/v"):
        assert "PERSON" not in [e.label_ for e in tagged(rules_nlp, lac).ents], lac


def test_entity_rules_party_committee_short_form_waits_for_shortforms(rules_nlp):
    doc = tagged(rules_nlp, "市委/n 常委/n 、/w 副市长/n 王某/PER")
    assert [(s.text, s.label_) for s in doc.spans[SHORTFORM_GROUP]] == [("市委", "ORG")]
    doc = tagged(rules_nlp, "区委常委/n 、/w 副区长/n 王某/PER")
    assert [s.text for s in doc.spans[SHORTFORM_GROUP]] == ["区委"]


def test_entity_rules_central_and_state_organs_are_one_name(rules_nlp):
    doc = tagged(rules_nlp, "中央/n 和/c 国家机关工委/ORG 副书记/n 王某/PER")
    assert ents(doc) == [("中央和国家机关工委", "ORG"), ("王某", "PERSON")]
    doc = tagged(rules_nlp, "中央/n 和/c 地方/n 各级/r 工会/n")  # 和 joining two things
    assert ents(doc) == []


def test_entity_rules_province_abbreviations_together_are_no_place(rules_nlp):
    doc = tagged(rules_nlp, "促进/v 京港澳/LOC 交流/vn")
    assert ents(doc) == []


def test_entity_rules_union_run_into_another_body_is_no_business(rules_nlp):
    # LAC ran a union and a town office together: the union is kept, no business is made up
    doc = tagged(rules_nlp, "某某区某某镇总工会联合镇司法所/ORG 开展/v 活动/n")
    assert ("某某区某某镇总工会", "UNION") in ents(doc)
    assert "COMPANY" not in [e.label_ for e in doc.ents]


@pytest.mark.parametrize(
    "lac, expected",
    [
        ("该/r 公司/n 工会/n 主席/n 王某/PER 介绍/v", [("该公司", "COMPANY")]),
        ("。/w 公司/n 工会/n 副主席/n 王某/PER 表示/v", [("公司", "COMPANY")]),
        # no title: the business's union standing alone (kg_shortforms names it from the business before)
        ("。/w 公司/n 工会/n 组织/v 职工/n 参加/v", [("公司工会", "UNION")]),
        ("。/w 集团/n 党委书记/n 、/w 董事长/n 王某/PER 讲话/v", [("集团", "COMPANY")]),
        ("。/w 集团/n 工会/n 将/d 开展/v 竞赛/vn", [("集团工会", "UNION")]),
        ("某某/nz 集团/n 工会/n 将/d 开展/v", []),  # a name glued before: not a generic group
    ],
)
def test_entity_rules_company_union_title_without_a_name(rules_nlp, lac, expected):
    doc = tagged(rules_nlp, lac)
    assert [(s.text, s.label_) for s in doc.spans[SHORTFORM_GROUP]] == expected


@pytest.mark.parametrize(
    "lac, expected",
    [
        ("把/p 比武中学/ORG 到/v 的/u 经验/n", []),
        ("在/p 某某第一中学/ORG 举办/v", [("某某第一中学", "ORG")]),
    ],
)
def test_entity_rules_zhong_followed_by_learn_is_no_school(rules_nlp, lac, expected):
    assert ents(tagged(rules_nlp, lac)) == expected


def test_entity_rules_national_federation_glued_to_a_ministry_is_split(rules_nlp):
    doc = tagged(rules_nlp, "全总人社部/ORG 联合/vd 部署/v")
    assert ents(doc) == [("全总", "UNION"), ("人社部", "ORG")]


@pytest.mark.parametrize(
    "lac, expected",
    [
        # a headline's words run together: the committee, its title, a verb, a body's short form
        ("某山区委书记/ORG 调研区总工会/vn 工作/v", [("某山区委", "ORG")]),
        ("调研区总工会/vn 工作/v", []),  # the short form alone waits for kg_shortforms
    ],
)
def test_entity_rules_headline_title_and_verb_glued_to_bodies(rules_nlp, lac, expected):
    doc = tagged(rules_nlp, lac)
    assert ents(doc) == expected
    assert [s.text for s in doc.spans[SHORTFORM_GROUP]] == ["区总工会"]


@pytest.mark.parametrize(
    "lac, expected",
    [
        ("全国劳动模范/n 、/w 公司/n 养护中心/n 主任/n 郭某林/PER 讲述/v", [("公司", "COMPANY")]),
        ("。/w 公司/n 总经理/n 郭某林/PER 表示/v", [("公司", "COMPANY")]),
        ("。/w 公司/n 已/d 调整/v 作业/vn 时间/n", []),
        # a list of titles runs long before the name
        ("。/w 公司/n 党委/n 副书记/n 、/w 工会/n 主席/n 郭某林/PER 介绍/v", [("公司", "COMPANY")]),
        ("。/w 公司/n 党委/n 、/w 工会/n 组织/v ，/w 郭某林/PER 说/v", []),
    ],
)
def test_entity_rules_bare_company_before_titles_and_a_name(rules_nlp, lac, expected):
    doc = tagged(rules_nlp, lac)
    assert [(s.text, s.label_) for s in doc.spans[SHORTFORM_GROUP]] == expected


@pytest.mark.parametrize("word", ["郭师傅", "王老师", "李大姐"])
def test_entity_rules_family_name_with_a_form_of_address_is_no_person(rules_nlp, word):
    assert ents(tagged(rules_nlp, f"“/w {word}/PER 的/u 经历/n")) == []


@pytest.mark.parametrize(
    "lac",
    ["分别/d 代表/v 双方/n 签字/v 。/w", "。/w 双方/PER 表示/v"],
)
def test_entity_rules_both_sides_is_no_person(rules_nlp, lac):
    assert ents(tagged(rules_nlp, lac)) == []


@pytest.mark.parametrize(
    "lac, expected",
    [
        # LAC mistags the halves of a transliterated name
        ("代表/n 阿依娜/ORG ·/w 买买提/v （/w", [("阿依娜·买买提", "PERSON")]),
        # a slogan of common words joined by dots is no name
        ("以/p “/w 安全/n ·/w 质量/n ·/w 诚信/n ”/w 为/p 主题/n", []),
    ],
)
def test_entity_rules_dotted_name_with_mistagged_halves(rules_nlp, lac, expected):
    assert ents(tagged(rules_nlp, lac)) == expected


@pytest.mark.parametrize(
    "lac, expected",
    [
        ("推进/v 中国/LOC 式/k 现代化/n", []),
        ("具有/v 中国/LOC 特色/n 的/u 道路/n", []),
        ("中国/LOC 和/c 某某国/LOC 是/v 邻邦/n", [("中国", "PLACE")]),
    ],
)
def test_entity_rules_place_used_as_a_modifier_is_no_place(rules_nlp, lac, expected):
    assert [e for e in ents(tagged(rules_nlp, lac)) if e[0] == "中国"] == expected


@pytest.mark.parametrize(
    "lac, expected",
    [
        ("主席/n 何某某率/PER 代表团/n 来访/v", [("何某某", "PERSON")]),
        ("何某某率/PER 队/n 参赛/v", [("何某某", "PERSON")]),
        ("王某率/PER 表示/v", [("王某率", "PERSON")]),  # no group follows: the name is left alone
    ],
)
def test_entity_rules_leads_glued_to_a_name_before_a_group(rules_nlp, lac, expected):
    assert ents(tagged(rules_nlp, lac)) == expected


@pytest.mark.parametrize(
    "lac, expected",
    [
        ("某某省总工会/ORG 宣传/vn 教育部/ORG 部长/n 王某/PER 出席/v",
         [("某某省总工会", "UNION"), ("王某", "PERSON")]),
        ("某某省总工会/ORG 和/c 教育部/ORG 联合/v 发文/v", [("某某省总工会", "UNION"), ("教育部", "ORG")]),
    ],
)
def test_entity_rules_ministry_name_inside_a_department_is_no_body(rules_nlp, lac, expected):
    assert ents(tagged(rules_nlp, lac)) == expected


def test_entity_rules_national_short_names_run_together_are_split(rules_nlp):
    doc = tagged(rules_nlp, "人社部全总某某监管/ORG 总局/n 联合/vd 印发/v")
    assert ents(doc) == [("人社部", "ORG"), ("全总", "UNION"), ("某某监管总局", "ORG")]


def test_entity_rules_ministry_department_is_its_own_body_before_the_title(rules_nlp):
    # a named 司 with a person attached is its own ORG (realtext conventions, sub-units)
    doc = tagged(rules_nlp, "财政部某某保障司/ORG 副司长/n 李某某/PER 出席/v")
    assert ents(doc) == [("财政部某某保障司", "ORG"), ("李某某", "PERSON")]


def test_entity_rules_connective_glued_after_a_body_is_split(rules_nlp):
    doc = tagged(rules_nlp, "某某省某某市总工会联合/ORG 某某区人社局/ORG 开展/v 活动/n")
    assert ents(doc) == [("某某省某某市总工会", "UNION"), ("某某区人社局", "ORG")]


@pytest.mark.parametrize(
    "lac, expected",
    [
        ("、/w 副主席/n 任/PER 家声/n 出席/v", [("任家声", "PERSON")]),
        ("、/w 副主席/n 任/PER 出席/v", []),  # nothing glued to the family name: no name
    ],
)
def test_entity_rules_name_cut_after_its_family_name(rules_nlp, lac, expected):
    assert [e for e in ents(tagged(rules_nlp, lac)) if e[1] == "PERSON"] == expected


def test_entity_rules_end_of_a_dotted_name_cut_off(rules_nlp):
    doc = tagged(rules_nlp, "副主席/n 阿尔曼·卡德尔/PER 别克/ORG 陪同/v")
    assert ents(doc) == [("阿尔曼·卡德尔别克", "PERSON")]


@pytest.mark.parametrize(
    "lac, expected",
    [
        # a known city and a quarter of it no table lists
        ("在/p 深圳某海/LOC 举行/v", [("深圳", "PLACE")]),
        # a street of a city is left whole (and is no administrative place)
        ("来到/v 深圳某某路/LOC", []),
    ],
)
def test_entity_rules_city_heading_an_unlisted_quarter(rules_nlp, lac, expected):
    assert ents(tagged(rules_nlp, lac)) == expected


def test_entity_rules_title_cut_across_by_a_name(rules_nlp):
    # LAC: 劳动模 | 范孙/PER | 国庆/TIME: the title's last character glued to the family name
    doc = tagged(rules_nlp, "全国/n 劳动模/n 范孙/PER 国庆/TIME 参加/v 活动/n")
    assert ents(doc) == [("孙国庆", "PERSON")]


def test_entity_rules_several_countries_unions_are_no_body(rules_nlp):
    doc = tagged(rules_nlp, "与/p 多国/n 工会/n 代表/n 会谈/v")
    assert ents(doc) == []


def test_entity_rules_person_cut_short_takes_the_whole_name_printed_elsewhere(rules_nlp):
    doc = tagged(rules_nlp, "以/p 林某/PER 厚/a 的/u 名字/n 命名/v 。/w 林某厚/PER 说/v")
    assert ents(doc) == [("林某厚", "PERSON"), ("林某厚", "PERSON")]


def test_entity_rules_family_home_is_no_person(rules_nlp):
    doc = tagged(rules_nlp, "记者/n 在/p 孔家/PER 看到/v ，/w 孔某某/PER 说/v")
    assert ents(doc) == [("孔某某", "PERSON")]
    doc = tagged(rules_nlp, "孔家/PER 说/v")  # no one of that family named: left to LAC
    assert ents(doc) == [("孔家", "PERSON")]


def test_entity_rules_occupation_glued_to_family_name(rules_nlp):
    doc = tagged(rules_nlp, "项目部/n 钢筋/n 工范/n 小勇/PER 说/v")
    assert ents(doc) == [("范小勇", "PERSON")]


def test_entity_rules_mission_of_a_country_in_a_place_is_one_name(rules_nlp):
    doc = tagged(rules_nlp, "俄罗斯/LOC 驻/v 某某总领事馆/LOC 领事/n 伊万·科尔尼洛夫/PER 陪同/v")
    assert ents(doc) == [("俄罗斯驻某某总领事馆", "ORG"), ("伊万·科尔尼洛夫", "PERSON")]


def test_entity_rules_kind_of_business_before_its_name_is_left_out(rules_nlp):
    doc = tagged(rules_nlp, "走访/v 了/u 中资企业某某建设集团有限公司某国分公司/ORG 。/w")
    assert ents(doc) == [("某某建设集团有限公司某国分公司", "COMPANY")]


def test_entity_rules_business_hosting_a_venue_is_named(rules_nlp):
    doc = tagged(rules_nlp, "参观/v 了/u 某某重型装备有限公司劳模/ORG 创新工作室/vn ，/w 并/c 座谈/v")
    assert ents(doc) == [("某某重型装备有限公司", "COMPANY")]


def test_entity_rules_group_named_in_full_is_no_bare_group(rules_nlp):
    # LAC read the group's last name word as a verb: 某某 + 投建/v + 集团 is still a named group
    doc = tagged(rules_nlp, "，/w 投建/v 集团/n 工会/n 主席/n 王某/PER 介绍/v")
    assert [(s.text, s.label_) for s in doc.spans[SHORTFORM_GROUP]] == []


def test_entity_rules_international_organization_in_a_headline(rules_nlp):
    doc = tagged(rules_nlp, "国际某某组织/ORG 驻华/vn 机构/n 官员/n 调研/v")
    assert ents(doc) == [("国际某某组织", "ORG")]
    doc = tagged(rules_nlp, "某某组织/ORG 驻华/vn 机构/n 官员/n 调研/v")  # no international head: a headline brand
    assert ents(doc) == []


def test_entity_rules_foreign_division_word_after_a_place(rules_nlp):
    doc = tagged(rules_nlp, "，/w 滨江/LOC 边疆区/n 与/p 某省/LOC 相连/v")
    assert ("滨江边疆区", "PLACE") in ents(doc)


def test_entity_rules_occupation_before_a_whole_name_is_left_alone(rules_nlp):
    doc = tagged(rules_nlp, "学生/n 家师/n 王某/PER 说/v")  # the name starts with a family name: nothing to move
    assert ents(doc) == [("王某", "PERSON")]


def test_entity_rules_school_named_only_by_its_kind_is_no_body(rules_nlp):
    doc = tagged(rules_nlp, "刚/d 从/p 技师学院/ORG 毕业/v")
    assert ents(doc) == []


@pytest.mark.parametrize("dot", ["·", "•", "・"])
def test_entity_rules_transliterated_name_with_any_dot(rules_nlp, dot):
    doc = tagged(rules_nlp, f"主席/n 伊万{dot}科尔尼洛夫/PER 访问/v")
    assert ents(doc) == [(f"伊万{dot}科尔尼洛夫", "PERSON")]


@pytest.mark.parametrize(
    "lac, expected",
    [
        ("某国中央工会/ORG 组织/v 秘书长/n 约瑟夫·基某/PER 会见/v", [("某国中央工会组织", "UNION")]),
        ("应/v 某国中央工会/ORG 组织/v 邀请/vn ，/w", [("某国中央工会组织", "UNION")]),
        ("某某公司工会/ORG 组织/v 职工/n 参加/v", [("某某公司工会", "UNION")]),  # 组织 the verb
        ("多国工会/ORG 组织/n 代表/n 参加/v", []),
    ],
)
def test_entity_rules_union_centre_named_union_organization(rules_nlp, lac, expected):
    doc = tagged(rules_nlp, lac)
    assert [e for e in ents(doc) if e[1] != "PERSON"] == expected


def test_entity_rules_words_by_sentence_takes_the_words_inside_each_sentence():
    import random

    from unionkg.pipelines.nlp.rules.words import Word, words_by_sentence

    ranges = [(0, 4), (5, 9), (9, 12)]
    words = [Word("甲乙", "n", 0, 2), Word("丙丁", "n", 2, 4), Word("。", "w", 4, 5), Word("戊", "n", 5, 6),
             Word("己庚辛", "n", 6, 9), Word("跨", "n", 8, 10), Word("壬", "n", 9, 10), Word("癸", "n", 11, 12)]
    expected = [[w for w in words if start <= w.start and w.end <= end] for start, end in ranges]
    assert [[w.text for w in b] for b in expected] == [["甲乙", "丙丁"], ["戊", "己庚辛"], ["壬", "癸"]]
    assert words_by_sentence(words, ranges) == expected
    shuffled = words[:]
    random.Random(5).shuffle(shuffled)  # out of order (not what LAC gives): same words, in their given order
    assert words_by_sentence(shuffled, ranges) == \
        [[w for w in shuffled if start <= w.start and w.end <= end] for start, end in ranges]


@pytest.mark.parametrize(
    "lac, expected",
    [
        # a word after a body running past a business's ending is cut after it (建设发展公司 | 某某团)
        ("某某建设/ORG 发展公司某某团/n 成立/v", [("某某建设发展公司", "COMPANY")]),
        # a connective LAC took into a body's name
        ("某某市总工会联合/ORG 市人社局/ORG 开展/v", [("某某市总工会", "UNION"), ("市人社局", "ORG")]),
    ],
)
def test_entity_rules_repairs_run_where_their_ending_is(rules_nlp, lac, expected):
    assert ents(tagged(rules_nlp, lac)) == expected


def test_entity_rules_read_their_word_lists_from_the_lexicon_dir(tmp_path):
    """The ``lexicon_dir`` option reaches the rule words: without 大姐 among the forms of address,
    李大姐 reads as a name."""
    import shutil

    from unionkg.data import LEXICON_DIR

    lexicon_dir = tmp_path / "lexicon"
    shutil.copytree(LEXICON_DIR, lexicon_dir)
    words = lexicon_dir / "rule_words.txt"
    words.write_text(words.read_text("utf-8").replace("老师 大姐", "老师"), "utf-8")
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    nlp.add_pipe("kg_entity_rules", config={"lexicon_dir": str(lexicon_dir)})
    assert ents(tagged(nlp, "“/w 李大姐/PER 的/u 经历/n")) == [("李大姐", "PERSON")]


def test_entity_rules_hand_a_failure_to_the_error_handler(rules_nlp):
    """Like the other steps, a doc the rules cannot read goes to spaCy's error handler."""
    failures = []
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    rules = nlp.add_pipe("kg_entity_rules")
    rules.set_error_handler(lambda name, pipe, docs, err: failures.append((name, type(err))) or docs[0])
    doc = nlp.make_doc("某某")
    doc._.lac = [("某某", "ORG")]  # no offsets
    assert rules(doc) is doc
    assert failures == [("kg_entity_rules", TypeError)]
