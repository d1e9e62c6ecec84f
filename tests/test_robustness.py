"""Property-based and pathological-input tests for reading, cleaning and segmentation.

Every property runs derandomized (same examples on every run). The character alphabet mixes
Chinese, full-width forms, markdown marks, odd line breaks and code points (U+FFFE, U+2028 ...)
with layout fragments of real pages (datelines, bylines, time-phrase ledes) so that the layout
rules, not only the character folding, get exercised.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import tempfile
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from unionkg.pipelines.settings import SAMPLES_DIR
from unionkg.pipelines.read.articles import segment_articles
from unionkg.pipelines.read.cleaning import Page, clean_text
from unionkg.pipelines.read.layout import is_column_heading, is_headline_like, is_nav
from unionkg.pipelines.read.reading import PageError, decode_bytes, read_page

# Line boundaries of str.splitlines: a clean "\n" stands for one of them.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# ASCII characters that become their Chinese form between Chinese characters.
TO_FULL_WIDTH = {"（": "(", "）": ")", "，": ","}

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
FULL_WIDTH = st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E)
ODD = st.sampled_from(
    ["\ufeff", "\ufffe", "\uffff", "\u2028", "\u2029", "\u200b", "\u3000", "\xa0", "\x85", "\x0b", "\x0c",
     "\x1c", "\x00", "\x07", "\ue000", "\U0001f600", "\U00020000"]
)
LAYOUT = st.sampled_from(
    ["\n", "\n\n", "\n\n\n\n", "\r\n", "\r", "\t", " ", "  ", "#", "## ", "\n# ", "。", "，", "、", "“", "”",
     "（", "）", "《", "》", "：", "…", "！", "？", "(", ")", ",", "１２", "ＡＢ",
     "本报讯（记者 张明 通讯员 李华）", "本报讯 记者 王强", "（通讯员 赵亮）", "本报记者 陈静 摄",
     "本报记者 马力 通讯员 周平 摄影报道", "近日，", "3月5日，", "深入学习贯彻精神 奋力开拓工作局面",
     "工会动态", "1.", "二、", "（三）", "■", "又讯 ", "上一条：", "返回列表", "2019-11-29", "发布时间：", "-->"]
)
ANY_CHAR = st.characters(blacklist_categories=["Cs"])
FRAGMENT = st.one_of(st.text(CJK, min_size=1, max_size=12), LAYOUT, FULL_WIDTH, ODD, ANY_CHAR)
RAW_TEXT = st.lists(FRAGMENT, max_size=60).map("".join)
# Text a page could hold in GB18030 (no NULs, controls or private use: those are not page text).
PAGE_CHAR = st.one_of(CJK, CJK, CJK, st.sampled_from("，。、：“”（）《》！？ \n0123456789ABCabc"), FULL_WIDTH)
PAGE_TEXT = st.text(PAGE_CHAR, min_size=1, max_size=200)

FAST = settings(derandomize=True, max_examples=800, deadline=None)


def folds_to(clean: str, raw: str) -> bool:
    """Is clean character ``clean`` the documented normalisation of raw character ``raw``?"""
    if clean == raw:
        return True
    if clean == "\n":
        return raw in LINE_BREAKS
    if clean == " ":
        return raw.isspace() and raw not in LINE_BREAKS
    if clean.isascii() and clean.isalnum():  # full-width letters and digits only, not punctuation
        return ord(raw) - 0xFEE0 == ord(clean)
    return TO_FULL_WIDTH.get(clean) == raw


def check_offsets(raw: str, text: str, offsets: list[int]) -> None:
    assert len(offsets) == len(text)
    # Strictly increasing: only the "\n" closing an unterminated last line shares its offset (below).
    assert all(a < b or text[i + 1] == "\n" for i, (a, b) in enumerate(zip(offsets, offsets[1:])))
    assert all(a <= b for a, b in zip(offsets, offsets[1:])), "offsets must not decrease"
    assert all(0 <= o < len(raw) for o in offsets)
    for i, (ch, o) in enumerate(zip(text, offsets)):
        # The "\n" closing an unterminated last line has no raw line break: it maps to that line's last char.
        if ch == "\n" and raw[o] not in LINE_BREAKS:
            assert i > 0 and offsets[i - 1] == o, (i, ch, raw[o])
            continue
        assert folds_to(ch, raw[o]), (i, ch, raw[o])


def make_page(raw: str, name: str = "p") -> Page:
    text, offsets = clean_text(raw)
    return Page(path=Path(f"{name}.txt"), page_id=name, raw=raw, encoding="utf-8", sha256="0" * 64,
                text=text, offsets=offsets)


def _gap_lines(page: Page, start: int, end: int) -> list[str]:
    return [line for line in page.text[start:end].split("\n") if line]


def _is_gap_line(line: str) -> bool:
    """Text between articles: navigation, a column heading, a line of symbols, or a title over them."""
    return is_nav(line) or is_column_heading(line) or not any(ch.isalnum() for ch in line) or is_headline_like(line)


def check_articles(page: Page) -> None:
    articles = segment_articles(page)
    # The articles cover the page from its first line (or the line after a running header) to its end;
    # between them only navigation and column headings (and a page title over them) are left out.
    first_line_end = page.text.find("\n") + 1
    if articles and articles[0].start not in (0, first_line_end):
        assert all(map(_is_gap_line, _gap_lines(page, 0, articles[0].start)))
    if articles:
        assert all(map(_is_gap_line, _gap_lines(page, articles[-1].end, len(page.text))))
    previous_end = articles[0].start if articles else 0
    for index, a in enumerate(articles):
        assert a.index == index and a.page_id == page.page_id
        assert previous_end <= a.start <= a.body_start <= a.end <= len(page.text)
        assert all(map(_is_gap_line, _gap_lines(page, previous_end, a.start)))
        assert a.start < a.end
        previous_end = a.end
        # A headline is printed above the body; a title made of the first characters is the printed text.
        printed = "".join(page.raw[a.src_start:a.src_end].splitlines())
        assert a.headline in page.text[a.start:a.body_start] or a.headline in printed
        assert a.headline.strip()
        assert a.src_start == page.offsets[a.start]
        assert a.src_end == page.offsets[a.end - 1] + 1
        assert 0 <= a.src_start < a.src_end <= len(page.raw)
        assert "\n" not in a.headline
        names = [r.name for r in a.reporters]
        assert len(names) == len(set(names)) and all(name in a.text(page) for name in names)
    if page.text.strip():
        assert articles, "a page with text has at least one article"


# ---------------------------------------------------------------- cleaning


@FAST
@given(RAW_TEXT)
def test_robustness_clean_offsets_map_each_char_to_its_raw_source(raw):
    text, offsets = clean_text(raw)
    check_offsets(raw, text, offsets)
    # One paragraph per line: no blank lines, no "\r", no line-start markdown marks or spaces.
    assert text == "" or text.endswith("\n")
    for line in text.split("\n")[:-1]:
        assert line and not line[0].isspace() and not line[-1].isspace()
        assert "\r" not in line


@FAST
@given(RAW_TEXT)
# Found by this property (fixed): a space kept beside a ``(`` that became ``（``, an ASCII ``)``/``,``
# left unconverted at the joint of two joined lines, a second group of ``#`` marks.
@example("一 (二")
@example("一\n)")
@example("一,\n二")
@example("## ## 一")
def test_robustness_clean_second_pass_only_joins_or_drops_paragraphs(raw):
    # Not idempotent in general, by design: a second pass no longer sees the `#` marks that kept a
    # markdown heading apart from its body, a join decision looks at the next paragraph (which the
    # first pass may have extended), and joined paragraphs can repeat one another. What must hold:
    # characters are normal already, so a second pass only joins paragraphs (re-tidying the joint:
    # ``一)`` -> ``一）``, a space beside it dropped) or drops whole repeated paragraphs.
    text, _ = clean_text(raw)
    again, offsets = clean_text(text)
    check_offsets(text, again, offsets)
    kept = set(offsets)
    start = 0
    for line in text.split("\n")[:-1]:
        lost = [text[k] for k in range(start, start + len(line)) if k not in kept]
        assert len(lost) == len(line) or set(lost) <= {" "}, (line, lost)
        start += len(line) + 1


@FAST
@given(st.text(PAGE_CHAR, max_size=300))
def test_robustness_clean_is_idempotent_on_plain_paragraphs(body):
    # Without markdown marks, repeats or column breaks to repair, cleaning its own output changes nothing.
    raw = "\n".join(p + "。" for p in body.split("\n"))
    text, _ = clean_text(raw)
    assert clean_text(text)[0] == text


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES_DIR.glob("*.txt")))
def test_robustness_clean_is_idempotent_on_sample_pages(name):
    text, _ = clean_text((SAMPLES_DIR / name).read_text(encoding="utf-8"))
    again, offsets = clean_text(text)
    assert again == text and offsets == [i for i, ch in enumerate(text)]


# ---------------------------------------------------------------- segmentation


@FAST
@given(RAW_TEXT)
def test_robustness_segment_articles_spans_are_ordered_and_map_back(raw):
    check_articles(make_page(raw))


@settings(derandomize=True, max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "深入学习贯彻精神 奋力开拓工作局面", "# 工会工作新局面", "## 区总工会召开会议", "职工之家建设", "“幸福”从头开始",
    "本报讯（记者 张明 通讯员 李华）近日，区总工会召开会议。", "本报讯 记者 王强 近日，街道总工会成立。",
    "3月5日，职工参加活动。", "本报记者 陈静 摄", "会议指出，要加强建设", "强两地合作。", "", "", "",
    "工会动态", "1.近日，街道工会开展活动。", "2.区总工会召开会议", "■职工书屋开放 近日，书屋开放。", "又讯 近日，",
    "上一条：区总工会召开会议", "返回列表", "2019-11-29", "来源：区总工会", "喜迎新春，情暖职工",
]), max_size=40))
def test_robustness_segment_articles_on_page_shaped_text(lines):
    check_articles(make_page("\n".join(lines)))


# ---------------------------------------------------------------- decoding


def _accepts_or_explains(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except ValueError as exc:
        assert str(exc).strip()
    else:
        assert isinstance(text, str) and text.strip() and codecs.lookup(encoding)


BOMS = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE])


@settings(derandomize=True, max_examples=400, deadline=None)
@given(st.one_of(
    st.binary(max_size=200),
    st.tuples(BOMS, st.binary(max_size=200)).map(lambda t: t[0] + t[1]),
    # Damaged encodings of page text: cut short, or with a random byte spliced in.
    st.tuples(PAGE_TEXT, st.sampled_from(["utf-8", "utf-16", "gb18030"]), st.integers(0, 400), st.binary(max_size=3))
    .map(lambda t: t[0].encode(t[1])[: t[2]] + t[3] + t[0].encode(t[1])[t[2]:]),
))
def test_robustness_decode_bytes_returns_text_or_value_error(data):
    _accepts_or_explains(data)


@settings(derandomize=True, max_examples=500, deadline=None)
@given(PAGE_TEXT.filter(lambda t: t.strip()),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "utf-16-le", "utf-16-be"]))
def test_robustness_decode_bytes_round_trips_each_encoding(text, encoding):
    data = text.encode(encoding)
    # Without a BOM, UTF-16 is recognised by the NUL bytes its ASCII characters bring, and a line
    # break settles the byte order (00 4E alone is 一 little-endian and N big-endian).
    assume(not encoding.startswith("utf-16-") or "\n" in text.strip("\n"))
    if encoding == "gb18030":
        # Ambiguous, and settled for UTF-8: a short GB18030 text whose bytes are UTF-8 for accented
        # Latin (茅 is C3 A9, which is é).
        try:
            assume(not re.search("[\u00c0-\u00ff]", data.decode("utf-8")))
        except UnicodeDecodeError:
            pass
    decoded, _ = decode_bytes(data)
    assert decoded == text


@pytest.mark.parametrize(("text", "encoding"), [
    ("丌", "gb18030"),  # D8 A2: valid UTF-8 too, for Arabic آ
    ("café", "utf-8"),  # and the other way round: accented Latin stays UTF-8
    ("阿卜杜拉·艾力", "utf-8"),
    ("工会\n工作", "utf-16-le"),
    ("工会\n工作", "utf-16-be"),
])
def test_robustness_decode_bytes_short_texts(text, encoding):
    assert decode_bytes(text.encode(encoding)) == (text, encoding)


# ---------------------------------------------------------------- whole page pipeline


@settings(derandomize=True, max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(CJK, min_size=2, max_size=30), LAYOUT), min_size=1, max_size=40).map("".join))
def test_robustness_process_file_raises_only_page_error(raw):
    from unionkg.pipelines.nlp.extract import process_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.txt"
        path.write_text(raw, encoding="utf-8", newline="")
        try:
            record = process_file(path)
        except PageError as exc:
            assert exc.path == path and exc.reason
            return
    chars = len(raw)
    assert record.chars == chars
    for article in record.articles:
        assert 0 <= article.src_start < article.src_end <= chars
        for m in article.mentions:
            assert 0 <= m.src_start < m.src_end <= chars
            assert raw[m.src_start] == m.text[0] or folds_to(m.text[0], raw[m.src_start])
        evidence = [r.evidence for r in article.roles] + [e.evidence for e in article.events]
        evidence += [s.evidence for s in article.structure]
        for ev in evidence:
            if ev is not None:
                assert 0 <= ev.src_start <= ev.src_end <= chars


# ---------------------------------------------------------------- pathological pages


def _write(tmp_path: Path, data: bytes | str, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _read_and_segment(path: Path):
    page = read_page(path)
    check_offsets(page.raw, page.text, page.offsets)
    check_articles(page)
    return page, segment_articles(page)


def test_robustness_two_megabyte_single_line_page_is_linear(tmp_path):
    sentence = "区总工会职工服务中心组织开展帮扶活动，"
    raw = "本报讯（记者 张明）" + sentence * (2_000_000 // len(sentence)) + "。"
    started = time.perf_counter()
    page, articles = _read_and_segment(_write(tmp_path, raw))
    assert time.perf_counter() - started < 10
    assert page.text == raw + "\n" and len(articles) == 1


def test_robustness_page_of_only_headlines(tmp_path):
    heads = [f"区总工会第{i}次会议召开" for i in range(1, 200)]
    page, articles = _read_and_segment(_write(tmp_path, "\n\n".join(heads)))
    assert articles and all(line in page.text for line in heads[1:])


def test_robustness_page_with_ten_thousand_blank_lines(tmp_path):
    raw = "区总工会召开会议\n" + "\n" * 10_000 + "本报讯（记者 张明）近日，区总工会召开会议。\n" + "\r\n" * 10_000
    page, articles = _read_and_segment(_write(tmp_path, raw))
    assert page.text == "区总工会召开会议\n本报讯（记者 张明）近日，区总工会召开会议。\n"
    assert [a.headline for a in articles] == ["区总工会召开会议"]


def test_robustness_page_where_every_paragraph_repeats(tmp_path):
    paragraphs = [f"第{i}段：区总工会组织职工开展技能竞赛活动，参赛职工达到百余人。" for i in range(50)]
    raw = "区总工会开展竞赛\n本报讯（记者 张明）\n" + "\n\n".join(p + "\n\n" + p for p in paragraphs)
    page, articles = _read_and_segment(_write(tmp_path, raw))
    for p in paragraphs:
        assert page.text.count(p) == 1
    assert len(articles) == 1


def test_robustness_windows_line_ends_and_bom(tmp_path):
    raw = "区总工会召开会议\r\n\r\n本报讯（记者 张明）近日，区总工会召开会议。\r\n"
    page, articles = _read_and_segment(_write(tmp_path, codecs.BOM_UTF8 + raw.encode("utf-8")))
    assert page.encoding == "utf-8-sig" and "\r" not in page.text and "\ufeff" not in page.text
    assert page.sha256 == hashlib.sha256(codecs.BOM_UTF8 + raw.encode("utf-8")).hexdigest()
    assert [a.headline for a in articles] == ["区总工会召开会议"]
    assert page.raw[articles[0].src_start:articles[0].src_end].startswith("区总工会召开会议\r\n")


def test_robustness_directory_symlink_is_a_page_error(tmp_path):
    (tmp_path / "folder").mkdir()
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "folder", target_is_directory=True)
    with pytest.raises(PageError) as err:
        read_page(link)
    assert err.value.path == link and str(link) in str(err.value)


def test_robustness_dangling_symlink_is_a_page_error(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing.txt")
    with pytest.raises(PageError, match="gone.txt"):
        read_page(link)


def test_robustness_symlink_loop_is_a_page_error(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    with pytest.raises(PageError, match="loop.txt"):
        read_page(loop)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_robustness_pipe_or_device_is_a_page_error_not_a_hang(tmp_path, kind):
    if kind == "fifo":
        path = tmp_path / "pipe.txt"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")  # endless: reading it would never finish
    outcome: list = []

    def read() -> None:
        try:
            read_page(path)
        except PageError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert outcome and "not a regular file" in outcome[0].reason


def test_robustness_unreadable_file_is_a_page_error(tmp_path):
    path = _write(tmp_path, "区总工会召开会议。")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read any file")
        with pytest.raises(PageError, match="unreadable"):
            read_page(path)
    finally:
        path.chmod(0o644)
