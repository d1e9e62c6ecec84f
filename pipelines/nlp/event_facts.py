"""Where an event was and what to call it (for ``kg_events``).

Where: the first place the text gives for it, in text order:
  在某某会展中心举行 / 在某某区举办        the place, or the venue's place when its name starts with one
  赴某某调研 / 到某某街道走访              the place they went to
  来京 / 在沪举办                         a one-character province form after a word of being there
else the article's locus, its most specific level the article is sure of: the district when the
article names that one district, else the locus city (or province); else a venue printed without a
known place (在某某剧场举行), as before.

What: the headline when the event's trigger is in it (the headline says what happened; a headline
printed as a line of its own, not the first words of an article without one), else the
trigger with its object up to the clause end (会见某某代表团), else the clause up to the trigger
(某某大会举行).
"""
from __future__ import annotations

import re

from spacy.tokens import Span

from unionkg.graph.records import ORGANIZATION_LABELS, PLACE
from unionkg.pipelines.nlp.extensions import entity_name
from unionkg.pipelines.nlp.located import ArticlePlaces
from unionkg.pipelines.nlp.place_chain import PlaceChains

_AT_RE = re.compile(r"在([^，。；、“”]{2,24}?)(?:举行|举办|召开|开幕|开班|开展|进行)")
_CLAUSE_MARKS = "，,。；;！？!?：:\n"
_OPENING, _CLOSING = "“‘《（(「", "”’》）)」"
_LABEL_LONGEST = 40
VENUE_ENDINGS = ("剧场", "剧院", "中心", "会场", "大厦", "礼堂", "会议室", "基地", "园区", "园", "馆", "宫", "广场", "体育场",
                 "学院", "学校", "酒店", "宾馆", "社区", "村", "街道", "现场", "工地", "项目")


class EventPlaces:
    def __init__(self, chains: PlaceChains) -> None:
        self.chains = chains
        arrive, visit = "|".join(chains.arrive), "|".join(chains.visit)
        self._went_re = re.compile(rf"(?:{arrive})([^，。；、“”\s]{{2,16}}?)(?:{visit})") if arrive and visit else None
        forms = "".join(chains.abbreviations)
        every_form = "".join(chains.lexicon.province_abbreviations) or forms
        # 来京 / 在沪举办, never 京津冀 (a run of abbreviations is several places)
        self._short_re = re.compile(rf"[来在赴抵进到]([{forms}])(?![{every_form}])") if forms else None

    def location(self, places: ArticlePlaces, text: str, ents: list[Span]) -> str:
        """The event's place as its name in the graph (see the module docstring), or ``""``."""
        found: list[tuple[int, str, re.Match]] = [(m.start(), "at", m) for m in _AT_RE.finditer(text)]
        if self._went_re is not None:
            found += [(m.start(), "went", m) for m in self._went_re.finditer(text)]
        if self._short_re is not None:
            found += [(m.start(), "short", m) for m in self._short_re.finditer(text)]
        venue = ""
        for _, kind, m in sorted(found, key=lambda f: (f[0], f[1])):
            if kind == "short":
                # 在京华物流园区… : the character begins a name, not the capital
                if not any(e.start_char <= m.start(1) < e.end_char for e in ents):
                    return self.chains.abbreviations[m.group(1)]
                continue
            place, printed_venue = self._place_in(places, m, ents)
            if place:
                return place
            venue = venue or printed_venue
        locus = places.locus
        if locus is not None and locus.province:
            # a district only when the article names it (the page's district may be another story's)
            if places.context.sure_district:
                return places.name(places.context.sure_district)
            return locus.city or locus.province
        return venue

    def _place_in(self, places: ArticlePlaces, m: re.Match, ents: list[Span]) -> tuple[str, str]:
        """(place, venue as printed) of the words ``m`` captured."""
        start, end = m.start(1), m.end(1)
        inside = [e for e in ents if start <= e.start_char and e.end_char <= end]
        named = [e for e in inside if e.label_ == PLACE]
        if named:  # the narrowest named place (在云南昆明举行 -> 昆明)
            return entity_name(named[-1]), ""
        if inside and inside[-1].label_ in ORGANIZATION_LABELS and inside[-1].end_char == end:
            place = places.location_of_body(inside[-1])[0]
            return place, entity_name(inside[-1])
        words = m.group(1)
        code = self.chains.resolve(words, places.context) or self.chains.read_head(words, places.context)[0]
        if code:
            return places.name(code), ""
        return "", words if words.endswith(VENUE_ENDINGS) else ""


def event_label(headline: str, text: str, trigger: re.Match | None, first_event: bool) -> str:
    """What happened, in words of the article (see the module docstring)."""
    headline = " ".join(headline.split())
    if trigger is None:
        return headline
    # the headline as printed on a line of its own (an article without one is titled by its first
    # words, cut anywhere: those are no label)
    line_start = text.rfind("\n", 0, trigger.start()) + 1
    line_end = text.find("\n", trigger.end())
    line = " ".join(text[line_start:line_end if line_end >= 0 else len(text)].split())
    if first_event and headline and line == headline:
        return headline
    obj = _clause(text, trigger.end(), +1)
    if len(obj) >= 2:
        return trigger.group(0) + obj
    return _clause(text, trigger.start(), -1) + trigger.group(0)


def _clause(text: str, at: int, step: int) -> str:
    """The words from ``at`` to the clause mark after it (``step`` +1) or back to the one before it
    (-1), marks inside quotes and brackets not counting, at most ``_LABEL_LONGEST`` characters."""
    depth, pos, out = 0, at if step > 0 else at - 1, []
    opening, closing = (_OPENING, _CLOSING) if step > 0 else (_CLOSING, _OPENING)
    while 0 <= pos < len(text) and len(out) < _LABEL_LONGEST:
        ch = text[pos]
        if ch in opening:
            depth += 1
        elif ch in closing:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in _CLAUSE_MARKS:
            break
        out.append(ch)
        pos += step
    words = "".join(out if step > 0 else reversed(out))
    return " ".join(words.split())

