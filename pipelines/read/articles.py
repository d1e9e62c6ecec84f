"""Split a clean page into articles: headline block, dateline, body, photo bylines.

An article starts at a block of one to three headline-like lines followed by a dateline
(``本报讯（记者 …）``), by a caption that opens with a time phrase or is closed by a photo credit
(photo items: ``幸福从“头”开始`` / ``2月21日，…`` / ``本报记者 盛丽 通讯员 刘淑青 摄影报道``), or by a
byline line set under the headline (``本报记者 X`` before the dateline). It runs up to the next
article's first line. The page's running header (a slogan line or column label above the first
headline, sharing little wording with the first story) is no article.

Other outlets' layouts (:mod:`unionkg.pipelines.read.digest`): a digest column (``工会动态`` over
numbered or symbol-marked briefs, or over briefs each under a short headline) gives one article per
item; ``又讯`` / ``另讯`` open an article like a dateline; a news item's date or source line under its
headline (``2019-11-29``, ``发布时间：…``) opens its story; navigation lines (``上一条：…``, ``返回列表``)
and column headings belong to no article, and what follows navigation starts a new one. An article
without a headline of its own is titled by its first characters (``TITLE_CHARS``).

Reporters come from the dateline, byline lines and bylines closing a paragraph (photo credits,
``（通讯员 X）`` signatures of briefs), in print order. A photographer keeps the role printed before the name (``本报记者 于佳 摄`` -> 记者): that is what
the byline says, and the 摄 mark only tells which work is theirs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from unionkg.graph.records import Reporter
from unionkg.pipelines.read.cleaning import Page
from unionkg.pipelines.read.digest import Item, digest_items
from unionkg.pipelines.read.layout import (
    dateline_reporters,
    is_byline,
    is_column_heading,
    is_comma_headline,
    is_dateline,
    is_headline_like,
    is_kicker,
    is_meta,
    is_nav,
    is_slogan,
    item_marker,
    parse_byline,
    shared_bigrams,
    starts_with_lede,
    trailing_byline,
)

MAX_HEADLINE_LINES = 3
MAX_BYLINE_LINES = 2
MAX_META_LINES = 2  # date / source lines between a news item's headline and its text
# Running-header test: the first story's opening lines, and how much less of the header's
# wording they may share than the headline's before the first line counts as a header.
STORY_LINES_FOR_OVERLAP = 3
HEADER_OVERLAP_RATIO = 0.5
# How a photo credit ends (``本报记者 于佳 摄`` / ``… 摄影报道``); a plain ``报道`` byline is no photo.
PHOTO_CREDIT_ENDS = ("摄", "摄影", "摄像", "摄影报道")
CREDIT_ROLES = ("记者", "通讯员", "摄影")

# A headline-less article's title: its first characters (the gold convention for such texts).
TITLE_CHARS = 15

DATELINE = "dateline"
BYLINE = "byline"
HEADLINE = "headline"
BODY = "body"
META = "meta"  # a news item's date / source line
NAV = "nav"  # site navigation or a line of symbols: no article's text
COLUMN = "column"  # a digest column heading: no article's text
SKIPPED = (NAV, COLUMN)


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
    lines: list[_Line] = []
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
    for i, line in enumerate(lines):
        if line.kind == COLUMN and i + 1 < len(lines) and lines[i + 1].kind in (DATELINE, META, BYLINE):
            line.kind = HEADLINE  # a column label straight over a story is that story's headline
    for i in range(len(lines) - 1):
        if lines[i].kind != BODY or not is_comma_headline(lines[i].text):
            continue
        # A line with commas but no sentence end is a headline over a date or source line, or where
        # an item begins (page top, after navigation) over its story (cleaning kept them apart).
        if lines[i + 1].kind == META or ((i == 0 or lines[i - 1].kind in SKIPPED) and lines[i + 1].kind in (DATELINE, BODY)):
            lines[i].kind = HEADLINE
    return lines


def _kind(line: str) -> str:
    if is_byline(line):  # before the dateline test: ``（通讯员 X）`` alone is a signature
        return BYLINE
    if is_dateline(line):
        return DATELINE
    if is_nav(line) or not any(ch.isalnum() for ch in line):
        return NAV
    if is_meta(line):
        return META
    if is_column_heading(line):
        return COLUMN
    if is_headline_like(line) and not _is_credit(line):
        return HEADLINE
    return BODY


def _is_credit(line: str) -> bool:
    """A photo credit in prose (``图片由记者 X Y 摄``): it closes a story, it is no headline."""
    return line.rstrip().endswith(PHOTO_CREDIT_ENDS) and any(role in line for role in CREDIT_ROLES)


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
    credit), a date or source line under a news item's headline, or a photo caption: one paragraph
    under a headline closed by a photo byline. (A headline line over an undated paragraph is not
    enough: intertitles inside a story look the same.)
    """
    line = lines[i]
    if line.kind == DATELINE or (line.kind == BODY and starts_with_lede(line.text)):
        return True
    after_headline = i > 0 and lines[i - 1].kind == HEADLINE
    if line.kind == META:
        return after_headline  # ``2019-11-29`` / ``来源：…`` under a news item's headline
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
    return shared_bigrams(lines[0].text, story) < HEADER_OVERLAP_RATIO * shared_bigrams(lines[1].text, story)


def _article_starts(lines: list[_Line], first: int) -> list[int]:
    """Lines where an article opens with its headline block (or its dateline, when it has none)."""
    starts: list[int] = []
    for i in range(first, len(lines)):
        if not _opens_story(lines, i):
            continue
        head = i
        while head > first and i - head < MAX_BYLINE_LINES + MAX_META_LINES and lines[head - 1].kind in (BYLINE, META):
            head -= 1  # ``本报记者 X`` or ``来源：…`` set between the headline and the dateline
        if head < i and not (head > first and lines[head - 1].kind == HEADLINE):
            # A byline after body text closes the previous article; a date line opens the next one.
            head = next((k for k in range(head, i) if lines[k].kind == META), i)
        j = head
        while j > first and lines[j - 1].kind == HEADLINE and head - (j - 1) <= MAX_HEADLINE_LINES:
            j -= 1
        if j == i and lines[i].kind != DATELINE:
            continue  # a lede without a headline is just a paragraph
        if starts and starts[-1] >= j:
            continue
        starts.append(j)
    return starts


def _all_starts(lines: list[_Line], first: int) -> tuple[list[int], dict[int, Item]]:
    """Every article's first line, and the digest items among them."""
    regular = _article_starts(lines, first)
    found, headings = digest_items([line.kind for line in lines], [line.text for line in lines], set(regular))
    items = {i: item for i, item in found.items() if i >= first}
    for i in headings:
        lines[i].kind = COLUMN
    starts = {i for i in set(regular) | set(items) if lines[i].kind not in SKIPPED}
    for i in range(first, len(lines)):
        if lines[i].kind in SKIPPED:
            continue
        if i == first or lines[i - 1].kind in SKIPPED:
            starts.add(i)  # text after navigation or a column heading begins a new article
        elif _after_closing_meta(lines, i, first):
            starts.add(i)
    return sorted(starts), items


def _after_closing_meta(lines: list[_Line], i: int, first: int) -> bool:
    """Line ``i`` is a headline over text, after a source or editor line that closed a story
    (``…。`` / ``来源：某某`` / next headline)."""
    return (
        i - 2 >= first
        and lines[i].kind == HEADLINE
        and lines[i - 1].kind == META
        and lines[i - 2].kind == BODY
        and i + 1 < len(lines)
        and lines[i + 1].kind == BODY
    )


def _pick_headline(block: list[str]) -> tuple[str, str]:
    """Main headline and the remaining headline lines (kicker above / sub-headline below)."""
    if not block:
        return "", ""
    marker = item_marker(block[0])
    if marker is not None:  # ``3.某区工会开展慰问``: the number is no part of the headline
        block = [block[0][marker.end:], *block[1:]]
    main = next((k for k, line in enumerate(block) if not is_kicker(line)), 0)
    rest = [line for k, line in enumerate(block) if k != main]
    return block[main], " ".join(rest)




def _first_chars(page: Page, start: int, stop: int) -> str:
    """The first ``TITLE_CHARS`` characters of the text at clean offset ``start`` (within its
    paragraph, which ends before ``stop``), as printed."""
    if start >= stop:
        return ""
    last = min(stop, start + 2 * TITLE_CHARS) - 1
    printed = page.raw[page.offsets[start]:page.offsets[last] + 1]
    printed = "".join(printed.splitlines()).strip()
    return printed[:TITLE_CHARS]


def _add(reporters: list[Reporter], found: list[Reporter]) -> None:
    for r in found:
        if all(r.name != known.name for known in reporters):
            reporters.append(r)


def _reporters(lines: list[_Line]) -> list[Reporter]:
    reporters: list[Reporter] = []
    for line in lines:
        if line.kind == BYLINE:
            _add(reporters, parse_byline(line.text) or [])
            continue
        if line.kind == DATELINE:
            _add(reporters, dateline_reporters(line.text))
        tail = trailing_byline(line.text)
        if tail:
            _add(reporters, tail[1])
    return reporters


def segment_articles(page: Page) -> list[Article]:
    """The articles of ``page`` in print order (running header, navigation and column headings dropped)."""
    lines = _lines(page)
    first = 1 if _running_header(page, lines) else 0
    starts, items = _all_starts(lines, first)
    articles: list[Article] = []
    for k, s in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(lines)
        while stop > s + 1 and lines[stop - 1].kind in SKIPPED:
            stop -= 1  # navigation and column headings close the article before them
        if stop < len(lines) and lines[stop].kind in SKIPPED and all(line.kind == HEADLINE for line in lines[s:stop]):
            continue  # a page title over a column or a list: no story under it
        articles.append(_article(page, lines, s, stop, items.get(s), len(articles)))
    if not articles and lines:  # nothing but navigation or symbols: the page is still one text
        articles.append(_article(page, lines, 0, len(lines), None, 0))
    return articles


def _article(page: Page, lines: list[_Line], s: int, stop: int, item: Item | None, index: int) -> Article:
    """The article made of ``lines[s:stop]``."""
    if item is not None:
        body = s + 1 if item.own_line and s + 1 < stop else s
        headline, subheadline = item.headline, ""
        text_at = lines[s].start + item.text_at
    else:
        body = min(s + _headline_run(lines, s), s + MAX_HEADLINE_LINES, stop)
        headline, subheadline = _pick_headline([line.text for line in lines[s:body]])
        text_at = lines[s].start
    start, end = lines[s].start, lines[stop - 1].end
    if not headline:  # no headline of its own: titled by the first characters of its text
        t = next((k for k in range(s, stop) if lines[k].kind != META), s)
        headline = _first_chars(page, text_at if t == s else lines[t].start, lines[t].end)
    return Article(
        page_id=page.page_id,
        index=index,
        headline=headline,
        subheadline=subheadline,
        start=start,
        end=end,
        body_start=lines[body].start if body < stop else end,
        reporters=_reporters(lines[body:stop]),
        src_start=page.offsets[start],
        src_end=page.offsets[end - 1] + 1,
    )
