"""Repairs that split LAC's words: a bracket, a connective, a title or a second body glued to a name."""
from __future__ import annotations

import re
from functools import lru_cache

from unionkg.pipelines.nlp.lexicon import MEMO_SIZE, Lexicon
from unionkg.pipelines.nlp.rules.vocabulary import Vocabulary
from unionkg.pipelines.nlp.rules.words import BRACKETS, CJK, Word

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

    def _split_brackets(self, words: list[Word]) -> list[Word]:
        """Brackets LAC glued to a name (``）有限公司北京分公司``) become words of their own."""
        out: list[Word] = []
        brackets = BRACKETS
        for w in words:
            text, start = w.text, w.start
            if len(text) < 2 or not (text[0] in brackets or text[-1] in brackets):
                out.append(w)
                continue
            while text and text[0] in brackets:
                out.append(Word(text[0], "w", start, start + 1))
                text, start = text[1:], start + 1
            tail = []
            while text and text[-1] in brackets:
                tail.insert(0, Word(text[-1], "w", start + len(text) - 1, start + len(text)))
                text = text[:-1]
            if text:
                tag = w.tag if w.tag != "w" else ("n" if self.lexicon.org_suffix("X" + text)[0] else "x")
                out.append(Word(text, tag, start, start + len(text)))
            out.extend(tail)
        return out

    def _split_street_heads(self, words: list[Word]) -> list[Word]:
        """A street or community with a short sub-place glued on (``某某街道某院``) is the place;
        the tail is no body of its own, so it must not make the whole an organization."""
        out: list[Word] = []
        for w in words:
            m = _STREET_HEAD.match(w.text) if w.tag == "LOC" else None
            if m and not self.lexicon.org_suffix(w.text)[0][1:] \
                    and not any(sfx.startswith(m.group("tail")) for sfx, _ in self.lexicon.org_suffixes):
                # only a one-character ending (院, 局), and no ending begun (某某社区联合 + 工会)
                cut = w.start + m.end("place")
                out.append(Word(m.group("place"), "LOC", w.start, cut))
                out.append(Word(m.group("tail"), "x", cut, w.end))
                continue
            out.append(w)
        return out

    def _split_inner_endings(self, words: list[Word]) -> list[Word]:
        """A word right after a body that runs past a business's ending (``建设发展公司某某团``):
        cut after the ending, so the subsidiary's name can end there."""
        out: list[Word] = []
        for w in words:
            if w.tag not in ("n", "vn", "nz") or not out or out[-1].tag != "ORG" or out[-1].end != w.start:
                out.append(w)
                continue
            for cut in range(len(w.text) - 2, 1, -1):
                suffix, kind = self.lexicon.org_suffix(w.text[:cut])
                if kind == "COMPANY" and len(suffix) >= 2:
                    out.extend(w.split(cut, "n", "x"))
                    break
            else:
                out.append(w)
        return out

    def _split_body_titles(self, words: list[Word]) -> list[Word]:
        """A body's ending glued to a title (``市委书记`` -> 市委 + 书记), so the body can be named."""
        out: list[Word] = []
        for w in words:
            if len(w.text) < 3:  # too short for a body and a title
                out.append(w)
                continue
            if w.tag in ("n", "nz"):
                for size in range(min(self.lexicon.longest_title, len(w.text)), 0, -1):
                    head = w.text[:-size]
                    if w.text[-size:] in self.lexicon.title_set and self.lexicon.suffix_kind.get(head) in ("ORG", "UNION"):
                        # the body is a name (区委 of 区委常委 is the district's committee, a short form)
                        out.extend(w.split(len(head), "ORG", "n"))
                        break
                else:
                    out.append(w)
                continue
            if w.tag == "ORG" and len(w.text) >= 5:
                # 某某区委书记 as one name (a headline): the body, then its title
                title = self.lexicon.title_ending(w.text, shortest=2)
                head = w.text[: -len(title)] if title else ""
                if len(head) >= 3 and self.lexicon.org_suffix(head)[1] in ("ORG", "UNION"):
                    out.extend(w.split(len(head), "ORG", "n"))
                    continue
            if w.tag in ("v", "vn") and len(w.text) >= 5:
                # 调研 + 区总工会 as one word (a headline): a verb, then a body's short form
                for cut in range(2, len(w.text) - 2):
                    rest = w.text[cut:]
                    if rest[0] in "市区县" and self.lexicon.org_suffix(rest)[1] in ("ORG", "UNION") \
                            and len(rest) > len(self.lexicon.org_suffix(rest)[0]):
                        out.extend(w.split(cut, "v", "ORG"))
                        break
                else:
                    out.append(w)
                continue
            out.append(w)
        return out

    def _split_joined_bodies(self, words: list[Word]) -> list[Word]:
        out: list[Word] = []
        for w in words:
            if w.tag not in ("ORG", "LOC"):
                out.append(w)
                continue
            pieces = self._joined_pieces(w.text, w.tag, w.end - w.start)
            if len(pieces) == 1 and pieces[0] == (w.text, w.tag, 0, w.end - w.start):
                out.append(w)  # (the usual case: the word stays)
            else:
                out.extend(Word(text, tag, w.start + start, w.start + end) for text, tag, start, end in pieces)
        return out

    def _find_joined_pieces(self, text: str, tag: str, length: int) -> tuple[tuple[str, str, int, int], ...]:
        """``_split_joined_words`` of one word, as (text, tag, start, end) from the word's start: the
        pieces depend on the word's text and tag only."""
        return tuple((p.text, p.tag, p.start, p.end) for p in self._split_joined_words([Word(text, tag, 0, length)]))

    def _split_joined_words(self, words: list[Word]) -> list[Word]:
        """What _split_joined_bodies does, worked out word by word."""
        out: list[Word] = []
        for w in words:
            if w.tag not in ("ORG", "LOC"):
                out.append(w)
                continue
            lead = next((c for c in self.vocab.leading_connectives if w.text.startswith(c)), "") \
                if w.text.startswith(self.vocab.leading_connectives) else ""  # (one test first: most words have none)
            if lead:
                # 联合 + 区民政局: a connective LAC took as (the head of) a name
                rest = w.text[len(lead):]
                suffix = self.lexicon.org_suffix(rest)[0]
                if not rest:
                    out.append(Word(w.text, "c", w.start, w.end))
                    continue
                if suffix and len(rest) - len(suffix) >= 2:
                    out.append(Word(lead, "c", w.start, w.start + len(lead)))
                    out.append(Word(rest, w.tag, w.start + len(lead), w.end))
                    continue
            trail = next((c for c in self.vocab.leading_connectives if w.text.endswith(c)), "") \
                if w.text.endswith(self.vocab.leading_connectives) else ""
            body = w.text[: len(w.text) - len(trail)]
            if trail and self.lexicon.org_suffix(body)[0] and len(body) > len(self.lexicon.org_suffix(body)[0]):
                # 某某市总工会联合 + 市人社局: the connective after a body LAC took into its name
                out.append(Word(body, w.tag, w.start, w.start + len(body)))
                out.append(Word(trail, "c", w.start + len(body), w.end))
                continue
            cut = w.text.find("部") + 1
            if w.tag == "ORG" and cut >= 3 and w.text.endswith("司") and not w.text.endswith("公司") \
                    and len(w.text) - cut >= 3:
                # 财政部社会保障司: a ministry and its department; the department goes with the title
                out.extend(w.split(cut, "ORG", "n"))
                continue
            peeled = self._peel_national_short_names(w)
            if peeled:
                # 人社部全总市场监管总局 (a headline listing bodies with no 、): one body after another
                out.extend(peeled)
                continue
            ministry = next((m for m in self.vocab.state_ministries if w.text.endswith(m) and len(w.text) > len(m)), "") \
                if w.text.endswith(self.vocab.state_ministries) else ""
            head = w.text[: len(w.text) - len(ministry)]
            if ministry and (head in ("全总",) or head.endswith("总工会")):
                # 全总人社部 (a headline without its 、): a union and a ministry, not the union's department
                out.extend(w.split(len(head), "ORG", "ORG"))
                continue
            pieces = [w]
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
                        pieces = [
                            Word(head, "ORG", s, s + p),
                            Word(conn, "c", s + p, s + p + len(conn)),
                            Word(rest, "ORG", s + p + len(conn), w.end),
                        ]
                        break
                rest = w.text[p:]
                if len(pieces) == 1 and rest[0] in "市区县省" and 2 < len(rest) <= 5 \
                        and self.lexicon.org_suffix(rest)[1] == "ORG" and self.lexicon.org_suffix(head)[1] == "ORG":
                    pieces = [Word(head, "ORG", w.start, w.start + p), Word(rest, "ORG", w.start + p, w.end)]
                if len(pieces) > 1:
                    break
            out.extend(pieces)
        return out

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

    def _unglue(self, text: str, words: list[Word]) -> list[Word]:
        out: list[Word] = []
        for i, w in enumerate(words):
            nxt = text[w.end:w.end + 1]
            last = w.text[-1:]
            if w.tag == "ORG" and len(w.text) > 3 and last in self.vocab.glued and nxt and nxt in self.vocab.glued[last] \
                    and self.lexicon.org_suffix(w.text[:-1])[0]:
                out.append(Word(w.text[:-1], w.tag, w.start, w.end - 1))
                out.append(Word(last, "u", w.end - 1, w.end))
            else:
                out.append(w)
        return out

    def _split_place_compounds(self, words: list[Word]) -> list[Word]:
        out: list[Word] = []
        for w in words:
            if w.tag == "LOC" and not self.lexicon.is_known_place(w.text):
                parts, head = self._place_split(w.text)
                if parts and len(parts) > 1:
                    pos = w.start
                    for part in parts:
                        out.append(Word(part, "LOC", pos, pos + len(part)))
                        pos += len(part)
                    continue
                rest = w.text[len(head):]
                if head and 2 <= len(rest) <= 3 and CJK.match(rest) and rest[-1] not in self.vocab.feature_ends:
                    # 深圳前海: a known city and a quarter of it no table lists; the city is the place
                    out.extend(w.split(len(head), "LOC", "n"))
                    continue
            out.append(w)
        return out

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
