"""kg_roles: who holds which title where, read off ``[ORG][TITLE(、TITLE)*]NAME`` and its variants.

Reads ``doc.ents`` (PERSON, UNION, COMPANY, ORG, PLACE) with ``ent._.name``; writes
``doc._.roles`` (one :class:`~unionkg.graph.records.RoleRecord` per title).

Patterns, right to left from each person:
  北京市总工会党组书记、副主席张良           ORG + titles
  丰台区人大常委会党组副书记、副主任，区总工会主席连宇   chains of ORG + titles joined by ，/、
  山东能源集团兖矿能源杨村煤矿党群科干事徐姗姗      department titles; a sub-body after its parent
  X市市长Y                                 a place's government head -> X市人民政府
  市委常委崔歆、刘丽                       short party organ + title, shared by a list of names
  道佩·阿伦主席 / 习近平总书记               title after the name (org "")
  记者 任洁                                bylines (org "")
A title before a body that is not an entity (区产改协调小组副组长) is skipped: kg_roles never invents
an organization that NER did not find; the chain still goes on to the bodies before it.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from unionkg.pipelines.settings import Settings
from unionkg.graph.records import COMPANY, ORG, ORGANIZATION_LABELS, PERSON, PLACE, REPORTER_ROLES, RoleRecord
from unionkg.pipelines.nlp.extensions import doc_ents, doc_text, entity_name
from unionkg.pipelines.nlp.evidence import evidence
from unionkg.pipelines.nlp.guarded import GuardedPipe
from unionkg.pipelines.nlp.role_chains import PARTY_UNITS, SharedBodies, _government
from unionkg.pipelines.nlp.titles import TitleLexicon, is_government_head, load_titles

# A role phrase never crosses these.
# A note on how a post is held, printed in brackets between the titles and the name.
# An honour in quotes closing the list of titles (班长、“某某大工匠”张三) is no title but no break either.
_POST_NOTE_RE = re.compile(r"(?:[（(](?:主持工作|挂职|兼|兼职|正[处局厅部]级|副[处局厅部]级|试用期)[）)]|、“[^“”，。]{2,10}”)$")
HARD_BOUNDARIES = set("。！？；：\n“”‘’\"《》（）()【】!?;:")
CHAIN_SEPARATORS = "，、,"
_SPACE_BETWEEN_WORDS = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000](?=[\u4e00-\u9fff])")
# Titles right after these (or the text start) with no body before them still make a role (总书记…).
SENTENCE_STARTS = set("。！？；：\n“!?;:")
BYLINE_RE = re.compile(rf"(?:{'|'.join(REPORTER_ROLES)})[ \u3000\t]*$")
PARTY_COMMITTEE_OF_PLACE = ("省委", "市委", "区委", "县委", "州委", "镇委")
INNER_COMMITTEE_ENDINGS = ("委员会", "办公室")
COMPANY_SUBORG_ENDINGS = ("公司", "集团", "矿", "厂")
# After a post-name title these characters mean the word goes on (主席团, 委员会 ...).
_WORD_GOES_ON = set("会团处部室组创")  # 创: 干事创业


class RoleExtractor(SharedBodies, GuardedPipe):
    def __init__(self, nlp: Language, name: str = "kg_roles", *, home_city: str = Settings.home_city,
                 lexicon: TitleLexicon | None = None) -> None:
        self.name = name
        self.home_city = home_city
        self.lexicon = lexicon or load_titles()
        self._owners_of: list[Span] | None = None
        self._owners: dict[int, int] = {}

    def process(self, doc: Doc) -> Doc:
        doc._.roles = self.extract(doc)
        return doc

    # -- extraction -------------------------------------------------------------------------
    def extract(self, doc: Doc) -> list[RoleRecord]:
        text = doc_text(doc)
        ents = sorted(doc_ents(doc), key=lambda e: (e.start_char, e.end_char))
        persons = [e for e in ents if e.label_ == PERSON]
        roles: list[RoleRecord] = []
        previous: Span | None = None
        previous_roles: list[RoleRecord] = []
        for person in persons:
            if previous is not None and _same_byline(text, previous, person, previous_roles):
                # （通讯员 甲 乙）: the second name of a byline shares the first one's role
                found = [self._record(doc, person, "", "", previous_roles[0].title, previous.start_char)]
            else:
                found = self._roles_before(doc, ents, person, previous) or self._bracketed_roles(doc, ents, person)
            if not found and previous is not None and text[previous.end_char : person.start_char] == "、":
                found = self._shared_titles(doc, person, previous_roles)
            if previous is not None and all(not r.org for r in found):
                # 某某社党委书记、主任甲，党委委员、副主任乙: titles with no body of their own, after a
                # person of the same list, are held at that person's body
                found = self._titles_at_previous_body(doc, person, previous, previous_roles) or found
            roles.extend(found)
            previous, previous_roles = person, found
        roles.extend(self._titles_after(doc, persons, roles))
        self._bodiless_chains_at_their_unit(doc, ents, roles)
        for r in roles:
            r.__dict__.pop("evidence_start", None)
        return _unique(roles)

    def _bracketed_roles(self, doc: Doc, ents: list[Span], person: Span) -> list[RoleRecord]:
        """Award lists: 王某（某某有限公司项目总工程师）: the body and title in brackets after the name."""
        text = doc_text(doc)
        if text[person.end_char : person.end_char + 1] not in ("（", "("):
            return []
        anchor = next((e for e in ents if e.start_char == person.end_char + 1), None)
        if anchor is None or anchor.label_ not in ORGANIZATION_LABELS:
            return []
        close = min((i for i in (text.find(c, anchor.end_char) for c in "）)") if i != -1), default=-1)
        if close == -1 or any(c in HARD_BOUNDARIES or c in CHAIN_SEPARATORS for c in text[anchor.end_char:close]):
            return []
        return self._roles_at(doc, person, ents, anchor, text[anchor.end_char:close], anchor.end_char)

    def _left_limit(self, doc: Doc, ents: list[Span], pos: int, previous: Span | None) -> int:
        """Start of the stretch a role phrase of the name at ``pos`` can use (brackets inside names are fine)."""
        text = doc_text(doc)
        limit = previous.end_char if previous is not None else 0
        inside = self._char_owners(ents)
        i = pos - 1
        while i >= limit:
            if i in inside:
                i = inside[i] - 1
                continue
            if text[i] in HARD_BOUNDARIES:
                return i + 1
            i -= 1
        return limit

    def _char_owners(self, ents: list[Span]) -> dict[int, int]:
        """Doc character -> start of the entity holding it; built once for the article's ``ents``
        (every person of the article asks with the same list)."""
        if self._owners_of is not ents:
            self._owners_of = ents
            self._owners = {i: e.start_char for e in ents for i in range(e.start_char, e.end_char)}
        return self._owners

    def _roles_before(self, doc: Doc, ents: list[Span], person: Span, previous: Span | None) -> list[RoleRecord]:
        text = doc_text(doc)
        # 工会副主席（主持工作）张三: a note on the post between the titles and the name
        note = _POST_NOTE_RE.search(text, max(0, person.start_char - 12), person.start_char)
        name_start = note.start() if note else person.start_char
        limit = self._left_limit(doc, ents, name_start, previous)
        at_sentence_start = limit == 0 or text[limit - 1] in SENTENCE_STARTS
        if previous is not None and limit == previous.end_char and text[limit : limit + 1] in ("，", ","):
            # 张三，副市长李四: the next person of a list starts afresh after the comma.
            limit += 1
            at_sentence_start = True
        if previous is not None and limit == previous.end_char and text[limit : limit + 1] == "、":
            # 某某区委书记张三、区长李四: a government head in a list of leaders is the place's
            heads = self._listed_government_heads(doc, ents, person, text[limit + 1 : name_start], limit + 1)
            if heads:
                return heads
        window = text[limit : name_start]
        byline = BYLINE_RE.search(window)
        if byline:
            role = byline.group(0).strip()
            return [self._record(doc, person, "", "", role, limit + byline.start())]
        found: list[RoleRecord] = []
        pending: list[RoleRecord] = []  # titles at an inner committee, waiting for its body
        pos = name_start
        while True:
            anchor = _last_entity_before(ents, limit, pos)
            seg_start = anchor.end_char if anchor is not None else limit
            # 区委常委 常务副区长某某: a space between two titles, as web pages print a 、
            parts = _SPACE_BETWEEN_WORDS.sub("、", text[seg_start:pos]).split("，")
            part_end = pos
            chain_goes_on = True
            for k in range(len(parts) - 1, -1, -1):
                part = parts[k].strip()
                part_start = part_end - len(parts[k])
                if k == 0 and anchor is not None:
                    records = self._roles_at(doc, person, ents, anchor, part, part_start)
                    if records and pending:
                        # 北京市总工会党组成员、经费审查委员会主任司建: the committee is inside the body.
                        # 区委常委、区委办公室主任: the committee's name already heads with the body's
                        body = records[0].org
                        records += [self._record(doc, person, body, records[0].org_label,
                                                 p.title[len(body):] if p.title.startswith(body) else p.title,
                                                 anchor.start_char) for p in pending]
                        pending = []
                    if records and _is_inner_committee(anchor) and text[anchor.start_char - 1 : anchor.start_char] == "、":
                        for r in records:
                            r.title = entity_name(anchor) + r.title
                        pending = records
                    else:
                        found.extend(records)
                    chain_goes_on = bool(part) and anchor.label_ != PERSON and _ends_titles(self.lexicon, part, anchor)
                    break
                records = self._roles_without_entity(doc, person, part, part_start, first=(len(parts) == 1 and at_sentence_start))
                if records is None:
                    chain_goes_on = False
                    break
                found.extend(records)
                part_end = part_start - 1  # skip the ，
            if not chain_goes_on or anchor is None:
                break
            before = anchor.start_char - 1
            if before < limit or text[before] not in CHAIN_SEPARATORS:
                break
            pos = before
        if pending:  # no body before the committee: it is the body
            for r in pending:
                r.title = r.title[len(r.org) :] if r.title.startswith(r.org) else r.title
            found.extend(pending)
        return found

    def _roles_at(self, doc: Doc, person: Span, ents: list[Span], anchor: Span, part: str, start: int) -> list[RoleRecord]:
        """Titles in ``part`` held at the entity ``anchor`` right before it."""
        lex = self.lexicon
        if not part or anchor.label_ == PERSON:
            return []
        org, label = entity_name(anchor), anchor.label_
        ev_start = anchor.start_char
        unit = next((u for u in PARTY_UNITS if org.endswith(u) and len(org) - len(u) >= 2), None)
        if label != PLACE and unit and lex.titles_full.fullmatch(part):
            # 中建一局党委 + 副书记、工会主席 -> 中建一局: 党委副书记, 工会主席
            base = org[: -len(unit)]
            base_label = next((e.label_ for e in ents if entity_name(e) == base and e.label_ != PERSON), "")
            titles = lex.split(part)
            titles[0] = unit + titles[0]
            return [self._record(doc, person, base, base_label, t, ev_start) for t in titles]
        if label != PLACE and org.endswith(PARTY_COMMITTEE_OF_PLACE) and lex.titles_full.fullmatch(part):
            # 朝阳区委常委、副区长: the government post is held in the place's government.
            place = org[:-1]
            government = _government(place)
            return [self._record(doc, person, government, ORG if government else "", t, ev_start)
                    if is_government_head(t, lex) else self._record(doc, person, org, label, t, ev_start)
                    for t in lex.split(part)]
        if label == PLACE:
            if part.startswith("委") and lex.titles_full.fullmatch(part[1:]):
                return [self._record(doc, person, org + "委", ORG, t, ev_start) for t in lex.split(part[1:])]
            if lex.titles_full.fullmatch(part):
                titles = [t for t in lex.split(part) if is_government_head(t, lex)]
                return [self._record(doc, person, _government(org), ORG, t, ev_start) for t in titles]
            return []
        if lex.titles_full.fullmatch(part):
            return [self._record(doc, person, org, label, t, ev_start) for t in lex.split(part)]
        m = lex.suborg_titles.fullmatch(part)
        if m:
            sub = org + m.group("sub")
            sub_label = COMPANY if label == COMPANY and sub.endswith(COMPANY_SUBORG_ENDINGS) else ORG
            return [self._record(doc, person, sub, sub_label, t, ev_start) for t in lex.split(m.group("titles"))]
        return []

    def _roles_without_entity(self, doc: Doc, person: Span, part: str, start: int, *, first: bool) -> list[RoleRecord] | None:
        """A stretch with no entity before it; ``None`` when it holds no title (the chain stops)."""
        lex = self.lexicon
        if not part:
            return None
        m = lex.party_titles.fullmatch(part)
        if m:
            return [self._record(doc, person, "", "", m.group("party") + t, start) for t in lex.split(m.group("titles"))]
        if lex.titles_full.fullmatch(part):
            # Titles straight after a sentence start name no body (总书记…), except a bare 市长,
            # which is the home city's (as 市总工会 is); after a ， they are ambiguous, so they only
            # keep the chain going.
            if not first:
                return []
            return [self._record(doc, person, *self._bare_title_body(t, doc, start), t, start) for t in lex.split(part)]
        if lex.titles_tail.search(part):
            return []  # titles at a body that is not an entity: skipped, chain goes on
        return None

    def _listed_government_heads(self, doc: Doc, ents: list[Span], person: Span, part: str, start: int) -> list[RoleRecord]:
        """区长 / 副县长 … printed with no body after another leader of the list: the post is in the
        government of the place the sentence names last with that level (房山区委 -> 房山区)."""
        lex = self.lexicon
        if not part or not lex.titles_full.fullmatch(part):
            return []
        titles = lex.split(part)
        if not all(is_government_head(t, lex) and len(t) >= 2 for t in titles):
            return []
        level = titles[0][-2]  # 区 of 区长
        if any(t[-2] != level for t in titles):
            return []
        sentence_start = max(doc_text(doc).rfind(c, 0, person.start_char) for c in "。！？\n") + 1
        for e in reversed([e for e in ents if sentence_start <= e.start_char and e.end_char <= start]):
            if e.label_ == PERSON:
                continue
            m = re.match(rf"^[\u4e00-\u9fff]{{2,}}?{level}", entity_name(e))
            if m and (e.label_ == PLACE or len(m.group(0)) < len(entity_name(e))):
                return [self._record(doc, person, _government(m.group(0)), ORG, t, start) for t in titles]
        return []

    def _titles_after(self, doc: Doc, persons: list[Span], roles: list[RoleRecord]) -> list[RoleRecord]:
        """道佩·阿伦主席, 习近平总书记: a title right after the name, when not already known."""
        text = doc_text(doc)
        held: dict[str, set[str]] = {}
        for r in roles:
            held.setdefault(r.person, set()).add(r.title)
        out = []
        for person in persons:
            m = self.lexicon.title.match(text, person.end_char)
            if not m or (m.end() < len(text) and text[m.end()] in _WORD_GOES_ON):
                continue
            name, title = entity_name(person), m.group(0)
            if any(t == title or t.endswith(title) for t in held.get(name, ())):
                continue
            held.setdefault(name, set()).add(title)
            out.append(self._record(doc, person, "", "", title, person.start_char, end=m.end()))
        return out

    @staticmethod
    def _record(doc: Doc, person: Span, org: str, label: str, title: str, start: int, end: int | None = None) -> RoleRecord:
        rec = RoleRecord(entity_name(person), org, title, evidence(doc, start, end or person.end_char), label)
        rec.evidence_start = start  # type: ignore[attr-defined]  # dropped before returning
        return rec


def _last_entity_before(ents: list[Span], limit: int, pos: int) -> Span | None:
    best = None
    for e in ents:
        if e.start_char >= limit and e.end_char <= pos:
            best = e
        elif e.start_char >= pos:
            break
    return best


def _ends_titles(lex: TitleLexicon, part: str, anchor: Span) -> bool:
    return anchor.label_ in ORGANIZATION_LABELS + (PLACE,) and bool(lex.titles_tail.search(part))


def _is_inner_committee(anchor: Span) -> bool:
    """经费审查委员会 / 办公室: an organ inside a body, not a body of its own (no place in it)."""
    return anchor.label_ == ORG and anchor.text.endswith(INNER_COMMITTEE_ENDINGS) and len(anchor.text) <= 9


def _same_byline(text: str, previous: Span, person: Span, previous_roles: list[RoleRecord]) -> bool:
    gap = text[previous.end_char : person.start_char]
    return bool(gap) and not gap.strip(" \u3000\t") and len(previous_roles) == 1 \
        and previous_roles[0].title in REPORTER_ROLES and not previous_roles[0].org


def _unique(roles: list[RoleRecord]) -> list[RoleRecord]:
    seen, out = set(), []
    for r in roles:
        key = (r.person, r.org, r.title)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


@Language.factory("kg_roles", requires=["doc.ents"], assigns=["doc._.roles"])
def make_roles(nlp: Language, name: str, *, home_city: str = Settings.home_city) -> RoleExtractor:
    return RoleExtractor(nlp, name, home_city=home_city)
