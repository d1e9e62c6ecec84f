"""The place hierarchy, where bodies are, and where events were and what they are called, on small
hand-made texts from several provinces (pipelines/nlp/place_chain.py, located.py, event_facts.py)."""
from __future__ import annotations

import re

import spacy

from unionkg.pipelines.nlp.event_facts import event_label
from unionkg.pipelines.nlp.events import EventExtractor
from unionkg.pipelines.nlp.locus import Locus
from unionkg.pipelines.nlp.place_chain import load_place_chains
from unionkg.pipelines.nlp.structure import StructureExtractor
from test_roles import make_doc

NLP = spacy.blank("zh")
CHAINS = load_place_chains()
BEIJING = Locus("北京市", "北京市", "", "article")
CHANGCHUN = Locus("吉林省", "长春市", "", "article")
GUILIN = Locus("广西壮族自治区", "桂林市", "", "article")


def doc_with(text: str, ents: list[tuple], locus: Locus | None = None):
    doc = make_doc(text, ents)
    doc._.locus = locus
    return doc


def structure(text: str, ents: list[tuple], locus: Locus | None = None, home_city: str = "") -> set[tuple[str, str, str]]:
    doc = StructureExtractor(NLP, home_city=home_city)(doc_with(text, ents, locus))
    return {(r.kind, r.child, r.parent) for r in doc._.structure}


def events(text: str, ents: list[tuple], locus: Locus | None = None, headline: str = ""):
    doc = doc_with(text, ents, locus)
    doc._.headline = headline
    return EventExtractor(NLP)(doc)._.events


# -- resolving a name to one division ---------------------------------------------------------------
def test_chain_a_name_without_homonyms_needs_no_context():
    code = CHAINS.resolve("耀州区")
    assert CHAINS.name_of(code) == "耀州区"
    assert [CHAINS.name_of(c) for c in CHAINS.parents(code)] == ["铜川市", "陕西省"]


def test_chain_districts_of_province_level_cities_lie_directly_under_them():
    assert [CHAINS.name_of(c) for c in CHAINS.parents(CHAINS.resolve("东城区"))] == ["北京市"]
    assert CHAINS.parents(CHAINS.resolve("浙江省")) == []


def test_chain_homonyms_are_resolved_by_the_locus_and_never_guessed():
    assert CHAINS.resolve("朝阳区") == ""  # in two provinces: nothing decides
    beijing = CHAINS.resolve("朝阳区", CHAINS.context(BEIJING))
    changchun = CHAINS.resolve("朝阳区", CHAINS.context(CHANGCHUN))
    assert [CHAINS.name_of(c) for c in CHAINS.parents(beijing)] == ["北京市"]
    assert [CHAINS.name_of(c) for c in CHAINS.parents(changchun)] == ["长春市", "吉林省"]
    # a locus elsewhere does not pick one of them
    assert CHAINS.resolve("朝阳区", CHAINS.context(GUILIN)) == ""


def test_chain_reads_the_most_specific_division_at_the_head_of_a_name():
    code, end = CHAINS.read_head("陕西省铜川市耀州区总工会")
    assert (CHAINS.name_of(code), end) == ("耀州区", 9)
    code, end = CHAINS.read_head("中共杭州市萧山区委")
    assert CHAINS.name_of(code) == "萧山区"
    assert CHAINS.read_head("职工服务中心") == ("", 0)


# -- kg_structure: the hierarchy and where bodies are ------------------------------------------------
def test_structure_every_named_place_under_its_chain_to_the_root():
    found = structure("耀州区召开会议，萧山区派人参加。", [("耀州区", "PLACE"), ("萧山区", "PLACE")])
    assert {("part_of", "耀州区", "铜川市"), ("part_of", "铜川市", "陕西省"), ("part_of", "陕西省", "中国"),
            ("part_of", "萧山区", "杭州市"), ("part_of", "杭州市", "浙江省"), ("part_of", "浙江省", "中国")} <= found


def test_structure_parents_are_named_as_the_article_prints_them():
    found = structure("代表团在云南昆明参观。", [("云南", "PLACE"), ("昆明", "PLACE")])
    assert {("part_of", "昆明", "云南"), ("part_of", "云南", "中国")} <= found
    assert not any("云南省" in (child, parent) for _, child, parent in found)


def test_structure_a_homonym_follows_the_locus_or_stays_alone():
    text = "朝阳区举办职工运动会。"
    assert ("part_of", "朝阳区", "长春市") in structure(text, [("朝阳区", "PLACE")], CHANGCHUN)
    assert ("part_of", "朝阳区", "北京市") in structure(text, [("朝阳区", "PLACE")], BEIJING)
    assert structure(text, [("朝阳区", "PLACE")]) == set()


def test_structure_a_division_printed_before_a_homonym_decides_it():
    found = structure("吉林省长春市朝阳区召开会议。", [("吉林省", "PLACE"), ("长春市", "PLACE"), ("朝阳区", "PLACE")], BEIJING)
    assert ("part_of", "朝阳区", "长春市") in found


def test_structure_streets_lie_in_the_district_printed_before_them_or_the_only_one_named():
    found = structure("东城区新华街道召开会议。", [("东城区", "PLACE"), ("新华街道", "PLACE")])
    assert ("part_of", "新华街道", "东城区") in found
    locus = Locus("北京市", "北京市", "东城区", "article")
    text = "东城区总工会部署工作。近日，新华街道举办培训。"
    ents = [("东城区总工会", "UNION"), ("新华街道", "PLACE")]
    assert ("part_of", "新华街道", "东城区") in structure(text, ents, locus)
    # two districts named: the street's district is not sure
    text2 = "东城区总工会和西城区总工会部署工作。近日，新华街道举办培训。"
    ents2 = ents + [("西城区总工会", "UNION")]
    assert not any(child == "新华街道" for _, child, _ in structure(text2, ents2, locus))


def test_structure_a_town_named_after_its_county():
    found = structure("灵川镇举办活动。", [("灵川镇", "PLACE")], GUILIN)
    assert {("part_of", "灵川镇", "灵川县"), ("part_of", "灵川县", "桂林市"),
            ("part_of", "桂林市", "广西壮族自治区"), ("part_of", "广西壮族自治区", "中国")} <= found


def test_structure_bodies_at_the_most_specific_division_of_their_name():
    found = structure("北京市东城区总工会召开会议。", [("北京市东城区总工会", "UNION")])
    assert ("located_in", "北京市东城区总工会", "东城区") in found
    assert ("part_of", "东城区", "北京市") in found
    found = structure("铜川市耀州区总工会召开会议。", [("铜川市耀州区总工会", "UNION")])
    assert ("located_in", "铜川市耀州区总工会", "耀州区") in found


def test_structure_a_street_union_is_in_its_street_under_the_district():
    found = structure("东城区新华街道总工会召开会议。", [("东城区新华街道总工会", "UNION")])
    assert {("located_in", "东城区新华街道总工会", "新华街道"), ("part_of", "新华街道", "东城区"),
            ("part_of", "东城区", "北京市")} <= found


def test_structure_no_location_from_a_country_at_the_head_of_a_name():
    found = structure("中国职工研究中心发布报告。", [("中国职工研究中心", "ORG"), ("中国", "PLACE")])
    assert not any(kind == "located_in" for kind, _, _ in found)


# -- kg_events: where ---------------------------------------------------------------------------------
def test_events_place_from_coming_to_the_capital():
    [ev] = events("近日，外国工会代表团来京访问，李明华会见代表团。", [("李明华", "PERSON")])
    assert ev.location == "北京市"


def test_events_no_place_from_a_run_of_province_forms():
    # 在京津冀 is no 在京; 来津 is
    [ev] = events("近日，在京津冀各地的职工代表来津交流，李明华出席。", [("李明华", "PERSON")])
    assert ev.location == "天津市"
    [ev] = events("近日，在京津冀各地的职工代表交流，李明华出席。", [("李明华", "PERSON")])
    assert ev.location == ""


def test_events_place_they_went_to():
    [ev] = events("调研组赴耀州区调研，李明华陪同。", [("李明华", "PERSON"), ("耀州区", "PLACE")])
    assert ev.location == "耀州区"
    # a district's short form, resolved in the article's city
    [ev] = events("调研组赴萧山调研，李明华陪同。", [("李明华", "PERSON")], Locus("浙江省", "杭州市", "", "article"))
    assert ev.location == "萧山区"


def test_events_venue_place_from_its_name():
    [ev] = events("近日，技能大赛在铜川市耀州区职工活动中心举行，李明华出席。",
                  [("李明华", "PERSON"), ("铜川市耀州区职工活动中心", "ORG")])
    assert ev.location == "耀州区"


def test_events_else_the_locus_district_the_article_names_or_its_city():
    locus = Locus("陕西省", "铜川市", "耀州区", "article")
    [ev] = events("耀州区总工会开展送温暖活动，李明华参加。", [("李明华", "PERSON"), ("耀州区总工会", "UNION")], locus)
    assert ev.location == "耀州区"
    # the district came from elsewhere on the page: the article names none, so its city
    [ev] = events("职工之家开展送温暖活动，李明华参加。", [("李明华", "PERSON")], locus)
    assert ev.location == "铜川市"
    [ev] = events("职工之家开展送温暖活动，李明华参加。", [("李明华", "PERSON")])
    assert ev.location == ""


# -- kg_events: what ----------------------------------------------------------------------------------
def test_events_label_is_the_headline_printed_on_its_own_line():
    headline = "某某街道总工会召开职工代表大会"
    [ev] = events(headline + "\n近日，某某街道总工会召开职工代表大会，李明华出席。", [("李明华", "PERSON")],
                  headline=headline)
    assert ev.label == headline and ev.trigger == "召开"


def test_events_label_is_the_trigger_with_its_object():
    text = "工会联谊活动\n4月2日，李明华会见外国工会代表团一行，双方交流了经验。"
    [ev] = events(text, [("李明华", "PERSON")], headline="工会联谊活动")
    assert ev.label == "会见外国工会代表团一行"
    assert ev.trigger == "会见"


def _trigger(text: str, word: str) -> re.Match:
    return re.compile(word).search(text)


def test_event_label_keeps_quoted_clauses_and_falls_back_to_the_subject():
    text = "近日，工会开展“幸福从头开始，温暖从心出发”理发活动。"
    assert event_label("", text, _trigger(text, "开展"), False) == "开展“幸福从头开始，温暖从心出发”理发活动"
    text = "近日，全市职工技能大赛决赛举行。"
    assert event_label("", text, _trigger(text, "举行"), False) == "全市职工技能大赛决赛举行"
    # the first words of an article without a headline are no label
    text = "3月5日，某某局召开工作会议，部署全年工作。"
    assert event_label("3月5日，某某局召开", text, _trigger(text, "召开"), True) == "召开工作会议"


def test_chain_a_county_short_form_only_inside_the_article_province():
    # 灵山 is also a mountain's name: the county of that short form lies in another province
    assert CHAINS.resolve("灵山") == ""
    assert CHAINS.resolve("灵山", CHAINS.context(BEIJING)) == ""
    assert CHAINS.name_of(CHAINS.resolve("丰台", CHAINS.context(BEIJING))) == "丰台区"


def test_structure_a_zone_body_is_in_its_zone_and_the_zone_in_its_city():
    found = structure("铜川高新区总工会召开会议。", [("铜川高新区总工会", "UNION")])
    assert {("located_in", "铜川高新区总工会", "铜川高新区"), ("part_of", "铜川高新区", "铜川市"),
            ("part_of", "铜川市", "陕西省")} <= found
    assert ("located_in", "铜川高新区总工会", "铜川市") not in found


def test_locus_homonyms_of_one_name_alone_leave_the_province_open():
    from unionkg.pipelines.nlp.locus import LocusFinder, _Evidence

    finder = LocusFinder(NLP)
    codes = CHAINS.lexicon.codes_of_name["朝阳区"]
    assert len({c[:2] for c in codes}) == 2
    assert finder.decide([_Evidence(0, codes)], "article").province == ""
    # any other place decides it
    beijing = CHAINS.lexicon.codes_of_name["北京市"]
    assert finder.decide([_Evidence(0, codes), _Evidence(1, beijing)], "article").province == "北京市"


def test_events_a_province_form_that_begins_a_name_is_no_place():
    [ev] = events("近日，职工代表在京华物流园区参观，李明华出席。", [("李明华", "PERSON"), ("京华物流园区", "ORG")])
    assert ev.location != "北京市"
