"""The place each article is about (``kg_locus``), so that 市委, 区总工会 or 县长 mean that place's bodies.

Writes ``doc._.locus`` (a :class:`Locus`: province, city and district, full names, ``""`` where
nothing decides). Evidence, by weight:

* the dateline (``本报铜川讯``, ``新华社昆明5月3日电``): a place named by the outlet itself;
* every administrative place printed in the article, alone or at the head of a body's name
  (``某某省某某市某某区委`` gives all three), looked up in the division table with every homonym;
* the page around the article, for the levels the article itself leaves open;
* the ``home_city`` setting, only when neither the article nor its page names any place.

The levels are chosen top down by votes (an ambiguous name splits its vote between its
homonyms): the province most named, then the city within it, then the district within that city.
Ties go to the place printed first; the homonyms of one name with nothing else to tell them apart
leave the level open (the page may decide it). A level nothing decides stays ``""``: a short form is then kept
as printed rather than guessed.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from unionkg.data.readers import load_place_endings
from unionkg.pipelines.nlp.entity_rules import NESTED_PLACES_GROUP
from unionkg.pipelines.nlp.guarded import GuardedPipe
from unionkg.pipelines.nlp.extensions import doc_ents, doc_text, span_name
from unionkg.pipelines.nlp.public_bodies import LOCUS_HINTS_GROUP, PUBLIC_BODIES_GROUP
from unionkg.pipelines.nlp.lexicon import Lexicon, lexicon_directory, load_lexicon
from unionkg.pipelines.settings import Settings

_DATELINE = re.compile(r"^\s*(?:[（(【\[][^）)】\]]{0,20}[）)】\]])?\s*(?:本报|本刊|新华社|中新社|中新网)?"
                       r"(?P<place>[\u4e00-\u9fff]{2,8}?)(?:\d{1,2}月\d{1,2}日)?[讯电]")
_PARTY_PREFIX = "中共"
_DATELINE_WEIGHT = 2.0
_TOWN_ENDINGS = load_place_endings()["town"]
_OWN_LEVEL = re.compile(r"(?:我|本|全)(省|市|区|县)")
_LEVEL_HINT_WEIGHT = 1.0
# A bare level at the head of a short form, and the locus level it names (longest first).
LEVEL_PREFIXES = (("自治区", "province"), ("自治州", "city"), ("省", "province"), ("市", "city"),
                  ("州", "city"), ("区", "district"), ("县", "district"))


@dataclass(frozen=True)
class Locus:
    province: str = ""
    city: str = ""
    district: str = ""
    source: str = ""  # article | page | home | "" (nothing decided)

    def place_for(self, level: str) -> str:
        """The full name a bare level prefix (省, 市, 区, 县, 自治区, 州 …) stands for, or ``""``."""
        kind = dict(LEVEL_PREFIXES).get(level)
        place = {"province": self.province, "city": self.city, "district": self.district}.get(kind or "", "")
        return place if place.endswith(level) else ""


@dataclass
class _Evidence:
    position: float
    codes: tuple[str, ...]
    weight: float = 1.0


class LocusFinder(GuardedPipe):
    def __init__(self, nlp: Language | None = None, name: str = "kg_locus", *, home_city: str = "",
                 lexicon_dir: str = "") -> None:
        self.name = name
        self.lexicon: Lexicon = load_lexicon(lexicon_directory(lexicon_dir))
        self.home = self._home_locus(home_city)

    def process(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 0):
        """The articles of one page (same ``doc._.page_id``) fill in for each other what one leaves
        open; a doc without a page id is a page of its own. An article whose evidence cannot be read
        goes to spaCy's error handler and counts as naming no place."""
        docs = list(docs)
        evidence = [self._guarded_evidence(doc) for doc in docs]
        pages: dict[str, list[_Evidence]] = defaultdict(list)
        for doc, ev in zip(docs, evidence):
            if doc._.page_id:
                pages[doc._.page_id] += ev
        page_locus = {page_id: self.decide(ev, "page") for page_id, ev in pages.items()}
        for doc, ev in zip(docs, evidence):
            page = page_locus[doc._.page_id] if doc._.page_id else self.decide(ev, "page")
            doc._.locus = self.combine(self.decide(ev, "article"), page)
        return docs

    # -- evidence ------------------------------------------------------------------------------
    def _guarded_evidence(self, doc: Doc) -> list[_Evidence]:
        try:
            return self.evidence(doc)
        except Exception as err:  # one bad article must not stop its page
            self.get_error_handler()(self.name, self, [doc], err)
            return []

    def evidence(self, doc: Doc) -> list[_Evidence]:
        text = doc_text(doc)
        found: list[_Evidence] = []
        m = _DATELINE.match(text[:40])
        if m and m.group("place") in self.lexicon.codes_of_name:
            found.append(_Evidence(-1, self.lexicon.codes_of_name[m.group("place")], _DATELINE_WEIGHT))
        # businesses carry the province of their registration wherever the article is set: not evidence
        spans = [(e.start_char, e.end_char, e.label_) for e in doc_ents(doc) if e.label_ not in ("PERSON", "COMPANY")]
        for group in (NESTED_PLACES_GROUP, LOCUS_HINTS_GROUP):
            spans += [(s.start_char, s.end_char, "PLACE") for s in doc.spans.get(group, [])]
        for start, end, label in sorted(spans):
            name = span_name(doc, start, end) or text[start:end]
            found += self.places_at_head(name, start, whole_place=label == "PLACE")
        # 我县 / 全市 and bodies printed with a bare level (县委, 区政府) say what kind of place the
        # article is about: places of that kind weigh more than others it names in passing (北京 as
        # the venue of a national meeting in a county paper's article)
        levels = {m.group(1) for m in _OWN_LEVEL.finditer(text)}
        for span in doc.spans.get(PUBLIC_BODIES_GROUP, []):
            level = next((lv for lv, _ in LEVEL_PREFIXES if text.startswith(lv, span.start_char)), "")
            if level:
                levels.add(level)
        if levels:
            by_code = self.lexicon.divisions_by_code
            for e in found:
                if any(by_code[c].name.endswith(tuple(levels)) for c in e.codes):
                    e.weight += _LEVEL_HINT_WEIGHT
        return found

    def places_at_head(self, name: str, position: int, *, whole_place: bool = False) -> list[_Evidence]:
        """The divisions printed at the head of ``name``: 某某省某某市某某区委 -> three. A short form
        (某某 for 某某市) counts at a body's head only for provinces and cities (district short
        forms are too often ordinary words), and whole when the entity is a place."""
        name = name[len(_PARTY_PREFIX):] if name.startswith(_PARTY_PREFIX) else name
        out, pos = [], 0
        while pos < len(name):
            for head, codes, full, levels in self.lexicon.divisions_at(name, pos):
                size = len(head)
                rest = name[pos + size:]
                weight = 1.0
                if not full:
                    # a town named after its county (某某镇 in 某某县) points at the county, weakly
                    town_of_county = levels == {"district"} and rest.startswith(_TOWN_ENDINGS)
                    if not (whole_place and not rest) and not (rest and levels <= {"province", "city"}) \
                            and not town_of_county:
                        continue
                    if rest[:1] in ("省", "市", "区", "县", "州"):  # 某某 + 市… is another name
                        continue
                    weight = 0.5 if town_of_county else weight
                out.append(_Evidence(position + pos / 100, codes, weight))
                pos += size
                break
            else:
                break
        return out

    # -- decision ------------------------------------------------------------------------------
    def decide(self, evidence: list[_Evidence], source: str) -> Locus:
        if not evidence:
            return Locus()
        by_code = self.lexicon.divisions_by_code
        province = self._vote(evidence, lambda c: c[:2])
        if not province:
            return Locus()
        inside = [_Evidence(e.position, tuple(c for c in e.codes if c[:2] == province), e.weight) for e in evidence]
        inside = [e for e in inside if e.codes]
        province_name = by_code.get(province + "0000", None)
        province_name = province_name.name if province_name else ""
        if province_name.endswith("市"):  # a province-level city: its districts lie directly under it
            city_key, city_name = province, province_name
        else:
            city_key = self._vote([_Evidence(e.position, tuple(c for c in e.codes if not c.endswith("0000")), e.weight)
                                   for e in inside], lambda c: c[:4])
            city = by_code.get(city_key + "00") if city_key else None
            city_name = city.name if city else ""
        district_name = ""
        if city_key:
            district = self._vote([_Evidence(e.position, tuple(c for c in e.codes if c.startswith(city_key)
                                                                and by_code[c].level == "district"), e.weight)
                                   for e in inside], lambda c: c)
            district_name = by_code[district].name if district else ""
        return Locus(province_name, city_name, district_name, source)

    @staticmethod
    def _vote(evidence: list[_Evidence], key) -> str:
        votes: dict[str, float] = defaultdict(float)
        first: dict[str, float] = {}
        for e in evidence:
            keys = {key(c) for c in e.codes}
            for k in keys:
                votes[k] += e.weight / len(keys)
                first.setdefault(k, e.position)
                first[k] = min(first[k], e.position)
        if not votes:
            return ""
        ranked = sorted(votes, key=lambda k: (votes[k], -first[k], k), reverse=True)
        if len(ranked) > 1 and (votes[ranked[0]], first[ranked[0]]) == (votes[ranked[1]], first[ranked[1]]):
            return ""  # homonyms of one printed name and nothing else: nothing decides (the page may)
        return ranked[0]

    def combine(self, article: Locus, page: Locus) -> Locus:
        """The article's own places, with the levels it leaves open taken from its page when they agree."""
        if not article.province:
            return page if page.province else self.home
        if page.province != article.province:
            return article
        city = article.city or page.city
        district = article.district or (page.district if page.city == city else "")
        return Locus(article.province, city, district, article.source)

    def _home_locus(self, home_city: str) -> Locus:
        codes = self.lexicon.codes_of_name.get(home_city, ()) if home_city else ()
        if not codes:
            return Locus()
        found = self.decide([_Evidence(0, codes[:1])], "home")
        return found


@Language.factory(
    "kg_locus",
    requires=["doc.ents"],
    assigns=["doc._.locus"],
    default_config={"home_city": Settings().home_city, "lexicon_dir": ""},
)
def make_locus(nlp: Language, name: str, *, home_city: str, lexicon_dir: str) -> LocusFinder:
    return LocusFinder(nlp, name, home_city=home_city, lexicon_dir=lexicon_dir)
