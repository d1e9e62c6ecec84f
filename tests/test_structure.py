"""kg_structure on hand-built Docs: part_of / located_in, only from what the article names."""
from __future__ import annotations

import pytest
import spacy

from unionkg.pipelines.nlp.structure import StructureExtractor, home_divisions
from test_roles import make_doc

NLP = spacy.blank("zh")


def run_structure(text: str, ents: list[tuple], home_city: str = "北京市") -> set[tuple[str, str, str]]:
    doc = StructureExtractor(NLP, home_city=home_city)(make_doc(text, ents))
    return {(r.kind, r.child, r.parent) for r in doc._.structure}


@pytest.mark.parametrize(
    "text,ents,expected",
    [
        ("和平里街道总工会所属北京时代华文书局工会介绍做法。",
         [("和平里街道总工会", "UNION"), ("北京时代华文书局工会", "UNION")],
         ("part_of", "北京时代华文书局工会", "和平里街道总工会")),
        ("该街道总工会及下属5个社区联合工会召开沟通会。",
         [("该街道总工会", "UNION", "东城区体育馆路街道总工会"), ("社区联合工会", "UNION")],
         ("part_of", "社区联合工会", "东城区体育馆路街道总工会")),
        ("北京建工集团工会在北京建工集团大厦添置设备。",
         [("北京建工集团工会", "UNION"), ("北京建工集团", "COMPANY")],
         ("part_of", "北京建工集团工会", "北京建工集团")),
        ("丰台区总工会向北京市总工会汇报。",
         [("丰台区总工会", "UNION"), ("北京市总工会", "UNION")],
         ("part_of", "丰台区总工会", "北京市总工会")),
        ("西城区德胜街道总工会邀请西城区总工会培训。",
         [("西城区德胜街道总工会", "UNION"), ("西城区总工会", "UNION")],
         ("part_of", "西城区德胜街道总工会", "西城区总工会")),
        ("区总工会召开座谈会。", [("区总工会", "UNION", "丰台区总工会")], ("located_in", "丰台区总工会", "丰台区")),
        ("昆明市总工会在昆明市举行活动。", [("昆明市总工会", "UNION"), ("昆明市", "PLACE")], ("located_in", "昆明市总工会", "昆明市")),
    ],
)
def test_structure_finds(text, ents, expected):
    assert expected in run_structure(text, ents)


def test_structure_needs_the_parent_named():
    # The district union is under the city federation only when the article names the federation.
    found = run_structure("丰台区总工会召开座谈会。", [("丰台区总工会", "UNION")])
    assert not any(kind == "part_of" and child == "丰台区总工会" for kind, child, _ in found)
    # the place in its name is under its city (the division table), not the union under a federation
    assert ("part_of", "丰台区", "北京市") in found


def test_structure_other_home_city():
    found = run_structure("和平区总工会向天津市总工会汇报。", [("和平区总工会", "UNION"), ("天津市总工会", "UNION")],
                          home_city="天津市")
    assert ("part_of", "和平区总工会", "天津市总工会") in found
    assert ("located_in", "和平区总工会", "和平区") in found


def test_structure_no_place_for_unplaced_names():
    assert run_structure("中华全国总工会召开会议。", [("中华全国总工会", "UNION")]) == set()


def test_structure_home_divisions_lists_districts():
    places = home_divisions("北京市")
    assert {"北京市", "丰台区", "延庆区"} <= set(places)
    assert "和平区" not in places  # a Tianjin district


def test_structure_evidence_points_at_the_child():
    doc = StructureExtractor(NLP, home_city="北京市")(make_doc("这里是丰台区总工会。", [("丰台区总工会", "UNION")]))
    [record] = [r for r in doc._.structure if r.child == "丰台区总工会"]
    assert record.evidence.exact == "丰台区总工会"
    assert (record.child_label, record.parent_label) == ("UNION", "PLACE")


def test_structure_places_under_the_divisions_above_them():
    found = run_structure("北京市丰台区和天津市和平区。", [("北京市", "PLACE"), ("丰台区", "PLACE"), ("天津市", "PLACE"), ("和平区", "PLACE")])
    assert {("part_of", "丰台区", "北京市"), ("part_of", "北京市", "中国"),
            ("part_of", "和平区", "天津市"), ("part_of", "天津市", "中国")} <= found
    # a district the table knows once is under its city even where the text names no city
    assert run_structure("丰台区召开会议。", [("丰台区", "PLACE")]) == {("part_of", "丰台区", "北京市"),
                                                                        ("part_of", "北京市", "中国")}
