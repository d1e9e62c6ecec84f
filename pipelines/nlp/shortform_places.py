"""Where an article is, as kg_shortforms needs it: the districts and towns it names, the city and
province its 市…/省… bodies mean (with the article's locus from kg_locus as the fallback)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from unionkg.pipelines.nlp.entity_rules import NESTED_PLACES_GROUP
from unionkg.pipelines.nlp.extensions import doc_text
from unionkg.pipelines.nlp.lexicon import short_form
from unionkg.data.readers import load_place_endings

if TYPE_CHECKING:
    from unionkg.pipelines.nlp.shortforms import _Entity as Entity

ORG_LABELS = ("UNION", "COMPANY", "ORG")
# After a district's short form these make a town's own name (怀柔镇), not the district's body.
_PLACE_HEADS = load_place_endings()["street"]
# A town or township at the head of a name, with the divisions before it: 某某区某某镇 (总工会 …).
_TOWN_AT_HEAD = re.compile(r"^[\u4e00-\u9fff]*?[\u4e00-\u9fff]{2}(?:镇|乡)(?=[\u4e00-\u9fff])")


class ArticlePlaces:
    """Mixin of kg_shortforms: needs ``self.lexicon``, ``self.home_city``, ``self.home_districts``,
    ``self._locus``, ``self._towns`` and ``self._district_at_head`` (a memo of ``_find_district_at_head``)."""

    def district_mentions(self, doc: Doc, ents: list["Entity"]) -> list[tuple[int, str]]:
        """(position, full district name) for each district the article names, in order."""
        text = doc_text(doc)
        nested = doc.spans[NESTED_PLACES_GROUP] if NESTED_PLACES_GROUP in doc.spans else []
        spans = [(e.start_char, e.text) for e in ents] + [(s.start_char, text[s.start_char:s.end_char]) for s in nested]
        found = []
        for start, span_text in spans:
            district = self._district_at_head(span_text)
            if district:
                found.append((start, district))
        return sorted(set(found))

    def _district_at_head(self, text: str) -> str:
        """The full name of the district ``text`` starts with (after its province or city), or ``""``;
        a short name counts for the districts of the article's city."""
        return self._district_at_head_in(self._locus.city, text)

    def _find_district_at_head_in(self, city: str, text: str) -> str:
        """``_district_at_head`` (remembered by city and text): ``self.home_districts`` are ``city``'s."""
        for size in range(min(len(text), 8), 1, -1):
            head = text[:size]
            d = self.lexicon.divisions.get(head)
            if d is not None and d.level == "district":
                return head
            if d is not None and d.level in ("province", "city"):
                rest = self._district_at_head(text[size:])
                if rest:
                    return rest
        for short, full in self.home_districts.items():
            if text.startswith(short) and not text.startswith(full) and not text.startswith(_PLACE_HEADS, len(short)):
                return full
        return ""

    def town_mentions(self, ents: list["Entity"]) -> list[tuple[int, str]]:
        """(position, town as printed with what heads it) for each body or place naming a town or
        township: 某某区某某镇总工会 -> 某某区某某镇."""
        found = []
        for ent in ents:
            if ent.label_ not in ORG_LABELS + ("PLACE",):
                continue
            name = ent.name
            m = _TOWN_AT_HEAD.match(name)
            if m and self._division_at_head(name[m.end() - 1:]) is None:  # not 江苏省 + 镇江市
                found.append((ent.start_char, m.group(0)))
        return sorted(set(found))

    def _short_districts(self, city: str) -> dict[str, str]:
        return {short_form(d): d for d in self.lexicon.districts_of(city)} if city else {}

    def article_city(self, ents: list["Entity"]) -> str:
        """The city whose bodies 市… names: the home city when the article names one of its
        bodies (the paper's own city: a visit of 上海市总工会 hosted by 北京市总工会 … 市总工会 is
        the host), else the city heading the article's first city body (天津市总工会 … 市总工会),
        else the article's locus (``""`` when nothing decides: the short form stays as printed)."""
        if self.home_city and any(e.label_ in ORG_LABELS and e.name.startswith(self.home_city) for e in ents):
            return self.home_city
        for ent in ents:
            if ent.label_ not in ORG_LABELS:
                continue
            text = ent.text
            for _ in range(2):  # 河北省 | 唐山市…
                head = self._division_at_head(text)
                if head is None or head.level not in ("province", "city"):
                    break
                if head.name.endswith("市"):
                    return head.name
                text = text[len(head.name):]
        return self._locus.place_for("市")

    def article_province(self, ents: list["Entity"]) -> str:
        """The province whose bodies 省… names: the one heading the article's first provincial
        body (四川省总工会 … 省人社厅); "" when the article names none."""
        for ent in ents:
            if ent.label_ not in ORG_LABELS:
                continue
            name = ent.name
            head = self._division_at_head(name[2:] if name.startswith("中共") else name)
            if head is not None and head.level == "province" and head.name.endswith("省"):
                return head.name
        return ""

    def _fullest_town(self, town: str) -> str:
        """The town as printed with most of its divisions (某某镇 -> 某某区某某镇 named elsewhere)."""
        longer = sorted({t for _, t in self._towns if t.endswith(town) and len(t) > len(town)}, key=lambda t: (-len(t), t))
        return longer[0] if town and longer else town

    def _division_at_head(self, text: str):
        for size in range(min(len(text) - 1, 8), 1, -1):
            d = self.lexicon.divisions.get(text[:size])
            if d is not None:
                return d
        return None

    @staticmethod
    def district_near(districts: list[tuple[int, str]], pos: int) -> str:
        before = [d for p, d in districts if p <= pos]
        if before:
            return before[-1]
        return districts[0][1] if districts else ""

    def article_district(self, districts: list[tuple[int, str]], pos: int) -> str:
        """The district a bare 区…/县… means at ``pos``: the one the article named last, else its locus."""
        return self.district_near(districts, pos) or self._locus.district
