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
