"""In-article short forms: give every entity its fullest name in context (``kg_shortforms``).

Sets ``Span._.name`` on each of ``doc.ents`` and ``Doc._.aliases`` (short forms the article
declares: ``北京经济技术开发区（以下简称“经开区”）``). Resolves, within one article:

* declared short forms and names built on them: ``经开区总工会`` -> ``北京经济技术开发区总工会``;
* the national federation's short names: ``全总`` / ``全国总工会`` -> ``中华全国总工会``;
* ``市…`` -> the home city's body (``市总工会`` -> ``北京市总工会``); ``区…`` -> the district the
  article is about (``区人社局`` -> ``丰台区人社局``); a short district at a name's head
  (``延庆百泉街道总工会`` -> ``延庆区百泉街道总工会``);
* ``该街道总工会`` / ``该公司`` / a bare ``街道总工会`` -> the one named before;
* a street-level body named without its district, or as 工会 for 总工会, -> its fullest form in
  the article (``百泉街道总工会`` -> ``延庆区百泉街道总工会``);
* a short form of a business printed in full elsewhere (``中国铁路北京局`` -> ``…集团有限公司``);
* a government body's usual short form printed in full elsewhere (``某某区交通局`` -> ``某某区交通运输局``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from unionkg.data.readers import load_place_endings
from unionkg.pipelines.settings import Settings
from unionkg.pipelines.nlp.extensions import doc_ents, doc_text, entity_name, set_entities, set_span_name, span_name
from unionkg.pipelines.nlp.entity_rules import SHORTFORM_GROUP, _dir
from unionkg.pipelines.nlp.rules.words import NAME_DOT as _NAME_DOT
from unionkg.pipelines.nlp.lexicon import MEMO_SIZE, Lexicon, load_lexicon
from unionkg.pipelines.nlp.full_names import FullNames
from unionkg.pipelines.nlp.guarded import GuardedPipe
from unionkg.pipelines.nlp.shortform_places import ORG_LABELS, ArticlePlaces
from unionkg.pipelines.nlp.locus import LEVEL_PREFIXES, Locus
from unionkg.pipelines.nlp.public_bodies import PUBLIC_BODIES_GROUP, canonical_body_name

# Short names of the national federation (general knowledge).
NATIONAL_FEDERATION = "中华全国总工会"
NATIONAL_SHORT = ("全国总工会", "全总")
_DECLARED = re.compile(r"[（(]\s*(?:以下)?(?:简称|下称)\s*[“\"「『]?([^”\"」』）)]{1,12})[”\"」』]?\s*[）)]")
_REFERRING = ("该", "本")
# After a district's short form these make a town's own name (怀柔镇), not the district's body.
_PLACE_HEADS = load_place_endings()["street"]
# What a business's full name adds to its short form: 集团有限公司, 股份有限公司 …
# Departments of a party committee printed without it (统战部, 组织部, 宣传部, 办公室 …).
_DEPARTMENT_ENDINGS = ("部", "办公室")
# A group's full name: 某某集团有限公司, 某某集团股份有限公司 (its short form in an article: 集团).
_GROUP_NAME = re.compile(r"集团(?:股份|控股)?(?:有限责任公司|有限公司|公司)?$")
# Words naming a business the article named before (集团党委书记, 公司工会).
_GENERIC_BUSINESS = ("公司", "集团", "集团公司", "分公司", "子公司")
# 甲公司是乙集团的全资子公司: 乙 is the parent named in passing; a later bare 公司 is 甲.
_VENUE_NAME_ENDS = ("体育中心", "体育馆", "体育场", "剧院", "剧场", "会展中心", "展览馆", "博物馆", "公园", "礼堂")
_PARENT_OF = re.compile(r"的(?:全资|控股|全资控股)?(?:子公司|分公司|下属企业|下属公司)")
_ORDINAL_BRANCH = re.compile(r"第[一二三四五六七八九十百零〇0-9]+(?:分公司|子公司)")


class _Entity:
    """One of ``doc.ents`` with its text and the name kg_entity_rules gave it, read once."""

    __slots__ = ("span", "start", "end", "start_char", "end_char", "label_", "text", "name")

    def __init__(self, span: Span, text: str, name: str | None) -> None:
        self.span = span
        self.start, self.end = span.start, span.end
        self.start_char, self.end_char = span.start_char, span.end_char
        self.label_ = span.label_
        self.text = text
        self.name = name or text  # Span._.name (the name kg_entity_rules gave it), else the text


def _same_entities(spans: list[Span], ents: list[_Entity]) -> bool:
    """Whether ``spans`` are the doc's entities ``ents`` as they were (bounds and labels, in order): then
    setting them would write their annotation again as it is (the steps before write every token's)."""
    return [(s.start, s.end, s.label) for s in spans] == [(e.start, e.end, e.span.label) for e in ents]


class ShortForms(ArticlePlaces, FullNames, GuardedPipe):
    def __init__(self, nlp: Language, name: str, *, home_city: str, lexicon_dir: str = "") -> None:
        self.name = name
        self._towns: list[tuple[int, str]] = []
        self.home_city = home_city
        self.lexicon: Lexicon = load_lexicon(_dir(lexicon_dir))
        self.home_districts: dict[str, str] = {}  # short district names of the article's city (per doc)
        # one table per city an article is about: 1024 holds every prefecture-level city, where 64
        # missed on every fourth article of MSRA news (each miss scans all divisions)
        self._local_districts = lru_cache(maxsize=1024)(self._short_districts)
        self._locus = Locus()
        # names recur; the answer depends on the article's city too (its districts' short names)
        self._district_at_head_in = lru_cache(maxsize=MEMO_SIZE)(self._find_district_at_head_in)

    def process(self, doc: Doc) -> Doc:
        aliases = self.declared_aliases(doc)
        doc._.aliases = aliases
        self.add_declared_uses(doc, aliases)
        text = doc_text(doc)
        # doc.ents and Span.text are rebuilt on every access (one token per character): read them once
        ents = [_Entity(e, text[e.start_char:e.end_char], span_name(doc, e.start_char, e.end_char)) for e in doc_ents(doc)]
        self._locus = doc._.locus or Locus()
        self._public_bodies = {s.start_char for s in doc.spans.get(PUBLIC_BODIES_GROUP, [])}
        # short district names (某某 for 某某区) of the city the article is about
        self.home_districts = self._local_districts(self._locus.city)
        districts = self.district_mentions(doc, ents)
        self._towns = self.town_mentions(ents)
        self._province = self.article_province(ents) or self._locus.place_for("省")
        city = self.article_city(ents)
        names: dict[tuple[int, int], str | None] = {}
        labels: dict[tuple[int, int], str] = {}
        for ent in ents:
            key = (ent.start_char, ent.end_char)
            labels[key] = ent.label_
            names[key] = self.resolve(ent.name, ent.label_, ent.start_char, aliases, districts, city)
        self.name_dotted_short_forms(names, labels)
        # second pass: fuller forms of the same body elsewhere in the article
        for key, name in list(names.items()):
            if name is None or labels[key] not in ORG_LABELS:
                continue
            names[key] = self.fullest(name, key, names, labels, districts)
        self.name_departments(text, ents, names, labels)
        # a business's short form printed in full elsewhere: 中国铁路北京局 -> …集团有限公司
        for key, name in list(names.items()):
            if name is not None and labels[key] in ORG_LABELS:
                full = self.full_business(name, names, labels)
                if full:
                    names[key], labels[key] = full, "COMPANY"
        spans = [
            e.span if labels[(e.start_char, e.end_char)] == e.label_ else Span(doc, e.start, e.end, labels[(e.start_char, e.end_char)])
            for e in ents if names.get((e.start_char, e.end_char)) is not None
        ]
        # generic names: the body named before (该街道总工会, 街道总工会, 该公司)
        for span in sorted(doc.spans[SHORTFORM_GROUP] if SHORTFORM_GROUP in doc.spans else [], key=lambda s: s.start):
            if any(s.start < span.end and span.start < s.end for s in spans):
                continue  # a declared short form (某某集团) already covers it
            resolved = self.resolve_generic(span, names, labels, districts, city)
            if resolved is not None:
                label, name = resolved
                key = (span.start_char, span.end_char)
                labels[key] = label
                # 县总工会 -> 某某县总工会 -> the fullest form the article prints (某某省某某市某某县总工会)
                names[key] = self.fullest(name, key, names, labels, districts) if label in ORG_LABELS else name
                spans.append(Span(doc, span.start, span.end, label=label))
        spans.sort(key=lambda s: s.start)
        if not _same_entities(spans, ents):  # (most articles keep theirs)
            set_entities(doc, spans)  # = doc.ents = spans, without copying each span first; doc.ents now gives these back
        for ent in spans:
            start, end = ent.start_char, ent.end_char
            name = names.get((start, end)) or text[start:end]
            if ent.label_ == "ORG":
                name = canonical_body_name(name, self.lexicon)
            set_span_name(doc, start, end, name)
        return doc

    @staticmethod
    def name_dotted_short_forms(names, labels) -> None:
        """A transliterated name printed whole once (安娜·某某娃) and then by one of its parts
        (某某娃): the part is that person, when it is part of exactly one such name."""
        dotted = sorted({n for k, n in names.items() if n and labels[k] == "PERSON" and _NAME_DOT.search(n)})
        if not dotted:
            return  # (most articles: nothing to look for)
        for key, name in names.items():
            if not name or labels[key] != "PERSON" or _NAME_DOT.search(name):
                continue
            owners = [d for d in dotted if name in _NAME_DOT.split(d)]
            if len(owners) == 1:
                names[key] = owners[0]

    # -- context -------------------------------------------------------------------------------
    def declared_aliases(self, doc: Doc) -> list[tuple[str, str]]:
        """``X（以下简称“Y”）`` -> (Y, X), X being the entity that ends right before the bracket."""
        out = []
        for m in _DECLARED.finditer(doc_text(doc)):
            short = m.group(1).strip()
            for ent in doc_ents(doc):
                if ent.end_char == m.start() and short and short != ent.text:
                    out.append((short, entity_name(ent)))
                    break
        return sorted(set(out))

    def add_declared_uses(self, doc: Doc, aliases: list[tuple[str, str]]) -> None:
        """Uses of a declared short form that NER missed (LAC split it: 某某 | 投建 | 集团) become
        entities of the full form's kind; ``short + 工会`` is the body's union, except before a
        title (``short + 工会主席``: the business with the title 工会主席, as for full names)."""
        if not aliases:
            return
        text = doc_text(doc)
        label_of = {entity_name(e): e.label_ for e in doc_ents(doc)}
        spans = list(doc_ents(doc))
        taken = [(e.start_char, e.end_char) for e in doc_ents(doc)]
        for short, full in aliases:
            label = label_of.get(full)
            if label not in ORG_LABELS or len(short) < 2:
                continue
            for m in re.finditer(re.escape(short), text):
                start, end, kind = m.start(), m.end(), label
                if text.startswith("工会", end) and not self._union_title_at(text, end):
                    end, kind = end + 2, "UNION"
                if any(a < end and start < b for a, b in taken):
                    continue
                span = doc.char_span(start, end, label=kind)
                if span is not None:
                    spans.append(span)
                    taken.append((start, end))
        set_entities(doc, sorted(spans, key=lambda e: e.start))  # (= doc.ents = …)

    def name_departments(self, text: str, ents: list["_Entity"], names, labels) -> None:
        """A bare department in a title chain of a party committee is that committee's:
        ``某某区委常委、统战部部长`` -> 统战部 = 某某区委统战部."""
        ents = sorted(ents, key=lambda e: e.start_char)
        for prev, ent in zip(ents, ents[1:]):
            key, prev_key = (ent.start_char, ent.end_char), (prev.start_char, prev.end_char)
            name, body = names.get(key), names.get(prev_key)
            if labels.get(key) != "ORG" or name != ent.text or not body or labels.get(prev_key) != "ORG":
                continue
            if not (2 <= len(name) <= 6 and name.endswith(_DEPARTMENT_ENDINGS) and body.endswith("委")) \
                    or self._division_at_head(name) is not None:
                continue
            between = text[prev.end_char:ent.start_char]
            if between.endswith("、") and self._only_titles(between[:-1]):
                names[key] = body + name

    def _only_titles(self, stretch: str) -> bool:
        """``stretch`` is titles joined by 、 (常委, 副书记、常委 …)."""
        for piece in stretch.split("、"):
            pos = 0
            while pos < len(piece):
                title = self.lexicon.title_at(piece, pos)
                if not title:
                    return False
                pos += len(title)
            if not piece:
                return False
        return True

    def _union_title_at(self, text: str, pos: int) -> bool:
        """``工会主席`` / ``工会副主席`` at ``pos``: a company's union title."""
        return self.lexicon.title_at(text, pos + 2) in ("主席", "副主席", "常务副主席")

    # -- resolution ----------------------------------------------------------------------------
    def resolve(self, text: str, label: str, pos: int, aliases, districts, city: str = "") -> str | None:
        for short, full in aliases:
            if text == short:
                return full
            if text.startswith(short) and label in ORG_LABELS:
                return full + text[len(short):]
        if label == "PLACE":
            if text in self.home_districts:
                return self.home_districts[text]
            return text
        if label not in ORG_LABELS:
            return text
        for short in NATIONAL_SHORT:
            if text.startswith(short):
                return NATIONAL_FEDERATION + text[len(short):]
        if pos in self._public_bodies and text.startswith(tuple(l for l, _ in LEVEL_PREFIXES)):
            return self.public_body_name(text, pos, districts, city)
        if text[0] == "市" and text[:2] not in ("市场", "市民", "市政", "市区") and len(text) > 2:
            return city + text[1:] if city else text
        if text[0] == "省" and len(text) > 2 and getattr(self, "_province", "") and text[:2] not in ("省份", "省市", "省区"):
            # 省人社厅 -> the province the article named a body of: 某某省人社厅
            return self._province + text[1:]
        if text[0] in "镇乡" and len(text) > 2 and not self.lexicon.is_known_place(text[:2]) \
                and self._division_at_head(text) is None:
            # 镇党委 -> the town the article named before: 某某区某某镇党委
            town = self._fullest_town(self.district_near([t for t in self._towns if t[1].endswith(text[0])], pos))
            return town + text[1:] if town else text
        if text[0] in "区县" and text[:2] not in ("区域",) and len(text) > 2:
            district = self.article_district(districts, pos)
            if district and district.endswith(text[0]):
                return district + text[1:]
            return text
        if text.endswith(_VENUE_NAME_ENDS):
            return text  # venues keep their printed names: 某某体育中心 is not 某某区体育中心
        for short, full in self.home_districts.items():
            if text.startswith(short) and not text.startswith(full) and len(text) > len(short) + 1 \
                    and text[len(short)] not in "区县" and not text.startswith(_PLACE_HEADS, len(short)):
                return full + text[len(short):]
        return text

    def public_body_name(self, text: str, pos: int, districts, city: str) -> str:
        """A party or state body printed with a bare level (市委组织部, 自治区信访局, 县政府): the
        body of that level of the article's place; as printed when nothing decides it."""
        for level, kind in LEVEL_PREFIXES:
            if not text.startswith(level):
                continue
            if kind == "district":
                place = self.article_district(districts, pos)
                place = place if place.endswith(level) else ""
            elif level == "市":
                place = city
            else:
                place = self._locus.place_for(level)
            return place + text[len(level):] if place else text
        return text

    @staticmethod
    def _business_before(word: str, names, labels, start: int, doc=None) -> str:
        """The last business named before ``start`` that ``word`` (公司, 集团, 分公司) can refer to."""
        found = sorted((k, n) for k, n in names.items() if n and k[1] <= start and labels.get(k) == "COMPANY"
                       and not (doc is not None and _PARENT_OF.match(doc_text(doc), k[1]))
                       and (n.endswith(word) and len(n) > len(word) or word in ("集团", "集团公司") and _GROUP_NAME.search(n)))
        return found[-1][1] if found else ""

    def resolve_generic(self, span: Span, names, labels, districts, city: str = "") -> tuple[str, str] | None:
        text = span.text
        if text.startswith(NATIONAL_SHORT):
            return "UNION", self.resolve(text, "UNION", span.start_char, [], districts)
        if text[0] == "省" and len(text) > 2 and getattr(self, "_province", "") and text[:2] not in ("省份", "省市", "省区"):
            # 省人社厅 -> the province the article named a body of: 某某省人社厅
            return span.label_ or "ORG", self._province + text[1:]
        if text[0] in "镇乡" and len(text) > 2:  # 镇司法所 -> the town named before
            town = self._fullest_town(self.district_near(
                [t for t in self._towns if t[1].endswith(text[0]) and t[0] <= span.start_char], span.start_char))
            if town:
                return span.label_ or "ORG", town + text[1:]
        committee = text[1:] == "委"  # 市委 / 区委: the party committee of the city or district
        if text[0] == "市" and (len(text) > 2 or committee):
            return span.label_ or "ORG", (city + text[1:] if city else text)
        if text[0] in "区县" and (len(text) > 2 or committee):
            district = self.article_district(districts, span.start_char)
            if district and district.endswith(text[0]):
                return span.label_, district + text[1:]
            return None
        rest = text[1:] if text.startswith(_REFERRING) else text
        if rest[0] in "区县" and len(rest) > 2:  # 该区总工会
            district = self.article_district(districts, span.start_char)
            return (span.label_, district + rest[1:]) if district and district.endswith(rest[0]) else None
        if span.label_ == "UNION" and rest.endswith("工会") \
                and (rest[:-2] in _GENERIC_BUSINESS or _ORDINAL_BRANCH.fullmatch(rest[:-2])):
            # 集团工会 / 该公司工会: the union of the business named before
            company = self._business_before(rest[:-2], names, labels, span.start_char, span.doc)
            if company:
                return "UNION", company + "工会"
        if span.label_ == "COMPANY" and rest in ("集团", "集团公司"):
            company = self._business_before(rest, names, labels, span.start_char, span.doc)
            if company:
                return "COMPANY", company
        variants = (rest, rest[:-2] + "总工会") if rest.endswith("工会") and not rest.endswith("总工会") else (rest,)
        text_all = doc_text(span.doc)
        before = sorted(
            ((k, n) for k, n in names.items() if n and k[1] <= span.start_char and labels.get(k) in ORG_LABELS
             and any(n.endswith(v) and len(n) > len(v) for v in variants)
             and not (rest in _GENERIC_BUSINESS and _PARENT_OF.match(text_all, k[1]))),
            key=lambda kn: kn[0],
        )
        if before:
            key, name = before[-1]
            return labels[key], name
        if span.label_ == "COMPANY":
            # 该公司 after only the company's union was named (某某公司工会 … 该公司工会副主席)
            unions = sorted((k, n[:-2]) for k, n in names.items() if n and k[1] <= span.start_char
                            and labels.get(k) == "UNION" and n.endswith(rest + "工会") and len(n) > len(rest) + 2)
            if unions:
                return "COMPANY", unions[-1][1]
        return None


@Language.factory(
    "kg_shortforms",
    requires=["doc.ents"],
    assigns=["doc.ents", "span._.name", "doc._.aliases"],
    default_config={"home_city": Settings().home_city, "lexicon_dir": ""},
)
def make_shortforms(nlp: Language, name: str, *, home_city: str, lexicon_dir: str) -> ShortForms:
    return ShortForms(nlp, name, home_city=home_city, lexicon_dir=lexicon_dir)
