"""The type of an organization-like name: UNION, COMPANY, ORG, PLACE, GENERIC or none."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from unionkg.pipelines.nlp.extensions import doc_text
from unionkg.pipelines.nlp.lexicon import Lexicon
from unionkg.pipelines.nlp.rules.vocabulary import Vocabulary
from unionkg.pipelines.nlp.rules.words import CJK, Candidate, Word

COMPANY_INSIDE = re.compile(r".*(?:有限责任公司|股份有限公司|有限公司|集团|公司)")
_TRAILING_BRACKET = re.compile(r"[（(][^（()）]*[）)]$")
_PROJECT_PHASE = re.compile(r"[一二三四五六七八九十\d]+期(?:工程|项目)?")
ORDINAL_BUREAU = re.compile(r"[一二三四五六七八九十]局$")
# A numbered branch named without its business (第三分公司), like 公司 alone.
ORDINAL_BRANCH = re.compile(r"第[一二三四五六七八九十百零〇0-9]+(?:分公司|子公司)")
# Business names with no known ending (brands) are short.
_LONGEST_BARE_BRAND = 6


class OrgTyping:
    """The type of a body's name and the cuts that make it one (mixed into ``EntityRules``)."""

    lexicon: Lexicon
    vocab: Vocabulary

    def _is_generic_company_word(self, text: str) -> bool:
        return text in self.vocab.generic_company_words or "公司" in text and ORDINAL_BRANCH.fullmatch(text) is not None

    def _brand_ok(self, doc: Doc, words: list[Word], i: int) -> bool:
        """A business name LAC found without any known ending (京东, 北汽新能源): not in a
        headline-like line (slogans), and not the end of a person's name LAC split (常|洪霞)."""
        w = words[i]
        text = doc_text(doc)
        line_start = text.rfind("\n", 0, w.start) + 1
        line_end = text.find("\n", w.end)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if not any(p in line for p in "，。、：；"):
            return False
        if text.startswith(self.vocab.product_words, w.end):
            return False  # 某某会议 / 某某小程序: an online product named after the brand, not the business
        return not any(p.endswith(w.text) and p != w.text for p in self._lac_persons)

    def _trim_department(self, text: str, start: int, end: int, last: Word) -> int:
        name = text[start:end]
        # a business's department (X集团税务服务部) is not a body of its own: keep the business
        suffix, kind = self.lexicon.org_suffix(name)
        if kind == "ORG" and suffix in self.vocab.department_suffixes:
            m = COMPANY_INSIDE.search(name[: -len(suffix)])
            if m and m.end() < len(name) - len(suffix):
                return start + m.end()
        if self.lexicon.org_suffix(name)[0] or last.tag != "ORG" or name.endswith(self.vocab.union_centre_end):
            return end
        m = self.vocab.department_tail.search(name)
        if m and m.start() > 0 and self.lexicon.org_suffix(name[: m.start()])[0]:
            return start + m.start()
        # LAC ran a body into the next word (…联合会签署, …工会制作): cut after its ending
        for cut in (len(name) - 1, len(name) - 2):
            suffix, kind = self.lexicon.org_suffix(name[:cut])
            if suffix and kind != "VENUE" and len(suffix) >= 2:
                return start + cut
        return end

    def _type_org(self, name: str, *, generic: bool = False) -> str:
        """``type_org`` (remembered): UNION | COMPANY | ORG | PLACE for an organization-like name;
        ``GENERIC`` for a name of no particular body (该街道总工会); ``""`` when not an entity (venues, junk)."""
        bracket = _TRAILING_BRACKET.search(name)
        if bracket and _PROJECT_PHASE.fullmatch(bracket.group()[1:-1]):
            return ""  # 某某服务中心（一期）: a building project, not a body
        name = _TRAILING_BRACKET.sub("", name)  # 网易集团（北京） is typed as 网易集团
        suffix, kind = self.lexicon.org_suffix(name)
        if kind == "VENUE":
            return ""
        if not suffix and len(name) >= 2 and self.lexicon.is_place(name):
            return "PLACE"  # not a lone 镇 / 区
        body = name[: -len(suffix)] if suffix else name
        if self.lexicon.is_abbreviated_places(body):
            return ""
        if suffix == "工会" and not generic:
            place_kind = self.lexicon.place_kind(body)
            if place_kind in ("country", "province", "city", "district", "region", "foreign_city") \
                    or place_kind == "other" and body.endswith("市"):
                return "PLACE_UNION"
        if not generic:
            if body == "全国" and kind == "ORG":
                return "ORG"  # 全国人大常委会, 全国政协: the one national body of its kind, not a short form
            if not self.lexicon.strip_generic(body):
                return "GENERIC" if suffix else ""
            if body.endswith(self.vocab.plural_markers):
                return ""
        if kind == "UNION" or suffix == "委员会" and "工会" in body:
            return "UNION"  # 中国某某工会北京市委员会: a union's committee for a place
        if kind == "COMPANY" and suffix in self.vocab.generic_company_words \
                and self.lexicon.place_kind(body) in ("country", "region"):
            return ""  # 美国公司, 欧洲公司: businesses of a country, no particular one (a province's is a branch)
        if kind == "COMPANY" or ORDINAL_BUREAU.search(name):
            return "COMPANY"
        if kind == "ORG":
            return "ORG"
        if self.vocab.international_org.fullmatch(name):
            return "ORG"  # 国际某某组织, 世界某某组织: an intergovernmental body, no business
        # LAC's ORG with no known ending: a brand-like business name, unless it is junk.
        if generic or len(name) < 2 or not CJK.match(name) or name.endswith(self.vocab.abstract_ends):
            return ""
        if name.endswith(self.vocab.news_credits):
            return ""  # 某某网讯, 某某报讯: an outlet's credit line, not a mention of a body
        stripped = self.lexicon.strip_generic(name)
        if stripped != name or self.lexicon.title_at(name, 0):
            return ""
        if name.endswith(self.vocab.union_centre_end) and len(name) > len(self.vocab.union_centre_end) + 1 \
                and not name[: -len(self.vocab.union_centre_end)].endswith(self.vocab.plural_markers):
            return "UNION"  # 某国中央工会组织 (joined by _union_organization_at)
        if any(u in name for u in self.vocab.federation_endings):
            return ""  # a union's name inside: bodies LAC ran together, no business
        if any(name.endswith(p) and len(p) >= 2 for p in self._place_tails(name)):
            return ""  # 中共北京 | 市委书记: a body cut before its ending
        # a place followed by generic words only: 海淀区职工
        for size in range(len(name) - 1, 1, -1):
            if self.lexicon.is_place(name[:size]):
                if not self.lexicon.strip_generic(name[size:]):
                    return ""
                break
        if len(name) > _LONGEST_BARE_BRAND:
            return ""  # a longer run with no ending is a slogan or a cut name, not a brand
        return "COMPANY"

    def _place_tails(self, name: str) -> list[str]:
        """Province- or city-level places (or countries) that ``name`` ends with."""
        return [name[i:] for i in range(1, len(name) - 1)
                if self.lexicon.place_kind(name[i:]) in ("country", "province", "city", "region")]

    def drop_inner_departments(self, text: str, candidates: list[Candidate], shortforms: list[Candidate]) -> list[Candidate]:
        """``全国总工会宣传教育部部长``: LAC finds the ministry name 教育部 inside the department 宣传教育部
        of the body just before it. A 部 right after a body and a few more characters of the same word
        (no conjunction, no punctuation) is that body's department, not an organization of its own."""
        bodies = sorted((c for c in candidates + shortforms if c.label in ("UNION", "ORG", "COMPANY")),
                        key=lambda c: (c.start, c.end))
        drop = set()
        for prev, cur in zip(bodies, bodies[1:]):
            gap = text[prev.end:cur.start]
            if cur.label == "ORG" and text[cur.start:cur.end].endswith("部") and 1 <= len(gap) <= 4 \
                    and CJK.match(gap) and not self.vocab.conjunction.search(gap):
                drop.add((cur.start, cur.end))
        return [c for c in candidates if (c.start, c.end) not in drop or c.label != "ORG"]
