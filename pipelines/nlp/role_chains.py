"""Role chains across names (kg_roles): bodies named once for several people or titles.

* 某某社党委书记、主任甲，党委委员、副主任乙、丙: titles with no body after a person of the same list
  are held at that person's body (the same post, another post of the same party organ, or a post in an
  internal unit folded into the title);
* 党组书记、局长甲 opening a sentence: held at the first body named of the kind the title heads (局);
* a bare head of government (市长, 区长, 县长) is the government of the place the sentence or the
  article's locus names.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from unionkg.graph.records import ORG, ORGANIZATION_LABELS, PERSON, PLACE, REPORTER_ROLES, RoleRecord
from unionkg.pipelines.nlp.extensions import doc_ents, doc_text, entity_name
from unionkg.pipelines.nlp.locus import Locus
from unionkg.pipelines.nlp.titles import is_government_head

# Party organs inside a body: an entity named X党委 is X's party committee (title 党委副书记 at X).
PARTY_UNITS = ("党工委", "党总支", "党支部", "党委", "党组", "纪委", "团委")
# Names ending in 区 that are no district with a government (社区, 园区 …).
_NOT_DISTRICTS = ("社区", "园区", "小区", "景区", "街区", "校区", "厂区", "矿区", "城区", "示范区")


def _government(place: str) -> str:
    """某某区 -> 某某区人民政府; "" for a bare level (区: the place is undecided, and one 区政府 node
    would join the governments of every district a corpus does not name)."""
    if place.endswith("政府"):
        return place
    return place + "人民政府" if len(place) > 1 else ""


# 局长 heads a 局, 厅长 a 厅 …: the unit kinds whose heads' titles say so.
_HEAD_OF_UNIT = tuple(c + "长" for c in "局厅部司社院行所站校馆台")
# A unit inside a body, folded into a title (业务处处长, 研究室副主任).
_INTERNAL_UNIT = re.compile(r"^[\u4e00-\u9fff]{1,8}?[处室科]")


def _same_body_title(title: str, held: list[str]) -> bool:
    """Whether ``title`` can be held at the body where ``held`` are held (see _titles_at_previous_body)."""
    cores = {_post_core(h) for h in held}
    if _post_core(title) in cores:
        return True
    unit = next((u for u in PARTY_UNITS if title.startswith(u)), "")
    if unit and any(h.startswith(unit) for h in held):
        return True
    return bool(_INTERNAL_UNIT.match(title)) and len(title) > _INTERNAL_UNIT.match(title).end()


def _post_core(title: str) -> str:
    """副主席 / 常务副主席 / 主席 -> 主席."""
    for prefix in ("常务副", "副", "常务"):
        if title.startswith(prefix) and len(title) > len(prefix):
            return title[len(prefix):]
    return title


class SharedBodies:
    """Mixin of the role extractor: needs ``self.lexicon`` (titles), ``self.home_city`` and ``self._record``."""

    def _titles_at_previous_body(self, doc: Doc, person: Span, previous: Span,
                                 previous_roles: list[RoleRecord]) -> list[RoleRecord]:
        """某某工会主席甲、副主席乙: titles after the 、 of a list, with no body of their own, are held
        at the body of the name before."""
        part = doc_text(doc)[previous.end_char : person.start_char]
        bodies = [r for r in previous_roles if r.org and r.title not in REPORTER_ROLES]
        if not bodies or not part.startswith(("、", "，")) or not self.lexicon.titles_full.fullmatch(part[1:]):
            return []
        titles = self.lexicon.split(part[1:])
        org = bodies[-1]
        # only the deputy of the same post (主席甲、副主席乙), another post of the same party organ
        # (党委书记甲，党委委员乙) or a post in an internal unit (处, 室, 科: 业务处处长乙):
        # 区委书记甲、主任乙 names another body's 主任
        held = [r.title for r in bodies if r.org == org.org]
        if not all(_same_body_title(t, held) for t in titles):
            return []
        return [self._record(doc, person, org.org, org.org_label, t, previous.end_char + 1) for t in titles]

    def _shared_titles(self, doc: Doc, person: Span, previous_roles: list[RoleRecord]) -> list[RoleRecord]:
        """One title over a list of names: 市委常委崔歆、刘丽、黄勇."""
        out = []
        for r in previous_roles:
            if r.title in REPORTER_ROLES:
                continue
            start = r.evidence_start  # type: ignore[attr-defined]
            out.append(self._record(doc, person, r.org, r.org_label, r.title, start))
        return out

    def _bare_title_body(self, title: str, doc: Doc | None = None, pos: int = 0) -> tuple[str, str]:
        """(org, label) of a title printed with no body: 副市长 -> the home city's government;
        副区长 / 县长 -> the government of the district or county the article named last before
        it (某某区委书记…，副区长王某); no such place named -> no body."""
        if not is_government_head(title, self.lexicon):
            return "", ""
        # kg_locus's answer; a doc that did not pass it (a component used alone) gets the home city
        locus = (doc._.locus if doc is not None else None) or Locus(city=self.home_city, source="home")
        if title.endswith("市长"):
            # 某某市委书记甲，市长乙: the city the sentence named last; else the city the article is about
            city = (self._city_in_sentence(doc, pos) if doc is not None else "") or locus.place_for("市")
            return (_government(city), ORG) if city else ("", "")
        level = title[-2]
        if doc is not None and level in "区县":
            for e in sorted((e for e in doc_ents(doc) if e.end_char <= pos and e.label_ != PERSON),
                            key=lambda e: e.start_char, reverse=True):
                m = re.match(rf"^[\u4e00-\u9fff]{{2,}}?{level}", entity_name(e))
                if m and (e.label_ == PLACE or len(m.group(0)) < len(entity_name(e))) \
                        and not entity_name(e).startswith(("市", "省")) and not m.group(0).endswith(_NOT_DISTRICTS):
                    return _government(m.group(0)), ORG
            if locus.place_for(level):
                return _government(locus.place_for(level)), ORG
        return "", ""

    def _city_in_sentence(self, doc: Doc, pos: int) -> str:
        text = doc_text(doc)
        sentence_start = max(text.rfind(c, 0, pos) for c in "。！？\n") + 1
        for e in sorted((e for e in doc_ents(doc) if sentence_start <= e.start_char and e.end_char <= pos
                         and e.label_ != PERSON), key=lambda e: e.start_char, reverse=True):
            m = re.match(r"^(?:中共)?([\u4e00-\u9fff]{2,}?市)", entity_name(e))
            if m and not m.group(1).endswith(("城市", "超市", "门市")) and len(m.group(1)) <= 6:
                return m.group(1)
        return ""

    @staticmethod
    def _bodiless_chains_at_their_unit(doc: Doc, ents: list[Span], roles: list[RoleRecord]) -> None:
        """党组书记、局长、总经理甲 opening a sentence with no body: when one of the titles names the
        kind of unit it heads (局长: a 局) and the article named such a body before, the first one
        named (the article's host as a rule), every title of the chain is held there."""
        bare: dict[str, list[RoleRecord]] = {}
        for r in roles:
            if not r.org and r.title not in REPORTER_ROLES:
                bare.setdefault(r.person, []).append(r)
        for person, chain in bare.items():
            units = {r.title[-2] for r in chain if r.title.endswith(_HEAD_OF_UNIT) and len(r.title) >= 2}
            starts = [getattr(r, "evidence_start", 0) for r in chain]
            bodies = [e for e in ents if e.label_ in ORGANIZATION_LABELS and e.end_char <= min(starts)
                      and entity_name(e)[-1:] in units]
            if not units or not bodies:
                continue
            for r in chain:
                r.org, r.org_label = entity_name(bodies[0]), bodies[0].label_
