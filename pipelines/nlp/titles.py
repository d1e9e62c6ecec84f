"""Title lexicon and the patterns built from it (``data/lexicon/role_titles.txt``).

A title is ``[unit][modifier]{0,2}core`` (党组 + 副 + 书记), optionally led by an inner department
(党群科 + 干事, 经费审查委员会 + 主任). Titles in a row are joined by 、.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unionkg.data.readers import read_sections
from unionkg.pipelines.settings import LEXICON_DIR

TITLES_FILE = LEXICON_DIR / "role_titles.txt"
_CJK = "\u4e00-\u9fff"


def _alternation(words: list[str]) -> str:
    # Longest first: regex alternation takes the first alternative that fits.
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class TitleLexicon:
    core: tuple[str, ...]
    government_head: frozenset[str]
    party_short: tuple[str, ...]
    title: re.Pattern  # one title, no department
    titles_full: re.Pattern  # whole string = title(、title)*, departments allowed
    titles_tail: re.Pattern  # title(、title)* ending the string
    suborg_titles: re.Pattern  # sub-body name + titles, whole string
    party_titles: re.Pattern  # 市委常委 …, whole string

    def split(self, text: str) -> list[str]:
        return [t for t in text.split("、") if t]


@lru_cache(maxsize=4)
def load_titles(path: Path = TITLES_FILE) -> TitleLexicon:
    s = read_sections(path)
    core = _alternation(s["core"])
    modifier = _alternation(s["modifier"])
    unit = _alternation(s["unit"])
    dept = _alternation(s["department_suffix"])
    suborg = _alternation(s["suborg_suffix"])
    party = _alternation(s["party_short"])
    one = rf"(?:{unit})?(?:{modifier}){{0,2}}(?:{core})"
    with_dept = rf"(?:[{_CJK}]{{1,8}}?(?:{dept}))?{one}"
    many = rf"{with_dept}(?:、{with_dept})*"
    return TitleLexicon(
        core=tuple(s["core"]),
        government_head=frozenset(s["government_head"]),
        party_short=tuple(s["party_short"]),
        title=re.compile(one),
        titles_full=re.compile(rf"(?:{many})"),
        titles_tail=re.compile(rf"(?:{one}(?:、{one})*)$"),
        suborg_titles=re.compile(rf"(?P<sub>[{_CJK}]{{1,12}}(?:{suborg}))(?P<titles>{many})"),
        party_titles=re.compile(rf"(?P<party>{party})(?P<titles>{one}(?:、{one})*)"),
    )


def is_government_head(title: str, lexicon: TitleLexicon | None = None) -> bool:
    """市长 / 副区长 … : a post in the place's people's government."""
    lex = lexicon or load_titles()
    return any(title.endswith(t) for t in lex.government_head)
