"""Records from docs: one ArticleRecord per article, mentions with names and page offsets."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from unionkg.pipelines.settings import SAMPLES_DIR, Settings
from unionkg.graph.records import ENTITY_LABELS, page_from_dict, to_dict
from unionkg.pipelines.nlp.extract import extract_page, get_nlp, process_file


@pytest.fixture(scope="module")
def nlp():
    return get_nlp(Settings())


def fake_page(text: str, shift: int = 100):
    """A page whose clean text sits ``shift`` characters into its original."""
    raw = "#" * shift + text
    return SimpleNamespace(
        path="pages/p1.txt", page_id="p1", raw=raw, encoding="utf-8", sha256="0" * 64,
        text=text, offsets=[i + shift for i in range(len(text))],
    )


def fake_article(page, index, start, end, reporters=()):
    return SimpleNamespace(
        page_id=page.page_id, index=index, headline=page.text[start:end].split("\n")[0], subheadline="",
        start=start, end=end, body_start=start, reporters=list(reporters), src_start=start + 100, src_end=end + 100,
    )


TEXT = (
    "丰台区总工会召开座谈会\n本报讯 近日，丰台区总工会召开座谈会。区人社局等单位参加。\n"
    "延庆百泉街道总工会探索建会\n记者近日从延庆区百泉街道总工会了解到，该街道总工会探索建会新模式。\n"
)


def test_extract_page_one_record_per_article(nlp):
    page = fake_page(TEXT)
    cut = TEXT.index("延庆百泉")
    articles = [fake_article(page, 0, 0, cut), fake_article(page, 1, cut, len(TEXT))]
    record = extract_page(page, articles, nlp, Settings())
    assert [a.index for a in record.articles] == [0, 1]
    assert record.page_id == "p1" and record.chars == len(page.raw)
    first, second = record.articles
    assert ("区人社局", "丰台区人社局") in [(m.text, m.name) for m in first.mentions]
    # the second article's district does not leak from the first one
    names = {m.name for m in second.mentions}
    assert "延庆区百泉街道总工会" in names and "丰台区总工会" not in names
    assert all(m.label in ENTITY_LABELS for a in record.articles for m in a.mentions)


def test_extract_page_offsets_point_into_the_original(nlp):
    page = fake_page(TEXT)
    record = extract_page(page, [fake_article(page, 0, 0, len(TEXT))], nlp, Settings())
    for m in record.articles[0].mentions:
        assert TEXT[m.start:m.end] == m.text
        assert page.raw[m.src_start:m.src_end] == m.text
        assert m.text in m.sentence


def test_extract_page_nested_district_is_a_place_mention(nlp):
    page = fake_page("近日，西城区德胜街道总工会举办培训会。\n")
    record = extract_page(page, [fake_article(page, 0, 0, len(page.text))], nlp, Settings())
    mentions = [(m.text, m.label) for m in record.articles[0].mentions]
    assert ("西城区德胜街道总工会", "UNION") in mentions and ("西城区", "PLACE") in mentions


def test_extract_process_file_is_deterministic_and_serializable():
    path = SAMPLES_DIR / "000_082664f229b51164.txt"
    page = process_file(path)
    first, second = to_dict(page), to_dict(process_file(path))
    assert json.dumps(first, ensure_ascii=False, sort_keys=True) == json.dumps(second, ensure_ascii=False, sort_keys=True)
    assert to_dict(page_from_dict(json.loads(json.dumps(first)))) == first
    assert page_from_dict(json.loads(json.dumps(first))) == page
    names = {m.name for a in page.articles for m in a.mentions}
    assert {"北京市总工会", "道佩·阿伦", "北京经济技术开发区总工会"} <= names


def test_extract_get_nlp_is_cached_per_settings():
    assert get_nlp(Settings()) is get_nlp(Settings())
    assert get_nlp(Settings(home_city="天津市")) is not get_nlp(Settings())


def test_extract_home_city_setting_reaches_every_component():
    from unionkg.pipelines.settings import Settings
    from unionkg.pipelines.nlp.pipeline import load_nlp

    nlp = load_nlp(Settings(home_city="天津市"))
    assert nlp.pipe_names == ["kg_sentences", "kg_lac", "kg_entity_rules", "kg_public_bodies", "kg_name_lists", "kg_businesses", "kg_locus", "kg_shortforms",
                              "kg_roles", "kg_events", "kg_structure"]
    for name in ("kg_locus", "kg_shortforms"):
        assert nlp.get_pipe_config(name)["home_city"] == "天津市"
    doc = nlp("市总工会党组书记张三出席会议。")
    assert [(e._.name, e.label_) for e in doc.ents if e.label_ == "UNION"] == [("天津市总工会", "UNION")]


@pytest.mark.parametrize(
    "text",
    ["甲说：好。乙！丙？\n丁", "", "。", "\n\n", "无标点的一句话", "甲。\n乙!?丙"],
)
def test_extract_sentence_finder_agrees_with_sentence_around(text):
    from unionkg.pipelines.nlp.evidence import sentence_around
    from unionkg.pipelines.nlp.evidence import SentenceFinder

    finder = SentenceFinder(text)
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            assert finder.around(start, end) == sentence_around(text, start, end), (start, end)


@pytest.mark.parametrize("offsets", [None, [], [7], [3, 4, 9, 10]])
def test_extract_source_offsets_agree_with_to_source(nlp, offsets):
    from unionkg.pipelines.nlp.evidence import to_source
    from unionkg.pipelines.nlp.evidence import source_offsets

    doc = nlp.make_doc("甲乙丙丁")
    doc._.src_offsets = offsets
    source = source_offsets(doc)
    for char in range(-len(offsets or []), 6):
        assert source(char) == to_source(doc, char)


def test_extract_span_name_helpers_are_span_underscore_name(nlp):
    from spacy.tokens import Span

    from unionkg.pipelines.nlp.extensions import entity_name, set_span_name, span_name

    doc = nlp.make_doc("市总工会和区总工会")
    first, second = Span(doc, 0, 4, label="UNION"), Span(doc, 5, 9, label="UNION")
    assert span_name(doc, 0, 4) is None and entity_name(first) == "市总工会"
    set_span_name(doc, 0, 4, "北京市总工会")
    assert first._.name == "北京市总工会" == span_name(doc, 0, 4) == entity_name(first)
    second._.name = "丰台区总工会"  # written by spaCy, read by the helpers
    assert span_name(doc, 5, 9) == "丰台区总工会" == entity_name(second)
    second._.name = ""
    assert entity_name(second) == "区总工会"


@pytest.mark.parametrize("text", ["甲说：好。乙！丙？\n丁", "", "。", "无标点的一句话"])
def test_extract_sentence_finder_bounds_agree_with_sentence_bounds(text):
    from unionkg.pipelines.nlp.evidence import sentence_bounds
    from unionkg.pipelines.nlp.evidence import SentenceFinder

    finder = SentenceFinder(text)
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            assert finder.bounds(start, end) == sentence_bounds(text, start, end), (start, end)


def test_extract_mentions_share_repeated_strings(nlp):
    page = fake_page(TEXT)
    record = extract_page(page, [fake_article(page, 0, 0, len(TEXT))], nlp)
    mentions = record.articles[0].mentions
    by_sentence = {}
    for m in mentions:
        assert by_sentence.setdefault(m.sentence, m.sentence) is m.sentence  # one object per sentence
    assert len({id(m.label) for m in mentions}) == len({m.label for m in mentions})


def test_extract_doc_value_is_doc_underscore(nlp):
    from unionkg.pipelines.nlp.extensions import DOC_EXTENSIONS, doc_value

    doc = nlp.make_doc("甲乙")
    assert all(doc_value(doc, name) == getattr(doc._, name) for name in DOC_EXTENSIONS)
    doc._.page_id, doc._.src_offsets = "p7", [4, 5]
    assert (doc_value(doc, "page_id"), doc_value(doc, "src_offsets")) == ("p7", [4, 5])
