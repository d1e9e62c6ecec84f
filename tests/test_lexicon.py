"""The general-knowledge lexicons: files load, lookups answer as documented."""
from __future__ import annotations

import pytest

from unionkg.pipelines.settings import LEXICON_DIR
from unionkg.pipelines.nlp.lexicon import load_lexicon, short_form


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(LEXICON_DIR)


@pytest.mark.parametrize(
    "full, short",
    [("海淀区", "海淀"), ("云南省", "云南"), ("新疆维吾尔自治区", "新疆"), ("北京市", "北京"), ("东区", "东区")],
)
def test_lexicon_short_form_drops_division_ending(full, short):
    assert short_form(full) == short


@pytest.mark.parametrize(
    "name, kind",
    [
        ("老挝", "country"),
        ("万象", "foreign_city"),
        ("京津冀", "region"),
        ("云南省", "province"),
        ("云南", "province"),
        ("昆明市", "city"),
        ("延庆区", "district"),
        ("某某街道", "street"),
        ("杨树社区", "street"),
        ("某某经济技术开发区", "other"),
        ("职工", ""),
    ],
)
def test_lexicon_place_kind(lexicon, name, kind):
    assert lexicon.place_kind(name) == kind


def test_lexicon_division_table_links_districts_to_their_city(lexicon):
    assert lexicon.parent_division("海淀区") == "北京市"
    districts = lexicon.districts_of("北京市")
    assert "延庆区" in districts and "海淀区" in districts
    assert all(lexicon.divisions[d].code.startswith("11") for d in districts)


def test_lexicon_full_division_prefers_the_given_city(lexicon):
    assert lexicon.full_division("朝阳", within="北京市") == "朝阳区"
    assert lexicon.full_division("延庆") == "延庆区"
    assert lexicon.full_division("不存在的地方") == ""


@pytest.mark.parametrize(
    "name, suffix, kind",
    [
        ("某某街道总工会", "总工会", "UNION"),
        ("某某市工会联合会", "工会联合会", "UNION"),
        ("某某地区工会联合总会", "工会联合总会", "UNION"),
        ("某某工联总会", "工联总会", "UNION"),
        ("某某劳动组合总联合会", "劳动组合总联合会", "UNION"),
        ("某某职工保险互助会", "互助会", "ORG"),
        ("某某科技股份有限公司", "股份有限公司", "COMPANY"),
        ("某某银行", "银行", "COMPANY"),
        ("某某区税务局", "局", "ORG"),
        ("某某区人大常委会", "人大常委会", "ORG"),
        ("某某会展中心", "会展中心", "VENUE"),
        ("工会", "", ""),  # an ending alone names nothing
        ("某某", "", ""),
    ],
)
def test_lexicon_org_suffix_longest_ending_wins(lexicon, name, suffix, kind):
    assert lexicon.org_suffix(name) == (suffix, kind)


@pytest.mark.parametrize("text, rest", [("该街道", ""), ("全国", ""), ("两地", ""), ("5个社区", ""), ("某某街道", "某某街道")])
def test_lexicon_strip_generic(lexicon, text, rest):
    assert lexicon.strip_generic(text) == rest


def test_lexicon_titles_and_surnames(lexicon):
    assert lexicon.title_at("党组书记、副主席", 0) == "党组书记"
    assert lexicon.title_at("某某", 0) == ""
    assert lexicon.has_surname("欧阳某") and lexicon.has_surname("王某")
    assert not lexicon.has_surname("踔厉")


def test_lexicon_abbreviated_places(lexicon):
    assert lexicon.is_abbreviated_places("京港")
    assert not lexicon.is_abbreviated_places("京东")


def test_lexicon_division_file_is_sorted_and_complete():
    lines = (LEXICON_DIR / "divisions.txt").read_text("utf-8").splitlines()
    assert lines == sorted(lines)
    levels = {line.split("\t")[2] for line in lines}
    assert levels == {"province", "city", "district"}
    assert len(lines) > 3000


def test_lexicon_divisions_renamed_after_the_table_are_known(lexicon):
    # 临平区 (Hangzhou, 2021) is missing from the cpca table; it is added with its official adcode
    assert lexicon.place_kind("临平区") == "district"
    assert lexicon.divisions["临平区"].code.startswith("3301")


@pytest.mark.parametrize(
    "full, short",
    [("某山彝族自治州", "某山"), ("某某苗族侗族自治州", "某某"), ("某某维吾尔自治区", "某某"), ("某某回族自治县", "某某回族自治")],
)
def test_lexicon_short_form_of_autonomous_divisions_drops_the_people(full, short):
    assert short_form(full) == short


@pytest.mark.parametrize("name", ["钮某某", "仉某某", "厍某某", "濮某某", "傅某某", "闻人某", "铁某某"])
def test_lexicon_rarer_hundred_family_surnames(lexicon, name):
    assert lexicon.has_surname(name)


# The lookups below use sets by length; each must answer what a scan of the whole list answers.
def _scan_title_at(lexicon, text, start):
    return next((t for t in lexicon.titles if text.startswith(t, start)), "")


@pytest.mark.parametrize(
    "text, start",
    [("党委副书记张某", 0), ("市总工会党组书记", 5), ("某某主任", 2), ("副主席", 0), ("一般群众", 0), ("", 0), ("主席", 5),
     ("工会主席", -2)],
)
def test_lexicon_title_at_is_the_longest_title_there(lexicon, text, start):
    assert lexicon.title_at(text, start) == _scan_title_at(lexicon, text, start)


def test_lexicon_title_lookups_agree_with_a_scan_of_the_title_list(lexicon):
    # every title, glued into text, with a character of context either side
    for title in lexicon.titles:
        for text in (title, "某" + title, title + "某", "市委" + title + "张"):
            for start in range(len(text) + 1):
                assert lexicon.title_at(text, start) == _scan_title_at(lexicon, text, start)
            assert lexicon.title_ending(text) == next((t for t in lexicon.titles if text.endswith(t)), "")
            assert lexicon.title_ending(text, shortest=2) == \
                next((t for t in lexicon.titles if text.endswith(t) and len(t) >= 2), "")
            assert lexicon.contains_title(text, shortest=2) == any(t in text for t in lexicon.titles if len(t) >= 2)
            assert lexicon.is_title(text) == (_scan_title_at(lexicon, text, 0) == text)


@pytest.mark.parametrize("text", ["该街道总工会", "全国基层工会", "各级工会", "某某区", "三家企业", "该"])
def test_lexicon_strip_generic_agrees_with_a_scan_of_the_word_list(lexicon, text):
    rest = text
    changed = True
    while rest and changed:
        changed = False
        word = next((w for w in lexicon.generic_words if rest.startswith(w)), "")
        if word:
            rest, changed = rest[len(word):], True
        while rest and (rest[0].isdigit() or rest[0] in "一二两三四五六七八九十百千万几个家名"):
            rest, changed = rest[1:], True
    assert lexicon.strip_generic(text) == rest


def test_lexicon_remembered_answers_stay_right(lexicon):
    # asked twice (the second answer comes from memory) and for many names (the least recently used forgotten past the limit)
    for _ in range(2):
        assert lexicon.org_suffix("北京市总工会") == ("总工会", "UNION")
        assert lexicon.place_kind("海淀区") == "district"
    for k in range(70000):
        lexicon.org_suffix(f"名{k}")
    assert lexicon.org_suffix("某某有限公司")[1] == "COMPANY"
    assert lexicon.org_suffix.cache_info().currsize <= 1 << 16


def test_lexicon_place_endings_name_only_known_uses():
    """A misspelt use in place_endings.txt would leave an ending out of its rule without a word."""
    from unionkg.data.readers import load_place_endings

    uses = load_place_endings()
    assert set(uses) == {"open", "short", "street", "town", "division", "label", "word"}
    assert uses["short"][:2] == ("特别行政区", "自治区")  # longest first: 自治区 before 区


def test_lexicon_place_ending_without_a_use_is_an_error_naming_the_file(tmp_path):
    from unionkg.data.readers import load_place_endings

    path = tmp_path / "place_endings.txt"
    path.write_text("省\topen\n县\n", "utf-8")
    with pytest.raises(ValueError, match="place_endings.txt"):
        load_place_endings(path)


def test_lexicon_missing_rule_words_section_names_the_file(tmp_path):
    from unionkg.pipelines.nlp.lexicon import WordLists

    path = tmp_path / "rule_words.txt"
    path.write_text("[stop_nouns]\n企业\n", "utf-8")
    words = WordLists(path)
    assert words["stop_nouns"] == ("企业",)
    with pytest.raises(KeyError, match="rule_words.txt"):
        words["honorifics"]
