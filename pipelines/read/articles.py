"""Split a clean page into articles: headline block, dateline, body, photo bylines.

An article starts at a block of one to three headline-like lines followed by a dateline
(``本报讯（记者 …）``), by a caption that opens with a time phrase or is closed by a photo credit
(photo items: ``幸福从“头”开始`` / ``2月21日，…`` / ``本报记者 盛丽 通讯员 刘淑青 摄影报道``), or by a
byline line set under the headline (``本报记者 X`` before the dateline). It runs up to the next
article's first line. The page's running header (a slogan line or column label above the first
headline, sharing little wording with the first story) is no article.

Reporters come from the dateline, byline lines and bylines closing a paragraph (photo credits,
``（通讯员 X）`` signatures of briefs), in print order. A
photographer keeps the role printed before the name (``本报记者 于佳 摄`` -> 记者): that is what
the byline says, and the 摄 mark only tells which work is theirs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from unionkg.graph.records import Reporter
from unionkg.pipelines.read.cleaning import (
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
MAX_BYLINE_LINES = 2
# Running-header test: the first story's opening lines, and how much less of the header's
# wording they may share than the headline's before the first line counts as a header.
STORY_LINES_FOR_OVERLAP = 3
HEADER_OVERLAP_RATIO = 0.5
# How a photo credit ends (``本报记者 于佳 摄`` / ``… 摄影报道``); a plain ``报道`` byline is no photo.
PHOTO_CREDIT_ENDS = ("摄", "摄影", "摄像", "摄影报道")

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
    if is_byline(line):  # before the dateline test: ``（通讯员 X）`` alone is a signature
        return BYLINE
    if is_dateline(line):
        return DATELINE
    if is_headline_like(line):
        return HEADLINE
    return BODY


def _markdown_level(page: Page, clean_start: int) -> int:
    """``#`` marks the raw line of clean offset ``clean_start`` started with (0: none)."""
    raw_pos = page.offsets[clean_start]
    line_start = page.raw.rfind("\n", 0, raw_pos) + 1
    prefix = page.raw[line_start:raw_pos].strip()
    return len(prefix) if prefix and set(prefix) == {"#"} else 0


def _is_photo_byline(line: _Line) -> bool:
    """A photo credit: a byline line, or a caption paragraph closed by one."""
    if not line.text.rstrip().endswith(PHOTO_CREDIT_ENDS):
        return False
    return line.kind == BYLINE or (line.kind == BODY and trailing_byline(line.text) is not None)


def _opens_story(lines: list[_Line], i: int) -> bool:
    """Line ``i`` is what follows a headline block.

    A dateline, a time-phrase lede, a byline set under the headline (``本报记者 X``, not a photo
    credit), or a photo caption: one paragraph under a headline closed by a photo byline.
    """
    line = lines[i]
    if line.kind == DATELINE or (line.kind == BODY and starts_with_lede(line.text)):
        return True
    after_headline = i > 0 and lines[i - 1].kind == HEADLINE
    if line.kind == BYLINE:
        return after_headline and not _is_photo_byline(line)
    if line.kind == BODY and after_headline:
        return _is_photo_byline(line) or (i + 1 < len(lines) and _is_photo_byline(lines[i + 1]))
    return False


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
    if run >= len(lines) or not _opens_story(lines, run):
        return False
    if run >= MAX_HEADLINE_LINES:
        return True
    # Two lines over the first story: a headline with its kicker or sub-headline shares words
    # with the story, a running slogan or a column label (``工会动态``) hardly does.
    if is_kicker(lines[0].text):
        return False
    story = "".join(line.text for line in lines[run:run + STORY_LINES_FOR_OVERLAP])
    return _shared_bigrams(lines[0].text, story) < HEADER_OVERLAP_RATIO * _shared_bigrams(lines[1].text, story)


def _shared_bigrams(line: str, story: str) -> float:
    """Share of the character pairs of ``line`` that occur in ``story``."""
    pairs = {line[k:k + 2] for k in range(len(line) - 1) if not line[k:k + 2].isspace()}
    return sum(pair in story for pair in sorted(pairs)) / len(pairs) if pairs else 0.0


def _article_starts(lines: list[_Line], first: int) -> list[int]:
    starts: list[int] = []
    for i in range(first, len(lines)):
        if not _opens_story(lines, i):
            continue
        head = i
        while head > first and i - head < MAX_BYLINE_LINES and lines[head - 1].kind == BYLINE:
            head -= 1  # ``本报记者 X`` set between the headline and the dateline
        if head < i and not (head > first and lines[head - 1].kind == HEADLINE):
            head = i  # a byline after body text closes the previous article
        j = head
        while j > first and lines[j - 1].kind == HEADLINE and head - (j - 1) <= MAX_HEADLINE_LINES:
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
