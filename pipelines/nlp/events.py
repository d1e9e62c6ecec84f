"""kg_events: the article's reported event and the people present at it.

One doc is one news article, and a news article usually reports one event (the dateline's meeting,
visit, ceremony or contest). Everyone named in it counts as present unless the text marks the
name as only mentioned:
  - inside a book or work title:           《我们在毛主席身边》
  - a leader cited for his words:          贯彻落实习近平总书记…重要讲话精神
  - the past:                              去年12月…曾… / 2024年，…荣获第一名 (a retrospective)
  - a modifier of something else:          劳模常洪霞创新工作室, 由常洪霞驾驶的
  - the byline:                            （记者 任洁）, 本报记者 彭程 摄
Participants quoted at the event (获奖选手…赛后说, 参赛选手…表示) are present.
A paragraph opening a separate meeting (同日下午，…还召开了…会议) starts a second event.
Where it was and what to call it: :mod:`unionkg.pipelines.nlp.event_facts`.
Writes ``doc._.events`` (a list of :class:`~unionkg.graph.records.EventRecord`, usually zero or one).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from unionkg.graph.records import ORGANIZATION_LABELS, PERSON, REPORTER_ROLES, EventRecord
from unionkg.pipelines.nlp.extensions import doc_ents, doc_text, entity_name
from unionkg.pipelines.nlp.dates import lede_date_phrase
from unionkg.pipelines.nlp.guarded import GuardedPipe
from unionkg.pipelines.nlp.evidence import SENTENCE_END_MARKS, doc_sentences, evidence
from unionkg.pipelines.nlp.event_facts import EventPlaces, event_label
from unionkg.pipelines.nlp.located import article_places
from unionkg.pipelines.nlp.place_chain import load_place_chains

# Event words, most telling first; the event's trigger is the first of these in the text.
TRIGGERS = (
    "会见", "会谈", "陪同", "出席", "主持", "带队", "带领", "率团", "调研", "考察", "视察", "走访",
    "慰问", "座谈", "颁奖", "讲话", "致辞", "召开", "举办", "举行", "开幕", "开班", "启动", "开展",
    "参加", "参观", "交流", "访问",
)
_TRIGGER_RE = re.compile("|".join(TRIGGERS))
_PAST_RE = re.compile(r"去年|前年|此前|以前|往年|往届|上届|历届|多年前|当年|早年|昔日|当初|曾经|曾[随任到经获在于参多]|\d{4}年(?:[，,]|以来)")
# A leader cited for his words: the words follow the name within its clause.
# (models held up as examples: 学习甲、乙等先进人物的事迹, 学习甲精神)
_CITED_AFTER_RE = re.compile(r"^(?:[^，。；,;]{0,30}?(?:重要讲话|讲话精神|重要指示|指示精神|重要论述|重要批示|重要回信|思想|事迹)"
                             r"|(?:同志)?的?精神)")
_CITED_TITLE_RE = re.compile(r"^(?:总书记|同志)")
_CITED_BEFORE_RE = re.compile(r"贯彻|学习|落实|践行|领会|遵循|按照|根据|宣讲")
# 记者 甲 / 通讯员 甲 乙: any name of a byline, not only the first
_BYLINE_BEFORE_RE = re.compile(rf"(?:{'|'.join(REPORTER_ROLES)})(?:[ \u3000\t]+[\u4e00-\u9fff·]{{2,5}})*[ \u3000\t]*$")
_BYLINE_AFTER_RE = re.compile(r"^[ \u3000\t]*摄")
# Page credits: 本版编辑：甲 美术编辑：乙 / 校对 丙 (staff of the paper, not at the event)
_CREDIT_BEFORE_RE = re.compile(r"(?:编辑|校对|美编|责编|制图|组版)[：:\s\u3000][\s\u3000]*(?:[\u4e00-\u9fff·]{2,5}[、\s\u3000]+)*$")
_SPEAKS_AFTER_RE = re.compile(r"^(?:介绍|表示|说|告诉记者|指出|坦言|回忆)[，,：:]")
_MODIFIER_AFTER_RE = re.compile(r"^(?:劳模|技能大师|职工)?(?:创新工作室|工作室)")
# A paragraph that opens a second, separate meeting: 同日下午，…还召开了…会议 / 次日，…举行…
_SECOND_MEETING_RE = re.compile(
    r"(?<=\n)[ \u3000\t]*(?:同日|当天|当日|同一天|次日|第二天)(?:上午|下午|晚上|晚间)?[，,][^。\n]{0,40}?(?:召开|举行|举办)[^。\n]{0,40}?(?:会议|大会|座谈会|会)"
)
_ORGANIZER_RE = re.compile(r"由([^。；]{2,80}?)(?:联合|共同)?主办")
_CO_ORGANIZER_RE = re.compile(r"[，,]([^，。；]{2,60}?)(?:承办|协办)")
_HOSTING_RE = re.compile(r"^(?:[在于][^，。；]{0,15}?|联合[^，。；]{0,15}?)?(?:召开|举办|举行|开展|组织|邀请|主办)")



def mention_status(doc: Doc, ent: Span) -> str:
    """``"present"`` or why the name is only mentioned (``"work_title"``, ``"cited"``, ``"past"`` …)."""
    text, s, e = doc_text(doc), ent.start_char, ent.end_char
    sent_start, sent_end = doc_sentences(doc).bounds(s, e)
    before, after = text[sent_start:s], text[e:sent_end]
    if before.rfind("《") > before.rfind("》"):
        return "work_title"
    if _CREDIT_BEFORE_RE.search(text[max(0, s - 24) : s]):
        return "byline"
    if _BYLINE_BEFORE_RE.search(text[max(0, s - 24) : s]) or _BYLINE_AFTER_RE.match(text[e : e + 3]):
        return "byline"
    if _CITED_AFTER_RE.match(after) and (_CITED_BEFORE_RE.search(before) or _CITED_TITLE_RE.match(after)):
        return "cited"
    if _MODIFIER_AFTER_RE.match(after) or ("由" in before[-3:] and "的" in after[:8]):
        return "modifier"
    # the past in what the person says (甲介绍，去年…) is the content of the words, not the person's time
    said_from = len(before) + (e - s) if _SPEAKS_AFTER_RE.match(after) else len(text)
    if any(not _modifies_the_name(before, m) and m.start() < said_from
           for m in _PAST_RE.finditer(text[sent_start:sent_end])):
        return "past"
    return "present"


def _modifies_the_name(before: str, m: re.Match) -> bool:
    """A past marker inside a clause that only describes the person (2020年曾获…称号的 + NAME):
    it ends with 的 before the name, with no clause break between."""
    if m.end() > len(before):
        return False
    rest = before[m.end():]
    return "的" in rest and not any(c in rest[rest.rfind("的"):] for c in "，,；;") \
        and not any(c in rest for c in "，,；;")


class EventExtractor(GuardedPipe):
    def __init__(self, nlp: Language, name: str = "kg_events") -> None:
        self.name = name
        self._places = EventPlaces(load_place_chains())

    def process(self, doc: Doc) -> Doc:
        doc._.events = self.extract(doc)
        return doc

    def extract(self, doc: Doc) -> list[EventRecord]:
        text = doc_text(doc)
        ents = sorted(doc_ents(doc), key=lambda e: (e.start_char, e.end_char))
        present = [e for e in ents if e.label_ == PERSON and mention_status(doc, e) == "present"]
        starts = [0] + [m.start() for m in _SECOND_MEETING_RE.finditer(text)] + [len(text)]
        parts = [(a, b) for a, b in zip(starts, starts[1:]) if any(a <= e.start_char < b for e in present)]
        if len(parts) < 2 or parts[0][0] != 0:
            return self._event(doc, text, ents, present, 0, len(text))
        # Each separate meeting is its own event; its people met each other, not the first meeting's.
        return [ev for a, b in parts for ev in self._event(doc, text, ents, present, a, b)]

    def _event(self, doc: Doc, full_text: str, ents: list[Span], present: list[Span], start: int, end: int) -> list[EventRecord]:
        # Offsets stay those of the whole article: blank out the text outside this meeting's part.
        text = " " * start + full_text[start:end] + " " * (len(full_text) - end)
        ents = [e for e in ents if start <= e.start_char < end]
        attendees: list[str] = []
        first_present: Span | None = None
        for ent in present:
            if not start <= ent.start_char < end:
                continue
            name = entity_name(ent)
            if name not in attendees:
                attendees.append(name)
            first_present = first_present or ent
        trigger_match = _TRIGGER_RE.search(text)
        if trigger_match is None and not attendees:
            return []
        anchor_start, anchor_end = (
            (trigger_match.start(), trigger_match.end()) if trigger_match else (first_present.start_char, first_present.end_char)
        )
        where = self._places.location(article_places(self._places.chains, doc, ents, doc._.locus), text, ents)
        sent_start, sent_end = doc_sentences(doc).bounds(anchor_start, anchor_end)
        sent_start, sent_end = max(sent_start, start), min(sent_end, end)
        orgs = [e for e in ents if e.label_ in ORGANIZATION_LABELS]
        organizer, organizations = self._organizers(text, orgs, sent_start, sent_end)
        for e in orgs:
            if sent_start <= e.start_char < sent_end and entity_name(e) not in organizations:
                organizations.append(entity_name(e))
        ev_end = sent_end
        while ev_end > sent_start and text[ev_end - 1] in SENTENCE_END_MARKS + " ":
            ev_end -= 1
        return [
            EventRecord(
                trigger=trigger_match.group(0) if trigger_match else "",
                attendees=attendees,
                organizations=organizations,
                organizer=organizer,
                location=where,
                date=lede_date_phrase(text),
                evidence=evidence(doc, sent_start, ev_end),
                label=event_label(doc._.headline or "", text, trigger_match, start == 0),
            )
        ]

    @staticmethod
    def _organizers(text: str, orgs: list[Span], sent_start: int, sent_end: int) -> tuple[str, list[str]]:
        """(organizer, bodies named as hosts): 由A、B联合主办，C承办 / A召开…"""
        names: list[str] = []

        def within(a: int, b: int) -> list[str]:
            return [entity_name(e) for e in orgs if a <= e.start_char and e.end_char <= b]

        m = _ORGANIZER_RE.search(text)
        organizer = ""
        if m:
            hosts = within(m.start(1), m.end(1))
            names.extend(hosts)
            organizer = hosts[0] if hosts else ""
            co = _CO_ORGANIZER_RE.match(text, m.end())
            if co:
                names.extend(n for n in within(co.start(1), co.end(1)) if n not in names)
        if not organizer:
            for e in orgs:
                venue = text[max(0, e.start_char - 1) : e.start_char] in ("在", "于")
                if sent_start <= e.start_char < sent_end and not venue and _HOSTING_RE.match(text[e.end_char : sent_end]):
                    organizer = entity_name(e)
                    break
        if organizer and organizer not in names:
            names.insert(0, organizer)
        return organizer, names


@Language.factory("kg_events", requires=["doc.ents"], assigns=["doc._.events"])
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp, name)
