"""The entity rules' word lists (``data/lexicon/rule_words.txt``) in the forms the rules look them up."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

from unionkg.pipelines.nlp.lexicon import Lexicon


def _derived():
    return field(metadata={"derived": True})


@dataclass(frozen=True)
class Vocabulary:
    # Sections of rule_words.txt, by the same name: a tuple keeps the file's order, a set is for lookups.
    stop_nouns: frozenset[str]
    never_names: frozenset[str]
    honorifics: tuple[str, ...]
    person_noun_ends: frozenset[str]
    byline_words: tuple[str, ...]
    leads: frozenset[str]
    generic_heads: tuple[str, ...]
    party_committees: tuple[str, ...]
    plural_markers: tuple[str, ...]
    connectives: tuple[str, ...]
    leading_connectives: tuple[str, ...]
    department_suffixes: tuple[str, ...]
    news_credits: tuple[str, ...]
    abstract_ends: tuple[str, ...]
    product_words: tuple[str, ...]
    school_endings: tuple[str, ...]
    school_levels: tuple[str, ...]
    learn_after: tuple[str, ...]
    state_ministries: tuple[str, ...]
    mission_ends: tuple[str, ...]
    generic_company_words: tuple[str, ...]
    clause_marks: tuple[str, ...]
    federation_endings: tuple[str, ...]
    union_chair_titles: tuple[str, ...]
    alias_openers: tuple[str, ...]
    feature_ends: frozenset[str]
    not_administrative_ends: tuple[str, ...]
    zone_and_venue_ends: tuple[str, ...]
    # Made from the sections.
    byline_name_words: tuple[str, ...] = _derived()  # the byline words a name follows directly
    byline_name_word: re.Pattern = _derived()
    generic_head_words: frozenset[str] = _derived()  # may start a short form whatever the lexicon says
    glued: dict[str, str] = _derived()  # a body's last character -> the characters it is glued to
    glued_end: re.Pattern = _derived()
    national_short_names: tuple[str, ...] = _derived()  # with the ministries, longest first
    union_centre_end: str = _derived()
    nouns_of_note: frozenset[str] = _derived()  # nouns a candidate can start from besides names after a title
    conjunction: re.Pattern = _derived()
    department_tail: re.Pattern = _derived()  # 党群科 at the end of a company's name
    international_org: re.Pattern = _derived()
    business_kind_head: re.Pattern = _derived()
    adjectival_after_place: re.Pattern = _derived()
    group_after: re.Pattern = _derived()  # a group after 率
    transliteration_chars: frozenset[str] = _derived()


def _either(words) -> str:
    """A regular-expression group matching any of ``words``, longest first."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def vocabulary(lexicon: Lexicon) -> Vocabulary:
    """The rule words of ``lexicon`` (``rule_words.txt`` of its directory) ready for lookups."""
    w = lexicon.rule_words
    lists = {f.name: frozenset(w[f.name]) if f.type.startswith("frozenset") else w[f.name]
             for f in fields(Vocabulary) if not f.metadata.get("derived")}
    glued: dict[str, str] = {}
    for pair in w["glued_pairs"]:
        glued[pair[0]] = glued.get(pair[0], "") + pair[1:]
    heads = lists["generic_heads"] + lists["party_committees"]
    union_centre_end, = w["union_centre_end"]
    return Vocabulary(
        **lists,
        byline_name_words=lists["byline_words"][:2],
        byline_name_word=re.compile(_either(lists["byline_words"][:2])),
        generic_head_words=frozenset(heads),
        glued=glued,
        glued_end=re.compile(f"[{re.escape(''.join(glued))}]" if glued else "(?!)"),
        national_short_names=tuple(sorted(w["national_short_names"] + lists["state_ministries"], key=len, reverse=True)),
        union_centre_end=union_centre_end,
        nouns_of_note=frozenset(lists["generic_company_words"]) | frozenset(heads),
        conjunction=re.compile(_either(w["conjunctions"])),
        department_tail=re.compile(_either(w["department_tail_heads"]) + "?[科处室股]$"),
        international_org=re.compile(_either(w["international_heads"]) + "[\u4e00-\u9fff]{1,8}组织"),
        business_kind_head=re.compile(_either(w["business_kinds"]) + "?企业"),
        adjectival_after_place=re.compile(_either(w["adjectival_after_place"])),
        group_after=re.compile(r"[^，。；、\s]{0,8}?" + _either(w["group_words"])),
        transliteration_chars=lexicon.transliteration_chars,
    )
