"""No person from a fragment: PERSON candidates checked against the words around them.

LAC's PER words are sometimes pieces of something else; each check below looks at the text and at
LAC's words next to the name (``data/lexicon/person_context.txt`` holds the words):

* a name cut short: a two-character name followed by a one-character word that is no word of its own
  there (某某 + 富 + 带领) is the three-character name LAC cut, when the article never prints the
  two characters followed by anything else;
* a conjunction glued on (某某某及 + 村干部): the name without it;
* a family name and a form of address (某副总, 某总): no name, dropped;
* a two-character "name" that is a plant or a product: after a verb of growing or tasting, or before a
  quantity (二百亩) or a noun that makes it a thing (基地, 产业): dropped.

Called once, from :class:`unionkg.pipelines.nlp.entity_rules.EntityRules`, on the article's candidates.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from unionkg.pipelines.settings import LEXICON_DIR
from unionkg.pipelines.nlp.titles import read_sections

CONTEXT_FILE = LEXICON_DIR / "person_context.txt"
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Tags of the word after a cut-off character: the name has ended there (a verb, a mark, a particle …).
_BOUNDARY_TAGS = frozenset({"v", "vd", "vn", "w", "p", "c", "d", "u", "xc"})
# Tags of words that are never the last character of a name (marks, particles, prepositions …).
_NOT_NAME_CHAR_TAGS = frozenset({"w", "u", "p", "c", "xc", "m", "q", "f", "TIME", "LOC", "ORG"})
_VERB_TAGS = frozenset({"v", "vd"})


@dataclass(frozen=True)
class PersonContext:
    address: frozenset[str]
    glued: tuple[str, ...]
    after_name: frozenset[str]
    thing_before: frozenset[str]
    thing_after: frozenset[str]
    measures: tuple[str, ...]


@lru_cache(maxsize=4)
def load_person_context(path: Path = CONTEXT_FILE) -> PersonContext:
    """The word lists of ``person_context.txt``; a missing file or section is an error naming the file."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"person-name context lexicon not found: {path}")
    sections = read_sections(Path(path))
    wanted = ("address", "glued", "after_name", "thing_before", "thing_after", "measures")
    missing = [s for s in wanted if s not in sections]
    if missing:
        raise ValueError(f"{path}: missing section(s) {', '.join('[' + s + ']' for s in missing)}")
    return PersonContext(
        address=frozenset(sections["address"]),
        glued=tuple(sections["glued"]),
        after_name=frozenset(sections["after_name"]),
        thing_before=frozenset(sections["thing_before"]),
        thing_after=frozenset(sections["thing_after"]),
        measures=tuple(sorted(sections["measures"], key=len, reverse=True)),
    )


def check_person_names(text: str, words: Sequence, candidates: list, has_surname: Callable[[str], bool],
                       context: PersonContext | None = None) -> list:
    """``candidates`` with every PERSON checked against its context: completed, trimmed or dropped.

    ``words`` are LAC's words of ``text`` (objects with ``text``, ``tag``, ``start``, ``end``);
    candidates are objects with ``start``, ``end`` and ``label`` (others pass unchanged)."""
    ctx = context or load_person_context()
    at_start = {w.start: k for k, w in enumerate(words)}
    at_end = {w.end: k for k, w in enumerate(words)}
    out = []
    for c in candidates:
        if c.label == "PERSON":
            c = _checked(text, words, at_start, at_end, c, has_surname, ctx)
            if c is None:
                continue
        out.append(c)
    return out


def _checked(text: str, words: Sequence, at_start: dict, at_end: dict, c, has_surname, ctx: PersonContext):
    name = text[c.start:c.end]
    if not _HAN.match(name[:1]):
        return c
    if is_form_of_address(name, has_surname, ctx):
        return None
    glued = trailing_glue(text, c.start, c.end, ctx)
    if glued:
        return replace(c, end=c.end - len(glued))
    if len(name) == 2:
        if is_thing(text, words, at_start, at_end, c.start, c.end, ctx):
            return None
        cut = cut_off_character(text, words, at_start, c.start, c.end, ctx)
        if cut:
            return replace(c, end=c.end + 1)
    return c


def is_form_of_address(name: str, has_surname: Callable[[str], bool], ctx: PersonContext) -> bool:
    """某总, 某副总: one family-name character and a form of address."""
    return len(name) >= 2 and name[1:] in ctx.address and has_surname(name[:1])


def trailing_glue(text: str, start: int, end: int, ctx: PersonContext) -> str:
    """The conjunction glued to the end of the name ``text[start:end]`` (某某及 + the next conjunct), or ""."""
    name = text[start:end]
    for glue in ctx.glued:
        # the name left must be two characters or more, and a second conjunct must follow
        if name.endswith(glue) and len(name) - len(glue) >= 2 and _HAN.match(text[end:end + 1]):
            return glue
    return ""


def is_thing(text: str, words: Sequence, at_start: dict, at_end: dict, start: int, end: int,
             ctx: PersonContext) -> bool:
    """A two-character word that is a plant or product: 种植 + 某某, 某某 + 二百亩, 某某 + 基地."""
    before = words[at_end[start]] if start in at_end else None
    if before is not None and before.text in ctx.thing_before and before.tag in _VERB_TAGS:
        return True
    after = words[at_start[end]] if end in at_start else None
    if after is None:
        return False
    if after.tag not in _VERB_TAGS and after.text in ctx.thing_after:
        return True
    return after.tag == "m" and after.text.endswith(ctx.measures) and not after.text.endswith("人")


def cut_off_character(text: str, words: Sequence, at_start: dict, start: int, end: int,
                      ctx: PersonContext) -> bool:
    """Whether the character after the two-character name ``text[start:end]`` is its third, cut off
    by the tagger: a one-character word of its own that is no usual word after a name, with the name's
    end right after it (a verb, a mark …), and the article never printing the two characters followed
    by anything else."""
    k = at_start.get(end)
    if k is None:
        return False
    nxt = words[k]
    if len(nxt.text) != 1 or not _HAN.match(nxt.text) or nxt.text in ctx.after_name \
            or nxt.tag in _NOT_NAME_CHAR_TAGS or nxt.tag == "PER":
        return False
    following = words[k + 1] if k + 1 < len(words) else None
    if following is not None and following.start == nxt.end and following.tag not in _BOUNDARY_TAGS:
        return False
    name = text[start:end]
    i = text.find(name)
    while i >= 0:
        if text[i + len(name):i + len(name) + 1] != nxt.text:
            return False  # printed as a name of its own elsewhere in the article
        i = text.find(name, i + 1)
    return True
