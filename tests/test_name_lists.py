"""kg_name_lists and the typing of bare names: people inside lists, and what is no business."""
from __future__ import annotations

import pytest

from unionkg.pipelines.nlp.pipeline import load_nlp
from unionkg.pipelines.settings import Settings


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(Settings())


def people(doc):
    return [e.text for e in doc.ents if e.label_ == "PERSON"]


def test_name_lists_every_item_of_a_list_of_people_is_a_person(nlp):
    doc = nlp("出席会议的有孙立新、钱为民、周海波、高连发，相关部门负责同志也参加了会议。")
    assert "高连发" in people(doc)


def test_name_lists_a_name_after_a_body_and_title_in_a_list(nlp):
    doc = nlp("区人社局局长孙立新、市发改委副主任何育新、区委常委钱为民出席。")
    assert {"孙立新", "何育新", "钱为民"} <= set(people(doc))


def test_name_lists_ordinary_words_in_a_list_stay_words(nlp):
    doc = nlp("孙立新强调，要以高标准、高品位、高效率推进建设，钱为民出席。")
    assert not {"高标准", "高品位", "高效率"} & set(people(doc))


def test_name_lists_a_rare_family_name_after_a_title_is_kept(nlp):
    doc = nlp("某某部某某司司长骞立文来我市调研。")
    assert "骞立文" in people(doc)


@pytest.mark.parametrize("text, not_entity", [
    ("据某某生活网讯，活动很成功。", "某某生活网讯"),
    ("展现了共产党人的本色。", "共产党人"),
])
def test_typing_credits_and_kinds_of_people_are_no_bodies(nlp, text, not_entity):
    assert not_entity not in [e.text for e in nlp(text).ents]


def test_name_lists_a_list_of_phrases_after_a_speaker_has_no_people(nlp):
    doc = nlp("孙立新指出，要把握“思想上重视、制度上落实、权益上维护”的思路。")
    assert people(doc) == ["孙立新"]


def companies(doc):
    return [e.text for e in doc.ents if e.label_ == "COMPANY"]


def test_businesses_a_place_word_and_an_industry_word_are_one_business(nlp):
    assert "湘江钢铁" in companies(nlp("市长甲某某莅临湘江钢铁调研指导工作。"))


def test_businesses_an_industry_word_heading_a_project_is_no_business(nlp):
    assert not any(c.startswith("湘江电子") for c in companies(nlp("湘江电子物流商务综合项目开工。")))


def test_businesses_description_before_the_name_is_cut(nlp):
    doc = nlp("全球最大的化工企业东海化学集团；石化香港上市公司远洋能源集团有限公司；国内最大的生鲜交易平台每日鲜果等一线企业。")
    found = companies(doc)
    assert "远洋能源集团有限公司" in found
    assert "每日鲜果" in found


def test_deputies_are_no_body_but_their_place_locates_the_article(nlp):
    doc = nlp("考察组走进新桥镇双河村人大代表之家。市人大常委会副主任甲某某出席。")
    assert not any(e.text.endswith("人大") for e in doc.ents)


def test_businesses_a_description_ending_in_an_action_names_no_business(nlp):
    doc = nlp("知名企业东海化学集团；大型国有企业文化建设等工作取得成效。")
    assert not any("建设" in c for c in companies(doc))
