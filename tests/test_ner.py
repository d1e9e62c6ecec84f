"""The statistical layer: char tokens, sentences, LAC words and the full pipeline on real patterns."""
from __future__ import annotations

import pytest

from graph.config import Settings
from pipelines.ner import align_words, sentence_ranges
from pipelines.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(Settings())


def test_ner_one_token_per_character_whitespace_included(nlp):
    text = "北京 市\n\n总工会（A）"
    doc = nlp.make_doc(text)
    assert len(doc) == len(text)
    assert all(token.idx == token.i for token in doc)


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("甲。乙！丙？丁", ["甲。", "乙！", "丙？", "丁"]),
        ("他说：“好。”然后走了。", ["他说：“好。”", "然后走了。"]),
        ("标题\n\n正文。", ["标题", "正文。"]),
        ("  \n", []),
    ],
)
def test_ner_sentence_ranges(text, sentences):
    assert [text[a:b] for a, b in sentence_ranges(text)] == sentences


def test_ner_align_words_maps_to_doc_offsets():
    words = align_words("张良会见", 10, [("张良", "PER"), ("会见", "v")])
    assert words == [("张良", "PER", 10, 12), ("会见", "v", 12, 14)]


def test_ner_lac_words_cover_the_text(nlp):
    doc = nlp("北京市总工会党组书记、副主席张良会见代表团。\n本报讯（记者 任某）")
    assert doc._.lac
    for word, _tag, start, end in doc._.lac:
        assert doc.text[start:end] == word
    assert doc[0].is_sent_start and doc[doc.text.index("本")].is_sent_start


def test_ner_batched_pipe_equals_one_by_one(nlp):
    texts = ["北京市总工会党组书记、副主席张良会见代表团。", "近日，朝阳区三里屯街道总工会联合北京银行走访企业。"]
    one = [[(e.text, e.label_, e._.name) for e in nlp(t).ents] for t in texts]
    batched = [[(e.text, e.label_, e._.name) for e in d.ents] for d in nlp.pipe(texts, batch_size=2)]
    assert one == batched


@pytest.mark.parametrize(
    "text, expected",
    [
        ("北京市总工会党组书记、副主席张良会见代表团一行。",
         [("北京市总工会", "UNION", "北京市总工会"), ("张良", "PERSON", "张良")]),
        ("近日，东城区体育馆路街道总工会召开职工沟通会，该街道总工会及下属社区联合工会参加。",
         [("东城区体育馆路街道总工会", "UNION", "东城区体育馆路街道总工会"),
          ("该街道总工会", "UNION", "东城区体育馆路街道总工会")]),
        ("总决赛在云南昆明举行。", [("云南", "PLACE", "云南"), ("昆明", "PLACE", "昆明")]),
        ("近日，朝阳区三里屯街道总工会联合北京银行工作人员走访辖区重点企业。",
         [("朝阳区三里屯街道总工会", "UNION", "朝阳区三里屯街道总工会"), ("北京银行", "COMPANY", "北京银行")]),
        ("丰台区人大常委会党组副书记、副主任，区总工会主席连宇指出。",
         [("丰台区人大常委会", "ORG", "丰台区人大常委会"), ("区总工会", "UNION", "丰台区总工会"),
          ("连宇", "PERSON", "连宇")]),
    ],
)
def test_ner_pipeline_on_real_patterns(nlp, text, expected):
    assert [(e.text, e.label_, e._.name) for e in nlp(text).ents] == expected


def test_ner_labels_are_the_five_kinds(nlp):
    doc = nlp("老挝万象市工会联合会主席道佩·阿伦带领代表团来京访问，参观北京职工体育服务中心和京东集团。")
    assert {e.label_ for e in doc.ents} <= {"PERSON", "UNION", "COMPANY", "ORG", "PLACE"}
    assert ("道佩·阿伦", "PERSON") in [(e.text, e.label_) for e in doc.ents]


def test_ner_pipeline_order(nlp):
    names = nlp.pipe_names
    assert names[:4] == ["kg_sentences", "kg_lac", "kg_entity_rules", "kg_shortforms"]
    later = [n for n in ("kg_roles", "kg_events", "kg_structure") if n in names]
    assert names[4:] == later
