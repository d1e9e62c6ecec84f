"""Clean a decoded page: normalise characters, repair print artifacts, keep an offset map.

The clean text is one paragraph per line, each ending with ``"\\n"``. Every clean character
remembers the index of the raw character it comes from (``offsets``), so evidence found in the
clean text can point back into the decoded file.

Repairs, all structural (no names or slogans are hard-coded):

* full-width ASCII letters and digits become half-width; Chinese punctuation is kept;
* whitespace is folded, and dropped where it is only layout (next to Chinese punctuation,
  between a Chinese character and a digit);
* ``#``/``##`` markdown marks at line starts and ``\\r\\n`` line ends are removed;
* a paragraph repeated by the layout (verbatim, or with a few stray leading characters) is kept once;
* a paragraph cut by a column break (it ends without sentence-final punctuation) is joined with
  the next one, unless the cut looks like a headline followed by its article.

The layout predicates (:func:`is_headline_like`, :func:`is_dateline`, :func:`parse_byline` ...) live in
:mod:`unionkg.pipelines.read.layout`, shared with :mod:`unionkg.pipelines.read.articles`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from unionkg.pipelines.read.layout import (  # noqa: F401  (is_han, parse_byline: still importable from here)
    is_byline,
    is_column_heading,
    is_comma_headline,
    is_dateline,
    is_han,
    is_headline_like,
    is_meta,
    is_nav,
    item_marker,
    parse_byline,
    shared_bigrams,
    starts_with_lede,
    trailing_byline,
)

# Paragraph ends after which no column-break join happens. ：；  end list-like paragraphs.
SENTENCE_FINAL = frozenset("。！？!?…”’」』：；")
# Chinese punctuation: whitespace next to it is layout, not content.
CJK_PUNCT = frozenset("，。、；：？！“”‘’（）《》〈〉【】「」『』…—～")
# A brief's headline under a column heading is at most this long.
ITEM_HEADLINE_MAX_CHARS = 30
# A headline over a story whose opening (this many characters) holds this share of its character
# pairs is no cut line (``S3线明年开通`` / ``S3线预计明年……``).
HEADLINE_ECHO_CHARS = 80
HEADLINE_ECHO_SHARE = 0.5
# A first line at most this share of the next paragraph's length is its headline, not a wrapped line.
HEADLINE_SHARE_OF_TEXT = 0.6
# Paragraphs shorter than this are never treated as layout repeats (bylines, short headlines).
REPEAT_MIN_CHARS = 20
# A repeat may carry a few stray characters in front of the repeated text.
REPEAT_MAX_PREFIX = 8
# Characters of a paragraph's end enough to decide a join (bylines and headlines are shorter).
_TAIL = 120

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_SPACES = frozenset(" \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\x0b\x0c")


@dataclass
class Page:
    path: Path
    page_id: str  # file stem
    raw: str  # decoded original text (what evidence offsets point into)
    encoding: str
    sha256: str  # of the file bytes
    text: str  # clean text, one paragraph per line
    offsets: list[int]  # len(offsets) == len(text); offsets[i] = index in raw of clean char i


# ---------------------------------------------------------------- character classes


def _fold_char(ch: str) -> str:
    """One raw character -> '' (dropped), ' ' (whitespace) or its normal form."""
    code = ord(ch)
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        return chr(code - 0xFEE0)  # full-width digit/letter -> ASCII
    if ch in _SPACES:
        return " "
    if ch in _ZERO_WIDTH:
        return ""
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return ""  # stray control characters (line ends are handled before)
    return ch


def _fold_table() -> dict[int, str]:
    """``str.translate`` table doing :func:`_fold_char` on a whole line (every other character is kept)."""
    changed = [chr(c) for c in range(0xFF10, 0xFF5B)] + sorted(_SPACES | _ZERO_WIDTH)
    changed += [chr(c) for c in range(0x20)] + [chr(c) for c in range(0x7F, 0xA0)]
    return {ord(ch): _fold_char(ch) for ch in changed if _fold_char(ch) != ch}


_FOLD = _fold_table()
_TO_FOLD = re.compile("[%s]" % "".join(re.escape(chr(code)) for code in sorted(_FOLD)))


def _fold_match(m: re.Match) -> str:
    return _FOLD[ord(m.group())]


# What _tidy may change: ASCII marks it turns full width, and layout spaces.
_TIDY_MARKS = re.compile(r"[(), ]")



def ends_paragraph(text: str) -> bool:
    return bool(text) and (text[-1] in SENTENCE_FINAL or trailing_byline(text) is not None)


def starts_block(text: str) -> bool:
    """``text`` opens something new: a dateline, a byline, a digest item, a date/source or navigation line."""
    return is_dateline(text) or is_byline(text) or item_marker(text) is not None or is_meta(text) or is_nav(text)


def _is_label(text: str) -> bool:
    """A line that is complete without punctuation: navigation, a date/source line, a column heading."""
    return is_nav(text) or is_meta(text) or is_column_heading(text)


def should_join(paragraph: str, nxt: str, *, first: bool = False, in_column: bool = False) -> bool:
    """Was ``paragraph`` cut by a column break, with ``nxt`` its continuation?

    ``first``: ``paragraph`` opens the page or follows navigation (``上一条：…``) or a source line
    (``来源：…``), where a new item may begin; ``in_column``: a digest column heading came before it.
    """
    if ends_paragraph(paragraph) or is_byline(paragraph) or starts_block(nxt) or _is_label(paragraph):
        return False
    if is_headline_like(paragraph):
        if is_headline_like(nxt) or starts_with_lede(nxt) or first:
            return False  # headline over a sub-headline, or over a caption / story
        if in_column and len(paragraph) <= ITEM_HEADLINE_MAX_CHARS:
            return False  # a brief's own headline over its text
        # A headline over a story that opens with the headline's words (a cut line's continuation
        # goes on with other words).
        if shared_bigrams(paragraph, nxt[:HEADLINE_ECHO_CHARS]) >= HEADLINE_ECHO_SHARE:
            return False
    elif item_marker(paragraph) and is_comma_headline(paragraph) and starts_with_lede(nxt):
        return False  # a brief's headline with commas (``6、喜迎新春，情暖职工``) over its dated text
    elif first and is_comma_headline(paragraph) \
            and (starts_with_lede(nxt) or len(paragraph) <= HEADLINE_SHARE_OF_TEXT * len(nxt)):
        # A first line with commas over a dated story, or over a much longer paragraph (lines of a
        # hard-wrapped text run about as long as one another): the headline.
        return False
    return True


# ---------------------------------------------------------------- cleaning


def _skip_blank(raw: str, i: int, end: int) -> int:
    while i < end and _fold_char(raw[i]) in (" ", ""):
        i += 1
    return i


def _normalise_line(raw: str, start: int, end: int) -> tuple[list[str], list[int], int]:
    """Normalised characters of ``raw[start:end]`` with raw offsets, and its markdown heading level."""
    i = _skip_blank(raw, start, end)
    level = 0
    while True:  # ``## ## title``: every mark group goes, so cleaning its own output changes nothing
        j = i
        while j < end and raw[j] == "#" and j - i < 6:
            j += 1
        if j == i or (j < end and _fold_char(raw[j]) != " "):
            break
        level = level or j - i
        i = _skip_blank(raw, j, end)
    line = raw[i:end]
    if _TO_FOLD.search(line):
        # = line.translate(_FOLD); translate looks every character up, the lines have a few to fold
        line = _TO_FOLD.sub(_fold_match, line)
    if len(line) == end - i and "  " not in line:
        # the usual line: no character dropped, no run of spaces to fold, so offsets are one to one
        folded, offs = list(line), list(range(i, end))
    else:
        folded, offs = [], []
        for k in range(i, end):
            ch = _fold_char(raw[k])
            if not ch or (ch == " " and folded and folded[-1] == " "):
                continue
            folded.append(ch)
            offs.append(k)
    chars, offsets = _tidy(folded, offs)
    return chars, offsets, level


def _tidy(folded: list[str], offs: list[int]) -> tuple[list[str], list[int]]:
    """Turn ASCII parentheses/commas inside Chinese to full width, then drop layout spaces.

    Idempotent (conversion first, so a space next to a converted ``（`` goes in the same pass); run
    again over a paragraph joined from several lines, whose joints make new neighbours.
    """
    marks = [m.start() for m in _TIDY_MARKS.finditer("".join(folded))]  # the only places it changes
    if not marks:
        return folded, offs  # (the lists are the caller's; nothing here or there changes them)
    n = len(folded)
    converted = list(folded)
    spaces = []
    for k in marks:
        ch = folded[k]
        if ch == "(":
            if k + 1 < n and is_han(folded[k + 1]):
                converted[k] = "（"
        elif ch == ")":
            if k and is_han(folded[k - 1]):
                converted[k] = "）"
        elif ch == ",":
            if 0 < k < n - 1 and is_han(folded[k - 1]) and is_han(folded[k + 1]):
                converted[k] = "，"
        else:
            spaces.append(k)
    dropped: list[int] = []  # in order; only spaces are ever dropped
    for k in spaces:
        j, d = k - 1, len(dropped) - 1
        while d >= 0 and dropped[d] == j:  # step back over the spaces just dropped
            j, d = j - 1, d - 1
        prev = converted[j] if j >= 0 else ""  # the last character kept before k
        nxt = converted[k + 1] if k + 1 < n else ""
        if not prev or not nxt or prev == " " or nxt == " " or prev in CJK_PUNCT or nxt in CJK_PUNCT \
                or (is_han(prev) and nxt.isdigit() and nxt.isascii()) \
                or (prev.isdigit() and prev.isascii() and is_han(nxt)):
            dropped.append(k)
    if not dropped:
        return converted, offs
    chars: list[str] = []
    offsets: list[int] = []
    kept_from = 0
    for k in dropped:
        chars += converted[kept_from:k]
        offsets += offs[kept_from:k]
        kept_from = k + 1
    chars += converted[kept_from:]
    offsets += offs[kept_from:]
    return chars, offsets


def _lines(raw: str):
    """``(start, end, newline_index)`` of each raw line; newline_index is -1 on a last unterminated line."""
    pos = 0
    for line in raw.splitlines(keepends=True):
        body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        end = pos + len(body)
        yield pos, end, (end if end < pos + len(line) else -1)
        pos += len(line)


def _is_repeat(text: str, seen: set[str]) -> bool:
    if len(text) < REPEAT_MIN_CHARS:
        return False
    for k in range(0, min(REPEAT_MAX_PREFIX, len(text) - REPEAT_MIN_CHARS) + 1):
        if text[k:] in seen:
            return True
    return False


def clean_text(raw: str) -> tuple[str, list[int]]:
    """Clean ``raw``; returns ``(text, offsets)`` with ``offsets[i]`` the raw index of ``text[i]``."""
    out_chars: list[str] = []
    out_offsets: list[int] = []
    seen: set[str] = set()
    # The paragraph being built: its pieces, offsets, the raw index its "\n" maps to, and its tail
    # (enough to judge a join without re-joining a long paragraph: linear time on hard-wrapped text).
    pieces: list[str] = []
    piece_offsets: list[int] = []
    close = 0
    tail = ""
    length = 0
    heading = False
    in_column = False  # a digest column heading has been seen
    after_nav = False  # the last paragraph was navigation, or a date / source / editor line

    def flush() -> None:
        if len(pieces) == 1:
            out_chars.append(pieces[0])
            out_offsets.extend(piece_offsets)
        elif pieces:  # the joints make new neighbours: ``一(`` + ``二`` -> ``一（二``
            chars, offsets = _tidy(list("".join(pieces)), piece_offsets)
            out_chars.extend(chars)
            out_offsets.extend(offsets)
        if pieces:
            out_chars.append("\n")
            out_offsets.append(close)

    for start, end, newline in _lines(raw):
        chars, offs, level = _normalise_line(raw, start, end)
        if not chars:
            continue
        text = "".join(chars)
        if _is_repeat(text, seen):
            continue
        if len(text) >= REPEAT_MIN_CHARS:
            seen.add(text)
        line_close = newline if newline >= 0 else offs[-1]
        # A markdown heading is a paragraph of its own.
        if pieces and not heading and not level and should_join(
            tail if length > _TAIL else "".join(pieces), text, first=not out_chars or after_nav, in_column=in_column
        ):
            pieces.append(text)
            piece_offsets.extend(offs)
            length += len(text)
            tail = (tail + text)[-_TAIL:]
            close = line_close
            continue
        flush()
        in_column = in_column or (len(pieces) == 1 and is_column_heading(pieces[0]))
        after_nav = len(pieces) == 1 and (is_nav(pieces[0]) or is_meta(pieces[0]))
        pieces, piece_offsets, close = [text], list(offs), line_close
        tail, length, heading = text[-_TAIL:], len(text), bool(level)
    flush()
    return "".join(out_chars), out_offsets
