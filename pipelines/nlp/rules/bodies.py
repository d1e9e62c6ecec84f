"""Candidates of bodies: a run of name words from a proper name to its last organization ending."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from unionkg.pipelines.nlp.lexicon import Lexicon
from unionkg.pipelines.nlp.rules.vocabulary import Vocabulary
from unionkg.pipelines.nlp.rules.words import (
    CANDIDATE_TAGS, CJK, CLOSE_BRACKETS, CONT_TAGS, GENERIC_HEAD_TAGS, HEAD_TAGS, OPEN_BRACKETS, START_TAGS,
    TITLED_NAME_TAGS, Candidate, Word,
)
from unionkg.pipelines.nlp.rules.org_types import COMPANY_INSIDE, ORDINAL_BRANCH, ORDINAL_BUREAU

# A school's campus or branch printed after its name: 某某中学 + 东校区.
_CAMPUS = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?:校区|分校)")


class BodyCandidates:
    """Candidates of unions, businesses and other bodies in a sentence (mixed into ``EntityRules``)."""

    lexicon: Lexicon
    vocab: Vocabulary

    def sentence_candidates(self, doc: Doc, words: list[Word], text: str,
                            sentence: str) -> tuple[list[Candidate], list[Candidate]]:
        """Candidates and generic names among the ``words`` of ``sentence`` (a piece of ``text``)."""
        found: list[Candidate] = []
        generic: list[Candidate] = []
        byline = self.vocab.byline_name_word.search(sentence) is not None  # what _byline_name looks for
        # Words no rule below starts from (verbs, particles, marks …) are passed over in one sweep; in a
        # byline any word of two or three characters may be a name, so all are looked at there.
        starts = range(len(words)) if byline else [k for k, w in enumerate(words) if w.tag in START_TAGS]
        resume = 0  # the words before this one are part of a name already found
        for i in starts:
            if i < resume:
                continue
            w = words[i]
            if w.tag == "n" and not byline and w.text not in self.vocab.nouns_of_note and "公司" not in w.text \
                    and not (2 <= len(w.text) <= 3 and self._titled_name(words, i)):
                continue  # a common noun (the most frequent word): none of the rules below starts here
            if w.tag == "PER":
                person = self.person(text, w)
                if person:
                    found.append(person)
                continue
            if 2 <= len(w.text) <= 3 and (byline and self._byline_name(text, words, i)
                                          or w.tag in TITLED_NAME_TAGS and self._titled_name(words, i)):
                found.append(Candidate(w.start, w.end, "PERSON"))
                continue
            if w.tag not in CANDIDATE_TAGS:
                continue  # no rule below starts from such a word
            if w.tag == "ORG" and w.text == "全总":
                # the national federation's short name standing alone (kg_shortforms names it in full)
                found.append(Candidate(w.start, w.end, "UNION"))
                continue
            if w.tag == "n" and self._is_generic_company_word(w.text):
                if self._bare_company_union_title(text, words, i):
                    # 公司工会主席王某 with no name before 公司: the company the article named before
                    generic.append(Candidate(w.start, w.end, "COMPANY"))
                    continue
                if self._bare_company_union(words, i):
                    # 集团工会将… with no name before: the union of the business the article named before
                    generic.append(Candidate(w.start, words[i + 1].end, "UNION"))
                    resume = i + 2
                    continue
            numbered = self._numbered_body(text, words, i) if w.tag == "m" else None
            if numbered is not None:  # 12345市民服务热线中心
                found.append(Candidate(w.start, words[numbered].end, "ORG"))
                resume = numbered + 1
                continue
            head = (w.tag in HEAD_TAGS and len(w.text) >= 2) \
                or w.tag in GENERIC_HEAD_TAGS and (w.text in self.vocab.generic_head_words or w.tag == "ORG") \
                and self._generic_head(words, i)
            end = self._org_run(text, words, i) if head else None
            if end is not None:
                start_char, end_char = w.start, words[end].end
                end_char = self._trim_department(text, start_char, end_char, words[end])
                end_char = self._trim_repeated_union(text, start_char, end_char)
                kind_head = self.vocab.business_kind_head.match(text, start_char, end_char)
                if kind_head and self.lexicon.org_suffix(text[kind_head.end():end_char])[1] == "COMPANY" \
                        and end_char - kind_head.end() >= 4:
                    start_char = kind_head.end()
                name = text[start_char:end_char]
                kind = self.type_org(name)
                if not kind and self.lexicon.org_suffix(name)[1] == "VENUE":
                    # 某某有限公司 + 劳模创新工作室: the business that hosts the venue is named
                    inside = COMPANY_INSIDE.match(name)
                    if inside and inside.end() >= 4 and self.type_org(inside.group()) == "COMPANY":
                        end_char = start_char + inside.end()
                        name, kind = inside.group(), "COMPANY"
                if name.endswith(self.vocab.school_levels) and text[end_char:end_char + 1] in self.vocab.learn_after:
                    kind = ""  # 比武中学到的经验: 中 + 学到 (learned in), no school
                if kind == "ORG":
                    end_char = self._extend_campus(text, start_char, end_char)
                if kind == "GENERIC" and self._company_union_title(text, name, end_char, generic=True):
                    # 该公司工会主席: the company named before, with 工会主席 as the title
                    generic.append(Candidate(start_char, end_char - 2, "COMPANY"))
                elif kind == "GENERIC":
                    generic.append(Candidate(start_char, end_char, self.type_org(name, generic=True)))
                elif kind == "PLACE_UNION":  # 北京市工会, 老挝工会: the unions of a place
                    found.append(Candidate(start_char, end_char - 2, "PLACE"))
                elif kind == "COMPANY" and not self.lexicon.org_suffix(name)[0] and not self._brand_ok(doc, words, i):
                    pass
                elif kind == "UNION" and self._company_union_title(text, name, end_char):
                    # X公司工会主席: the company, with 工会主席 as the title
                    found.append(Candidate(start_char, end_char - 2, "COMPANY"))
                elif kind:
                    found.append(Candidate(start_char, end_char, kind))
                elif w.tag == "LOC" and end > i:
                    # no body (a venue, a project): the place at its head still counts (北京 + 某剧院)
                    place = self.place(text, words, i)
                    if place and place.end == w.end:
                        found.append(place)
                        resume = i + 1
                        continue
                resume = end + 1
                continue
            if w.tag in ("LOC", "ORG", "ns"):
                place = self.place(text, words, i)
                if place:
                    found.append(place)
                    resume = i + (1 if place.end == w.end else 2)
                    continue
        return found, generic

    def _numbered_body(self, text: str, words: list[Word], i: int) -> int | None:
        """A service named by its phone number (``12345`` + 市民服务热线中心): index of the last
        word of a body name that starts with a bare number of five or more digits."""
        w = words[i]
        if w.tag != "m" or not (w.text.isascii() and w.text.isdigit()) or len(w.text) < 5:
            return None
        last = None
        for k in range(i + 1, len(words)):
            x = words[k]
            if x.start != words[k - 1].end or x.tag not in ("n", "v", "vn", "nz") or x.end - w.start > 16:
                break
            if self.lexicon.org_suffix(text[w.start:x.end])[1] == "ORG":
                last = k
        return last

    def _generic_head(self, words: list[Word], i: int) -> bool:
        """A generic word that may start a short form: 市总工会, 该街道总工会, 区人社局."""
        w = words[i]
        if not (w.tag == "n" and w.text in self.vocab.party_committees  # 市委 + 常委
                or w.tag in GENERIC_HEAD_TAGS and w.text in self.vocab.generic_heads
                or w.tag == "ORG" and self.lexicon.strip_generic(w.text) != w.text):
            return False
        prev = words[i - 1] if i > 0 else None
        # 两市工会, 各区总工会: several bodies
        return not (prev is not None and prev.end == w.start and prev.tag in ("m", "r") and prev.text != "该")

    def _is_cont(self, w: Word) -> bool:
        if w.text in self.vocab.stop_nouns or self.lexicon.is_title(w.text):
            return False
        if w.tag in CONT_TAGS:
            return True
        suffix, _ = self.lexicon.org_suffix("X" + w.text)
        return bool(suffix) and w.tag in ("m", "v", "vn", "s", "a") and len(w.text) >= 1 and w.text.endswith(suffix)

    def _org_run(self, text: str, words: list[Word], i: int) -> int | None:
        """Index of the last word of the organization name starting at word ``i``, or None."""
        last_ok = None
        k = i
        while k < len(words):
            w = words[k]
            if k > i:
                if w.start != words[k - 1].end:
                    break
                if w.text in OPEN_BRACKETS:
                    # a short parenthesized part right after a name: 网易集团（北京）
                    close = self._bracket_close(words, k)
                    if close is None:
                        break
                    if last_ok == k - 1:
                        last_ok = close
                    elif close + 1 >= len(words) or words[close + 1].start != words[close].end \
                            or not self._is_cont(words[close + 1]):
                        break  # inside a name (某某工业（国防）工会) only when the name goes on
                    k = close + 1
                    continue
                if not self._is_cont(w) and not self._verb_noun_in_name(words, k):
                    break
                if w.text in self.vocab.state_ministries or w.text == "全总":
                    break  # a ministry is a body of its own, never the end of another name
                title = self.lexicon.title_at(text, w.start)
                if title and len(title) >= len(w.text):
                    break  # 党委 + 副书记: a title starts here
                if w.text[0] in "市区县省" and self.lexicon.org_suffix(w.text)[0] \
                        and self.lexicon.org_suffix(text[words[i].start:words[k - 1].end])[0]:
                    break  # 丰台区委 | 区政府: a second body in its short form
            if self._ends_name(text, words, i, k):
                venue = self.lexicon.org_suffix(text[words[i].start:words[k].end])[1] == "VENUE"
                # 中建一局 + 项目: a body's site is not part of its name (but 某某医药 + 园 is a venue)
                if not (venue and last_ok is not None
                        and self.lexicon.org_suffix(text[words[i].start:words[last_ok].end])[0]):
                    last_ok = k
            k += 1
        return last_ok

    def _verb_noun_in_name(self, words: list[Word], k: int) -> bool:
        """A verbal noun inside a name right before its ending: 培训 + 中心, 监测 + 中心."""
        w = words[k]
        if w.tag != "vn" or k + 1 >= len(words) or words[k + 1].start != w.end:
            return False
        nxt = words[k + 1]
        return nxt.tag in ("n", "vn") and bool(self.lexicon.org_suffix("X" + nxt.text)[0])

    def _bracket_close(self, words: list[Word], k: int) -> int | None:
        """Closing bracket of a short parenthesized part (``（北京）``, ``（总部）``) opened at ``k``."""
        for j in range(k + 1, min(k + 5, len(words))):
            if words[j].text in CLOSE_BRACKETS:
                inner = "".join(x.text for x in words[k + 1:j])
                if 1 <= len(inner) <= 8 and CJK.match(inner) and not inner.startswith(self.vocab.alias_openers):
                    return j
                return None
        return None

    def _ends_name(self, text: str, words: list[Word], i: int, k: int) -> bool:
        name = text[words[i].start:words[k].end]
        if self.lexicon.org_suffix(name)[0]:
            return True
        return words[k].tag == "ORG"

    def _extend_campus(self, text: str, start: int, end: int) -> int:
        """A school's name goes on over its campus or branch: 某某中学 + 某某校区."""
        if not text[start:end].endswith(self.vocab.school_endings):
            return end
        m = _CAMPUS.match(text[end:end + 6])
        return end + m.end() if m else end

    def _trim_repeated_union(self, text: str, start: int, end: int) -> int:
        """``X工会联合会工会`` (LAC glued the next word's 工会) -> ``X工会联合会``."""
        name = text[start:end]
        if name.endswith("工会") and name[:-2].endswith(self.vocab.federation_endings):
            return end - 2
        return end

    def _company_union_title(self, text: str, name: str, end: int, *, generic: bool = False) -> bool:
        if not name.endswith("工会") or name.endswith(self.vocab.federation_endings):
            return False
        body = name[:-2]
        if generic:
            if not body.endswith(self.vocab.generic_company_words) and not ORDINAL_BRANCH.search(body):
                return False
        elif self.lexicon.org_suffix(body)[1] != "COMPANY" and not ORDINAL_BUREAU.search(body):
            return False
        return self.lexicon.title_at(text, end) in self.vocab.union_chair_titles

    def _bare_company_union(self, words: list[Word], i: int) -> bool:
        """``公司`` / ``集团`` + ``工会`` standing alone, nothing name-like glued before it."""
        w = words[i]
        if w.tag != "n" or not self._is_generic_company_word(w.text) or i + 1 >= len(words):
            return False
        if i > 0 and words[i - 1].end == w.start and words[i - 1].tag not in ("w", "p", "c", "d", "u", "TIME"):
            return False
        nxt = words[i + 1]
        return nxt.text == "工会" and nxt.start == w.end

    def _bare_company_union_title(self, text: str, words: list[Word], i: int) -> bool:
        """``公司`` + ``工会`` + a union title, or ``公司`` + titles (养护中心主任) right before a
        name, nothing name-like glued before ``公司``."""
        w = words[i]
        if w.tag != "n" or not self._is_generic_company_word(w.text) or i + 1 >= len(words):
            return False
        glued_ok = ("w", "p", "c", "v", "d", "u") if w.text == "公司" else ("w", "p", "c", "d", "u")
        if i > 0 and words[i - 1].end == w.start and words[i - 1].tag not in glued_ok:
            return False  # 某某 + 集团: a group named in full (LAC may read its last word as a verb)
        nxt = words[i + 1]
        if nxt.text == "工会" and nxt.start == w.end:
            return self._company_union_title(text, text[w.start:nxt.end], nxt.end, generic=True)
        # a list of titles may run long (党委副书记、工会主席): look on to the name within the clause
        name = next((x for x in words[i + 1:i + 12] if x.tag == "PER"), None)
        if name is None:
            return False
        between = text[w.end:name.start]
        if any(c in "，。；：！？,;:!?\n" for c in between):
            return False
        titles = self.titles
        return bool(between) and (titles.titles_full.fullmatch(between) or titles.suborg_titles.fullmatch(between)) is not None
