"""Cleaning: normalisation, print-artifact repairs on the real sample pages, the offset map."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from unionkg.pipelines.read.cleaning import clean_text, parse_byline, should_join, trailing_byline

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))


def sample(prefix: str) -> str:
    (path,) = [p for p in SAMPLE_FILES if p.name.startswith(prefix)]
    return path.read_text(encoding="utf-8")


def cleaned(prefix: str) -> tuple[str, str, list[int]]:
    raw = sample(prefix)
    text, offsets = clean_text(raw)
    return raw, text, offsets


# Words and names cut by a column break in the sample pages (raw: ``A`` blank line(s) ``B``).
COLUMN_BREAKS = [
    ("004", "八角街道总工会"),
    ("002", "区总工会主席连宇指出"),
    ("001", "中国铁路北京局集团有限公司研发"),
    ("000", "对于加强两地工会"),
    ("000", "富有创造性"),
    ("000", "“税务+工会”合作模式"),  # across three blank lines
    ("000", "提升税费服务质效"),
    ("000", "全国各地工会组织"),
    ("000", "业务能力和综合素质"),
    ("001", "首批“火车头工匠学院”"),
    ("001", "职工进行技能等级"),
    ("001", "率先建设世界领先科技园区贡献力量》"),
    ("001", "作为连续七届参赛"),
    ("001", "详细介绍工会组织"),
    ("002", "驾驶的北京公交"),
    ("002", "形式开展。"),
    ("002", "生产中遇到的实际问题"),
    ("002", "《我们在毛主席身边》"),
    ("002", "工作中的实际问题"),
    ("002", "重大疾病、女工特殊"),
    ("003", "要进一步加强组织领导"),
    ("003", "推介“北京工会i会员”小程序"),
    ("003", "形成一批技术"),
    ("003", "参赛人员还依据"),
    ("003", "工作人员来到园区内"),
    ("003", "负责人介绍，怀柔镇总工会"),
    ("004", "等工作情况汇报。"),
    ("004", "汇报后，王妍对东城区总工会"),
    ("004", "扣人心弦的民乐"),
    ("004", "提升四个方面的重点难点"),
    ("004", "深入开展“学习型、服务型、创新型”"),
    ("004", "进行了系统宣讲"),
    ("004", "让职工对工会组织"),
]


@pytest.mark.parametrize("prefix,joined", COLUMN_BREAKS)
def test_cleaning_joins_column_break(prefix, joined):
    raw, text, offsets = cleaned(prefix)
    assert joined not in raw  # really broken in the file
    at = text.find(joined)
    assert at >= 0, joined
    # Every clean char maps back to the same raw char, and the raw span crosses a blank line.
    for i in range(at, at + len(joined)):
        assert raw[offsets[i]] == text[i]
    assert "\n\n" in raw[offsets[at]:offsets[at + len(joined) - 1]]


# Headlines (and sub-headlines) that have no final punctuation but must stay on their own line.
HEADLINE_LINES = [
    ("000", "体育馆路街道工会沟通会为职工答疑解惑"),
    ("000", "北京经济技术开发区税收知识竞赛举办"),
    ("001", "海淀区总工会第十七届委员会第三次会议召开"),
    ("001", "为率先建设世界领先科技园区贡献工会力量"),
    ("001", "经开区第七届税收知识竞赛开赛"),
    ("001", "本报记者 于佳 摄"),
    ("002", "同心筑梦 共谱华章"),
    ("002", "首都工匠学院2024年数控工匠人才培训班开班"),
    ("002", "本市技术能手、创新工作室领军人、职业技能大赛获奖者等参加培训"),
    ("002", "拓展活动搭建职工交流平台"),
    ("002", "本报记者 马超"),
    ("003", "劳模进校园讲述身边感人故事"),
    ("003", "围绕自然资源调查监测理论等三个项目开展“五比五赛”"),
    ("004", "幸福从“头”开始"),
    ("004", "中建一局劳动和技能竞赛同时启动"),
]


@pytest.mark.parametrize("prefix,line", HEADLINE_LINES)
def test_cleaning_keeps_headline_lines(prefix, line):
    _, text, _ = cleaned(prefix)
    assert f"\n{line}\n" in text


@pytest.mark.parametrize(
    "prefix,repeated",
    [
        ("003", "市总工会有关部门、丰台区产改协调小组成员单位"),
        ("003", "针对开展“区级工会加强年”专项工作，韩世春强调"),
        ("003", "加强组织领导，拧成一股绳"),  # repeated with a stray "进一步" in front
        ("004", "了系统宣讲和深入阐释"),  # repeated with a stray "系" in front
    ],
)
def test_cleaning_keeps_layout_repeat_once(prefix, repeated):
    raw, text, _ = cleaned(prefix)
    assert raw.count(repeated) == 2
    assert text.count(repeated) == 1


def test_cleaning_drops_stray_prefix_of_repeat():
    _, text, _ = cleaned("004")
    assert "系了系统" not in text


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name[:3])
def test_cleaning_offset_map_points_at_raw_chars(path):
    raw = path.read_text(encoding="utf-8")
    text, offsets = clean_text(raw)
    assert len(text) == len(offsets)
    # Order kept, nothing invented; only a final "\n" added to an unterminated last line may share
    # the offset of the character before it.
    assert all(a < b for a, b in zip(offsets, offsets[1:-1]))
    assert offsets[-2] <= offsets[-1]
    for ch, off in zip(text, offsets):
        if ch == "\n":
            assert raw[off] == "\n" or off == len(raw) - 1
        else:
            assert unicodedata.normalize("NFKC", raw[off]) == unicodedata.normalize("NFKC", ch)
    assert text.endswith("\n") and "\n\n" not in text and "#" not in text


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("２０２４年ＡＢＣｄ工会\n", "2024年ABCd工会\n"),  # full-width letters and digits
        ("会议，讨论。内容、（附件）“标题”《书》\n", "会议，讨论。内容、（附件）“标题”《书》\n"),  # CJK punct kept
        ("# 标题一\n\n## 标题二\n", "标题一\n标题二\n"),  # markdown marks
        ("第一段。\r\n\r\n第二段。\r\n", "第一段。\n第二段。\n"),  # CRLF
        ("本报讯（记者 张三） 近日，会议召开。\n", "本报讯（记者 张三）近日，会议召开。\n"),  # space after ）
        ("共有 2024 名职工 参加。\n", "共有2024名职工 参加。\n"),  # space between digits and Chinese
        ("张三\u3000李四\t\t王五\n", "张三 李四 王五\n"),  # whitespace folded, kept between names
        ("某集团(北京)工会成立\n", "某集团（北京）工会成立\n"),  # ASCII parens inside Chinese
        ("工会\u200b工作\n", "工会工作\n"),  # zero-width characters
        ("无结尾换行", "无结尾换行\n"),
    ],
)
def test_cleaning_normalises(raw, expected):
    text, offsets = clean_text(raw)
    assert text == expected
    assert len(offsets) == len(text)
    assert all(0 <= o < len(raw) for o in offsets)


def test_cleaning_full_width_digit_maps_to_its_raw_offset():
    raw = "共有３人。\n"
    text, offsets = clean_text(raw)
    assert text[2] == "3" and offsets[2] == 2 and raw[offsets[2]] == "３"


@pytest.mark.parametrize(
    "paragraph,nxt,join",
    [
        ("他介绍，今年的工作", "重点是服务职工。", True),  # cut mid-sentence
        ("据该单位相关负责人介", "绍，活动很成功。", True),  # short fragment without commas
        ("“我们的团队作为", "连续参赛的队伍。”", True),  # unbalanced quote: not a headline
        ("某区工会举办职工运动会", "近日，某区工会举办运动会。", False),  # photo item headline over caption
        ("某区工会举办职工运动会", "本报讯（记者 张三）近日，运动会举办。", False),  # headline over dateline
        ("某区工会举办职工运动会", "百余名职工参加比赛", False),  # headline over sub-headline
        ("活动圆满结束。", "随后，大家合影。", False),  # sentence ended
        ("本报记者 张三", "通讯员 李四 摄影报道", False),  # two-line byline
        ("活动结束。本报记者 张三 摄", "某区召开会议", False),  # paragraph closed by a byline
        ("活动结束。（通讯员 张三）", "某区召开会议", False),  # brief signed in brackets
        ("活动结束。（通讯员 张三 李四）", "某区召开会议", False),  # two signers
        ("活动结束。（记者 张三）", "某区召开会议", False),
        ("活动结束。（通讯员 张三）", "本报讯 近日，某区召开会议。", False),
        ("他表示（大意", "如此）要做好工作。", True),  # a bracket that is no signature
    ],
)
def test_cleaning_should_join(paragraph, nxt, join):
    assert should_join(paragraph, nxt) is join


def test_cleaning_is_deterministic():
    raw = sample("002")
    assert clean_text(raw) == clean_text(raw)


def test_cleaning_handles_long_hard_wrapped_paragraph():
    # 20 000 cut lines joined into one paragraph: must stay linear, not rebuild the string each time.
    raw = "职工们，参加了活动并且\n" * 20000 + "表示满意。\n"
    text, offsets = clean_text(raw)
    assert text.count("\n") == 1
    assert len(text) == len(offsets) == len(raw) - 20000 - 1 + 1


def test_cleaning_brief_signature_keeps_next_headline_apart():
    raw = "某区工会开展普法活动\n\n本报讯 近日，某区工会开展普法活动。（通讯员 张三 李四）\n\n某街道新建职工之家\n"
    text, _ = clean_text(raw)
    assert text.splitlines() == [
        "某区工会开展普法活动",
        "本报讯 近日，某区工会开展普法活动。（通讯员 张三 李四）",
        "某街道新建职工之家",
    ]


@pytest.mark.parametrize(
    "paragraph,expected",
    [
        ("活动结束。（通讯员 张三）", [("张三", "通讯员")]),
        ("活动结束。（通讯员 张三 李四）", [("张三", "通讯员"), ("李四", "通讯员")]),
        ("活动结束。（记者 张三 通讯员 李四）", [("张三", "记者"), ("李四", "通讯员")]),
        ("活动结束。本报记者 张三 摄", [("张三", "记者")]),
        ("活动结束。（详见第二版）", None),
        ("活动结束。", None),
    ],
)
def test_cleaning_trailing_byline(paragraph, expected):
    found = trailing_byline(paragraph)
    got = None if found is None else [(r.name, r.role) for r in found[1]]
    assert got == expected
    if found is not None:
        assert paragraph[found[0]] in "（本"


def test_cleaning_parse_byline_whole_line_signature():
    assert [(r.name, r.role) for r in parse_byline("（通讯员 张三）")] == [("张三", "通讯员")]
    assert parse_byline("（详见第二版）") is None


def test_cleaning_fold_table_does_what_fold_char_does():
    from unionkg.pipelines.read.cleaning import _FOLD, _TO_FOLD, _fold_char

    for code in list(range(0x10000)) + [0x1F600, 0x20000, 0x10FFFF]:
        ch = chr(code)
        assert ch.translate(_FOLD) == _fold_char(ch), hex(code)
        assert (_TO_FOLD.search(ch) is not None) == (code in _FOLD), hex(code)


@pytest.mark.parametrize(
    "chars, expected, kept",
    [
        ("中 1", "中1", [0, 2]),  # a layout space between Chinese and a digit
        ("a b", "a b", [0, 1, 2]),
        ("中(文)", "中（文）", [0, 1, 2, 3]),
        ("中,文", "中，文", [0, 1, 2]),
        ("， 中", "，中", [0, 2]),  # next to Chinese punctuation
        (" 中", "中", [1]),
        ("a  b", "a b", [0, 2, 3]),  # of two spaces the second stays: the first has one on its right
        ("中 (文", "中（文", [0, 2, 3]),  # converted first, so the space next to （ goes in the same pass
        ("abc", "abc", [0, 1, 2]),
    ],
)
def test_cleaning_tidy_converts_marks_and_drops_layout_spaces(chars, expected, kept):
    from unionkg.pipelines.read.cleaning import _tidy

    offsets = [100 + k for k in range(len(chars))]
    out, out_offsets = _tidy(list(chars), offsets)
    assert "".join(out) == expected
    assert out_offsets == [100 + k for k in kept]


def test_cleaning_fold_by_regex_equals_translate():
    from unionkg.pipelines.read.cleaning import _FOLD, _TO_FOLD, _fold_match

    every = "".join(chr(code) for code in sorted(_FOLD))
    for line in [every, "北京　市ＡＢＣ１２３\u200b总工会\x07", "无需改动的一行", every[::-1] + "甲"]:
        assert _TO_FOLD.sub(_fold_match, line) == line.translate(_FOLD)
