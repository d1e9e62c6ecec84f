"""kg_roles on hand-built Docs (no model): titles read off the text around each person."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from unionkg.pipelines.nlp import roles as roles_module  # noqa: F401  (registers kg_roles)
from unionkg.pipelines.nlp.roles import RoleExtractor
from unionkg.pipelines.nlp.titles import is_government_head, load_titles

NLP = spacy.blank("zh")


def make_doc(text: str, ents: list[tuple]) -> Doc:
    """A char-token Doc with entities: ``(surface, label)`` or ``(surface, label, name)``, every
    occurrence of each surface, longest surfaces first."""
    taken = [False] * len(text)
    spans = []
    for item in sorted(ents, key=lambda e: -len(e[0])):
        surface, label, name = item[0], item[1], (item[2] if len(item) > 2 else None)
        i = text.find(surface)
        while i != -1:
            if not any(taken[i : i + len(surface)]):
                taken[i : i + len(surface)] = [True] * len(surface)
                spans.append((i, i + len(surface), label, name))
            i = text.find(surface, i + 1)
    doc = Doc(NLP.vocab, words=list(text), spaces=[False] * len(text))
    made = []
    for start, end, label, name in sorted(spans):
        span = doc.char_span(start, end, label=label)
        made.append((span, name))
    doc.ents = [s for s, _ in made]
    for span, name in made:
        span._.name = name
    return doc


def run_roles(text: str, ents: list[tuple]) -> list[tuple[str, str, str]]:
    # as on a page of a paper whose home city is 北京市 (no kg_locus ran on these hand-made docs)
    doc = RoleExtractor(NLP, home_city="北京市")(make_doc(text, ents))
    return [(r.person, r.org, r.title) for r in doc._.roles]


CASES = [
    (
        "北京市总工会党组书记、副主席张良会见代表团。",
        [("北京市总工会", "UNION"), ("张良", "PERSON")],
        [("张良", "北京市总工会", "党组书记"), ("张良", "北京市总工会", "副主席")],
    ),
    (
        "全国总工会副主席、书记处书记杨宇栋，中华全国铁路总工会副主席马侃彦出席。",
        [("全国总工会", "UNION", "中华全国总工会"), ("中华全国铁路总工会", "UNION"), ("杨宇栋", "PERSON"), ("马侃彦", "PERSON")],
        [("杨宇栋", "中华全国总工会", "副主席"), ("杨宇栋", "中华全国总工会", "书记处书记"),
         ("马侃彦", "中华全国铁路总工会", "副主席")],
    ),
    (  # three bodies, one not an entity: its title is skipped, the chain goes on
        "座谈会上，丰台区人大常委会党组成员、副主任，区总工会党组书记、主席，区产改协调小组副组长王振华汇报。",
        [("丰台区人大常委会", "ORG"), ("区总工会", "UNION", "丰台区总工会"), ("王振华", "PERSON")],
        [("王振华", "丰台区总工会", "党组书记"), ("王振华", "丰台区总工会", "主席"),
         ("王振华", "丰台区人大常委会", "党组成员"), ("王振华", "丰台区人大常委会", "副主任")],
    ),
    (  # an inner committee stays in the title
        "北京市总工会党组成员、经费审查委员会主任司建陪同调研。",
        [("北京市总工会", "UNION"), ("司建", "PERSON")],
        [("司建", "北京市总工会", "党组成员"), ("司建", "北京市总工会", "经费审查委员会主任")],
    ),
    (  # NER found the committee as an organization of its own: still inside the body
        "北京市总工会党组成员、经费审查委员会主任司建陪同调研。",
        [("北京市总工会", "UNION"), ("经费审查委员会", "ORG"), ("司建", "PERSON")],
        [("司建", "北京市总工会", "党组成员"), ("司建", "北京市总工会", "经费审查委员会主任")],
    ),
    (  # NER found the body's party committee: the title names it, the body holds it
        "中建一局党委副书记、工会主席魏焱颁授队旗。",
        [("中建一局党委", "ORG"), ("中建一局", "COMPANY"), ("魏焱", "PERSON")],
        [("魏焱", "中建一局", "党委副书记"), ("魏焱", "中建一局", "工会主席")],
    ),
    (
        "中建一局党委副书记、工会主席魏焱颁授队旗。",
        [("中建一局", "COMPANY"), ("魏焱", "PERSON")],
        [("魏焱", "中建一局", "党委副书记"), ("魏焱", "中建一局", "工会主席")],
    ),
    (  # brackets inside a name do not cut the phrase
        "网易集团（北京）党委书记、副总裁田华表示。",
        [("网易集团（北京）", "COMPANY"), ("田华", "PERSON")],
        [("田华", "网易集团（北京）", "党委书记"), ("田华", "网易集团（北京）", "副总裁")],
    ),
    (  # department + title; a sub-body named after its parent
        "获奖选手山东能源集团兖矿能源杨村煤矿党群科干事徐姗姗赛后说。",
        [("山东能源集团", "COMPANY"), ("徐姗姗", "PERSON")],
        [("徐姗姗", "山东能源集团兖矿能源杨村煤矿", "党群科干事")],
    ),
    (
        "北京华油鑫业工程技术有限公司工会主席蒋子鹏说。",
        [("北京华油鑫业工程技术有限公司", "COMPANY"), ("蒋子鹏", "PERSON")],
        [("蒋子鹏", "北京华油鑫业工程技术有限公司", "工会主席")],
    ),
    (  # title after the name, no body
        "郭大为主任指出，要深入贯彻习近平总书记重要讲话精神。",
        [("郭大为", "PERSON"), ("习近平", "PERSON")],
        [("郭大为", "", "主任"), ("习近平", "", "总书记")],
    ),
    (  # the title after the name repeats a known one: nothing new
        "老挝万象市工会联合会主席道佩·阿伦来访。去年，道佩·阿伦主席曾到访。",
        [("老挝万象市工会联合会", "UNION"), ("道佩·阿伦", "PERSON")],
        [("道佩·阿伦", "老挝万象市工会联合会", "主席")],
    ),
    (  # one title over a list of names
        "市委常委崔歆、刘丽、黄勇出席。",
        [("崔歆", "PERSON"), ("刘丽", "PERSON"), ("黄勇", "PERSON")],
        [("崔歆", "", "市委常委"), ("刘丽", "", "市委常委"), ("黄勇", "", "市委常委")],
    ),
    (  # government heads hold the post in the place's people's government
        "丰台区副区长张三、北京市市长李四出席。",
        [("丰台区", "PLACE"), ("北京市", "PLACE"), ("张三", "PERSON"), ("李四", "PERSON")],
        [("张三", "丰台区人民政府", "副区长"), ("李四", "北京市人民政府", "市长")],
    ),
    (  # a district party committee member who is also deputy head of the district government
        "朝阳区委常委、副区长李强陪同调研。",
        [("朝阳区委", "ORG"), ("李强", "PERSON")],
        [("李强", "朝阳区委", "常委"), ("李强", "朝阳区人民政府", "副区长")],
    ),
    (  # a list of attendees; a bare 副市长 is the home city's
        "市委常委、秘书长赵磊，副市长刘宇辉出席会议。",
        [("赵磊", "PERSON"), ("刘宇辉", "PERSON")],
        [("赵磊", "", "市委常委"), ("赵磊", "", "市委秘书长"), ("刘宇辉", "北京市人民政府", "副市长")],
    ),
    (  # bylines
        "本报讯（记者 崔欣 通讯员 石祎）近日。本报记者 彭程 摄",
        [("崔欣", "PERSON"), ("石祎", "PERSON"), ("彭程", "PERSON")],
        [("崔欣", "", "记者"), ("石祎", "", "通讯员"), ("彭程", "", "记者")],
    ),
    (  # a comma-separated list of people with their own bodies
        "中国职工交流中心秘书长张广，北京市总工会党组成员、副主席赵丽君出席活动。",
        [("中国职工交流中心", "ORG"), ("北京市总工会", "UNION"), ("张广", "PERSON"), ("赵丽君", "PERSON")],
        [("张广", "中国职工交流中心", "秘书长"), ("赵丽君", "北京市总工会", "党组成员"), ("赵丽君", "北京市总工会", "副主席")],
    ),
    (  # no title words: no role
        "北京京东方显示技术有限公司参赛选手王婷婷表示。全国劳模常洪霞驾驶。",
        [("北京京东方显示技术有限公司", "COMPANY"), ("王婷婷", "PERSON"), ("常洪霞", "PERSON")],
        [],
    ),
    (  # a body that does something is not a title holder's body
        "北京市总工会召开会议，副主席张三出席。",
        [("北京市总工会", "UNION"), ("张三", "PERSON")],
        [],
    ),
]


@pytest.mark.parametrize("text,ents,expected", CASES, ids=[c[0][:12] for c in CASES])
def test_roles_extracts_titles(text, ents, expected):
    assert sorted(run_roles(text, ents)) == sorted(expected)


def test_roles_org_label_and_evidence():
    doc = RoleExtractor(NLP)(make_doc("北京市总工会党组书记、副主席张良会见。", [("北京市总工会", "UNION"), ("张良", "PERSON")]))
    first = doc._.roles[0]
    assert first.org_label == "UNION"
    assert first.evidence.exact == "北京市总工会党组书记、副主席张良"
    assert first.evidence.src_start == 0 and first.evidence.src_end == len(first.evidence.exact)
    assert not hasattr(first, "evidence_start")


def test_roles_factory_runs_in_a_pipeline():
    nlp = spacy.blank("zh")
    nlp.add_pipe("kg_roles")
    assert nlp("没有人名的句子。")._.roles == []


@pytest.mark.parametrize(
    "title,head", [("市长", True), ("副区长", True), ("县长", True), ("主席", False), ("局长", False)]
)
def test_titles_government_head(title, head):
    assert is_government_head(title) is head


@pytest.mark.parametrize(
    "text,full", [("党组书记、副主席", True), ("党群科干事", True), ("常务副主席", True), ("召开会议", False), ("选手", False)]
)
def test_titles_full_match(text, full):
    assert bool(load_titles().titles_full.fullmatch(text)) is full


@pytest.mark.parametrize("title", ["教授", "副教授", "研究员", "副研究员", "讲师"])
def test_roles_academic_ranks_at_a_school(title):
    text = f"某某大学法学院{title}常某应邀作讲座。"
    ents = [("某某大学法学院", "ORG"), ("常某", "PERSON")]
    assert run_roles(text, ents) == [("常某", "某某大学法学院", title)]


@pytest.mark.parametrize(
    "text,ents,expected",
    [
        # a government head listed after another leader holds the post in the place's government
        ("某山区委书记陈某、区长王某出席会议。", [("某山区委", "ORG"), ("陈某", "PERSON"), ("王某", "PERSON")],
         [("陈某", "某山区委", "书记"), ("王某", "某山区人民政府", "区长")]),
        ("某某县委书记陈某、副县长王某出席会议。", [("某某县委", "ORG"), ("陈某", "PERSON"), ("王某", "PERSON")],
         [("陈某", "某某县委", "书记"), ("王某", "某某县人民政府", "副县长")]),
        # no place of that level in the sentence: no role is made up
        ("某某公司董事长陈某、区长王某出席会议。", [("某某公司", "COMPANY"), ("陈某", "PERSON"), ("王某", "PERSON")],
         [("陈某", "某某公司", "董事长")]),
        # other bare titles after a listed leader stay unknown
        ("某山区委书记陈某、主任王某出席会议。", [("某山区委", "ORG"), ("陈某", "PERSON"), ("王某", "PERSON")],
         [("陈某", "某山区委", "书记")]),
    ],
)
def test_roles_listed_government_head(text, ents, expected):
    assert sorted(run_roles(text, ents)) == sorted(expected)


def test_roles_team_leader_in_a_department():
    text = "某某电力公司运维检修部班长张某等劳模代表发言。"
    ents = [("某某电力公司", "COMPANY"), ("张某", "PERSON")]
    assert run_roles(text, ents) == [("张某", "某某电力公司", "运维检修部班长")]


@pytest.mark.parametrize(
    "text,ents,expected",
    [
        # a bare 副区长 later in a list: the district the article named before
        ("某山区委书记陈某到区总工会调研。区委常委刘某，副区长王某参加调研。",
         [("某山区委", "ORG"), ("区总工会", "UNION", "某山区总工会"), ("区委", "ORG", "某山区委"),
          ("陈某", "PERSON"), ("刘某", "PERSON"), ("王某", "PERSON")],
         ("王某", "某山区人民政府", "副区长")),
        # a community is no district: no government is made up
        ("某某社区举办活动。副区长王某参加。", [("某某社区", "PLACE"), ("王某", "PERSON")], ("王某", "", "副区长")),
    ],
)
def test_roles_bare_district_head_takes_the_article_district(text, ents, expected):
    assert expected in run_roles(text, ents)


def test_roles_inner_office_named_with_its_body_is_not_repeated_in_the_title():
    text = "某山区委常委、区委办公室主任潘某出席。"
    ents = [("某山区委", "ORG"), ("区委办公室", "ORG", "某山区委办公室"), ("潘某", "PERSON")]
    assert sorted(run_roles(text, ents)) == [("潘某", "某山区委", "办公室主任"), ("潘某", "某山区委", "常委")]


def test_roles_workshop_head_at_a_company():
    text = "某某汽车制造有限公司总装车间主任韩某登台领奖。"
    ents = [("某某汽车制造有限公司", "COMPANY"), ("韩某", "PERSON")]
    assert run_roles(text, ents) == [("韩某", "某某汽车制造有限公司", "总装车间主任")]


@pytest.mark.parametrize("title", ["心理科主任医师", "高级技师", "高级工程师"])
def test_roles_professional_ranks_at_a_body(title):
    text = f"某某医院{title}程某出席活动。"
    ents = [("某某医院", "ORG"), ("程某", "PERSON")]
    assert run_roles(text, ents) == [("程某", "某某医院", title)]


def test_roles_body_and_title_in_brackets_after_the_name():
    text = "获奖代表王某某（某某重工股份有限公司项目总工程师）、李某（某某电力有限公司焊工）上台领奖。"
    ents = [("某某重工股份有限公司", "COMPANY"), ("某某电力有限公司", "COMPANY"), ("王某某", "PERSON"), ("李某", "PERSON")]
    # 焊工 is a trade, not a post: no role for 李某
    assert run_roles(text, ents) == [("王某某", "某某重工股份有限公司", "项目总工程师")]


def test_roles_project_post_at_a_company():
    text = "某某建设有限公司项目经理孙某介绍。"
    ents = [("某某建设有限公司", "COMPANY"), ("孙某", "PERSON")]
    assert run_roles(text, ents) == [("孙某", "某某建设有限公司", "项目经理")]


def test_roles_every_name_of_a_byline_gets_its_role():
    text = "活动吸引职工参加。（通讯员 甲某某 乙某某）"
    ents = [("甲某某", "PERSON"), ("乙某某", "PERSON")]
    assert run_roles(text, ents) == [("甲某某", "", "通讯员"), ("乙某某", "", "通讯员")]


def test_roles_ministry_department_title():
    text = "某某部某某保障司副司长李某某出席。"
    ents = [("某某部", "ORG"), ("李某某", "PERSON")]
    assert run_roles(text, ents) == [("李某某", "某某部", "某某保障司副司长")]


def test_roles_team_leader_of_a_named_shift():
    text = "某某电网有限责任公司配电班班长罗某出席。"
    ents = [("某某电网有限责任公司", "COMPANY"), ("罗某", "PERSON")]
    assert run_roles(text, ents) == [("罗某", "某某电网有限责任公司", "配电班班长")]


def test_roles_titles_after_a_listed_name_are_held_at_its_body():
    text = "某某工会全国委员会主席甲某某、副主席乙某某出席。"
    ents = [("某某工会全国委员会", "UNION"), ("甲某某", "PERSON"), ("乙某某", "PERSON")]
    assert run_roles(text, ents) == [("甲某某", "某某工会全国委员会", "主席"), ("乙某某", "某某工会全国委员会", "副主席")]


def test_roles_spokesperson_is_a_title():
    text = "某某部新闻发言人孙某某介绍。"
    ents = [("某某部", "ORG"), ("孙某某", "PERSON")]
    assert run_roles(text, ents) == [("孙某某", "某某部", "新闻发言人")]


@pytest.mark.parametrize(
    "text,ents,expected",
    [
        ("某某市委书记甲某，市长乙某会见代表团。", [("某某市委", "ORG"), ("甲某", "PERSON"), ("乙某", "PERSON")],
         [("甲某", "某某市委", "书记"), ("乙某", "某某市人民政府", "市长")]),
        # no city named in the sentence: the paper's own city
        ("副市长乙某出席会议。", [("乙某", "PERSON")], [("乙某", "北京市人民政府", "副市长")]),
    ],
)
def test_roles_bare_mayor_takes_the_city_of_the_sentence(text, ents, expected):
    assert run_roles(text, ents) == expected


def test_roles_head_of_government_at_the_state_council():
    text = "国务院总理甲某某签署命令。"
    assert run_roles(text, [("国务院", "ORG"), ("甲某某", "PERSON")]) == [("甲某某", "国务院", "总理")]


@pytest.mark.parametrize("title", ["领事", "公使衔参赞", "总领事", "大使"])
def test_roles_diplomatic_posts_at_a_mission(title):
    text = f"某国驻某市总领事馆{title}安娜·科尔尼洛娃陪同访问。"
    ents = [("某国驻某市总领事馆", "ORG"), ("安娜·科尔尼洛娃", "PERSON")]
    assert run_roles(text, ents) == [("安娜·科尔尼洛娃", "某国驻某市总领事馆", title)]


def test_roles_director_general_of_an_international_body():
    text = "国际某某组织副总干事伊万·科尔尼洛夫出席会议。"
    ents = [("国际某某组织", "ORG"), ("伊万·科尔尼洛夫", "PERSON")]
    assert run_roles(text, ents) == [("伊万·科尔尼洛夫", "国际某某组织", "副总干事")]


@pytest.mark.parametrize("note", ["（主持工作）", "（挂职）"])
def test_roles_note_on_the_post_before_the_name(note):
    text = f"某某区总工会副主席{note}孙某出席活动。"
    ents = [("某某区总工会", "UNION"), ("孙某", "PERSON")]
    assert run_roles(text, ents) == [("孙某", "某某区总工会", "副主席")]


def test_roles_quoted_honour_between_titles_and_name():
    text = "某某船舶有限公司焊接班班长、“某某大工匠”段某某正带着徒弟集训。"
    ents = [("某某船舶有限公司", "COMPANY"), ("段某某", "PERSON")]
    assert run_roles(text, ents) == [("段某某", "某某船舶有限公司", "焊接班班长")]
