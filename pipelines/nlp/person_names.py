"""No person from a fragment: PERSON candidates checked against the words around them.

LAC's PER words are sometimes pieces of something else; each check below looks at the text and at
LAC's words next to the name (``data/lexicon/person_context.txt`` holds the words):

* a name cut short: a two-character name followed by a one-character word that is no word of its own
  there (某某 + 富 + 带领) is the three-character name LAC cut, when the article never prints the
  two characters followed by anything else;
* a conjunction glued on (某某某及 + 村干部): the name without it;
* a family name and a form of address (某副总, 某总): no name, dropped;
* a two-character "name" that is a plant or a product: after a verb of growing or tasting, or before a
  quantity (二百亩) or a noun that makes it a thing (基地, 产业): dropped; so is a family name with
  一行 ("and party") and a dotted brand inside quotes (“某某·某某服务卡”).

And names the candidates lack: LAC's steady judgement on a rare family name, a name glued to a
title's last character (:func:`recovered_names`); a list's last name that LAC took for a place
(:func:`listed_names`).

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
# Tags LAC gives a name's last character it cut off (某某 + 富/an, + 其/r, + 新/ad); verbs and adverbs
# after a name are mostly what they seem (某某 + 捧/v 着, + 遂/d 向).
_CUT_CHAR_TAGS = frozenset({"r", "a", "ad", "an", "n", "nz", "ng"})
_VERB_TAGS = frozenset({"v", "vd"})
_NAME_DOTS = re.compile("[·•・･]")
_OPEN_QUOTES, _CLOSE_QUOTES = "“「『《", "”」』》"


@dataclass(frozen=True)
class PersonContext:
    address: frozenset[str]
    glued: tuple[str, ...]
    after_name: frozenset[str]
    thing_before: frozenset[str]
    thing_after: frozenset[str]
    measures: tuple[str, ...]
    not_given_names: frozenset[str]


@lru_cache(maxsize=4)
def load_person_context(path: Path = CONTEXT_FILE) -> PersonContext:
    """The word lists of ``person_context.txt``; a missing file or section is an error naming the file."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"person-name context lexicon not found: {path}")
    sections = read_sections(Path(path))
    wanted = ("address", "glued", "after_name", "thing_before", "thing_after", "measures", "not_given_names")
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
        not_given_names=frozenset(sections["not_given_names"]),
    )


def check_person_names(text: str, words: Sequence, candidates: list, lexicon,
                       context: PersonContext | None = None) -> list:
    """``candidates`` with every PERSON checked against its context: completed, trimmed or dropped;
    then names found that had no candidate (:func:`recovered_names`) and places in a list of names
    retyped (:func:`listed_names`).

    ``words`` are LAC's words of ``text`` (objects with ``text``, ``tag``, ``start``, ``end``);
    candidates are objects with ``start``, ``end`` and ``label`` (others pass unchanged); ``lexicon``
    answers ``has_surname``, ``is_known_place`` and ``contains_title``."""
    ctx = context or load_person_context()
    at_start = {w.start: k for k, w in enumerate(words)}
    at_end = {w.end: k for k, w in enumerate(words)}
    out = []
    for c in candidates:
        if c.label == "PERSON":
            c = _checked(text, words, at_start, at_end, c, lexicon.has_surname, ctx)
            if c is None:
                continue
        out.append(c)
    out += recovered_names(text, words, out, lexicon, ctx)
    return listed_names(text, words, out, lexicon)


def _checked(text: str, words: Sequence, at_start: dict, at_end: dict, c, has_surname, ctx: PersonContext):
    name = text[c.start:c.end]
    if not _HAN.match(name[:1]):
        return c
    if _NAME_DOTS.search(name) and _HAN.match(text[c.end:c.end + 1]) and _inside_quotes(text, c.start):
        return None  # “某某·某某服务卡”: a dotted brand inside a quoted name, no foreign person
    if is_form_of_address(name, has_surname, ctx) or name[1:] in ctx.not_given_names and has_surname(name[:1]):
        return None  # 某总, 某副总; 某 + 一行 (a family name and "with party")
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
            or nxt.tag not in _CUT_CHAR_TAGS or text[end - 1] == "某":
        return False  # (某某某 made anonymous ends with 某: complete)
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


# What separates the names of a list (和, 与 may be part of a name, so they are not used here).
_LIST_MARK = "、"
_LIST_END = "等、，,。；;及"
_PLACE_END_CHARS = frozenset("省市区县镇乡村州旗盟路街巷湾岛山河江湖港站园")


def listed_names(text: str, words: Sequence, candidates: list, lexicon) -> list:
    """A name in a list of names (某甲、某乙、某丙等) that LAC tagged as a place is a person when it reads
    as one (two or three Han characters after a family name, no known place, no place ending, no
    title): LAC often tags a list's last name so. The place candidate, if any, becomes the person.
    (Items LAC left as ordinary words are kg_name_lists' work.)"""
    persons = [c for c in candidates if c.label == "PERSON"]
    if not persons or _LIST_MARK not in text:
        return candidates
    starts = {c.start for c in persons}
    ends = {c.end for c in persons}
    out = []
    for c in candidates:
        if c.label == "PLACE" and _in_person_list(text, c.start, c.end, starts, ends) \
                and _reads_as_name(text[c.start:c.end], lexicon):
            c = replace(c, label="PERSON")
        out.append(c)
    taken = [(c.start, c.end) for c in out]
    make = type(persons[0])
    for w in words:
        if w.tag == "LOC" and _in_person_list(text, w.start, w.end, starts, ends) \
                and not any(a < w.end and w.start < b for a, b in taken) and _reads_as_name(w.text, lexicon):
            out.append(make(w.start, w.end, "PERSON"))
    return out


def _in_person_list(text: str, start: int, end: int, person_starts: set, person_ends: set) -> bool:
    """A person's name and 、 on one side, and 、 + a person or the list's end (等, a mark) on the other."""
    before = start >= 1 and text[start - 1] == _LIST_MARK and (start - 1) in person_ends
    after_person = text[end:end + 1] == _LIST_MARK and (end + 1) in person_starts
    after_end = text[end:end + 1] in ("等", "，", "。", "；", "")
    before_mark = start >= 1 and text[start - 1] == _LIST_MARK
    return (before and (after_person or after_end)) or (before_mark and after_person)


def _reads_as_name(name: str, lexicon, surname: bool = True) -> bool:
    return (2 <= len(name) <= 3 and all(_HAN.match(ch) for ch in name) and (lexicon.has_surname(name) or not surname)
            and not lexicon.is_known_place(name) and name[-1] not in _PLACE_END_CHARS
            and not lexicon.contains_title(name, shortest=2))


def _inside_quotes(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside a quotation opened before it on its line."""
    line_start = text.rfind("\n", 0, pos) + 1
    depth = 0
    for ch in text[line_start:pos]:
        if ch in _OPEN_QUOTES:
            depth += 1
        elif ch in _CLOSE_QUOTES and depth:
            depth -= 1
    return depth > 0


def recovered_names(text: str, words: Sequence, candidates: list, lexicon, ctx: PersonContext) -> list:
    """Names the rules before had no candidate for, found from LAC's words and the titles around them:

    * a three-character PER word LAC gives more than once in the article (a rare family name the
      lexicon lacks is still LAC's steady judgement);
    * a name behind a title's last characters that LAC glued to it (副主 + 任某某某).
    New candidates only where no candidate is; each must read as a name."""
    make = type(candidates[0]) if candidates else _candidate_class()
    taken = [(c.start, c.end) for c in candidates]

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in taken)

    found = []

    def add(start: int, end: int) -> None:
        found.append(make(start, end, "PERSON"))
        taken.append((start, end))

    per_counts: dict[str, int] = {}
    for w in words:
        if w.tag == "PER":
            per_counts[w.text] = per_counts.get(w.text, 0) + 1
    for k, w in enumerate(words):
        if len(w.text) < 3:  # (both readings below need three characters or more: most words go here)
            continue
        prev = words[k - 1] if k and words[k - 1].end == w.start else None
        if w.tag == "PER" and len(w.text) == 3 and per_counts[w.text] >= 2 and free(w.start, w.end) \
                and _reads_as_name(w.text, lexicon, surname=False):
            add(w.start, w.end)
        elif prev is not None and len(w.text) >= 3:
            for cut in (1, 2):
                if len(w.text) - cut in (2, 3) and lexicon.is_title(prev.text + w.text[:cut]) \
                        and not lexicon.is_title(prev.text) and _ends_name(words, k + 1, w.end, text) \
                        and _reads_as_name(w.text[cut:], lexicon) and free(w.start, w.end):
                    add(w.start + cut, w.end)
                    break
    return found


def _candidate_class():
    from unionkg.pipelines.nlp.entity_rules import Candidate  # the caller's class (imported late: it imports us)

    return Candidate


def _ends_name(words: Sequence, k: int, end: int, text: str) -> bool:
    """Whether a name can end at ``end``, word ``k`` being the one after it: a mark, a verb, a particle …"""
    if end >= len(text):
        return True
    if k >= len(words) or words[k].start != end:
        return not _HAN.match(text[end])
    return words[k].tag in _BOUNDARY_TAGS or text[end] in _LIST_END
