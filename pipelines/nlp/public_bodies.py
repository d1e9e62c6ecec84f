"""Party and state bodies by their grammar (``kg_public_bodies``), as ORG entities.

The grammar lives in ``data/lexicon/public_bodies.txt``::

    [中共] PLACE LEVEL-BODY [DEPARTMENT]   某某市委组织部, 市人大常委会, 县政府办
    [中共] PLACE (BUREAU ENDING | ORGAN)   某某区发改局, 市市场监管局, 自治区信访局, 县妇联

PLACE is a chain of divisions (full names; short names of provinces and cities) or a bare level
(省, 市, 区, 县, 自治区 …) that kg_shortforms later resolves against the article's locus. A match
replaces the entities it covers (LAC often cuts 市委 | 组织部 or misses 省委 before a title); it never
cuts a person or crosses another entity. The matched spans are also kept in ``doc.spans["kg_public_bodies"]``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from unionkg.pipelines.nlp.guarded import GuardedPipe, lexicon_step
from unionkg.pipelines.nlp.extensions import char_span, doc_ents, doc_text, set_entities, set_span_name
from unionkg.pipelines.nlp.lexicon import Lexicon, lexicon_directory, load_lexicon
from unionkg.pipelines.nlp.titles import read_sections
from unionkg.pipelines.settings import LEXICON_DIR

PUBLIC_BODIES_GROUP = "kg_public_bodies"
LOCUS_HINTS_GROUP = "kg_locus_hints"  # place names seen only inside words that are no entity
GRAMMAR_FILE = "public_bodies.txt"
_PARTY_PREFIX = "中共"
# A bare level glued to these characters is part of another word (城市, 超市, 社区, 小区 …).
_WORD_BEFORE_LEVEL = set("城都超门上股楼菜夜黑社园小景郊地山辖街矿校厂片营湾特省市县区乡镇")
_CONJUNCTIONS = "和及与"
# Bodies a list item may name bare after a body of a place (某某街道党工委…、总工会主席某某).
_ITEM_BODIES = ("总工会", "工会", "办事处")
# 市人大代表 / 政协委员 are titles of people, not the body itself followed by a title.
_NOT_AFTER = {"人大": ("代表",), "政协": ("委员",)}
_NO_CONGRESS = ("村", "社区")
_DEPUTIES_PLACES = ("代表之家", "代表联络站", "代表工作站")  # facilities named after the deputies  # grassroots units elect deputies but have no congress of their own


@lru_cache(maxsize=4)
def load_grammar(directory: Path = LEXICON_DIR) -> dict[str, tuple[str, ...]]:
    """Section -> entries, longest first."""
    sections = read_sections(Path(directory) / GRAMMAR_FILE)
    return {k: tuple(sorted(set(v), key=lambda e: (-len(e), e))) for k, v in sections.items()}


def by_first_char(entries: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """``entries`` (longest first) by their first character, each group still longest first."""
    index: dict[str, list[str]] = {}
    for entry in entries:
        index.setdefault(entry[:1], []).append(entry)
    return {first: tuple(group) for first, group in index.items()}


def _first_at(text: str, pos: int, index: dict[str, tuple[str, ...]]) -> str:
    """The longest entry of ``index`` (see :func:`by_first_char`) starting at ``text[pos]``, or ""."""
    return next((e for e in index.get(text[pos:pos + 1], ()) if text.startswith(e, pos)), "")


def _pair_code(pair: str) -> int:
    """Two characters as one number (a code point takes 21 bits)."""
    return ord(pair[0]) << 21 | ord(pair[1])


def _code_table(chars) -> numpy.ndarray:
    """Whether each code point is one of ``chars``."""
    table = numpy.zeros(0x110000, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table


def _ends_item(text: str, pos: int) -> bool:
    """A list item ends at ``pos``: a separator, a clause mark or 等 follows."""
    return text[pos] in "、，。；：,;:！？ \n" or text.startswith(("等", "和", "及", "与"), pos)


def _overlaps(spans: list[Span], start: int, end: int) -> bool:
    """Whether a span other than a non-person one lying inside ``[start, end)`` overlaps it."""
    return any(s.start_char < end and start < s.end_char
               and not (start <= s.start_char and s.end_char <= end and s.label_ != "PERSON") for s in spans)


@lexicon_step("kg_public_bodies", requires=["doc.ents"], assigns=["doc.ents", "doc.spans"])
class PublicBodies(GuardedPipe):
    def __init__(self, nlp: Language | None = None, name: str = "kg_public_bodies", *, lexicon_dir: str = "") -> None:
        self.name = name
        directory = lexicon_directory(lexicon_dir)
        self.lexicon: Lexicon = load_lexicon(directory)
        self.grammar = load_grammar(directory)
        # each section by first character: an entry is looked for only among those that can start there
        self._at = {section: by_first_char(entries) for section, entries in self.grammar.items()}
        self._item_bodies = tuple(sorted(self.grammar["body"] + _ITEM_BODIES, key=lambda b: (-len(b), b)))
        self._item_bodies_at = by_first_char(self._item_bodies)
        # the grammar is tried at every character of every article: only where a name can start
        self._level_starts = {level[0] for level in self.grammar["level"]}
        self._starts = self.lexicon.division_starts | self._level_starts | {_PARTY_PREFIX[0]}
        # The division names a place of the grammar may be made of (full names; short forms of
        # provinces and cities) by first character, longest first, worked out once: the grammar asks
        # at a third of all characters, and lexicon.divisions_at weighs each name's homonyms per call.
        by_code = self.lexicon.divisions_by_code
        self._place_names = frozenset(
            name for name, codes in self.lexicon.codes_of_name.items()
            if len(name) >= 2 and codes and (any(by_code[c].name == name for c in codes)
                                             or {by_code[c].level for c in codes} <= {"province", "city"}))
        sizes: dict[str, set[int]] = {}
        for name in self._place_names:
            sizes.setdefault(name[0], set()).add(len(name))
        self._place_sizes = {first: tuple(sorted(s, reverse=True)) for first, s in sizes.items()}
        # a place of the grammar starts with a level or with the first two characters of such a name:
        # match_at is tried there only (see _grammar_starts), most start characters (中, 大, 新 …) are not
        self._place_heads = frozenset(name[:2] for name in self._place_names)
        # what _grammar_starts looks up by code point: pairs of characters as one number (sorted), and
        # tables of the level starts and of the start characters
        self._pair_codes = numpy.array(sorted(_pair_code(p) for p in self._place_heads | {_PARTY_PREFIX}), dtype=numpy.int64)
        self._is_level_start = _code_table(self._level_starts)
        self._is_start = _code_table(self._starts)

    def process(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ents = list(doc_ents(doc))
        # a bare 人大代表 / 政协委员 (a deputy, a member), or one of a village, names people's posts,
        # not a body (全国政协委员 keeps 全国政协)
        deputies = [e for e in ents if e.label_ != "PERSON" and any(
            text.endswith(body, 0, e.end_char) and text.startswith(after, e.end_char)
            and (e.end_char - e.start_char == len(body) or text.endswith(_NO_CONGRESS, 0, e.end_char - len(body))
                 or text.startswith(_DEPUTIES_PLACES, e.end_char))
            for body, afters in _NOT_AFTER.items() for after in afters)]
        ents = [e for e in ents if e not in deputies]
        # the place such a name starts with still tells where the article is (某某镇某村人大代表)
        hints = [char_span(doc, e.start_char, e.end_char - 2, "PLACE") for e in deputies if e.end_char - e.start_char > 3]
        doc.spans[LOCUS_HINTS_GROUP] = [s for s in hints if s is not None]
        found: list[Span] = []
        split_off: dict[int, int] = {}  # entity start -> end of its part before 和
        pos = 0  # the text before is matched already
        for start in self._grammar_starts(text):
            if start < pos:
                continue
            end = self.match_at(text, start)
            span = self._accept(doc, ents, start, end, split_off) if end else None
            if span is not None:
                found.append(span)
                pos = end
        for ent_start, head_end in split_off.items():  # the part before 和 stands alone
            ents = [e for e in ents if e.start_char != ent_start]
            head = text[ent_start:head_end]
            kind = "PLACE" if self.lexicon.place_kind(head) else ""
            span = char_span(doc, ent_start, head_end, kind) if kind else None
            if span is not None:
                ents.append(span)
        found += self._coordinated(doc, text, ents, found)
        found.sort(key=lambda s: s.start)
        if found or deputies:
            keep = [e for e in ents if not any(s.start <= e.start and e.end <= s.end for s in found)]
            set_entities(doc, sorted(keep + found, key=lambda s: s.start))
        doc.spans[PUBLIC_BODIES_GROUP] = found
        return doc

    def _grammar_starts(self, text: str) -> list[int]:
        """The positions, in order, where ``match_at`` can find a name: a start character beginning a
        level, 中共 or the first two characters of a place name. Looked up for all characters at once
        (numpy over code points): a Python step per start character was most of this step's time."""
        if not text:
            return []
        codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32).astype(numpy.int64)
        pairs = (codes[:-1] << 21) | codes[1:]
        found = numpy.searchsorted(self._pair_codes, pairs)
        found[found == len(self._pair_codes)] = 0
        at = self._is_level_start[codes]
        at[:-1] |= self._pair_codes[found] == pairs
        at &= self._is_start[codes]
        return numpy.flatnonzero(at).tolist()

    # -- coordination --------------------------------------------------------------------------
    def _coordinated(self, doc: Doc, text: str, ents: list[Span], found: list[Span]) -> list[Span]:
        """Bodies printed once for several places or several bodies printed once for one place:
        某某县、某某县、某某县总工会 (three unions), 县委、政府、人大、政协 (four bodies of the county)."""
        out: list[Span] = []
        words: set[tuple[int, int]] | None = None  # LAC's word bounds, built when an item needs them

        def is_word(start: int, end: int) -> bool:
            nonlocal words
            if words is None:
                words = {(s, e) for _, _, s, e in doc._.lac or []}
            return (start, end) in words

        item_bodies = self._item_bodies
        heads = [(s, self._head_of(text, s, item_bodies)) for s in found + [e for e in ents if e.label_ in ("ORG", "UNION")]]
        for span, head in sorted(heads, key=lambda sh: sh[0].start_char):
            # 县委、政府、人大 / 某某街道党工委书记甲、总工会主席乙: the bodies listed after a body of a
            # place, bare or before their titles, are that place's
            pos = span.end_char
            while head:
                nxt = self._next_item(text, pos)
                if nxt is None:
                    break
                body = _first_at(text, nxt, self._item_bodies_at)
                end = nxt + len(body)
                whole = end == len(text) or _ends_item(text, end) or is_word(nxt, end) \
                    or bool(self.lexicon.title_at(text, end))
                if not body or not whole or _overlaps(ents + found, nxt, end) \
                        or any(s.start_char < end and nxt < s.end_char for s in out):
                    break
                item = char_span(doc, nxt, end, "UNION" if body.endswith("工会") else "ORG")
                if item is None:
                    break
                set_span_name(doc, nxt, end, head + body)
                out.append(item)
                pos = end
        for ent in ents:  # 某某县、某某县、某某县总工会: the name's ending goes to every place listed
            if ent.label_ not in ("ORG", "UNION"):
                continue
            name = text[ent.start_char:ent.end_char]
            size = self._division_at(name, 0)
            if not size or size == len(name):
                continue
            ending, level = name[size:], name[size - 1]
            pos = ent.start_char
            while pos > 0 and text[pos - 1] == "、":
                place = self._division_before(text, pos - 1, level)
                if not place:
                    break
                start = pos - 1 - len(place)
                if any(e.start_char < pos - 1 and start < e.end_char and e.label_ != "PLACE" for e in ents):
                    break
                if any(s.start_char < pos - 1 and start < s.end_char for s in found + out):
                    break
                item = char_span(doc, start, pos - 1, ent.label_)
                if item is None:
                    break
                set_span_name(doc, start, pos - 1, place + ending)
                out.append(item)
                pos = start
        return out

    def _head_of(self, text: str, span: Span, bodies: tuple[str, ...]) -> str:
        """The place a body's name is headed by (某某县委 -> 某某县, 县委 -> 县, 某某街道党工委 -> 某某街道)."""
        name = text[span.start_char:span.end_char]
        name = name[len(_PARTY_PREFIX):] if name.startswith(_PARTY_PREFIX) else name
        body = next((b for b in bodies if name.endswith(b)), "")
        head = name[:len(name) - len(body)] if body else ""
        return head if head.endswith(tuple(self.grammar["level"])) else ""

    def _next_item(self, text: str, pos: int) -> int | None:
        """Start of the next item of a list after a body at ``pos`` (its titles and a name may come
        first: 书记甲、总工会…), or None at the end of the list."""
        limit = min(len(text), pos + 16)
        for i in range(pos, limit):
            if text[i] == "、":
                return i + 1
            if text[i] in "，。；：！？\n":
                return None
        return None

    def _division_before(self, text: str, end: int, level: str) -> str:
        """The full division name of ``level`` (its last character) that ends at ``end``, or ""."""
        for size in range(min(10, end), 1, -1):
            name = text[end - size:end]
            if name.endswith(level) and name in self.lexicon.divisions:
                return name
        return ""

    def _accept(self, doc: Doc, ents: list[Span], start: int, end: int, split_off: dict[int, int]) -> Span | None:
        for e in ents:
            if e.start_char < end and start < e.end_char:
                inside = start <= e.start_char and e.end_char <= end
                if inside and e.label_ != "PERSON":
                    continue
                if e.label_ != "PERSON" and e.end_char == end and e.start_char < start - 1 \
                        and doc_text(doc)[start - 1] in _CONJUNCTIONS:
                    # 某某镇和县国土资源局: two bodies the tagger ran together over 和
                    split_off[e.start_char] = start - 1
                    continue
                return None
        return char_span(doc, start, end, "ORG")

    # -- the grammar ---------------------------------------------------------------------------
    def match_at(self, text: str, pos: int) -> int:
        """End of a public body's name starting at ``pos``, or 0."""
        if text[pos] not in self._starts:
            return 0
        start = pos
        if text.startswith(_PARTY_PREFIX, pos):
            pos += len(_PARTY_PREFIX)
        place_end = self._place(text, pos)
        if not place_end:
            return 0
        if place_end == pos + 0:
            return 0
        bare = not self._division_at(text, pos)
        if bare and start == pos and pos > 0 and text[pos - 1] in _WORD_BEFORE_LEVEL:
            return 0
        g = self._at
        body = _first_at(text, place_end, g["body"])
        if body:
            if any(text.startswith(w, place_end + len(body)) for w in _NOT_AFTER.get(body, ())):
                return 0
            end = place_end + len(body)
            department = _first_at(text, end, g["department"])
            return end + len(department)
        organ = _first_at(text, place_end, g.get("organ", {}))
        if organ:
            return place_end + len(organ)
        bureau = _first_at(text, place_end, g["bureau"])
        if bureau:
            ending = _first_at(text, place_end + len(bureau), g["ending"])
            if ending:
                return place_end + len(bureau) + len(ending)
        return 0

    def _place(self, text: str, pos: int) -> int:
        """End of the place at ``pos``: a chain of divisions, else one bare level; 0 when none."""
        end = pos
        while True:
            size = self._division_at(text, end)
            if not size:
                break
            end += size
        if end > pos:
            return end
        level = _first_at(text, pos, self._at["level"]) if pos < len(text) and text[pos] in self._level_starts else ""
        return pos + len(level) if level else 0

    def _division_at(self, text: str, pos: int) -> int:
        """Length of the division at ``text[pos]``: a full name, or a province's or city's short form."""
        for size in self._place_sizes.get(text[pos:pos + 1], ()):
            name = text[pos:pos + size]
            if len(name) == size and name in self._place_names:
                return size
        return 0


def canonical_body_name(name: str, lexicon: Lexicon) -> str:
    """One name per public body headed by a division: 中共某某市委 -> 某某市委, 某某区区委 -> 某某区委.
    (某某市政府 and 某某市人民政府 stay as printed; resolution takes them for one body.)"""
    rest = name[len(_PARTY_PREFIX):] if name.startswith(_PARTY_PREFIX) else name
    for size in range(min(10, len(rest) - 1), 1, -1):
        place = rest[:size]
        division = lexicon.divisions.get(place)
        if division is None:
            continue
        body = rest[size:]
        level = place[-1]
        if body.startswith(level + "委") or body.startswith(level + "政府"):
            body = body[1:]  # 某某区 + 区委: the level printed twice
        if name.startswith(_PARTY_PREFIX) and not body.startswith("委"):
            return name  # 中共某某市纪委 … keeps its printed form unless it is the committee itself
        return place + body
    return name
