"""Digest columns: short items under a column heading, each item its own article.

A column heading (``工会动态``, ``简讯``: :func:`~unionkg.pipelines.read.layout.is_column_heading`) is
followed either by marked items (``1.`` ``一、`` ``（一）`` ``①`` ``■`` ``▲``), numbered in order or
repeating one symbol, or by items that each sit under a short headline line. A marked item runs to
the next item of its column; lines without a marker continue it. The column ends at the next column
heading, a navigation line, or an article that starts with its own dateline.

Marked items need the heading: the same markers inside a story are its sections or photo captions.
"""
from __future__ import annotations

from dataclasses import dataclass

from unionkg.pipelines.read.layout import is_headline_like, item_marker, shared_bigrams, starts_with_lede

# Line kinds of :mod:`unionkg.pipelines.read.articles` used here.
_COLUMN, _NAV, _HEADLINE, _BODY = "column", "nav", "headline", "body"
_STORY_OPENERS = ("dateline", "byline", "meta")
# A brief's own headline is short (longer lines are the brief's text).
ITEM_HEADLINE_MAX_CHARS = 30
# A headline set before the text on the item's line (``■某街道开展慰问 近日，……``): its length range.
INLINE_HEADLINE_CHARS = (4, ITEM_HEADLINE_MAX_CHARS)
# A short headline line sharing this much of its character pairs with the brief before it is that
# brief's intertitle.
INTERTITLE_SHARE = 0.6


@dataclass(frozen=True)
class Item:
    headline: str  # "" when the item has none (it is then titled by its first characters)
    own_line: bool  # the headline is the whole item line: the text starts on the next line
    text_at: int  # offset in the item's line where its text starts (after the marker)


def digest_items(kinds: list[str], texts: list[str], starts: set[int]) -> dict[int, Item]:
    """Items of every digest column on the page: ``{line index: Item}``.

    ``kinds`` and ``texts`` are the page's lines; ``starts`` the lines where an article with its own
    opener (dateline, lede, byline) starts, which end a marked column unless they are its next item.
    """
    items: dict[int, Item] = {}
    for c, kind in enumerate(kinds):
        if kind != _COLUMN or c + 1 >= len(kinds):
            continue
        first = c + 1
        if item_marker(texts[first]) is not None:
            items.update(_marked(kinds, texts, first, starts))
        elif _headlined_at(kinds, texts, first):
            items.update(_headlined(kinds, texts, first))
    return items


def _marked(kinds: list[str], texts: list[str], first: int, starts: set[int]) -> dict[int, Item]:
    marker = item_marker(texts[first])
    assert marker is not None
    family, number = marker.family, marker.number
    found = {first: _item(kinds, texts, first, marker.end)}
    for i in range(first + 1, len(kinds)):
        if kinds[i] in (_COLUMN, _NAV):
            break
        m = item_marker(texts[i])
        if m is not None and m.family == family and (not number or m.number == number + 1):
            found[i] = _item(kinds, texts, i, m.end)
            number = m.number
        elif i in starts:
            break  # an article of its own after the column
    return found


def _item(kinds: list[str], texts: list[str], i: int, at: int) -> Item:
    rest = texts[i][at:].strip()
    next_is_text = i + 1 < len(kinds) and kinds[i + 1] == _BODY and item_marker(texts[i + 1]) is None
    if is_headline_like(rest) and len(rest) <= ITEM_HEADLINE_MAX_CHARS and next_is_text:
        return Item(rest, True, at)
    if rest.startswith("【") and "】" in rest[:ITEM_HEADLINE_MAX_CHARS + 2]:
        return Item(rest[1:rest.index("】")].strip(), False, at)
    head, _, text = rest.partition(" ")
    low, high = INLINE_HEADLINE_CHARS
    if text and low <= len(head) <= high and len(text) > len(head) and is_headline_like(head) \
            and not starts_with_lede(head):
        return Item(head, False, at)
    return Item("", False, at)


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
