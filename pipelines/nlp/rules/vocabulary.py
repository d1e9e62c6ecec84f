"""The entity rules' word lists (``data/lexicon/rule_words.txt``) in the forms the rules look them up."""
from __future__ import annotations

import re
from dataclasses import dataclass

from unionkg.pipelines.nlp.lexicon import Lexicon


@dataclass(frozen=True)
class Vocabulary:
    stop_nouns: frozenset[str]
    never_names: frozenset[str]
    honorifics: tuple[str, ...]
    person_noun_ends: frozenset[str]
    byline_words: tuple[str, ...]
    byline_name_words: tuple[str, ...]  # the byline words a name follows directly
    byline_name_word: re.Pattern
    leads: frozenset[str]
    generic_heads: tuple[str, ...]
    party_committees: tuple[str, ...]
    generic_head_words: frozenset[str]  # may start a short form whatever the lexicon says
    plural_markers: tuple[str, ...]
    connectives: tuple[str, ...]
    leading_connectives: tuple[str, ...]
    glued: dict[str, str]  # a body's last character -> the characters it is glued to
    glued_end: re.Pattern
    department_suffixes: tuple[str, ...]
    news_credits: tuple[str, ...]
    abstract_ends: tuple[str, ...]
    product_words: tuple[str, ...]
    school_endings: tuple[str, ...]
    school_levels: tuple[str, ...]
    learn_after: tuple[str, ...]
    state_ministries: tuple[str, ...]
    national_short_names: tuple[str, ...]  # with the ministries, longest first
    union_centre_end: str
    mission_ends: tuple[str, ...]
    generic_company_words: tuple[str, ...]
    nouns_of_note: frozenset[str]  # nouns a candidate can start from besides names after a title
    clause_marks: tuple[str, ...]
    feature_ends: frozenset[str]
    not_administrative_ends: tuple[str, ...]
    division_words: tuple[str, ...]
    transliteration_chars: frozenset[str]


def vocabulary(lexicon: Lexicon) -> Vocabulary:
    """The rule words of ``lexicon`` (``rule_words.txt`` of its directory) ready for lookups."""
    w = lexicon.rule_words
    glued: dict[str, str] = {}
    for pair in w["glued_pairs"]:
        glued[pair[0]] = glued.get(pair[0], "") + pair[1:]
    generic_heads, party_committees = w["generic_heads"], w["party_committees"]
    byline_name_words = w["byline_words"][:2]
    union_centre_end, = w["union_centre_end"]
    return Vocabulary(
        stop_nouns=frozenset(w["stop_nouns"]),
        never_names=frozenset(w["never_names"]),
        honorifics=w["honorifics"],
        person_noun_ends=frozenset(w["person_noun_ends"]),
        byline_words=w["byline_words"],
        byline_name_words=byline_name_words,
        byline_name_word=re.compile("|".join(map(re.escape, byline_name_words))),
        leads=frozenset(w["leads"]),
        generic_heads=generic_heads,
        party_committees=party_committees,
        generic_head_words=frozenset(generic_heads + party_committees),
        plural_markers=w["plural_markers"],
        connectives=w["connectives"],
        leading_connectives=w["leading_connectives"],
        glued=glued,
        glued_end=re.compile(f"[{re.escape(''.join(glued))}]" if glued else "(?!)"),
        department_suffixes=w["department_suffixes"],
        news_credits=w["news_credits"],
        abstract_ends=w["abstract_ends"],
        product_words=w["product_words"],
        school_endings=w["school_endings"],
        school_levels=w["school_levels"],
        learn_after=w["learn_after"],
        state_ministries=w["state_ministries"],
        national_short_names=tuple(sorted(w["national_short_names"] + w["state_ministries"], key=len, reverse=True)),
        union_centre_end=union_centre_end,
        mission_ends=w["mission_ends"],
        generic_company_words=w["generic_company_words"],
        nouns_of_note=frozenset(w["generic_company_words"]) | frozenset(generic_heads + party_committees),
        clause_marks=w["clause_marks"],
        feature_ends=frozenset(w["feature_ends"]),
        not_administrative_ends=w["not_administrative_ends"],
        division_words=w["division_words"],
        transliteration_chars=lexicon.transliteration_chars,
    )
