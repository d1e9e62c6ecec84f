"""Split a clean page into articles: headline block, dateline, body, photo bylines.

An article starts at a block of one to three headline-like lines followed by a dateline
(``本报讯（记者 …）``) or by a caption that opens with a time phrase (photo items:
``幸福从“头”开始`` / ``2月21日，…`` / ``本报记者 盛丽 通讯员 刘淑青 摄影报道``). It runs up to the
next article's first line. The page's running header (a slogan line above the first headline) is
no article.

Reporters come from the dateline and from photo bylines inside the article, in print order. A
photographer keeps the role printed before the name (``本报记者 于佳 摄`` -> 记者): that is what
the byline says, and the 摄 mark only tells which work is theirs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from graph.records import Reporter
from pipelines.cleaning import (
    Page,
    dateline_reporters,
    is_byline,
    is_dateline,
    is_headline_like,
    is_kicker,
    is_slogan,
    parse_byline,
    starts_with_lede,
    trailing_byline,
)

MAX_HEADLINE_LINES = 3

DATELINE = "dateline"
BYLINE = "byline"
HEADLINE = "headline"
BODY = "body"


@dataclass
class Article:
    page_id: str
    index: int
    headline: str
    subheadline: str
    start: int  # span in page.text from the headline to the article's end
    end: int
    body_start: int  # offset in page.text where the body (after the headline lines) starts
    reporters: list[Reporter] = field(default_factory=list)
    src_start: int = 0  # the same span in page.raw
    src_end: int = 0

    def text(self, page: Page) -> str:
        return page.text[self.start:self.end]


@dataclass
class _Line:
    text: str
    start: int  # offset in page.text
    end: int  # offset after its "\n"
    kind: str


def _lines(page: Page) -> list[_Line]:
    lines = []
    pos = 0
    text = page.text
    while pos < len(text):
        nl = text.find("\n", pos)
        stop = len(text) if nl < 0 else nl
        line = text[pos:stop]
        end = stop + 1 if nl >= 0 else stop
        if line.strip():
            lines.append(_Line(line, pos, end, _kind(line)))
        pos = end
    return lines


def _kind(line: str) -> str:
    if is_dateline(line):
        return DATELINE
    if is_byline(line):
        return BYLINE
    if is_headline_like(line):
        return HEADLINE
    return BODY


def _markdown_level(page: Page, clean_start: int) -> int:
    """``#`` marks the raw line of clean offset ``clean_start`` started with (0: none)."""
    raw_pos = page.offsets[clean_start]
    line_start = page.raw.rfind("\n", 0, raw_pos) + 1
    prefix = page.raw[line_start:raw_pos].strip()
    return len(prefix) if prefix and set(prefix) == {"#"} else 0


def _opens_story(lines: list[_Line], i: int) -> bool:
    """Line ``i`` is what follows a headline block: a dateline or a time-phrase lede."""
    return lines[i].kind == DATELINE or (lines[i].kind == BODY and starts_with_lede(lines[i].text))


def _headline_run(lines: list[_Line], first: int) -> int:
    """Number of consecutive headline-like lines from ``first``."""
    n = 0
    while first + n < len(lines) and lines[first + n].kind == HEADLINE:
        n += 1
    return n


def _running_header(page: Page, lines: list[_Line]) -> bool:
    """Is the page's first line a running header rather than a headline?"""
    if len(lines) < 2 or lines[0].kind != HEADLINE or lines[1].kind != HEADLINE:
        return False
    if _markdown_level(page, lines[0].start) == 1 and _markdown_level(page, lines[1].start) >= 2:
        return True
    if is_slogan(lines[0].text):
        return True
    run = _headline_run(lines, 0)
    return run >= MAX_HEADLINE_LINES and run < len(lines) and _opens_story(lines, run)


def _article_starts(lines: list[_Line], first: int) -> list[int]:
    starts: list[int] = []
    for i in range(first, len(lines)):
        if not _opens_story(lines, i):
            continue
        j = i
        while j > first and lines[j - 1].kind == HEADLINE and i - (j - 1) <= MAX_HEADLINE_LINES:
            j -= 1
        if j == i and lines[i].kind != DATELINE:
            continue  # a lede without a headline is just a paragraph
        if starts and starts[-1] >= j:
            continue
        starts.append(j)
    if first < len(lines) and (not starts or starts[0] > first):
        starts.insert(0, first)  # text before the first headline block
    return starts


def _pick_headline(block: list[str]) -> tuple[str, str]:
    """Main headline and the remaining headline lines (kicker above / sub-headline below)."""
    if not block:
        return "", ""
    main = next((k for k, line in enumerate(block) if not is_kicker(line)), 0)
    rest = [line for k, line in enumerate(block) if k != main]
    return block[main], " ".join(rest)


def _add(reporters: list[Reporter], found: list[Reporter]) -> None:
    for r in found:
        if all(r.name != known.name for known in reporters):
            reporters.append(r)


def segment_articles(page: Page) -> list[Article]:
    """The articles of ``page`` in print order (running header dropped)."""
    lines = _lines(page)
    first = 1 if _running_header(page, lines) else 0
    starts = _article_starts(lines, first)
    articles = []
    for index, s in enumerate(starts):
        stop = starts[index + 1] if index + 1 < len(starts) else len(lines)
        body = min(s + _headline_run(lines, s), s + MAX_HEADLINE_LINES, stop)
        headline, subheadline = _pick_headline([line.text for line in lines[s:body]])
        reporters: list[Reporter] = []
        for line in lines[body:stop]:
            if line.kind == BYLINE:
                _add(reporters, parse_byline(line.text) or [])
                continue
            if line.kind == DATELINE:
                _add(reporters, dateline_reporters(line.text))
            tail = trailing_byline(line.text)
            if tail:
                _add(reporters, tail[1])
        start, end = lines[s].start, lines[stop - 1].end
        articles.append(
            Article(
                page_id=page.page_id,
                index=index,
                headline=headline,
                subheadline=subheadline,
                start=start,
                end=end,
                body_start=lines[body].start if body < stop else end,
                reporters=reporters,
                src_start=page.offsets[start],
                src_end=page.offsets[end - 1] + 1,
            )
        )
    return articles
