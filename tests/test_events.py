"""kg_events on hand-built Docs: the article's event, who was present, who was only mentioned."""
from __future__ import annotations

import pytest
import spacy

from unionkg.pipelines.nlp.events import EventExtractor, mention_status
from test_roles import make_doc

NLP = spacy.blank("zh")


def run_events(text: str, ents: list[tuple]):
    return EventExtractor(NLP)(make_doc(text, ents))._.events


def test_events_meeting_with_attendees_date_and_bodies():
    text = ("本报讯（记者 任洁）4月23日，万象市工会联合会主席道佩·阿伦带领代表团来京访问。"
            "北京市总工会党组书记、副主席张良会见代表团一行。北京市总工会副主席张文涛陪同出席活动。"
            "去年12月，道佩·阿伦主席曾随培训班到访北京市总工会。")
    ents = [("万象市工会联合会", "UNION"), ("北京市总工会", "UNION"), ("道佩·阿伦", "PERSON"), ("张良", "PERSON"),
            ("张文涛", "PERSON"), ("任洁", "PERSON")]
    [event] = run_events(text, ents)
    assert event.attendees == ["道佩·阿伦", "张良", "张文涛"]  # the reporter is not an attendee
    assert event.date == "4月23日"
    assert event.trigger == "带领"
    assert "万象市工会联合会" in event.organizations
    assert event.evidence.exact.startswith("本报讯")


@pytest.mark.parametrize(
    "text,person,status",
    [
        ("展区配有《我们在毛主席身边》等图书。", "毛主席", "work_title"),
        ("三地总工会将深入贯彻落实习近平总书记在座谈会上的重要讲话精神。", "习近平", "cited"),
        ("据悉，2024年，该局组织班组长参赛，天津机务段卢双喜荣获第一名。", "卢双喜", "past"),
        ("去年12月，道佩·阿伦主席曾随团到访。", "道佩·阿伦", "past"),
        ("参观全国劳模常洪霞创新工作室。", "常洪霞", "modifier"),
        ("乘坐由常洪霞驾驶的公交车。", "常洪霞", "modifier"),
        ("本报讯（记者 任洁）近日。", "任洁", "byline"),
        ("活动吸引职工参加。（通讯员 甲某某 乙某某）", "乙某某", "byline"),  # the second name of a byline
        ("本版编辑：甲某某 美术编辑：乙某某", "乙某某", "byline"),  # page credits
        ("他强调，要学习甲某某、乙某某等先进人物的事迹。", "甲某某", "cited"),  # models held up as examples
        ("参加学习的职工甲某某表示，要发扬劳模精神。", "甲某某", "present"),
        ("号召职工学习甲某某精神。", "甲某某", "cited"),
        ("丛书编辑乙某某介绍了编写过程。", "乙某某", "present"),  # an editor at the event
        ("本报记者 彭程 摄", "彭程", "byline"),
        ("习近平总书记关于工人阶级和工会工作的重要论述为做好工作指明方向。", "习近平", "cited"),
        ("为深入学习贯彻党的二十大精神，副主席张三带队到企业宣讲党的二十大精神。", "张三", "present"),
        ("获奖选手徐姗姗赛后说。", "徐姗姗", "present"),
        ("北京京东方显示技术有限公司参赛选手王婷婷表示：题目很实用。", "王婷婷", "present"),
        ("北京亦庄投资控股有限公司的王晓鹏获得个人一等奖。", "王晓鹏", "present"),
        # a past marker in a clause that only describes the person does not make him absent
        ("2020年曾获全国劳动模范称号的某某公司驾驶员刘某作为代表在会上发言。", "刘某", "present"),
        ("曾获全国劳动模范称号的刘某，曾在去年退休。", "刘某", "past"),
    ],
)
def test_events_mention_status(text, person, status):
    doc = make_doc(text, [(person, "PERSON")])
    assert mention_status(doc, doc.ents[0]) == status


def test_events_people_only_mentioned_are_not_attendees():
    text = ("近日，竞赛总结大会在北京二七剧场召开。张良出席会议并颁奖。"
            "据悉，2024年，天津机务段卢双喜荣获第一名。下一步，将深入贯彻落实习近平总书记重要讲话精神。")
    [event] = run_events(text, [("张良", "PERSON"), ("卢双喜", "PERSON"), ("习近平", "PERSON")])
    assert event.attendees == ["张良"]
    assert event.location == "北京市"  # the venue's place: the division its name starts with
    assert event.trigger == "召开"


def test_events_organizer_from_hosting_phrase():
    text = "近日，由北京市总工会、天津市总工会联合主办，中国铁路北京局集团有限公司承办的总结大会在京召开。"
    ents = [("北京市总工会", "UNION"), ("天津市总工会", "UNION"), ("中国铁路北京局集团有限公司", "COMPANY")]
    [event] = run_events(text, ents)
    assert event.organizer == "北京市总工会"
    assert event.organizations == ["北京市总工会", "天津市总工会", "中国铁路北京局集团有限公司"]
    assert event.attendees == []


def test_events_location_is_the_narrowest_place():
    text = "由中华全国总工会主办的知识竞赛总决赛在云南昆明举行。"
    [event] = run_events(text, [("中华全国总工会", "UNION"), ("云南", "PLACE"), ("昆明", "PLACE")])
    assert event.location == "昆明"
    assert event.organizer == "中华全国总工会"


def test_events_venue_is_not_the_organizer():
    text = "近日，培训班开班仪式在首钢技师学院举办。"
    [event] = run_events(text, [("首钢技师学院", "ORG")])
    assert event.organizer == ""
    assert event.location == "首钢技师学院"


def test_events_none_without_trigger_or_people():
    assert run_events("工会组织的温暖送到职工心坎里。", []) == []


def test_events_factory_runs_in_a_pipeline():
    nlp = spacy.blank("zh")
    nlp.add_pipe("kg_events")
    assert nlp("一句话。")._.events == []


@pytest.mark.parametrize(
    "text,status",
    [
        ("他说，当年老劳模赵某某的事迹深深影响了他。", "past"),
        ("早年赵某某在厂里当学徒。", "past"),
        ("赵某某为当天的获奖职工颁奖。", "present"),  # 当天 is no retrospective
        # the past inside what the person says is no retrospective on the person
        ("公司工会主席赵某某介绍，去年工会帮助职工解决了难题。", "present"),
        ("去年，赵某某介绍了经验。", "past"),
    ],
)
def test_events_retrospective_words_mark_the_past(text, status):
    doc = make_doc(text, [("赵某某", "PERSON")])
    assert mention_status(doc, doc.ents[0]) == status


def test_events_second_meeting_paragraph_is_its_own_event():
    text = ("本报讯（记者 某甲）3月3日，某市总工会召开工作会议，市领导甲某某、乙某某出席。\n"
            "同日下午，某市总工会还召开了财务工作会议。副主席丙某某出席并讲话，部长丁某某通报情况。\n")
    ents = [("某市总工会", "UNION"), ("甲某某", "PERSON"), ("乙某某", "PERSON"), ("丙某某", "PERSON"), ("丁某某", "PERSON")]
    first, second = run_events(text, ents)
    assert first.attendees == ["甲某某", "乙某某"]
    assert second.attendees == ["丙某某", "丁某某"]
    assert second.evidence.exact.startswith("同日下午")


def test_events_same_day_visit_stays_one_event():
    text = ("本报讯 3月3日，主席甲某某到某公司调研。\n"
            "当天下午，甲某某一行还参观了某公司的职工之家，乙某某陪同。\n")
    ents = [("某公司", "COMPANY"), ("甲某某", "PERSON"), ("乙某某", "PERSON")]
    [event] = run_events(text, ents)
    assert event.attendees == ["甲某某", "乙某某"]
