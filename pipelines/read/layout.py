"""Line predicates of the page layout, shared by cleaning and article segmentation.

Bylines and datelines (``本报讯（记者 …）``, ``本报记者 X 摄``), headline shapes, and the markers of
other outlets' layouts: navigation lines (``上一条：…``), a news item's date and source lines, digest
columns (``工会动态``) and their numbered or symbol-marked items. The markers are rule data in
``data/lexicon/layout_markers.txt`` (:func:`layout_rules` is its one reader).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unionkg.data import LEXICON_DIR
from unionkg.graph.records import Reporter

LAYOUT_FILE = "layout_markers.txt"
_KINDS = ("dateline", "followup", "nav", "meta", "item", "column", "column_ending")
# Characters that never occur in a headline (a line holding one is body text).
_NOT_IN_HEADLINE = frozenset("，。；;")
HEADLINE_MAX_CHARS = 64
# A column heading is short: a label, not a headline.
COLUMN_MAX_CHARS = 8

_NAME = r"(?:[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,6}|[\u4e00-\u9fff]{2,4})"
_ROLE_RE = re.compile(r"(本报)?(实习|特约|见习|首席)?(记者|通讯员|摄影记者|摄影|摄像)")
_NAME_RE = re.compile(_NAME)
_PHOTO_MARKS = ("摄影报道", "摄影", "摄像", "报道", "摄")
_PAREN_BYLINE_RE = re.compile(r"^\s*（([^（）]{2,60})）")
_LEDE_RE = re.compile(
    r"^(近日|日前|近期|近来|昨天|昨日|今天|今日|前不久|不久前|本周|上周|本月|上月|年初|年底|年末|岁末"
    r"|近年来|今年|去年|当天|当日|上午|下午|晚上|春节|元旦|国庆|[^，。\s]{1,8}前夕|[^，。\s]{1,8}期间"
    r"|[0-9一二三四五六七八九十〇]{1,3}月([0-9一二三四五六七八九十]{1,3}日)?|[0-9]{1,2}日|[0-9]{4}年)"
)
_PURPOSE_START = ("为", "以", "让")


def is_han(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
    )


# ---------------------------------------------------------------- layout rule data


@dataclass(frozen=True)
class LayoutRules:
    dateline: re.Pattern  # any dateline, follow-ups included, at a line start
    followup: re.Pattern
    nav: re.Pattern  # whole line
    meta: re.Pattern  # whole line
    items: tuple[re.Pattern, ...]  # at a line start; group ``n`` is the item's number
    columns: frozenset[str]
    column_endings: tuple[str, ...]


def _either(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def read_layout_rules(path: Path) -> LayoutRules:
    """Read a layout marker file; a bad line or pattern is a ``ValueError`` naming the file and line."""
    found: dict[str, list[str]] = {kind: [] for kind in _KINDS}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        kind, sep, value = line.partition("\t")
        if not sep or kind not in found or not value.strip():
            raise ValueError(f"{path}:{number}: expected <kind><TAB><value> with kind one of {', '.join(_KINDS)}")
        if kind not in ("column", "column_ending"):
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"{path}:{number}: bad pattern: {exc}") from None
        found[kind].append(value.strip() if kind.startswith("column") else value)
    return LayoutRules(
        dateline=re.compile(_either(found["followup"] + found["dateline"])),
        followup=re.compile(_either(found["followup"])),
        nav=re.compile(_either(found["nav"])),
        meta=re.compile(_either(found["meta"])),
        items=tuple(re.compile(p) for p in found["item"]),
        columns=frozenset(found["column"]),
        column_endings=tuple(found["column_ending"]),
    )


@lru_cache(maxsize=1)
def layout_rules() -> LayoutRules:
    return read_layout_rules(LEXICON_DIR / LAYOUT_FILE)


def dateline_match(text: str) -> re.Match | None:
    """The dateline opening ``text`` (``本报讯``, ``X网讯``, ``本报又讯`` …), if any."""
    return layout_rules().dateline.match(text)


def is_followup(text: str) -> bool:
    """``又讯`` / ``另讯`` / ``本报又讯``: a further story under the last headline."""
    return bool(layout_rules().followup.match(text))


def is_nav(text: str) -> bool:
    """A site's navigation line (``上一条：…``, ``返回列表``): no article's text."""
    return bool(layout_rules().nav.fullmatch(text.strip()))


def is_meta(text: str) -> bool:
    """A news item's date or source line (``2019-11-29``, ``发布时间：…``, ``来源：…``)."""
    return bool(layout_rules().meta.fullmatch(text.strip()))


@dataclass(frozen=True)
class ItemMarker:
    family: str  # the marker's pattern and, for symbols, the symbol: items of one column share it
    number: int  # 0 for a symbol
    end: int  # where the item's text starts


_DIGITS = {c: k for k, c in enumerate("一二三四五六七八九十", 1)}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _number(token: str) -> int:
    if token.isdigit() and token.isascii():
        return int(token)
    if token in _CIRCLED:
        return _CIRCLED.index(token) + 1
    if token == "十":
        return 10
    if "十" in token:  # 十一, 二十, 二十三
        tens, _, ones = token.partition("十")
        return _DIGITS.get(tens, 1) * 10 + _DIGITS.get(ones, 0)
    return _DIGITS.get(token, 0)


def item_marker(text: str) -> ItemMarker | None:
    """The digest item marker opening ``text`` (``1.`` ``一、`` ``（一）`` ``①`` ``■``), if any."""
    for k, pattern in enumerate(layout_rules().items):
        m = pattern.match(text)
        if m and m.end() < len(text):
            number = m.groupdict().get("n")
            family = f"{k}" if number else f"{k}{text[0]}"
            return ItemMarker(family, _number(number) if number else 0, m.end())
    return None


def is_column_heading(text: str) -> bool:
    """A digest column's label (``工会动态``, ``简讯``, ``基层工会动态``)."""
    label = text.strip().rstrip("：:")
    if label in layout_rules().columns:
        return True
    return (
        2 <= len(label) <= COLUMN_MAX_CHARS
        and all(is_han(ch) for ch in label)
        and label.endswith(layout_rules().column_endings)
    )


# A headline may hold commas, never a sentence end, and it does not end on a clause mark.
_SENTENCE_ENDS = frozenset("。；！？!?;")
_CLAUSE_MARKS = frozenset("，、：:；,（“‘《")


def is_comma_headline(text: str) -> bool:
    """A line shaped like a headline with commas (``喜迎新春，情暖职工``): short, no sentence end."""
    text = text.strip()
    return (
        2 <= len(text) <= HEADLINE_MAX_CHARS
        and not any(ch in _SENTENCE_ENDS for ch in text)
        and text[-1] not in _CLAUSE_MARKS
    )


def shared_bigrams(line: str, text: str) -> float:
    """Share of the character pairs of ``line`` that occur in ``text``."""
    pairs = {line[k:k + 2] for k in range(len(line) - 1) if not line[k:k + 2].isspace()}
    return sum(pair in text for pair in sorted(pairs)) / len(pairs) if pairs else 0.0


# ---------------------------------------------------------------- bylines, datelines, headlines


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
    m = dateline_match(text)
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
    if dateline_match(text):
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
