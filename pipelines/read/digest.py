"""Digest columns: short items under a column heading, each item its own article.

A column heading (``工会动态``, ``简讯``: :func:`~unionkg.pipelines.read.layout.is_column_heading`) is
followed either by marked items (``1.`` ``一、`` ``（一）`` ``①`` ``■`` ``▲``), numbered in order or
repeating one symbol, or by items that each sit under a short headline line. A marked item runs to
the next item of its column; lines without a marker continue it. The column ends at the next column
heading or an article that starts with its own dateline; headlined briefs also end at navigation.

Marked items need the heading: the same markers inside a story are its sections or photo captions.
A short line that is no listed heading, or the page top, heads marked items only when they read as
news (most open with a time phrase or a date), not as a story's numbered points.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from unionkg.pipelines.read.layout import (
    HEADLINE_MAX_CHARS,
    dateline_match,
    is_comma_headline,
    is_headline_like,
    item_marker,
    shared_bigrams,
    starts_with_lede,
)

# Line kinds of :mod:`unionkg.pipelines.read.articles` used here.
_COLUMN, _NAV, _HEADLINE, _BODY = "column", "nav", "headline", "body"
_STORY_OPENERS = ("dateline", "byline", "meta")
_TEXT = (_BODY, *_STORY_OPENERS)  # what may follow an item's headline line
# A brief's own headline is short (longer lines are the brief's text).
ITEM_HEADLINE_MAX_CHARS = 30
# A headline set before the text on the item's line (``■某街道开展慰问 近日，……``): its length range.
INLINE_HEADLINE_CHARS = (4, HEADLINE_MAX_CHARS)
_DATE_START = re.compile(r"[0-9]{1,2}月[0-9]{1,2}日|[0-9]{4}年[0-9]{1,2}月")
# A short line over marked items that is no listed column heading may head a digest (``一周要闻速览``)
# when the items read as news.
UNLISTED_HEADING_MAX_CHARS = 12
# A brief reads as news when a date (``5月8日``, ``昨天``) comes this early in its text.
EARLY_DATE_CHARS = 30
_EARLY_DATE = re.compile(r"[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日|近日|日前|昨天|昨日|今天|近期")
# A short headline line sharing this much of its character pairs with the brief before it is that
# brief's intertitle.
INTERTITLE_SHARE = 0.6


@dataclass(frozen=True)
class Item:
    headline: str  # "" when the item has none (it is then titled by its first characters)
    own_line: bool  # the headline is the whole item line: the text starts on the next line
    text_at: int  # offset in the item's line where its text starts (after the marker)
    dated: bool = False  # its text opens with a time phrase or holds a date early on


def digest_items(kinds: list[str], texts: list[str], starts: set[int]) -> tuple[dict[int, Item], set[int]]:
    """Items of every digest column on the page, ``{line index: Item}``, and the lines found to be
    column headings besides the listed ones.

    ``kinds`` and ``texts`` are the page's lines; ``starts`` the lines where an article with its own
    opener (dateline, lede, byline) starts, which end a marked column unless they are its next item.
    """
    items: dict[int, Item] = {}
    headings: set[int] = set()
    for c, kind in enumerate(kinds):
        if c + 1 >= len(kinds):
            continue
        first = c + 1
        if kind == _COLUMN:
            if item_marker(texts[first]) is not None:
                items.update(_marked(kinds, texts, first, starts))
            elif _headlined_at(kinds, texts, first):
                items.update(_headlined(kinds, texts, first))
        elif kind == _HEADLINE and len(texts[c]) <= UNLISTED_HEADING_MAX_CHARS and item_marker(texts[first]):
            briefs = _news_briefs(_marked(kinds, texts, first, starts))  # a heading not in the list
            if briefs:
                items.update(briefs)
                headings.add(c)
    first = next((i for i, kind in enumerate(kinds) if kind != _NAV), len(kinds))
    if first < len(kinds) and item_marker(texts[first]) is not None:
        items.update(_news_briefs(_marked(kinds, texts, first, starts)))  # a page made of briefs
    return items, headings


def _news_briefs(found: dict[int, Item]) -> dict[int, Item]:
    """``found`` when it holds at least two items and they read as news (most open with a time phrase
    or a date), not as a story's numbered points (``1.加强组织建设。``)."""
    if len(found) < 2:
        return {}
    dated = sum(1 for item in found.values() if item.dated)
    return found if 2 * dated >= len(found) else {}


def _marked(kinds: list[str], texts: list[str], first: int, starts: set[int]) -> dict[int, Item]:
    marker = item_marker(texts[first])
    assert marker is not None
    family, number = marker.family, marker.number
    found = {first: _item(kinds, texts, first, marker.end)}
    for i in range(first + 1, len(kinds)):
        if kinds[i] == _COLUMN:
            break
        if kinds[i] == _NAV:
            continue  # (the next item still has to carry the next number)
        m = item_marker(texts[i])
        if m is not None and m.family == family and (not number or m.number == number + 1):
            found[i] = _item(kinds, texts, i, m.end)
            number = m.number
        elif i in starts:
            break  # an article of its own after the column
    return found


def _item(kinds: list[str], texts: list[str], i: int, at: int) -> Item:
    item = _item_headline(kinds, texts, i, at)
    text = texts[i][at:] + (texts[i + 1] if item.own_line else "")
    dated = starts_with_lede(text) or bool(_EARLY_DATE.search(text[:EARLY_DATE_CHARS]))
    return Item(item.headline, item.own_line, item.text_at, dated)


def _item_headline(kinds: list[str], texts: list[str], i: int, at: int) -> Item:
    rest = texts[i][at:].strip()
    next_is_text = i + 1 < len(kinds) and kinds[i + 1] in _TEXT and item_marker(texts[i + 1]) is None
    if next_is_text and (is_headline_like(rest) or is_comma_headline(rest)):
        return Item(rest, True, at)  # the item's line is its headline, the text follows
    if rest.startswith("【") and "】" in rest[:ITEM_HEADLINE_MAX_CHARS + 2]:
        return Item(rest[1:rest.index("】")].strip(), False, at)
    head = _inline_headline(rest)
    return Item(head, False, at)


def _inline_headline(rest: str) -> str:
    """The headline set before a brief's text on its line (``某街道开展慰问 近日，……``), or ``""``.

    It ends at a space or where a dateline or time phrase opens the text (cleaning drops the space
    before a digit: ``某区召开会议5月12日，……``); the longest headline-shaped part before the text wins.
    """
    low, high = INLINE_HEADLINE_CHARS
    best = ""
    for cut in range(low, min(len(rest), high + 1)):
        head, text = rest[:cut].rstrip(), rest[cut:].lstrip()
        if not is_headline_like(head) or starts_with_lede(head):
            if any(ch in rest[:cut] for ch in "，。；"):
                break  # the headline cannot go on past a clause
            continue
        spaced = rest[cut] == " "
        # Without a space only a date or a dateline opens the text (年底, 当天 … may sit in a headline).
        opens_text = bool(dateline_match(text) or (starts_with_lede(text) if spaced else _DATE_START.match(text)))
        if opens_text or spaced:
            if len(text) > len(head):
                best = head
            if opens_text:
                break
    return best


def _headlined_at(kinds: list[str], texts: list[str], i: int) -> bool:
    """Line ``i`` is a brief's short headline over its text."""
    return (
        kinds[i] == _HEADLINE
        and len(texts[i]) <= ITEM_HEADLINE_MAX_CHARS
        and i + 1 < len(kinds)
        and kinds[i + 1] == _BODY
    )


def _headlined(kinds: list[str], texts: list[str], first: int) -> dict[int, Item]:
    found = {}
    last = first
    for i in range(first, len(kinds)):
        if kinds[i] in (_COLUMN, _NAV) or kinds[i] in _STORY_OPENERS:
            break  # the next column, navigation, or a story with its own dateline
        if not _headlined_at(kinds, texts, i):
            continue
        # An intertitle repeats its story's words (``S3线与4号线同时开通`` under ``S3线明年开通``);
        # the next brief is about something else.
        if i > first and shared_bigrams(texts[i], "".join(texts[last:i])) >= INTERTITLE_SHARE:
            continue
        found[i] = Item(texts[i].strip(), True, 0)
        last = i
    return found
