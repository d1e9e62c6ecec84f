"""Names the tagger missed inside lists of people (``kg_name_lists``).

In ``甲某、乙某某、丙某某，`` or ``某某局副局长甲某、某某委主任乙某某等`` every item is one person, with
or without a body and titles before the name. When a list already holds people, an item whose last
2–3 characters (after its body and titles) start with a family name and hold no title or common
word is a person too. LAC often cuts such a name into ordinary words (a name read as 高 | 连 | 发).

A name right after a title that LAC itself tagged as a person is kept even when its family name is
rare (not in ``surnames.txt``): the title makes the reading safe.
"""
from __future__ import annotations

import re
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span

from unionkg.pipelines.nlp.guarded import GuardedPipe, lexicon_step
from unionkg.pipelines.nlp.extensions import char_span, doc_ents, doc_text, set_entities
from unionkg.pipelines.nlp.lexicon import Lexicon, lexicon_directory, load_lexicon

_ITEM_SEPARATORS = "、，,"
_GRASSROOTS_COMMITTEES = ("村委", "村委会", "居委会")
_LIST_END = re.compile(r"等|[。；：！？\n]")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")
# Words that end list items and are no names (负责同志, 代表 …): the item is then no person.
_NOT_NAMES = frozenset({"同志", "代表", "领导", "干部", "职工", "群众", "等人", "一行", "人员", "党员", "负责人"})


class TaggerWords:
    """The tagger's words of one doc (``doc._.lac``), indexed on first use: most docs' lists never
    reach the checks that need them, and indexing every doc's words cost more than the checks."""

    def __init__(self, words) -> None:
        self.words = words or []

    @cached_property
    def verb_starts(self) -> set[int]:
        return {s for _, tag, s, _ in self.words if tag in ("v", "p", "vd")}

    @cached_property
    def not_persons(self) -> set[tuple[int, int]]:
        """(start, end) of the words not tagged as persons."""
        return {(s, e) for _, tag, s, e in self.words if tag != "PER"}

    @cached_property
    def start_of_word_ending_at(self) -> dict[int, int]:
        return {e: s for _, _, s, e in self.words}

    @cached_property
    def end_of_word_starting_at(self) -> dict[int, int]:
        return {s: e for _, _, s, e in self.words}


@lexicon_step("kg_name_lists", requires=["doc.ents", "doc._.lac"], assigns=["doc.ents"])
class NameLists(GuardedPipe):
    def __init__(self, nlp: Language | None = None, name: str = "kg_name_lists", *, lexicon_dir: str = "") -> None:
        self.name = name
        self.lexicon: Lexicon = load_lexicon(lexicon_directory(lexicon_dir))

    def process(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ents = sorted(doc_ents(doc), key=lambda e: e.start_char)
        added = self._lac_names_after_titles(doc, text, ents)
        ents = sorted(ents + added, key=lambda e: e.start_char)
        words = TaggerWords(doc._.lac)
        for item_start, item_end in self._list_items(text, ents):
            span = self._name_in_item(doc, text, ents, item_start, item_end, words)
            if span is not None:
                added.append(span)
                ents = sorted(ents + [span], key=lambda e: e.start_char)
        places = self._places_in_lists(doc, text, ents, words)
        if places:
            added += places
            taken = {(s.start_char, s.end_char) for s in places}
            ents = sorted([e for e in ents if (e.start_char, e.end_char) not in taken] + places, key=lambda e: e.start_char)
        if added:
            set_entities(doc, ents)
        return doc

    def _places_in_lists(self, doc: Doc, text: str, ents: list[Span], words: TaggerWords) -> list[Span]:
        """某山、某某山、某某湖: in a list that holds a place, items with a natural place's ending
        (data/lexicon/natural_place_endings.txt) are places too."""
        out: list[Span] = []
        items = []
        # an item is one of the tagger's words either side of a 、
        grassroots: set[tuple[int, int]] = set()  # items listed with a village or a community
        for place in (e for e in ents if e.label_ == "PLACE"):
            start, end = place.start_char, place.end_char
            first = len(items)
            # (the words are indexed only once a 、 touches a place)
            while start > 0 and text[start - 1] == "、" and start - 1 in words.start_of_word_ending_at:  # the items before …
                start_before = words.start_of_word_ending_at[start - 1]
                items.append((start_before, start - 1))
                start = start_before
            while text.startswith("、", end) and end + 1 in words.end_of_word_starting_at:  # … and after the place
                end_after = words.end_of_word_starting_at[end + 1]
                items.append((end + 1, end_after))
                end = end_after
            if text[place.start_char:place.end_char].endswith(("社区", "村")):
                grassroots.update(items[first:])
        for start, end in sorted(set(items)):
            name = text[start:end]
            if (start, end) in grassroots and name.endswith(_GRASSROOTS_COMMITTEES) \
                    and any((e.start_char, e.end_char) == (start, end) and e.label_ == "ORG" for e in ents):
                # 某村委、某某社区、某村委: listed with villages and communities, a village committee
                # stands for its village (an area), as the community does
                out.append(char_span(doc, start, end, "PLACE"))
                continue
            if not name.endswith(self.lexicon.natural_place_endings) or _overlaps_any(ents + out, start, end):
                continue
            span = char_span(doc, start, end, "PLACE")
            if span is not None:
                out.append(span)
        return [s for s in out if s is not None]

    def _lac_names_after_titles(self, doc: Doc, text: str, ents: list[Span]) -> list[Span]:
        out = []
        for word, tag, start, end in doc._.lac or []:
            if tag != "PER" or not _NAME.fullmatch(word) or self.lexicon.has_surname(word):
                continue  # names with a known family name were judged by kg_entity_rules already
            if any(e.start_char < end and start < e.end_char for e in ents):
                continue
            if self.lexicon.title_ending(text[max(0, start - 8):start], shortest=2):
                span = char_span(doc, start, end, "PERSON")
                if span is not None:
                    out.append(span)
        return out

    def _list_items(self, text: str, ents: list[Span]):
        """(start, end) of the items of every list of two or more items that names a person."""
        people = [e for e in ents if e.label_ == "PERSON"]
        seen: set[int] = set()
        for person in people:
            start = max(text.rfind(c, 0, person.start_char) for c in "。；：！？\n") + 1
            if start in seen:
                continue
            seen.add(start)
            m = _LIST_END.search(text, person.end_char)
            end = m.start() if m else len(text)
            pos = start
            items = []
            for i in range(start, end + 1):
                if i == end or text[i] in _ITEM_SEPARATORS:
                    items.append((pos, i))
                    pos = i + 1
            if len(items) >= 2:
                yield from items

    def _name_in_item(self, doc: Doc, text: str, ents: list[Span], start: int, end: int,
                      words: TaggerWords) -> Span | None:
        """A person named in the list item ``text[start:end]`` (``words``: the doc's tagger words)."""
        inside = [e for e in ents if start <= e.start_char < end]
        if any(e.label_ == "PERSON" for e in inside):
            return None
        begin = max([e.end_char for e in inside] + [start])
        if any(e.start_char < end and begin < e.end_char for e in ents):
            return None
        rest = text[begin:end].strip()
        offset = begin + text[begin:end].index(rest) if rest else begin
        pos = 0
        while pos < len(rest):  # titles between the body and the name: 党组书记、局长 …
            title = self.lexicon.title_at(rest, pos)
            if not title:
                break
            pos += len(title)
        name = rest[pos:]
        if len(name) > 3:  # the list's last item goes on with a verb: 常委某某某出席
            name = next((name[:n] for n in (3, 2) if offset + pos + n in words.verb_starts), name)
        if not _NAME.fullmatch(name) or not self.lexicon.has_surname(name) or name in _NOT_NAMES \
                or self.lexicon.contains_title(name, shortest=2) or self.lexicon.is_known_place(name):
            return None
        first = offset + pos
        if (first, first + len(name)) in words.not_persons:
            return None  # one ordinary word of the tagger's (高标准, 新面貌): no name cut into pieces
        if pos == 0 and begin == start and not self._between_people(ents, start, end):
            return None  # a bare item counts only between two named people
        return char_span(doc, offset + pos, offset + pos + len(name), "PERSON")

    @staticmethod
    def _between_people(ents: list[Span], start: int, end: int) -> bool:
        before = [e for e in ents if e.end_char <= start]
        after = [e for e in ents if e.start_char >= end]
        # the item before ends with a person (甲某、乙某某): the separator is all that lies between
        return bool(before and before[-1].label_ == "PERSON" and before[-1].end_char == start - 1) \
            and (not after or after[0].label_ == "PERSON" or after[0].start_char > end + 1)


def _overlaps_any(spans: list[Span], start: int, end: int) -> bool:
    return any(s.start_char < end and start < s.end_char for s in spans)

