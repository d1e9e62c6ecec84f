"""No person from a fragment (unionkg.pipelines.nlp.person_names), on hand-tagged docs and invented names."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
import spacy

import unionkg.pipelines.nlp.entity_rules  # noqa: F401  (registers kg_entity_rules)
from unionkg.pipelines.nlp.ner import CharTokenizer
from unionkg.pipelines.nlp.person_names import (
    check_person_names,
    load_person_context,
)


@pytest.fixture(scope="module")
def rules_nlp():
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    nlp.add_pipe("kg_entity_rules")
    return nlp


def persons(nlp, tagged_text: str) -> list[str]:
    """PERSON names the rules find in ``"词/tag 词/tag"`` (LAC's words given by hand)."""
    words, pos = [], 0
    for item in tagged_text.split(" "):
        word, tag = item.rsplit("/", 1)
        words.append((word, tag, pos, pos + len(word)))
        pos += len(word)
    doc = nlp.make_doc("".join(w for w, *_ in words))
    doc._.lac = words
    doc = nlp.get_pipe("kg_entity_rules")(doc)
    return [e.text for e in doc.ents if e.label_ == "PERSON"]


# -- through the rule layer ------------------------------------------------------------------
def test_name_cut_short_gets_its_third_character(rules_nlp):
    assert persons(rules_nlp, "村委会/n 主任/n 钱立/PER 富/an 带领/v 大家/r 参观/v 。/w") == ["钱立富"]


def test_two_character_name_before_a_usual_word_is_kept(rules_nlp):
    assert persons(rules_nlp, "到/v 钱立/PER 家/n 走访/v ，/w 钱立/PER 说/v 很好/a 。/w") == ["钱立", "钱立"]


def test_two_character_name_printed_alone_elsewhere_is_not_extended(rules_nlp):
    # 富 after the name once, but the article prints the two characters on their own too
    text = "主任/n 钱立/PER 富/an 带领/v 大家/r 。/w 钱立/PER 表示/v 满意/a 。/w"
    assert persons(rules_nlp, text) == ["钱立", "钱立"]


def test_conjunction_glued_to_a_name_is_cut_off(rules_nlp):
    assert persons(rules_nlp, "县委/n 常委/n 孔德安及/PER 鲁国平/PER 出席/v 。/w") == ["孔德安", "鲁国平"]
    assert persons(rules_nlp, "陪同/v 的/u 有/v 孔安及/PER 村干部/n 。/w") == ["孔安"]


def test_family_name_and_form_of_address_is_no_person(rules_nlp):
    assert persons(rules_nlp, "他/r 对/p 贺副总/PER 表示/v 感谢/vn 。/w") == []
    assert persons(rules_nlp, "贺总/PER 说/v 很好/a 。/w") == []


def test_plant_after_a_verb_of_growing_is_no_person(rules_nlp):
    assert persons(rules_nlp, "全村/n 种植/v 金桔/PER 三百亩/m 。/w") == []


def test_plant_before_a_quantity_or_a_thing_noun_is_no_person(rules_nlp):
    assert persons(rules_nlp, "村里/n 有/v 金桔/PER 三百亩/m 。/w") == []
    assert persons(rules_nlp, "参观/v 金桔/PER 基地/n 。/w") == []


def test_person_followed_by_people_counted_is_kept(rules_nlp):
    # a number of people after a name is no quantity of a thing
    assert persons(rules_nlp, "欧阳/PER 一行/m 三人/m 到/v 厂/n 。/w") == ["欧阳"]


def test_real_names_pass_unchanged(rules_nlp):
    assert persons(rules_nlp, "副县长/n 鲁国平/PER 出席/v 会议/n 。/w") == ["鲁国平"]
    assert persons(rules_nlp, "贺立/PER 摄/v （/w 通讯员/n ）/w") == ["贺立"]


# -- the function on its own ---------------------------------------------------------------
@dataclass
class W:
    text: str
    tag: str
    start: int
    end: int


@dataclass
class C:
    start: int
    end: int
    label: str


def _words(tagged: str) -> tuple[str, list[W]]:
    out, pos = [], 0
    for item in tagged.split(" "):
        word, tag = item.rsplit("/", 1)
        out.append(W(word, tag, pos, pos + len(word)))
        pos += len(word)
    return "".join(w.text for w in out), out


class Lex:
    """The questions the checks ask of the lexicon, answered by hand."""

    def __init__(self, surnames: str = "", places: tuple = ()) -> None:
        self.surnames, self.places = surnames, places

    def has_surname(self, name: str) -> bool:
        return name[:1] in self.surnames

    def is_known_place(self, name: str) -> bool:
        return name in self.places

    def contains_title(self, name: str, shortest: int = 1) -> bool:
        return False

    def is_title(self, text: str) -> bool:
        return False


def test_only_person_candidates_are_touched():
    text, words = _words("贺总/ORG 说/v")
    cands = [C(0, 2, "ORG")]
    assert check_person_names(text, words, cands, Lex("贺")) == cands


def test_surname_check_decides_a_form_of_address():
    text, words = _words("万总/PER 说/v")
    # 万 counted as no family name: the word is left to the other rules
    assert check_person_names(text, words, [C(0, 2, "PERSON")], Lex("")) == [C(0, 2, "PERSON")]
    assert check_person_names(text, words, [C(0, 2, "PERSON")], Lex("万")) == []


# -- names in a list of names ------------------------------------------------------------------
def test_place_in_a_list_of_persons_is_a_person(rules_nlp):
    text = "柯立文/PER 、/w 严守中/PER 、/w 方志远/LOC 等/u 领导/n 出席/v 。/w"
    assert persons(rules_nlp, text) == ["柯立文", "严守中", "方志远"]


def test_places_listed_with_a_person_stay_places():
    text, words = _words("柯立文/PER 、/w 长沙/LOC 等/u 地/n")
    got = check_person_names(text, words, [C(0, 3, "PERSON"), C(4, 6, "PLACE")], Lex("柯长", ("长沙",)))
    assert got == [C(0, 3, "PERSON"), C(4, 6, "PLACE")]
    text, words = _words("柯立文/PER 、/w 严家村/LOC 等/u 地/n")  # a place ending
    got = check_person_names(text, words, [C(0, 3, "PERSON"), C(4, 7, "PLACE")], Lex("柯严"))
    assert got == [C(0, 3, "PERSON"), C(4, 7, "PLACE")]
    got = check_person_names(text, words, [C(0, 3, "PERSON")], Lex("柯严"))  # no place candidate either
    assert got == [C(0, 3, "PERSON")]


def test_a_place_word_in_a_list_of_persons_without_a_candidate_is_a_person():
    text, words = _words("柯立文/PER 、/w 严守中/PER 、/w 方志远/LOC 等/u 出席/v")
    got = check_person_names(text, words, [C(0, 3, "PERSON"), C(4, 7, "PERSON")], Lex("柯严方"))
    assert got == [C(0, 3, "PERSON"), C(4, 7, "PERSON"), C(8, 11, "PERSON")]


def test_a_list_without_persons_is_left_alone():
    text, words = _words("严守中/LOC 、/w 方志远/LOC 等/u")
    cands = [C(0, 3, "PLACE"), C(4, 7, "PLACE")]
    assert check_person_names(text, words, cands, Lex("严方")) == cands


def test_context_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "ctx.txt"
    bad.write_text("[address]\n总\n", encoding="utf-8")
    with pytest.raises(ValueError, match="ctx.txt"):
        load_person_context.__wrapped__(bad)
    with pytest.raises(FileNotFoundError, match="nowhere.txt"):
        load_person_context.__wrapped__(tmp_path / "nowhere.txt")


# -- names LAC found but the rules had no candidate for ---------------------------------------
def test_a_three_character_name_lac_gives_twice_is_kept_without_a_known_family_name(rules_nlp):
    # 禚 is a rare family name the lexicon lacks; LAC calls the word a person each time
    text = "禚明远/PER 了解/v 情况/n 。/w 禚明远/PER 指出/v ，/w 要/v 做好/v 。/w"
    assert persons(rules_nlp, text) == ["禚明远", "禚明远"]
    assert persons(rules_nlp, "禚明远/PER 了解/v 情况/n 。/w") == []  # once is not enough


def test_a_name_behind_the_end_of_a_title_is_found(rules_nlp):
    assert persons(rules_nlp, "委员会/n 副主/a 任柯立文/r 、/w 常委/n 方志远/PER 出席/v 。/w") == ["柯立文", "方志远"]


def test_a_family_name_with_party_is_no_name(rules_nlp):
    assert persons(rules_nlp, "会长/n 鲁一行/PER 到访/v 。/w") == []


def test_a_dotted_brand_inside_quotes_is_no_person(rules_nlp):
    assert persons(rules_nlp, "凭/p “/w 乐享/nz ·/w 安康/vn 服务/vn 卡/n ”/w 入园/v") == []


def test_a_verb_or_adverb_after_a_two_character_name_is_not_its_third_character(rules_nlp):
    assert persons(rules_nlp, "常见/v 钱立/PER 捧/v 着/u 书/n 。/w") == ["钱立"]
    assert persons(rules_nlp, "钱立/PER 遂/d 向/p 法院/n 起诉/v 。/w") == ["钱立"]
    assert persons(rules_nlp, "钱某/PER 富/an 带领/v 大家/r 。/w") == ["钱某"]  # 某: a name made anonymous
