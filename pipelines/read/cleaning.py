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

The layout predicates (:func:`is_headline_like`, :func:`is_dateline`, :func:`parse_byline` ...) are
shared with :mod:`unionkg.pipelines.read.articles`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from unionkg.graph.records import Reporter

# Paragraph ends after which no column-break join happens. ：；  end list-like paragraphs.
SENTENCE_FINAL = frozenset("。！？!?…”’」』：；")
# Chinese punctuation: whitespace next to it is layout, not content.
CJK_PUNCT = frozenset("，。、；：？！“”‘’（）《》〈〉【】「」『』…—～")
# Characters that never occur in a headline (a line holding one is body text).
_NOT_IN_HEADLINE = frozenset("，。；;")
HEADLINE_MAX_CHARS = 64
# Paragraphs shorter than this are never treated as layout repeats (bylines, short headlines).
REPEAT_MIN_CHARS = 20
# A repeat may carry a few stray characters in front of the repeated text.
REPEAT_MAX_PREFIX = 8
# Characters of a paragraph's end enough to decide a join (bylines and headlines are shorter).
_TAIL = 120

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_SPACES = frozenset(" \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\x0b\x0c")

_NAME = r"(?:[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,6}|[\u4e00-\u9fff]{2,4})"
_ROLE_RE = re.compile(r"(本报)?(实习|特约|见习|首席)?(记者|通讯员|摄影记者|摄影|摄像)")
_NAME_RE = re.compile(_NAME)
_PHOTO_MARKS = ("摄影报道", "摄影", "摄像", "报道", "摄")
_DATELINE_RE = re.compile(r"^本报[^\s，。（）]{0,16}?[讯电]")
_PAREN_BYLINE_RE = re.compile(r"^\s*（([^（）]{2,60})）")
_LEDE_RE = re.compile(
    r"^(近日|日前|近期|近来|昨天|昨日|今天|今日|前不久|不久前|本周|上周|本月|上月|年初|年底|年末|岁末"
    r"|近年来|今年|去年|当天|当日|上午|下午|晚上|春节|元旦|国庆|[^，。\s]{1,8}前夕|[^，。\s]{1,8}期间"
    r"|[0-9一二三四五六七八九十〇]{1,3}月([0-9一二三四五六七八九十]{1,3}日)?|[0-9]{1,2}日|[0-9]{4}年)"
)
_PURPOSE_START = ("为", "以", "让")


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


def is_han(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
    )


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


# ---------------------------------------------------------------- layout predicates


def parse_byline(text: str) -> list[Reporter] | None:
    """Reporters of a byline made only of roles and names (``本报记者 马超 通讯员 郝晓月 摄影报道``).

    A whole parenthesised signature (``（通讯员 X Y）``) counts too. Returns ``None`` when ``text`` is
    anything else. Names after a role keep that role until the next role; a trailing 摄/摄影报道 mark is allowed (photographers keep their printed role).
    """
    paren = _PAREN_BYLINE_RE.fullmatch(text.strip())
    if paren:  # a signature on a line of its own: ``（通讯员 X Y）``
        text = paren.group(1)
    tokens = text.split()
    if not tokens:
        return None
    # A mark glued to the last name: ``彭程摄``.
    last = tokens[-1]
    for mark in _PHOTO_MARKS:
        if last.endswith(mark) and last != mark and _NAME_RE.fullmatch(last[: -len(mark)]):
            tokens[-1:] = [last[: -len(mark)], mark]
            break
    reporters: list[Reporter] = []
    role = ""
    for i, tok in enumerate(tokens):
        if tok in _PHOTO_MARKS and i == len(tokens) - 1 and reporters:
            break
        m = _ROLE_RE.match(tok)
        if m:
            rest = tok[m.end():]
            role = "通讯员" if m.group(3) == "通讯员" else ("摄影" if m.group(3) in ("摄影", "摄像") else "记者")
            if not rest:
                continue
            tok = rest
        if role and _NAME_RE.fullmatch(tok) and not _ROLE_RE.fullmatch(tok):
            if all(r.name != tok for r in reporters):
                reporters.append(Reporter(name=tok, role=role))
            continue
        return None
    return reporters or None


def dateline_reporters(text: str) -> list[Reporter]:
    """Reporters named in a dateline: ``本报讯（记者 X 通讯员 Y）``, ``本报讯 记者 X``, ``（通讯员 Y）``."""
    m = _DATELINE_RE.match(text)
    rest = text[m.end():] if m else text
    paren = _PAREN_BYLINE_RE.match(rest)
    if paren:
        return parse_byline(paren.group(1)) or []
    # No parentheses: take role/name tokens until the first token that is neither.
    tokens = rest.split()
    found: list[Reporter] = []
    for n in range(1, min(len(tokens), 8) + 1):
        got = parse_byline(" ".join(tokens[:n]))
        if got is not None:
            found = got
        elif not _ROLE_RE.fullmatch(tokens[n - 1]):
            break  # not a role waiting for its name: the story has begun
    return found


def is_dateline(text: str) -> bool:
    """An article's first body paragraph: ``本报讯（记者 …）`` or a leading ``（通讯员 …）``."""
    if _DATELINE_RE.match(text):
        return True
    paren = _PAREN_BYLINE_RE.match(text)
    return bool(paren and parse_byline(paren.group(1)))


def trailing_byline(text: str) -> tuple[int, list[Reporter]] | None:
    """``(start, reporters)`` of a byline closing a body paragraph.

    Either a photo byline (``…。本报记者 彭程 摄``) or a parenthesised signature (``…。（通讯员 甘露）``).
    """
    cut = max(text.rfind(c) for c in "。！？”")
    tail = text[cut + 1:]
    if not tail.strip() or len(tail) > 40:
        return None
    stripped = tail.strip()
    paren = _PAREN_BYLINE_RE.fullmatch(stripped)
    if paren:  # a brief signed at its end: ``…。（通讯员 X Y）``
        stripped = paren.group(1)
    elif not (stripped.startswith("本报") or stripped.endswith(_PHOTO_MARKS)):
        return None
    reporters = parse_byline(stripped)
    if reporters is None:
        return None
    return cut + 1 + (len(tail) - len(tail.lstrip())), reporters


def is_byline(text: str) -> bool:
    return parse_byline(text) is not None


def is_headline_like(text: str) -> bool:
    """Short line with no clause punctuation and balanced quotes: could be a headline."""
    if not 2 <= len(text) <= HEADLINE_MAX_CHARS:
        return False
    if any(ch in _NOT_IN_HEADLINE for ch in text) or text[-1] in "：、":
        return False
    for left, right in ("“”", "《》", "（）", "「」"):
        if text.count(left) != text.count(right):
            return False
    return not is_dateline(text) and not is_byline(text)


def starts_with_lede(text: str) -> bool:
    """Body that opens with a time phrase (``近日，`` ``2月21日，``): how captions and stories start."""
    return bool(_LEDE_RE.match(text))


def is_slogan(text: str) -> bool:
    """Parallel phrases split by a space (``AAAA…AA BBBB…BB``): a running-header slogan shape."""
    parts = text.split()
    if len(parts) < 2 or any(ch in text for ch in "“”《》0123456789"):
        return False
    sizes = [len(p) for p in parts]
    return min(sizes) >= 5 and max(sizes) - min(sizes) <= 3 and all(all(is_han(c) for c in p) for p in parts)


def is_kicker(text: str) -> bool:
    """A line set above or below the main headline (引题/副题) rather than the headline itself."""
    if text[:1] in "“「‘":
        return True
    parts = text.split()
    if len(parts) >= 2 and max(len(p) for p in parts) <= 5:
        return True  # ``同心筑梦 共谱华章``
    return text.startswith(_PURPOSE_START)


def ends_paragraph(text: str) -> bool:
    return bool(text) and (text[-1] in SENTENCE_FINAL or trailing_byline(text) is not None)


def starts_block(text: str) -> bool:
    """``text`` opens something new: a dateline or a byline."""
    return is_dateline(text) or is_byline(text)


def should_join(paragraph: str, nxt: str) -> bool:
    """Was ``paragraph`` cut by a column break, with ``nxt`` its continuation?"""
    if ends_paragraph(paragraph) or is_byline(paragraph) or starts_block(nxt):
        return False
    if is_headline_like(paragraph) and (is_headline_like(nxt) or starts_with_lede(nxt)):
        return False  # headline over a sub-headline, or over a caption / story
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
        if pieces and not heading and not level and should_join(tail if length > _TAIL else "".join(pieces), text):
            pieces.append(text)
            piece_offsets.extend(offs)
            length += len(text)
            tail = (tail + text)[-_TAIL:]
            close = line_close
            continue
        flush()
        pieces, piece_offsets, close = [text], list(offs), line_close
        tail, length, heading = text[-_TAIL:], len(text), bool(level)
    flush()
    return "".join(out_chars), out_offsets
