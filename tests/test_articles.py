"""Article segmentation: counts, headlines and reporters on the sample pages, byline forms."""
from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pytest

from unionkg.pipelines.read.articles import segment_articles
from unionkg.pipelines.read.cleaning import Page, clean_text
from unionkg.pipelines.read.reading import read_page

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "data" / "samples"
GOLD = HERE / "fixtures" / "gold"
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
GOLD_STEMS = sorted(p.stem for p in GOLD.glob("0*.json"))


def N(s: str) -> str:
    return unicodedata.normalize("NFKC", s).strip()


def page_of(text: str, page_id: str = "p") -> Page:
    clean, offsets = clean_text(text)
    return Page(
        path=Path(f"{page_id}.txt"),
        page_id=page_id,
        raw=text,
        encoding="utf-8",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=clean,
        offsets=offsets,
    )


@pytest.fixture(scope="module")
def pages():
    return {p.stem: read_page(p) for p in SAMPLE_FILES}


def test_articles_counts_on_sample_pages(pages):
    assert [len(segment_articles(pages[p.stem])) for p in SAMPLE_FILES] == [5, 5, 7, 6, 7]


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_articles_headlines_match_gold(pages, stem):
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    articles = segment_articles(pages[stem])
    assert len(articles) == len(gold["articles"])
    for article, expected in zip(articles, gold["articles"]):
        # Gold sometimes drops a quoted lead-in (“中国梦·劳动美……”全国职工…): it must be part of ours.
        assert N(expected["title"]) in N(article.headline)


# Pages without gold: the headlines as printed (main line of each headline block).
PRINTED_HEADLINES = {
    "003": [
        "市推进产业工人队伍建设改革工作评价组赴丰台调研",
        "延庆区总工会开展集中入会企业沟通会",
        "昌平举办首届自然资源调查监测劳动和技能大赛",
        "进一步推进企业建会和职工入会工作 金盏地区工会借力“双沟通”送服务上门",
        "劳模进校园讲述身边感人故事",
        "怀柔镇12家企业开展“民主日”活动",
    ],
    "004": [
        "全国总工会赴东城调研“县级工会加强年”专项工作",
        "全总文工团走进项目工地慰问一线建设者",
        "市推进产业工人队伍建设改革工作评价组赴石景山调研",
        "网易集团（北京）工会正式成立",
        "幸福从“头”开始",
        "长安汽车职工聆听党的二十大精神宣讲会",
        "平谷区滨河街道职工沟通会答疑解惑",
    ],
}


@pytest.mark.parametrize("prefix", sorted(PRINTED_HEADLINES))
def test_articles_headlines_on_other_pages(pages, prefix):
    (stem,) = [s for s in pages if s.startswith(prefix)]
    assert [a.headline for a in segment_articles(pages[stem])] == PRINTED_HEADLINES[prefix]


@pytest.mark.parametrize(
    "prefix,index,subheadline",
    [
        ("001", 1, "为率先建设世界领先科技园区贡献工会力量"),
        ("001", 2, "“全国工会电子职工书屋数字化阅读一体机”亮相建工大厦职工之家"),  # kicker above
        ("002", 0, "同心筑梦 共谱华章"),
        ("002", 1, "本市技术能手、创新工作室领军人、职业技能大赛获奖者等参加培训"),
        ("003", 2, "围绕自然资源调查监测理论等三个项目开展“五比五赛”"),
        ("004", 1, "中建一局劳动和技能竞赛同时启动"),
        ("000", 0, ""),
    ],
)
def test_articles_subheadlines(pages, prefix, index, subheadline):
    (stem,) = [s for s in pages if s.startswith(prefix)]
    assert segment_articles(pages[stem])[index].subheadline == subheadline


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_articles_reporters_match_gold(pages, stem):
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    articles = segment_articles(pages[stem])
    got = [[N(r.name) for r in a.reporters] for a in articles]
    assert got == [[N(n) for n in a["reporters"]] for a in gold["articles"]]


def test_articles_reporter_roles_as_printed(pages):
    (stem,) = [s for s in pages if s.startswith("002")]
    photo = segment_articles(pages[stem])[4]  # photo item closed by a two-line byline
    assert [(r.name, r.role) for r in photo.reporters] == [("马超", "记者"), ("郝晓月", "通讯员")]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name[:3])
def test_articles_spans_are_consistent(pages, path):
    page = pages[path.stem]
    articles = segment_articles(page)
    assert [a.index for a in articles] == list(range(len(articles)))
    assert articles[0].start > 0  # the running header is not part of any article
    header = page.text[: articles[0].start]
    assert header.count("\n") == 1 and all(header.strip() not in a.text(page) for a in articles)
    for a, b in zip(articles, articles[1:]):
        assert a.end == b.start and a.src_end <= b.src_start
    assert articles[-1].end == len(page.text)
    for a in articles:
        text = a.text(page)
        assert text.endswith("\n") and a.start <= a.body_start <= a.end
        assert a.headline in page.text[a.start:a.body_start]
        assert page.text[a.body_start - 1] == "\n"  # headline lines end before the body
        assert page.offsets[a.start] == a.src_start and page.offsets[a.end - 1] + 1 == a.src_end
        raw_headline = page.raw[a.src_start:a.src_end]
        assert N(a.headline).replace(" ", "")[:6] in N(raw_headline).replace(" ", "")


def test_articles_dateline_opens_body(pages):
    for page in pages.values():
        for a in segment_articles(page):
            body = page.text[a.body_start:a.end]
            assert body.startswith("本报讯") or a.reporters  # photo items carry a byline instead


def test_articles_slogan_header_detected_structurally():
    # A made-up slogan: nothing about the samples' header text is known to the code.
    text = (
        "团结奋进新时代伟业 凝心聚力谱写新篇章\n\n某区工会举办职工运动会\n\n"
        "本报讯（记者 张三）近日，某区工会举办职工运动会。\n\n比赛分为五个项目。\n"
    )
    articles = segment_articles(page_of(text))
    assert [a.headline for a in articles] == ["某区工会举办职工运动会"]


def test_articles_first_headline_kept_without_header():
    text = "某区工会举办职工运动会\n\n本报讯（记者 张三）近日，某区工会举办职工运动会。\n"
    articles = segment_articles(page_of(text))
    assert [a.headline for a in articles] == ["某区工会举办职工运动会"]
    assert articles[0].start == 0


@pytest.mark.parametrize(
    "dateline,expected",
    [
        ("本报讯（记者 张三）近日，", [("张三", "记者")]),
        ("本报讯（记者 张三 李四）近日，", [("张三", "记者"), ("李四", "记者")]),
        ("本报讯（记者 张三 通讯员 王五）近日，", [("张三", "记者"), ("王五", "通讯员")]),
        ("本报讯 记者 欧阳晓明 近日，", [("欧阳晓明", "记者")]),
        ("（通讯员 赵六）近日，", [("赵六", "通讯员")]),
        ("本报讯（记者张三）近日，", [("张三", "记者")]),
        ("本报讯近日，", []),
    ],
)
def test_articles_dateline_reporters(dateline, expected):
    text = f"某区工会举办职工运动会\n\n{dateline}某区工会举办运动会。\n"
    (article,) = segment_articles(page_of(text))
    assert [(r.name, r.role) for r in article.reporters] == expected


@pytest.mark.parametrize(
    "byline,expected",
    [
        ("本报记者 张三 摄", [("李四", "记者"), ("张三", "记者")]),
        ("本报记者 张三 通讯员 王五 摄影报道", [("李四", "记者"), ("张三", "记者"), ("王五", "通讯员")]),
        ("本报记者 李四\n通讯员 王五 摄影报道", [("李四", "记者"), ("王五", "通讯员")]),  # no duplicates
    ],
)
def test_articles_bylines_add_reporters(byline, expected):
    text = (
        "某区工会举办职工运动会\n\n本报讯（记者 李四）近日，某区工会举办运动会。\n\n"
        f"比赛分为五个项目。\n\n{byline}\n\n另一区工会召开会议\n\n本报讯（记者 赵六）近日，会议召开。\n"
    )
    first, second = segment_articles(page_of(text))
    assert [(r.name, r.role) for r in first.reporters] == expected
    assert [r.name for r in second.reporters] == ["赵六"]


def test_articles_inline_photo_byline():
    text = "某区工会举办职工运动会\n\n本报讯（记者 李四）近日，运动会举办。职工们积极参加。本报记者 张三 摄\n"
    (article,) = segment_articles(page_of(text))
    assert [r.name for r in article.reporters] == ["李四", "张三"]


def test_articles_photo_item_with_caption_is_article():
    text = (
        "某区工会举办职工运动会\n\n本报讯（记者 李四）近日，运动会举办。\n\n"
        "快乐健身\n\n3月8日，某公司工会组织女职工开展健身活动。\n\n本报记者 张三 摄影报道\n"
    )
    first, photo = segment_articles(page_of(text))
    assert photo.headline == "快乐健身"
    assert [(r.name, r.role) for r in photo.reporters] == [("张三", "记者")]
    assert [r.name for r in first.reporters] == ["李四"]


def test_articles_are_deterministic(pages):
    page = next(iter(pages.values()))
    assert segment_articles(page) == segment_articles(page)


# ---------------------------------------------------------------- held-out pages (other writers)

HELDOUT = HERE / "fixtures" / "heldout"
HELDOUT_FILES = sorted(HELDOUT.glob("h*.txt"))


@pytest.mark.parametrize("path", HELDOUT_FILES, ids=lambda p: p.stem)
def test_articles_heldout_match_gold(path):
    entries = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["articles"]
    # An article that reports two separate meetings is listed once per meeting (same title, one after the other).
    gold = [e for i, e in enumerate(entries) if i == 0 or e["title"] != entries[i - 1]["title"]]
    articles = segment_articles(read_page(path))
    assert len(articles) == len(gold)
    # Same comparison as for the real gold: gold may drop a quoted lead-in of the headline.
    assert [N(e["title"]) in N(a.headline) for a, e in zip(articles, gold)] == [True] * len(gold)
    got = [[N(r.name) for r in a.reporters] for a in articles]
    assert got == [[N(n) for n in e["reporters"]] for e in gold]


# ---------------------------------------------------------------- segmentation faults, invented pages


def test_articles_brief_signature_does_not_swallow_next_headline():
    text = (
        "某区工会开展普法活动\n\n本报讯 近日，某区工会开展普法活动，服务职工百余人。（通讯员 张三）\n\n"
        "某街道新建职工之家\n\n本报讯 今年以来，某街道新建职工之家十家。（通讯员 李四 王五）\n\n"
        "某镇工会举办技能比赛\n\n本报讯 日前，某镇工会举办技能比赛。\n"
    )
    articles = segment_articles(page_of(text))
    assert [a.headline for a in articles] == ["某区工会开展普法活动", "某街道新建职工之家", "某镇工会举办技能比赛"]
    assert [[(r.name, r.role) for r in a.reporters] for a in articles] == [
        [("张三", "通讯员")],
        [("李四", "通讯员"), ("王五", "通讯员")],
        [],
    ]


def test_articles_signature_line_of_its_own_closes_article():
    text = (
        "某区工会开展普法活动\n\n本报讯 近日，某区工会开展普法活动。\n\n（通讯员 张三）\n\n"
        "某街道新建职工之家\n\n本报讯 今年以来，某街道新建职工之家十家。\n"
    )
    first, second = segment_articles(page_of(text))
    assert (first.headline, [r.name for r in first.reporters]) == ("某区工会开展普法活动", ["张三"])
    assert (second.headline, second.reporters) == ("某街道新建职工之家", [])


@pytest.mark.parametrize(
    "byline,expected",
    [
        ("本报记者 张三", [("张三", "记者")]),
        ("本报记者 张三 通讯员 李四", [("张三", "记者"), ("李四", "通讯员")]),
        ("本报记者 张三\n\n通讯员 李四", [("张三", "记者"), ("李四", "通讯员")]),
    ],
)
@pytest.mark.parametrize("opening", ["本报讯 4月29日，某市召开表彰大会。", "大会表彰了一批先进集体。"])
def test_articles_byline_under_headline_keeps_headline(byline, expected, opening):
    text = (
        "某区工会举办职工运动会\n\n本报讯（记者 赵六）近日，某区工会举办运动会。\n\n比赛分为五个项目。\n\n"
        f"某市召开劳模表彰大会\n\n{byline}\n\n{opening}\n\n会议号召广大职工学习劳模。\n"
    )
    first, second = segment_articles(page_of(text))
    assert [r.name for r in first.reporters] == ["赵六"]
    assert second.headline == "某市召开劳模表彰大会"
    assert [(r.name, r.role) for r in second.reporters] == expected
    assert page_of(text).text[second.body_start:].startswith(byline.split("\n")[0])


def test_articles_photo_caption_without_time_phrase():
    text = (
        "某区工会举办职工运动会\n\n本报讯（记者 李四）近日，运动会举办。\n\n"
        "守护“小候鸟”\n\n暑期来临，某街道工会开设爱心托管班。\n\n本报记者 张三 摄\n\n"
        "某镇工会举办技能比赛\n\n本报讯（记者 王五）日前，某镇工会举办技能比赛。\n"
    )
    articles = segment_articles(page_of(text))
    assert [a.headline for a in articles] == ["某区工会举办职工运动会", "守护“小候鸟”", "某镇工会举办技能比赛"]
    assert [[r.name for r in a.reporters] for a in articles] == [["李四"], ["张三"], ["王五"]]


@pytest.mark.parametrize(
    "header",
    [
        "团结奋进谱写新时代城市发展新篇章",  # a slogan printed as one run, no space
        "工会动态",  # a column label
    ],
)
def test_articles_running_header_without_slogan_shape(header):
    text = (
        f"{header}\n\n某区工会举办职工运动会\n\n"
        "本报讯（记者 张三）近日，某区工会举办职工运动会，职工踊跃参加。\n\n比赛分为五个项目。\n"
    )
    articles = segment_articles(page_of(text))
    assert [(a.headline, a.subheadline) for a in articles] == [("某区工会举办职工运动会", "")]
    assert articles[0].start == len(header) + 1


def test_articles_subheadline_at_page_top_is_no_header():
    text = (
        "某区工会举办职工运动会\n\n千余名职工参加五个比赛项目\n\n"
        "本报讯（记者 张三）近日，某区工会举办职工运动会，千余名职工参加了比赛。\n"
    )
    (article,) = segment_articles(page_of(text))
    assert (article.headline, article.subheadline) == ("某区工会举办职工运动会", "千余名职工参加五个比赛项目")
    assert article.start == 0
