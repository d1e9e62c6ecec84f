"""Repairs that split LAC's words: a bracket, a connective, a title or a second body glued to a name.

Each repair is a step of ``rewrite`` (``words.py``), like the joins: it looks at one word, with the
words rewritten before it, and appends the pieces it cuts the word into.
"""
from __future__ import annotations

import re
from functools import lru_cache

from unionkg.pipelines.nlp.lexicon import MEMO_SIZE, Lexicon
from unionkg.pipelines.nlp.rules.vocabulary import Vocabulary
from unionkg.pipelines.nlp.rules.words import BRACKETS, CJK, Word, acts_on

# A street-level place and a short tail LAC glued to it in one LOC word: 某某街道 + 某院.
_STREET_HEAD = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,}?(?:街道|社区))(?P<tail>[\u4e00-\u9fff]{1,2})$")


class SplitRepairs:
    """Repairs that cut one of LAC's words into several (mixed into ``EntityRules``)."""

    lexicon: Lexicon
    vocab: Vocabulary

    def _remember_splits(self) -> None:
        """Answers that depend on a word alone, remembered (words recur)."""
        self._place_split = lru_cache(maxsize=MEMO_SIZE)(self._find_place_split)
        self._joined_pieces = lru_cache(maxsize=MEMO_SIZE)(self._find_joined_pieces)

    def _brackets_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """Brackets LAC glued to a name (``）有限公司北京分公司``) become words of their own."""
        w = words[i]
        chars, start = w.text, w.start
        if len(chars) < 2 or not (chars[0] in BRACKETS or chars[-1] in BRACKETS):
            return 0
        while chars and chars[0] in BRACKETS:
            out.append(Word(chars[0], "w", start, start + 1))
            chars, start = chars[1:], start + 1
        tail = []
        while chars and chars[-1] in BRACKETS:
            tail.insert(0, Word(chars[-1], "w", start + len(chars) - 1, start + len(chars)))
            chars = chars[:-1]
        if chars:
            tag = w.tag if w.tag != "w" else ("n" if self.lexicon.org_suffix("X" + chars)[0] else "x")
            out.append(Word(chars, tag, start, start + len(chars)))
        out.extend(tail)
        return 1

    @acts_on("LOC")
    def _street_head_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """A street or community with a short sub-place glued on (``某某街道某院``) is the place;
        the tail is no body of its own, so it must not make the whole an organization."""
        w = words[i]
        m = _STREET_HEAD.match(w.text) if w.tag == "LOC" else None
        if not m or self.lexicon.org_suffix(w.text)[0][1:] \
                or any(sfx.startswith(m.group("tail")) for sfx, _ in self.lexicon.org_suffixes):
            return 0  # only a one-character ending (院, 局), and no ending begun (某某社区联合 + 工会)
        cut = w.start + m.end("place")
        out.append(Word(m.group("place"), "LOC", w.start, cut))
        out.append(Word(m.group("tail"), "x", cut, w.end))
        return 1

    @acts_on("n", "vn", "nz")
    def _inner_ending_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """A word right after a body that runs past a business's ending (``建设发展公司某某团``):
        cut after the ending, so the subsidiary's name can end there."""
        w = words[i]
        if w.tag not in ("n", "vn", "nz") or not out or out[-1].tag != "ORG" or out[-1].end != w.start:
            return 0
        for cut in range(len(w.text) - 2, 1, -1):
            suffix, kind = self.lexicon.org_suffix(w.text[:cut])
            if kind == "COMPANY" and len(suffix) >= 2:
                out.extend(w.split(cut, "n", "x"))
                return 1
        return 0

    @acts_on("n", "nz", "ORG", "v", "vn")
    def _body_title_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """A body's ending glued to a title (``市委书记`` -> 市委 + 书记), so the body can be named."""
        w = words[i]
        cut, tags = self._body_title_cut(w) if len(w.text) >= 3 else (0, ())  # shorter: no body and title
        if not cut:
            return 0
        out.extend(w.split(cut, *tags))
        return 1

    def _body_title_cut(self, w: Word) -> tuple[int, tuple[str, str]]:
        """Where ``w`` (three characters or more) parts into a body and a title, with the parts' tags."""
        if w.tag in ("n", "nz"):
            for size in range(min(self.lexicon.longest_title, len(w.text)), 0, -1):
                head = w.text[:-size]
                if w.text[-size:] in self.lexicon.title_set and self.lexicon.suffix_kind.get(head) in ("ORG", "UNION"):
                    # the body is a name (区委 of 区委常委 is the district's committee, a short form)
                    return len(head), ("ORG", "n")
            return 0, ()
        if w.tag == "ORG" and len(w.text) >= 5:
            # 某某区委书记 as one name (a headline): the body, then its title
            title = self.lexicon.title_ending(w.text, shortest=2)
            head = w.text[: -len(title)] if title else ""
            if len(head) >= 3 and self.lexicon.org_suffix(head)[1] in ("ORG", "UNION"):
                return len(head), ("ORG", "n")
        if w.tag in ("v", "vn") and len(w.text) >= 5:
            # 调研 + 区总工会 as one word (a headline): a verb, then a body's short form
            for cut in range(2, len(w.text) - 2):
                rest = w.text[cut:]
                if rest[0] in "市区县" and self.lexicon.org_suffix(rest)[1] in ("ORG", "UNION") \
                        and len(rest) > len(self.lexicon.org_suffix(rest)[0]):
                    return cut, ("v", "ORG")
        return 0, ()

    @acts_on("ORG", "LOC")
    def _joined_bodies_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """Two bodies, or a body and a connective, LAC read as one word (see ``_joined_word_pieces``)."""
        w = words[i]
        if w.tag not in ("ORG", "LOC"):
            return 0
        pieces = self._joined_pieces(w.text, w.tag, w.end - w.start)
        if len(pieces) == 1 and pieces[0] == (w.text, w.tag, 0, w.end - w.start):
            return 0  # (the usual case: the word stays)
        out.extend(Word(chars, tag, w.start + start, w.start + end) for chars, tag, start, end in pieces)
        return 1

    def _find_joined_pieces(self, text: str, tag: str, length: int) -> tuple[tuple[str, str, int, int], ...]:
        """``_joined_word_pieces`` of one word, as (text, tag, start, end) from the word's start: the
        pieces depend on the word's text and tag only."""
        return tuple((p.text, p.tag, p.start, p.end) for p in self._joined_word_pieces(Word(text, tag, 0, length)))

    def _joined_word_pieces(self, w: Word) -> list[Word]:
        """An ORG or LOC word as the bodies and connectives it is made of (itself alone when one)."""
        lead = next((c for c in self.vocab.leading_connectives if w.text.startswith(c)), "") \
            if w.text.startswith(self.vocab.leading_connectives) else ""  # (one test first: most words have none)
        if lead:
            # 联合 + 区民政局: a connective LAC took as (the head of) a name
            rest = w.text[len(lead):]
            suffix = self.lexicon.org_suffix(rest)[0]
            if not rest:
                return [Word(w.text, "c", w.start, w.end)]
            if suffix and len(rest) - len(suffix) >= 2:
                return [Word(lead, "c", w.start, w.start + len(lead)), Word(rest, w.tag, w.start + len(lead), w.end)]
        trail = next((c for c in self.vocab.leading_connectives if w.text.endswith(c)), "") \
            if w.text.endswith(self.vocab.leading_connectives) else ""
        body = w.text[: len(w.text) - len(trail)]
        if trail and self.lexicon.org_suffix(body)[0] and len(body) > len(self.lexicon.org_suffix(body)[0]):
            # 某某市总工会联合 + 市人社局: the connective after a body LAC took into its name
            return [Word(body, w.tag, w.start, w.start + len(body)), Word(trail, "c", w.start + len(body), w.end)]
        cut = w.text.find("部") + 1
        if w.tag == "ORG" and cut >= 3 and w.text.endswith("司") and not w.text.endswith("公司") \
                and len(w.text) - cut >= 3:
            # 财政部社会保障司: a ministry and its department; the department goes with the title
            return list(w.split(cut, "ORG", "n"))
        peeled = self._peel_national_short_names(w)
        if peeled:
            # 人社部全总市场监管总局 (a headline listing bodies with no 、): one body after another
            return peeled
        ministry = next((m for m in self.vocab.state_ministries if w.text.endswith(m) and len(w.text) > len(m)), "") \
            if w.text.endswith(self.vocab.state_ministries) else ""
        head = w.text[: len(w.text) - len(ministry)]
        if ministry and (head in ("全总",) or head.endswith("总工会")):
            # 全总人社部 (a headline without its 、): a union and a ministry, not the union's department
            return list(w.split(len(head), "ORG", "ORG"))
        return self._connected_bodies(w)

    def _connected_bodies(self, w: Word) -> list[Word]:
        """``X总工会联合Y局`` -> X总工会 + 联合 + Y局; ``X局区Y局`` -> X局 + 区Y局; else ``[w]``."""
        for p in range(2, len(w.text) - 2):
            head = w.text[:p]
            if not self.lexicon.org_suffix(head)[0]:
                continue
            for conn in self.vocab.connectives:
                rest = w.text[p + len(conn):]
                rest_suffix = self.lexicon.org_suffix(rest)[0]
                if w.text.startswith(conn, p) and rest_suffix \
                        and (len(rest) - len(rest_suffix) >= 2 or rest[0] in "市区县省镇乡" and len(rest) > len(rest_suffix)):
                    s = w.start
                    return [
                        Word(head, "ORG", s, s + p),
                        Word(conn, "c", s + p, s + p + len(conn)),
                        Word(rest, "ORG", s + p + len(conn), w.end),
                    ]
            rest = w.text[p:]
            if rest[0] in "市区县省" and 2 < len(rest) <= 5 \
                    and self.lexicon.org_suffix(rest)[1] == "ORG" and self.lexicon.org_suffix(head)[1] == "ORG":
                return [Word(head, "ORG", w.start, w.start + p), Word(rest, "ORG", w.start + p, w.end)]
        return [w]

    def _peel_national_short_names(self, w: Word) -> list[Word]:
        """Split a word that starts with two or more national short names run together (全总, 人社部 …),
        keeping what follows as the head of a further name; [] when there is nothing to split."""
        if not w.text.startswith(self.vocab.national_short_names):
            return []
        pieces: list[Word] = []
        pos = 0
        while True:
            m = next((m for m in self.vocab.national_short_names if w.text.startswith(m, pos)), "")
            if not m:
                break
            pieces.append(Word(m, "ORG", w.start + pos, w.start + pos + len(m)))
            pos += len(m)
        rest = w.text[pos:]
        if len(pieces) < 2:
            return []
        if rest:
            pieces.append(Word(rest, w.tag, w.start + pos, w.end))
        return pieces

    @acts_on("ORG")
    def _glued_end_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """A body that swallowed the next word's first character (``…总工会所`` + ``属``)."""
        w = words[i]
        nxt = text[w.end:w.end + 1]
        last = w.text[-1:]
        if not (w.tag == "ORG" and len(w.text) > 3 and last in self.vocab.glued and nxt and nxt in self.vocab.glued[last]
                and self.lexicon.org_suffix(w.text[:-1])[0]):
            return 0
        out.append(Word(w.text[:-1], w.tag, w.start, w.end - 1))
        out.append(Word(last, "u", w.end - 1, w.end))
        return 1

    @acts_on("LOC")
    def _place_compound_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """Known places run together (``云南昆明`` -> 云南 + 昆明), or a known city and a quarter of it."""
        w = words[i]
        if w.tag != "LOC" or self.lexicon.is_known_place(w.text):
            return 0
        parts, head = self._place_split(w.text)
        if parts and len(parts) > 1:
            pos = w.start
            for part in parts:
                out.append(Word(part, "LOC", pos, pos + len(part)))
                pos += len(part)
            return 1
        rest = w.text[len(head):]
        if head and 2 <= len(rest) <= 3 and CJK.match(rest) and rest[-1] not in self.vocab.feature_ends:
            # 深圳前海: a known city and a quarter of it no table lists; the city is the place
            out.extend(w.split(len(head), "LOC", "n"))
            return 1
        return 0

    def _find_place_split(self, text: str) -> tuple[list[str] | None, str]:
        """``_place_split(text)`` (remembered): ``(segment_places(text), _city_at_head(text))``."""
        return self.segment_places(text), self._city_at_head(text)

    def _city_at_head(self, text: str) -> str:
        for size in range(min(len(text) - 2, 6), 1, -1):
            if self.lexicon.place_kind(text[:size]) in ("province", "city"):
                return text[:size]
        return ""

    def segment_places(self, text: str) -> list[str] | None:
        """``云南昆明`` -> [云南, 昆明] when the whole is a sequence of known places."""
        if not text:
            return []
        for size in range(min(len(text), 8), 1, -1):
            head = text[:size]
            if self.lexicon.is_known_place(head):
                rest = self.segment_places(text[size:])
                if rest is not None:
                    return [head] + rest
        return None
