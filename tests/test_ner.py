"""The statistical layer: char tokens, sentences, LAC words and the full pipeline on real patterns."""
from __future__ import annotations

import pytest

from unionkg.pipelines.settings import Settings
from unionkg.pipelines.nlp.ner import sentence_ranges, sentence_words
from unionkg.pipelines.nlp.pipeline import load_nlp


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
        ("甲。。乙", ["甲。", "。", "乙"]),  # a final mark right after another is a sentence of its own
        ("好！）\n", ["好！）"]),  # closing brackets go with the sentence, the line break with none
        ("甲\n \n乙", ["甲", "乙"]),  # a blank line is no sentence
        ("）甲。", ["）甲。"]),  # a closing bracket not after a final mark is ordinary text
        ("", []),
    ],
)
def test_ner_sentence_ranges(text, sentences):
    assert [text[a:b] for a, b in sentence_ranges(text)] == sentences


def test_ner_sentence_words_maps_the_segmentation_to_doc_offsets():
    words = sentence_words("张良会见", 10, [0, 2, 4], ["PER", "v"])
    assert words == [("张良", "PER", 10, 12), ("会见", "v", 12, 14)]
    assert sentence_words("", 3, [0], []) == []


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
    assert names[:8] == ["kg_sentences", "kg_lac", "kg_entity_rules", "kg_public_bodies", "kg_name_lists",
                         "kg_businesses", "kg_locus", "kg_shortforms"]
    later = [n for n in ("kg_roles", "kg_events", "kg_structure") if n in names]
    assert names[8:] == later


def test_ner_sentence_starts_after_every_line_break(nlp):
    doc = nlp.get_pipe("kg_sentences")(nlp.make_doc("甲乙\n丙\n\n丁。戊"))
    starts = [t.i for t in doc if t.is_sent_start]
    assert starts == [0, 3, 5, 6, 8]


def test_ner_char_span_helper_equals_doc_char_span(nlp):
    from unionkg.pipelines.nlp.extensions import char_span

    doc = nlp.make_doc("北京市总工会 张良")
    for start in range(len(doc) + 1):
        for end in range(start, len(doc) + 2):
            expected = doc.char_span(start, end, label="ORG")
            got = char_span(doc, start, end, "ORG")
            assert (got is None) == (expected is None)
            if got is not None:
                assert (got.start, got.end, got.label_) == (expected.start, expected.end, expected.label_)


def test_ner_char_tokenizer_makes_the_doc_spacy_makes_from_characters(nlp):
    import numpy
    import spacy
    from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, LIKE_NUM, NORM, ORTH, SHAPE
    from spacy.tokens import Doc

    other = spacy.blank("zh")
    for text in ["北京市总工会 X_（A）\n１２３", "X", "", "\u3000\t甲"]:
        made = nlp.make_doc(text)
        again = nlp.make_doc(text)  # characters seen before come from the tokenizer's memory
        plain = Doc(other.vocab, words=list(text), spaces=[False] * len(text))
        attrs = [ORTH, NORM, SHAPE, IS_ALPHA, IS_PUNCT, IS_SPACE, LIKE_NUM]
        for doc in (made, again):
            assert doc.text == text and [t.text for t in doc] == list(text)
            assert numpy.array_equal(doc.to_array(attrs), plain.to_array(attrs))


def _random_spans(doc, rng, labels=("PERSON", "ORG", "UNION", "PLACE", "COMPANY")):
    from spacy.tokens import Span

    cuts = sorted(rng.sample(range(len(doc) + 1), min(len(doc) + 1, 2 * rng.randint(0, 6))))
    spans = [Span(doc, a, b, label=rng.choice(labels)) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    rng.shuffle(spans)
    return spans


def test_ner_set_entities_annotates_tokens_as_set_ents(nlp):
    import random

    from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE
    from spacy.tokens import Span

    from unionkg.pipelines.nlp.extensions import set_entities

    rng = random.Random(5)
    for text in ["北京市总工会党组书记张良出席会议。", "甲", "甲乙丙丁戊己庚辛壬癸" * 3]:
        for _ in range(40):
            expected, got = nlp.make_doc(text), nlp.make_doc(text)
            spans = _random_spans(expected, rng)
            if spans and rng.random() < 0.5:
                expected.set_ents(_random_spans(expected, rng))  # what was there before goes
                got.set_ents(_random_spans(got, rng))
            expected.set_ents(spans)
            set_entities(got, [Span(got, s.start, s.end, label=s.label_) for s in spans])
            attrs = [ENT_IOB, ENT_TYPE, ENT_KB_ID]
            assert (expected.to_array(attrs) == got.to_array(attrs)).all(), spans
            assert [(e.start, e.end, e.label_) for e in got.ents] == [(e.start, e.end, e.label_) for e in expected.ents]


def test_ner_set_entities_leaves_overlaps_to_spacy(nlp):
    from spacy.tokens import Span

    from unionkg.pipelines.nlp.extensions import set_entities

    doc = nlp.make_doc("北京市总工会")
    with pytest.raises(ValueError):
        set_entities(doc, [Span(doc, 0, 3, label="PLACE"), Span(doc, 2, 6, label="UNION")])
    set_entities(doc, [Span(doc, 0, 3, label="PLACE"), Span(doc, 3, 3, label="ORG")])  # an empty span sets nothing
    assert [(e.text, e.label_) for e in doc.ents] == [("北京市", "PLACE")]


def test_ner_doc_sentence_ranges_are_those_of_the_text_found_once(nlp):
    from unionkg.pipelines.nlp.ner import doc_sentence_ranges

    text = "甲。乙！\n丙？丁"
    doc = nlp.make_doc(text)
    first = doc_sentence_ranges(doc)
    assert first == sentence_ranges(text)
    assert doc_sentence_ranges(doc) is first
