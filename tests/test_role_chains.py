"""Role chains in their real shapes, on the full pipeline: bodies named once for several people and
titles, internal units folded into titles, title chains that name the unit they head."""
from __future__ import annotations

import pytest

from unionkg.pipelines.nlp.pipeline import load_nlp
from unionkg.pipelines.settings import Settings


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(Settings())


def roles(nlp, text):
    return {(r.person, r.org, r.title) for r in nlp(text)._.roles}


def test_body_named_once_for_the_next_person_of_the_list(nlp):
    found = roles(nlp, "涪城区供销联社党委书记、主任孙立新，党委委员、副主任钱为民、周海波等陪同调研。")
    assert ("钱为民", "涪城区供销联社", "党委委员") in found
    assert ("钱为民", "涪城区供销联社", "副主任") in found
    assert ("周海波", "涪城区供销联社", "副主任") in found


def test_internal_unit_is_folded_into_the_title(nlp):
    found = roles(nlp, "四川省供销社副主任孙立新、业务处处长钱为民陪同调研。")
    assert ("钱为民", "四川省供销社", "业务处处长") in found


def test_another_post_after_a_comma_stays_apart(nlp):
    found = roles(nlp, "某某区委书记孙立新，主任钱为民出席。")
    assert not any(p == "钱为民" and o == "某某区委" for p, o, _ in found)


def test_title_chain_naming_its_unit_is_held_at_the_unit_named_before(nlp):
    text = "3月5日，四川省烟草专卖局召开工作会。党组书记、局长孙立新对工作作出批示。"
    found = roles(nlp, text)
    assert ("孙立新", "四川省烟草专卖局", "局长") in found
    assert ("孙立新", "四川省烟草专卖局", "党组书记") in found


def test_a_space_between_titles_is_a_list_separator(nlp):
    found = roles(nlp, "岳麓区召开会议。区委常委 常务副区长孙立新出席。")
    assert ("孙立新", "岳麓区委", "常委") in found
    assert ("孙立新", "岳麓区人民政府", "常务副区长") in found
